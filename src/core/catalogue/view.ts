/**
 * A data-only view of the catalogue, for readers that show controls without running them (the
 * editor's hovers, tree, code actions and report): every field of a control but its detectors,
 * with the input kinds those detectors read. Plain data, so a bundle can hold it as a literal
 * (see view-data.ts); the lookups follow `controlById`, `modifierWord` and `provisionLabel`.
 */
import type { InputKind } from '../model';
import type { ControlDef } from './types';

export type ControlInfo = Omit<ControlDef, 'detectors'> & {
  /** Input kinds the control's detectors read, in the order of its detectors (none: evidence only). */
  detectorKinds: InputKind[];
};

/** Everything the view holds (view-data.ts computes it from the catalogue). */
export interface CatalogueView {
  /** Every control, sorted by id (as CONTROLS). */
  controls: ControlInfo[];
  /** `modifierWord` of every modifier. */
  modifierWords: Record<string, string>;
  /** `provisionLabel` of every provision. */
  provisionLabels: Record<string, string>;
}

export function controlInfoOf(c: ControlDef): ControlInfo {
  const { detectors, ...data } = c;
  return { ...data, detectorKinds: [...new Set(detectors.map((d) => d.kind))] };
}

export interface ControlLookup {
  controls: readonly ControlInfo[];
  /** A control by id or by one of its older ids (aliases); ids are matched case-insensitively. */
  controlById(id: string): ControlInfo | undefined;
  /** Plain word of a modifier id (`dataSensitivity` → `data sensitivity`); unknown ids as given. */
  modifierWord(m: string): string;
  /** `5.2.2-1 (UK 6.1)`; unknown ids as given. */
  provisionLabel(id: string): string;
}

export function catalogueLookup(view: CatalogueView): ControlLookup {
  const byId = new Map<string, ControlInfo>();
  for (const c of view.controls) byId.set(c.id, c);
  for (const c of view.controls) for (const alias of c.aliases ?? []) if (!byId.has(alias)) byId.set(alias, c);
  return {
    controls: view.controls,
    controlById: (id) => byId.get(id.trim().toUpperCase()),
    modifierWord: (m) => (Object.hasOwn(view.modifierWords, m) ? view.modifierWords[m] : m),
    provisionLabel: (id) => (Object.hasOwn(view.provisionLabels, id) ? view.provisionLabels[id] : id),
  };
}

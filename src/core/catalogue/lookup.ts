/** Cross-references between controls and provisions. */
import { STAKEHOLDERS, type Stakeholder } from '../model';
import { CONTROLS } from './controls/index';
import { provisionById } from './provisions';
import type { ControlDef } from './types';

/** Controls that cite a provision (EN designator), sorted by id. */
export function controlsCiting(provisionId: string): ControlDef[] {
  return CONTROLS.filter((c) => c.provisions.includes(provisionId));
}

/** Who must act for a control: the union of the stakeholders of its provisions, in a fixed order. */
export function controlStakeholders(control: ControlDef): Stakeholder[] {
  const set = new Set<Stakeholder>();
  for (const id of control.provisions) for (const s of provisionById(id)?.stakeholders ?? []) set.add(s);
  return STAKEHOLDERS.filter((s) => set.has(s));
}

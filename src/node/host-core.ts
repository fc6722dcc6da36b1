/**
 * The parts of the analysis core the extension host holds from activation on: the catalogue's
 * data-only view (controls without detectors), provisions, tiers, and the ignore rules. The core's
 * public face (src/core/index.ts) loads the whole engine — parsers, detectors, zod, yaml,
 * tree-sitter — which the host runs in a worker thread and loads itself only on first need
 * (src/node/host-engine.ts, the in-process fallback of src/node/project-session.ts).
 */
import { CATALOGUE_VIEW } from '../core/catalogue/view-data';
import { catalogueLookup } from '../core/catalogue/view';

export type { ControlInfo } from '../core/catalogue/view';
export { provisionById } from '../core/catalogue/provisions';
export { compareTiers, zoneOf } from '../core/catalogue/tiers';
export { MODIFIERS, TIERS } from '../core/model';
export { ignoreRules } from '../core/ignore';

const lookup = catalogueLookup(CATALOGUE_VIEW);

/** Every control (data only), sorted by id. */
export const CONTROL_INFO = lookup.controls;
/** A control's data by id or alias, as `controlById` finds it. */
export const controlInfo = lookup.controlById;
export const modifierWord = lookup.modifierWord;
export const provisionLabel = lookup.provisionLabel;

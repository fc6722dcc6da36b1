/**
 * The catalogue's data-only view (view.ts), computed from the catalogue itself. The extension
 * host's bundle does not run this module: esbuild.mjs evaluates it at build time and bundles
 * its value as a literal, so the host holds every control's metadata without the detectors
 * (and the parsers, fix builders and libraries they pull in). Everywhere else it runs as is.
 */
import { modifierWord, provisionLabel } from '../evaluate';
import { MODIFIERS } from '../model';
import { CONTROLS } from './controls/index';
import { PROVISIONS } from './provisions';
import { controlInfoOf, type CatalogueView } from './view';

export const CATALOGUE_VIEW: CatalogueView = {
  controls: CONTROLS.map(controlInfoOf),
  modifierWords: Object.fromEntries(MODIFIERS.map((m) => [m, modifierWord(m)])),
  provisionLabels: Object.fromEntries(PROVISIONS.map((p) => [p.id, provisionLabel(p.id)])),
};

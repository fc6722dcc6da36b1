/**
 * What the extension host takes from the analysis core only on first need: the report
 * formatters (export commands), the explain pages, the register edits (yaml, minimatch). The
 * host's bundle does not hold this module: esbuild.mjs makes its `require` load
 * dist/project-worker.js, the engine bundle, which exports it (src/node/project-worker.ts).
 */
import { isMap, isScalar, isSeq, YAMLSeq } from 'yaml';

export { explainControl } from '../core/catalogue/explain';
export { parseYamlDocument } from '../core/parse/yaml-util';
export { REGISTER_FILE } from '../core/register/schema';
export { toCsv } from '../core/report/csv';
export { toHtml } from '../core/report/html';
export { toJsonReport } from '../core/report/json';
export { toMarkdown } from '../core/report/markdown';
export { toSarifText } from '../core/report/sarif';
export { minimatch } from 'minimatch';
/** The parts of yaml the register edits use, from the copy the core parses with. */
export const yaml = { isMap, isScalar, isSeq, YAMLSeq };

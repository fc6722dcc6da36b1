/**
 * The Salesforce input kind (`sf`): Agentforce metadata in an sfdx project (`force-app/…`).
 * See `read.ts` for the files read and the facts they give.
 */
import type { ParsedFile } from '../../model';
import type { FileContent, InputPlugin, ParseContext } from '../../plugin';
import { mkProblem } from '../power-platform/common';
import { ZERO_RANGE } from '../power-platform/text';
import { classifySfPath, readSfText } from './read';
import { sfGroup, sfModifierSignals, sfTierSignals } from './signals';

export { classifySfPath } from './read';

function parse(file: FileContent, _ctx: ParseContext): ParsedFile {
  const empty: ParsedFile = { file: file.path, kind: 'sf', facts: [], problems: [] };
  const kind = classifySfPath(file.path);
  if (!kind) return empty;
  try {
    const text = file.text ?? (file.bytes ? new TextDecoder('utf-8').decode(file.bytes) : undefined);
    if (text === undefined) return empty;
    const r = readSfText(file.path, text, kind);
    return { file: file.path, kind: 'sf', language: r.language, facts: r.facts, problems: r.problems };
  } catch (e) {
    return { ...empty, problems: [mkProblem(file.path, ZERO_RANGE, 'internal/sf-parse', `The Salesforce reader failed on this file (${e instanceof Error ? e.message : String(e)}).`)] };
  }
}

export const salesforcePlugin: InputPlugin = {
  kind: 'sf',
  title: 'Salesforce Agentforce',
  matches: (path) => classifySfPath(path) !== undefined,
  parse,
  tierSignals: (fact, all) => (fact.provider === 'salesforce' ? sfTierSignals(fact, all) : []),
  modifierSignals: (fact, all) => (fact.provider === 'salesforce' ? sfModifierSignals(fact, all) : []),
  group: (facts, all) => sfGroup(facts, all),
};

/**
 * The Power Platform input kind (`pp`): Power Automate legacy packages, Dataverse solutions
 * (zipped or unpacked with `pac solution unpack`), Copilot Studio agents (solution form and
 * `*.mcs.yml` source form) and DLP policy exports. See README.md beside this file.
 *
 * Files inside a zip are addressed `archive.zip!/inner/path`: the facts of an archive carry
 * that `file` (with real positions inside the inner file), while the archive's own problems
 * (refused, corrupt) carry the archive's path. An adapter that cannot open an inner file
 * shows its diagnostics on the archive (`file.split('!/')[0]`).
 */
import type { Fact, ParsedFile, ParseProblem } from '../../model';
import type { FileContent, InputPlugin, ParseContext } from '../../plugin';
import { entryText, innerPath, listZip, readZip } from '../zip';
import { ProblemSink } from '../code/text';
import { mkProblem } from './common';
import { classifyPath, readPpText } from './read';
import { ppGroup, ppModifierSignals, ppTierSignals } from './signals';
import { ZERO_RANGE } from './text';

export { classifyPath } from './read';

type ExportKind = 'legacy-package' | 'solution' | undefined;

export function exportKindOf(names: readonly string[]): ExportKind {
  const lower = names.map((n) => n.toLowerCase());
  if (lower.includes('manifest.json') && lower.some((n) => n.startsWith('microsoft.flow/'))) return 'legacy-package';
  if (lower.includes('solution.xml') || lower.includes('customizations.xml')) return 'solution';
  return undefined;
}

function parseZip(path: string, bytes: Uint8Array): ParsedFile {
  const result: ParsedFile = { file: path, kind: 'pp', facts: [], problems: [] };
  const sink = new ProblemSink(path, result.problems);
  try {
    return readArchive(path, bytes, result);
  } finally {
    // Each member lists at most MAX_READER_PROBLEMS; the archive as a whole too.
    sink.close();
  }
}

function readArchive(path: string, bytes: Uint8Array, result: ParsedFile): ParsedFile {
  const listing = listZip(path, bytes);
  if (listing.problem) {
    result.problems.push(listing.problem);
    return result;
  }
  const kind = exportKindOf(listing.names);
  if (!kind) return result; // an ordinary zip: not ours, no facts, no problem
  const wanted = (name: string) => {
    const k = classifyPath(innerPath(path, name));
    if (k && k !== 'zip') return true;
    const l = name.toLowerCase();
    return l === 'manifest.json' || l === 'solution.xml' || l === 'customizations.xml' || /\.json\.data\.xml$/.test(l);
  };
  const contents = readZip(path, bytes, wanted);
  result.problems.push(...contents.warnings);
  if (contents.problem) {
    result.problems.push(contents.problem);
    return result;
  }
  const texts = new Map<string, string>();
  for (const [name, data] of contents.files) texts.set(innerPath(path, name), entryText(data));
  const env = { readText: (p: string) => texts.get(p) };
  for (const [inner, text] of texts) {
    const k = classifyPath(inner);
    if (!k || k === 'zip') continue;
    const r = readPpText(inner, text, k, env);
    for (const f of r.facts) {
      f.attributes.archive = path;
      f.attributes.archivePath = inner.slice(path.length + 2);
    }
    result.facts.push(...r.facts);
    result.problems.push(...r.problems);
  }
  return result;
}

function parse(file: FileContent, ctx: ParseContext): ParsedFile {
  const kind = classifyPath(file.path);
  const empty: ParsedFile = { file: file.path, kind: 'pp', facts: [], problems: [] };
  try {
    if (!kind) return empty;
    if (kind === 'zip') {
      if (!file.bytes) {
        empty.problems.push(mkProblem(file.path, ZERO_RANGE, 'parse/zip-no-bytes', 'The archive was given as text, so it could not be opened.', 'info'));
        return empty;
      }
      return parseZip(file.path, file.bytes);
    }
    const text = file.text ?? (file.bytes ? new TextDecoder('utf-8').decode(file.bytes) : undefined);
    if (text === undefined) return empty;
    const r = readPpText(file.path, text, kind, { readText: (p) => ctx.readText(p) });
    return { file: file.path, kind: 'pp', language: r.language, facts: r.facts, problems: r.problems };
  } catch (e) {
    const problem: ParseProblem = mkProblem(file.path, ZERO_RANGE, 'internal/pp-parse', `The Power Platform reader failed on this file (${e instanceof Error ? e.message : String(e)}).`, 'warning');
    return { ...empty, problems: [problem] };
  }
}

export const powerPlatformPlugin: InputPlugin = {
  kind: 'pp',
  title: 'Power Platform and Copilot Studio',
  binary: true,
  matches: (path) => classifyPath(path) !== undefined,
  parse,
  tierSignals: (fact: Fact, all) => (fact.provider === 'powerplatform' ? ppTierSignals(fact, all) : []),
  modifierSignals: (fact: Fact, all) => (fact.provider === 'powerplatform' ? ppModifierSignals(fact, all) : []),
  group: (facts, all) => ppGroup(facts, all),
};

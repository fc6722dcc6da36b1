/**
 * Dispatch: one Power Platform export file (unpacked, or an entry of a zip) → facts.
 * The same code reads both forms; a zip entry's path is `archive.zip!/inner/path`, and its
 * "other files" (the manifest beside a flow, customizations beside a workflow) are looked up
 * inside the same archive.
 */
import type { Fact, ParseProblem } from '../../model';
import { mkProblem, uniqueIds } from './common';
import { readBotConfigurationJson, readBotXml, readCopilotYaml } from './copilot';
import { readDlpPolicy } from './dlp';
import { readFlow } from './flow';
import { type JNode, parseJson, strAt } from './json';
import { type WorkflowRow, readConnectionReferences, readEnvironmentVariable, readSolutionManifest, solutionInfo, workflowRows } from './solution';
import { ProblemSink } from '../code/text';
import { LineIndex, ZERO_RANGE, basename, charRange, dirname, stripBom } from './text';
import { type XElement, parseXml } from './xml';

export type PpFileKind =
  | 'zip'
  | 'legacy-definition'
  | 'solution-manifest'
  | 'customizations'
  | 'workflow'
  | 'workflow-data'
  | 'envvar'
  | 'bot-xml'
  | 'bot-config'
  | 'botcomponent-data'
  | 'mcs'
  | 'dlp';

const GUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';
const SEP = '(?:^|/)'; // a path segment boundary (also after `archive.zip!/`)

const PATTERNS: [PpFileKind, RegExp][] = [
  ['zip', /\.zip$/i],
  ['legacy-definition', new RegExp(`${SEP}Microsoft\\.Flow/flows/[^/]+/definition\\.json$`, 'i')],
  ['solution-manifest', new RegExp(`${SEP}Other/[Ss]olution\\.xml$|\\.zip!/[Ss]olution\\.xml$`)],
  ['customizations', new RegExp(`${SEP}Other/[Cc]ustomizations\\.xml$|\\.zip!/[Cc]ustomizations\\.xml$`)],
  ['workflow', new RegExp(`${SEP}Workflows/[^/]*${GUID}\\.json$`, 'i')],
  // Read by the flow beside it (name, category, state); claimed so the scan holds its text.
  ['workflow-data', new RegExp(`${SEP}Workflows/[^/]*${GUID}\\.json\\.data\\.xml$`, 'i')],
  ['envvar', new RegExp(`${SEP}environmentvariabledefinitions/[^/]+/environmentvariabledefinition\\.xml$`, 'i')],
  ['bot-xml', new RegExp(`${SEP}bots/[^/]+/bot\\.xml$`, 'i')],
  ['bot-config', new RegExp(`${SEP}bots/[^/]+/configuration\\.json$`, 'i')],
  ['botcomponent-data', new RegExp(`${SEP}botcomponents/[^/]+/data$`, 'i')],
  ['mcs', /\.mcs\.ya?ml$/i],
  ['dlp', new RegExp(`${SEP}(?:dlp-?polic(?:y|ies)|dlppolicies)/[^/]+\\.json$|\\.dlp(?:-?policy)?\\.json$`, 'i')],
];

export function classifyPath(path: string): PpFileKind | undefined {
  for (const [k, re] of PATTERNS) if (re.test(path)) return k;
  return undefined;
}

/** Folder that holds a solution (unpacked) or the archive (`x.zip!`), from a member's path. */
function rootBefore(path: string, marker: RegExp): string {
  const m = marker.exec(path);
  if (!m) return dirname(path);
  return path.slice(0, m.index).replace(/\/$/, '');
}

const SOLUTION_MEMBER = /(?:^|\/)(?:Other\/|Workflows\/|environmentvariabledefinitions\/|bots\/|botcomponents\/|solution\.xml$|customizations\.xml$)/i;

export function solutionRoot(path: string): string {
  return rootBefore(path, SOLUTION_MEMBER);
}

function scopeName(prefix: string, root: string): string {
  return `pp:${prefix}:${root === '' ? '.' : root}`;
}

export interface ReadEnv {
  readText(path: string): string | undefined;
}

export interface ReadResult {
  facts: Fact[];
  problems: ParseProblem[];
  language?: string;
}

function jsonOrProblem(file: string, text: string, lines: LineIndex, sink: ProblemSink): JNode | undefined {
  const res = parseJson(text);
  const error = res.error;
  if (error) sink.add(() => mkProblem(file, charRange(lines, error.offset), 'parse/json-syntax', `JSON syntax error: ${error.message}.`, 'error'));
  return res.root;
}

/** XML errors listed per file: the first few; the others are counted (after the first, most follow from it). */
const XML_ERRORS_LISTED = 5;

export function xmlOrProblem(file: string, text: string, lines: LineIndex, sink: ProblemSink): XElement | undefined {
  const res = parseXml(text);
  sink.addSome(res.errors, XML_ERRORS_LISTED, (e) => mkProblem(file, charRange(lines, e.offset), 'parse/xml-syntax', `XML problem: ${e.message}.`, res.root ? 'warning' : 'error'));
  return res.root;
}

function solutionName(root: string, env: ReadEnv): string | undefined {
  for (const p of [`${root ? root + '/' : ''}Other/Solution.xml`, `${root ? root + '/' : ''}solution.xml`]) {
    const t = env.readText(p);
    if (t === undefined) continue;
    const name = memoByText('solution-name', t, (x) => solutionInfo(parseXml(stripBom(x)).root).uniqueName);
    if (name) return name;
  }
  return undefined;
}

/** A solution's workflow rows by lower-cased `JsonFileName` (the first row of each name). */
function rowsByJsonFile(text: string): Map<string, WorkflowRow> {
  const out = new Map<string, WorkflowRow>();
  for (const r of workflowRows(parseXml(stripBom(text)).root)) {
    const k = r.jsonFileName?.toLowerCase();
    if (k && !out.has(k)) out.set(k, r);
  }
  return out;
}

/** Texts remembered per kind by `memoByText`. */
const TEXT_MEMO_SIZE = 4;
const textMemo = new Map<string, Map<string, unknown>>();

/**
 * `make(text)`, remembered for the last few texts of each kind. Every flow of a solution looks
 * itself up in the solution's Solution.xml and customizations.xml (every flow of a package in
 * its manifest.json); parsing them once per flow cost O(flows × size): 1 000 flows 18 s.
 * The values are shared, so callers must not change them.
 */
function memoByText<T>(kind: string, text: string, make: (text: string) => T): T {
  let memo = textMemo.get(kind);
  if (!memo) textMemo.set(kind, (memo = new Map()));
  if (memo.has(text)) return memo.get(text) as T;
  const value = make(text);
  memo.set(text, value);
  if (memo.size > TEXT_MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  return value;
}

export function readPpText(path: string, rawText: string, kind: PpFileKind, env: ReadEnv): ReadResult {
  const text = stripBom(rawText);
  const lines = new LineIndex(text);
  const problems: ParseProblem[] = [];
  const sink = new ProblemSink(path, problems);
  let facts: Fact[] = [];
  let language: string | undefined;
  switch (kind) {
    case 'legacy-definition': {
      language = 'json';
      const root = jsonOrProblem(path, text, lines, sink);
      if (!root) break;
      const pkgRoot = rootBefore(path, /(?:^|\/)Microsoft\.Flow\//i);
      const manifestText = env.readText(`${pkgRoot ? pkgRoot + '/' : ''}manifest.json`);
      const packageName = manifestText ? memoByText('package-name', manifestText, (t) => strAt(parseJson(stripBom(t)).root, 'details', 'displayName')) : undefined;
      facts = readFlow({
        file: path,
        lines,
        root,
        scope: scopeName('package', pkgRoot),
        origin: 'package',
        packageName,
        flowId: basename(dirname(path)),
      });
      break;
    }
    case 'workflow': {
      language = 'json';
      const root = jsonOrProblem(path, text, lines, sink);
      if (!root) break;
      const solRoot = solutionRoot(path);
      const sol = solutionName(solRoot, env);
      let row: ReturnType<typeof workflowRows>[number] | undefined = workflowRows(parseXml(stripBom(env.readText(`${path}.data.xml`) ?? '')).root)[0];
      if (!row) {
        const custText = env.readText(`${solRoot ? solRoot + '/' : ''}customizations.xml`) ?? env.readText(`${solRoot ? solRoot + '/' : ''}Other/Customizations.xml`);
        if (custText) {
          const want = '/' + path.slice(solRoot.length).replace(/^\//, '');
          row = memoByText('workflow-rows', custText, rowsByJsonFile).get(want.toLowerCase());
        }
      }
      const fileName = basename(path).replace(/\.json$/i, '');
      const nameFromFile = fileName.replace(new RegExp(`-?${GUID}$`), '') || fileName;
      const guid = new RegExp(GUID).exec(fileName)?.[0]?.toLowerCase();
      facts = readFlow({
        file: path,
        lines,
        root,
        scope: scopeName('solution', solRoot),
        origin: 'solution',
        solution: sol,
        displayName: row?.name ?? nameFromFile,
        flowId: row?.id ?? guid,
        category: row?.category,
        state: row?.stateCode === undefined ? undefined : row.stateCode === 1 ? 'on' : row.stateCode === 0 ? 'off' : String(row.stateCode),
      });
      break;
    }
    case 'solution-manifest': {
      language = 'xml';
      const root = xmlOrProblem(path, text, lines, sink);
      if (root) facts = readSolutionManifest(root, lines, path, scopeName('solution', solutionRoot(path)));
      break;
    }
    case 'customizations': {
      language = 'xml';
      const root = xmlOrProblem(path, text, lines, sink);
      const solRoot = solutionRoot(path);
      if (root) facts = readConnectionReferences(root, lines, path, scopeName('solution', solRoot), solutionName(solRoot, env));
      break;
    }
    case 'envvar': {
      language = 'xml';
      const root = xmlOrProblem(path, text, lines, sink);
      const solRoot = solutionRoot(path);
      if (root) facts = readEnvironmentVariable(root, lines, path, scopeName('solution', solRoot), solutionName(solRoot, env));
      break;
    }
    case 'bot-xml':
    case 'bot-config': {
      const solRoot = solutionRoot(path);
      const schema = basename(dirname(path));
      const ctx = { file: path, scope: `pp:bot:${solRoot || '.'}:${schema}`, botSchema: schema, solution: solutionName(solRoot, env) };
      if (kind === 'bot-xml') {
        language = 'xml';
        const root = xmlOrProblem(path, text, lines, sink);
        if (root) facts = readBotXml(root, lines, ctx);
      } else {
        language = 'json';
        const root = jsonOrProblem(path, text, lines, sink);
        if (root) facts = readBotConfigurationJson(root, lines, ctx);
      }
      break;
    }
    case 'botcomponent-data': {
      language = 'yaml';
      const solRoot = solutionRoot(path);
      const folder = basename(dirname(path));
      const [schema, type, ...rest] = folder.split('.');
      const ctx = { file: path, scope: `pp:bot:${solRoot || '.'}:${schema}`, botSchema: schema, solution: solutionName(solRoot, env) };
      const r = readCopilotYaml(text, ctx, 'botcomponent-data', { type, name: rest.join('.') || folder });
      facts = r.facts;
      problems.push(...r.problems);
      break;
    }
    case 'mcs': {
      language = 'yaml';
      const dir = dirname(path);
      const agentDir = /(?:^|\/)(actions|topics|knowledge|workflows|trigger|triggers|entities|variables|translations)$/i.test(dir) ? dirname(dir) : dir;
      const settings = env.readText(`${agentDir ? agentDir + '/' : ''}settings.mcs.yml`);
      const schema = settings ? /^schemaName:\s*["']?([^\s"']+)/m.exec(settings)?.[1] : undefined;
      const ctx = { file: path, scope: `pp:agent:${agentDir || '.'}`, botSchema: schema ?? (basename(agentDir) || 'agent') };
      const r = readCopilotYaml(text, ctx, 'mcs');
      facts = r.facts;
      problems.push(...r.problems);
      break;
    }
    case 'dlp': {
      language = 'json';
      const root = jsonOrProblem(path, text, lines, sink);
      if (root) facts = readDlpPolicy(root, lines, path, scopeName('dlp', dirname(path)));
      break;
    }
    case 'workflow-data':
      language = 'xml';
      break;
    case 'zip':
      problems.push(mkProblem(path, ZERO_RANGE, 'internal/pp-dispatch', 'A zip archive reached the text reader.', 'info'));
      break;
  }
  sink.close();
  return { facts: uniqueIds(facts), problems, language };
}

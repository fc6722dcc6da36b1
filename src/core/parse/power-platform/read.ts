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
import { readConnectionReferences, readEnvironmentVariable, readSolutionManifest, solutionInfo, workflowRows } from './solution';
import { LineIndex, ZERO_RANGE, basename, dirname, stripBom } from './text';
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

function jsonOrProblem(file: string, text: string, lines: LineIndex, problems: ParseProblem[]): JNode | undefined {
  const res = parseJson(text);
  if (res.error) {
    const p = lines.position(res.error.offset);
    problems.push(mkProblem(file, { start: p, end: { line: p.line, character: p.character + 1 } }, 'parse/json-syntax', `JSON syntax error: ${res.error.message}.`, 'error'));
  }
  return res.root;
}

function xmlOrProblem(file: string, text: string, lines: LineIndex, problems: ParseProblem[]): XElement | undefined {
  const res = parseXml(text);
  for (const e of res.errors.slice(0, 5)) {
    const p = lines.position(e.offset);
    problems.push(mkProblem(file, { start: p, end: { line: p.line, character: p.character + 1 } }, 'parse/xml-syntax', `XML problem: ${e.message}.`, res.root ? 'warning' : 'error'));
  }
  return res.root;
}

function solutionName(root: string, env: ReadEnv): string | undefined {
  for (const p of [`${root ? root + '/' : ''}Other/Solution.xml`, `${root ? root + '/' : ''}solution.xml`]) {
    const t = env.readText(p);
    if (t === undefined) continue;
    const x = parseXml(stripBom(t)).root;
    const info = solutionInfo(x);
    if (info.uniqueName) return info.uniqueName;
  }
  return undefined;
}

export function readPpText(path: string, rawText: string, kind: PpFileKind, env: ReadEnv): ReadResult {
  const text = stripBom(rawText);
  const lines = new LineIndex(text);
  const problems: ParseProblem[] = [];
  let facts: Fact[] = [];
  let language: string | undefined;
  switch (kind) {
    case 'legacy-definition': {
      language = 'json';
      const root = jsonOrProblem(path, text, lines, problems);
      if (!root) break;
      const pkgRoot = rootBefore(path, /(?:^|\/)Microsoft\.Flow\//i);
      const manifestText = env.readText(`${pkgRoot ? pkgRoot + '/' : ''}manifest.json`);
      const manifest = manifestText ? parseJson(stripBom(manifestText)).root : undefined;
      const packageName = strAt(manifest, 'details', 'displayName');
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
      const root = jsonOrProblem(path, text, lines, problems);
      if (!root) break;
      const solRoot = solutionRoot(path);
      const sol = solutionName(solRoot, env);
      let row: ReturnType<typeof workflowRows>[number] | undefined = workflowRows(parseXml(stripBom(env.readText(`${path}.data.xml`) ?? '')).root)[0];
      if (!row) {
        const custText = env.readText(`${solRoot ? solRoot + '/' : ''}customizations.xml`) ?? env.readText(`${solRoot ? solRoot + '/' : ''}Other/Customizations.xml`);
        if (custText) {
          const want = '/' + path.slice(solRoot.length).replace(/^\//, '');
          row = workflowRows(parseXml(stripBom(custText)).root).find((r) => r.jsonFileName && r.jsonFileName.toLowerCase() === want.toLowerCase());
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
      const root = xmlOrProblem(path, text, lines, problems);
      if (root) facts = readSolutionManifest(root, lines, path, scopeName('solution', solutionRoot(path)));
      break;
    }
    case 'customizations': {
      language = 'xml';
      const root = xmlOrProblem(path, text, lines, problems);
      const solRoot = solutionRoot(path);
      if (root) facts = readConnectionReferences(root, lines, path, scopeName('solution', solRoot), solutionName(solRoot, env));
      break;
    }
    case 'envvar': {
      language = 'xml';
      const root = xmlOrProblem(path, text, lines, problems);
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
        const root = xmlOrProblem(path, text, lines, problems);
        if (root) facts = readBotXml(root, lines, ctx);
      } else {
        language = 'json';
        const root = jsonOrProblem(path, text, lines, problems);
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
      const root = jsonOrProblem(path, text, lines, problems);
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
  return { facts: uniqueIds(facts), problems, language };
}

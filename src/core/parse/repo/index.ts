/**
 * Repository-level inputs (kind `ci`): CI workflows, Dependabot/Renovate configs, CODEOWNERS,
 * AI-assisted-development markers (Copilot, Cursor, Claude Code, Codex `AGENTS.md`, Aider,
 * Windsurf, Continue), MCP client configs and committed `.env` files.
 */
import type { Fact, FactObject, ParsedFile } from '../../model';
import type { FactQuery } from '../../catalogue/types';
import { scanList } from '../../facts';
import type { FileContent, InputPlugin, ParseContext, WorkloadDraft } from '../../plugin';
import { parseJson, prop, propEntry, toValue, type JNode } from '../code/jsonc';
import { assignedSecretKind, isPlaceholder, looksLikeCredentialKey, strongSecrets } from '../code/secrets';
import { serviceRoot } from '../code/service';
import { claimedByCodeServices, codeModifierSignals, codeTierSignals, tierSignalsOf } from '../code/signals';
import { AddressBook, basename, dirname, inIgnoredFolder, PositionMap, problem, ProblemSink, unreadable } from '../code/text';
import { readAzurePipelines, readDependabot, readGithubWorkflow, readGitlabCi, readRenovate, type CiOut } from './ci';

type RepoKind =
  | { k: 'github-workflow' }
  | { k: 'gitlab' }
  | { k: 'azure' }
  | { k: 'dependabot' }
  | { k: 'renovate' }
  | { k: 'codeowners' }
  | { k: 'marker'; type: string; tool: string }
  | { k: 'claude-settings' }
  | { k: 'mcp-config' }
  | { k: 'env' };

export function repoKindOf(path: string): RepoKind | undefined {
  if (inIgnoredFolder(path)) return undefined;
  const name = basename(path);
  const dir = dirname(path);
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return { k: 'github-workflow' };
  if (name === '.gitlab-ci.yml' && dir === '.') return { k: 'gitlab' };
  if (/^azure-pipelines\.ya?ml$/.test(name) && (dir === '.' || dir === '.azure-pipelines' || dir === '.pipelines')) return { k: 'azure' };
  if (/^\.github\/dependabot\.ya?ml$/.test(path)) return { k: 'dependabot' };
  if (/^(\.github\/)?(renovate\.json5?|\.renovaterc(\.json)?)$/.test(path)) return { k: 'renovate' };
  if (name === 'CODEOWNERS' && (dir === '.' || dir === '.github' || dir === 'docs' || dir === '.gitlab')) return { k: 'codeowners' };
  if (path === '.github/copilot-instructions.md') return { k: 'marker', type: 'copilot-instructions', tool: 'github-copilot' };
  if (/^\.github\/instructions\/[^/]+\.instructions\.md$/.test(path)) return { k: 'marker', type: 'copilot-instructions', tool: 'github-copilot' };
  if (name === '.cursorrules') return { k: 'marker', type: 'cursor-rules', tool: 'cursor' };
  if (/(^|\/)\.cursor\/rules\/[^/]+$/.test(path)) return { k: 'marker', type: 'cursor-rules', tool: 'cursor' };
  if (name === 'CLAUDE.md' || name === 'CLAUDE.local.md') return { k: 'marker', type: 'claude-md', tool: 'claude-code' };
  if (name === 'AGENTS.md') return { k: 'marker', type: 'agents-md', tool: 'coding-agents' };
  if (/^\.aider/.test(name) && !path.includes('/.aider')) return { k: 'marker', type: 'aider-config', tool: 'aider' };
  if (name === '.windsurfrules' || /(^|\/)\.windsurf\/rules\/[^/]+$/.test(path)) return { k: 'marker', type: 'windsurf-rules', tool: 'windsurf' };
  if (/(^|\/)\.continue\/.+/.test(path)) return { k: 'marker', type: 'continue-config', tool: 'continue' };
  if (/(^|\/)\.claude\/settings(\.local)?\.json$/.test(path)) return { k: 'claude-settings' };
  if (/(^|\/)(\.mcp\.json|mcp\.json|\.cursor\/mcp\.json|\.vscode\/mcp\.json|claude_desktop_config\.json)$/.test(path) && (name !== 'mcp.json' || dir === '.' || /\.(cursor|vscode)$/.test(dir))) return { k: 'mcp-config' };
  if ((name === '.env' || name.startsWith('.env.')) && !/\.(sh|py|js|ts|md)$/.test(name)) return { k: 'env' };
  return undefined;
}

function jsonProblems(sink: ProblemSink, pm: PositionMap, errors: { offset: number; message: string }[]): void {
  sink.addSome(errors, 10, (e) => problem(sink.file, 'parse/json-syntax', `JSON syntax error: ${e.message}`, 'warning', pm.range(e.offset, e.offset + 1)));
}

function markerFact(path: string, type: string, tool: string, pm: PositionMap, attrs: FactObject): Fact {
  return { id: `${path}#marker`, kind: 'marker', provider: 'code', type, address: `marker ${type}`, name: basename(path), file: path, range: pm.whole(), nameRange: pm.firstLine(), attributes: { tool, path, lines: pm.lineCount, ...attrs }, scope: '.' };
}

const BROAD = /^(Bash|Bash\(\*\)|Bash\(:\*\)|Bash\(\*\*\)|\*|Write|Edit|Write\(\*\*?\)|Edit\(\*\*?\)|WebFetch|mcp__.*__\*)$/;

function readClaudeSettings(out: ParsedFile, text: string, pm: PositionMap, ctx: ParseContext, sink: ProblemSink): void {
  const { root, errors } = parseJson(text, { jsonc: true });
  jsonProblems(sink, pm, errors);
  const perms = prop(root, 'permissions');
  const attrs: FactObject = {};
  const mode = prop(perms, 'defaultMode');
  const ranges: Record<string, ReturnType<PositionMap['range']>> = {};
  if (mode?.type === 'string') {
    attrs.defaultMode = mode.value;
    ranges['permissions.defaultMode'] = pm.range(mode.s, mode.e);
    if (mode.value === 'bypassPermissions') attrs.bypassPermissions = true;
  }
  const list = (key: string) => {
    const n = prop(perms, key);
    return n?.type === 'array' ? n.items.filter((x): x is JNode & { type: 'string' } => x.type === 'string') : [];
  };
  const allow = list('allow');
  attrs.allow = allow.map((x) => x.value);
  attrs.deny = list('deny').map((x) => x.value);
  attrs.ask = list('ask').map((x) => x.value);
  const broad = allow.filter((x) => BROAD.test(x.value.trim()));
  attrs.broadAllows = broad.map((x) => x.value);
  if (broad.length) ranges['permissions.allow'] = pm.range(broad[0].s, broad[0].e);
  const skip = prop(root, 'skipDangerousModePermissionPrompt');
  if (skip?.type === 'boolean' && skip.value) {
    attrs.skipDangerousPrompt = true;
    ranges.skipDangerousModePermissionPrompt = pm.range(skip.s, skip.e);
  }
  const allMcp = prop(root, 'enableAllProjectMcpServers');
  if (allMcp?.type === 'boolean') attrs.enableAllProjectMcpServers = allMcp.value;
  attrs.hooks = prop(root, 'hooks')?.type === 'object';
  const f = markerFact(out.file, 'claude-settings', 'claude-code', pm, attrs);
  f.attributeRanges = ranges;
  out.facts.push(f);
  envSecrets(out, prop(root, 'env'), pm, 'claude-settings', ctx);
}

function envSecrets(out: ParsedFile, env: JNode | undefined, pm: PositionMap, source: string, ctx: ParseContext, book = new AddressBook(), server?: string): void {
  if (env?.type !== 'object') return;
  for (const p of env.props) {
    if (p.value.type !== 'string') continue;
    const v = p.value.value;
    if (/\$\{|^\$[A-Za-z_]|\{\{/.test(v)) continue; // a reference to an input or variable, not a value
    const kind = strongSecrets(v)[0]?.kind ?? assignedSecretKind(p.key, v);
    if (!kind) continue;
    const address = book.take(`secret ${server ? server + '.' : ''}${p.key}`);
    const attrs: FactObject = { kind, key: p.key, source };
    if (server) attrs.server = server;
    out.facts.push({ id: `${out.file}#${address}`, kind: 'secret', provider: 'generic', type: kind, address, file: out.file, range: pm.range(p.value.s, p.value.e), nameRange: pm.range(p.ks, p.ke), attributes: attrs, scope: serviceRoot(out.file, ctx) });
  }
}

function readMcpConfig(out: ParsedFile, text: string, pm: PositionMap, ctx: ParseContext, sink: ProblemSink): void {
  const { root, errors } = parseJson(text, { jsonc: true });
  jsonProblems(sink, pm, errors);
  const holder = prop(root, 'mcpServers') ?? prop(root, 'servers') ?? prop(prop(root, 'mcp'), 'servers');
  const servers: FactObject[] = [];
  const book = new AddressBook();
  let local = 0;
  const ranges: Record<string, ReturnType<PositionMap['range']>> = {};
  if (holder?.type === 'object') {
    holder.props.forEach((p, i) => {
      const s = p.value;
      const command = prop(s, 'command');
      const url = prop(s, 'url') ?? prop(s, 'serverUrl') ?? prop(s, 'httpUrl');
      const type = prop(s, 'type');
      const transport = type?.type === 'string' ? type.value : command ? 'stdio' : url ? 'http' : 'unknown';
      const isLocal = command?.type === 'string' || transport === 'stdio';
      if (isLocal) local++;
      const entry: FactObject = { name: p.key, transport, local: isLocal };
      if (command?.type === 'string') entry.command = basename(command.value.replace(/\\/g, '/'));
      const args = prop(s, 'args');
      if (args?.type === 'array') {
        const pkg = args.items.find((a) => a.type === 'string' && !a.value.startsWith('-') && !a.value.includes('=') && /^(@[\w.-]+\/)?[\w.-]+(@[\w.^~-]+)?$/.test(a.value) && !isPlaceholder(a.value) && strongSecrets(a.value).length === 0);
        if (pkg?.type === 'string') entry.package = pkg.value;
        if (args.items.some((a) => a.type === 'string' && strongSecrets(a.value).length > 0)) entry.secretInArgs = true;
      }
      if (url?.type === 'string') {
        try {
          entry.host = /^[a-z]+:\/\/([^/:?#]+)/i.exec(url.value)?.[1] ?? null;
        } catch {
          entry.host = null;
        }
      }
      const auto = prop(s, 'autoApprove') ?? prop(s, 'alwaysAllow');
      if (auto?.type === 'array' && auto.items.length) entry.autoApprove = auto.items.map((x) => (x.type === 'string' ? x.value : '')).filter(Boolean);
      servers.push(entry);
      ranges[`servers.${i}`] = pm.range(p.ks, p.ke);
      envSecrets(out, prop(s, 'env'), pm, 'mcp-config', ctx, book, p.key);
      const headers = prop(s, 'headers');
      if (headers?.type === 'object') {
        for (const h of headers.props) {
          if (h.value.type !== 'string' || /\$\{|\{\{/.test(h.value.value)) continue;
          const value = h.value.value.replace(/^Bearer\s+/i, '');
          const kind = strongSecrets(value)[0]?.kind ?? (looksLikeCredentialKey(h.key) || /authorization/i.test(h.key) ? assignedSecretKind('token', value) : undefined);
          if (!kind) continue;
          const address = book.take(`secret ${p.key}.${h.key}`);
          out.facts.push({ id: `${out.file}#${address}`, kind: 'secret', provider: 'generic', type: kind, address, file: out.file, range: pm.range(h.value.s, h.value.e), nameRange: pm.range(h.ks, h.ke), attributes: { kind, key: h.key, source: 'mcp-config', server: p.key }, scope: serviceRoot(out.file, ctx) });
        }
      }
    });
  } else if (root && errors.length === 0) {
    out.problems.push(problem(out.file, 'parse/mcp-config', 'No "mcpServers" or "servers" object was found in this MCP config.', 'info', pm.firstLine()));
  }
  const inputs = prop(root, 'inputs');
  const f = markerFact(out.file, 'mcp-config', mcpTool(out.file), pm, { servers, serverNames: servers.map((s) => s.name as string), localServers: local, remoteServers: servers.length - local, promptedInputs: inputs?.type === 'array' ? inputs.items.length : 0 });
  f.attributeRanges = ranges;
  const holderEntry = propEntry(root, 'mcpServers') ?? propEntry(root, 'servers');
  if (holderEntry) f.nameRange = pm.range(holderEntry.ks, holderEntry.ke);
  out.facts.push(f);
}

function mcpTool(path: string): string {
  if (path.includes('.cursor/')) return 'cursor';
  if (path.includes('.vscode/')) return 'vscode';
  if (basename(path) === 'claude_desktop_config.json') return 'claude-desktop';
  return 'mcp-client';
}

function readCodeowners(out: ParsedFile, text: string, pm: PositionMap, sink: ProblemSink): void {
  const rules: FactObject[] = [];
  const ranges: Record<string, ReturnType<PositionMap['range']>> = {};
  let offset = 0;
  for (const raw of text.split('\n')) {
    const start = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    const body = line.replace(/(^|\s)#.*$/, '').trim();
    if (!body || /^\[.*\]$/.test(body) || /^\^?\[.*\](\[\d+\])?(\s+@.*)?$/.test(body)) continue; // comments, GitLab sections
    const parts = body.split(/\s+/);
    const pattern = parts[0];
    const owners = parts.slice(1);
    const bad = owners.filter((o) => !/^@[\w.-]+(\/[\w.-]+)?$/.test(o) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(o));
    if (bad.length) sink.add(() => problem(out.file, 'parse/codeowners-owner', `"${bad[0]}" is not a user, team or e-mail owner.`, 'info', pm.range(start + line.indexOf(bad[0]), start + line.indexOf(bad[0]) + bad[0].length)));
    ranges[`rules.${rules.length}`] = pm.range(start + line.indexOf(pattern), start + line.trimEnd().length);
    rules.push({ pattern, owners });
  }
  const owners = [...new Set(rules.flatMap((r) => r.owners as string[]))];
  out.facts.push({
    id: `${out.file}#codeowners`,
    kind: 'codeowners',
    provider: out.file.startsWith('.gitlab') ? 'generic' : 'github',
    type: 'codeowners',
    address: 'codeowners',
    file: out.file,
    range: pm.whole(),
    nameRange: pm.firstLine(),
    attributes: { rules, ruleCount: rules.length, owners, hasDefaultRule: rules.some((r) => (r.pattern === '*' || r.pattern === '/**' || r.pattern === '**') && (r.owners as string[]).length > 0) },
    attributeRanges: ranges,
    scope: '.',
  });
}

function readEnv(out: ParsedFile, text: string, pm: PositionMap, ctx: ParseContext, sink: ProblemSink): void {
  const template = /\.(example|sample|template|dist|defaults?|tmpl|tpl)$/i.test(out.file);
  const book = new AddressBook();
  let offset = 0;
  const scope = serviceRoot(out.file, ctx);
  for (const raw of text.split('\n')) {
    const start = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) {
      if (line.trim() && !line.trim().startsWith('#')) sink.add(() => problem(out.file, 'parse/env-syntax', 'This line is not KEY=value.', 'info', pm.range(start, start + line.length)));
      continue;
    }
    let value = m[2];
    let vs = start + line.indexOf(m[2], line.indexOf('=') + 1);
    const q = value[0];
    if (q === '"' || q === "'") {
      const end = value.indexOf(q, 1);
      value = value.slice(1, end === -1 ? undefined : end);
      vs += 1;
    } else value = value.replace(/\s+#.*$/, '').trim();
    if (!value) continue;
    const strong = strongSecrets(value)[0];
    const kind = strong?.kind ?? (template ? undefined : assignedSecretKind(m[1], value));
    if (!kind) continue;
    const address = book.take(`secret ${m[1]}`);
    out.facts.push({ id: `${out.file}#${address}`, kind: 'secret', provider: 'generic', type: kind, address, name: m[1], file: out.file, range: pm.range(vs, vs + value.length), nameRange: pm.range(start + line.indexOf(m[1]), start + line.indexOf(m[1]) + m[1].length), attributes: { kind, key: m[1], source: 'env', template }, scope });
  }
}

export function parseRepo(file: FileContent, ctx: ParseContext): ParsedFile {
  const path = file.path;
  const out: ParsedFile = { file: path, kind: 'ci', facts: [], problems: [] };
  const kind = repoKindOf(path);
  if (!kind) return out;
  const r = unreadable(path, file.text, file.bytes);
  if (r.problem) {
    out.problems.push(r.problem);
    return out;
  }
  const text = r.text!;
  if (text.length > ctx.maxFileBytes) {
    out.problems.push(problem(path, 'scan/file-too-large', `The file is larger than ${ctx.maxFileBytes} bytes and was not read.`));
    return out;
  }
  const pm = new PositionMap(text);
  const sink = new ProblemSink(path, out.problems);
  const take = (ci: CiOut) => {
    out.facts.push(...ci.facts);
    out.problems.push(...ci.problems);
  };
  try {
    switch (kind.k) {
      case 'github-workflow':
        out.language = 'yaml';
        take(readGithubWorkflow(path, text));
        break;
      case 'gitlab':
        out.language = 'yaml';
        take(readGitlabCi(path, text));
        break;
      case 'azure':
        out.language = 'yaml';
        take(readAzurePipelines(path, text));
        break;
      case 'dependabot':
        out.language = 'yaml';
        take(readDependabot(path, text));
        break;
      case 'renovate': {
        const { root, errors } = parseJson(text, { jsonc: true });
        jsonProblems(sink, pm, errors);
        take(readRenovate(path, toValue(root), pm));
        break;
      }
      case 'codeowners':
        readCodeowners(out, text, pm, sink);
        break;
      case 'marker': {
        const attrs: FactObject = {};
        const secrets = strongSecrets(text);
        if (secrets.length) attrs.containsSecrets = secrets.length;
        out.facts.push(markerFact(path, kind.type, kind.tool, pm, attrs));
        break;
      }
      case 'claude-settings':
        out.language = 'jsonc';
        readClaudeSettings(out, text, pm, ctx, sink);
        break;
      case 'mcp-config':
        out.language = 'jsonc';
        readMcpConfig(out, text, pm, ctx, sink);
        break;
      case 'env':
        readEnv(out, text, pm, ctx, sink);
        break;
    }
  } catch (err) {
    out.facts = [];
    out.problems.push(problem(path, 'internal/parse-repo', `The repository-file reader failed on this file (${err instanceof Error ? err.name : 'error'}).`, 'warning'));
  }
  sink.close();
  return out;
}

const REPO_KINDS = new Set(['marker', 'ci-workflow', 'ci-step', 'codeowners']);
/** Secrets the repository readers found (committed .env files, MCP configs, CI files) — never another kind's. */
const REPO_SECRET_SOURCES = new Set(['env', 'mcp-config', 'ci']);

/**
 * One `repository` workload when the repository shows AI-assisted development (markers, MCP
 * configs, coding agents in CI): its members are the markers, CI facts, CODEOWNERS and the
 * repository-level secrets no code service claimed.
 */
export function repoGroup(facts: readonly Fact[], all: FactQuery): WorkloadDraft[] {
  // Only repository kinds and secrets can be members; a scanIndex keeps other edits from re-running this.
  const byId = new Map<string, Fact>();
  for (const f of scanList(all, 'repo:member-candidates', (x) => REPO_KINDS.has(x.kind) || x.kind === 'secret')) byId.set(f.id, f);
  for (const f of facts) byId.set(f.id, f);
  const every = [...byId.values()];
  const own = new Set(facts.map((f) => f.id));
  // Other readers use the `marker` kind too (a solution manifest): only this reader's facts count.
  const signalled = facts.filter((f) => (f.kind === 'marker' || f.kind === 'ci-step') && tierSignalsOf(f).length > 0);
  if (signalled.length === 0) return [];
  const claimed = claimedByCodeServices(facts, all);
  const members = every.filter((f) => (REPO_KINDS.has(f.kind) && own.has(f.id)) || (f.kind === 'secret' && REPO_SECRET_SOURCES.has(String(f.attributes.source)) && !claimed.has(f.id)));
  members.sort((x, y) => x.file.localeCompare(y.file) || x.range.start.line - y.range.start.line);
  const order = ['claude-md', 'agents-md', 'copilot-instructions', 'cursor-rules', 'claude-settings', 'mcp-config'];
  const anchor = [...signalled].sort((x, y) => {
    const rx = x.kind === 'marker' ? (order.indexOf(x.type) + 1 || 9) + (dirname(x.file) === '.' ? 0 : 10) : 50;
    const ry = y.kind === 'marker' ? (order.indexOf(y.type) + 1 || 9) + (dirname(y.file) === '.' ? 0 : 10) : 50;
    return rx - ry || x.file.localeCompare(y.file);
  })[0];
  return [{ kind: 'repository', name: 'AI-assisted development (repository)', root: '.', members: members.map((f) => f.id), anchorFactId: anchor.id }];
}

export const repoPlugin: InputPlugin = {
  kind: 'ci',
  title: 'Repository (CI, CODEOWNERS, AI-assisted development markers)',
  matches(path: string): boolean {
    return repoKindOf(path) !== undefined;
  },
  parse: parseRepo,
  tierSignals: codeTierSignals,
  modifierSignals: codeModifierSignals,
  group: repoGroup,
};

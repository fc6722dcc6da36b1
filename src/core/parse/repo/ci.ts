/**
 * CI definitions: GitHub Actions workflows, GitLab CI, Azure Pipelines, Dependabot and Renovate
 * configs. Each pipeline gives one `ci-workflow` fact; each step (or job) that does something
 * the controls care about gives a `ci-step` fact classified as `sast`, `dependency-scan`,
 * `secret-scan`, `sbom`, `review` or `ai-agent`. Literal credentials in `with:` / `env:` /
 * `variables:` become `secret` facts (kind and place only).
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { Fact, FactObject, FactValue, ParseProblem } from '../../model';
import { assignedSecretKind, strongSecrets } from '../code/secrets';
import { AddressBook, basename, PositionMap, problem, withoutStackTraces } from '../code/text';
import { yamlNestingBeyond } from '../yaml-util';

export type Provider = 'github' | 'gitlab' | 'azure';

export interface Classified {
  categories: string[];
  tool: string;
  iac?: boolean;
}

// ───────────── classification ─────────────

const USES: [RegExp, (w: Record<string, string>) => Classified | undefined][] = [
  [/^github\/codeql-action\/(init|analyze|autobuild)$/, () => ({ categories: ['sast'], tool: 'codeql' })],
  [/^(returntocorp|semgrep)\/semgrep-action$/, () => ({ categories: ['sast'], tool: 'semgrep' })],
  [/^snyk\/actions(\/|$)/, (w) => (/code\s+test/.test(w.command ?? '') ? { categories: ['sast'], tool: 'snyk-code' } : /iac/.test(w.command ?? '') ? { categories: ['sast'], tool: 'snyk-iac', iac: true } : { categories: ['dependency-scan'], tool: 'snyk' })],
  [/^sonarsource\/(sonarqube-scan-action|sonarcloud-github-action|sonarqube-quality-gate-action)$/, () => ({ categories: ['sast'], tool: 'sonar' })],
  [/^bridgecrewio\/checkov-action$/, () => ({ categories: ['sast'], tool: 'checkov', iac: true })],
  [/^aquasecurity\/(tfsec-action|tfsec-sarif-action|tfsec-pr-commenter-action)$/, () => ({ categories: ['sast'], tool: 'tfsec', iac: true })],
  [/^aquasecurity\/trivy-action$/, (w) => (/^(config|iac)$/.test(w['scan-type'] ?? '') ? { categories: ['sast'], tool: 'trivy', iac: true } : { categories: ['dependency-scan'], tool: 'trivy' })],
  [/^pypa\/gh-action-pip-audit$/, () => ({ categories: ['dependency-scan'], tool: 'pip-audit' })],
  [/^google\/osv-scanner-action(\/|$)/, () => ({ categories: ['dependency-scan'], tool: 'osv-scanner' })],
  [/^actions\/dependency-review-action$/, () => ({ categories: ['dependency-scan'], tool: 'dependency-review' })],
  [/^anchore\/scan-action$/, () => ({ categories: ['dependency-scan'], tool: 'grype' })],
  [/^anchore\/sbom-action$/, () => ({ categories: ['sbom'], tool: 'syft' })],
  [/^securego\/gosec$/, () => ({ categories: ['sast'], tool: 'gosec' })],
  [/^microsoft\/security-devops-action$/, () => ({ categories: ['sast'], tool: 'microsoft-security-devops' })],
  [/^gitleaks\/gitleaks-action$/, () => ({ categories: ['secret-scan'], tool: 'gitleaks' })],
  [/^trufflesecurity\/trufflehog$/, () => ({ categories: ['secret-scan'], tool: 'trufflehog' })],
  [/^anthropics\/claude-code-(action|base-action)$/, () => ({ categories: ['ai-agent'], tool: 'claude-code' })],
  [/^openai\/codex-action$/, () => ({ categories: ['ai-agent'], tool: 'codex' })],
  [/^google-github-actions\/run-gemini-cli$/, () => ({ categories: ['ai-agent'], tool: 'gemini-cli' })],
  [/^coderabbitai\/ai-pr-reviewer$/, () => ({ categories: ['ai-agent'], tool: 'coderabbit' })],
];

const RUN: [RegExp, Classified][] = [
  [/\bcodeql\s+database\b/, { categories: ['sast'], tool: 'codeql' }],
  [/\bsemgrep\b/, { categories: ['sast'], tool: 'semgrep' }],
  [/\bbandit\b/, { categories: ['sast'], tool: 'bandit' }],
  [/\bsnyk\s+code\b/, { categories: ['sast'], tool: 'snyk-code' }],
  [/\bsnyk\s+iac\b/, { categories: ['sast'], tool: 'snyk-iac', iac: true }],
  [/\bsnyk\s+(test|monitor)\b/, { categories: ['dependency-scan'], tool: 'snyk' }],
  [/\bsonar-scanner\b|\bsonar:sonar\b|dotnet[- ]sonarscanner/, { categories: ['sast'], tool: 'sonar' }],
  [/\bcheckov\b/, { categories: ['sast'], tool: 'checkov', iac: true }],
  [/\btfsec\b/, { categories: ['sast'], tool: 'tfsec', iac: true }],
  [/\bkics\b/, { categories: ['sast'], tool: 'kics', iac: true }],
  [/\btrivy\s+(config|iac)\b/, { categories: ['sast'], tool: 'trivy', iac: true }],
  [/\btrivy\s+(fs|filesystem|image|repo|repository|rootfs|sbom)\b/, { categories: ['dependency-scan'], tool: 'trivy' }],
  [/\bgosec\b/, { categories: ['sast'], tool: 'gosec' }],
  [/\b(npm|pnpm|yarn)\s+audit\b/, { categories: ['dependency-scan'], tool: 'npm-audit' }],
  [/\bpip-audit\b/, { categories: ['dependency-scan'], tool: 'pip-audit' }],
  [/\bosv-scanner\b/, { categories: ['dependency-scan'], tool: 'osv-scanner' }],
  [/\bsafety\s+(check|scan)\b/, { categories: ['dependency-scan'], tool: 'safety' }],
  [/\bgovulncheck\b/, { categories: ['dependency-scan'], tool: 'govulncheck' }],
  [/\bdotnet\s+list\b.*--vulnerable/, { categories: ['dependency-scan'], tool: 'dotnet-vulnerable' }],
  [/\bgrype\b/, { categories: ['dependency-scan'], tool: 'grype' }],
  [/dependency-check/, { categories: ['dependency-scan'], tool: 'owasp-dependency-check' }],
  [/\b(syft|cyclonedx)\b/, { categories: ['sbom'], tool: 'sbom' }],
  [/\bgitleaks\b/, { categories: ['secret-scan'], tool: 'gitleaks' }],
  [/\btrufflehog\b/, { categories: ['secret-scan'], tool: 'trufflehog' }],
  [/\bdetect-secrets\b/, { categories: ['secret-scan'], tool: 'detect-secrets' }],
  [/@anthropic-ai\/claude-code|\bclaude\s+(-p|--print)\b/, { categories: ['ai-agent'], tool: 'claude-code' }],
  [/@openai\/codex|\bcodex\s+exec\b/, { categories: ['ai-agent'], tool: 'codex' }],
  [/@google\/gemini-cli|\bgemini\s+(-p|--prompt)\b/, { categories: ['ai-agent'], tool: 'gemini-cli' }],
  [/\baider\s+--(message|yes)/, { categories: ['ai-agent'], tool: 'aider' }],
];

const AZURE_TASKS: [RegExp, Classified][] = [
  [/^AdvancedSecurity-Codeql-(Init|Analyze|Autobuild)$/i, { categories: ['sast'], tool: 'codeql' }],
  [/^AdvancedSecurity-Dependency-Scanning$/i, { categories: ['dependency-scan'], tool: 'ghazdo-dependency-scanning' }],
  [/^(SonarQube|SonarCloud)(Prepare|Analyze|Publish)$/i, { categories: ['sast'], tool: 'sonar' }],
  [/^MicrosoftSecurityDevOps$/i, { categories: ['sast'], tool: 'microsoft-security-devops' }],
  [/^SnykSecurityScan$/i, { categories: ['dependency-scan'], tool: 'snyk' }],
  [/^dependency-check-build-task$/i, { categories: ['dependency-scan'], tool: 'owasp-dependency-check' }],
  [/^CredScan$/i, { categories: ['secret-scan'], tool: 'credscan' }],
  [/^ManualValidation$/i, { categories: ['review'], tool: 'manual-validation' }],
];

const GITLAB_TEMPLATES: [RegExp, Classified][] = [
  [/SAST-IaC/i, { categories: ['sast'], tool: 'gitlab-sast-iac', iac: true }],
  [/(^|\/)SAST(\.latest)?\.gitlab-ci\.yml$|components\/sast\//i, { categories: ['sast'], tool: 'gitlab-sast' }],
  [/Secret-Detection|components\/secret-detection\//i, { categories: ['secret-scan'], tool: 'gitlab-secret-detection' }],
  [/Dependency-Scanning|components\/dependency-scanning\//i, { categories: ['dependency-scan'], tool: 'gitlab-dependency-scanning' }],
  [/Container-Scanning|components\/container-scanning\//i, { categories: ['dependency-scan'], tool: 'gitlab-container-scanning' }],
];

export function classifyRun(run: string): Classified[] {
  const out: Classified[] = [];
  const lower = run.toLowerCase();
  for (const [re, c] of RUN) if (re.test(lower) && !out.some((o) => o.tool === c.tool)) out.push(c);
  return out;
}

export function classifyUses(uses: string, w: Record<string, string>): Classified | undefined {
  const ref = uses.toLowerCase().split('@')[0].replace(/^docker:\/\//, '');
  for (const [re, f] of USES) if (re.test(ref)) return f(w);
  return undefined;
}

/** Reads an AI coding agent's permission arguments (claude_args, allowed_tools, max_turns…). */
export function agentArgs(w: Record<string, string>, run?: string): FactObject {
  const args = [w.claude_args, w.claude_code_args, w.codex_args, w.gemini_args, run].filter((x): x is string => typeof x === 'string').join(' ');
  const attrs: FactObject = {};
  const turns = /--max-turns[=\s]+(\d+)/.exec(args)?.[1] ?? w.max_turns;
  if (turns !== undefined && /^\d+$/.test(String(turns))) attrs.maxTurns = Number(turns);
  const allowed: string[] = [];
  const allowArg = /--(?:allowedTools|allowed-tools)[=\s]+("([^"]*)"|'([^']*)'|(\S+))/.exec(args);
  if (allowArg) allowed.push(...(allowArg[2] ?? allowArg[3] ?? allowArg[4] ?? '').split(/[,\s]+(?![^(]*\))/));
  if (w.allowed_tools) allowed.push(...w.allowed_tools.split(/,(?![^(]*\))|\n/));
  const tools = allowed.map((x) => x.trim()).filter(Boolean);
  if (tools.length) attrs.allowedTools = tools;
  const broad = tools.filter((t) => /^(Bash|Bash\(\*\)|Bash\(:\*\)|\*|Write|Edit)$/.test(t));
  if (broad.length) attrs.broadTools = broad;
  if (/--dangerously-skip-permissions|--yolo\b|--dangerously-bypass-approvals-and-sandbox|--full-auto/.test(args)) attrs.skipPermissions = true;
  const mode = /--permission-mode[=\s]+(\S+)/.exec(args)?.[1];
  if (mode) {
    attrs.permissionMode = mode.replace(/["']/g, '');
    if (/bypassPermissions/.test(mode)) attrs.skipPermissions = true;
  }
  const disallowed = /--(?:disallowedTools|disallowed-tools)[=\s]+("([^"]*)"|(\S+))/.exec(args);
  if (disallowed || w.disallowed_tools) attrs.disallowedTools = true;
  return attrs;
}

// ───────────── YAML helpers ─────────────

type Pairs = Map<string, { key: Node; value: Node | null }>;

function pairs(node: unknown): Pairs {
  const m: Pairs = new Map();
  if (!isMap(node)) return m;
  for (const item of node.items) {
    if (!isPair(item)) continue;
    const k = item.key;
    const key = isScalar(k) ? String(k.value) : undefined;
    if (key !== undefined) m.set(key, { key: k as Node, value: (item.value as Node | null) ?? null });
  }
  return m;
}

function scalarStr(node: unknown): string | undefined {
  if (isScalar(node) && node.value !== null && node.value !== undefined) return String(node.value);
  return undefined;
}

function stringMap(node: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs(node)) {
    const s = scalarStr(v.value);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

function seqItems(node: unknown): Node[] {
  return isSeq(node) ? (node.items as Node[]) : [];
}

function textOfScript(node: unknown): string {
  if (isSeq(node)) return node.items.map((x) => scalarStr(x) ?? '').join('\n');
  return scalarStr(node) ?? '';
}

export interface CiOut {
  facts: Fact[];
  problems: ParseProblem[];
}

interface Ctx {
  file: string;
  pm: PositionMap;
  book: AddressBook;
  out: CiOut;
  provider: Provider;
  workflow: string;
}

function rng(c: Ctx, node: Node | null | undefined) {
  const r = node?.range;
  return r ? c.pm.range(r[0], r[1]) : c.pm.firstLine();
}

function loadYaml(file: string, text: string, pm: PositionMap, out: CiOut): Document | undefined {
  const deep = yamlNestingBeyond(text);
  if (deep) {
    out.problems.push(problem(file, 'parse/yaml-too-deep', `${deep.message}; the file was not read.`, 'warning', pm.range(deep.offset, deep.offset + 1)));
    return undefined;
  }
  let doc: Document;
  try {
    doc = withoutStackTraces(() => parseDocument(text, { uniqueKeys: false }));
  } catch {
    out.problems.push(problem(file, 'parse/yaml-syntax', 'The YAML file could not be read.', 'warning'));
    return undefined;
  }
  for (const e of doc.errors.slice(0, 10)) out.problems.push(problem(file, 'parse/yaml-syntax', `YAML syntax error: ${e.message.split('\n')[0]}`, 'warning', pm.range(e.pos[0], e.pos[1])));
  return doc;
}

function addSecretsFrom(c: Ctx, node: unknown, where: string): void {
  for (const [k, v] of pairs(node)) {
    const s = scalarStr(v.value);
    if (s === undefined || /\$\{\{|\$\(|\$\{?[A-Z_]/.test(s)) continue;
    const strong = strongSecrets(s);
    const kind = strong[0]?.kind ?? assignedSecretKind(k, s);
    if (!kind) continue;
    const address = c.book.take(`secret ${kind}`);
    c.out.facts.push({ id: `${c.file}#${address}`, kind: 'secret', provider: c.provider === 'github' ? 'github' : 'generic', type: kind, address, file: c.file, range: rng(c, v.value), nameRange: rng(c, v.key), attributes: { kind, key: k, source: 'ci', where }, scope: '.' });
  }
}

function stepFact(c: Ctx, job: string, label: string, cl: Classified, node: Node, extra: FactObject, keyNode?: Node | null): Fact {
  const address = c.book.take(`step ${job}/${label}`);
  const categories = cl.categories;
  const attrs: FactObject = { provider: c.provider, workflow: c.workflow, job, step: label, tool: cl.tool, categories, ...extra };
  if (cl.iac) attrs.iac = true;
  return { id: `${c.file}#${address}`, kind: 'ci-step', provider: c.provider === 'github' ? 'github' : 'generic', type: categories[0], address, name: label, file: c.file, range: rng(c, node), nameRange: keyNode ? rng(c, keyNode) : undefined, attributes: attrs, scope: '.' };
}

function workflowFact(c: Ctx, root: Node, attrs: FactObject, nameNode?: Node | null): Fact {
  return { id: `${c.file}#workflow`, kind: 'ci-workflow', provider: c.provider === 'github' ? 'github' : 'generic', type: `${c.provider}-ci`, address: `workflow ${c.workflow}`, name: c.workflow, file: c.file, range: rng(c, root), nameRange: nameNode ? rng(c, nameNode) : c.pm.firstLine(), attributes: { provider: c.provider, name: c.workflow, ...attrs }, scope: '.' };
}

const UNTRUSTED = new Set(['issue_comment', 'pull_request_review_comment', 'pull_request_review', 'issues', 'pull_request_target', 'discussion_comment']);

function triggersOf(node: unknown): string[] {
  if (isScalar(node)) return [String(node.value)];
  if (isSeq(node)) return node.items.map((x) => scalarStr(x)).filter((x): x is string => !!x);
  return [...pairs(node).keys()];
}

function writePerms(node: unknown): string[] {
  const s = scalarStr(node);
  if (s) return s === 'write-all' ? ['all'] : [];
  return [...pairs(node).entries()].filter(([, v]) => scalarStr(v.value) === 'write').map(([k]) => k);
}

// ───────────── GitHub Actions ─────────────

export function readGithubWorkflow(file: string, text: string): CiOut {
  const out: CiOut = { facts: [], problems: [] };
  const pm = new PositionMap(text);
  const doc = loadYaml(file, text, pm, out);
  if (!doc || !isMap(doc.contents)) {
    if (doc && doc.errors.length === 0) out.problems.push(problem(file, 'parse/ci-workflow', 'The workflow file does not hold a mapping.', 'warning'));
    return out;
  }
  const top = pairs(doc.contents);
  const name = scalarStr(top.get('name')?.value) ?? basename(file).replace(/\.ya?ml$/, '');
  const c: Ctx = { file, pm, book: new AddressBook(), out, provider: 'github', workflow: name };
  const triggers = triggersOf(top.get('on')?.value ?? top.get('true')?.value);
  const untrusted = triggers.filter((t) => UNTRUSTED.has(t));
  const topWrite = writePerms(top.get('permissions')?.value);
  const jobs = pairs(top.get('jobs')?.value);
  out.facts.push(workflowFact(c, doc.contents as Node, { triggers, pullRequest: triggers.some((t) => t.startsWith('pull_request')), jobs: jobs.size, writePermissions: topWrite }, top.get('name')?.value));
  addSecretsFrom(c, top.get('env')?.value, 'env');
  for (const [jobId, job] of jobs) {
    const jp = pairs(job.value);
    const jobWrite = jp.has('permissions') ? writePerms(jp.get('permissions')?.value) : topWrite;
    addSecretsFrom(c, jp.get('env')?.value, `jobs.${jobId}.env`);
    const env = jp.get('environment')?.value;
    if (env) {
      const envName = scalarStr(env) ?? scalarStr(pairs(env).get('name')?.value) ?? 'environment';
      out.facts.push(stepFact(c, jobId, `environment ${envName}`, { categories: ['review'], tool: 'environment' }, env as Node, { environment: envName, note: 'required reviewers are set on the environment, outside the repository' }, jp.get('environment')?.key));
    }
    const reusable = scalarStr(jp.get('uses')?.value);
    if (reusable) {
      const cl = classifyUses(reusable, stringMap(jp.get('with')?.value));
      if (cl) out.facts.push(stepFact(c, jobId, reusable, cl, job.value as Node, { uses: reusable }, job.key));
    }
    seqItems(jp.get('steps')?.value).forEach((step, index) => {
      const sp = pairs(step);
      const uses = scalarStr(sp.get('uses')?.value);
      const run = scalarStr(sp.get('run')?.value);
      const w = stringMap(sp.get('with')?.value);
      const label = scalarStr(sp.get('name')?.value) ?? uses ?? `step ${index + 1}`;
      addSecretsFrom(c, sp.get('with')?.value, `jobs.${jobId}.steps.${index}.with`);
      addSecretsFrom(c, sp.get('env')?.value, `jobs.${jobId}.steps.${index}.env`);
      const found: Classified[] = [];
      if (uses) {
        const cl = classifyUses(uses, w);
        if (cl) found.push(cl);
      }
      if (run) for (const cl of classifyRun(run)) if (!found.some((f) => f.tool === cl.tool)) found.push(cl);
      for (const cl of found) {
        const extra: FactObject = {};
        if (uses) extra.uses = uses;
        if (cl.categories.includes('ai-agent')) {
          Object.assign(extra, agentArgs(w, run));
          extra.writePermissions = jobWrite;
          extra.untrustedTriggers = untrusted;
          extra.triggers = triggers;
          if (w.anthropic_api_key !== undefined || w.openai_api_key !== undefined) extra.apiKeyFromSecret = /\$\{\{\s*secrets\./.test(w.anthropic_api_key ?? w.openai_api_key ?? '');
        }
        out.facts.push(stepFact(c, jobId, label, cl, step, extra, sp.get('uses')?.key ?? sp.get('run')?.key));
      }
    });
  }
  return out;
}

// ───────────── GitLab CI ─────────────

const GITLAB_RESERVED = new Set(['stages', 'variables', 'include', 'default', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'types', 'spec']);

export function readGitlabCi(file: string, text: string): CiOut {
  const out: CiOut = { facts: [], problems: [] };
  const pm = new PositionMap(text);
  const doc = loadYaml(file, text, pm, out);
  if (!doc || !isMap(doc.contents)) return out;
  const top = pairs(doc.contents);
  const c: Ctx = { file, pm, book: new AddressBook(), out, provider: 'gitlab', workflow: basename(file) };
  const jobs = [...top.entries()].filter(([k, v]) => !GITLAB_RESERVED.has(k) && !k.startsWith('.') && isMap(v.value));
  out.facts.push(workflowFact(c, doc.contents as Node, { jobs: jobs.length, stages: seqItems(top.get('stages')?.value).map((x) => scalarStr(x) ?? '') }));
  addSecretsFrom(c, top.get('variables')?.value, 'variables');
  const inc = top.get('include');
  const includes = isSeq(inc?.value) ? (inc!.value as { items: Node[] }).items : inc?.value ? [inc.value] : [];
  for (const item of includes) {
    const ref = scalarStr(item) ?? scalarStr(pairs(item).get('template')?.value) ?? scalarStr(pairs(item).get('component')?.value) ?? scalarStr(pairs(item).get('remote')?.value) ?? '';
    for (const [re, cl] of GITLAB_TEMPLATES) {
      if (re.test(ref)) {
        out.facts.push(stepFact(c, 'include', ref, cl, item, { template: ref }));
        break;
      }
    }
  }
  for (const [jobId, job] of jobs) {
    const jp = pairs(job.value);
    addSecretsFrom(c, jp.get('variables')?.value, `${jobId}.variables`);
    const script = [textOfScript(jp.get('before_script')?.value), textOfScript(jp.get('script')?.value)].join('\n');
    const imageNode = jp.get('image')?.value;
    const image = scalarStr(imageNode) ?? scalarStr(pairs(imageNode).get('name')?.value) ?? '';
    const found = classifyRun(script);
    if (/semgrep/.test(image) && !found.some((f) => f.tool === 'semgrep')) found.push({ categories: ['sast'], tool: 'semgrep' });
    if (/gitleaks/.test(image) && !found.some((f) => f.tool === 'gitleaks')) found.push({ categories: ['secret-scan'], tool: 'gitleaks' });
    if (/trufflehog/.test(image) && !found.some((f) => f.tool === 'trufflehog')) found.push({ categories: ['secret-scan'], tool: 'trufflehog' });
    if (scalarStr(jp.get('when')?.value) === 'manual') found.push({ categories: ['review'], tool: 'manual-job' });
    for (const cl of found) out.facts.push(stepFact(c, jobId, jobId, cl, job.value as Node, image ? { image } : {}, job.key));
  }
  return out;
}

// ───────────── Azure Pipelines ─────────────

export function readAzurePipelines(file: string, text: string): CiOut {
  const out: CiOut = { facts: [], problems: [] };
  const pm = new PositionMap(text);
  const doc = loadYaml(file, text, pm, out);
  if (!doc || !isMap(doc.contents)) return out;
  const top = pairs(doc.contents);
  const c: Ctx = { file, pm, book: new AddressBook(), out, provider: 'azure', workflow: scalarStr(top.get('name')?.value) ?? basename(file) };
  out.facts.push(workflowFact(c, doc.contents as Node, { triggers: triggersOf(top.get('trigger')?.value), pullRequest: top.has('pr') }));
  addSecretsFrom(c, top.get('variables')?.value, 'variables');
  const steps = (node: unknown, job: string) => {
    seqItems(node).forEach((step, index) => {
      const sp = pairs(step);
      const task = scalarStr(sp.get('task')?.value);
      const script = scalarStr(sp.get('script')?.value) ?? scalarStr(sp.get('bash')?.value) ?? scalarStr(sp.get('pwsh')?.value) ?? scalarStr(sp.get('powershell')?.value);
      const label = scalarStr(sp.get('displayName')?.value) ?? task ?? `step ${index + 1}`;
      const found: Classified[] = [];
      if (task) {
        const tname = task.split('@')[0];
        for (const [re, cl] of AZURE_TASKS) if (re.test(tname)) found.push(cl);
        const inputs = stringMap(sp.get('inputs')?.value);
        if (/^SnykSecurityScan$/i.test(tname) && inputs.testType === 'code') found.splice(0, found.length, { categories: ['sast'], tool: 'snyk-code' });
        const inline = inputs.script ?? inputs.inlineScript;
        if (inline) found.push(...classifyRun(inline));
        addSecretsFrom(c, sp.get('inputs')?.value, `${job}.steps.${index}.inputs`);
      }
      if (script) found.push(...classifyRun(script));
      addSecretsFrom(c, sp.get('env')?.value, `${job}.steps.${index}.env`);
      for (const cl of found) out.facts.push(stepFact(c, job, label, cl, step, task ? { task } : {}, sp.get('task')?.key ?? sp.get('script')?.key));
    });
  };
  const jobs = (node: unknown, prefix: string) => {
    seqItems(node).forEach((job, index) => {
      const jp = pairs(job);
      const id = scalarStr(jp.get('job')?.value) ?? scalarStr(jp.get('deployment')?.value) ?? `job${index + 1}`;
      const env = jp.get('environment')?.value;
      if (env) {
        const envName = scalarStr(env) ?? scalarStr(pairs(env).get('name')?.value) ?? 'environment';
        out.facts.push(stepFact(c, prefix + id, `environment ${envName}`, { categories: ['review'], tool: 'environment' }, env as Node, { environment: envName, note: 'approvals and checks are set on the environment, outside the repository' }, jp.get('environment')?.key));
      }
      steps(jp.get('steps')?.value, prefix + id);
      const strategy = pairs(jp.get('strategy')?.value);
      for (const [, s] of strategy) for (const [, phase] of pairs(s.value)) steps(pairs(phase.value).get('steps')?.value, prefix + id);
    });
  };
  steps(top.get('steps')?.value, 'main');
  jobs(top.get('jobs')?.value, '');
  seqItems(top.get('stages')?.value).forEach((stage, index) => {
    const sp = pairs(stage);
    jobs(sp.get('jobs')?.value, `${scalarStr(sp.get('stage')?.value) ?? `stage${index + 1}`}/`);
  });
  return out;
}

// ───────────── Dependabot / Renovate ─────────────

export function readDependabot(file: string, text: string): CiOut {
  const out: CiOut = { facts: [], problems: [] };
  const pm = new PositionMap(text);
  const doc = loadYaml(file, text, pm, out);
  if (!doc || !isMap(doc.contents)) return out;
  const top = pairs(doc.contents);
  const c: Ctx = { file, pm, book: new AddressBook(), out, provider: 'github', workflow: 'dependabot' };
  const updates = seqItems(top.get('updates')?.value);
  const ecosystems = updates.map((u) => scalarStr(pairs(u).get('package-ecosystem')?.value)).filter((x): x is string => !!x);
  out.facts.push(stepFact(c, 'dependabot', 'dependabot', { categories: ['dependency-scan'], tool: 'dependabot' }, doc.contents as Node, { ecosystems, updates: updates.length }, top.get('updates')?.key));
  return out;
}

export function readRenovate(file: string, value: FactValue, pm: PositionMap): CiOut {
  const out: CiOut = { facts: [], problems: [] };
  const c: Ctx = { file, pm, book: new AddressBook(), out, provider: 'github', workflow: 'renovate' };
  const address = c.book.take('step renovate/renovate');
  const ext = value && typeof value === 'object' && !Array.isArray(value) ? value.extends : undefined;
  out.facts.push({ id: `${file}#${address}`, kind: 'ci-step', provider: 'generic', type: 'dependency-scan', address, name: 'renovate', file, range: pm.whole(), nameRange: pm.firstLine(), attributes: { provider: 'github', workflow: 'renovate', job: 'renovate', step: 'renovate', tool: 'renovate', categories: ['dependency-scan'], extends: Array.isArray(ext) ? ext : [] }, scope: '.' });
  return out;
}

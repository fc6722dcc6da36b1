/**
 * Tier and modifier signals of the code, manifest and repository facts, and the grouping of
 * code and manifest facts into code services.
 *
 * Tier rules (each with the fact as evidence):
 * - LLM client import / construction / inference call → L4
 * - agent frameworks, tools given to a model, hand-written tool loops, MCP clients and
 *   servers, code-execution and computer-use tools → L5
 * - training calls in a file that imports a training library → L6 (the import alone is not)
 * - model-serving libraries and serving calls → L7
 * - multi-agent frameworks and patterns (group chats, crews, handoffs, supervisors, A2A) → L8
 * - AI-assisted-development markers, coding-agent CLIs and AI agents in CI → L2
 * A declared dependency signals what an import of the same package would.
 */
import type { FactQuery } from '../../catalogue/types';
import type { Evidence, Fact, ModifierId, Rating, Tier } from '../../model';
import type { ModifierSignal, WorkloadDraft } from '../../plugin';
import { evidence, perScan, scanList } from '../../facts';
import { packageForDependency, stripGoMajor, type Ecosystem } from './packages';
import { languageName, manifestRoot, serviceRootFor } from './service';
import { basename, isUnder } from './text';

type TierSig = { tier: Tier; pattern: string; evidence: Evidence[] };

const CALL_TIER: Partial<Record<string, [Tier, string]>> = {
  'llm-client': ['L4', 'creates an LLM API client'],
  inference: ['L4', 'runs model inference'],
  'tool-use': ['L5', 'gives the model tools to call'],
  tool: ['L5', 'defines a tool for a model or agent'],
  'tool-loop': ['L5', 'runs a hand-written tool-calling loop'],
  agent: ['L5', 'builds or runs an agent'],
  'mcp-server': ['L5', 'serves tools over the Model Context Protocol'],
  'mcp-client': ['L5', 'connects an agent to MCP tool servers'],
  'code-exec': ['L5', 'lets the agent execute code or shell commands'],
  'computer-use': ['L5', 'gives the agent a computer-use or browser tool'],
  training: ['L6', 'trains or fine-tunes a model'],
  serving: ['L7', 'serves a model'],
  'multi-agent': ['L8', 'coordinates several agents'],
};

function pkgOf(fact: Fact) {
  const eco = fact.attributes.ecosystem;
  if (typeof eco !== 'string') return undefined;
  return packageForDependency(eco as Ecosystem, fact.type);
}

/** Tier signals of any fact kind produced by the code, manifest and repository parsers. */
export function tierSignalsOf(fact: Fact): TierSig[] {
  switch (fact.kind) {
    case 'import':
    case 'dependency': {
      const pkg = pkgOf(fact);
      if (!pkg || !pkg.tier) return [];
      const verb = fact.kind === 'import' ? 'imports' : 'declares a dependency on';
      return [{ tier: pkg.tier, pattern: `${verb} ${fact.type} (${pkg.label})`, evidence: [evidence(fact, `${verb} ${fact.type}`)] }];
    }
    case 'call': {
      const cat = String(fact.attributes.category ?? fact.type);
      const t = CALL_TIER[cat];
      if (!t) return [];
      const pattern = String(fact.attributes.pattern ?? cat);
      return [{ tier: t[0], pattern: `${t[1]} (${pattern})`, evidence: [evidence(fact, `${pattern}: ${t[1]}`)] }];
    }
    case 'marker':
      return [{ tier: 'L2', pattern: `AI-assisted development marker (${fact.type})`, evidence: [evidence(fact, `${fact.file} configures an AI coding assistant`)] }];
    case 'ci-step':
      if (fact.type === 'ai-agent' || (Array.isArray(fact.attributes.categories) && fact.attributes.categories.includes('ai-agent')))
        return [{ tier: 'L2', pattern: 'AI coding agent runs in CI', evidence: [evidence(fact, `${String(fact.attributes.tool ?? 'an AI agent')} runs in a CI workflow`)] }];
      return [];
    default:
      return [];
  }
}

export function codeTierSignals(fact: Fact, _all?: FactQuery): TierSig[] {
  return tierSignalsOf(fact);
}

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}
const PAY = new Set(['pay', 'payment', 'payments', 'refund', 'refunds', 'transfer', 'transfers', 'payout', 'payouts', 'charge', 'invoice', 'wire', 'purchase', 'checkout', 'withdraw', 'withdrawal', 'deposit', 'billing']);

function effectsOf(fact: Fact): Set<string> {
  const fx = new Set<string>(Array.isArray(fact.attributes.effects) ? (fact.attributes.effects as string[]) : []);
  const names: string[] = [];
  if (typeof fact.attributes.toolName === 'string') names.push(fact.attributes.toolName);
  if (Array.isArray(fact.attributes.toolNames)) for (const n of fact.attributes.toolNames) if (typeof n === 'string') names.push(n);
  for (const n of names) {
    const w = words(n);
    if (w.some((x) => PAY.has(x))) fx.add('payment');
    if (/^computer_\d{8}$/.test(n)) fx.add('computer-use');
  }
  return fx;
}

const mod = (modifier: ModifierId, rating: Rating, fact: Fact, why: string, path?: string): ModifierSignal => ({ modifier, rating, evidence: [evidence(fact, why, path)] });

/** Modifier signals of any fact kind produced by the code, manifest and repository parsers. */
export function modifierSignalsOf(fact: Fact): ModifierSignal[] {
  const a = fact.attributes;
  const out: ModifierSignal[] = [];
  if (fact.kind === 'call') {
    const cat = String(a.category ?? fact.type);
    const pattern = String(a.pattern ?? cat);
    switch (cat) {
      case 'auto-approve': {
        const partial = a.mode === 'acceptEdits';
        out.push(mod('autonomy', partial ? 'medium' : 'high', fact, partial ? `${pattern}: file edits are accepted without asking` : `${pattern}: actions run without human approval`, 'value'));
        break;
      }
      case 'human-approval':
        out.push(mod('autonomy', 'low', fact, `${pattern}: a person approves actions before they run`, 'value'));
        break;
      case 'code-exec':
        if (a.sandbox === true) out.push(mod('integrationPrivilege', 'medium', fact, `${pattern}: code runs in a sandbox`));
        else {
          if (a.needsApproval === true) out.push(mod('autonomy', 'medium', fact, `${pattern}: commands run without a sandbox, after a person approves the tool call`));
          else out.push(mod('autonomy', 'high', fact, `${pattern}: model-chosen code or commands run without a sandbox`));
          out.push(mod('integrationPrivilege', 'high', fact, `${pattern}: the agent can run shell commands or code on the host`));
        }
        break;
      case 'computer-use':
        out.push(mod('physicalEffect', 'high', fact, `${pattern}: the agent operates a computer or browser`));
        out.push(mod('integrationPrivilege', 'medium', fact, `${pattern}: the agent acts through a user interface`));
        break;
      case 'loop-cap':
        if (a.unbounded === true) out.push(mod('autonomy', 'high', fact, `${pattern} removes the loop limit`, 'value'));
        break;
      case 'tool-loop':
        if (a.unbounded === true) out.push(mod('autonomy', 'high', fact, `${pattern} inside an endless loop with no step limit`));
        break;
      case 'mcp-server':
        out.push(mod('integrationPrivilege', 'medium', fact, `${pattern}: exposes tools to AI clients`));
        break;
      case 'web-endpoint':
        out.push(mod('exposure', 'medium', fact, a.bindsAllInterfaces === true ? `${pattern}: the web server listens on all interfaces` : `${pattern}: the service serves HTTP routes`));
        break;
    }
    if (cat === 'tool' || cat === 'tool-use') {
      const fx = effectsOf(fact);
      const label = typeof a.toolName === 'string' ? `tool ${a.toolName}` : pattern;
      if (fx.has('payment')) {
        out.push(mod('physicalEffect', 'high', fact, `${label} moves money (payment, refund or transfer)`));
        out.push(mod('integrationPrivilege', 'high', fact, `${label} acts on a payment system`));
      }
      if (fx.has('computer-use')) out.push(mod('physicalEffect', 'high', fact, `${label} operates a computer`));
      if (fx.has('shell')) out.push(mod('integrationPrivilege', 'high', fact, `${label} runs shell commands`));
      else if (fx.has('shell-named') || fx.has('process')) out.push(mod('integrationPrivilege', 'medium', fact, `${label} starts processes`));
      if (fx.has('email')) out.push(mod('integrationPrivilege', 'high', fact, `${label} sends messages on the user's behalf`));
      if (fx.has('write')) out.push(mod('integrationPrivilege', 'high', fact, `${label} writes to a data store or system`));
      if (a.needsApproval === true) out.push(mod('autonomy', 'low', fact, `${label} asks for approval before it runs`));
    }
  } else if (fact.kind === 'import' && fact.type === 'browser-use') {
    out.push(mod('physicalEffect', 'high', fact, 'browser-use lets the agent act in a web browser'));
  } else if (fact.kind === 'marker') {
    if (a.bypassPermissions === true) out.push(mod('autonomy', 'high', fact, 'the coding agent skips permission prompts (bypassPermissions)', 'permissions.defaultMode'));
    if (Array.isArray(a.broadAllows) && a.broadAllows.length > 0) {
      out.push(mod('autonomy', 'high', fact, `the coding agent may run ${a.broadAllows.join(', ')} without asking`, 'permissions.allow'));
      if (a.broadAllows.some((x) => typeof x === 'string' && /^Bash/.test(x))) out.push(mod('integrationPrivilege', 'high', fact, 'the coding agent may run any shell command', 'permissions.allow'));
    }
    if (a.skipDangerousPrompt === true) out.push(mod('autonomy', 'high', fact, 'the dangerous-mode confirmation is turned off', 'skipDangerousModePermissionPrompt'));
    if (fact.type === 'mcp-config' && typeof a.localServers === 'number' && a.localServers > 0) out.push(mod('integrationPrivilege', 'medium', fact, `${a.localServers} MCP server(s) run as local processes`));
  } else if (fact.kind === 'ci-step' && fact.type === 'ai-agent') {
    if (a.skipPermissions === true) out.push(mod('autonomy', 'high', fact, 'the CI agent skips permission checks', 'with'));
    if (Array.isArray(a.broadTools) && a.broadTools.length > 0) out.push(mod('autonomy', 'high', fact, `the CI agent may run ${a.broadTools.join(', ')} unattended`, 'with'));
    if (Array.isArray(a.writePermissions) && a.writePermissions.length > 0) out.push(mod('integrationPrivilege', 'medium', fact, `the CI agent's job can write ${a.writePermissions.join(', ')}`));
    if (Array.isArray(a.untrustedTriggers) && a.untrustedTriggers.length > 0) out.push(mod('exposure', 'medium', fact, `anyone who can comment or open issues can start the agent (${a.untrustedTriggers.join(', ')})`));
  }
  return out;
}

export function codeModifierSignals(fact: Fact, _all?: FactQuery): ModifierSignal[] {
  return modifierSignalsOf(fact);
}

// ───────────── grouping ─────────────

const SERVICE_KINDS = new Set(['import', 'call', 'manifest', 'dependency', 'secret']);

interface Service {
  root: string;
  members: Fact[];
  hasCode: boolean;
}

/**
 * The facts of the scan a code service can hold (the plugin's own are among them), in scan
 * order. Through a scanIndex, so editing Terraform or YAML does not re-run the grouping.
 */
function factsOf(all: FactQuery): readonly Fact[] {
  // compute() looks at these kinds only; the plugin's own facts of them are in the scan.
  return scanList(all, 'code:service-facts', (f) => SERVICE_KINDS.has(f.kind));
}

const MANIFEST_PREFERENCE = ['pyproject.toml', 'package.json', 'go.mod', 'pom.xml', 'build.gradle.kts', 'build.gradle', 'Pipfile', 'setup.cfg'];

function serviceLabel(svc: Service): string {
  const manifests = svc.members.filter((f) => f.kind === 'manifest' && manifestRoot(f.file) === svc.root);
  manifests.sort((x, y) => rank(x) - rank(y));
  for (const m of manifests) {
    const n = m.attributes.projectName;
    if (typeof n === 'string' && n.trim()) {
      if (m.attributes.ecosystem === 'go') return basename(stripGoMajor(n));
      return n.includes(':') ? n.split(':').pop()! : n;
    }
  }
  if (svc.root === '.') return 'root';
  return basename(svc.root);
}

function rank(f: Fact): number {
  const i = MANIFEST_PREFERENCE.indexOf(basename(f.file));
  return i < 0 ? (/\.csproj$/.test(f.file) ? 4 : 50) : i;
}

function languagesOf(svc: Service): string[] {
  const count = new Map<string, number>();
  for (const f of svc.members) {
    if ((f.kind === 'import' || f.kind === 'call') && typeof f.attributes.language === 'string') {
      const l = languageName(f.attributes.language);
      count.set(l, (count.get(l) ?? 0) + 1);
    }
  }
  if (count.size === 0) {
    for (const f of svc.members) if (f.kind === 'manifest' && typeof f.attributes.ecosystem === 'string') count.set(languageName(f.attributes.ecosystem), 1);
  }
  return [...count.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([l]) => l);
}

const TIER_N = (t: Tier) => Number(t.slice(1));

function compute(all: FactQuery) {
  const every = factsOf(all);
  // service roots: manifest folders
  const roots = new Set<string>();
  for (const f of every) if (f.kind === 'manifest') roots.add(manifestRoot(f.file));
  const services = new Map<string, Service>();
  const envSecrets: Fact[] = [];
  for (const f of every) {
    if (!SERVICE_KINDS.has(f.kind)) continue;
    const fromRepo = f.kind === 'secret' && typeof f.attributes.source === 'string';
    if (fromRepo) {
      if (f.attributes.source === 'env') envSecrets.push(f);
      continue;
    }
    const root = f.kind === 'manifest' || f.kind === 'dependency' ? manifestRoot(f.file) : (f.scope ?? serviceRootFor(f.file, roots));
    let svc = services.get(root);
    if (!svc) services.set(root, (svc = { root, members: [], hasCode: false }));
    svc.members.push(f);
    if (f.kind === 'import' || f.kind === 'call') svc.hasCode = true;
  }
  // committed .env files join the service whose folder holds them
  for (const f of envSecrets) {
    const root = f.scope ?? serviceRootFor(f.file, roots);
    const svc = services.get(root) ?? [...services.values()].filter((s) => isUnder(f.file, s.root)).sort((x, y) => y.root.length - x.root.length)[0];
    if (svc) svc.members.push(f);
  }
  const code: WorkloadDraft[] = [];
  const manifests: WorkloadDraft[] = [];
  const claimed = new Set<string>();
  for (const svc of [...services.values()].sort((x, y) => x.root.localeCompare(y.root))) {
    let best: { fact: Fact; tier: number } | undefined;
    for (const f of svc.members) {
      for (const s of tierSignalsOf(f)) {
        const n = TIER_N(s.tier);
        if (!best || n > best.tier) best = { fact: f, tier: n };
      }
    }
    if (!best) continue;
    const sorted = [...svc.members].sort((x, y) => x.file.localeCompare(y.file) || x.range.start.line - y.range.start.line || x.id.localeCompare(y.id));
    const manifest = sorted.filter((f) => f.kind === 'manifest' && manifestRoot(f.file) === svc.root && Array.isArray(f.attributes.aiPackages) && f.attributes.aiPackages.length > 0).sort((x, y) => rank(x) - rank(y))[0];
    const langs = languagesOf(svc);
    const draft: WorkloadDraft = {
      kind: 'code',
      name: `${serviceLabel(svc)} (${svc.root}${langs.length ? ', ' + langs.join('/') : ''})`,
      root: svc.root,
      members: sorted.map((f) => f.id),
      anchorFactId: (manifest ?? best.fact).id,
    };
    for (const id of draft.members) claimed.add(id);
    (svc.hasCode ? code : manifests).push(draft);
  }
  return { code, manifests, claimed };
}

function drafts(facts: readonly Fact[], all: FactQuery) {
  // Shared by the code and manifest plugins (and their claimed ids) within one analysis; through
  // perScan, whoever reuses it also depends on what it read.
  return perScan(all, 'code:service-drafts', () => compute(all));
}

/**
 * Code-service workload drafts. `code` returns the services that contain code facts; `manifests`
 * the services known only from their manifests — so the two plugins never return the same draft.
 */
export function codeGroup(facts: readonly Fact[], all: FactQuery, mode: 'code' | 'manifests'): WorkloadDraft[] {
  const d = drafts(facts, all);
  return mode === 'code' ? d.code : d.manifests;
}

/** Fact ids already members of a code-service draft. */
export function claimedByCodeServices(facts: readonly Fact[], all: FactQuery): Set<string> {
  return drafts(facts, all).claimed;
}

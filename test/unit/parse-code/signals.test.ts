import assert from 'node:assert/strict';
import type { Fact, Tier } from '../../../src/core/model';
import { factQuery } from '../../../src/core/facts';
import { codePlugin } from '../../../src/core/parse/code';
import { manifestsPlugin } from '../../../src/core/parse/manifests';
import { repoPlugin } from '../../../src/core/parse/repo';
import { parseFixture, parseText, parseTree } from './helpers';

const tiers = (facts: Fact[]): Tier[] => [...new Set(facts.flatMap((f) => codePlugin.tierSignals!(f, factQuery(facts)).map((s) => s.tier)))].sort();
const top = (facts: Fact[]): Tier | undefined => tiers(facts).pop();
const mods = (facts: Fact[]) => facts.flatMap((f) => codePlugin.modifierSignals!(f, factQuery(facts)));

describe('parse-code: tier signals', () => {
  it('L4 for an LLM client, L5 for agents and tools, L8 for multi-agent, L6 only with training calls, L2 for markers', () => {
    assert.equal(top(parseText('a.py', 'from openai import OpenAI\nc = OpenAI()\n').facts), 'L4');
    assert.equal(top(parseFixture('lang/mcp_server.py').facts), 'L5');
    assert.equal(top(parseFixture('lang/langgraph_app.py').facts), 'L8');
    assert.equal(top(parseFixture('lang/crew.py').facts), 'L8');
    assert.equal(top(parseText('m.py', 'import torch\nmodel = torch.nn.Linear(2, 2)\n').facts), undefined, 'importing torch alone is no tier');
    assert.equal(top(parseFixture('repo/ml/train.py').facts), 'L6');
    assert.equal(top(parseText('CLAUDE.md', '# notes').facts), 'L2');
    assert.equal(top(parseText('.github/copilot-instructions.md', 'Use tabs').facts), 'L2');
    assert.equal(top(parseText('v.py', 'from vllm import LLM\nllm = LLM(model="m")\n').facts), 'L7');
    const sig = codePlugin.tierSignals!(parseText('a.py', 'import anthropic\n').facts[0], factQuery([]))[0];
    assert.equal(sig.evidence[0].file, 'a.py');
    assert.equal(sig.evidence[0].range.start.line, 0);
  });

  it('dependencies signal like imports; guardrail and observability packages do not', () => {
    const pf = parseText('requirements.txt', 'openai==1.0\nlanggraph-supervisor\nlangsmith\nnemoguardrails\n');
    const byType = new Map(pf.facts.map((f) => [f.type, manifestsPlugin.tierSignals!(f, factQuery(pf.facts)).map((s) => s.tier)]));
    assert.deepEqual(byType.get('openai'), ['L4']);
    assert.deepEqual(byType.get('langgraph-supervisor'), ['L8']);
    assert.deepEqual(byType.get('langsmith'), []);
    assert.deepEqual(byType.get('nemoguardrails'), []);
  });

  it('an AI agent in CI is L2; plain CI steps carry no tier', () => {
    const facts = parseTree('repo').filter((p) => p.kind === 'ci').flatMap((p) => p.facts);
    const withTier = facts.filter((f) => f.kind === 'ci-step' && repoPlugin.tierSignals!(f, factQuery(facts)).length > 0);
    assert.deepEqual(withTier.map((f) => f.attributes.tool), ['claude-code']);
  });
});

describe('parse-code: modifier signals', () => {
  it('autonomy high for auto-approval and unsandboxed execution, low where approvals exist', () => {
    const autogen = mods(parseFixture('lang/autogen_chat.py').facts);
    assert.ok(autogen.some((m) => m.modifier === 'autonomy' && m.rating === 'high' && m.evidence[0].why.includes('human_input_mode')));
    assert.ok(autogen.some((m) => m.modifier === 'autonomy' && m.rating === 'low'));
    assert.ok(autogen.some((m) => m.modifier === 'integrationPrivilege' && m.rating === 'high'));
    const langgraph = mods(parseFixture('lang/langgraph_app.py').facts);
    const unbounded = langgraph.find((m) => m.modifier === 'autonomy' && m.rating === 'high')!;
    assert.equal(unbounded.evidence[0].range.start.line, 16, 'evidence on the recursion_limit=None line');
  });

  it('payment tools raise the physical effect; shell tools and writes raise integration privilege', () => {
    const m = mods(parseFixture('repo/services/support-agent/support_agent/agent.py').facts);
    const phy = m.filter((x) => x.modifier === 'physicalEffect' && x.rating === 'high');
    assert.ok(phy.length > 0);
    assert.equal(phy[0].evidence[0].range.start.line, 16, 'on the refund_payment tool');
    assert.ok(m.some((x) => x.modifier === 'integrationPrivilege' && x.rating === 'high' && x.evidence[0].why.includes('shell')));
    const approvedShell = m.filter((x) => x.evidence[0].why.includes('subprocess.run'));
    assert.ok(approvedShell.some((x) => x.modifier === 'autonomy' && x.rating === 'medium'), 'the shell tool needs approval, so autonomy is not high');
    assert.ok(!approvedShell.some((x) => x.modifier === 'autonomy' && x.rating === 'high'));
    const cu = mods(parseFixture('lang/raw_loop.py').facts);
    assert.ok(cu.some((x) => x.modifier === 'physicalEffect' && x.rating === 'high'));
    assert.ok(cu.some((x) => x.modifier === 'autonomy' && x.rating === 'high' && x.evidence[0].why.includes('endless loop')));
  });

  it('exposure medium (a heuristic) for a web server on all interfaces', () => {
    const m = mods(parseFixture('repo/services/support-agent/support_agent/api.py').facts);
    const exp = m.filter((x) => x.modifier === 'exposure');
    assert.equal(exp.length, 1);
    assert.equal(exp[0].rating, 'medium');
    assert.equal(exp[0].evidence[0].range.start.line, 14);
  });

  it('bypassPermissions and Bash(*) in Claude settings make the repository agent autonomous', () => {
    const facts = parseTree('repo').filter((p) => p.file === '.claude/settings.json').flatMap((p) => p.facts);
    const m = facts.flatMap((f) => repoPlugin.modifierSignals!(f, factQuery(facts)));
    assert.ok(m.filter((x) => x.modifier === 'autonomy' && x.rating === 'high').length >= 2);
    assert.ok(m.some((x) => x.modifier === 'integrationPrivilege' && x.rating === 'high'));
  });
});

describe('parse-code: grouping', () => {
  const files = parseTree('repo');
  const facts = files.flatMap((p) => p.facts);
  const q = factQuery(facts);
  const code = codePlugin.group!(facts.filter((f) => f.kind === 'import' || f.kind === 'call'), q);
  const manifestOnly = manifestsPlugin.group!(facts.filter((f) => f.kind === 'manifest' || f.kind === 'dependency'), q);
  const repo = repoPlugin.group!(facts.filter((f) => ['marker', 'ci-workflow', 'ci-step', 'codeowners'].includes(f.kind)), q);

  it('one code workload per service folder with a tier signal, named after the manifest', () => {
    assert.deepEqual(code.map((d) => d.name), ['ml (ml, Python)', 'support-agent (services/support-agent, Python)', 'support-web (web, TypeScript)']);
    const agent = code.find((d) => d.root === 'services/support-agent')!;
    assert.equal(agent.kind, 'code');
    const members = agent.members.map((id) => q.byId(id)!);
    assert.ok(members.some((f) => f.file.endsWith('api.py')), 'the web entry point without AI imports joins its service');
    assert.ok(members.some((f) => f.kind === 'manifest'));
    assert.ok(!members.some((f) => f.file.startsWith('web/')));
    assert.equal(q.byId(agent.anchorFactId)!.kind, 'manifest');
    assert.ok(!code.some((d) => d.root === 'scratch'), 'a folder with no AI signal is no workload');
    assert.equal(manifestOnly.length, 0, 'every service here has code, so the manifests plugin adds nothing');
  });

  it('a service known only from its manifest comes from the manifests plugin, never twice', () => {
    const pf = parseText('svc/requirements.txt', 'crewai==0.80\n');
    const all = factQuery(pf.facts);
    assert.equal(codePlugin.group!([], all).length, 0);
    const d = manifestsPlugin.group!(pf.facts, all);
    assert.equal(d.length, 1);
    assert.equal(d[0].name, 'svc (svc, Python)');
  });

  it('code with no manifest above it is grouped by its own folder', () => {
    const a = parseText('tools/a/x.py', 'import openai\n', ['tools/a/x.py', 'tools/b/y.py']);
    const b = parseText('tools/b/y.py', 'import anthropic\n', ['tools/a/x.py', 'tools/b/y.py']);
    const all = factQuery([...a.facts, ...b.facts]);
    assert.deepEqual(codePlugin.group!([...a.facts, ...b.facts], all).map((d) => d.root), ['tools/a', 'tools/b']);
  });

  it('repository markers form one repository workload with the CI facts, CODEOWNERS and unclaimed secrets', () => {
    assert.equal(repo.length, 1);
    const r = repo[0];
    assert.equal(r.kind, 'repository');
    assert.equal(r.name, 'AI-assisted development (repository)');
    assert.equal(r.root, '.');
    const members = r.members.map((id) => q.byId(id)!);
    for (const k of ['marker', 'ci-workflow', 'ci-step', 'codeowners']) assert.ok(members.some((f) => f.kind === k), k);
    assert.equal(q.byId(r.anchorFactId)!.file, 'CLAUDE.md');
    const claimedIds = new Set(code.flatMap((d) => d.members));
    assert.ok(r.members.every((id) => !claimedIds.has(id)), 'no fact belongs to two workloads');
    assert.ok(members.some((f) => f.kind === 'secret' && f.file === '.env'));
    assert.equal(repoPlugin.group!([], factQuery(parseText('.github/workflows/ci.yml', 'on: push\njobs: {}\n').facts)).length, 0, 'CI alone is no workload');
  });
});

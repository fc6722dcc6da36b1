// The scan pipeline with a toy input kind, so these tests do not depend on any real parser:
// inventory → grading (escalation rule, declared modifiers, overrides) → results, plus the
// project's handling of big, binary and non-UTF-8 files and incremental updates.
import assert from 'node:assert/strict';
import type { Fact, InputPlugin, ModifierId, Rating, Tier } from '../../../src/core';
import { Project } from '../../../src/core';
import { registerPlugin } from '../../../src/core/parse/register';
import { nodeAssets } from '../../../src/node/assets';
import { memorySource } from '../helpers';

/** `.toy` files: each line `workload NAME TIER [modifier=rating …]`. */
const toy: InputPlugin = {
  kind: 'code',
  title: 'Toy',
  matches: (p) => p.endsWith('.toy'),
  parse(file) {
    const facts: Fact[] = [];
    const problems: import('../../../src/core').ParseProblem[] = [];
    const lines = (file.text ?? '').split('\n');
    lines.forEach((line, i) => {
      const m = /^workload (\S+) (L[1-8])((?: \w+=\w+)*)\s*$/.exec(line);
      if (!m) {
        if (line.trim()) problems.push({ file: file.path, range: { start: { line: i, character: 0 }, end: { line: i, character: line.length } }, severity: 'error' as const, code: 'parse/toy', message: `cannot read "${line}"` });
        return;
      }
      const mods = Object.fromEntries(m[3].trim().split(' ').filter(Boolean).map((kv) => kv.split('=')));
      facts.push({
        id: `${file.path}#${m[1]}`,
        kind: 'call',
        provider: 'code',
        type: 'toy',
        address: m[1],
        name: m[1],
        file: file.path,
        range: { start: { line: i, character: 0 }, end: { line: i, character: line.length } },
        attributes: { tier: m[2], ...mods },
      });
    });
    return { file: file.path, kind: 'code', facts, problems };
  },
  tierSignals: (f) => [{ tier: f.attributes.tier as Tier, pattern: `toy ${f.name}`, evidence: [{ file: f.file, range: f.range, why: 'toy' }] }],
  modifierSignals: (f) =>
    Object.entries(f.attributes)
      .filter(([k]) => k !== 'tier')
      .map(([k, v]) => ({ modifier: k as ModifierId, rating: v as Rating, evidence: [{ file: f.file, range: f.range, why: `${k}=${v}` }] })),
  group: (facts) => facts.map((f) => ({ kind: 'code' as const, name: f.name ?? f.address, root: '.', members: [f.id], anchorFactId: f.id })),
};

async function load(files: Record<string, string | Uint8Array>, extra: Partial<ConstructorParameters<typeof Project>[0]> = {}) {
  const p = new Project({ assets: nodeAssets(), plugins: [registerPlugin, toy], today: () => '2026-12-01', ...extra });
  await p.loadAll(memorySource(files));
  return p;
}

describe('scan pipeline', () => {
  it('one workload per group, with baseline, modifiers and the escalation rule', async () => {
    const r = (await load({ 'a.toy': 'workload flow L3 autonomy=high integrationPrivilege=high physicalEffect=high\nworkload api L4 exposure=medium\n' })).result();
    assert.equal(r.workloads.length, 2);
    const flow = r.assessments.find((a) => a.workloadId.endsWith(':flow'))!;
    assert.equal(flow.baselineTier, 'L3');
    assert.equal(flow.effectiveTier, 'L6');
    assert.equal(flow.zone, 'advanced');
    assert.equal(flow.formalRiskAssessmentRequired, true);
    assert.deepEqual([...flow.highModifiers].sort(), ['autonomy', 'integrationPrivilege', 'physicalEffect']);
    assert.equal(flow.modifiers.autonomy.source, 'inferred');
    assert.equal(flow.modifiers.exposure.source, 'default');
    assert.ok(flow.requiredControls.includes('ARG-GOV-005'), 'two or more High require the formal risk assessment control');
    const api = r.assessments.find((a) => a.workloadId.endsWith(':api'))!;
    assert.equal(api.effectiveTier, 'L4');
    assert.equal(api.formalRiskAssessmentRequired, false);
    assert.ok(!api.requiredControls.includes('ARG-GOV-005'));
    assert.ok(!api.requiredControls.includes('ARG-IAM-004'), 'an advanced control is not required at L4');
  });

  it('caps the effective tier at L8', async () => {
    const r = (await load({ 'a.toy': 'workload mesh L7 exposure=high autonomy=high dataSensitivity=high\n' })).result();
    assert.equal(r.assessments[0].effectiveTier, 'L8');
  });

  it('declared modifiers and tier overrides in the register win, and owners are applied', async () => {
    const register = [
      'version: 1',
      'workloads:',
      '  - name: api',
      '    owner: team-payments',
      '    modifiers:',
      '      exposure: { rating: high, justification: "public partner API" }',
      '  - name: flow',
      '    tierOverride: { tier: L5, justification: "reviewed by security", approver: ciso }',
      '',
    ].join('\n');
    const r = (await load({ 'a.toy': 'workload api L4 exposure=low\nworkload flow L3\n', 'ai-asset-register.yaml': register })).result();
    const api = r.assessments.find((a) => a.workloadId.endsWith(':api'))!;
    assert.equal(api.modifiers.exposure.rating, 'high');
    assert.equal(api.modifiers.exposure.source, 'declared');
    assert.equal(api.effectiveTier, 'L5');
    assert.equal(r.workloads.find((w) => w.name === 'api')!.owner, 'team-payments');
    const flow = r.assessments.find((a) => a.workloadId.endsWith(':flow'))!;
    assert.equal(flow.effectiveTier, 'L5');
    assert.equal(flow.override?.approver, 'ciso');
  });

  it('an invalid register is reported at the exact place and the scan still runs', async () => {
    const register = 'version: 1\nworkloads:\n  - name: api\n    owner: 42\n    colour: blue\n';
    const r = (await load({ 'a.toy': 'workload api L4\n', 'ai-asset-register.yaml': register })).result();
    const problems = r.problems.filter((p) => p.file === 'ai-asset-register.yaml');
    assert.ok(problems.length >= 2, JSON.stringify(problems));
    assert.ok(problems.some((p) => p.range.start.line === 3 && /owner/.test(p.message)));
    assert.ok(problems.some((p) => p.range.start.line === 4 && /colour/.test(p.message)));
    assert.equal(r.workloads.length, 1);
  });

  it('skips large, binary and reports non-UTF-8 files without failing', async () => {
    const big = 'workload x L1\n'.repeat(2000);
    const r = (
      await load({ 'big.toy': big, 'bin.toy': new Uint8Array([1, 0, 2, 0, 3]), 'latin.toy': new Uint8Array([0x77, 0x6f, 0x72, 0x6b, 0x6c, 0x6f, 0x61, 0x64, 0x20, 0xe9, 0x20, 0x4c, 0x32, 0x0a]) }, { maxFileBytes: 1000 })
    ).result();
    const codes = r.problems.map((p) => `${p.file}:${p.code}`).sort();
    assert.ok(codes.includes('big.toy:scan/file-too-large'));
    assert.ok(codes.includes('bin.toy:scan/binary'));
    assert.ok(codes.includes('latin.toy:scan/not-utf8'));
  });

  it('setFile re-analyses synchronously and reports which files changed', async () => {
    const p = await load({ 'a.toy': 'workload api L4\n', 'b.toy': 'workload flow L3\n' });
    assert.equal(p.result().workloads.length, 2);
    const change = p.setFile('a.toy', 'workload api L4\nworkload agent L5 autonomy=high\n');
    assert.ok(change.changedFiles.includes('a.toy'));
    assert.ok(!change.changedFiles.includes('b.toy'));
    const agent = p.result().assessments.find((a) => a.workloadId.endsWith(':agent'))!;
    assert.equal(agent.effectiveTier, 'L6');
    p.setFile('a.toy', 'workload api L4\nthis line is broken\n');
    assert.deepEqual(p.problemsFor('a.toy').map((x) => x.range.start.line), [1]);
    p.deleteFile('a.toy');
    assert.equal(p.result().workloads.length, 1);
    assert.deepEqual(p.problemsFor('a.toy'), []);
  });

  it('ignores default-excluded folders and user globs', async () => {
    const r = (await load({ 'node_modules/x/a.toy': 'workload dep L4\n', 'gen/b.toy': 'workload gen L4\n', 'c.toy': 'workload c L4\n' }, { exclude: ['gen/'] })).result();
    assert.deepEqual(r.workloads.map((w) => w.name), ['c']);
  });

  it('says when a file could not be read, and caps the problems of one broken file', async () => {
    const files: Record<string, string> = { 'ok.toy': 'workload a L4\n', 'gone.toy': 'workload b L4\n', 'broken.toy': 'x\n'.repeat(1500) };
    const source = memorySource(files);
    const flaky = { list: source.list, read: async (p: string) => (p === 'gone.toy' ? Promise.reject(new Error('EACCES: permission denied')) : source.read(p)) };
    const p = new Project({ assets: nodeAssets(), plugins: [registerPlugin, toy] });
    await p.loadAll(flaky);
    const gone = p.problemsFor('gone.toy');
    assert.equal(gone.length, 1);
    assert.equal(gone[0].code, 'scan/unreadable');
    assert.match(gone[0].message, /EACCES/);
    const broken = p.problemsFor('broken.toy');
    assert.equal(broken.length, 1000);
    const summary = broken.filter((x) => x.code === 'scan/too-many-problems');
    assert.equal(summary.length, 1);
    assert.match(summary[0].message, /^501 more problems/);
  });

  it('stops reading when the load is cancelled', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`f${i}.toy`] = `workload w${i} L4\n`;
    const ac = new AbortController();
    const p = new Project({ assets: nodeAssets(), plugins: [toy] });
    await p.loadAll(memorySource(files), { onProgress: (done) => done >= 50 && ac.abort(), signal: ac.signal });
    assert.ok(p.result().workloads.length < 200 && p.result().workloads.length >= 50);
  });
});

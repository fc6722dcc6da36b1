import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { registerSchema, updateRegister, type ScanResult } from '../../../src/core';

function result(names: string[]): ScanResult {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  return {
    schemaVersion: 1,
    tool: { name: 'ai-risk-gradient', version: 't' },
    root: '.',
    filesScanned: 1,
    workloads: names.map((n) => ({ id: `terraform:infra:${n}`, name: n, kind: 'terraform' as const, root: 'infra', members: [], anchor: { file: 'infra/main.tf', range }, providers: [], links: [] })),
    assessments: [],
    findings: [],
    problems: [],
    coverage: { applicable: [], covered: [], percent: 100 },
    timings: {},
  };
}

describe('register writer', () => {
  it('creates a valid register from nothing', () => {
    const u = updateRegister(undefined, result(['agent', 'endpoint']));
    assert.deepEqual(u.added, ['agent', 'endpoint']);
    const data = registerSchema.parse(parse(u.text));
    assert.deepEqual(data.workloads.map((w) => w.id), ['terraform:infra:agent', 'terraform:infra:endpoint']);
    assert.match(u.text, /^# AI asset register/);
  });

  it('keeps comments and hand-written fields, adds new workloads, marks vanished ones', () => {
    const before = [
      '# Our register — reviewed monthly by the AI governance board',
      'version: 1',
      'workloads:',
      '  # the support bot, owned by CX',
      '  - id: terraform:infra:agent',
      '    name: agent',
      '    owner: cx-platform # since 2026-03',
      '    modifiers:',
      '      exposure: { rating: high, justification: "customer facing" }',
      '  - name: legacy',
      '    owner: someone',
      '  - name: hand-declared',
      '    paths: ["apps/x/**"]',
      'exceptions:',
      '  - control: ARG-NET-003',
      '    reason: proxy egress',
      '',
    ].join('\n');
    const u = updateRegister(before, result(['agent', 'endpoint']));
    for (const kept of ['# Our register — reviewed monthly', '# the support bot, owned by CX', 'owner: cx-platform # since 2026-03', 'justification: "customer facing"', 'reason: proxy egress', 'paths: ["apps/x/**"]']) {
      assert.ok(u.text.includes(kept), `kept: ${kept}\n${u.text}`);
    }
    assert.deepEqual(u.added, ['endpoint']);
    assert.deepEqual(u.vanished, ['legacy']);
    const data = registerSchema.parse(parse(u.text));
    assert.equal(data.workloads.find((w) => w.name === 'legacy')?.status, 'vanished');
    assert.equal(data.workloads.find((w) => w.name === 'hand-declared')?.status, undefined);
    // a second run changes nothing
    const again = updateRegister(u.text, result(['agent', 'endpoint']));
    assert.equal(again.text, u.text);
    assert.deepEqual(again.added, []);
    // a vanished workload that comes back loses its status
    const back = updateRegister(u.text, result(['agent', 'endpoint', 'legacy']));
    assert.deepEqual(back.returned, ['legacy']);
    assert.equal(registerSchema.parse(parse(back.text)).workloads.find((w) => w.name === 'legacy')?.status, undefined);
  });

  it('refuses to rewrite a register that is not valid YAML', () => {
    assert.throws(() => updateRegister('version: 1\nworkloads: [\n', result(['a'])), /not valid YAML/);
  });
});

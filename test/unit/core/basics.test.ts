import assert from 'node:assert/strict';
import { applyEdits, ignoreRules, offsetAt, positionAt } from '../../../src/core';
import { applySuppressions, findInlineSuppressions } from '../../../src/core/evaluate/suppress';
import { fingerprint } from '../../../src/core/evaluate';
import type { Finding, ParseProblem } from '../../../src/core';

const finding = (over: Partial<Finding>): Finding => ({
  id: 'x', controlId: 'ARG-DAT-001', workloadId: 'w', workloadName: 'W', status: 'missing', severity: 'error', effectiveTier: 'L7', zone: 'high-assurance',
  message: 'm', title: 't', detail: 'd', file: 'main.tf', range: { start: { line: 3, character: 2 }, end: { line: 3, character: 9 } }, provisions: [], stakeholders: [], related: [], fixes: [], ...over,
});

describe('ignore rules', () => {
  it('skips default folders, honours globs, folder patterns and negation', () => {
    const r = ignoreRules(['gen/', '*.log', '!keep.log', '/top.tf']);
    assert.ok(r.isExcluded('a/node_modules/x/y.tf'));
    assert.ok(r.isExcluded('.terraform/modules/m/main.tf'));
    assert.ok(r.isExcluded('src/gen/a.tf'));
    assert.ok(r.isExcluded('deep/x.log'));
    assert.ok(!r.isExcluded('deep/keep.log'));
    assert.ok(r.isExcluded('top.tf'));
    assert.ok(!r.isExcluded('sub/top.tf'));
    assert.ok(!r.isExcluded('infra/main.tf'));
  });
});

describe('edits', () => {
  it('converts positions and offsets both ways', () => {
    const t = 'ab\ncde\r\nf';
    assert.equal(offsetAt(t, { line: 1, character: 2 }), 5);
    assert.deepEqual(positionAt(t, 5), { line: 1, character: 2 });
    assert.equal(offsetAt(t, { line: 9, character: 0 }), t.length);
  });
  it('applies several edits from the end and refuses overlaps', () => {
    const t = 'one\ntwo\nthree\n';
    const out = applyEdits(t, [
      { file: 'f', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, newText: 'ONE' },
      { file: 'f', range: { start: { line: 2, character: 5 }, end: { line: 2, character: 5 } }, newText: '!' },
    ]);
    assert.equal(out, 'ONE\ntwo\nthree!\n');
    assert.throws(() => applyEdits(t, [
      { file: 'f', range: { start: { line: 0, character: 0 }, end: { line: 1, character: 1 } }, newText: '' },
      { file: 'f', range: { start: { line: 0, character: 2 }, end: { line: 0, character: 3 } }, newText: '' },
    ]));
  });
});

describe('suppressions', () => {
  const known = (id: string) => id === 'ARG-DAT-001' || id === 'ARG-NET-003';
  it('needs a reason, covers its line and the next code line, honours expiry', () => {
    const text = 'resource "x" "y" {\n  # ai-risk-gradient:ignore ARG-DAT-001 reason="platform keys" expires=2027-01-31\n\n  kms = null\n}\n';
    const problems: ParseProblem[] = [];
    const s = findInlineSuppressions('main.tf', text, known, problems);
    assert.equal(s.length, 1);
    assert.deepEqual(s[0].covers, [1, 3]);
    const original = finding({});
    const [f] = applySuppressions([original], s, [], undefined, '2026-12-01', new Map()).findings;
    assert.equal(f.suppressed?.reason, 'platform keys');
    // The finding given is left as it was (a project keeps it for the next analysis).
    assert.equal(original.suppressed, undefined);
    const s2 = findInlineSuppressions('main.tf', text, known, []);
    const [late] = applySuppressions([finding({})], s2, [], undefined, '2027-02-01', new Map()).findings;
    assert.equal(late.suppressed, undefined);
    assert.match(late.note ?? '', /expired on 2027-01-31/);
  });
  it('flags missing reasons, unknown ids and unused suppressions', () => {
    const problems: ParseProblem[] = [];
    const text = '// ai-risk-gradient:ignore ARG-DAT-001\n// ai-risk-gradient:ignore ARG-XXX-999 reason="x"\n// ai-risk-gradient:ignore ARG-NET-003 reason="proxy"\nline\n';
    const s = findInlineSuppressions('a.ts', text, known, problems);
    assert.ok(problems.some((p) => p.code === 'suppression/no-reason' && p.range.start.line === 0));
    assert.ok(problems.some((p) => p.code === 'suppression/unknown-control' && p.range.start.line === 1));
    const unused = applySuppressions([], s, [], undefined, '2026-12-01', new Map()).problems;
    assert.ok(unused.some((p) => p.code === 'suppression/unused' && p.range.start.line === 2));
  });
  it('register exceptions match by control, workload name and path', () => {
    const [f, g] = applySuppressions([finding({ file: 'infra/main.tf' }), finding({ file: 'other/main.tf' })], [], [{ control: 'ARG-DAT-001', workload: 'W', path: 'infra/**', reason: 'accepted risk', approver: 'ciso', expires: '2027-06-30' }], 'ai-asset-register.yaml', '2026-12-01', new Map([['w', 'W']])).findings;
    assert.equal(f.suppressed?.kind, 'register');
    assert.equal(f.suppressed?.approver, 'ciso');
    assert.equal(g.suppressed, undefined);
  });
});

describe('fingerprints', () => {
  it('are stable and distinguish inputs', () => {
    assert.equal(fingerprint('abc'), fingerprint('abc'));
    assert.notEqual(fingerprint('abc'), fingerprint('abd'));
    assert.match(fingerprint(''), /^[0-9a-f]{16}$/);
  });
});

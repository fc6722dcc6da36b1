import assert from 'node:assert/strict';
import { TIERS } from '../../../src/core';
import { prioritise } from '../../../src/core/report';
import { emptyResult, fixtureResult } from './fixture';

describe('report/prioritise', () => {
  it('orders by effective tier, highest first', () => {
    const list = prioritise(fixtureResult());
    const tiers = list.map((i) => TIERS.indexOf(i.effectiveTier));
    assert.deepEqual(tiers, [...tiers].sort((a, b) => b - a));
    assert.equal(list[0].effectiveTier, 'L8');
    assert.deepEqual(
      list.map((i) => i.rank),
      list.map((_, n) => n + 1),
    );
  });

  it('within a tier, puts the controls that close the most provisions first', () => {
    const list = prioritise(fixtureResult()).filter((i) => i.effectiveTier === 'L8');
    const closes = list.map((i) => i.closes.length);
    assert.deepEqual(closes, [...closes].sort((a, b) => b - a));
    // ARG-GOV-006 (adversarial testing) cites nine provisions nothing else in this workload cites.
    assert.equal(list[0].controlId, 'ARG-GOV-006');
    assert.equal(list[0].action, 'evidence');
    assert.equal(list[0].closes.length, 9);
  });

  it('counts a provision as closed only when every other control citing it is met', () => {
    const list = prioritise(fixtureResult());
    const dat1 = list.find((i) => i.controlId === 'ARG-DAT-001')!;
    // 5.2.1-4 is also cited by ARG-NET-001 (unresolved), so meeting ARG-DAT-001 alone does not close it.
    assert.ok(!dat1.closes.includes('5.2.1-4'));
    assert.ok(dat1.closes.includes('5.2.1-4.2'));
    assert.equal(dat1.quickWin, true);
    assert.equal(dat1.fix, 'Set kms_key_arn to aws_kms_key.models.arn');
    assert.equal(dat1.severity, 'error');
    const iam2 = list.find((i) => i.controlId === 'ARG-IAM-002')!;
    assert.equal(iam2.quickWin, false, 'an unsafe fix is not a quick win');
  });

  it('leaves out met, not-applicable and fully suppressed gaps', () => {
    const list = prioritise(fixtureResult());
    const keys = list.map((i) => `${i.workloadName}|${i.controlId}`);
    assert.ok(!keys.includes('fraud-scoring endpoint|ARG-DAT-004'), 'met');
    assert.ok(!keys.includes('support assistant|ARG-PRC-005'), 'not applicable');
    assert.ok(!keys.includes('HR onboarding flow|ARG-DAT-002'), 'suppressed by the register');
    assert.ok(!keys.includes('AI-assisted development|ARG-SUP-001'), 'suppressed inline');
    assert.ok(keys.includes('AI-assisted development|ARG-PRC-001'));
    assert.equal(new Set(keys).size, keys.length);
  });

  it('is empty for an empty scan', () => {
    assert.deepEqual(prioritise(emptyResult()), []);
  });
});

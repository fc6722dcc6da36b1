import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MODIFIERS, RATINGS, TIERS, type ModifierId, type Rating, type Tier } from '../../../src/core/model';
import { CONTROLS, controlById, escalate, requiredControlIds, tierIndex } from '../../../src/core/catalogue/index';

function ratings(high: ModifierId[], rest: Rating = 'low'): Record<ModifierId, Rating> {
  const r = {} as Record<ModifierId, Rating>;
  for (const m of MODIFIERS) r[m] = high.includes(m) ? 'high' : rest;
  return r;
}

describe('catalogue: escalation rule', () => {
  it('lands the playbook example (L3 flow, three High) at L6 with a formal assessment', () => {
    const e = escalate('L3', ratings(['autonomy', 'integrationPrivilege', 'physicalEffect'], 'medium'));
    assert.equal(e.effectiveTier, 'L6');
    assert.deepEqual(e.highModifiers, ['autonomy', 'integrationPrivilege', 'physicalEffect']);
    assert.equal(e.formalRiskAssessmentRequired, true);
  });

  it('raises one level for one High, without a formal assessment', () => {
    const e = escalate('L4', ratings(['exposure']));
    assert.equal(e.effectiveTier, 'L5');
    assert.deepEqual(e.highModifiers, ['exposure']);
    assert.equal(e.formalRiskAssessmentRequired, false);
  });

  it('raises two levels for two High and requires a formal assessment', () => {
    const e = escalate('L1', ratings(['dataSensitivity', 'exposure']));
    assert.equal(e.effectiveTier, 'L3');
    assert.deepEqual(e.highModifiers, ['exposure', 'dataSensitivity']);
    assert.equal(e.formalRiskAssessmentRequired, true);
  });

  it('caps at L8 (L7 with three High)', () => {
    const e = escalate('L7', ratings(['exposure', 'autonomy', 'physicalEffect']));
    assert.equal(e.effectiveTier, 'L8');
    assert.equal(e.formalRiskAssessmentRequired, true);
    assert.equal(escalate('L8', ratings([...MODIFIERS])).effectiveTier, 'L8');
  });

  it('leaves the tier unchanged with no High, whatever the Medium ratings', () => {
    for (const t of TIERS) {
      const e = escalate(t, ratings([], 'medium'));
      assert.equal(e.effectiveTier, t);
      assert.deepEqual(e.highModifiers, []);
      assert.equal(e.formalRiskAssessmentRequired, false);
    }
    assert.equal(escalate('L2', {}).effectiveTier, 'L2');
  });

  it('holds for every combination: min(L8, baseline + #High), formal iff #High ≥ 2', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TIERS),
        fc.record(Object.fromEntries(MODIFIERS.map((m) => [m, fc.constantFrom(...RATINGS)])) as Record<ModifierId, fc.Arbitrary<Rating>>),
        (tier: Tier, r: Record<ModifierId, Rating>) => {
          const high = MODIFIERS.filter((m) => r[m] === 'high').length;
          const e = escalate(tier, r);
          assert.equal(tierIndex(e.effectiveTier), Math.min(8, tierIndex(tier) + high));
          assert.equal(e.formalRiskAssessmentRequired, high >= 2);
          assert.equal(e.highModifiers.length, high);
          if (high >= 2) assert.ok(tierIndex(e.effectiveTier) >= Math.min(8, tierIndex(tier) + 2));
        },
      ),
    );
  });
});

describe('catalogue: required controls', () => {
  it('is cumulative: L1 ⊂ L3 ⊂ L8, each strictly larger', () => {
    const l1 = new Set(requiredControlIds('L1', 0));
    const l3 = new Set(requiredControlIds('L3', 0));
    const l8 = new Set(requiredControlIds('L8', 0));
    for (const id of l1) assert.ok(l3.has(id), `${id} at L1 but not L3`);
    for (const id of l3) assert.ok(l8.has(id), `${id} at L3 but not L8`);
    assert.ok(l1.size < l3.size && l3.size < l8.size);
    for (const t of TIERS.slice(1)) {
      const lower = requiredControlIds(TIERS[tierIndex(t) - 2], 0);
      const here = new Set(requiredControlIds(t, 0));
      for (const id of lower) assert.ok(here.has(id), `${id} lost at ${t}`);
    }
  });

  it('requires exactly the controls whose threshold is at or below the tier', () => {
    const l3 = requiredControlIds('L3', 0);
    assert.ok(l3.includes('ARG-IAM-001'));
    assert.ok(l3.includes('ARG-PRC-001'));
    assert.ok(l3.includes('ARG-DAT-002'));
    assert.ok(!l3.includes('ARG-GOV-003'), 'L4 control required at L3');
    assert.ok(!l3.includes('ARG-IAM-004'));
    for (const id of l3) {
      const t = controlById(id)?.threshold;
      assert.ok(t !== undefined && t !== 'any' && tierIndex(t) <= 3, id);
    }
    const all = requiredControlIds('L8', 0);
    assert.deepEqual(all, CONTROLS.filter((c) => c.threshold !== 'any').map((c) => c.id));
  });

  it('adds ARG-GOV-005 only with two or more High modifiers', () => {
    for (const t of TIERS) {
      assert.ok(!requiredControlIds(t, 0).includes('ARG-GOV-005'), t);
      assert.ok(!requiredControlIds(t, 1).includes('ARG-GOV-005'), t);
      assert.ok(requiredControlIds(t, 2).includes('ARG-GOV-005'), t);
      assert.ok(requiredControlIds(t, 5).includes('ARG-GOV-005'), t);
    }
    assert.equal(requiredControlIds('L3', 2).length, requiredControlIds('L3', 0).length + 1);
  });

  it('gives the playbook example at L6 the controls the playbook names', () => {
    const e = escalate('L3', ratings(['autonomy', 'integrationPrivilege', 'physicalEffect']));
    const req = requiredControlIds(e.effectiveTier, e.highModifiers.length);
    // per-agent managed identity, CMK stores, connector DLP, environment isolation, audit logging, formal assessment
    for (const id of ['ARG-IAM-004', 'ARG-DAT-001', 'ARG-DAT-002', 'ARG-PRC-002', 'ARG-MON-002', 'ARG-GOV-005']) {
      assert.ok(req.includes(id), id);
    }
    assert.ok(!req.includes('ARG-NET-004'), 'L7 control required at L6');
  });
});

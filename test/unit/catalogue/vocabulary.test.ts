import assert from 'node:assert/strict';
import { DIMENSIONS, MODIFIERS, RATINGS, TIERS, ZONES } from '../../../src/core/model';
import {
  DIMENSION_DEFS,
  MODIFIER_DEFS,
  OWASP,
  OWASP_AGENTIC,
  OWASP_LLM,
  TIER_DEFS,
  compareTiers,
  tierFromIndex,
  tierIndex,
  tiersOfZone,
  zoneOf,
} from '../../../src/core/catalogue/index';

describe('catalogue: tiers', () => {
  it('defines the 8 tiers in order with pattern, examples, risk driver and zone', () => {
    assert.deepEqual(TIER_DEFS.map((t) => t.tier), [...TIERS]);
    for (const t of TIER_DEFS) {
      assert.equal(t.level, tierIndex(t.tier));
      assert.equal(t.zone, zoneOf(t.tier));
      assert.ok(t.pattern && t.examples && t.riskDriver, t.tier);
    }
    assert.equal(TIER_DEFS[2].pattern, 'Citizen-developer agents and automations');
    assert.equal(TIER_DEFS[6].pattern, 'Model hosting and serving');
  });

  it('maps tiers to indexes and back, rejecting anything else', () => {
    for (let n = 1; n <= 8; n++) assert.equal(tierIndex(tierFromIndex(n)), n);
    assert.equal(tierFromIndex(1), 'L1');
    assert.equal(tierFromIndex(8), 'L8');
    assert.throws(() => tierFromIndex(0), RangeError);
    assert.throws(() => tierFromIndex(9), RangeError);
    assert.throws(() => tierFromIndex(2.5), RangeError);
    assert.throws(() => tierIndex('L9' as never), RangeError);
  });

  it('puts two tiers in each zone', () => {
    assert.deepEqual(TIERS.map(zoneOf), ['foundational', 'foundational', 'standard', 'standard', 'advanced', 'advanced', 'high-assurance', 'high-assurance']);
    for (const z of ZONES) assert.equal(tiersOfZone(z).length, 2);
  });

  it('orders tiers numerically', () => {
    assert.ok(compareTiers('L2', 'L7') < 0);
    assert.ok(compareTiers('L8', 'L3') > 0);
    assert.equal(compareTiers('L5', 'L5'), 0);
    assert.deepEqual((['L7', 'L1', 'L4'] as const).slice().sort(compareTiers), ['L1', 'L4', 'L7']);
  });
});

describe('catalogue: modifiers, dimensions, OWASP', () => {
  it('defines the five modifiers with a meaning for every rating', () => {
    assert.deepEqual(MODIFIER_DEFS.map((m) => m.id), [...MODIFIERS]);
    for (const m of MODIFIER_DEFS) {
      assert.ok(m.title && m.scale.includes('→'), m.id);
      for (const r of RATINGS) assert.ok(m.meaning[r].length > 10, `${m.id}.${r}`);
      assert.equal(new Set(Object.values(m.meaning)).size, 3, `${m.id} ratings must differ`);
    }
  });

  it('defines the seven dimensions', () => {
    assert.deepEqual(DIMENSION_DEFS.map((d) => d.id), [...DIMENSIONS]);
    for (const d of DIMENSION_DEFS) assert.ok(d.title && d.covers.length > 20, d.id);
  });

  it('lists LLM01:2025…LLM10:2025 and ASI01…ASI10', () => {
    assert.deepEqual(OWASP_LLM.map((o) => o.id), Array.from({ length: 10 }, (_, i) => `LLM${String(i + 1).padStart(2, '0')}:2025`));
    assert.deepEqual(OWASP_AGENTIC.map((o) => o.id), Array.from({ length: 10 }, (_, i) => `ASI${String(i + 1).padStart(2, '0')}`));
    assert.equal(new Set(OWASP.map((o) => o.title)).size, 20);
    assert.equal(OWASP_LLM[5].title, 'Excessive Agency');
    assert.equal(OWASP_AGENTIC[9].title, 'Rogue Agents');
  });
});

// The merged coverage kept by counts (CoverageTally) must be what merging the whole list gives.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CoverageTally, mergeCoverage } from '../../../src/core/evaluate';
import type { Coverage } from '../../../src/core/model';

const PROVISIONS = ['5.1.1-1', '5.1.2-1', '5.2.1-1', '5.2.2-1', '5.3.1-1', '5.4.1-1'];

const coverage = fc
  .record({ applicable: fc.subarray(PROVISIONS), covered: fc.subarray(PROVISIONS), dup: fc.boolean() })
  .map(({ applicable, covered, dup }): Coverage => ({ applicable: dup ? [...applicable, ...applicable] : applicable, covered: covered.filter((p) => applicable.includes(p)), percent: 0 }));

describe('CoverageTally', () => {
  it('after any replacements of a few coverages, equals mergeCoverage of the whole list', () => {
    fc.assert(
      fc.property(fc.array(coverage, { minLength: 0, maxLength: 12 }), fc.array(fc.tuple(fc.nat(11), coverage, fc.boolean()), { maxLength: 15 }), (start, changes) => {
        const tally = new CoverageTally();
        let parts = start;
        assert.deepEqual(tally.of(parts), mergeCoverage(parts));
        for (const [i, c, grow] of changes) {
          parts = grow ? [...parts, c] : parts.map((p, k) => (parts.length > 0 && k === i % parts.length ? c : p));
          assert.deepEqual(tally.of(parts), mergeCoverage(parts));
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

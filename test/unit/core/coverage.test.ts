// The merged coverage kept by counts (CoverageTally, behind mergeCoverage too) must be what
// merging the whole list by definition gives.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CoverageTally, mergeCoverage } from '../../../src/core/evaluate';
import type { Coverage } from '../../../src/core/model';

/** The definition: provisions any coverage cites, covered when no coverage citing one leaves it uncovered. */
function reference(all: readonly Coverage[]): Coverage {
  const applicable = new Set<string>();
  const failing = new Set<string>();
  for (const c of all)
    for (const p of c.applicable) {
      applicable.add(p);
      if (!c.covered.includes(p)) failing.add(p);
    }
  const list = [...applicable].sort();
  const covered = list.filter((p) => !failing.has(p));
  return { applicable: list, covered, percent: list.length === 0 ? 100 : Math.round((covered.length / list.length) * 1000) / 10 };
}

const PROVISIONS = ['5.1.1-1', '5.1.2-1', '5.2.1-1', '5.2.2-1', '5.3.1-1', '5.4.1-1'];

const coverage = fc
  .record({ applicable: fc.subarray(PROVISIONS), covered: fc.subarray(PROVISIONS), dup: fc.boolean() })
  .map(({ applicable, covered, dup }): Coverage => ({ applicable: dup ? [...applicable, ...applicable] : applicable, covered: covered.filter((p) => applicable.includes(p)), percent: 0 }));

describe('CoverageTally', () => {
  it('after any replacements, insertions and removals of coverages, equals the merge of the whole list (and mergeCoverage does)', () => {
    // Lists long enough that a few changes take the counting roads (by position when the
    // length stays, as multisets when coverages came or went), short ones the recount.
    const op = fc.tuple(fc.constantFrom('replace', 'insert', 'remove'), fc.nat(59), coverage);
    fc.assert(
      fc.property(fc.array(coverage, { minLength: 0, maxLength: 60 }), fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { maxLength: 12 }), (start, steps) => {
        const tally = new CoverageTally();
        let parts = start;
        assert.deepEqual(tally.of(parts), reference(parts));
        assert.deepEqual(mergeCoverage(parts), reference(parts));
        for (const step of steps) {
          for (const [kind, i, c] of step) {
            const at = parts.length === 0 ? 0 : i % parts.length;
            if (kind === 'insert') parts = [...parts.slice(0, at), c, ...parts.slice(at)];
            else if (parts.length === 0) continue;
            else if (kind === 'remove') parts = parts.filter((_, k) => k !== at);
            else parts = parts.map((p, k) => (k === at ? c : p));
          }
          assert.deepEqual(tally.of(parts), reference(parts));
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

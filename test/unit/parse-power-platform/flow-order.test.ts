// `afterApproval` of flow actions: the reader's walk (booleans, no recursion) must give what the
// original definition gives — every guaranteed predecessor collected as a set, then searched
// for an approval — and must stay linear on long `runAfter` chains (BUG-PP-FLOW-QUADRATIC:
// the sets cost O(n²); 4 000 chained actions took 1.8 s and 320 MB, 20 000 ran out of memory).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Fact } from '../../../src/core/model';
import { powerPlatformPlugin } from '../../../src/core/parse/power-platform';

const PATH = 'sol/Workflows/Flow-0D1E2F3A-4B5C-4D6E-8F90-A1B2C3D4E5F6.json';
const ctx = { maxFileBytes: 50 * 1024 * 1024, readText: () => undefined, paths: [] };

interface Spec {
  /** Index of the enclosing action (a scope), or -1 for the top level. */
  parent: number;
  approval: boolean;
  runAfter: { to: number; statuses: string[] }[];
}

const APPROVAL = { type: 'OpenApiConnectionWebhook', inputs: { host: { operationId: 'StartAndWaitForAnApproval', apiId: '/providers/Microsoft.PowerApps/apis/shared_approvals' }, parameters: {} } };
const STEP = { type: 'Compose', inputs: 'x' };

/** The flow JSON of action specs: `a<i>`, nested in their parent's `actions`. */
function flowOf(specs: Spec[]): string {
  const bodies = specs.map((s) => ({ ...(s.approval ? APPROVAL : STEP), runAfter: Object.fromEntries(s.runAfter.map((r) => [`a${r.to}`, r.statuses])) }) as Record<string, unknown>);
  const top: Record<string, unknown> = {};
  specs.forEach((s, i) => {
    const holder = s.parent < 0 ? top : ((bodies[s.parent].actions ??= {}) as Record<string, unknown>);
    if (s.parent >= 0) bodies[s.parent].type = 'Scope';
    holder[`a${i}`] = bodies[i];
  });
  return JSON.stringify({ properties: { definition: { triggers: { manual: { type: 'Request', kind: 'Button' } }, actions: top } } }, null, 1);
}

/** The definition the reader had before: sets of guaranteed predecessors (recursive, memoized). */
function referenceAfterApproval(specs: Spec[]): Map<string, boolean> {
  const name = (i: number) => `a${i}`;
  const children = (i: number) => specs.flatMap((s, j) => (s.parent === i ? [j] : []));
  const descendants = (i: number, seen = new Set<number>()): Set<number> => {
    for (const c of children(i)) {
      if (seen.has(c)) continue;
      seen.add(c);
      descendants(c, seen);
    }
    return seen;
  };
  const memo = new Map<number, Set<number>>();
  const preds = (i: number, stack = new Set<number>()): Set<number> => {
    const m = memo.get(i);
    if (m) return m;
    const out = new Set<number>();
    if (stack.has(i)) return out;
    stack.add(i);
    for (const r of specs[i].runAfter) {
      if (r.statuses.length > 0 && !r.statuses.some((s) => /^succeeded$/i.test(s))) continue;
      out.add(r.to);
      for (const d of descendants(r.to)) out.add(d);
      for (const p of preds(r.to, stack)) out.add(p);
    }
    if (specs[i].parent >= 0) for (const p of preds(specs[i].parent, stack)) out.add(p);
    stack.delete(i);
    memo.set(i, out);
    return out;
  };
  return new Map(specs.map((_, i) => [name(i), [...preds(i)].some((p) => specs[p].approval)]));
}

function actions(text: string): Fact[] {
  const parsed = powerPlatformPlugin.parse({ path: PATH, text }, ctx);
  assert.deepEqual(parsed.problems, []);
  return parsed.facts.filter((f) => f.kind === 'action');
}

/** Action specs whose parents and predecessors come earlier (so the graph has no cycle). */
const STATUSES: string[][] = [[], ['Succeeded'], ['Failed'], ['Failed', 'Succeeded'], ['Skipped', 'TimedOut']];
const specArb = (i: number): fc.Arbitrary<Spec> =>
  fc.record({
    parent: i === 0 ? fc.constant(-1) : fc.integer({ min: -1, max: i - 1 }),
    approval: fc.boolean(),
    runAfter: i === 0 ? fc.constant([]) : fc.array(fc.record({ to: fc.integer({ min: 0, max: i - 1 }), statuses: fc.constantFrom(...STATUSES) }), { maxLength: 3 }),
  });
const specsArb: fc.Arbitrary<Spec[]> = fc.integer({ min: 1, max: 14 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => specArb(i))));

describe('power platform: flow run order and afterApproval', () => {
  it('afterApproval is what the set-of-predecessors definition gives, on random nested flows', () => {
    fc.assert(
      fc.property(specsArb, (specs) => {
        // runAfter names are unique per action; an action that holds others is a scope, not an approval
        for (const s of specs) s.runAfter = s.runAfter.filter((r, k) => s.runAfter.findIndex((q) => q.to === r.to) === k);
        specs.forEach((s, i) => (s.approval &&= !specs.some((c) => c.parent === i)));
        const want = referenceAfterApproval(specs);
        const got = new Map(actions(flowOf(specs)).map((f) => [f.name!, f.attributes.afterApproval === true]));
        assert.deepEqual(got, want);
      }),
      { numRuns: 300, seed: 20260601 },
    );
  });

  it('sees an approval through a success chain, inside a predecessor scope, and from an enclosing scope', () => {
    const specs: Spec[] = [
      { parent: -1, approval: false, runAfter: [] }, // a0: a scope holding the approval a1
      { parent: 0, approval: true, runAfter: [] },
      { parent: -1, approval: false, runAfter: [{ to: 0, statuses: ['Succeeded'] }] }, // a2 after the scope
      { parent: -1, approval: false, runAfter: [{ to: 2, statuses: [] }] }, // a3: chain
      { parent: -1, approval: false, runAfter: [{ to: 3, statuses: ['Failed'] }] }, // a4: failure path proves nothing
      { parent: -1, approval: false, runAfter: [{ to: 2, statuses: [] }] }, // a5: a scope after the approval …
      { parent: 5, approval: false, runAfter: [] }, // a6: … so what it holds runs after it too
    ];
    const got = Object.fromEntries(actions(flowOf(specs)).map((f) => [f.name, f.attributes.afterApproval]));
    assert.deepEqual(got, { a0: false, a1: false, a2: true, a3: true, a4: false, a5: true, a6: true });
  });

  it('runAfter cycles and self-references give an answer, not a hang', () => {
    const text = JSON.stringify({
      properties: {
        definition: {
          triggers: { manual: { type: 'Request' } },
          actions: { x: { ...APPROVAL, runAfter: { y: [] } }, y: { ...STEP, runAfter: { x: [] } }, z: { ...STEP, runAfter: { z: [], y: [] } } },
        },
      },
    });
    const got = Object.fromEntries(actions(text).map((f) => [f.name, f.attributes.afterApproval]));
    assert.equal(got.y, true);
    assert.equal(got.z, true);
  });

  it('a chain of 20 000 actions after an approval is read in bounded time', () => {
    const N = 20_000;
    const specs: Spec[] = Array.from({ length: N }, (_, i) => ({ parent: -1, approval: i === 0, runAfter: i ? [{ to: i - 1, statuses: ['Succeeded'] }] : [] }));
    const text = flowOf(specs);
    const t0 = performance.now();
    const acts = actions(text);
    const ms = performance.now() - t0;
    assert.ok(ms < 8000, `${ms.toFixed(0)} ms`);
    assert.equal(acts.length, N);
    assert.ok(acts.every((f) => f.attributes.afterApproval === (f.name !== 'a0')));
    // run order follows the chain
    const order = new Map(acts.map((f) => [f.name, f.attributes.order as number]));
    assert.ok(specs.every((_, i) => i === 0 || order.get(`a${i}`)! > order.get(`a${i - 1}`)!));
  });
});

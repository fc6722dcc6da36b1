// The patched fact store must answer exactly what a FactQuery built afresh over the same files
// answers: same lists in the same (scan) order, same fact for each id.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FactStore } from '../../../src/core/fact-store';
import { factQuery } from '../../../src/core/facts';
import type { Fact, ParsedFile } from '../../../src/core/model';

const TYPES = ['aws_iam_role', 'aws_s3_bucket', 'Deployment', 'import'];
const KINDS = ['resource', 'k8s-object', 'import'];

function fact(file: string, n: number, type: number, id?: string): Fact {
  return {
    id: id ?? `${file}#${n}`,
    kind: KINDS[type % KINDS.length] as Fact['kind'],
    type: TYPES[type % TYPES.length],
    address: `${TYPES[type % TYPES.length]}.r${n % 3}`,
    provider: 'aws',
    file,
    range: { start: { line: n, character: 0 }, end: { line: n, character: 1 } },
    attributes: {},
  } as Fact;
}

function file(name: string, types: readonly number[], dupId?: boolean): ParsedFile {
  return { file: name, kind: 'tf', facts: types.map((t, i) => fact(name, i, t, dupId && i === 0 ? 'shared' : undefined)), problems: [] };
}

function compare(store: FactStore, files: readonly ParsedFile[]): void {
  const fresh = factQuery(files.flatMap((f) => f.facts));
  const q = store.query();
  assert.deepEqual(q.all(), fresh.all());
  for (const t of TYPES) assert.deepEqual(q.byType(t), fresh.byType(t), `byType ${t}`);
  for (const k of KINDS) assert.deepEqual(q.byKind(k), fresh.byKind(k), `byKind ${k}`);
  for (const f of fresh.all()) {
    assert.equal(q.byId(f.id), fresh.byId(f.id), `byId ${f.id}`);
    assert.deepEqual(q.byAddress(f.address), fresh.byAddress(f.address), `byAddress ${f.address}`);
  }
}

describe('FactStore', () => {
  it('answers like a fresh FactQuery after random file replacements, additions and removals', () => {
    const names = ['a.tf', 'b.tf', 'c.tf', 'd.tf', 'e.tf', 'f.tf', 'g.tf', 'h.tf', 'i.tf', 'j.tf'];
    const change = fc.record({ name: fc.constantFrom(...names), types: fc.array(fc.nat(7), { maxLength: 5 }), op: fc.constantFrom('set', 'set', 'remove'), dup: fc.boolean() });
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 12 }), (changes) => {
        const store = new FactStore();
        let files = names.map((n, i) => file(n, [i, i + 1, i + 2]));
        store.update(files);
        compare(store, files);
        for (const c of changes) {
          if (c.op === 'remove') files = files.filter((f) => f.file !== c.name);
          else if (files.some((f) => f.file === c.name)) files = files.map((f) => (f.file === c.name ? file(c.name, c.types, c.dup) : f));
          else files = [...files, file(c.name, c.types, c.dup)];
          store.update(files);
          compare(store, files);
        }
      }),
      { numRuns: 300, seed: 4242 },
    );
  });

  it('hands out lists that later updates do not change', () => {
    const store = new FactStore();
    const a = file('a.tf', [0, 1]);
    store.update([a, file('b.tf', [0])]);
    const before = store.query().byType('aws_iam_role');
    const copy = [...before];
    store.update([a, file('b.tf', [0, 0])]);
    assert.deepEqual(before, copy);
    assert.equal(store.query().byType('aws_iam_role').length, 3);
  });
});

// The patched fact store must answer exactly what a FactQuery built afresh over the same files
// answers: same lists in the same (scan) order, same fact for each id.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffFiles, FactStore } from '../../../src/core/fact-store';
import { carryOver, factQuery, mergeInOrder, scanIndex } from '../../../src/core/facts';
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

  it('keeps answering like a fresh FactQuery when new file objects keep some of the old fact objects', () => {
    // What an edit gives: the edited file is a new ParsedFile whose unchanged facts are the
    // old objects at their old index, others new, some added or dropped at the end.
    const names = ['a.tf', 'b.tf', 'c.tf', 'd.tf', 'e.tf', 'f.tf'];
    const change = fc.record({ name: fc.constantFrom(...names), replace: fc.array(fc.boolean(), { maxLength: 6 }), extra: fc.array(fc.nat(7), { maxLength: 2 }), drop: fc.nat(2) });
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 10 }), (changes) => {
        const store = new FactStore();
        let files = names.map((n, i) => file(n, [i, i + 1, i + 2, i + 3]));
        store.update(files);
        let serial = 100;
        for (const c of changes) {
          files = files.map((f) => {
            if (f.file !== c.name) return f;
            const kept = f.facts.slice(0, Math.max(0, f.facts.length - c.drop)).map((x, i) => (c.replace[i] ? fact(f.file, serial++, i) : x));
            return { ...f, facts: [...kept, ...c.extra.map((t) => fact(f.file, serial++, t))] };
          });
          store.update(files, diffFiles(store.list(), files));
          compare(store, files);
        }
      }),
      { numRuns: 200, seed: 77 },
    );
  });

  it('carried-over scan indexes give the buckets and the key order of a fresh build', () => {
    const names = ['a.tf', 'b.tf', 'c.tf', 'd.tf', 'e.tf'];
    const select = (f: Fact): string | undefined => (f.type === 'import' ? undefined : f.type);
    // Several keys per fact (in select order), one of them shared by every fact.
    const several = (f: Fact): string[] | undefined => (f.type === 'import' ? undefined : [`${f.type}-b`, 'every', f.type]);
    const change = fc.record({ name: fc.constantFrom(...names), types: fc.array(fc.nat(7), { maxLength: 4 }), op: fc.constantFrom('set', 'set', 'remove') });
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 10 }), (changes) => {
        const store = new FactStore();
        let files = names.map((n, i) => file(n, [i, i + 2]));
        store.update(files);
        let q = store.query();
        scanIndex(q, 'types', select).keys();
        scanIndex(q, 'several', several).keys();
        for (const c of changes) {
          const before = new Set(files.flatMap((f) => f.facts));
          if (c.op === 'remove') files = files.filter((f) => f.file !== c.name);
          else if (files.some((f) => f.file === c.name)) files = files.map((f) => (f.file === c.name ? file(c.name, c.types) : f));
          else files = [...files, file(c.name, c.types)].sort((x, y) => (x.file < y.file ? -1 : 1));
          const after = new Set(files.flatMap((f) => f.facts));
          const changed = [...[...before].filter((f) => !after.has(f)), ...[...after].filter((f) => !before.has(f))];
          store.update(files);
          const next = store.query();
          const keys = new Set<string>();
          carryOver(q, next, changed, keys, store);
          q = next;
          const got = scanIndex(q, 'types', select);
          const fresh = scanIndex(factQuery(files.flatMap((f) => f.facts)), 'types', select);
          assert.deepEqual(got.keys(), fresh.keys());
          for (const k of fresh.keys()) assert.deepEqual(got.get(k), fresh.get(k), `bucket ${k}`);
          const got2 = scanIndex(q, 'several', several);
          const fresh2 = scanIndex(factQuery(files.flatMap((f) => f.facts)), 'several', several);
          assert.deepEqual(got2.keys(), fresh2.keys());
          for (const k of fresh2.keys()) assert.deepEqual(got2.get(k), fresh2.get(k), `bucket ${k}`);
        }
      }),
      { numRuns: 200, seed: 99 },
    );
  });

  it('merges a few facts into a long list in the order of a linear merge, ties included', () => {
    fc.assert(
      // Long lists with a few to put in (the binary-search road) and shorter ones (the merge).
      fc.property(fc.oneof(fc.array(fc.nat(40), { minLength: 60, maxLength: 200 }), fc.array(fc.nat(40), { maxLength: 30 })), fc.array(fc.nat(40), { maxLength: 3 }), (xs, ys) => {
        const mk = (p: number, i: number) => ({ ...fact('m.tf', i, 0), pos: p }) as Fact & { pos: number };
        const a = xs.map(mk).sort((x, y) => x.pos - y.pos);
        const b = ys.map((p, i) => mk(p, 1000 + i)).sort((x, y) => x.pos - y.pos);
        const pos = (f: Fact) => (f as Fact & { pos: number }).pos;
        const linear: Fact[] = [];
        let i = 0;
        let j = 0;
        while (i < a.length && j < b.length) linear.push(pos(a[i]) <= pos(b[j]) ? a[i++] : b[j++]);
        linear.push(...a.slice(i), ...b.slice(j));
        const got = mergeInOrder(a, b, pos);
        assert.equal(got.length, linear.length);
        got.forEach((f, k) => assert.equal(f, linear[k]));
      }),
      { numRuns: 500, seed: 5 },
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

/**
 * The scan's facts, indexed by id, type, address and kind, kept from one analysis to the next
 * and patched with the files that changed, so that an edit costs time in proportion to the
 * edited files rather than to the whole scan. Lists keep scan order: the order of the files
 * given to `update`, then each file's own order — what a FactQuery built afresh gives.
 */
import type { FactQuery } from './catalogue/types';
import { sameList } from './equal';
import { mergeInOrder, push, queryOver } from './facts';
import type { Fact, ParsedFile } from './model';

export class FactStore {
  /** Every fact of each id in scan order; the last one answers `byId`, as in a map built afresh. */
  private readonly byId = new Map<string, Fact[]>();
  private readonly byType = new Map<string, Fact[]>();
  private readonly byAddress = new Map<string, Fact[]>();
  private readonly byKind = new Map<string, Fact[]>();
  private files: readonly ParsedFile[] = [];
  private fileSet = new Set<ParsedFile>();
  /** Position of each file in `files` (rebuilt when the list changes). */
  private rank = new Map<ParsedFile, number>();
  /** The file and index each fact sits at. */
  private readonly home = new WeakMap<Fact, { file: ParsedFile; index: number }>();
  private allMemo: Fact[] | undefined;

  /** The file objects of the current state. */
  has(file: ParsedFile): boolean {
    return this.fileSet.has(file);
  }

  /** The fact with this id now (before `update`: as of the last update). */
  get(id: string): Fact | undefined {
    const l = this.byId.get(id);
    return l ? l[l.length - 1] : undefined;
  }

  /**
   * Makes `files` the current state. Files that are the same objects as before cost nothing;
   * the facts of the others leave and join the lists at their place in scan order.
   */
  update(files: readonly ParsedFile[]): void {
    const next = new Set(files);
    const gone = [...this.fileSet].filter((f) => !next.has(f));
    const added = files.filter((f) => !this.fileSet.has(f));
    if (gone.length === 0 && added.length === 0 && sameList(files, this.files)) return;
    // Files reordered, or most of them new (a first load, a branch switch): build afresh.
    if ((gone.length === 0 && added.length === 0) || added.length + gone.length > files.length / 4) {
      this.rebuild(files);
      return;
    }
    this.files = files;
    this.fileSet = next;
    this.rank = new Map(files.map((f, i) => [f, i] as const));
    this.allMemo = undefined;
    const out = new Set<Fact>();
    for (const f of gone) for (const fact of f.facts) out.add(fact);
    const incoming: Fact[] = [];
    for (const f of added) {
      f.facts.forEach((fact, index) => {
        this.home.set(fact, { file: f, index });
        incoming.push(fact);
      });
    }
    // A fact that moved to a new file object (kept because it did not change) leaves its old
    // place and takes its new one; the ids of facts no file holds any more are dropped.
    const touched = { id: new Set<string>(), type: new Set<string>(), address: new Set<string>(), kind: new Set<string>() };
    for (const fact of [...out, ...incoming]) {
      touched.id.add(fact.id);
      touched.type.add(fact.type);
      touched.address.add(fact.address);
      touched.kind.add(fact.kind);
    }
    const inn = new Set(incoming);
    this.patch(this.byId, touched.id, (f) => f.id, out, inn, incoming);
    this.patch(this.byType, touched.type, (f) => f.type, out, inn, incoming);
    this.patch(this.byAddress, touched.address, (f) => f.address, out, inn, incoming);
    this.patch(this.byKind, touched.kind, (f) => f.kind, out, inn, incoming);
  }

  private rebuild(files: readonly ParsedFile[]): void {
    this.files = files;
    this.fileSet = new Set(files);
    this.rank = new Map(files.map((f, i) => [f, i] as const));
    this.allMemo = undefined;
    for (const m of [this.byId, this.byType, this.byAddress, this.byKind]) m.clear();
    for (const f of files) {
      f.facts.forEach((fact, index) => {
        this.home.set(fact, { file: f, index });
        push(this.byId, fact.id, fact);
        push(this.byType, fact.type, fact);
        push(this.byAddress, fact.address, fact);
        push(this.byKind, fact.kind, fact);
      });
    }
  }

  /** Whether the fact is in the current state (not an old version of a changed one). */
  present(f: Fact): boolean {
    const h = this.home.get(f);
    return h !== undefined && this.fileSet.has(h.file) && h.file.facts[h.index] === f;
  }

  /** The fact's place in scan order (comparable between facts of the current state). */
  position(f: Fact): number {
    const h = this.home.get(f);
    return h ? (this.rank.get(h.file) ?? -1) * 1e7 + h.index : -1;
  }

  private patch(map: Map<string, Fact[]>, keys: Set<string>, keyOf: (f: Fact) => string, out: Set<Fact>, inn: Set<Fact>, incoming: readonly Fact[]): void {
    if (keys.size === 0) return;
    const fresh = new Map<string, Fact[]>();
    for (const fact of incoming) {
      const k = keyOf(fact);
      const l = fresh.get(k);
      if (l) l.push(fact);
      else fresh.set(k, [fact]);
    }
    for (const k of keys) {
      const kept = (map.get(k) ?? []).filter((f) => !out.has(f) && !inn.has(f));
      const add = fresh.get(k) ?? [];
      const list = add.length === 0 ? kept : mergeInOrder(kept, add, (f) => this.position(f));
      if (list.length === 0) map.delete(k);
      else map.set(k, list);
    }
  }

  /** A FactQuery over the current state (a new object each time: per-analysis caches hang on it). */
  query(): FactQuery {
    return queryOver({
      all: () => (this.allMemo ??= this.files.flatMap((f) => f.facts)),
      byId: (id) => this.get(id),
      byType: (t) => this.byType.get(t),
      byAddress: (a) => this.byAddress.get(a),
      byKind: (k) => this.byKind.get(k),
    });
  }
}


/**
 * The scan's facts, indexed by id, type, address and kind, kept from one analysis to the next
 * and patched with the files that changed, so that an edit costs time in proportion to the
 * edited files rather than to the whole scan. Lists keep scan order: the order of the files
 * given to `update`, then each file's own order — what a FactQuery built afresh gives.
 */
import type { FactQuery } from './catalogue/types';
import { sameList } from './equal';
import { mergeInOrder, push, queryOver, without } from './facts';
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
  /** Facts of files that left, with their last position (see previousPosition). */
  private readonly left = new WeakMap<Fact, number>();

  /** The file objects of the current state, in scan order. */
  list(): readonly ParsedFile[] {
    return this.files;
  }

  /** Whether the file object is in the current state. */
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
   * the facts of the others leave and join the lists at their place in scan order. `diff` is
   * `diffFiles(previous files, files)` when the caller has it already.
   */
  update(files: readonly ParsedFile[], diff: FileDiff = diffFiles(this.files, files)): void {
    const { added, gone } = diff;
    if (gone.length === 0 && added.length === 0 && sameList(files, this.files)) return;
    // Files reordered, or most of them new (a first load, a branch switch): build afresh.
    if ((gone.length === 0 && added.length === 0) || diff.moved || added.length + gone.length > files.length / 4) {
      this.rebuild(files);
      return;
    }
    const before = this.files;
    // Where the leaving facts were, for carry-over to tell a fact replaced in place from a move.
    for (const f of gone) {
      const r = this.rank.get(f);
      if (r !== undefined) f.facts.forEach((fact, index) => this.left.set(fact, r * 1e7 + index));
    }
    this.files = files;
    for (const f of gone) this.fileSet.delete(f);
    for (const f of added) this.fileSet.add(f);
    if (diff.at) {
      for (const i of diff.at) this.rank.delete(before[i]);
      for (const i of diff.at) this.rank.set(files[i], i);
    } else this.rank = new Map(files.map((f, i) => [f, i] as const));
    this.allMemo = undefined;
    const out = new Set<Fact>();
    const incoming: Fact[] = [];
    // A file replaced in place by one that holds some of the same fact objects at the same
    // index (an edit: unchanged facts are kept as objects): those keep their place in every
    // list, and only their home moves to the new file.
    const replacing = new Map<ParsedFile, ParsedFile>();
    if (diff.at) for (const i of diff.at) if (this.fileSet.has(files[i]) && !this.fileSet.has(before[i])) replacing.set(files[i], before[i]);
    const stays = new Set<Fact>();
    for (const f of added) {
      const was = replacing.get(f);
      f.facts.forEach((fact, index) => {
        this.home.set(fact, { file: f, index });
        if (was && was.facts[index] === fact) stays.add(fact);
        else incoming.push(fact);
      });
    }
    for (const f of gone) for (const fact of f.facts) if (!stays.has(fact)) out.add(fact);
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

  /** The place a fact that left with the last update had before it. */
  previousPosition(f: Fact): number | undefined {
    return this.left.get(f);
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
      const kept = without(without(map.get(k) ?? [], out), inn);
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


/** How a list of files changed: the objects that joined and left. */
export interface FileDiff {
  added: ParsedFile[];
  gone: ParsedFile[];
  /** When both lists have one length: the positions where they differ. */
  at?: number[];
  /** Whether files present in both changed their order. */
  moved?: boolean;
}

/**
 * The files that joined and left between two lists of distinct file objects. An edit replaces a
 * few files in place, so lists of one length are compared position by position.
 */
export function diffFiles(before: readonly ParsedFile[], after: readonly ParsedFile[]): FileDiff {
  if (before.length === after.length) {
    const at: number[] = [];
    for (let i = 0; i < after.length; i++) if (before[i] !== after[i]) at.push(i);
    if (at.length === 0) return { added: [], gone: [], at };
    if (at.length <= 64 || at.length * 8 < after.length) {
      // An object present in both lists differs in position only if both positions are in `at`.
      const was = new Set(at.map((i) => before[i]));
      const now = new Set(at.map((i) => after[i]));
      const added = at.map((i) => after[i]).filter((f) => !was.has(f));
      const gone = at.map((i) => before[i]).filter((f) => !now.has(f));
      return { added, gone, at, moved: added.length < at.length };
    }
  }
  const was = new Set(before);
  const now = new Set(after);
  const added = after.filter((f) => !was.has(f));
  const gone = before.filter((f) => !now.has(f));
  // Present in both: moved when their relative order differs.
  const keptBefore = before.filter((f) => now.has(f));
  const keptAfter = after.filter((f) => was.has(f));
  return { added, gone, moved: !sameList(keptBefore, keptAfter) };
}

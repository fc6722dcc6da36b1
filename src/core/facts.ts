/**
 * Reading fact values: the helpers every detector and signal uses, so that "unknown stays
 * unknown" is decided in one place.
 */
import type { FactQuery } from './catalogue/types';
import type { Evidence, Fact, FactObject, FactValue, Range } from './model';

export interface RefValue {
  $ref: string;
}
export interface ExprValue {
  $expr: string;
}

export function isRef(v: FactValue | undefined): v is FactObject & RefValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as FactObject).$ref === 'string';
}

export function isExpr(v: FactValue | undefined): v is FactObject & ExprValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as FactObject).$expr === 'string';
}

/** A value whose content cannot be judged from the files (an unresolved expression). */
export function isUnknown(v: FactValue | undefined): boolean {
  return isExpr(v);
}

export function isObject(v: FactValue | undefined): v is FactObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isRef(v) && !isExpr(v);
}

/**
 * Every value at a dot path. Arrays along the way (repeated nested blocks, lists) are
 * flattened, so `get(f, 'production_variants.instance_type')` reads every variant.
 * A numeric segment indexes an array.
 */
export function getAll(source: Fact | FactValue | undefined, path: string): FactValue[] {
  if (source === undefined) return [];
  let current: FactValue[] = [isFact(source) ? source.attributes : source];
  for (const segment of path.split('.').filter(Boolean)) {
    const next: FactValue[] = [];
    for (const value of current) {
      if (Array.isArray(value)) {
        if (/^\d+$/.test(segment)) {
          const item = value[Number(segment)];
          if (item !== undefined) next.push(item);
        } else {
          for (const item of value) if (isObject(item) && segment in item) next.push(item[segment]);
        }
      } else if (isObject(value) && segment in value) {
        next.push(value[segment]);
      }
    }
    current = next;
  }
  return current;
}

/** The first value at a dot path (see `getAll`). */
export function get(source: Fact | FactValue | undefined, path: string): FactValue | undefined {
  return getAll(source, path)[0];
}

/** Whether the path holds anything, an unknown value included. */
export function has(source: Fact | FactValue | undefined, path: string): boolean {
  return getAll(source, path).some((v) => v !== null);
}

export type Truth = true | false | 'unknown';

/** `true`, `"true"`, `"Enabled"` → true; `false`, `"false"`, `"Disabled"` → false; unknown → 'unknown'; absent → undefined. */
export function truth(v: FactValue | undefined): Truth | undefined {
  if (v === undefined || v === null) return undefined;
  if (isUnknown(v) || isRef(v)) return 'unknown';
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (['true', 'enabled', 'yes', 'on', '1'].includes(s)) return true;
    if (['false', 'disabled', 'no', 'off', '0'].includes(s)) return false;
  }
  if (typeof v === 'number') return v !== 0;
  return 'unknown';
}

export function str(v: FactValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function isFact(v: unknown): v is Fact {
  return typeof v === 'object' && v !== null && 'attributes' in v && 'address' in v && 'file' in v;
}

/** Range of an attribute path of a fact, falling back to the fact's header, then the whole fact. */
export function rangeOf(fact: Fact, path?: string): Range {
  if (path && fact.attributeRanges?.[path]) return fact.attributeRanges[path];
  return fact.nameRange ?? fact.range;
}

export function evidence(fact: Fact, why: string, path?: string): Evidence {
  return { file: fact.file, range: rangeOf(fact, path), why, factId: fact.id };
}

// ─────────────────────────── read tracking ───────────────────────────
//
// An edit changes a few facts; the project re-assesses only the workloads whose reads touched
// them. While a workload is graded or evaluated, every read through the scan's FactQuery (and
// through `perScan`, `scanIndex`, `recordRead`) adds a key to the current recorder:
//   `i:<id>` byId · `t:<type>` byType · `a:<address>` byAddress · `k:<kind>` byKind ·
//   `*` all() · `x:<index>\0<key>` a scanIndex bucket · `f:<file>` a file's text.
// A changed fact invalidates the keys it could answer (`changeKeys`).

let recording: Set<string> | undefined;

/** Runs `fn`, adding the key of every read it makes to `deps` (nested recorders each see their own reads). */
export function recordReads<T>(deps: Set<string>, fn: () => T): T {
  const outer = recording;
  recording = deps;
  try {
    return fn();
  } finally {
    recording = outer;
    if (outer) for (const d of deps) outer.add(d);
  }
}

/** Records a read that is not a FactQuery call (the text of a file: `f:<path>`). */
export function recordRead(key: string): void {
  recording?.add(key);
}

interface Derived {
  value: unknown;
  deps: readonly string[];
}

interface IndexEntry {
  select: (f: Fact) => string | readonly string[] | undefined;
  /** Buckets by key, the keys in scan order of their first fact. */
  map?: Map<string, Fact[]>;
  keys?: string[];
}

interface QueryState {
  derived: Map<string, Derived>;
  /** perScan key → its reads, inverted; one object carried from each analysis to the next. */
  derivedDeps: DependencyIndex;
  indexes: Map<string, IndexEntry>;
}

const states = new WeakMap<FactQuery, QueryState>();

function stateOf(all: FactQuery): QueryState {
  let s = states.get(all);
  if (!s) states.set(all, (s = { derived: new Map(), derivedDeps: new DependencyIndex(), indexes: new Map() }));
  return s;
}

/**
 * A value computed once per FactQuery, i.e. once per analysis, and shared by every workload:
 * for detectors that would otherwise scan `all()` again for each workload (an index of the
 * scan's facts by type pattern, the users of each ServiceAccount…). `key` names the value; the
 * computation must depend on the scan's facts only (read through `all`), never on one
 * workload. Its reads are recorded, and a later analysis reuses the value when none of them
 * changed.
 */
export function perScan<T>(all: FactQuery, key: string, compute: () => T): T {
  const m = stateOf(all).derived;
  const hit = m.get(key);
  // A reader of the value depends on the value, not on all it read: carryOver marks the value's
  // key as changed when it is not carried over (see `derivedKey`).
  recording?.add(derivedKey(key));
  if (hit) return hit.value as T;
  const deps = new Set<string>();
  const outer = recording;
  recording = deps;
  let value: T;
  try {
    value = compute();
  } finally {
    recording = outer;
  }
  const list = [...deps];
  m.set(key, { value, deps: list });
  stateOf(all).derivedDeps.set(key, list);
  return value;
}

const derivedKeys = new Map<string, string>();

/** The read key of a perScan value (made once per key: the same keys come back every analysis). */
function derivedKey(key: string): string {
  return prefixedKey(derivedKeys, 'p:', key, 100_000);
}

export interface ScanIndex {
  /** Facts whose `select` gave `key`, in scan order. Read-only: callers copy before changing. */
  get(key: string): readonly Fact[];
  /** The keys with facts, in the scan order of each key's first fact. Read-only. */
  keys(): readonly string[];
}

/**
 * The scan's facts grouped by what `select` returns for each (a scope, a flow id, one constant
 * key for a filtered list; undefined leaves the fact out), built once per analysis. `select`
 * must depend on the fact alone and be the same for one `name` (`source`, when given, is only a
 * faster way to list the facts `select` may keep: one type's, one kind's). A read of one bucket depends on
 * that bucket only, so an edit elsewhere does not invalidate the workloads that read it.
 */
export function scanIndex(all: FactQuery, name: string, select: (f: Fact) => string | readonly string[] | undefined, source?: () => readonly Fact[]): ScanIndex {
  const indexes = stateOf(all).indexes;
  let entry = indexes.get(name);
  if (!entry) indexes.set(name, (entry = { select }));
  const e = entry;
  const build = (): Map<string, Fact[]> => {
    if (!e.map) {
      const map = new Map<string, Fact[]>();
      const outer = recording;
      recording = undefined;
      try {
        // `source` may narrow the facts looked at (one type's); `select` alone decides.
        for (const f of source ? source() : all.all()) {
          const k = e.select(f);
          if (k === undefined) continue;
          for (const one of typeof k === 'string' ? [k] : k) {
            const list = map.get(one);
            if (list) list.push(f);
            else map.set(one, [f]);
          }
        }
      } finally {
        recording = outer;
      }
      e.map = map;
    }
    return e.map;
  };
  return {
    get(key: string): readonly Fact[] {
      recording?.add(`x:${name}\u0000${key}`);
      return build().get(key) ?? [];
    },
    keys(): readonly string[] {
      recording?.add(keysKey(name));
      return (e.keys ??= [...build().keys()]);
    },
  };
}

/** The read key of an index's list of keys. */
function keysKey(name: string): string {
  return `x:${name}\u0001`;
}

/**
 * A scanIndex key for a fact's scope, where "no scope" is its own bucket (scopes get a prefix,
 * so no scope can be named like it).
 */
export function scopeKey(scope: string | undefined): string {
  return scope === undefined ? '-' : `=${scope}`;
}

/** Facts that pass `filter`, in scan order (a scanIndex with one bucket). */
export function scanList(all: FactQuery, name: string, filter: (f: Fact) => boolean, source?: () => readonly Fact[]): readonly Fact[] {
  return scanIndex(all, name, (f) => (filter(f) ? '' : undefined), source).get('');
}

/** The keys of reads a changed fact (its old or new version) could have answered differently. */
export function changeKeys(f: Fact, into: Set<string>): void {
  into.add('*');
  into.add(readKey(idKeys, 'i:', f.id));
  into.add(readKey(typeKeys, 't:', f.type));
  into.add(readKey(addressKeys, 'a:', f.address));
  into.add(readKey(kindKeys, 'k:', f.kind));
}

/**
 * Moves what the previous analysis computed to the next one's FactQuery where the change left
 * it valid: indexes none of the changed facts fall into keep their buckets (the others are
 * rebuilt on first use, and the buckets the changed facts fall into are added to `keys`), and
 * perScan values none of whose reads is in `keys` are kept. Call before the next analysis reads.
 */
export function carryOver(from: FactQuery, to: FactQuery, changed: readonly Fact[], keys: Set<string>, order?: ScanOrder): void {
  const prev = states.get(from);
  if (!prev) return;
  const next = stateOf(to);
  for (const [name, e] of prev.indexes) {
    const touched = new Set<string>();
    for (const f of changed) {
      const k = e.select(f);
      if (k === undefined) continue;
      for (const one of typeof k === 'string' ? [k] : k) {
        touched.add(one);
        keys.add(`x:${name}\u0000${one}`);
      }
    }
    if (touched.size === 0) next.indexes.set(name, e);
    else if (!e.map || !order) {
      next.indexes.set(name, { select: e.select });
      keys.add(keysKey(name));
    } else {
      // The key list changes when a key's first fact does (a key came, went or moved).
      const firsts = [...touched].map((k) => e.map!.get(k)?.[0]);
      const map = patchBuckets(e, touched, changed, order);
      const moved = [...touched].some((k, i) => {
        const a = firsts[i];
        const b = map.get(k)?.[0];
        if (a === b) return false;
        if (!a || !b) return true;
        // A first fact replaced by its new version at the same place keeps the key's place.
        const was = order.present(a) ? order.position(a) : order.previousPosition?.(a);
        return was === undefined || was !== order.position(b);
      });
      if (!moved) next.indexes.set(name, { select: e.select, map, keys: e.keys });
      else {
        keys.add(keysKey(name));
        next.indexes.set(name, { select: e.select, map: inKeyOrder(map, e.select, order, touched) });
      }
    }
  }
  // perScan values none of whose reads changed; the inverted index names the others, and a
  // value that read a stale one is stale too. Their keys are changed reads for their readers.
  const stale = prev.derivedDeps.affected(keys);
  let frontier = [...stale];
  while (frontier.length > 0) {
    const read = frontier.map(derivedKey);
    for (const k of read) keys.add(k);
    frontier = [...prev.derivedDeps.affected(read)].filter((k) => !stale.has(k));
    for (const k of frontier) stale.add(k);
  }
  for (const key of stale) prev.derivedDeps.delete(key);
  next.derivedDeps = prev.derivedDeps;
  // The previous analysis is over: its map of values becomes the next one's, without the stale.
  if (next.derived.size === 0) {
    for (const key of stale) prev.derived.delete(key);
    next.derived = prev.derived;
    prev.derived = new Map();
  } else for (const [key, d] of prev.derived) if (!stale.has(key)) next.derived.set(key, d);
}

/** Where facts sit in the next analysis' scan order (see FactStore). */
export interface ScanOrder {
  /** Whether the fact is in the next analysis (changed facts hold old and new versions). */
  present(f: Fact): boolean;
  position(f: Fact): number;
  /** Where a fact that is no longer present was before (if known). */
  previousPosition?(f: Fact): number | undefined;
}

/** A copy of `list` without the facts in `out` (found with indexOf when they are few). */
export function without(list: readonly Fact[], out: ReadonlySet<Fact>): Fact[] {
  if (out.size > 8) return list.filter((f) => !out.has(f));
  const copy = list.slice();
  for (const f of out) {
    for (let i = copy.indexOf(f); i >= 0; i = copy.indexOf(f, i)) copy.splice(i, 1);
  }
  return copy;
}

/** Merges two lists that are each in scan order (`pos`) into one. */
export function mergeInOrder(a: readonly Fact[], b: readonly Fact[], pos: (f: Fact) => number): Fact[] {
  if (b.length === 0) return [...a];
  if (b.length * 16 < a.length) {
    // A few facts into a long list: each is put in by binary search, from the last one back
    // (so each search stops at the one put in before), with the same ties as the merge below.
    const out = a.slice();
    let hi = out.length;
    for (let j = b.length - 1; j >= 0; j--) {
      const p = pos(b[j]);
      let lo = 0;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (pos(out[mid]) <= p) lo = mid + 1;
        else hi = mid;
      }
      out.splice(lo, 0, b[j]);
      hi = lo;
    }
    return out;
  }
  const out: Fact[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(pos(a[i]) <= pos(b[j]) ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

/**
 * The buckets with keys in the order a fresh build gives: by the position of each key's first
 * fact, and for keys of one fact in the order its `select` gives them.
 */
function inKeyOrder(map: Map<string, Fact[]>, select: IndexEntry['select'], order: ScanOrder, touched: ReadonlySet<string>): Map<string, Fact[]> {
  // The keys no change touched keep their first facts, so they are still in the order of last
  // time (the map's own order); only the touched keys are placed again, each by binary search
  // among them. Ranking every key (a `select` per key) cost ~100 ms per whole-file edit at 50k.
  const ranks = new Map<string, [number, number]>();
  const rank = (k: string): [number, number] => {
    let r = ranks.get(k);
    if (!r) {
      const first = map.get(k)![0];
      const ks = select(first);
      ranks.set(k, (r = [order.position(first), typeof ks === 'string' || ks === undefined ? 0 : ks.indexOf(k)]));
    }
    return r;
  };
  const before = (a: string, b: string): number => {
    const x = rank(a);
    const y = rank(b);
    return x[0] - y[0] || x[1] - y[1];
  };
  const rest: string[] = [];
  for (const k of map.keys()) if (!touched.has(k)) rest.push(k);
  const placed = [...touched].filter((k) => map.has(k)).sort(before);
  const out = new Map<string, Fact[]>();
  let i = 0;
  for (const k of placed) {
    // Where k goes among the untouched keys (after the ones that come before it).
    let lo = i;
    let hi = rest.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(rest[mid], k) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (; i < lo; i++) out.set(rest[i], map.get(rest[i])!);
    out.set(k, map.get(k)!);
  }
  for (; i < rest.length; i++) out.set(rest[i], map.get(rest[i])!);
  return out;
}

/** A copy of an index's buckets with the touched ones redone from the changed facts, in scan order. */
function patchBuckets(e: IndexEntry, touched: Set<string>, changed: readonly Fact[], order: ScanOrder): Map<string, Fact[]> {
  // Patched in place: the map moves to the next analysis' entry, and the old entry, whose
  // analysis is over, forgets it (were it read again, it would be built afresh).
  const map = e.map!;
  e.map = undefined;
  e.keys = undefined;
  const out = new Set(changed);
  const incoming = new Map<string, Fact[]>();
  for (const f of changed) {
    if (!order.present(f)) continue;
    const k = e.select(f);
    if (k === undefined) continue;
    for (const one of typeof k === 'string' ? [k] : k) (incoming.get(one) ?? incoming.set(one, []).get(one))!.push(f);
  }
  for (const key of touched) {
    const kept = without(map.get(key) ?? [], out);
    const add = (incoming.get(key) ?? []).sort((x, y) => order.position(x) - order.position(y));
    const list = mergeInOrder(kept, add, (f) => order.position(f));
    if (list.length > 0) map.set(key, list);
    else map.delete(key);
  }
  return map;
}

/** The lookups a FactQuery answers from (see `queryOver`). Lists are in scan order and read-only. */
export interface FactLookups {
  all(): readonly Fact[];
  byId(id: string): Fact | undefined;
  byType(type: string): readonly Fact[] | undefined;
  byAddress(address: string): readonly Fact[] | undefined;
  byKind(kind: string): readonly Fact[] | undefined;
}

/** A FactQuery over lookups, recording each read for the current recorder (see `recordReads`). */
export function queryOver(l: FactLookups): FactQuery {
  return {
    all: () => {
      recording?.add('*');
      return l.all();
    },
    byType: (t) => {
      recording?.add(readKey(typeKeys, 't:', t));
      return l.byType(t) ?? [];
    },
    byId: (id) => {
      recording?.add(readKey(idKeys, 'i:', id));
      return l.byId(id);
    },
    byAddress: (a, scope) => {
      recording?.add(readKey(addressKeys, 'a:', a));
      const list = l.byAddress(a) ?? [];
      return scope === undefined ? list : list.filter((f) => f.scope === scope);
    },
    byKind: (k) => {
      recording?.add(readKey(kindKeys, 'k:', k));
      return l.byKind(k) ?? [];
    },
  };
}

const idKeys = new Map<string, string>();
const typeKeys = new Map<string, string>();
const addressKeys = new Map<string, string>();
const kindKeys = new Map<string, string>();

/**
 * The read key `<prefix><name>`, one string per name: reads are recorded by the hundred
 * thousand per scan, and a kept string hashes once instead of being built and hashed each time.
 */
function readKey(cache: Map<string, string>, prefix: string, name: string): string {
  return prefixedKey(cache, prefix, name, 500_000);
}

/** `prefix + name`, kept in `cache` (cleared past `max` entries) so each name's key is one string. */
export function prefixedKey(cache: Map<string, string>, prefix: string, name: string, max: number): string {
  let k = cache.get(name);
  if (k === undefined) {
    if (cache.size > max) cache.clear();
    cache.set(name, (k = prefix + name));
  }
  return k;
}

/** A FactQuery over a fixed list of facts. */
export function factQuery(facts: readonly Fact[]): FactQuery {
  const byType = new Map<string, Fact[]>();
  const byId = new Map<string, Fact>();
  const byAddress = new Map<string, Fact[]>();
  let byKind: Map<string, Fact[]> | undefined;
  for (const f of facts) {
    byId.set(f.id, f);
    push(byType, f.type, f);
    push(byAddress, f.address, f);
  }
  return queryOver({
    all: () => facts,
    byId: (id) => byId.get(id),
    byType: (t) => byType.get(t),
    byAddress: (a) => byAddress.get(a),
    byKind: (k) => {
      if (!byKind) {
        byKind = new Map();
        for (const f of facts) push(byKind, f.kind, f);
      }
      return byKind.get(k);
    },
  });
}

/** Appends `v` to the list `m` holds for `k`. */
export function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * Which work read which keys, inverted: after a change, `affected(keys)` names the work to
 * redo in time proportional to the changed keys, not to all the work there is. Kept from one
 * analysis to the next and updated as work is redone.
 */
export class DependencyIndex {
  private readonly byKey = new Map<string, Set<string>>();
  private readonly byWork = new Map<string, readonly string[]>();

  /** Records (or replaces) what one piece of work read. */
  set(work: string, deps: readonly string[]): void {
    const old = this.byWork.get(work);
    if (old === deps) return;
    if (old) for (const k of old) this.byKey.get(k)?.delete(work);
    for (const k of deps) {
      let s = this.byKey.get(k);
      if (!s) this.byKey.set(k, (s = new Set()));
      s.add(work);
    }
    this.byWork.set(work, deps);
  }

  delete(work: string): void {
    this.set(work, []);
    this.byWork.delete(work);
  }

  /** Work whose reads include any of `keys`. */
  affected(keys: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const k of keys) {
      const s = this.byKey.get(k);
      if (s) for (const w of s) out.add(w);
    }
    return out;
  }

  works(): IterableIterator<string> {
    return this.byWork.keys();
  }
}

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

const derived = new WeakMap<FactQuery, Map<string, unknown>>();

/**
 * A value computed once per FactQuery, i.e. once per analysis, and shared by every workload:
 * for detectors that would otherwise scan `all()` again for each workload (an index of the
 * scan's facts by type pattern, the users of each ServiceAccount…). `key` names the value; the
 * computation must depend on `all` only.
 */
export function perScan<T>(all: FactQuery, key: string, compute: () => T): T {
  let m = derived.get(all);
  if (!m) derived.set(all, (m = new Map()));
  if (m.has(key)) return m.get(key) as T;
  const v = compute();
  m.set(key, v);
  return v;
}

/** A FactQuery over a fixed list of facts. */
export function factQuery(facts: readonly Fact[]): FactQuery {
  const byType = new Map<string, Fact[]>();
  const byId = new Map<string, Fact>();
  const byAddress = new Map<string, Fact[]>();
  for (const f of facts) {
    byId.set(f.id, f);
    push(byType, f.type, f);
    push(byAddress, f.address, f);
  }
  return {
    all: () => facts,
    byType: (t) => byType.get(t) ?? [],
    byId: (id) => byId.get(id),
    byAddress: (a, scope) => (byAddress.get(a) ?? []).filter((f) => scope === undefined || f.scope === scope),
  };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * Finding pod specs and containers inside any object: core workloads by their known
 * template path, custom resources (Ray, Kubeflow, KServe, agent-sandbox…) by looking for
 * objects that hold a `containers` list under `spec`.
 */
import type { Fact, FactObject, FactValue } from '../../model';
import { isPlainObject } from '../yaml-util';
import { POD_SPEC_PATHS } from './kinds';

export interface PodSpecAt {
  path: string;
  spec: FactObject;
  /** Labels of the pods (template metadata.labels), if known. */
  labels?: FactObject;
}

export interface ContainerAt {
  path: string;
  container: FactObject;
  pod: PodSpecAt;
}

const segmentCache = new Map<string, string[]>();

function segmentsOf(path: string): string[] {
  let segs = segmentCache.get(path);
  if (!segs) {
    segs = path.split('.').filter(Boolean);
    if (segmentCache.size < 4096) segmentCache.set(path, segs);
  }
  return segs;
}

function at(v: FactValue | undefined, path: string): FactValue | undefined {
  let cur = v;
  for (const seg of segmentsOf(path)) {
    if (Array.isArray(cur) && /^\d+$/.test(seg)) cur = cur[Number(seg)];
    else if (isPlainObject(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

function parentPath(path: string): string {
  const i = path.lastIndexOf('.');
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * Memo of `podSpecs` / `containers` per fact object. Detectors ask for them many times per
 * fact (once per workload that scans the whole fact list), so the walk is done once; an entry
 * is only used while the fact still holds the same attributes object and type.
 */
interface PodMemo {
  attributes: FactObject;
  type: string;
  specs?: PodSpecAt[];
  containers?: ContainerAt[];
}
const memo = new WeakMap<Fact, PodMemo>();

function memoOf(fact: Fact): PodMemo {
  let m = memo.get(fact);
  if (!m || m.attributes !== fact.attributes || m.type !== fact.type) {
    m = { attributes: fact.attributes, type: fact.type };
    if (typeof fact === 'object' && fact !== null) memo.set(fact, m);
  }
  return m;
}

export function podSpecs(fact: Fact): PodSpecAt[] {
  const m = memoOf(fact);
  if (!m.specs) m.specs = findPodSpecs(fact);
  return m.specs.slice();
}

function findPodSpecs(fact: Fact): PodSpecAt[] {
  const attrs = fact.attributes;
  const known = POD_SPEC_PATHS[fact.type];
  if (known) {
    const spec = at(attrs, known);
    if (!isPlainObject(spec)) return [];
    const tmpl = at(attrs, parentPath(known));
    const labels = fact.type === 'Pod' ? at(attrs, 'metadata.labels') : isPlainObject(tmpl) ? at(tmpl, 'metadata.labels') : undefined;
    return [{ path: known, spec, labels: isPlainObject(labels) ? labels : undefined }];
  }
  // Custom resources: any object under spec with a containers list, a few levels deep.
  const out: PodSpecAt[] = [];
  const visit = (v: FactValue, path: string, depth: number, parent: FactObject | undefined): void => {
    if (depth > 9) return;
    if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${path}.${i}`, depth + 1, parent));
      return;
    }
    if (!isPlainObject(v) || '$expr' in v) return;
    if (Array.isArray(v.containers) || Array.isArray(v.initContainers)) {
      const meta = parent?.metadata;
      const labels = isPlainObject(meta) && isPlainObject(meta.labels) ? meta.labels : undefined;
      out.push({ path, spec: v, labels });
      return;
    }
    for (const [k, child] of Object.entries(v)) {
      if (k === 'metadata' || k === 'status') continue;
      visit(child, `${path}.${k}`, depth + 1, v);
    }
  };
  const spec = attrs.spec;
  if (spec !== undefined) visit(spec, 'spec', 0, attrs);
  return out;
}

export function containers(fact: Fact): ContainerAt[] {
  const m = memoOf(fact);
  if (!m.containers) m.containers = findContainers(fact);
  return m.containers.slice();
}

function findContainers(fact: Fact): ContainerAt[] {
  const out: ContainerAt[] = [];
  for (const pod of podSpecs(fact)) {
    for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
      const list = pod.spec[field];
      if (!Array.isArray(list)) continue;
      list.forEach((c, i) => {
        if (isPlainObject(c)) out.push({ path: `${pod.path}.${field}.${i}`, container: c, pod });
      });
    }
  }
  // Container-like specs that are not pod specs: KServe predictor `model`, kagent BYO deployment.
  for (const p of ['spec.byo.deployment', 'spec.declarative.deployment']) {
    const d = at(fact.attributes, p);
    if (isPlainObject(d) && (typeof d.image === 'string' || Array.isArray(d.env))) out.push({ path: p, container: d, pod: { path: p, spec: d } });
  }
  return out;
}

/** `command` + `args` as one string, with unknown parts left out. */
export function commandLine(c: FactObject): string {
  const parts: string[] = [];
  for (const f of ['command', 'args']) {
    const v = c[f];
    if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') parts.push(x);
    if (typeof v === 'string') parts.push(v);
  }
  return parts.join(' ');
}

export interface EnvAt {
  name: string;
  value: FactValue | undefined;
  path: string;
  /** Set when the value comes from a Secret / ConfigMap reference. */
  from?: string;
}

export function envOf(c: ContainerAt): EnvAt[] {
  const list = c.container.env;
  const out: EnvAt[] = [];
  if (!Array.isArray(list)) return out;
  list.forEach((e, i) => {
    if (!isPlainObject(e) || typeof e.name !== 'string') return;
    let from: string | undefined;
    if (isPlainObject(e.valueFrom)) {
      const s = e.valueFrom.secretKeyRef;
      const m = e.valueFrom.configMapKeyRef;
      if (isPlainObject(s) && typeof s.name === 'string') from = `Secret:${s.name}`;
      else if (isPlainObject(m) && typeof m.name === 'string') from = `ConfigMap:${m.name}`;
      else from = 'field';
    }
    out.push({ name: e.name, value: e.value, path: `${c.path}.env.${i}`, from });
  });
  return out;
}

export function imageOf(c: ContainerAt): string | undefined {
  return typeof c.container.image === 'string' ? c.container.image : undefined;
}

/**
 * Whether a pod's labels satisfy a selector. `mode` `map` is a Service-style plain label map
 * (empty selects nothing); `labelSelector` is a LabelSelector with `matchLabels` /
 * `matchExpressions` (empty selects every pod).
 */
export function selects(selector: FactValue | undefined, labels: FactObject | undefined, mode: 'map' | 'labelSelector' = 'map'): boolean {
  if (!isPlainObject(selector) || '$expr' in selector) return false;
  const matchLabels = mode === 'map' ? selector : selector.matchLabels;
  const entries = isPlainObject(matchLabels) ? Object.entries(matchLabels) : [];
  const exprs = mode === 'labelSelector' && Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  if (!entries.length && !exprs.length) return mode === 'labelSelector';
  const l = labels ?? {};
  for (const [k, v] of entries) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return false;
    if (String(l[k]) !== String(v) || l[k] === undefined) return false;
  }
  for (const e of exprs) {
    if (!isPlainObject(e) || typeof e.key !== 'string') return false;
    const val = l[e.key];
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    switch (e.operator) {
      case 'In':
        if (val === undefined || !values.includes(String(val))) return false;
        break;
      case 'NotIn':
        if (val !== undefined && values.includes(String(val))) return false;
        break;
      case 'Exists':
        if (val === undefined) return false;
        break;
      case 'DoesNotExist':
        if (val !== undefined) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Labels of every pod a fact runs. */
const labelsMemo = new WeakMap<Fact, FactObject[]>();

/** Labels of every pod a fact runs, once per fact object (facts never change). Read-only. */
export function podLabels(fact: Fact): FactObject[] {
  let out = labelsMemo.get(fact);
  if (!out) {
    out = podSpecs(fact)
      .map((p) => p.labels)
      .filter((l): l is FactObject => l !== undefined);
    labelsMemo.set(fact, out);
  }
  return out;
}

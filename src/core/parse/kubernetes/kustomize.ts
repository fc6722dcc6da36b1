/**
 * Kustomize, applied across files after parsing (`link`).
 *
 * From every root kustomization (one no other kustomization lists) the resource tree is
 * walked (`resources`, `bases`, `components`: files and folders with a kustomization).
 * Each object a root reaches is transformed the way `kustomize build` would for the simple
 * cases, innermost kustomization first:
 * - `patchesStrategicMerge` and `patches` (file or inline; strategic merge by kind + name,
 *   lists of named items merged by `name`; JSON 6902 `add` / `replace` / `remove` with a
 *   `target`);
 * - `namespace` (also ServiceAccount subjects of bindings);
 * - `images` (`newName`, `newTag`, `digest`);
 * - `commonLabels` and `labels[].pairs` (on templates and selectors where kustomize puts
 *   them).
 * `namePrefix` / `nameSuffix`, generators, replacements and remote bases are not applied.
 *
 * When several roots reach an object and their results differ, each distinct result
 * becomes its own fact in the base file (address with the overlay's namespace, or
 * `@<overlay dir>` when that is not enough). Every reached object gets the hint
 * `kustomize:base=<root dir>` (the deployable unit used for grouping) and
 * `kustomize:overlay=<root dir>`. Values that came from a patch keep the ranges of the base
 * (or none when the path is new). Objects in files used as patches are dropped from the
 * facts: they are partial objects, not resources.
 */
import type { Fact, FactObject, FactValue, ParsedFile } from '../../model';
import type { ParseContext } from '../../plugin';
import { isPlainObject } from '../yaml-util';
import { readYaml } from './fast-yaml';
import { isClusterScoped } from './kinds';
import { dirname, joinPath, objectReferences } from './parse';
import { containers } from './pods';
import { redactSecrets } from './secrets';

interface Kust {
  dir: string;
  fact: Fact;
  files: string[];
  children: string[];
}

type Patch = { kind: 'smp'; obj: FactObject; target?: FactObject } | { kind: 'json'; ops: FactValue[]; target: FactObject };

function strings(v: FactValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function clone<T extends FactValue>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * The last output for an input file, and what it was made from (see `linkKustomize`). Keyed
 * by the input object, so it lives as long as the caller keeps that file.
 */
const memo = new WeakMap<ParsedFile, { key: unknown[]; out: ParsedFile }>();

/** Where a parsed file's Kustomization objects are in its facts (most files have none). */
const kustomizationAt = new WeakMap<ParsedFile, readonly number[]>();

/**
 * The file's Kustomization objects, their places found once per parsed file (a link runs after
 * every edit of any Kubernetes file). The facts are read from the list each time: the project
 * may put an equal older object in a place.
 */
function kustomizationsIn(pf: ParsedFile): Fact[] {
  let at = kustomizationAt.get(pf);
  if (!at) {
    const found: number[] = [];
    pf.facts.forEach((f, i) => {
      if (f.type === 'Kustomization' && f.kind === 'k8s-object') found.push(i);
    });
    kustomizationAt.set(pf, (at = found));
  }
  const out: Fact[] = [];
  for (const i of at) {
    const f = pf.facts[i];
    if (f && f.type === 'Kustomization' && f.kind === 'k8s-object') out.push(f);
  }
  return out;
}

/**
 * Applies every root kustomization to the objects it reaches (see the module comment).
 *
 * Memoised per file: a file's output is a function of the file itself and, for each of its
 * objects, of the roots that reach it with their chains of kustomizations (facts) and patch
 * texts. When all of these are the same objects as in the last call, the last output object
 * is returned again, without transforming anything; so after an edit only the files of the
 * overlays and bases it touches are rebuilt, and every other output keeps its identity.
 */
export function linkKustomize(files: ParsedFile[], ctx: ParseContext): ParsedFile[] {
  const kusts = new Map<string, Kust>();
  const fileSet = new Set(files.map((f) => f.file));
  for (const pf of files) for (const f of kustomizationsIn(pf)) kusts.set(dirname(pf.file), { dir: dirname(pf.file), fact: f, files: [], children: [] });
  if (!kusts.size) return files;

  const patchFiles = new Set<string>();
  const patchesOf = new Map<string, { patches: Patch[]; sig: string }>();
  const referenced = new Set<string>();
  for (const k of kusts.values()) {
    const a = k.fact.attributes;
    for (const entry of [...strings(a.resources), ...strings(a.bases), ...strings(a.components)]) {
      if (/^[a-z]+:\/\//i.test(entry) || entry.startsWith('github.com/')) continue;
      const p = joinPath(k.dir, entry);
      if (kusts.has(p) && !fileSet.has(p)) {
        k.children.push(p);
        referenced.add(p);
      } else if (fileSet.has(p)) k.files.push(p);
    }
    patchesOf.set(k.dir, readPatches(k, ctx, patchFiles));
  }

  const byFile = new Map(files.map((f) => [f.file, f]));
  // Where each object is reached: fact id → (root, chain innermost first) per root.
  const reached = new Map<string, { root: string; chain: Kust[] }[]>();
  /** Files some root reaches: only their facts can be in `reached`. */
  const reachedFiles = new Set<string>();
  const roots = [...kusts.values()].filter((k) => !referenced.has(k.dir));
  for (const root of roots) {
    const seen = new Set<string>();
    const visit = (k: Kust, chain: Kust[]): void => {
      if (seen.has(k.dir)) return;
      seen.add(k.dir);
      const here = [k, ...chain];
      for (const file of k.files) {
        if (patchFiles.has(file)) continue;
        reachedFiles.add(file);
        for (const f of byFile.get(file)?.facts ?? []) {
          if (f.kind !== 'k8s-object' || f.type === 'Kustomization') continue;
          const list = reached.get(f.id) ?? [];
          list.push({ root: root.dir, chain: here });
          reached.set(f.id, list);
        }
      }
      for (const c of k.children) {
        const child = kusts.get(c);
        if (child) visit(child, here);
      }
      seen.delete(k.dir);
    };
    visit(root, []);
    const hints = [...new Set([...(root.fact.hints ?? []), `kustomize:base=${root.dir || '.'}`, `kustomize:overlay=${root.dir || '.'}`])];
    if (!sameList(hints, root.fact.hints)) root.fact.hints = hints;
  }

  return files.map((pf) => {
    const patch = patchFiles.has(pf.file);
    if (!patch && !(reachedFiles.has(pf.file) && pf.facts.some((f) => reached.has(f.id)))) return pf;
    // What this file's output is made from (objects compared by identity).
    const key: unknown[] = [patch];
    if (!patch) {
      for (const f of pf.facts) {
        const rs = reached.get(f.id);
        if (!rs) continue;
        key.push(f, rs.length);
        for (const r of rs) {
          key.push(r.root, r.chain.length);
          for (const step of r.chain) key.push(step.fact, patchesOf.get(step.dir)?.sig);
        }
      }
    }
    const last = memo.get(pf);
    if (last && sameList(last.key, key)) return last.out;
    const out = patch ? { ...pf, facts: pf.facts.filter((f) => f.kind !== 'k8s-object') } : applyTo(pf, reached, patchesOf);
    memo.set(pf, { key, out });
    return out;
  });
}

function sameList(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A file's objects as every root that reaches them makes them. */
function applyTo(pf: ParsedFile, reached: Map<string, { root: string; chain: Kust[] }[]>, patchesOf: Map<string, { patches: Patch[] }>): ParsedFile {
  const variants = new Map<string, { root: string; attrs: FactObject }[]>();
  for (const f of pf.facts) {
    const rs = reached.get(f.id);
    if (!rs) continue;
    variants.set(
      f.id,
      rs.map((r) => {
        const attrs = clone(f.attributes);
        for (const step of r.chain) transform(attrs, step, patchesOf.get(step.dir)?.patches ?? []);
        return { root: r.root, attrs };
      }),
    );
  }
  const out: Fact[] = [];
  const used = new Set<string>();
  for (const f of pf.facts) {
    const vs = variants.get(f.id);
    if (!vs) {
      if (f.kind === 'secret') continue; // re-added with their owners below
      out.push(f);
      used.add(f.address);
      continue;
    }
    const distinct: { roots: string[]; attrs: FactObject }[] = [];
    for (const v of vs) {
      const key = JSON.stringify(v.attrs);
      const d = distinct.find((x) => JSON.stringify(x.attrs) === key);
      if (d) d.roots.push(v.root);
      else distinct.push({ roots: [v.root], attrs: v.attrs });
    }
    for (const d of distinct) {
      const nf = rebuild(f, d.attrs, d.roots, used);
      out.push(nf);
      for (const s of pf.facts) {
        if (s.kind !== 'secret' || s.attributes.object !== f.address) continue;
        const path = String(s.attributes.path ?? '');
        const address = `secret:${nf.address}:${path}`;
        out.push({ ...s, id: `${pf.file}#${address}`, address, attributes: { object: nf.address, path }, scope: nf.scope, hints: nf.hints?.filter((h) => h.startsWith('kustomize:')), references: [nf.address] });
      }
    }
  }
  // Secrets whose owner was not transformed.
  for (const s of pf.facts) if (s.kind === 'secret' && !variants.has(`${pf.file}#${String(s.attributes.object)}`)) out.push(s);
  return { ...pf, facts: out };
}

function rebuild(f: Fact, attrs: FactObject, roots: string[], used: Set<string>): Fact {
  const meta = isPlainObject(attrs.metadata) ? attrs.metadata : {};
  const cluster = f.scope === undefined && isClusterScoped(String(attrs.apiVersion ?? ''), f.type);
  const ns = typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : 'default';
  const name = f.name ?? 'unnamed';
  let address = cluster ? `${f.type}/${name}` : `${f.type}/${ns}/${name}`;
  if (used.has(address)) address = `${address}@${roots[0] || '.'}`;
  used.add(address);
  const hints = (f.hints ?? []).filter((h) => !h.startsWith('kustomize:'));
  hints.push(`kustomize:base=${roots[0] || '.'}`, ...roots.map((r) => `kustomize:overlay=${r || '.'}`));
  return {
    ...f,
    id: `${f.file}#${address}`,
    address,
    attributes: attrs,
    scope: cluster ? undefined : ns,
    hints: [...new Set(hints)],
    references: [...new Set(objectReferences(attrs, f.type, ns))],
  };
}

/** A kustomization's patches, and a signature of what they were read from (texts and targets). */
function readPatches(k: Kust, ctx: ParseContext, patchFiles: Set<string>): { patches: Patch[]; sig: string } {
  const a = k.fact.attributes;
  const out: Patch[] = [];
  let sig = '';
  const fromText = (text: string, target: FactObject | undefined): void => {
    sig += `${text.length}:${text}${JSON.stringify(target ?? null)}\n`;
    const r = readYaml(text, 'patch');
    for (const d of r.documents) {
      if (d.hasErrors || d.refused) continue;
      const v = d.value;
      if (Array.isArray(v) && target) {
        for (const op of v) if (isPlainObject(op)) redactSecrets(op, 'Patch');
        out.push({ kind: 'json', ops: v, target });
      } else if (isPlainObject(v)) {
        redactSecrets(v, typeof v.kind === 'string' ? v.kind : 'Patch');
        out.push({ kind: 'smp', obj: v, target });
      }
    }
  };
  const fromPath = (rel: string, target: FactObject | undefined): void => {
    const p = joinPath(k.dir, rel);
    const text = ctx.readText(p);
    sig += `@${p}\n`;
    if (text === undefined) return;
    patchFiles.add(p);
    fromText(text, target);
  };
  for (const e of Array.isArray(a.patchesStrategicMerge) ? a.patchesStrategicMerge : []) {
    if (typeof e !== 'string') continue;
    if (e.includes('\n') || e.includes(':')) fromText(e, undefined);
    else fromPath(e, undefined);
  }
  for (const e of [...(Array.isArray(a.patches) ? a.patches : []), ...(Array.isArray(a.patchesJson6902) ? a.patchesJson6902 : [])]) {
    if (typeof e === 'string') {
      fromPath(e, undefined);
      continue;
    }
    if (!isPlainObject(e)) continue;
    const target = isPlainObject(e.target) ? e.target : undefined;
    if (typeof e.path === 'string') fromPath(e.path, target);
    else if (typeof e.patch === 'string') fromText(e.patch, target);
  }
  return { patches: out, sig };
}

function nameMatches(pattern: string, name: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(name);
  } catch {
    return pattern === name;
  }
}

function targets(attrs: FactObject, target: FactObject | undefined, obj: FactObject | undefined): boolean {
  const meta = isPlainObject(attrs.metadata) ? attrs.metadata : {};
  if (target) {
    if (typeof target.kind === 'string' && target.kind !== attrs.kind) return false;
    if (typeof target.name === 'string' && !nameMatches(target.name, String(meta.name ?? ''))) return false;
    if (typeof target.namespace === 'string' && target.namespace !== meta.namespace) return false;
    return true;
  }
  if (!obj) return false;
  const pm = isPlainObject(obj.metadata) ? obj.metadata : {};
  return obj.kind === attrs.kind && pm.name === meta.name;
}

function transform(attrs: FactObject, k: Kust, patches: Patch[]): void {
  const a = k.fact.attributes;
  for (const p of patches) {
    if (p.kind === 'smp') {
      if (targets(attrs, p.target, p.obj)) {
        const patch = clone(p.obj);
        if (p.target && isPlainObject(patch.metadata)) delete patch.metadata.name;
        merge(attrs, patch);
      }
    } else if (targets(attrs, p.target, undefined)) {
      for (const op of p.ops) if (isPlainObject(op)) applyJsonOp(attrs, op);
    }
  }
  const labels: FactObject = {};
  if (isPlainObject(a.commonLabels)) Object.assign(labels, a.commonLabels);
  const templateLabels: FactObject = { ...labels };
  for (const l of Array.isArray(a.labels) ? a.labels : []) {
    if (!isPlainObject(l) || !isPlainObject(l.pairs)) continue;
    Object.assign(labels, l.pairs);
    if (l.includeSelectors === true || l.includeTemplates === true) Object.assign(templateLabels, l.pairs);
  }
  if (Object.keys(labels).length) {
    const meta = ensureObject(attrs, 'metadata');
    Object.assign(ensureObject(meta, 'labels'), labels);
    const tmpl = templateOf(attrs);
    if (tmpl && Object.keys(templateLabels).length) Object.assign(ensureObject(ensureObject(tmpl, 'metadata'), 'labels'), templateLabels);
  }
  if (typeof a.namespace === 'string' && a.namespace && !isClusterScoped(String(attrs.apiVersion ?? ''), String(attrs.kind ?? ''))) {
    const meta = ensureObject(attrs, 'metadata');
    const old = typeof meta.namespace === 'string' ? meta.namespace : undefined;
    meta.namespace = a.namespace;
    if (attrs.kind === 'RoleBinding' || attrs.kind === 'ClusterRoleBinding') {
      for (const s of Array.isArray(attrs.subjects) ? attrs.subjects : [])
        if (isPlainObject(s) && s.kind === 'ServiceAccount' && (s.namespace === undefined || s.namespace === old)) s.namespace = a.namespace;
    }
  } else if (typeof a.namespace === 'string' && a.namespace && attrs.kind === 'ClusterRoleBinding') {
    for (const s of Array.isArray(attrs.subjects) ? attrs.subjects : []) if (isPlainObject(s) && s.kind === 'ServiceAccount' && s.namespace === undefined) s.namespace = a.namespace;
  }
  const images = Array.isArray(a.images) ? a.images.filter(isPlainObject) : [];
  if (images.length) {
    for (const c of containers({ attributes: attrs, type: String(attrs.kind), kind: 'k8s-object' } as Fact)) {
      if (typeof c.container.image !== 'string') continue;
      c.container.image = rewriteImage(c.container.image, images);
    }
  }
}

function templateOf(attrs: FactObject): FactObject | undefined {
  const spec = attrs.spec;
  if (!isPlainObject(spec)) return undefined;
  if (isPlainObject(spec.template)) return spec.template;
  const jt = spec.jobTemplate;
  if (isPlainObject(jt) && isPlainObject(jt.spec) && isPlainObject(jt.spec.template)) return jt.spec.template;
  return undefined;
}

function ensureObject(o: FactObject, key: string): FactObject {
  const v = o[key];
  if (isPlainObject(v) && !('$expr' in v)) return v;
  const n: FactObject = {};
  o[key] = n;
  return n;
}

/** Splits `registry/name:tag@digest`. */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { name: rest, tag, digest };
}

export function rewriteImage(image: string, entries: FactObject[]): string {
  const parts = splitImage(image);
  const e = entries.find((x) => x.name === parts.name);
  if (!e) return image;
  const name = typeof e.newName === 'string' ? e.newName : parts.name;
  if (typeof e.digest === 'string') return `${name}@${e.digest}`;
  if (typeof e.newTag === 'string' || typeof e.newTag === 'number') return `${name}:${String(e.newTag)}`;
  return `${name}${parts.tag !== undefined ? `:${parts.tag}` : ''}${parts.digest !== undefined ? `@${parts.digest}` : ''}`;
}

/** Strategic merge in the simple form: maps merge, lists of named items merge by name, the rest replaces. */
export function merge(target: FactObject, patch: FactObject): void {
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch') continue;
    const cur = target[k];
    if (v === null) {
      delete target[k];
    } else if (isPlainObject(v) && isPlainObject(cur) && !('$expr' in cur) && !('$expr' in v)) {
      merge(cur, v);
    } else if (Array.isArray(v) && Array.isArray(cur) && v.every((x) => isPlainObject(x) && typeof x.name === 'string') && cur.every((x) => isPlainObject(x))) {
      for (const item of v) {
        if (!isPlainObject(item)) continue;
        const i = cur.findIndex((c) => isPlainObject(c) && c.name === item.name);
        if (item.$patch === 'delete') {
          if (i >= 0) cur.splice(i, 1);
        } else if (i >= 0) merge(cur[i] as FactObject, item);
        else cur.push(item);
      }
    } else {
      target[k] = v;
    }
  }
}

function applyJsonOp(root: FactObject, op: FactObject): void {
  if (typeof op.path !== 'string' || typeof op.op !== 'string') return;
  const segs = op.path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = segs.pop();
  if (last === undefined) return;
  let cur: FactValue = root;
  for (const s of segs) {
    if (Array.isArray(cur)) cur = cur[Number(s)] as FactValue;
    else if (isPlainObject(cur)) cur = cur[s] as FactValue;
    else return;
    if (cur === undefined) return;
  }
  // A copy: the patch is applied to every object it targets, and later steps edit the result.
  const value = op.value === undefined ? null : clone(op.value);
  if (Array.isArray(cur)) {
    const i = last === '-' ? cur.length : Number(last);
    if (!Number.isInteger(i)) return;
    if (op.op === 'add') cur.splice(i, 0, value);
    else if (op.op === 'replace') cur[i] = value;
    else if (op.op === 'remove') cur.splice(i, 1);
  } else if (isPlainObject(cur)) {
    if (op.op === 'add' || op.op === 'replace') cur[last] = value;
    else if (op.op === 'remove') delete cur[last];
  }
}

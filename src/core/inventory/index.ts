/**
 * Facts → workloads. Each input kind proposes workload drafts (its own grouping); the
 * inventory gives them stable ids, merges what the register declares, and links workloads
 * that are one system (a Lambda whose source is a code folder, a Deployment whose image is
 * built from one).
 */
import { Minimatch } from 'minimatch';
import type { FactQuery } from '../catalogue/types';
import { deepEqual, sameList } from '../equal';
import { get, isExpr, str } from '../facts';
import type { Evidence, Fact, FactValue, Provider, Workload, WorkloadLink } from '../model';
import type { InputPlugin, WorkloadDraft } from '../plugin';
import type { Register, RegisterWorkload } from '../register/schema';

export interface InventoryInput {
  plugins: readonly InputPlugin[];
  all: FactQuery;
  register?: Register;
  paths: readonly string[];
  /** Runs one plugin's grouping (the project passes one that reuses unchanged drafts). */
  group?: (plugin: InputPlugin, facts: readonly Fact[], all: FactQuery) => WorkloadDraft[];
  /** Each plugin's facts in scan order (the project passes one that keeps unchanged lists). */
  factsOf: (plugin: InputPlugin) => readonly Fact[];
  /**
   * The ids of the facts added, changed or removed since the inventory `memo` comes from (any
   * other id answers the same fact object as then). Without it, every member is looked up.
   */
  changedIds?: ReadonlySet<string>;
}

export interface Inventory {
  workloads: Workload[];
  /** workload id → the register entry that describes it. */
  registerEntries: Map<string, RegisterWorkload>;
}

/**
 * What one inventory computed, for the next to reuse: a workload is built again only when its
 * draft or one of its member facts is a new object, and the id order is kept when the ids are
 * the same. Facts and drafts are never mutated, so identity means "unchanged".
 */
export interface InventoryMemo {
  /** Per draft: the member facts (by position in `members`) and the workload built from them. */
  bases: WeakMap<WorkloadDraft, Base>;
  /** Counts inventories: a base checked by the inventory just before may be checked by ids alone. */
  generation: number;
  /** The workloads handed out last time, by id (a workload is the same object while nothing it shows changed). */
  final: Map<string, Workload>;
  /** The base each handed-out workload was made from (a handed-out workload is never changed). */
  madeFrom: WeakMap<Workload, Workload>;
  /** The ids in output order, last time. */
  order?: { ids: string[] };
  /** The last inventory as a whole, with what it read (see `buildInventory`). */
  last?: { outs: readonly WorkloadDraft[][]; register: Register | undefined; paths: readonly string[]; ids: ReadonlySet<string>; result: Inventory };
}

interface Base {
  anchor: Fact | undefined;
  facts: (Fact | undefined)[];
  base: Workload | undefined;
  /** The generation of the last inventory that checked it. */
  checked: number;
}

export function newInventoryMemo(): InventoryMemo {
  return { bases: new WeakMap(), final: new Map(), madeFrom: new WeakMap(), generation: 0 };
}

export function buildInventory(input: InventoryInput, memo: InventoryMemo = newInventoryMemo(), next: InventoryMemo = newInventoryMemo()): Inventory {
  const { plugins, all, register } = input;
  next.bases = memo.bases;
  next.madeFrom = memo.madeFrom;
  next.generation = memo.generation + 1;
  const outs: WorkloadDraft[][] = [];
  for (const plugin of plugins) {
    if (!plugin.group) continue;
    const facts = input.factsOf(plugin);
    if (facts.length === 0) continue;
    try {
      outs.push(input.group ? input.group(plugin, facts, all) : plugin.group(facts, all));
    } catch {
      // A grouping bug must not lose the scan; the problem is reported by the project.
    }
  }
  // The same drafts (lists) as last time, none of the facts they name changed, the same register
  // and paths: the same inventory. Its bases count as checked by this one.
  const last = memo.last;
  const changedIds = input.changedIds;
  if (last && changedIds && last.register === register && last.paths === input.paths && sameList(last.outs, outs) && ![...changedIds].some((id) => last.ids.has(id))) {
    next.generation = memo.generation;
    next.final = memo.final;
    next.order = memo.order;
    next.last = last;
    return last.result;
  }

  const drafts = outs.flat();
  let workloads: Workload[] = [];
  for (const d of drafts) {
    const w = baseOf(d, all, memo, next.generation, input.changedIds);
    if (w) workloads.push(w);
  }
  const registerEntries = new Map<string, RegisterWorkload>();
  if (register) workloads = applyRegister(workloads, register, all, registerEntries);
  const ids = dedupeIds(workloads);
  const links = linkWorkloads(workloads, ids, all, input.paths);
  // Handed-out workloads: the base itself when nothing is added to it, else a copy; the same
  // object as last time when it was made from the same base with the same id, owner and links.
  // A workload equal to the one of last time is that object: its grading and findings are reused.
  const out: Workload[] = workloads.map((w, i) => {
    const id = ids[i];
    const l = links.get(i) ?? [];
    const old = memo.final.get(id);
    if (old && (old === w || memo.madeFrom.get(old) === w) && old.owner === w.owner && deepEqual(old.links, l)) return old;
    const made: Workload = id === w.id && l.length === 0 && w.links.length === 0 ? w : { ...w, id, links: l };
    if (old && deepEqual(old, made)) {
      next.madeFrom.set(old, w);
      return old;
    }
    if (made !== w) next.madeFrom.set(made, w);
    return made;
  });
  for (const w of out) next.final.set(w.id, w);
  const result: Inventory = { workloads: sortById(out, memo, next), registerEntries };
  // Every fact id the inventory read: drafts' anchors and members, and the register's.
  const read = new Set<string>();
  for (const d of drafts) {
    read.add(d.anchorFactId);
    for (const m of d.members) read.add(m);
  }
  for (const f of all.byType('ai-asset-register')) read.add(f.id);
  next.last = { outs, register, paths: input.paths, ids: read, result };
  return result;
}

/** Workloads in id order; when the ids are those of last time, their order is reused. */
function sortById(workloads: Workload[], memo: InventoryMemo, next: InventoryMemo): Workload[] {
  const prev = memo.order;
  if (prev && prev.ids.length === workloads.length && workloads.every((w) => memo.final.has(w.id))) {
    const byId = new Map(workloads.map((w) => [w.id, w] as const));
    if (byId.size === workloads.length) {
      next.order = prev;
      return prev.ids.map((id) => byId.get(id)!);
    }
  }
  const sorted = [...workloads].sort((a, b) => collator.compare(a.id, b.id));
  next.order = { ids: sorted.map((w) => w.id) };
  return sorted;
}

/** The order of `localeCompare`, with one collator instead of one per call. */
const collator = new Intl.Collator();

/**
 * The workload a draft makes, reused while the draft, its anchor and its member facts are the
 * same objects: checked by looking the facts up, or, for a base the inventory just before
 * checked, by their ids not being among the changed ones.
 */
function baseOf(d: WorkloadDraft, all: FactQuery, memo: InventoryMemo, generation: number, changedIds: ReadonlySet<string> | undefined): Workload | undefined {
  const hit = memo.bases.get(d);
  if (hit && changedIds && hit.checked === memo.generation && !changedIds.has(d.anchorFactId) && !d.members.some((m) => changedIds.has(m))) {
    hit.checked = generation;
    return hit.base;
  }
  const anchor = all.byId(d.anchorFactId);
  if (hit && hit.anchor === anchor && hit.facts.every((f, i) => all.byId(d.members[i]) === f)) {
    hit.checked = generation;
    return hit.base;
  }
  const facts = d.members.map((m) => all.byId(m));
  const base = fromDraft(d, all);
  memo.bases.set(d, { anchor, facts, base, checked: generation });
  return base;
}

function fromDraft(d: WorkloadDraft, all: FactQuery): Workload | undefined {
  const anchor = all.byId(d.anchorFactId) ?? d.members.map((m) => all.byId(m)).find((f): f is Fact => f !== undefined);
  if (!anchor) return undefined;
  const providers = new Set<Provider>();
  for (const id of d.members) {
    const f = all.byId(id);
    if (f) providers.add(f.provider);
  }
  return {
    id: `${d.kind}:${d.root}:${anchor.address}`,
    name: d.name,
    kind: d.kind,
    root: d.root,
    members: [...new Set(d.members)],
    anchor: { file: anchor.file, range: anchor.nameRange ?? anchor.range },
    providers: [...providers].sort(),
    links: [],
  };
}

function matchesEntry(w: Workload, e: RegisterWorkload, all: FactQuery): boolean {
  if (e.id && e.id === w.id) return true;
  if (e.paths && e.paths.length > 0) {
    const files = [w.anchor.file, ...w.members.map((m) => all.byId(m)?.file).filter((f): f is string => !!f)];
    return files.some((file) => e.paths!.some((g) => {
      const m = globOf(g);
      return m.match(file.split('!/')[0]) || m.match(file);
    }));
  }
  return !e.id && e.name === w.name;
}

const globs = new Map<string, Minimatch>();

/** A register glob, compiled once (a register names a few; the cache is bounded all the same). */
function globOf(g: string): Minimatch {
  let m = globs.get(g);
  if (!m) {
    if (globs.size > 1000) globs.clear();
    globs.set(g, (m = new Minimatch(g, { dot: true })));
  }
  return m;
}

/**
 * Register entries with `paths` that match several workloads merge them into one declared
 * workload (the first match keeps its anchor); entries give owners.
 */
function applyRegister(workloads: Workload[], register: Register, all: FactQuery, entries: Map<string, RegisterWorkload>): Workload[] {
  const out: Workload[] = [];
  const taken = new Set<Workload>();
  for (const entry of register.workloads) {
    if (entry.status === 'retired') continue;
    const matched = workloads.filter((w) => !taken.has(w) && matchesEntry(w, entry, all));
    if (matched.length === 0) continue;
    matched.forEach((w) => taken.add(w));
    const [first, ...rest] = matched;
    const merged: Workload =
      rest.length === 0
        ? { ...first, owner: entry.owner ?? first.owner }
        : {
            ...first,
            id: entry.id ?? `declared:${slug(entry.name)}`,
            kind: 'declared',
            name: entry.name,
            members: [...new Set(matched.flatMap((w) => w.members))],
            providers: [...new Set(matched.flatMap((w) => w.providers))].sort(),
            owner: entry.owner,
          };
    if (rest.length === 0 && entry.name && entry.paths) merged.name = entry.name;
    entries.set(merged.id, entry);
    out.push(merged);
  }
  for (const w of workloads) if (!taken.has(w)) out.push(w);
  // An entry that matches nothing but declares a baseline is a workload of its own (Copilot,
  // an AI feature of a SaaS product): the register entry is all there is to see of it.
  const fact = all.byType('ai-asset-register')[0];
  if (fact) {
    register.workloads.forEach((entry, index) => {
      if (!entry.baseline || entry.status === 'retired' || [...entries.values()].includes(entry)) return;
      const range = fact.attributeRanges?.[`workloads.${index}.name`] ?? fact.attributeRanges?.[`workloads.${index}`] ?? fact.range;
      const w: Workload = {
        id: entry.id ?? `declared:${slug(entry.name)}`,
        name: entry.name,
        kind: 'declared',
        root: fact.scope ?? '.',
        members: [fact.id],
        anchor: { file: fact.file, range },
        providers: ['generic'],
        owner: entry.owner,
        links: [],
      };
      entries.set(w.id, entry);
      out.push(w);
    });
  }
  return out;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Each workload's id, with `#2`, `#3`… on the second and later workloads of one id. */
function dedupeIds(workloads: readonly Workload[]): string[] {
  const seen = new Map<string, number>();
  return workloads.map((w) => {
    const n = seen.get(w.id) ?? 0;
    seen.set(w.id, n + 1);
    return n > 0 ? `${w.id}#${n + 1}` : w.id;
  });
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}

/** Normalises `a/./b/../c` → `a/c`; returns undefined when it climbs above the root. */
export function normalisePath(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/') || '.';
}

function within(path: string, root: string): boolean {
  return root === '.' || path === root || path.startsWith(`${root}/`);
}

const SOURCE_ATTRIBUTES = ['source_dir', 'source_file', 'filename', 'source_path', 'source_code_hash_path', 'working_dir', 'context', 'build_context'];

/** What a workload's members could link it by, worked out once per workload object (see `requestsOf`). */
interface LinkRequests {
  /** Infrastructure facts that package code from a folder. */
  sources: { fact: Fact; attr: string; target: string }[];
  /** Kubernetes facts that run an image. */
  images: { fact: Fact; name: string }[];
  /** Kubernetes objects' `<namespace>/<name>`: what other workloads' URLs may name. */
  names: string[];
  /** Kubernetes objects whose containers' environment holds URLs. */
  calls: Fact[];
}

const requestMemo = new WeakMap<Workload, LinkRequests>();

/** A (base) workload's link requests: it and its member facts are never changed, so once per object. */
function requestsOf(w: Workload, all: FactQuery): LinkRequests {
  let r = requestMemo.get(w);
  if (r) return r;
  r = { sources: [], images: [], names: [], calls: [] };
  const k8s = w.providers.includes('k8s');
  for (const id of w.members) {
    const fact = all.byId(id);
    if (!fact) continue;
    if (k8s && fact.kind === 'k8s-object') {
      if (fact.name) r.names.push(`${fact.scope ?? 'default'}/${fact.name}`);
      if (urlEnv(fact).length > 0) r.calls.push(fact);
    }
    if (w.kind === 'code') continue;
    if (fact.provider !== 'k8s') for (const { attr, target } of sourcePaths(fact)) r.sources.push({ fact, attr, target });
    else for (const name of imageNames(fact)) r.images.push({ fact, name });
  }
  requestMemo.set(w, r);
  return r;
}

/**
 * Links between workloads that are one system, by position in `workloads` (ids are `ids[i]`):
 * - cluster workloads that call each other (see below);
 * - infrastructure (terraform) that packages a code folder (`source_dir`, `filename`, `path.module/../x`);
 * - a Kubernetes container image named after a code folder that has a Dockerfile.
 */
function linkWorkloads(workloads: readonly Workload[], ids: readonly string[], all: FactQuery, paths: readonly string[]): Map<number, WorkloadLink[]> {
  const links = new Map<number, WorkloadLink[]>();
  const requests = workloads.map((w) => requestsOf(w, all));
  const add = (from: number, to: number, why: string, ev: Evidence): void => {
    if (from === to) return;
    const a = links.get(from) ?? links.set(from, []).get(from)!;
    if (!a.some((l) => l.to === ids[to])) a.push({ to: ids[to], why, evidence: [ev] } satisfies WorkloadLink);
    const b = links.get(to) ?? links.set(to, []).get(to)!;
    if (!b.some((l) => l.to === ids[from])) b.push({ to: ids[from], why, evidence: [ev] });
  };
  linkCallingWorkloads(workloads, requests, links, ids);
  const code: number[] = [];
  workloads.forEach((w, i) => {
    if (w.kind === 'code') code.push(i);
  });
  if (code.length === 0) return links;
  // The first code workload (in workload order) named by each last folder name.
  const byName = new Map<string, number>();
  for (const i of code) {
    const name = workloads[i].root.split('/').pop() ?? '';
    if (!byName.has(name)) byName.set(name, i);
  }
  let dockerDirs: Set<string> | undefined;
  workloads.forEach((w, i) => {
    if (w.kind === 'code') return;
    const r = requests[i];
    for (const { fact, attr, target } of r.sources) {
      const c = code.find((ci) => within(target, workloads[ci].root) || within(workloads[ci].root, target));
      if (c !== undefined) add(i, c, `${fact.address} packages code from ${target}`, { file: fact.file, range: fact.attributeRanges?.[attr] ?? fact.range, why: `${attr} points at ${target}`, factId: fact.id });
    }
    for (const { fact, name } of r.images) {
      const c = byName.get(name);
      if (c === undefined) continue;
      const cw = workloads[c];
      dockerDirs ??= dockerDirsOf(paths);
      const docker = [...dockerDirs].some((d) => within(d, cw.root));
      const why = docker ? `image ${name} is built from ${cw.root} (it has a Dockerfile)` : `image ${name} is named after the code folder ${cw.root}`;
      add(i, c, `${fact.address} runs the image of ${cw.root}`, { file: fact.file, range: fact.attributeRanges?.['spec.template.spec.containers.0.image'] ?? fact.range, why, factId: fact.id });
    }
  });
  return links;
}

const dockerMemo = new WeakMap<readonly string[], Set<string>>();

/** The folders holding a Dockerfile, once per path list. */
function dockerDirsOf(paths: readonly string[]): Set<string> {
  let out = dockerMemo.get(paths);
  if (!out) dockerMemo.set(paths, (out = new Set(paths.filter((p) => /(^|\/)Dockerfile[^/]*$/.test(p)).map(dirOf))));
  return out;
}

/**
 * Cluster workloads that call each other are one system: a container whose environment holds
 * a URL naming another workload's Service or object (`http://records-lookup.care-agents:8080`).
 */
function linkCallingWorkloads(workloads: readonly Workload[], requests: readonly LinkRequests[], links: Map<number, WorkloadLink[]>, ids: readonly string[]): void {
  if (!requests.some((r) => r.calls.length > 0)) return;
  const k8s: number[] = [];
  workloads.forEach((w, i) => {
    if (w.providers.includes('k8s')) k8s.push(i);
  });
  if (k8s.length < 2) return;
  const names = new Map<string, number>();
  for (const i of k8s) for (const n of requests[i].names) names.set(n, i);
  const push = (at: number, link: WorkloadLink): void => {
    const l = links.get(at) ?? links.set(at, []).get(at)!;
    if (!l.some((x) => x.to === link.to)) l.push(link);
  };
  for (const i of k8s) {
    for (const f of requests[i].calls) {
      for (const { ci, ei, e, value } of urlEnv(f)) {
        const host = /^[a-z]+:\/\/([a-z0-9-]+)(?:\.([a-z0-9-]+))?/i.exec(value);
        if (!host) continue;
        // kagent serves every agent's A2A endpoint from its controller: /api/a2a/<namespace>/<agent>.
        const a2a = /\/a2a\/([a-z0-9-]+)\/([a-z0-9-]+)/i.exec(value);
        const m = a2a ? [a2a[0], a2a[2], a2a[1]] : host;
        const ns = m[2] && m[2] !== 'svc' ? m[2] : (f.scope ?? 'default');
        const target = names.get(`${ns}/${m[1]}`);
        if (target === undefined || target === i) continue;
        const base = get(f, 'spec.template.spec.containers') !== undefined ? 'spec.template.spec.containers' : 'spec.containers';
        const range = f.attributeRanges?.[`${base}.${ci}.env.${ei}`] ?? f.range;
        const ev: Evidence = { file: f.file, range, why: `${String(get(e as FactValue, 'name') ?? 'an environment variable')} points at ${m[1]}`, factId: f.id };
        push(i, { to: ids[target], why: `${f.address} calls ${m[1]}`, evidence: [ev] });
        push(target, { to: ids[i], why: `${m[1]} is called by ${f.address}`, evidence: [ev] });
      }
    }
  }
}

const urlEnvMemo = new WeakMap<Fact, { ci: number; ei: number; e: unknown; value: string }[]>();

/** Container environment entries whose value looks like a URL (`scheme://host…`), once per fact object. */
function urlEnv(f: Fact): { ci: number; ei: number; e: unknown; value: string }[] {
  let out = urlEnvMemo.get(f);
  if (out) return out;
  out = [];
  const containers = [...asArray(get(f, 'spec.template.spec.containers')), ...asArray(get(f, 'spec.containers'))];
  containers.forEach((c, ci) => {
    asArray(get(c as FactValue, 'env')).forEach((e, ei) => {
      const value = str(get(e as FactValue, 'value'));
      if (value && /^[a-z]+:\/\//i.test(value)) out!.push({ ci, ei, e, value });
    });
  });
  urlEnvMemo.set(f, out);
  return out;
}

/** What a fact reads of its own attributes for links, worked out once per fact object. */
const sourcePathMemo = new WeakMap<Fact, { attr: string; target: string }[]>();
const imageNameMemo = new WeakMap<Fact, string[]>();

/** The folders an infrastructure fact packages code from (`source_dir`, `build.context`…), in attribute order. */
function sourcePaths(fact: Fact): { attr: string; target: string }[] {
  let out = sourcePathMemo.get(fact);
  if (out) return out;
  out = [];
  for (const attr of SOURCE_ATTRIBUTES) {
    for (const raw of [get(fact, attr), get(fact, `source.${attr}`), get(fact, `build.${attr}`)]) {
      const value = pathText(raw);
      if (!value) continue;
      const target = normalisePath(`${dirOf(fact.file)}/${value}`);
      if (target) out.push({ attr, target });
    }
  }
  sourcePathMemo.set(fact, out);
  return out;
}

/** The image names (no registry, tag or digest; three characters or more) of a Kubernetes object's containers. */
function imageNames(fact: Fact): string[] {
  let out = imageNameMemo.get(fact);
  if (out) return out;
  out = [];
  const containers = [...asArray(get(fact, 'spec.template.spec.containers')), ...asArray(get(fact, 'spec.containers'))];
  for (const c of containers) {
    const image = str(get(c as FactValue, 'image'));
    if (!image) continue;
    const name = image.split('@')[0].replace(/:[^/]*$/, '').split('/').pop() ?? '';
    if (name.length >= 3) out.push(name);
  }
  imageNameMemo.set(fact, out);
  return out;
}

/** A path-like attribute: a literal, or a template whose only unknown is `path.module` / `path.root`. */
function pathText(raw: FactValue | undefined): string | undefined {
  let text = str(raw);
  if (text === undefined && isExpr(raw)) {
    const m = /^"(.*)"$/s.exec(raw.$expr.trim());
    if (m) text = m[1];
  }
  if (text === undefined) return undefined;
  text = text.replace(/^\$\{path\.(module|root|cwd)\}\/?/, '');
  return text.includes('${') ? undefined : text;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

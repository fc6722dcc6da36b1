/**
 * Facts → workloads. Each input kind proposes workload drafts (its own grouping); the
 * inventory gives them stable ids, merges what the register declares, and links workloads
 * that are one system (a Lambda whose source is a code folder, a Deployment whose image is
 * built from one).
 */
import { minimatch } from 'minimatch';
import type { FactQuery } from '../catalogue/types';
import { get, isExpr, str } from '../facts';
import type { Evidence, Fact, FactValue, ParsedFile, Provider, Workload, WorkloadLink } from '../model';
import type { InputPlugin, WorkloadDraft } from '../plugin';
import type { Register, RegisterWorkload } from '../register/schema';

export interface InventoryInput {
  files: readonly ParsedFile[];
  plugins: readonly InputPlugin[];
  all: FactQuery;
  register?: Register;
  paths: readonly string[];
  /** Runs one plugin's grouping (the project passes one that reuses unchanged drafts). */
  group?: (plugin: InputPlugin, facts: readonly Fact[], all: FactQuery) => WorkloadDraft[];
}

export interface Inventory {
  workloads: Workload[];
  /** workload id → the register entry that describes it. */
  registerEntries: Map<string, RegisterWorkload>;
}

export function buildInventory(input: InventoryInput): Inventory {
  const { files, plugins, all, register } = input;
  const drafts: WorkloadDraft[] = [];
  const byKind = new Map<string, Fact[]>();
  for (const f of files) {
    let list = byKind.get(f.kind);
    if (!list) byKind.set(f.kind, (list = []));
    for (const fact of f.facts) list.push(fact);
  }
  for (const plugin of plugins) {
    if (!plugin.group) continue;
    const facts = byKind.get(plugin.kind) ?? [];
    if (facts.length === 0) continue;
    try {
      drafts.push(...(input.group ? input.group(plugin, facts, all) : plugin.group(facts, all)));
    } catch {
      // A grouping bug must not lose the scan; the problem is reported by the project.
    }
  }

  let workloads = drafts.map((d) => fromDraft(d, all)).filter((w): w is Workload => w !== undefined);
  const registerEntries = new Map<string, RegisterWorkload>();
  if (register) workloads = applyRegister(workloads, register, all, registerEntries);
  dedupeIds(workloads);
  linkWorkloads(workloads, all, input.paths);
  workloads.sort((a, b) => a.id.localeCompare(b.id));
  return { workloads, registerEntries };
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
    return files.some((file) => e.paths!.some((g) => minimatch(file.split('!/')[0], g, { dot: true }) || minimatch(file, g, { dot: true })));
  }
  return !e.id && e.name === w.name;
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

function dedupeIds(workloads: Workload[]): void {
  const seen = new Map<string, number>();
  for (const w of workloads) {
    const n = seen.get(w.id) ?? 0;
    seen.set(w.id, n + 1);
    if (n > 0) w.id = `${w.id}#${n + 1}`;
  }
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

/**
 * Links between workloads that are one system:
 * - infrastructure (terraform) that packages a code folder (`source_dir`, `filename`, `path.module/../x`);
 * - a Kubernetes container image named after a code folder that has a Dockerfile.
 */
function linkWorkloads(workloads: Workload[], all: FactQuery, paths: readonly string[]): void {
  linkCallingWorkloads(workloads, all);
  const code = workloads.filter((w) => w.kind === 'code');
  if (code.length === 0) return;
  const dockerDirs = new Set(paths.filter((p) => /(^|\/)Dockerfile[^/]*$/.test(p)).map(dirOf));
  const add = (from: Workload, to: Workload, why: string, ev: Evidence): void => {
    if (from === to) return;
    if (!from.links.some((l) => l.to === to.id)) from.links.push({ to: to.id, why, evidence: [ev] } satisfies WorkloadLink);
    if (!to.links.some((l) => l.to === from.id)) to.links.push({ to: from.id, why, evidence: [ev] });
  };
  for (const w of workloads) {
    if (w.kind === 'code') continue;
    for (const id of w.members) {
      const fact = all.byId(id);
      if (!fact) continue;
      if (fact.provider !== 'k8s') {
        for (const { attr, target } of sourcePaths(fact)) {
          const c = code.find((cw) => within(target, cw.root) || within(cw.root, target));
          if (c) add(w, c, `${fact.address} packages code from ${target}`, { file: fact.file, range: fact.attributeRanges?.[attr] ?? fact.range, why: `${attr} points at ${target}`, factId: fact.id });
        }
      } else {
        for (const name of imageNames(fact)) {
          const cw = code.find((x) => x.root.split('/').pop() === name);
          if (!cw) continue;
          const docker = [...dockerDirs].some((d) => within(d, cw.root));
          const why = docker ? `image ${name} is built from ${cw.root} (it has a Dockerfile)` : `image ${name} is named after the code folder ${cw.root}`;
          add(w, cw, `${fact.address} runs the image of ${cw.root}`, { file: fact.file, range: fact.attributeRanges?.['spec.template.spec.containers.0.image'] ?? fact.range, why, factId: fact.id });
        }
      }
    }
  }
}

/**
 * Cluster workloads that call each other are one system: a container whose environment holds
 * a URL naming another workload's Service or object (`http://records-lookup.care-agents:8080`).
 */
function linkCallingWorkloads(workloads: Workload[], all: FactQuery): void {
  const k8s = workloads.filter((w) => w.providers.includes('k8s'));
  if (k8s.length < 2) return;
  const names = new Map<string, Workload>();
  for (const w of k8s) {
    for (const id of w.members) {
      const f = all.byId(id);
      if (f?.kind === 'k8s-object' && f.name) names.set(`${f.scope ?? 'default'}/${f.name}`, w);
    }
  }
  for (const w of k8s) {
    for (const id of w.members) {
      const f = all.byId(id);
      if (!f || f.kind !== 'k8s-object') continue;
      for (const { ci, ei, e, value } of urlEnv(f)) {
        const host = /^[a-z]+:\/\/([a-z0-9-]+)(?:\.([a-z0-9-]+))?/i.exec(value);
        if (!host) continue;
        // kagent serves every agent's A2A endpoint from its controller: /api/a2a/<namespace>/<agent>.
        const a2a = /\/a2a\/([a-z0-9-]+)\/([a-z0-9-]+)/i.exec(value);
        const m = a2a ? [a2a[0], a2a[2], a2a[1]] : host;
        const ns = m[2] && m[2] !== 'svc' ? m[2] : (f.scope ?? 'default');
        const target = names.get(`${ns}/${m[1]}`);
        if (!target || target === w) continue;
        const base = get(f, 'spec.template.spec.containers') !== undefined ? 'spec.template.spec.containers' : 'spec.containers';
        const range = f.attributeRanges?.[`${base}.${ci}.env.${ei}`] ?? f.range;
        const ev: Evidence = { file: f.file, range, why: `${String(get(e as FactValue, 'name') ?? 'an environment variable')} points at ${m[1]}`, factId: f.id };
        if (!w.links.some((l) => l.to === target.id)) w.links.push({ to: target.id, why: `${f.address} calls ${m[1]}`, evidence: [ev] });
        if (!target.links.some((l) => l.to === w.id)) target.links.push({ to: w.id, why: `${m[1]} is called by ${f.address}`, evidence: [ev] });
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

/**
 * Kubernetes facts → workload drafts.
 *
 * A workload is one application:
 * - every object of one Helm chart (hint `helm:chart=<dir>`), or of one Kustomize base
 *   (hint `kustomize:base=<dir>`), with the chart / kustomization itself;
 * - otherwise the pod-running objects and custom resources that share a namespace and an
 *   `app.kubernetes.io/name` (or `app`) label, on the object or its pod template;
 * - otherwise a custom resource or workload object on its own.
 * kagent agents join the agents, tool servers and model configs they reference (a multi-agent
 * system is one workload); an InferenceService joins the ServingRuntime it names.
 *
 * Companions join the workloads they serve (a companion may serve several): a Service whose
 * selector picks the workload's pods, Ingresses and routes to such a Service, NetworkPolicies
 * whose podSelector picks them, ServiceAccounts, ConfigMaps, Secrets and claims the pods use,
 * bindings to those ServiceAccounts and the roles they grant, PeerAuthentication and
 * AuthorizationPolicy objects of the namespace, and `secret` facts found inside members.
 * Only groups with at least one tier signal become drafts.
 */
import type { FactQuery } from '../../catalogue/types';
import { deepEqual } from '../../equal';
import type { Fact, Tier } from '../../model';
import { TIERS } from '../../model';
import type { WorkloadDraft } from '../../plugin';
import { isPlainObject } from '../yaml-util';
import { AI_CRDS, CORE_WORKLOAD_KINDS, apiGroup } from './kinds';
import { basename, dirname } from './parse';
import { podLabels, selects } from './pods';
import { backendServices, kubernetesTierSignals, labels, selectedWorkloads } from './signals';

const COMPANIONS = new Set([
  'Service',
  'Ingress',
  'HTTPRoute',
  'GRPCRoute',
  'Route',
  'NetworkPolicy',
  'ServiceAccount',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'PeerAuthentication',
  'AuthorizationPolicy',
  'ConfigMap',
  'Secret',
  'PersistentVolumeClaim',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'Namespace',
  'Kustomization',
  'CustomResourceDefinition',
]);

function hintValue(f: Fact, prefix: string): string | undefined {
  const h = (f.hints ?? []).find((x) => x.startsWith(prefix));
  return h === undefined ? undefined : h.slice(prefix.length);
}

function appLabel(f: Fact): string | undefined {
  const meta = f.attributes.metadata;
  const sets = [isPlainObject(meta) && isPlainObject(meta.labels) ? meta.labels : undefined, ...podLabels(f)];
  for (const l of sets) {
    if (!l) continue;
    for (const k of ['app.kubernetes.io/name', 'app']) {
      const v = l[k];
      if (typeof v === 'string' && v) return v;
    }
  }
  return undefined;
}

function isPrimary(f: Fact): boolean {
  if (f.kind !== 'k8s-object') return false;
  if (COMPANIONS.has(f.type)) return false;
  if (CORE_WORKLOAD_KINDS.has(f.type)) return true;
  const group = apiGroup(String(f.attributes.apiVersion ?? ''));
  if (AI_CRDS[group]) return true;
  // Any other custom resource stands on its own; built-in kinds that are not workloads do not.
  return group.includes('.') && !group.endsWith('.k8s.io');
}

class UnionFind {
  private parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    if (p !== x) {
      p = this.find(p);
      this.parent.set(x, p);
    }
    return p;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

const TOOL_KINDS = ['MCPServer', 'RemoteMCPServer', 'ToolServer'];

/**
 * The last grouping and the facts it was made from. One slot: a project groups its own
 * Kubernetes facts again after every edit of one of them, and most edits (a replica count, an
 * image tag, an env value, a line moved) change nothing the grouping reads.
 */
let lastGrouping: { facts: readonly Fact[]; drafts: WorkloadDraft[] } | undefined;

/**
 * Whether two versions of a fact look the same to the grouping: identity, place in the tree
 * (file, scope, address), hints and references; for a primary object its labels, its pods'
 * labels, its API version and the tiers of its signals (the anchor is chosen by tier); for
 * anything else (companions, charts, secrets) all its attributes. Positions are not read.
 */
function sameForGrouping(a: Fact, b: Fact, all: FactQuery): boolean {
  if (a.id !== b.id || a.kind !== b.kind || a.type !== b.type || a.address !== b.address || a.scope !== b.scope || a.file !== b.file || a.name !== b.name) return false;
  if (!deepEqual(a.hints, b.hints) || !deepEqual(a.references, b.references)) return false;
  if (isPrimary(a) && isPrimary(b)) {
    const tiers = (f: Fact) => kubernetesTierSignals(f, all).map((x) => x.tier);
    return a.attributes.apiVersion === b.attributes.apiVersion && deepEqual(labels(a), labels(b)) && deepEqual(podLabels(a), podLabels(b)) && deepEqual(tiers(a), tiers(b));
  }
  return deepEqual(a.attributes, b.attributes);
}

export function groupKubernetes(facts: readonly Fact[], all: FactQuery): WorkloadDraft[] {
  const last = lastGrouping;
  if (last && last.facts.length === facts.length) {
    let same = true;
    for (let i = 0; i < facts.length && same; i++) if (facts[i] !== last.facts[i] && !sameForGrouping(last.facts[i], facts[i], all)) same = false;
    if (same) {
      lastGrouping = { facts, drafts: last.drafts };
      return last.drafts;
    }
  }
  const drafts = groupAll(facts, all);
  lastGrouping = { facts, drafts };
  return drafts;
}

function groupAll(facts: readonly Fact[], all: FactQuery): WorkloadDraft[] {
  const uf = new UnionFind();
  const byKey = new Map<string, string>();
  const objects = facts.filter((f) => f.kind === 'k8s-object' || f.kind === 'helm-chart');
  const byAddress = new Map<string, Fact[]>();
  for (const f of objects) {
    const list = byAddress.get(f.address) ?? [];
    list.push(f);
    byAddress.set(f.address, list);
  }
  const joinKey = (f: Fact, key: string): void => {
    const first = byKey.get(key);
    if (first) uf.union(first, f.id);
    else byKey.set(key, f.id);
  };
  const grouped = new Set<string>();
  for (const f of objects) {
    const chart = f.kind === 'helm-chart' ? (f.scope ?? '.') : hintValue(f, 'helm:chart=');
    if (chart !== undefined) {
      joinKey(f, `helm:${chart}`);
      grouped.add(f.id);
      continue;
    }
    const base = hintValue(f, 'kustomize:base=');
    if (base !== undefined) {
      joinKey(f, `kustomize:${base}`);
      grouped.add(f.id);
      continue;
    }
    if (!isPrimary(f)) continue;
    grouped.add(f.id);
    const app = appLabel(f);
    if (app) joinKey(f, `app:${f.scope ?? ''}/${app}`);
  }
  // kagent and KServe references between primaries.
  for (const f of objects) {
    if (!grouped.has(f.id)) continue;
    for (const r of f.references ?? []) {
      const [kind, ns, name] = r.split('/');
      if (!kind || !ns || !name) continue;
      const candidates = kind === 'MCPServer' ? TOOL_KINDS.map((k) => `${k}/${ns}/${name}`) : /^(Agent|SandboxAgent|ModelConfig|RemoteMCPServer|ToolServer|ServingRuntime)$/.test(kind) ? [r] : [];
      for (const c of candidates) for (const t of byAddress.get(c) ?? []) if (grouped.has(t.id) && t.kind === 'k8s-object' && t.scope === f.scope) uf.union(f.id, t.id);
    }
  }

  // Groups of primaries.
  const groups = new Map<string, Fact[]>();
  for (const f of objects) {
    if (!grouped.has(f.id)) continue;
    const root = uf.find(f.id);
    const list = groups.get(root) ?? [];
    list.push(f);
    groups.set(root, list);
  }

  // Companions.
  const extra = new Map<string, Set<string>>();
  const attach = (groupRoot: string, f: Fact): void => {
    const set = extra.get(groupRoot) ?? new Set<string>();
    set.add(f.id);
    extra.set(groupRoot, set);
  };
  const groupOf = (f: Fact): string | undefined => (grouped.has(f.id) ? uf.find(f.id) : undefined);
  const companions = objects.filter((f) => !grouped.has(f.id) && f.kind === 'k8s-object');
  const memberRefs = new Map<string, Set<string>>();
  for (const [root, members] of groups) memberRefs.set(root, new Set(members.flatMap((m) => m.references ?? [])));
  const serviceGroups = new Map<string, Set<string>>();
  for (const s of companions.filter((f) => f.type === 'Service')) {
    const roots = new Set<string>();
    for (const w of selectedWorkloads(s, all)) {
      const g = groupOf(w);
      if (g) roots.add(g);
    }
    serviceGroups.set(s.id, roots);
    for (const g of roots) attach(g, s);
  }
  // Indexes instead of scanning every group for every companion (quadratic in a monorepo):
  // the groups with members in each namespace, and the groups whose members reference each
  // address — both in group order, so companions attach in the same order as a full scan.
  const groupsInScope = new Map<string | undefined, [string, Fact[]][]>();
  for (const [root, members] of groups) {
    const byScope = new Map<string | undefined, Fact[]>();
    for (const m of members) (byScope.get(m.scope) ?? byScope.set(m.scope, []).get(m.scope))!.push(m);
    for (const [scope, list] of byScope) (groupsInScope.get(scope) ?? groupsInScope.set(scope, []).get(scope))!.push([root, list]);
  }
  const refRoots = new Map<string, string[]>();
  for (const [root, refs] of memberRefs) for (const r of refs) (refRoots.get(r) ?? refRoots.set(r, []).get(r))!.push(root);
  const saGroups = new Map<string, Set<string>>();
  for (const [root, refs] of memberRefs) for (const r of refs) if (r.startsWith('ServiceAccount/')) (saGroups.get(r) ?? saGroups.set(r, new Set()).get(r))?.add(root);
  const bindingGroups = new Map<string, Set<string>>();
  for (const f of companions) {
    switch (f.type) {
      case 'Ingress':
      case 'HTTPRoute':
      case 'GRPCRoute':
      case 'Route': {
        for (const s of backendServices(f, all)) {
          for (const g of serviceGroups.get(s.id) ?? []) attach(g, f);
          const sg = groupOf(s);
          if (sg) attach(sg, f);
        }
        break;
      }
      case 'NetworkPolicy': {
        const spec = f.attributes.spec;
        const sel = isPlainObject(spec) ? spec.podSelector : undefined;
        for (const [root, members] of groupsInScope.get(f.scope) ?? []) if (members.some((m) => podLabels(m).some((l) => selects(sel, l, 'labelSelector')))) attach(root, f);
        break;
      }
      case 'PeerAuthentication':
      case 'AuthorizationPolicy': {
        const spec = f.attributes.spec;
        const sel = isPlainObject(spec) && isPlainObject(spec.selector) ? spec.selector : undefined;
        for (const [root, members] of groupsInScope.get(f.scope) ?? []) if (!sel || members.some((m) => podLabels(m).some((l) => selects(sel, l, 'labelSelector')))) attach(root, f);
        break;
      }
      case 'ServiceAccount':
      case 'ConfigMap':
      case 'Secret':
      case 'PersistentVolumeClaim': {
        for (const root of refRoots.get(f.address) ?? []) attach(root, f);
        break;
      }
      case 'RoleBinding':
      case 'ClusterRoleBinding': {
        const roots = new Set<string>();
        for (const r of f.references ?? []) for (const g of saGroups.get(r) ?? []) roots.add(g);
        bindingGroups.set(f.id, roots);
        for (const g of roots) attach(g, f);
        break;
      }
      default:
        break;
    }
  }
  // Roles granted by attached bindings.
  const referrers = new Map<string, Fact[]>();
  for (const b of companions) for (const r of new Set(b.references ?? [])) (referrers.get(r) ?? referrers.set(r, []).get(r))!.push(b);
  for (const f of companions.filter((x) => x.type === 'Role' || x.type === 'ClusterRole')) {
    for (const b of referrers.get(f.address) ?? []) for (const g of bindingGroups.get(b.id) ?? []) attach(g, f);
  }
  // Secret facts follow the object they were found in.
  // Only when the scan found secrets (most do not): the groups of each object, by file and address.
  const secrets = facts.filter((f) => f.kind === 'secret');
  const ownerGroup = new Map<string, Set<string>>();
  const own = (f: Fact, root: string): void => {
    const key = `${f.file}#${f.address}`;
    let set = ownerGroup.get(key);
    if (!set) ownerGroup.set(key, (set = new Set()));
    set.add(root);
  };
  if (secrets.length > 0) {
    for (const [root, members] of groups) for (const m of members) own(m, root);
    const byId = new Map(objects.map((o) => [o.id, o] as const));
    for (const [root, ids] of extra)
      for (const id of ids) {
        const f = all.byId(id) ?? byId.get(id);
        if (f) own(f, root);
      }
  }
  for (const s of secrets) {
    const owner = typeof s.attributes.object === 'string' ? s.attributes.object : '';
    for (const g of ownerGroup.get(`${s.file}#${owner}`) ?? []) attach(g, s);
    const chart = hintValue(s, 'helm:chart=');
    if (chart !== undefined) {
      const key = byKey.get(`helm:${chart}`);
      if (key) attach(uf.find(key), s);
    }
  }

  // Drafts.
  const drafts: WorkloadDraft[] = [];
  for (const [root, members] of groups) {
    let anchor: { fact: Fact; tier: number } | undefined;
    for (const m of members) {
      const signals = kubernetesTierSignals(m, all);
      for (const s of signals) {
        const t = TIERS.indexOf(s.tier as Tier);
        if (!anchor || t > anchor.tier) anchor = { fact: m, tier: t };
      }
    }
    if (!anchor) continue;
    const ids = [...members.map((m) => m.id)];
    const seen = new Set(ids);
    for (const id of extra.get(root) ?? []) if (!seen.has(id)) ids.push(id);
    drafts.push({ kind: 'kubernetes', ...describe(members, anchor.fact), members: ids, anchorFactId: anchor.fact.id });
  }
  return drafts;
}

function describe(members: Fact[], anchor: Fact): { name: string; root: string } {
  const chartFact = members.find((m) => m.kind === 'helm-chart');
  const chartDir = hintValue(anchor, 'helm:chart=');
  if (chartDir !== undefined) {
    const name = chartFact?.name ?? (basename(chartDir) || 'chart');
    return { name: `${name} (Helm chart)`, root: chartDir || '.' };
  }
  const ns = anchor.scope;
  const base = hintValue(anchor, 'kustomize:base=');
  const app = appLabel(anchor) ?? anchor.name ?? anchor.address;
  if (base !== undefined) return { name: ns ? `${app} (namespace ${ns})` : `${app} (Kustomize ${base})`, root: base || '.' };
  return { name: ns ? `${app} (namespace ${ns})` : app, root: dirname(anchor.file) || '.' };
}

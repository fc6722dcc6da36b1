/**
 * What the Kubernetes detectors ask of a workload: its objects, the ones that run pods and
 * what those pods are (model server, agent, notebook…), labels, namespaces, the objects of
 * the scan that select or bind them. Reuses the reader's pod-spec and selector helpers.
 */
import { isExpr, scanIndex, scanList } from '../../../facts';
import type { Evidence, Fact, FactObject, FactValue, Location } from '../../../model';
import { AI_CRDS, apiGroup, crdSignal } from '../../../parse/kubernetes/kinds';
import { containers, podSpecs, selects } from '../../../parse/kubernetes/pods';
import type { ContainerAt, PodSpecAt } from '../../../parse/kubernetes/pods';
import { containerRoles } from '../../../parse/kubernetes/signals';
import type { DetectorContext, FactQuery } from '../../types';

export { isExpr };
export { containers, podSpecs, selects, envOf, commandLine, imageOf } from '../../../parse/kubernetes/pods';
export type { ContainerAt, PodSpecAt, EnvAt } from '../../../parse/kubernetes/pods';

export type Role = 'serving' | 'notebook' | 'agent' | 'mcp' | 'ray' | 'training' | 'sandbox';

export function isObj(v: FactValue | undefined): v is FactObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !('$expr' in v) && !('$ref' in v);
}

export function strings(v: FactValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

/** Whether a value (or anything inside it) could not be resolved. */
export function hasUnknown(v: FactValue | undefined, depth = 0): boolean {
  if (depth > 20 || v === undefined || v === null) return false;
  if (isExpr(v)) return true;
  if (Array.isArray(v)) return v.some((x) => hasUnknown(x, depth + 1));
  if (typeof v === 'object') return Object.values(v).some((x) => hasUnknown(x, depth + 1));
  return false;
}

export function at(v: FactValue | undefined, path: string): FactValue | undefined {
  let cur = v;
  for (const seg of path.split('.').filter(Boolean)) {
    if (Array.isArray(cur) && /^\d+$/.test(seg)) cur = cur[Number(seg)];
    else if (isObj(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

export function k8sObjects(ctx: DetectorContext): Fact[] {
  return ctx.facts.filter((f) => f.kind === 'k8s-object' && f.provider === 'k8s' && f.type !== 'Kustomization');
}

export function meta(f: Fact): FactObject {
  return isObj(f.attributes.metadata) ? f.attributes.metadata : {};
}

export function annotationsOf(f: Fact): FactObject {
  const m = meta(f);
  return isObj(m.annotations) ? m.annotations : {};
}

export function labelsOf(f: Fact): FactObject {
  const m = meta(f);
  return isObj(m.labels) ? m.labels : {};
}

export function templated(f: Fact): boolean {
  return (f.hints ?? []).includes('helm:templated');
}

/** Roles of an object: what its containers run and what its AI custom resource is. */
export function rolesOf(f: Fact): Set<Role> {
  const out = new Set<Role>();
  for (const r of containerRoles(f)) out.add(r.sig.role);
  const group = apiGroup(String(f.attributes.apiVersion ?? ''));
  const crd = crdSignal(String(f.attributes.apiVersion ?? ''), f.type);
  if (crd?.agent) out.add('agent');
  if (group === 'kagent.dev' && /MCPServer|ToolServer/.test(f.type)) out.add('mcp');
  if (group === 'serving.kserve.io' || group === 'machinelearning.seldon.io' || group === 'mlops.seldon.io' || group === 'apps.nvidia.com' || group === 'kubeai.org') out.add('serving');
  if (group === 'ray.io') out.add(f.type === 'RayService' ? 'serving' : 'ray');
  if (group === 'kubeflow.org' && f.type === 'Notebook') out.add('notebook');
  else if (group === 'kubeflow.org' || group === 'trainer.kubeflow.org') out.add('training');
  if (group === 'agents.x-k8s.io' || group === 'extensions.agents.x-k8s.io' || f.type === 'SandboxAgent') out.add('sandbox');
  return out;
}

/** Whether an object is one of the known AI custom resources. */
export function isAiCrd(f: Fact): boolean {
  return AI_CRDS[apiGroup(String(f.attributes.apiVersion ?? ''))]?.[f.type] !== undefined;
}

/** Objects of the workload that run pods (their own pod spec), companions excluded. */
export function podRunners(ctx: DetectorContext): Fact[] {
  return k8sObjects(ctx).filter((f) => podSpecs(f).length > 0 && !COMPANION_KINDS.has(f.type));
}

const COMPANION_KINDS = new Set(['Service', 'Ingress', 'HTTPRoute', 'GRPCRoute', 'Route', 'NetworkPolicy', 'ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'PersistentVolumeClaim', 'Namespace', 'PeerAuthentication', 'AuthorizationPolicy']);

/** Objects that stand for AI work: pod runners plus AI custom resources without a pod spec of their own. */
export function aiObjects(ctx: DetectorContext): Fact[] {
  return k8sObjects(ctx).filter((f) => !COMPANION_KINDS.has(f.type) && (podSpecs(f).length > 0 || isAiCrd(f)));
}

export interface PodTarget {
  fact: Fact;
  /** Labels of the pods, or 'unknown' when they hold a template expression. */
  labels: FactObject | 'unknown' | undefined;
  pod?: PodSpecAt;
}

/** The pods an object runs, with the labels a selector would see. KServe predictors carry `serving.kserve.io/inferenceservice`. */
export function podTargets(f: Fact): PodTarget[] {
  const out: PodTarget[] = [];
  for (const p of podSpecs(f)) out.push({ fact: f, pod: p, labels: p.labels && hasUnknown(p.labels) ? 'unknown' : p.labels });
  if (!out.length && f.type === 'InferenceService' && apiGroup(String(f.attributes.apiVersion ?? '')) === 'serving.kserve.io' && f.name && !(f.hints ?? []).includes('name:templated'))
    out.push({ fact: f, labels: { 'serving.kserve.io/inferenceservice': f.name } });
  return out;
}

/** Where to squiggle an object: its name. */
export function headerOf(f: Fact): Location {
  return { file: f.file, range: f.nameRange ?? f.range };
}

export function loc(f: Fact, path?: string): Location {
  const r = path ? f.attributeRanges?.[path] : undefined;
  return { file: f.file, range: r ?? f.nameRange ?? f.range };
}

export function ev(f: Fact, why: string, path?: string): Evidence {
  const r = path ? f.attributeRanges?.[path] : undefined;
  return { file: f.file, range: r ?? f.nameRange ?? f.range, why, factId: f.id };
}

/** Namespace of a namespaced object (the reader's scope; `default` when none is written). */
export function namespaceOf(f: Fact): string {
  return f.scope ?? 'default';
}

/** Whether the object's namespace is written in the file (not templated, not left out). */
export function namespaceWritten(f: Fact): boolean {
  const ns = meta(f).namespace;
  return typeof ns === 'string' && ns !== '';
}

/** Objects of a kind in a namespace across the whole scan. */
export function inNamespace(all: FactQuery, type: string, ns: string): Fact[] {
  // Through an index by type and namespace: a read depends on that namespace's objects of that
  // type, so editing a NetworkPolicy re-evaluates the workloads of its namespace, not all.
  const index = scanIndex(all, 'k8s-util:by-type-namespace', (f) => (f.kind === 'k8s-object' ? `${f.type}\u0000${f.scope ?? 'default'}` : undefined), () => all.byKind('k8s-object'));
  return [...index.get(`${type}\u0000${ns}`)];
}

/** The Namespace object of a namespace, if the scan has one. */
export function namespaceObject(all: FactQuery, ns: string): Fact | undefined {
  const index = scanIndex(all, 'k8s-util:namespace-by-name', (f) => (f.kind === 'k8s-object' && f.type === 'Namespace' && f.name !== undefined ? f.name : undefined), () => all.byType('Namespace'));
  return index.get(ns)[0];
}

/** Whether a label selector (LabelSelector) picks the target's pods: true, false or 'unknown'. */
export function selectsTarget(selector: FactValue | undefined, t: PodTarget): boolean | 'unknown' {
  if (selector !== undefined && hasUnknown(selector)) return 'unknown';
  if (t.labels === 'unknown') {
    // An empty selector picks every pod whatever its labels.
    if (selector === undefined || (isObj(selector) && !Object.keys(selector).length)) return true;
    return 'unknown';
  }
  return selects(selector ?? {}, t.labels, 'labelSelector');
}

/** ServiceAccount address used by a pod spec (`default` when none is named), or 'unknown'. */
export function serviceAccountOf(f: Fact, pod: PodSpecAt): { address: string; name: string; path?: string } | 'unknown' {
  const ns = namespaceOf(f);
  const v = pod.spec.serviceAccountName ?? pod.spec.serviceAccount;
  const path = pod.spec.serviceAccountName !== undefined ? `${pod.path}.serviceAccountName` : pod.spec.serviceAccount !== undefined ? `${pod.path}.serviceAccount` : undefined;
  if (v === undefined || v === null || v === '') return { address: `ServiceAccount/${ns}/default`, name: 'default' };
  if (typeof v !== 'string') return 'unknown';
  return { address: `ServiceAccount/${ns}/${v}`, name: v, path };
}

/** The containers of an object (main containers only, not init or ephemeral ones). */
export function mainContainers(f: Fact): ContainerAt[] {
  return containers(f).filter((c) => /\.containers\.\d+$/.test(c.path));
}

/** Bindings of the scan that name a ServiceAccount address as subject. */
export function bindingsOf(all: FactQuery, saAddress: string): Fact[] {
  // Indexed by the addresses a binding names: a read depends on the bindings of that account.
  const of = (type: string) => scanIndex(all, `k8s-util:bindings-by-subject:${type}`, (b) => (b.kind === 'k8s-object' && b.type === type ? [...new Set(b.references ?? [])] : undefined), () => all.byType(type)).get(saAddress);
  return [...of('RoleBinding'), ...of('ClusterRoleBinding')];
}

/** The role a binding grants, looked up in the scan. */
export function roleOfBinding(all: FactQuery, binding: Fact): { kind: string; name: string; fact?: Fact } | undefined {
  const ref = binding.attributes.roleRef;
  if (!isObj(ref) || typeof ref.name !== 'string') return undefined;
  const kind = ref.kind === 'Role' ? 'Role' : 'ClusterRole';
  const address = kind === 'Role' ? `Role/${namespaceOf(binding)}/${ref.name}` : `ClusterRole/${ref.name}`;
  const fact = all.byAddress(address).find((f) => f.type === kind);
  return { kind, name: ref.name, fact };
}

/**
 * Every `k8s-object` fact of the scan, in scan order, computed once per analysis. Read-only:
 * detectors that need their own list copy it.
 */
export function scanK8sObjects(all: FactQuery): readonly Fact[] {
  return all.byKind('k8s-object');
}

/**
 * `k8s-object` facts of the scan whose API group is one of `groups` (in scan order), indexed
 * once per analysis: a read depends on those groups' objects only, so editing a Deployment does
 * not invalidate what was concluded from the admission policies.
 */
export function scanK8sOfGroups(all: FactQuery, groups: readonly string[]): readonly Fact[] {
  const index = scanIndex(all, 'k8s-util:k8s-by-group', (f) => (f.kind === 'k8s-object' ? apiGroupOf(f) : undefined), () => all.byKind('k8s-object'));
  if (groups.length === 1) return index.get(groups[0]);
  const wanted = new Set(groups);
  return scanList(all, `k8s-util:k8s-of-groups:${[...wanted].sort().join(',')}`, (f) => f.kind === 'k8s-object' && wanted.has(apiGroupOf(f)), () => all.byKind('k8s-object'));
}

export function apiGroupOf(f: Fact): string {
  return apiGroup(String(f.attributes.apiVersion ?? ''));
}

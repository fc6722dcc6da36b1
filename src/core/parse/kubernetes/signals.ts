/**
 * Tier and modifier signals of Kubernetes facts.
 */
import type { FactQuery } from '../../catalogue/types';
import { evidence, scanIndex, scopeKey } from '../../facts';
import type { Evidence, Fact, FactObject, FactValue, Tier } from '../../model';
import type { ModifierSignal } from '../../plugin';
import { isPlainObject } from '../yaml-util';
import { ACCELERATOR_NODE_KEY, ACCELERATOR_RESOURCE, AGENT_ENV, COMMAND_SIGNALS, LLM_API_ENV, apiGroup, crdSignal, imageSignal } from './kinds';
import type { ImageSignal } from './kinds';
import { commandLine, containers, envOf, imageOf, podLabels, podSpecs, selects } from './pods';
import type { ContainerAt } from './pods';

export interface TierSignalOut {
  tier: Tier;
  pattern: string;
  evidence: Evidence[];
}

function isObjectFact(f: Fact): boolean {
  return f.kind === 'k8s-object' && f.provider === 'k8s';
}

const rolesMemo = new WeakMap<Fact, { c: ContainerAt; sig: ImageSignal; path: string }[]>();

/** What each container of a fact shows, worked out once per fact object (facts never change). Read-only. */
export function containerRoles(fact: Fact): { c: ContainerAt; sig: ImageSignal; path: string }[] {
  let out = rolesMemo.get(fact);
  if (!out) rolesMemo.set(fact, (out = findContainerRoles(fact)));
  return out;
}

function findContainerRoles(fact: Fact): { c: ContainerAt; sig: ImageSignal; path: string }[] {
  const out: { c: ContainerAt; sig: ImageSignal; path: string }[] = [];
  for (const c of containers(fact)) {
    const image = imageOf(c);
    const s = image ? imageSignal(image) : undefined;
    if (s) out.push({ c, sig: s, path: `${c.path}.image` });
    const cmd = commandLine(c.container);
    if (cmd) {
      for (const [re, sig] of COMMAND_SIGNALS) {
        if (re.test(cmd)) {
          const cmdOnly = strings(c.container.command).join(' ');
          const path = cmdOnly && re.test(cmdOnly) ? `${c.path}.command` : c.container.args !== undefined ? `${c.path}.args` : `${c.path}.command`;
          out.push({ c, sig, path });
          break;
        }
      }
    }
    for (const e of envOf(c)) {
      if (AGENT_ENV.test(e.name)) {
        out.push({ c, sig: { tier: 'L5', pattern: `environment variable ${e.name} points at agent tooling`, role: 'agent' }, path: e.path });
        break;
      }
    }
  }
  return out;
}

function strings(v: FactValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

/** Accelerator requests / placement of a fact's pods. */
export function acceleratorEvidence(fact: Fact): { path: string; why: string }[] {
  const out: { path: string; why: string }[] = [];
  for (const c of containers(fact)) {
    const res = c.container.resources;
    if (!isPlainObject(res)) continue;
    for (const field of ['limits', 'requests']) {
      const m = res[field];
      if (!isPlainObject(m)) continue;
      for (const [k, v] of Object.entries(m)) {
        if (ACCELERATOR_RESOURCE.test(k) && v !== 0 && v !== '0') out.push({ path: `${c.path}.resources.${field}.${k}`, why: `container ${String(c.container.name ?? '')} ${field === 'limits' ? 'is limited to' : 'requests'} ${k}` });
      }
    }
  }
  for (const pod of podSpecs(fact)) {
    const ns = pod.spec.nodeSelector;
    if (isPlainObject(ns)) for (const k of Object.keys(ns)) if (ACCELERATOR_NODE_KEY.test(k)) out.push({ path: `${pod.path}.nodeSelector.${k}`, why: `pods are placed on accelerator nodes (${k})` });
  }
  return out;
}

const tierMemo = new WeakMap<Fact, TierSignalOut[]>();

/**
 * A fact's tier signals. They read nothing but the fact unless it is a kagent agent (whose tools
 * are looked up in the scan), so those are worked out once per fact object. Read-only.
 */
export function kubernetesTierSignals(fact: Fact, all: FactQuery): TierSignalOut[] {
  if (!isObjectFact(fact)) return [];
  const held = tierMemo.get(fact);
  if (held) return held;
  const apiVersion = typeof fact.attributes.apiVersion === 'string' ? fact.attributes.apiVersion : '';
  const out = findTierSignals(fact, all);
  if (!crdSignal(apiVersion, fact.type)?.agent) tierMemo.set(fact, out);
  return out;
}

function findTierSignals(fact: Fact, all: FactQuery): TierSignalOut[] {
  const out: TierSignalOut[] = [];
  const add = (tier: Tier, pattern: string, why: string, path?: string): void => {
    if (out.some((s) => s.tier === tier && s.pattern === pattern)) return;
    out.push({ tier, pattern, evidence: [evidence(fact, why, path)] });
  };
  const apiVersion = typeof fact.attributes.apiVersion === 'string' ? fact.attributes.apiVersion : '';
  const crd = crdSignal(apiVersion, fact.type);
  if (crd) add(crd.tier, crd.pattern, `${fact.type} ${fact.name ?? ''} (${apiVersion})`.trim(), 'kind');

  // Multi-agent: a kagent agent that uses other agents as tools.
  if (crd?.agent) {
    for (const t of agentTools(fact)) {
      const target = all.byAddress(t.address)[0];
      add(
        'L8',
        'agent delegates work to other agents',
        target ? `${fact.type} ${fact.name} uses agent ${t.name} (${target.file}) as a tool` : `${fact.type} ${fact.name} uses agent ${t.name} as a tool`,
        t.path,
      );
    }
  }

  // Kubeflow Pipelines runs compiled to Argo Workflows.
  if (apiGroup(apiVersion) === 'argoproj.io' && /^(Workflow|WorkflowTemplate|CronWorkflow|ClusterWorkflowTemplate)$/.test(fact.type)) {
    const meta = isPlainObject(fact.attributes.metadata) ? fact.attributes.metadata : {};
    const keys = [...Object.keys(isPlainObject(meta.annotations) ? meta.annotations : {}), ...Object.keys(isPlainObject(meta.labels) ? meta.labels : {})];
    const k = keys.find((x) => x.startsWith('pipelines.kubeflow.org/'));
    if (k) add('L6', 'Kubeflow Pipelines run (Argo Workflow)', `${fact.type} carries ${k}`, 'metadata');
  }

  for (const r of containerRoles(fact)) add(r.sig.tier, r.sig.pattern, `${describeContainer(r.c)} ${r.sig.pattern}`, r.path);

  for (const c of containers(fact)) {
    const llm = envOf(c).find((e) => LLM_API_ENV.test(e.name));
    if (llm) add('L4', 'calls hosted LLM APIs', `${describeContainer(c)} is configured with ${llm.name}`, llm.path);
  }

  const acc = acceleratorEvidence(fact);
  if (acc.length) {
    const first = acc[0];
    if (first) add('L6', 'requests GPUs', first.why, first.path);
  }
  return out;
}

function describeContainer(c: ContainerAt): string {
  const name = typeof c.container.name === 'string' ? c.container.name : undefined;
  const image = imageOf(c);
  return name ? `container ${name}${image ? ` (${image})` : ''}` : image ? `container image ${image}` : 'the container';
}

export interface AgentToolRef {
  name: string;
  address: string;
  path: string;
}

/** kagent `tools[]` entries of type Agent. */
export function agentTools(fact: Fact): AgentToolRef[] {
  const spec = fact.attributes.spec;
  const decl = isPlainObject(spec) && isPlainObject(spec.declarative) ? spec.declarative : undefined;
  const tools = decl && Array.isArray(decl.tools) ? decl.tools : [];
  const out: AgentToolRef[] = [];
  tools.forEach((t, i) => {
    if (!isPlainObject(t) || !isPlainObject(t.agent) || typeof t.agent.name !== 'string') return;
    const ns = typeof t.agent.namespace === 'string' && t.agent.namespace ? t.agent.namespace : (fact.scope ?? 'default');
    const kind = typeof t.agent.kind === 'string' && t.agent.kind ? t.agent.kind : 'Agent';
    out.push({ name: t.agent.name, address: `${kind}/${ns}/${t.agent.name}`, path: `spec.declarative.tools.${i}.agent` });
  });
  return out;
}

// ───────────────────────────── modifiers ─────────────────────────────

const INTERNAL_LB: [string, RegExp][] = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', /^(true|0\.0\.0\.0\/0)$/i],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', /^internal$/i],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', /^true$/i],
  ['networking.gke.io/load-balancer-type', /^internal$/i],
  ['cloud.google.com/load-balancer-type', /^internal$/i],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', /^true$/i],
];

function annotations(f: Fact): FactObject {
  const meta = f.attributes.metadata;
  return isPlainObject(meta) && isPlainObject(meta.annotations) ? meta.annotations : {};
}

/** An object's own labels (`metadata.labels`), empty when it has none. */
export function labels(f: Fact): FactObject {
  const meta = f.attributes.metadata;
  return isPlainObject(meta) && isPlainObject(meta.labels) ? meta.labels : {};
}

/** Pod-running facts of the same namespace whose pods a Service selector picks. */
export function selectedWorkloads(service: Fact, all: FactQuery): Fact[] {
  const spec = service.attributes.spec;
  const sel = isPlainObject(spec) ? spec.selector : undefined;
  if (!isPlainObject(sel) || !Object.keys(sel).length) return [];
  return objectsInScope(all, service.scope).filter((f) => f.id !== service.id && podLabels(f).some((l) => selects(sel, l, 'map')));
}

/**
 * Object facts by namespace, indexed once per analysis in scan order; a read depends on its
 * namespace's objects only (so an edit elsewhere does not re-group or re-grade this one).
 */
function objectsInScope(all: FactQuery, scope: string | undefined): readonly Fact[] {
  return scanIndex(all, 'k8s:objects-by-scope', (f) => (isObjectFact(f) ? scopeKey(f.scope) : undefined)).get(scopeKey(scope));
}

/** Services a route or ingress sends traffic to, as facts of the scan. */
export function backendServices(route: Fact, all: FactQuery): Fact[] {
  const out: Fact[] = [];
  for (const r of route.references ?? []) if (r.startsWith('Service/')) out.push(...all.byAddress(r).filter((f) => f.type === 'Service'));
  return out;
}

function targetsText(targets: Fact[]): string {
  if (!targets.length) return '';
  const names = [...new Set(targets.map((t) => t.address))];
  return ` (reaches ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''})`;
}

const RAY_HEAD_PATHS = ['spec.headGroupSpec', 'spec.rayClusterConfig.headGroupSpec', 'spec.rayClusterSpec.headGroupSpec'];

export function kubernetesModifierSignals(fact: Fact, all: FactQuery): ModifierSignal[] {
  if (!isObjectFact(fact)) return [];
  const out: ModifierSignal[] = [];
  const add = (modifier: ModifierSignal['modifier'], rating: ModifierSignal['rating'], why: string, path?: string): void => {
    out.push({ modifier, rating, evidence: [evidence(fact, why, path)] });
  };
  const a = fact.attributes;
  const spec = isPlainObject(a.spec) ? a.spec : {};
  const ann = annotations(fact);
  const lab = labels(fact);

  // ── exposure
  if (fact.type === 'Service') {
    const type = spec.type;
    const targets = selectedWorkloads(fact, all);
    if (type === 'LoadBalancer' || type === 'NodePort') {
      const internal = type === 'LoadBalancer' ? INTERNAL_LB.find(([k, re]) => typeof ann[k] === 'string' && re.test(String(ann[k]))) : undefined;
      if (internal) add('exposure', 'medium', `Service type LoadBalancer is internal (${internal[0]})${targetsText(targets)}`, 'spec.type');
      else add('exposure', 'high', `Service type ${type} makes the pods reachable from outside the cluster${targetsText(targets)}`, 'spec.type');
    }
    if (Array.isArray(spec.externalIPs) && spec.externalIPs.length) add('exposure', 'high', `Service has external IPs${targetsText(targets)}`, 'spec.externalIPs');
  }
  if (fact.type === 'Ingress' || fact.type === 'HTTPRoute' || fact.type === 'GRPCRoute' || (fact.type === 'Route' && apiGroup(String(a.apiVersion ?? '')) === 'route.openshift.io')) {
    const services = backendServices(fact, all);
    const targets = services.flatMap((s) => selectedWorkloads(s, all));
    const cls = String(spec.ingressClassName ?? ann['kubernetes.io/ingress.class'] ?? '');
    const internalAnn =
      /internal|private/i.test(cls) ||
      /^internal$/i.test(String(ann['alb.ingress.kubernetes.io/scheme'] ?? '')) ||
      String(ann['networking.gke.io/internal-load-balancer-allow-global-access'] ?? '') !== '' ||
      (fact.type !== 'Ingress' &&
        (Array.isArray(spec.parentRefs) ? spec.parentRefs : []).some((p) => isPlainObject(p) && /internal|private/i.test(String(p.name ?? ''))));
    const label = fact.type === 'Route' ? 'OpenShift Route' : fact.type;
    const path = fact.type === 'Ingress' ? (spec.rules !== undefined ? 'spec.rules' : 'spec') : 'spec';
    const target = [...services, ...targets];
    if (internalAnn) add('exposure', 'medium', `${label} is bound to an internal entry point${targetsText(target)}`, path);
    else add('exposure', 'high', `${label} publishes HTTP routes to the workload${targetsText(target)}`, path);
  }
  if (ann['security.opendatahub.io/enable-auth'] !== undefined && String(ann['security.opendatahub.io/enable-auth']).toLowerCase() === 'false')
    add('exposure', 'high', 'security.opendatahub.io/enable-auth is "false": the inference endpoint accepts unauthenticated calls', 'metadata.annotations.security.opendatahub.io/enable-auth');
  if (String(lab['networking.kserve.io/visibility'] ?? ann['networking.kserve.io/visibility'] ?? '') === 'cluster-local')
    add('exposure', 'low', 'networking.kserve.io/visibility is cluster-local: the model is reachable only inside the cluster', lab['networking.kserve.io/visibility'] !== undefined ? 'metadata.labels.networking.kserve.io/visibility' : 'metadata.annotations.networking.kserve.io/visibility');

  // Ray head: service type and dashboard bind.
  for (const hp of RAY_HEAD_PATHS) {
    const head = get(a, hp);
    if (!isPlainObject(head)) continue;
    if (head.serviceType === 'LoadBalancer' || head.serviceType === 'NodePort') add('exposure', 'high', `Ray head service type ${String(head.serviceType)} exposes the dashboard and Jobs API`, `${hp}.serviceType`);
    const params = head.rayStartParams;
    if (isPlainObject(params) && String(params['dashboard-host'] ?? '') === '0.0.0.0')
      add('exposure', 'high', 'Ray dashboard listens on 0.0.0.0 (its Jobs API has no authentication by default)', `${hp}.rayStartParams.dashboard-host`);
  }

  for (const c of containers(fact)) {
    const image = (imageOf(c) ?? '').toLowerCase();
    const cmd = commandLine(c.container);
    const env = envOf(c);
    const ollamaHost = env.find((e) => e.name === 'OLLAMA_HOST' && typeof e.value === 'string' && /^(https?:\/\/)?0\.0\.0\.0/.test(e.value));
    if (ollamaHost) add('exposure', 'high', 'OLLAMA_HOST=0.0.0.0: Ollama listens on every interface and has no authentication', ollamaHost.path);
    const jupyter = /jupyter|notebook/.test(image) || /\bjupyter\b|start-notebook|start-singleuser/.test(cmd);
    if (jupyter) {
      const cmdPath = c.container.args !== undefined && /--(ServerApp|NotebookApp)\.|--ip/.test(strings(c.container.args).join(' ')) ? `${c.path}.args` : `${c.path}.command`;
      if (/--(?:ServerApp|NotebookApp)\.ip[= ]['"]?0\.0\.0\.0|--ip[= ]['"]?0\.0\.0\.0/.test(cmd)) add('exposure', 'high', 'Jupyter listens on 0.0.0.0', cmdPath);
      if (/--(?:ServerApp|NotebookApp|IdentityProvider)\.(?:token|password)(?:=|\s+)(?:''|""|(?=\s|$))/.test(cmd)) add('exposure', 'high', 'Jupyter runs with an empty token or password: anyone who reaches it can run code', cmdPath);
      const tok = env.find((e) => (e.name === 'JUPYTER_TOKEN' || e.name === 'JUPYTER_PASSWORD') && e.value === '' && !e.from);
      if (tok) add('exposure', 'high', `${tok.name} is empty: the notebook has no login`, tok.path);
    }
    if (/--dashboard-host[= ]0\.0\.0\.0/.test(cmd)) add('exposure', 'high', 'Ray dashboard listens on 0.0.0.0', `${c.path}.${c.container.args !== undefined ? 'args' : 'command'}`);
  }

  // ── integration privilege
  if (fact.type === 'ClusterRoleBinding' || fact.type === 'RoleBinding') {
    const ref = a.roleRef;
    const role = isPlainObject(ref) ? String(ref.name ?? '') : '';
    if (role === 'cluster-admin') add('integrationPrivilege', 'high', `${fact.type} grants cluster-admin`, 'roleRef');
    else if (role === 'admin') add('integrationPrivilege', 'high', `${fact.type} grants the admin role`, 'roleRef');
    else if (role === 'edit') add('integrationPrivilege', 'medium', `${fact.type} grants the edit role (write access)`, 'roleRef');
  }
  if (fact.type === 'ClusterRole' || fact.type === 'Role') {
    const rules = Array.isArray(a.rules) ? a.rules : [];
    let worst: { rating: 'high' | 'medium'; why: string; path: string } | undefined;
    rules.forEach((r, i) => {
      if (!isPlainObject(r)) return;
      const verbs = strings(r.verbs);
      const resources = strings(r.resources);
      const groups = strings(r.apiGroups);
      const write = verbs.some((v) => ['*', 'create', 'update', 'patch', 'delete', 'deletecollection', 'escalate', 'bind', 'impersonate'].includes(v));
      const read = verbs.some((v) => ['*', 'get', 'list', 'watch'].includes(v));
      const path = `rules.${i}`;
      let hit: { rating: 'high' | 'medium'; why: string } | undefined;
      if (verbs.includes('*') || resources.includes('*') || (groups.includes('*') && write)) hit = { rating: 'high', why: `${fact.type} rule uses wildcards (verbs ${verbs.join(',') || '-'} on ${resources.join(',') || '-'})` };
      else if (resources.includes('secrets') && read) hit = { rating: 'high', why: `${fact.type} can read Secrets (${verbs.join(',')})` };
      else if (resources.some((x) => x === 'pods/exec' || x === 'pods/attach') || verbs.some((v) => ['escalate', 'bind', 'impersonate'].includes(v)))
        hit = { rating: 'high', why: `${fact.type} can ${verbs.join(',')} ${resources.join(',')}` };
      else if (write) hit = { rating: 'medium', why: `${fact.type} can ${verbs.join(',')} ${resources.join(',')}` };
      if (hit && (!worst || (worst.rating === 'medium' && hit.rating === 'high'))) worst = { ...hit, path };
    });
    if (worst) add('integrationPrivilege', worst.rating, worst.why, worst.path);
  }
  for (const pod of podSpecs(fact)) {
    for (const k of ['hostNetwork', 'hostPID', 'hostIPC'])
      if (pod.spec[k] === true) add('integrationPrivilege', 'high', `pods run with ${k}: true`, `${pod.path}.${k}`);
    const vols = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
    vols.forEach((v, i) => {
      if (isPlainObject(v) && isPlainObject(v.hostPath)) add('integrationPrivilege', 'high', `pods mount the node path ${String(v.hostPath.path ?? '')}`, `${pod.path}.volumes.${i}`);
    });
  }
  for (const c of containers(fact)) {
    const sc = c.container.securityContext;
    if (!isPlainObject(sc)) continue;
    if (sc.privileged === true) add('integrationPrivilege', 'high', `container ${String(c.container.name ?? '')} is privileged`, `${c.path}.securityContext.privileged`);
    const caps = isPlainObject(sc.capabilities) ? strings(sc.capabilities.add) : [];
    const bad = caps.filter((x) => ['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE'].includes(x.toUpperCase()));
    if (bad.length) add('integrationPrivilege', 'high', `container ${String(c.container.name ?? '')} adds capabilities ${bad.join(', ')}`, `${c.path}.securityContext.capabilities.add`);
  }

  // ── autonomy
  const roles = containerRoles(fact);
  if (fact.type === 'CronJob') {
    const agent = roles.find((r) => r.sig.role === 'agent' || r.sig.role === 'mcp');
    const llm = containers(fact)
      .flatMap((c) => envOf(c))
      .find((e) => LLM_API_ENV.test(e.name));
    if (agent) add('autonomy', 'high', `CronJob starts an agent on a schedule with nobody approving its runs (${agent.sig.pattern})`, 'spec.schedule');
    else if (llm) add('autonomy', 'medium', `CronJob calls an LLM on a schedule (${llm.name})`, 'spec.schedule');
  }
  const crd = crdSignal(String(a.apiVersion ?? ''), fact.type);
  if (crd?.agent && /Cron/.test(fact.type)) add('autonomy', 'high', `${fact.type} runs an agent on a schedule`, spec.schedule !== undefined ? 'spec.schedule' : 'kind');
  if (crd?.agent) {
    const decl = isPlainObject(spec.declarative) ? spec.declarative : undefined;
    const tools = decl && Array.isArray(decl.tools) ? decl.tools : [];
    let unapproved: string | undefined;
    let mcpTools = 0;
    tools.forEach((t, i) => {
      if (!isPlainObject(t) || !isPlainObject(t.mcpServer)) return;
      mcpTools++;
      const names = strings(t.mcpServer.toolNames);
      const approve = strings(t.mcpServer.requireApproval);
      const open = names.length ? names.filter((n) => !approve.includes(n)) : approve.length ? [] : ['(all tools)'];
      if (open.length && unapproved === undefined) unapproved = `spec.declarative.tools.${i}.mcpServer`;
    });
    if (unapproved) add('autonomy', 'medium', 'agent tools run without requireApproval', unapproved);
    else if (mcpTools) add('autonomy', 'low', 'every agent tool requires approval (requireApproval)', 'spec.declarative.tools');
  }

  // ── data sensitivity
  for (const h of fact.hints ?? []) {
    if (!h.startsWith('data:')) continue;
    const cls = h.slice(5);
    const rating = /^(pii|phi|pci|gdpr|hipaa|regulated|restricted|confidential|highly-confidential|strictly-confidential|sensitive|personal|personal-data|secret|special-category)$/.test(cls)
      ? 'high'
      : /^(internal|private|limited)$/.test(cls)
        ? 'medium'
        : /^public$/.test(cls)
          ? 'low'
          : undefined;
    if (rating) add('dataSensitivity', rating, `labelled as ${cls} data`, classificationPath(fact, cls));
  }
  return out;
}

function classificationPath(fact: Fact, cls: string): string | undefined {
  for (const field of ['labels', 'annotations']) {
    const meta = fact.attributes.metadata;
    const m = isPlainObject(meta) ? meta[field] : undefined;
    if (!isPlainObject(m)) continue;
    for (const [k, v] of Object.entries(m)) {
      const key = k.slice(k.lastIndexOf('/') + 1).toLowerCase();
      if (String(v).toLowerCase().includes(cls) || key.includes(cls)) return `metadata.${field}.${k}`;
    }
  }
  return undefined;
}

function get(v: FactValue | undefined, path: string): FactValue | undefined {
  let cur = v;
  for (const seg of path.split('.')) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

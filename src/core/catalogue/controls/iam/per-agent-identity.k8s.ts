/**
 * ARG-IAM-004 for Kubernetes: every agent (agent framework, MCP tool server or code sandbox
 * pod) runs under its own ServiceAccount — not the namespace `default`, not one shared with
 * another object — and does not mount an API token it does not use. Fixes: give the pods a
 * ServiceAccount of their own (name inserted, ServiceAccount document appended with
 * `automountServiceAccountToken: false`), or turn the token mount off on the pod spec.
 */
import type { Fact, Fix, TextEdit } from '../../../model';
import { scanIndex, type ScanIndex } from '../../../facts';
import type { Detector, DetectorOutcome, FactQuery } from '../../types';
import { appendDoc, TODO } from '../k8s-util/fixes';
import { dnsName, editable, insertIntoMapping, valueRangeOf, yamlString } from '../k8s-util/yaml-edit';
import { ev, headerOf, loc, meta, namespaceOf, namespaceWritten, podSpecs, rolesOf, scanK8sObjects, serviceAccountOf } from '../k8s-util/workload';
import type { PodSpecAt } from '../k8s-util/workload';

const AGENT_ROLES = ['agent', 'mcp', 'sandbox'] as const;

/** The objects of the scan that run pods under each named ServiceAccount address (not `default`). */
function accountUsers(all: FactQuery): ScanIndex {
  return scanIndex(
    all,
    'iam-004:k8s:account-users',
    (f) => {
      if (f.kind !== 'k8s-object') return undefined;
      const accounts = new Set<string>();
      for (const p of podSpecs(f)) {
        const sa = serviceAccountOf(f, p);
        if (sa !== 'unknown' && sa.name !== 'default') accounts.add(sa.address);
      }
      return accounts.size > 0 ? [...accounts] : undefined;
    },
    () => scanK8sObjects(all),
  );
}

function ownAccountFix(ctx: { text(file: string): string | undefined; allFacts: { byAddress(a: string): readonly Fact[] } }, f: Fact, pod: PodSpecAt, explicitPath: string | undefined): Fix | undefined {
  if (!editable(f)) return undefined;
  const text = ctx.text(f.file);
  if (!text) return undefined;
  const ns = namespaceOf(f);
  let name = dnsName(f.name ?? 'agent');
  if (ctx.allFacts.byAddress(`ServiceAccount/${ns}/${name}`).length) name = dnsName(name, 'agent');
  const edits: TextEdit[] = [];
  if (explicitPath) {
    const r = f.attributeRanges?.[explicitPath];
    const v = r ? valueRangeOf(text, r) : undefined;
    if (!v) return undefined;
    edits.push({ file: f.file, range: v, newText: name });
  } else {
    const e = insertIntoMapping(text, f, pod.path, [`serviceAccountName: ${name}`]);
    if (!e) return undefined;
    edits.push(e);
  }
  const doc = appendDoc(ctx, f, [
    `# ${TODO}: bind only the Roles this agent needs to its own account.`,
    'apiVersion: v1',
    'kind: ServiceAccount',
    'metadata:',
    `  name: ${name}`,
    ...(namespaceWritten(f) ? [`  namespace: ${yamlString(String(meta(f).namespace))}`] : []),
    'automountServiceAccountToken: false',
  ]);
  if (!doc) return undefined;
  edits.push(doc);
  return { title: `Give ${f.address} its own ServiceAccount`, kind: 'unsafe', edits };
}

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    const agents = ctx.facts.filter((f) => f.kind === 'k8s-object' && podSpecs(f).length > 0 && AGENT_ROLES.some((r) => rolesOf(f).has(r)));
    // Who else uses each account, across the scan (once per analysis; read-only here).
    const users = accountUsers(ctx.allFacts);
    for (const f of agents) {
      for (const pod of podSpecs(f)) {
        const sa = serviceAccountOf(f, pod);
        if (sa === 'unknown') {
          out.push({ status: 'unresolved', message: `The ServiceAccount of ${f.address} is set by a template value that could not be resolved.`, location: loc(f, `${pod.path}.serviceAccountName`), anchor: `${f.address}:serviceAccount` });
          continue;
        }
        if (sa.name === 'default') {
          const fix = ownAccountFix(ctx, f, pod, sa.path);
          out.push({
            status: 'missing',
            message: `${f.address} runs its agent pods under the namespace's default ServiceAccount, shared with every other pod there. Give it a ServiceAccount of its own.`,
            location: sa.path ? loc(f, sa.path) : headerOf(f),
            anchor: `${f.address}:serviceAccount`,
            fixes: fix ? [fix] : undefined,
          });
          continue;
        }
        const others = (users.get(sa.address) ?? []).filter((o) => o.id !== f.id && o.address !== f.address);
        if (others.length) {
          out.push({
            status: 'partial',
            message: `${f.address} shares ServiceAccount ${sa.name} with ${others.map((o) => o.address).join(', ')}; each agent needs an identity of its own.`,
            location: sa.path ? loc(f, sa.path) : headerOf(f),
            anchor: `${f.address}:serviceAccount`,
            evidence: others.map((o) => ev(o, `also runs as ${sa.name}`)),
          });
          continue;
        }
        const podMount = pod.spec.automountServiceAccountToken;
        const account = ctx.allFacts.byAddress(sa.address).find((x) => x.type === 'ServiceAccount');
        const accountMount = account?.attributes.automountServiceAccountToken;
        if (podMount === true || podMount === false || accountMount === false) {
          out.push({ status: 'met', message: `${f.address} runs as its own ServiceAccount ${sa.name}.`, evidence: [ev(f, `serviceAccountName: ${sa.name}`, sa.path)] });
          continue;
        }
        const text = ctx.text(f.file);
        const edit = editable(f) && text ? insertIntoMapping(text, f, pod.path, ['automountServiceAccountToken: false']) : undefined;
        out.push({
          status: 'partial',
          message: `${f.address} runs as its own ServiceAccount ${sa.name} but mounts its API token; set automountServiceAccountToken: false unless the agent calls the Kubernetes API.`,
          location: sa.path ? loc(f, sa.path) : headerOf(f),
          anchor: `${f.address}:automount`,
          fixes: edit ? [{ title: 'Stop mounting the ServiceAccount token', kind: 'unsafe', edits: [edit] }] : undefined,
        });
      }
    }
    return out;
  },
};

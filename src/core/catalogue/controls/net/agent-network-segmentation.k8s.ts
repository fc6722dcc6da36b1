/**
 * ARG-NET-007 for Kubernetes: agent pods (agent frameworks, MCP tool servers, code
 * sandboxes) are picked by a NetworkPolicy that governs ingress and admits only named
 * callers. Fix: append a default-deny ingress NetworkPolicy for the agent's pods with a TODO
 * listing the callers to allow.
 */
import type { Detector, DetectorOutcome } from '../../types';
import { TODO, appendDoc, selectorLabels } from '../k8s-util/fixes';
import { openIngress, policiesFor } from '../k8s-util/netpol';
import { dnsName, yamlString } from '../k8s-util/yaml-edit';
import { aiObjects, ev, headerOf, meta, namespaceWritten, podTargets, rolesOf } from '../k8s-util/workload';
import type { PodTarget } from '../k8s-util/workload';

function ingressDoc(t: PodTarget): string[] | undefined {
  const labels = selectorLabels(t);
  if (!labels) return undefined;
  const f = t.fact;
  return [
    `# Default-deny ingress for ${f.type} ${f.name ?? ''}: nothing may call the agent until its callers are listed below.`,
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${dnsName(f.name ?? 'agent', 'ingress')}`,
    ...(namespaceWritten(f) ? [`  namespace: ${yamlString(String(meta(f).namespace))}`] : []),
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    ...Object.entries(labels).map(([k, v]) => `      ${yamlString(k)}: ${yamlString(v)}`),
    '  policyTypes:',
    '    - Ingress',
    '  ingress: []',
    `  # ${TODO}: replace [] with rules for the gateway and the services that call this agent, for example:`,
    '  # ingress:',
    '  #   - from:',
    '  #       - podSelector:',
    '  #           matchLabels:',
    '  #             app: agent-gateway',
  ];
}

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const f of aiObjects(ctx)) {
      const roles = rolesOf(f);
      if (!roles.has('agent') && !roles.has('mcp') && !roles.has('sandbox')) continue;
      for (const t of podTargets(f).slice(0, 1)) {
        const sel = policiesFor(ctx.allFacts, t, 'Ingress');
        const sure = sel.filter((s) => s.selects === true);
        if (!sure.length) {
          if (sel.length) {
            out.push({ status: 'unresolved', message: `Whether an ingress NetworkPolicy selects the pods of ${f.address} depends on template values that could not be resolved.`, location: headerOf(f), anchor: `${f.address}:ingress` });
            continue;
          }
          const doc = ingressDoc(t);
          const edit = doc ? appendDoc(ctx, f, doc) : undefined;
          out.push({
            status: 'missing',
            message: `No NetworkPolicy governs ingress to the agent pods of ${f.address}, so any pod in the cluster can send them instructions.`,
            location: headerOf(f),
            anchor: `${f.address}:ingress`,
            fixes: edit ? [{ title: `Add a default-deny ingress NetworkPolicy for ${f.address}`, kind: 'unsafe', edits: [edit] }] : undefined,
          });
          continue;
        }
        const open = sure.map((s) => ({ s, why: openIngress(s) })).find((x) => x.why);
        if (open) {
          out.push({
            status: 'partial',
            message: `${open.s.policy.address} selects the agent pods of ${f.address} but ${open.why ?? ''}; admit only the callers that need the agent.`,
            location: { file: open.s.policy.file, range: open.s.policy.attributeRanges?.['spec.ingress'] ?? open.s.policy.nameRange ?? open.s.policy.range },
            anchor: `${f.address}:ingress:${open.s.policy.address}`,
          });
          continue;
        }
        out.push({ status: 'met', message: `Ingress to the agent pods of ${f.address} is limited by NetworkPolicy.`, evidence: sure.map((s) => ev(s.policy, `${s.policy.address} limits who may call the agent`, 'spec.podSelector')) });
      }
    }
    return out;
  },
};

/**
 * ARG-PRC-003 for Kubernetes: a kill switch prepared in the manifests — a deny-all
 * NetworkPolicy (ingress and egress, no rules) that selects pods by a quarantine label, so an
 * operator or automation cuts a misbehaving agent off by labelling its pods. The files cannot
 * show whether the switch is wired to alerts and tested, so without such a policy the result
 * is `partial`, never `met` by assumption. Fix (safe: it selects no pod until one is
 * labelled): append a quarantine policy for the namespace.
 */
import type { Fact } from '../../../model';
import type { Detector, DetectorOutcome } from '../../types';
import { appendDoc } from '../k8s-util/fixes';
import { policyTypes } from '../k8s-util/netpol';
import { yamlString } from '../k8s-util/yaml-edit';
import { aiObjects, ev, headerOf, inNamespace, isObj, meta, namespaceOf, namespaceWritten, strings } from '../k8s-util/workload';

export const QUARANTINE_LABEL = 'ai-risk-gradient.io/quarantine';
const QUARANTINE_KEY = /quarantine|kill|isolat|lockdown|cut-?off|circuit/i;

function quarantinePolicy(np: Fact): boolean {
  const spec = isObj(np.attributes.spec) ? np.attributes.spec : {};
  const sel = isObj(spec.podSelector) ? spec.podSelector : undefined;
  if (!sel) return false;
  const keys = [...(isObj(sel.matchLabels) ? Object.keys(sel.matchLabels) : []), ...(Array.isArray(sel.matchExpressions) ? sel.matchExpressions.filter(isObj).map((e) => String(e.key ?? '')) : [])];
  if (!keys.some((k) => QUARANTINE_KEY.test(k))) return false;
  const types = policyTypes(np);
  const empty = (v: unknown): boolean => v === undefined || (Array.isArray(v) && v.length === 0);
  return types.has('Ingress') && types.has('Egress') && empty(spec.ingress) && empty(spec.egress) && strings(spec.policyTypes).length > 0;
}

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    const byNs = new Map<string, Fact>();
    for (const f of aiObjects(ctx)) if (!byNs.has(namespaceOf(f))) byNs.set(namespaceOf(f), f);
    for (const [ns, first] of byNs) {
      const ready = inNamespace(ctx.allFacts, 'NetworkPolicy', ns).filter(quarantinePolicy);
      if (ready.length) {
        out.push({ status: 'met', message: `A deny-all quarantine NetworkPolicy is ready in namespace ${ns}; labelling a pod cuts all its traffic.`, evidence: ready.map((p) => ev(p, `${p.address} denies all traffic to pods carrying its label`, 'spec.podSelector')) });
        continue;
      }
      const edit = appendDoc(ctx, first, [
        `# Kill switch for the AI workloads of this namespace: label a pod ${QUARANTINE_LABEL}=true`,
        '# (kubectl label pod <name> ' + QUARANTINE_LABEL + '=true) to cut all its traffic at once; scale to zero after.',
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata:',
        '  name: ai-quarantine',
        ...(namespaceWritten(first) ? [`  namespace: ${yamlString(String(meta(first).namespace))}`] : []),
        'spec:',
        '  podSelector:',
        '    matchLabels:',
        `      ${QUARANTINE_LABEL}: "true"`,
        '  policyTypes:',
        '    - Ingress',
        '    - Egress',
      ]);
      out.push({
        status: 'partial',
        message: `No prepared kill switch was found for namespace ${ns}: no deny-all quarantine NetworkPolicy that automation can apply by label. A scale-to-zero runbook cannot be seen in the files; record it in the register.`,
        location: headerOf(first),
        anchor: `kill-switch:${ns}`,
        fixes: edit ? [{ title: `Add a quarantine NetworkPolicy to namespace ${ns}`, kind: 'safe', edits: [edit] }] : undefined,
      });
    }
    return out;
  },
};

/**
 * ARG-NET-003 for Kubernetes: a NetworkPolicy with `Egress` in its policyTypes whose
 * podSelector actually picks the workload's pods (selector matching, not just "a policy
 * exists"), and whose rules do not open egress again. Fix: append a default-deny egress
 * NetworkPolicy selecting the pods' labels, with DNS allowed and a TODO for the model and API
 * destinations.
 */
import type { Detector, DetectorOutcome } from '../../types';
import { appendDoc, egressPolicyDoc } from '../k8s-util/fixes';
import { openEgress, policiesFor } from '../k8s-util/netpol';
import { aiObjects, ev, headerOf, podTargets } from '../k8s-util/workload';

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const f of aiObjects(ctx)) {
      for (const t of podTargets(f).slice(0, 1)) {
        const sel = policiesFor(ctx.allFacts, t, 'Egress');
        const sure = sel.filter((s) => s.selects === true);
        if (!sure.length) {
          if (sel.length) {
            out.push({ status: 'unresolved', message: `Whether an egress NetworkPolicy selects the pods of ${f.address} depends on template values that could not be resolved.`, location: headerOf(f), anchor: `${f.address}:egress` });
            continue;
          }
          const doc = egressPolicyDoc(t);
          const edit = doc ? appendDoc(ctx, f, doc) : undefined;
          out.push({
            status: 'missing',
            message: `No NetworkPolicy with policyTypes Egress selects the pods of ${f.address}, so they can connect anywhere.`,
            location: headerOf(f),
            anchor: `${f.address}:egress`,
            fixes: edit ? [{ title: `Add a default-deny egress NetworkPolicy for ${f.address}`, kind: 'unsafe', edits: [edit] }] : undefined,
          });
          continue;
        }
        const open = sure.map((s) => ({ s, why: openEgress(s) })).find((x) => x.why);
        if (open) {
          out.push({
            status: 'partial',
            message: `${open.s.policy.address} selects the pods of ${f.address} but ${open.why ?? ''}; list only the destinations they need.`,
            location: { file: open.s.policy.file, range: open.s.policy.attributeRanges?.['spec.egress'] ?? open.s.policy.nameRange ?? open.s.policy.range },
            anchor: `${f.address}:egress:${open.s.policy.address}`,
          });
          continue;
        }
        out.push({ status: 'met', message: `Egress of ${f.address} is limited by NetworkPolicy.`, evidence: sure.map((s) => ev(s.policy, `${s.policy.address} restricts egress of the pods`, 'spec.podSelector')) });
      }
    }
    return out;
  },
};

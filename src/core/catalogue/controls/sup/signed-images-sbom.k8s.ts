/**
 * ARG-SUP-004 for Kubernetes: image signatures are verified at admission for the namespaces
 * that serve models — a Kyverno policy with `verifyImages`, a Sigstore policy-controller
 * ClusterImagePolicy, or a Connaisseur / Ratify policy in the repository. Without one, the
 * workload's pods are admitted whatever signed them. No quick-fix: the signing identity must
 * be chosen.
 */
import { perScan } from '../../../facts';
import type { Evidence } from '../../../model';
import type { Detector, DetectorOutcome, FactQuery } from '../../types';
import { aiObjects, apiGroupOf, ev, headerOf, isObj, rolesOf, scanK8sOfGroups } from '../k8s-util/workload';

/** Admission policies of the scan that verify image signatures, as evidence (scan order). */
function signaturePolicies(all: FactQuery): readonly Evidence[] {
  return perScan(all, 'sup-004:k8s:signature-policies', () => {
    const evidence: Evidence[] = [];
    for (const f of scanK8sOfGroups(all, ['kyverno.io', 'policy.sigstore.dev', 'policies.kyverno.io', 'config.ratify.deislabs.io'])) {
      const group = apiGroupOf(f);
      const spec = isObj(f.attributes.spec) ? f.attributes.spec : {};
      if (group === 'kyverno.io' && (Array.isArray(spec.rules) ? spec.rules : []).some((r) => isObj(r) && r.verifyImages !== undefined)) evidence.push(ev(f, `Kyverno ${f.type} ${f.name ?? ''} verifies image signatures`, 'spec.rules'));
      if (group === 'policy.sigstore.dev' && /ImagePolicy$/.test(f.type)) evidence.push(ev(f, `Sigstore ${f.type} ${f.name ?? ''} verifies image signatures`));
      if (group === 'policies.kyverno.io' && f.type === 'ImageValidatingPolicy') evidence.push(ev(f, `Kyverno ImageValidatingPolicy ${f.name ?? ''}`));
      if (group === 'config.ratify.deislabs.io' && f.type === 'Verifier') evidence.push(ev(f, `Ratify verifier ${f.name ?? ''}`));
    }
    return evidence;
  });
}

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const targets = aiObjects(ctx).filter((f) => rolesOf(f).size > 0);
    if (!targets.length) return [];
    // The verifying policies depend on the scan only: found once per analysis, copied per workload.
    const evidence = signaturePolicies(ctx.allFacts).map((e) => ({ ...e }));
    if (evidence.length) return [{ status: 'met', message: 'Image signatures are verified at admission.', evidence }];
    const first = targets[0];
    if (!first) return [];
    return [{
      status: 'missing',
      message: 'No admission policy in the repository verifies image signatures (Kyverno verifyImages, Sigstore policy-controller), so unsigned or tampered model-server images are admitted.',
      location: headerOf(first),
      anchor: 'image-signatures',
    }];
  },
};

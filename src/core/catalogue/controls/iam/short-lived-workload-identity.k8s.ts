/**
 * ARG-IAM-006 for Kubernetes: the pods get short-lived, verifiable credentials — IRSA
 * (`eks.amazonaws.com/role-arn`), EKS Pod Identity (a Terraform association in the scan), GKE
 * Workload Identity (`iam.gke.io/gcp-service-account`), Azure Workload Identity (pod label
 * `azure.workload.identity/use: "true"`), a SPIFFE CSI volume, or a projected service-account
 * token with `expirationSeconds`. A `kubernetes.io/service-account-token` Secret (a token that
 * never expires) is a miss. No quick-fix: a role or identity must be chosen.
 */
import type { Evidence, Fact } from '../../../model';
import type { Detector, DetectorOutcome, FactQuery } from '../../types';
import { scanIndex } from '../../../facts';
import { accountsOf } from '../k8s-util/rbac';
import { annotationsOf, ev, headerOf, inNamespace, isExpr, isObj, loc, podSpecs, serviceAccountOf } from '../k8s-util/workload';

const SA_ANNOTATIONS: [string, string][] = [
  ['eks.amazonaws.com/role-arn', 'IRSA role'],
  ['iam.gke.io/gcp-service-account', 'GKE Workload Identity'],
  ['azure.workload.identity/client-id', 'Azure Workload Identity'],
];

function podIdentity(f: Fact): { why: string; path: string; unknown: boolean }[] {
  const out: { why: string; path: string; unknown: boolean }[] = [];
  for (const p of podSpecs(f)) {
    const use = p.labels?.['azure.workload.identity/use'];
    if (use !== undefined) {
      const tmpl = p.path.replace(/\.spec$/, '');
      if (isExpr(use)) out.push({ why: 'Azure Workload Identity label is templated', path: `${tmpl}.metadata.labels.azure.workload.identity/use`, unknown: true });
      else if (String(use) === 'true') out.push({ why: 'pods use Azure Workload Identity', path: `${tmpl}.metadata.labels.azure.workload.identity/use`, unknown: false });
    }
    const vols = Array.isArray(p.spec.volumes) ? p.spec.volumes : [];
    vols.forEach((v, i) => {
      if (!isObj(v)) return;
      if (isObj(v.csi) && String(v.csi.driver ?? '') === 'csi.spiffe.io') out.push({ why: 'pods get a SPIFFE identity from the SPIFFE CSI driver', path: `${p.path}.volumes.${i}`, unknown: false });
      const sources = isObj(v.projected) && Array.isArray(v.projected.sources) ? v.projected.sources : [];
      for (const s of sources)
        if (isObj(s) && isObj(s.serviceAccountToken) && s.serviceAccountToken.expirationSeconds !== undefined)
          out.push({ why: `pods mount a projected service-account token that expires after ${String(s.serviceAccountToken.expirationSeconds)} s`, path: `${p.path}.volumes.${i}`, unknown: isExpr(s.serviceAccountToken.expirationSeconds) });
    });
  }
  return out;
}

/**
 * Terraform EKS Pod Identity associations naming this namespace and ServiceAccount (literal
 * values), read per account: editing another cluster's associations changes nothing here.
 */
function podIdentityAssociations(all: FactQuery, ns: string, account: string): readonly Fact[] {
  const key = (f: Fact) => (f.type === 'aws_eks_pod_identity_association' && typeof f.attributes.namespace === 'string' && typeof f.attributes.service_account === 'string' ? `${f.attributes.namespace}\u0000${f.attributes.service_account}` : undefined);
  return scanIndex(all, 'k8s-iam:pod-identity-associations', key, () => all.byType('aws_eks_pod_identity_association')).get(`${ns}\u0000${account}`);
}

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const a of accountsOf(ctx)) {
      const evidence: Evidence[] = [];
      let unknown = false;
      const account = ctx.allFacts.byAddress(a.address).find((x) => x.type === 'ServiceAccount');
      if (account) {
        const ann = annotationsOf(account);
        for (const [k, why] of SA_ANNOTATIONS) {
          if (ann[k] === undefined) continue;
          if (isExpr(ann[k])) unknown = true;
          else if (String(ann[k]).trim()) evidence.push(ev(account, `${why}: ${k}`, `metadata.annotations.${k}`));
        }
      }
      for (const u of a.users)
        for (const p of podIdentity(u)) {
          if (p.unknown) unknown = true;
          else evidence.push(ev(u, p.why, p.path));
        }
      for (const assoc of podIdentityAssociations(ctx.allFacts, a.ns, a.name)) evidence.push(ev(assoc, 'EKS Pod Identity association for this ServiceAccount'));
      // Long-lived tokens.
      for (const s of inNamespace(ctx.allFacts, 'Secret', a.ns)) {
        if (s.attributes.type !== 'kubernetes.io/service-account-token') continue;
        if (String(annotationsOf(s)['kubernetes.io/service-account.name'] ?? '') !== a.name) continue;
        out.push({
          status: 'missing',
          message: `${s.address} holds a service-account token that never expires for an account the workload's pods run as; use projected, expiring tokens instead.`,
          location: loc(s, 'type'),
          anchor: `${s.address}:type`,
        });
      }
      const first = a.users[0];
      if (!first) continue;
      if (evidence.length) {
        out.push({ status: 'met', message: 'The pods get short-lived, federated credentials.', evidence });
        continue;
      }
      const pod = podSpecs(first)[0];
      const sa = pod ? serviceAccountOf(first, pod) : 'unknown';
      const where = sa !== 'unknown' && sa.path ? loc(first, sa.path) : headerOf(first);
      if (unknown) {
        out.push({ status: 'unresolved', message: 'The workload identity settings of the pods come from template values that could not be resolved.', location: where, anchor: `${first.address}:identity` });
        continue;
      }
      out.push({
        status: 'missing',
        message: 'The pods get no short-lived federated identity: no IRSA, GKE or Azure workload identity, SPIFFE or expiring projected token was found for their ServiceAccount.',
        location: where,
        anchor: `${first.address}:identity`,
      });
    }
    return out;
  },
};

/**
 * ARG-PRC-008 in Terraform, only where the configuration of the AI workload defines a
 * Kubernetes cluster (same root module); namespaces and admission policies themselves are
 * judged by the Kubernetes detector.
 * - AKS: the Azure Policy add-on (`azure_policy_enabled = true`).
 * - GKE: Policy Controller (fleet feature or feature membership) or Binary Authorization in
 *   enforce mode.
 * - EKS: an admission policy engine installed with Terraform (`helm_release` of Gatekeeper or
 *   Kyverno).
 */
import { get, str, truth } from '../../../facts';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { hclBlock, hclLines, q } from '../tf-net-util/hcl';
import { appendBlocks, anywhere, ev, fixOf, gap, inScope, insertLines, met, setAttribute, TODO, unknown } from '../tf-net-util';
import { checksDetector } from '../compose';

const ENGINE = /(gatekeeper|kyverno)/i;

function aks(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const c of inScope(ctx, 'azurerm_kubernetes_cluster')) {
    const v = c.attributes.azure_policy_enabled;
    const t = truth(v);
    if (t === 'unknown') out.push(gap('unresolved', c, 'azure_policy_enabled', 'azure_policy', 'azure_policy_enabled is computed, so whether admission policies are enforced is unknown.'));
    else if (t === true) out.push(met('The AKS cluster runs the Azure Policy add-on.', [ev(c, 'azure_policy_enabled = true', 'azure_policy_enabled')]));
    else out.push(gap('missing', c, 'azure_policy_enabled', 'azure_policy', `The AKS cluster has no admission policy engine (${v === undefined ? 'azure_policy_enabled is not set' : 'azure_policy_enabled = false'}), so privileged or unhardened model pods can be deployed.`, [], [fixOf('Turn on the Azure Policy add-on', 'safe', [setAttribute(ctx, c, 'azure_policy_enabled', 'true')])]));
  }
}

function gke(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const features = anywhere(ctx, 'google_gke_hub_feature').filter((f) => str(f.attributes.name) === 'policycontroller');
  const memberships = anywhere(ctx, 'google_gke_hub_feature_membership').filter((m) => get(m, 'policycontroller') !== undefined || truth(get(m, 'configmanagement.policy_controller.enabled')) === true);
  for (const c of inScope(ctx, 'google_container_cluster')) {
    const mode = get(c, 'binary_authorization.evaluation_mode');
    if (features.length || memberships.length) {
      const f = features[0] ?? memberships[0];
      out.push(met('Policy Controller enforces admission policies in the fleet.', [ev(f, 'Policy Controller is enabled')]));
    } else if (unknown(mode)) out.push(gap('unresolved', c, 'binary_authorization.evaluation_mode', 'policy', 'The Binary Authorization mode is computed, so whether deployments are checked is unknown.'));
    else if (str(mode) === 'PROJECT_SINGLETON_POLICY_ENFORCE' || str(mode) === 'POLICY_BINDINGS' || str(mode) === 'POLICY_BINDINGS_AND_PROJECT_SINGLETON_POLICY_ENFORCE') out.push(met('Binary Authorization checks every deployment to the cluster.', [ev(c, `evaluation_mode = "${str(mode)}"`, 'binary_authorization.evaluation_mode')]));
    else {
      const edit = c.attributeRanges?.binary_authorization
        ? setAttribute(ctx, c, 'binary_authorization.evaluation_mode', q('PROJECT_SINGLETON_POLICY_ENFORCE'))
        : insertLines(ctx, c, undefined, ['', ...hclLines([{ block: 'binary_authorization', items: [['evaluation_mode', q('PROJECT_SINGLETON_POLICY_ENFORCE')]] }])]);
      out.push(gap('missing', c, c.attributeRanges?.binary_authorization ? 'binary_authorization.evaluation_mode' : undefined, 'policy', 'The GKE cluster enforces no admission policy: no Policy Controller and no Binary Authorization enforcement.', [], [fixOf('Enforce the project Binary Authorization policy on the cluster', 'unsafe', [edit])]));
    }
  }
}

function eks(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const clusters = inScope(ctx, 'aws_eks_cluster');
  if (clusters.length === 0) return;
  const engines = anywhere(ctx, 'helm_release').filter((h) => ENGINE.test(str(h.attributes.chart) ?? '') || ENGINE.test(str(h.attributes.name) ?? ''));
  const addons = inScope(ctx, 'aws_eks_addon').filter((a) => ENGINE.test(str(a.attributes.addon_name) ?? ''));
  for (const c of clusters) {
    const found = engines[0] ?? addons[0];
    if (found) {
      out.push(met('An admission policy engine is installed on the cluster.', [ev(found, `${str(found.attributes.chart) ?? str(found.attributes.addon_name)} is installed`, found.type === 'helm_release' ? 'chart' : 'addon_name')]));
      continue;
    }
    const block = hclBlock('resource "helm_release" "kyverno"', [
      ['name', q('kyverno')],
      ['repository', q('https://kyverno.github.io/kyverno/')],
      ['chart', q('kyverno')],
      ['namespace', q('kyverno')],
      ['create_namespace', 'true'],
      { comment: `${TODO}: pin the chart version, configure the helm provider for ${c.address}, and add ClusterPolicies in Enforce mode (for example the restricted pod-security set)` },
    ]);
    out.push(gap('missing', c, undefined, 'policy-engine', 'The EKS cluster has no admission policy engine (Gatekeeper or Kyverno) installed, so nothing stops privileged or unhardened model pods.', [], [fixOf('Install Kyverno with Helm', 'unsafe', [appendBlocks(ctx, c.file, [block])])]));
  }
}

export const tfDetector: Detector = checksDetector('tf', ['aws', 'azure', 'gcp'], aks, gke, eks);

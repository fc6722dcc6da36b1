/**
 * ARG-SUP-004 for Terraform: container images that serve models or run agents are signed and
 * the signature is checked before they run. AWS: an AWS Signer profile for container images
 * (Notation) in the scan. GCP: Binary Authorization requiring attestations (policy, Cloud Run
 * / GKE enforcement). Azure: content trust on the container registry. Fix (Azure): turn on
 * trust_policy_enabled.
 */
import { get, isExpr, str, truth } from '../../../facts';
import type { Fact, FactValue } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { ev, everywhere, header, inScope, loc, members } from '../tf-util/facts';
import { fixOf, setAttribute } from '../tf-util/fixes';
import { checksDetector } from '../compose';

/** Image-valued attributes of AI compute, by type. */
const IMAGE_PATHS: Record<string, string[]> = {
  aws_sagemaker_model: ['primary_container.image', 'container.image'],
  aws_bedrockagentcore_agent_runtime: ['agent_runtime_artifact.container_configuration.container_uri'],
  aws_lambda_function: ['image_uri'],
  google_vertex_ai_endpoint_with_model_garden_deployment: ['model_config.container_spec.image_uri'],
  google_cloud_run_v2_service: ['template.containers.image'],
};

function images(ctx: DetectorContext, prefix: string): { fact: Fact; path: string; value: FactValue }[] {
  const out: { fact: Fact; path: string; value: FactValue }[] = [];
  for (const f of members(ctx)) {
    if (!f.type.startsWith(prefix)) continue;
    for (const p of IMAGE_PATHS[f.type] ?? []) {
      const v = get(f, p);
      if (v !== undefined && v !== null) out.push({ fact: f, path: p, value: v });
    }
  }
  return out;
}

function aws(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const imgs = images(ctx, 'aws_');
  if (imgs.length === 0) return;
  const signer = everywhere(ctx, 'aws_signer_signing_profile').find((p) => /notation/i.test(str(p.attributes.platform_id) ?? ''));
  for (const i of imgs) {
    if (signer) out.push({ status: 'met', message: `Images are signed with the AWS Signer profile ${signer.address}.`, evidence: [ev(signer, 'container signing profile', 'platform_id'), ev(i.fact, 'image', i.path)] });
    else out.push({ status: 'missing', message: `The image of ${i.fact.address} is not signed: no AWS Signer (Notation) signing profile is in the scanned configuration, so nothing proves the image that runs is the one your pipeline built.`, location: loc(i.fact, i.path), anchor: `${i.fact.address}:${i.path}` });
  }
}

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const imgs = images(ctx, 'google_');
  const clusters = members(ctx, 'google_container_cluster');
  if (imgs.length === 0 && clusters.length === 0) return;
  const policy = everywhere(ctx, 'google_binary_authorization_policy')[0];
  const mode = policy ? str(get(policy, 'default_admission_rule.evaluation_mode')) : undefined;
  const enforce = policy ? str(get(policy, 'default_admission_rule.enforcement_mode')) : undefined;
  if (policy && isExpr(get(policy, 'default_admission_rule.evaluation_mode'))) {
    out.push({ status: 'unresolved', message: `The evaluation mode of ${policy.address} cannot be resolved.`, location: loc(policy, 'default_admission_rule.evaluation_mode'), anchor: `${policy.address}:mode` });
    return;
  }
  if (policy && mode === 'REQUIRE_ATTESTATION' && enforce === 'ENFORCED_BLOCK_AND_AUDIT_LOG') {
    out.push({ status: 'met', message: `${policy.address} only admits attested (signed) images.`, evidence: [ev(policy, 'REQUIRE_ATTESTATION, enforced', 'default_admission_rule.evaluation_mode')] });
    return;
  }
  if (policy) {
    out.push({
      status: 'missing',
      message: `${policy.address} does not require signed images (evaluation_mode = "${mode ?? 'unset'}", enforcement_mode = "${enforce ?? 'unset'}"), so unsigned images are admitted.`,
      location: loc(policy, 'default_admission_rule.evaluation_mode'),
      anchor: `${policy.address}:mode`,
    });
    return;
  }
  const where = imgs[0] ? loc(imgs[0].fact, imgs[0].path) : header(clusters[0]);
  out.push({ status: 'missing', message: 'No Binary Authorization policy is in the scanned configuration, so the images that serve the model are admitted without any signature or attestation check.', location: where, anchor: 'gcp:binauthz' });
}

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const regs = [...new Map([...members(ctx, 'azurerm_container_registry'), ...inScope(ctx, 'azurerm_container_registry').filter((r) => members(ctx).some((m) => (m.references ?? []).includes(r.address)))].map((r) => [r.id, r])).values()];
  for (const r of regs) {
    const v = truth(r.attributes.trust_policy_enabled);
    if (v === true) out.push({ status: 'met', message: `${r.address} enforces content trust (signed images).`, evidence: [ev(r, 'trust_policy_enabled = true', 'trust_policy_enabled')] });
    else if (v === 'unknown') out.push({ status: 'unresolved', message: `Whether ${r.address} enforces content trust cannot be resolved.`, location: loc(r, 'trust_policy_enabled'), anchor: `${r.address}:trust` });
    else
      out.push({
        status: 'missing',
        message: `${r.address} holds the workload's images but does not enforce content trust (trust_policy_enabled ${v === false ? '= false' : 'is not set'}), so unsigned images can be pulled and run.`,
        location: v === false ? loc(r, 'trust_policy_enabled') : header(r),
        anchor: `${r.address}:trust`,
        fixes: str(r.attributes.sku) === 'Premium' ? fixOf(`Enforce content trust on ${r.address}`, 'unsafe', [setAttribute(ctx, r, 'trust_policy_enabled', 'true')]) : [],
      });
  }
}

export const tfDetector: Detector = checksDetector('tf', ['aws', 'azure', 'gcp'], aws, gcp, azure);

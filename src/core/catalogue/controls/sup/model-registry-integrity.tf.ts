/**
 * ARG-SUP-002 for Terraform: served models come from a registry with versioned, integrity-
 * checked packages, and model containers are pinned by digest. AWS: SageMaker models use a
 * model package (`model_package_name`) or a model package group exists in the root module,
 * and container images are `@sha256:` digests. Azure: an Azure ML registry
 * (`Microsoft.MachineLearningServices/registries`) next to the workspace. GCP: Model Garden
 * deployments pin the serving container by digest (Vertex endpoints serve models from the
 * Vertex AI Model Registry).
 */
import { get, isExpr, isRef, str } from '../../../facts';
import type { Fact, FactValue } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { ev, header, inScope, loc, members } from '../tf-util/facts';
import { checksDetector } from '../compose';

const DIGEST = /@sha256:[0-9a-f]{64}$/;

function containersOf(f: Fact): { path: string; c: Record<string, FactValue> }[] {
  const out: { path: string; c: Record<string, FactValue> }[] = [];
  for (const key of ['primary_container', 'container']) {
    const v = f.attributes[key];
    const list = Array.isArray(v) ? v : [];
    list.forEach((c, i) => {
      if (c && typeof c === 'object' && !Array.isArray(c)) out.push({ path: i === 0 ? key : `${key}.${i}`, c: c as Record<string, FactValue> });
    });
  }
  return out;
}

function imageOutcome(f: Fact, path: string, image: FactValue | undefined, what: string): DetectorOutcome | undefined {
  if (image === undefined || image === null) return undefined;
  if (typeof image === 'string') {
    if (DIGEST.test(image)) return { status: 'met', message: `${what} of ${f.address} is pinned by digest.`, evidence: [ev(f, 'image pinned by sha256 digest', path)] };
    return { status: 'missing', message: `${what} of ${f.address} is referenced by tag (${image.split('/').pop()}), not by @sha256 digest, so a re-pushed tag silently changes what serves the model.`, location: loc(f, path), anchor: `${f.address}:${path}` };
  }
  if (isExpr(image) && /@sha256:/.test(image.$expr)) return { status: 'met', message: `${what} of ${f.address} is pinned by digest.`, evidence: [ev(f, 'image pinned by sha256 digest', path)] };
  if (isExpr(image) || isRef(image)) return { status: 'unresolved', message: `${what} of ${f.address} is set from a value that cannot be resolved, so whether it is pinned by digest cannot be seen.`, location: loc(f, path), anchor: `${f.address}:${path}` };
  return undefined;
}

function aws(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const groups = inScope(ctx, 'aws_sagemaker_model_package_group');
  for (const m of members(ctx, 'aws_sagemaker_model')) {
    const cs = containersOf(m);
    const fromPackage = cs.filter(({ c }) => c.model_package_name !== undefined && c.model_package_name !== null);
    if (fromPackage.length === 0 && groups.length === 0) {
      out.push({ status: 'missing', message: `${m.address} is not deployed from a model registry: no container uses model_package_name and no SageMaker model package group exists, so there is no versioned, approved record of which model artifact is serving.`, location: header(m), anchor: `${m.address}:registry` });
    } else {
      out.push({ status: 'met', message: `${m.address} has a model registry (${fromPackage.length ? 'model_package_name' : groups[0].address}).`, evidence: fromPackage.length ? [ev(m, 'deployed from a model package', `${fromPackage[0].path}.model_package_name`)] : [ev(groups[0], 'model package group')] });
    }
    for (const { path, c } of cs) {
      if (c.model_package_name !== undefined && c.model_package_name !== null) continue;
      const o = imageOutcome(m, `${path}.image`, c.image, 'The inference image');
      if (o) out.push(o);
    }
  }
}

const AZ_REGISTRY = /^Microsoft\.MachineLearningServices\/registries@/i;

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const ws = members(ctx, ['azurerm_machine_learning_workspace', 'azurerm_ai_foundry']);
  if (ws.length === 0) return;
  const reg = inScope(ctx, 'azapi_resource').find((r) => AZ_REGISTRY.test(str(r.attributes.type) ?? ''));
  for (const w of ws) {
    if (reg) out.push({ status: 'met', message: `${reg.address} is an Azure ML registry for the workspace's models.`, evidence: [ev(reg, 'Azure ML registry', 'type')] });
    else out.push({ status: 'missing', message: `No Azure ML registry is defined next to ${w.address}, so models are promoted without a shared, versioned registry that records their lineage and hashes.`, location: header(w), anchor: `${w.address}:registry` });
  }
}

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const d of members(ctx, 'google_vertex_ai_endpoint_with_model_garden_deployment')) {
    const o = imageOutcome(d, 'model_config.container_spec.image_uri', get(d, 'model_config.container_spec.image_uri'), 'The serving container');
    if (o) out.push(o);
  }
  for (const e of members(ctx, 'google_vertex_ai_endpoint')) out.push({ status: 'met', message: `${e.address} serves models registered in the Vertex AI Model Registry.`, evidence: [ev(e, 'Vertex AI endpoint')] });
}

export const tfDetector: Detector = checksDetector('tf', ['aws', 'azure', 'gcp'], aws, azure, gcp);

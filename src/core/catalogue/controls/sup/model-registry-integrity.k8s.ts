/**
 * ARG-SUP-002 for Kubernetes: model-server, agent, notebook and Ray images are referenced by
 * `@sha256:` digest, so what runs is the image that was tested. No quick-fix: a digest cannot
 * be invented; resolve it with `crane digest` / `docker buildx imagetools inspect` or let
 * Renovate / kustomize `images[].digest` pin it.
 */
import type { Detector, DetectorOutcome } from '../../types';
import { containers, ev, isAiCrd, isExpr, loc, rolesOf } from '../k8s-util/workload';
import type { Fact } from '../../../model';

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const f of ctx.facts) {
      if (f.kind !== 'k8s-object') continue;
      const aiPod = isAiCrd(f) || rolesOf(f).size > 0;
      if (!aiPod) continue;
      // Every container of a pod that serves a model or runs an agent, sidecars included: they run in the same trust boundary.
      for (const c of containers(f)) out.push(...judgeImage(f, c.path, c.container.image, String(c.container.name ?? '?')));
    }
    return out;
  },
};

function judgeImage(f: Fact, path: string, image: unknown, name: string): DetectorOutcome[] {
  if (image === undefined) return [];
  if (isExpr(image as never)) return [{ status: 'unresolved', message: `The image of container ${name} in ${f.address} is a template value that could not be resolved.`, location: loc(f, `${path}.image`), anchor: `${f.address}:${name}:image` }];
  if (typeof image !== 'string') return [];
  if (/@sha256:[a-f0-9]{64}$/.test(image)) return [{ status: 'met', message: `Container ${name} in ${f.address} is pinned by digest.`, evidence: [ev(f, 'image pinned by @sha256 digest', `${path}.image`)] }];
  const tag = /:([^/:@]+)$/.exec(image)?.[1];
  return [{
    status: 'missing',
    message: tag ? `Container ${name} in ${f.address} uses the image tag ${tag}, which can be moved to other content; pin the image by @sha256 digest.` : `Container ${name} in ${f.address} names its image without a tag or digest (implicitly latest); pin it by @sha256 digest.`,
    location: loc(f, `${path}.image`),
    anchor: `${f.address}:${name}:image`,
  }];
}

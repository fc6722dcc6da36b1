/**
 * ARG-IAM-002 for Kubernetes and Helm: no credential literal in env values, args or other
 * fields of the workload's objects and chart values. The reader redacts such values and
 * emits `secret` facts; this detector names their kind and place, never the value. Literal
 * data of Secret objects is ARG-IAM-003's concern (a Secret is the right holder, the
 * repository is not).
 */
import type { Detector, DetectorOutcome } from '../../types';
import { secretLiterals } from '../k8s-util/secrets';
import { podRunners } from '../k8s-util/workload';

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const s of secretLiterals(ctx)) {
      if (s.owner?.type === 'Secret') continue;
      const how = s.env
        ? 'Use workload identity where the provider supports it; otherwise reference a Secret (valueFrom.secretKeyRef) and rotate this key.'
        : 'Remove it from the file, rotate it and let the workload obtain it from its identity or a Secret reference.';
      out.push({
        status: 'missing',
        message: `A literal ${s.kind} is written in ${s.where}. ${how}`,
        location: { file: s.fact.file, range: s.fact.range },
        anchor: `${s.ownerAddress}:${s.path}`,
      });
    }
    if (out.length) return out;
    const runners = podRunners(ctx);
    if (!runners.length) return [];
    return [{ status: 'met', message: 'No credential literal was found in the workload\'s manifests.', evidence: runners.map((f) => ({ file: f.file, range: f.nameRange ?? f.range, why: `${f.address} carries no literal credential`, factId: f.id })) }];
  },
};

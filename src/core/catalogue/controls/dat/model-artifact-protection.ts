/** ARG-DAT-004: Model weights and artefacts protected. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './model-artifact-protection.k8s';
import { tfDetector } from './model-artifact-protection.tf';

export const control: ControlDef = {
  id: 'ARG-DAT-004',
  slug: 'model-artifact-protection',
  title: 'Model weights and artefacts protected',
  dimension: 'DAT',
  threshold: 'L7',
  zone: 'high-assurance',
  provisions: ['5.2.1-4.2', '5.2.1-4'],
  owasp: ['LLM02:2025'],
  seenIn: ['tf', 'k8s'],
  implementations: {
    aws: 'Keep weights in private, KMS-encrypted S3 buckets with a public access block; no public ACLs or bucket policies with a wildcard principal.',
    azure: 'Keep weights in storage accounts with public blob access disabled and private endpoints.',
    gcp: 'Keep weights in buckets with public_access_prevention = "enforced" and uniform bucket-level access.',
    k8s: 'Mount model volumes read-only; no hostPath or world-readable shared volumes for weights.',
  },
  rationale:
    'Model weights are the product of expensive training and may memorise training data. A public bucket or a shared volume hands both to anyone who finds it.',
  remediation:
    'Make artefact stores private and encrypted. Block public access at account or project level. Mount weights read-only into serving pods.',
  detectors: [k8sDetector, tfDetector],
};

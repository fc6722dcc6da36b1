/** ARG-SUP-002: Model registry with integrity (digests, versioned packages). */
import type { ControlDef } from '../../types';
import { k8sDetector } from './model-registry-integrity.k8s';
import { tfDetector } from './model-registry-integrity.tf';

export const control: ControlDef = {
  id: 'ARG-SUP-002',
  slug: 'model-registry-integrity',
  title: 'Model registry with integrity (digests, versioned packages)',
  dimension: 'SUP',
  threshold: 'L6',
  zone: 'advanced',
  provisions: ['5.2.3-1', '5.2.4-1.2', '5.2.1-2', '5.2.1-3.1'],
  owasp: ['LLM03:2025', 'LLM04:2025'],
  seenIn: ['tf', 'k8s'],
  implementations: {
    aws: 'Register models in a SageMaker model package group with approval status, and record the SHA-256 of each artefact.',
    azure: 'Publish models to an Azure ML registry with versioned assets and recorded hashes.',
    gcp: 'Register models in Vertex AI Model Registry with versions and aliases, recording artefact digests.',
    k8s: 'Reference serving images by @sha256 digest, not by mutable tag, and load model files whose digest is checked at start-up.',
  },
  rationale:
    'Without a registry nobody can say which model version is serving or prove it is the one that was tested. Digests and versions make tampering visible and rollback possible.',
  remediation:
    'Register every deployable model with a version. Record and verify SHA-256 digests. Pin serving images by digest.',
  playbookControl: 'Model registry & integrity',
  detectors: [k8sDetector, tfDetector],
};

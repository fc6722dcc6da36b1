/** ARG-DAT-001: Encryption with customer-managed keys and rotation. */
import type { ControlDef } from '../../types';
import { tfDetector } from './encryption-key-management.tf';

export const control: ControlDef = {
  id: 'ARG-DAT-001',
  slug: 'encryption-key-management',
  title: 'Encryption with customer-managed keys and rotation',
  dimension: 'DAT',
  threshold: 'L1',
  zone: 'foundational',
  provisions: ['5.2.1-4', '5.2.1-4.2', '5.2.2-1'],
  owasp: ['LLM02:2025'],
  seenIn: ['tf'],
  implementations: {
    aws: 'Encrypt buckets, notebooks, endpoints and training jobs with a KMS customer-managed key (kms_key_arn, kms_key_id, SSE-KMS) and set enable_key_rotation = true.',
    azure: 'Use Key Vault customer-managed keys (customer_managed_key blocks) on storage, Cognitive Services and Azure ML workspaces, with a rotation policy on the key.',
    gcp: 'Set encryption_spec or default CMEK with a Cloud KMS key on Vertex AI datasets, endpoints and buckets, and give the key a rotation_period.',
  },
  rationale:
    'Prompts, embeddings, training data and model artefacts are sensitive. A key the organisation controls lets it audit use, revoke access and crypto-shred at end of life, which provider-managed keys do not allow.',
  remediation:
    'Create a customer-managed key with rotation. Reference it from every store and AI resource that holds data. Restrict the key policy to the workload identities that need it.',
  playbookControl: 'Encryption & key management',
  detectors: [tfDetector],
};

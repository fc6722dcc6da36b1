/** ARG-PRC-007: Secure decommissioning of data, keys and models. */
import type { ControlDef } from '../../types';
import { tfDetector } from './secure-decommissioning.tf';

export const control: ControlDef = {
  id: 'ARG-PRC-007',
  slug: 'secure-decommissioning',
  title: 'Secure decommissioning of data, keys and models',
  dimension: 'PRC',
  threshold: 'L6',
  zone: 'advanced',
  provisions: ['5.5.1-2', '5.5.1-1'],
  owasp: ['LLM02:2025'],
  seenIn: ['tf'],
  implementations: {
    aws: 'Set deletion_window_in_days on KMS keys, lifecycle rules that expire data on S3, and delete agent roles when an agent is retired.',
    azure: 'Enable purge_protection_enabled and soft_delete_retention_days on Key Vault, set retention policies on storage, and remove managed identities of retired agents.',
    gcp: 'Use destroy_scheduled_duration on Cloud KMS keys, retention policies with lock on buckets, and delete retired service accounts.',
  },
  rationale:
    'Retired models and datasets left behind keep their value to an attacker and their obligations to the organisation. Planned expiry and key destruction make deletion real and provable.',
  remediation:
    'Define retention for training data and model artefacts. Configure deletion windows and lifecycle expiry. Remove identities and keys of retired workloads.',
  playbookControl: 'Secure decommissioning',
  detectors: [tfDetector],
};

/** ARG-MON-002: Audit logging with 12-month retention. */
import type { ControlDef } from '../../types';
import { tfDetector } from './audit-logging.tf';

export const control: ControlDef = {
  id: 'ARG-MON-002',
  slug: 'audit-logging',
  title: 'Audit logging with 12-month retention',
  dimension: 'MON',
  threshold: 'L1',
  zone: 'foundational',
  provisions: ['5.4.2-1', '5.1.2-3'],
  owasp: [],
  seenIn: ['tf', 'k8s'],
  implementations: {
    aws: 'Run a multi-region CloudTrail, enable Bedrock model-invocation logging, and keep log groups and buckets for at least 365 days.',
    azure: 'Send diagnostic settings of AI resources to a Log Analytics workspace with retention of at least 365 days (or archive).',
    gcp: 'Enable Data Access audit logs for aiplatform.googleapis.com and keep log buckets for at least 365 days.',
    k8s: 'Enable API-server audit logging with a policy that records requests in AI namespaces and ship it to retained storage.',
  },
  rationale:
    'Investigations of AI incidents need to know who asked what and what the system did, often months later. Without a year of logs most incidents cannot be reconstructed.',
  remediation:
    'Enable audit and invocation logs for the AI services. Set retention to at least 365 days. Protect the log store from deletion by the workload.',
  detectors: [tfDetector],
};

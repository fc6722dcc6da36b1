/** ARG-IAM-002: Credential hygiene: no static keys. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './credential-hygiene.k8s';
import { ppDetector } from './credential-hygiene.pp';
import { tfDetector } from './credential-hygiene.tf';
import { codeDetector } from './credential-hygiene.code';
import { ciDetector } from './credential-hygiene.ci';

export const control: ControlDef = {
  id: 'ARG-IAM-002',
  slug: 'credential-hygiene',
  title: 'Credential hygiene: no static keys',
  dimension: 'IAM',
  threshold: 'L1',
  zone: 'foundational',
  provisions: ['5.2.1-2', '5.2.2-1'],
  owasp: ['LLM02:2025', 'ASI03'],
  seenIn: ['tf', 'k8s', 'pp', 'code'],
  implementations: {
    aws: 'Use IAM roles (instance profiles, IRSA, execution roles); no aws_iam_access_key resources and no access keys in variables or code.',
    azure: 'Use managed identities and set local_auth_enabled = false on Azure OpenAI and Cognitive Services accounts so API keys stop working.',
    gcp: 'Use attached service accounts or workload identity; no google_service_account_key resources or exported JSON keys.',
    k8s: 'Do not put API keys in plain env values of Pods or Deployments; mount them from a Secret or use workload identity.',
    powerplatform: 'Use connection references with OAuth or managed identity; never paste an API key into an HTTP action or an environment variable of type text.',
    code: 'Create AI clients without a literal key; let the SDK pick up the platform identity or read the key from a vault at run time.',
  },
  rationale:
    'Long-lived keys leak through repositories, logs and flow exports, and whoever holds one acts as the workload. Platform identities are rotated by the cloud and can be revoked in one place.',
  remediation:
    'Delete static access keys and key-based auth on AI services. Switch clients to role, managed identity or workload identity. Rotate any key that has ever been committed.',
  playbookControl: 'Credential hygiene',
  detectors: [k8sDetector, ppDetector, tfDetector, codeDetector, ciDetector],
};

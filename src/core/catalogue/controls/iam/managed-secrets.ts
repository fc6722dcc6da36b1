/** ARG-IAM-003: Secrets held in a managed vault and referenced. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './managed-secrets.k8s';
import { ppDetector } from './managed-secrets.pp';
import { tfDetector } from './managed-secrets.tf';
import { codeDetector } from './managed-secrets.code';
import { ciDetector } from './managed-secrets.ci';

export const control: ControlDef = {
  id: 'ARG-IAM-003',
  slug: 'managed-secrets',
  title: 'Secrets held in a managed vault and referenced',
  dimension: 'IAM',
  threshold: 'L3',
  zone: 'standard',
  provisions: ['5.2.1-4', '5.2.2-1'],
  owasp: ['LLM02:2025'],
  seenIn: ['tf', 'k8s', 'pp', 'code'],
  implementations: {
    aws: 'Keep model-provider keys in Secrets Manager or SSM SecureString and reference them by ARN from Lambda, ECS or Bedrock configuration.',
    azure: 'Keep secrets in Key Vault and use Key Vault references in App Service and Functions settings.',
    gcp: 'Keep secrets in Secret Manager and mount them as secret environment variables or volumes in Cloud Run and GKE.',
    k8s: 'Use valueFrom.secretKeyRef or an external-secrets operator; no credential literals in manifests or Helm values.',
    powerplatform: 'Use environment variables of type secret backed by Azure Key Vault instead of text variables.',
    code: 'Read secrets from the vault client or the injected environment at run time; never hard-code them.',
  },
  rationale:
    'Automations and services that call AI APIs need credentials somewhere. A vault keeps them out of source and exports, records who read them and lets them be rotated without a redeploy.',
  remediation:
    'Move each inlined secret into the cloud vault. Replace the literal with a reference. Rotate the exposed value and remove it from history.',
  detectors: [k8sDetector, ppDetector, tfDetector, codeDetector, ciDetector],
};

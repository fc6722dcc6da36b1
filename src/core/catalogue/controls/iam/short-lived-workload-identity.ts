/** ARG-IAM-006: Short-lived, verified workload identity between agents. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './short-lived-workload-identity.k8s';
import { tfDetector } from './short-lived-workload-identity.tf';

export const control: ControlDef = {
  id: 'ARG-IAM-006',
  slug: 'short-lived-workload-identity',
  title: 'Short-lived, verified workload identity between agents',
  dimension: 'IAM',
  threshold: 'L8',
  zone: 'high-assurance',
  provisions: ['5.2.2-1', '5.2.1-2'],
  owasp: ['ASI03', 'ASI07'],
  seenIn: ['k8s', 'tf'],
  implementations: {
    aws: 'Use IRSA or EKS Pod Identity so agents get short-lived STS credentials; no long-lived tokens shared between agents.',
    azure: 'Use workload identity federation for AKS pods; agents exchange Entra tokens instead of stored secrets.',
    gcp: 'Use GKE Workload Identity or workload identity federation; no exported service-account keys between services.',
    k8s: 'Issue SPIFFE identities (SPIRE or a mesh) or projected, audience-bound service-account tokens with a short expiry; no static bearer tokens in Secrets.',
  },
  rationale:
    'In a multi-agent system every call between agents is a trust decision. Credentials that expire in minutes and are bound to a verified workload stop a stolen token from opening lateral paths for long.',
  remediation:
    'Federate each agent workload with the cloud identity provider. Replace static inter-agent tokens with short-lived ones. Verify the caller identity on every agent-to-agent call.',
  detectors: [k8sDetector, tfDetector],
};

/** ARG-IAM-001: Identity and access control for AI resources. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './identity-access-control.k8s';
import { tfDetector } from './identity-access-control.tf';

export const control: ControlDef = {
  id: 'ARG-IAM-001',
  slug: 'identity-access-control',
  title: 'Identity and access control for AI resources',
  dimension: 'IAM',
  threshold: 'L1',
  zone: 'foundational',
  provisions: ['5.2.2-1', '5.1.2-6', '5.2.1-2'],
  owasp: ['LLM02:2025', 'ASI03'],
  seenIn: ['tf', 'k8s'],
  implementations: {
    aws: 'Manage human access through IAM Identity Center with MFA and use SCPs to stop broad grants on Bedrock and SageMaker; no IAM users with console access to AI services.',
    azure: 'Require Entra ID Conditional Access with MFA for AI apps and Copilot licences, and make privileged roles eligible through PIM instead of permanent.',
    gcp: 'Use Cloud Identity with context-aware access and organisation policies; grant Vertex AI roles to groups, never allUsers or allAuthenticatedUsers.',
    k8s: 'Bind people in AI namespaces to namespaced Roles; no ClusterRoleBinding to cluster-admin for users or groups that reach model workloads.',
  },
  rationale:
    'AI features surface whatever their users can already reach, only faster. Single sign-on, MFA and narrow human roles keep an AI assistant or endpoint from becoming a shortcut around the access model.',
  remediation:
    'Route human access through the identity provider with MFA. Replace wildcard or administrator grants on AI resources with scoped roles. Make privileged access time-bound and approved.',
  playbookControl: 'Identity & access control',
  detectors: [k8sDetector, tfDetector],
};

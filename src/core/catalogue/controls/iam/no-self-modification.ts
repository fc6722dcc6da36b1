/** ARG-IAM-005: Agents cannot change their own identity, policies or trust. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './no-self-modification.k8s';
import { tfDetector } from './no-self-modification.tf';

export const control: ControlDef = {
  id: 'ARG-IAM-005',
  slug: 'no-self-modification',
  title: 'Agents cannot change their own identity, policies or trust',
  dimension: 'IAM',
  threshold: 'L5',
  zone: 'advanced',
  provisions: ['5.1.2-6', '5.2.2-1'],
  owasp: ['ASI03', 'ASI10'],
  seenIn: ['tf', 'k8s'],
  implementations: {
    aws: 'The agent role holds no iam:*, iam:Put*, iam:Attach*, iam:CreatePolicyVersion, iam:UpdateAssumeRolePolicy or sts:* on itself or on other roles.',
    azure: 'The agent identity holds no Microsoft.Authorization/*/write (role assignments, role definitions, policy) at any scope.',
    gcp: 'The agent service account holds no setIamPolicy permission and no iam.serviceAccounts.* (keys, token creation, actAs) on itself or others.',
    k8s: 'The agent ServiceAccount has no create, update, patch, bind or escalate verbs on roles, rolebindings, clusterroles or clusterrolebindings.',
  },
  rationale:
    'An agent that can edit its own permissions or trust can grant itself anything, which defeats every other identity control. This invariant must hold on every cloud the agent touches.',
  remediation:
    'Remove identity-administration permissions from agent identities. If an agent must manage identities, move that action behind a human-approved pipeline. Add a boundary or deny policy that blocks it permanently.',
  detectors: [k8sDetector, tfDetector],
};

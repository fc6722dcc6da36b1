/** ARG-IAM-004: One identity per agent with a permission boundary. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './per-agent-identity.k8s';
import { tfDetector } from './per-agent-identity.tf';

export const control: ControlDef = {
  id: 'ARG-IAM-004',
  slug: 'per-agent-identity',
  title: 'One identity per agent with a permission boundary',
  dimension: 'IAM',
  threshold: 'L5',
  zone: 'advanced',
  provisions: ['5.1.2-6', '5.2.2-1', '5.2.1-2'],
  owasp: ['ASI03', 'LLM06:2025'],
  seenIn: ['tf', 'k8s'],
  implementations: {
    aws: 'Give every agent its own IAM role with a permissions_boundary that caps what any later policy can grant.',
    azure: 'Give every agent a user-assigned managed identity and use deny assignments or narrow custom roles to cap it.',
    gcp: 'Give every agent its own service account and use IAM deny policies to block what it must never do.',
    k8s: 'Run each agent under its own ServiceAccount, bound to its own Role; never the namespace default account.',
  },
  rationale:
    'When agents share an identity, a compromise of one gives the attacker the union of all their permissions and the audit trail cannot tell them apart. A boundary per agent keeps the blast radius to one agent.',
  remediation:
    'Create a dedicated identity for each agent. Attach a permission boundary or deny policy. Remove shared or default identities from agent workloads.',
  playbookControl: 'Per-agent identity',
  detectors: [k8sDetector, tfDetector],
};

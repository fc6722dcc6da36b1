/** ARG-PRC-003: Automated kill switch. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './kill-switch.k8s';
import { tfDetector } from './kill-switch.tf';

export const control: ControlDef = {
  id: 'ARG-PRC-003',
  slug: 'kill-switch',
  title: 'Automated kill switch',
  dimension: 'PRC',
  threshold: 'L5',
  zone: 'advanced',
  provisions: ['5.1.4-3', '5.2.2-5'],
  owasp: ['ASI10', 'ASI08'],
  seenIn: ['tf', 'k8s'],
  implementations: {
    aws: 'Wire an alarm (CloudWatch, SNS) to automation that attaches an explicit-deny policy to the agent role and swaps its security group to a deny-all one.',
    azure: 'Automate revoking the agent identity\'s sessions and role assignments in Entra ID and applying a deny-all NSG.',
    gcp: 'Automate an IAM deny policy on the agent service account, a deny firewall rule and revocation of its workload identity binding.',
    k8s: 'Prepare a scale-to-zero and a deny-all NetworkPolicy that automation or an operator can apply to the agent namespace at once.',
  },
  rationale:
    'An agent acting wrongly at machine speed does its damage before a person finishes reading the alert. A tested, automated way to cut its identity and network stops it within seconds.',
  remediation:
    'Define the trigger conditions. Automate the deny policy and network isolation for the agent. Test the switch regularly and document how to restore.',
  playbookControl: 'Automated kill switch',
  detectors: [tfDetector, k8sDetector],
};

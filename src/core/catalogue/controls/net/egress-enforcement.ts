/** ARG-NET-003: Egress enforcement for AI workloads. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './egress-enforcement.k8s';
import { tfDetector } from './egress-enforcement.tf';

export const control: ControlDef = {
  id: 'ARG-NET-003',
  slug: 'egress-enforcement',
  title: 'Egress enforcement for AI workloads',
  dimension: 'NET',
  threshold: 'L3',
  zone: 'standard',
  provisions: ['5.2.2-1', '5.1.2-6', '5.2.1-4'],
  owasp: ['LLM02:2025', 'ASI02'],
  seenIn: ['tf', 'k8s'],
  implementations: {
    aws: 'Send outbound traffic through AWS Network Firewall with a domain allowlist, or allow only VPC endpoints; no 0.0.0.0/0 egress rules on AI security groups.',
    azure: 'Force outbound traffic through Azure Firewall with a user-defined route; on Cognitive Services set outbound_network_access_restricted = true with an fqdns list.',
    gcp: 'Use Cloud NAT with egress firewall rules that deny by default and allow named destinations.',
    k8s: 'Apply a NetworkPolicy with policyTypes Egress that denies by default in AI namespaces and allows only the endpoints needed.',
  },
  rationale:
    'A manipulated model or agent that can reach any host can exfiltrate data or pull attacker content. Restricting where traffic may go turns a successful injection into a blocked connection.',
  remediation:
    'Define the destinations the workload needs. Deny all other egress at the firewall or network policy. Log denied connections.',
  playbookControl: 'Egress enforcement',
  detectors: [tfDetector, k8sDetector],
};

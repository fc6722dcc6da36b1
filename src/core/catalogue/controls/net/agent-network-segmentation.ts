/** ARG-NET-007: Segmented network for agent runtimes. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './agent-network-segmentation.k8s';
import { tfDetector } from './agent-network-segmentation.tf';

export const control: ControlDef = {
  id: 'ARG-NET-007',
  slug: 'agent-network-segmentation',
  title: 'Segmented network for agent runtimes',
  dimension: 'NET',
  threshold: 'L5',
  zone: 'advanced',
  provisions: ['5.2.2-1', '5.1.2-6'],
  owasp: ['ASI03', 'ASI07'],
  seenIn: ['tf', 'k8s'],
  implementations: {
    aws: 'Run agent compute in private subnets with no public IP and security groups that accept traffic only from the gateway or calling service.',
    azure: 'Place agent apps in a delegated subnet with an NSG that allows inbound only from the gateway subnet.',
    gcp: 'Run agents in a VPC without external IPs and with ingress firewall rules limited to the load balancer and named service accounts.',
    k8s: 'Apply a default-deny ingress NetworkPolicy in agent namespaces and allow only the callers that need each agent.',
  },
  rationale:
    'Agents that can be reached from anywhere in the network can be driven by anything that gets a foothold there. Segmenting them narrows who can send instructions to an agent at all.',
  remediation:
    'Move agent runtimes into private subnets or namespaces. Deny inbound traffic by default. Allow only the gateway and the services that call the agent.',
  detectors: [tfDetector, k8sDetector],
};

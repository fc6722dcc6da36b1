/** ARG-NET-005: Mutual TLS between services and agents. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './mtls.k8s';
import { tfDetector } from './mtls.tf';

export const control: ControlDef = {
  id: 'ARG-NET-005',
  slug: 'mtls',
  title: 'Mutual TLS between services and agents',
  dimension: 'NET',
  threshold: 'L7',
  zone: 'high-assurance',
  provisions: ['5.2.2-1', '5.2.1-2'],
  owasp: ['ASI07'],
  seenIn: ['k8s', 'tf'],
  implementations: {
    aws: 'Use App Mesh (or a mesh on EKS) with certificates from ACM Private CA and TLS mode STRICT between agents.',
    azure: 'Enable the AKS Istio-based service mesh add-on with a PeerAuthentication in STRICT mode.',
    gcp: 'Use Anthos / Cloud Service Mesh with STRICT mTLS for the agent namespaces.',
    k8s: 'Apply an Istio PeerAuthentication with mtls.mode STRICT (or the Linkerd equivalent) to every namespace that runs agents or model servers.',
  },
  rationale:
    'Agents and model servers talk to one another over the cluster network. Without mutual TLS a compromised pod can impersonate or eavesdrop on any of them.',
  remediation:
    'Install a service mesh or enable the managed one. Set mTLS to STRICT for the AI namespaces. Authorise calls by workload identity.',
  playbookControl: 'mTLS between agents',
  detectors: [tfDetector, k8sDetector],
};

/** ARG-PRC-008: Workload policy enforcement. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './workload-policy.k8s';
import { tfDetector } from './workload-policy.tf';

export const control: ControlDef = {
  id: 'ARG-PRC-008',
  slug: 'workload-policy',
  title: 'Workload policy enforcement',
  dimension: 'PRC',
  threshold: 'L7',
  zone: 'high-assurance',
  provisions: ['5.1.3-1', '5.2.2-3'],
  owasp: ['ASI05'],
  seenIn: ['k8s', 'tf'],
  implementations: {
    aws: 'Label EKS namespaces for Pod Security Admission restricted and run OPA Gatekeeper or Kyverno policies.',
    azure: 'Enable the Azure Policy add-on for AKS (azure_policy_enabled) with the restricted pod security initiative.',
    gcp: 'Use GKE Pod Security Admission labels and Policy Controller (OPA Gatekeeper).',
    k8s: 'Label model-serving namespaces pod-security.kubernetes.io/enforce: restricted and deploy Gatekeeper constraints or Kyverno ClusterPolicies in enforce mode.',
  },
  rationale:
    'Model servers often need GPUs and special drivers, which tempts teams into privileged pods. Policy enforced at admission makes the secure configuration the only one that can be deployed.',
  remediation:
    'Enforce the restricted Pod Security level on AI namespaces. Deploy an admission policy engine in enforce mode. Grant exceptions narrowly and on record.',
  playbookControl: 'Workload policy enforcement',
  detectors: [tfDetector, k8sDetector],
};

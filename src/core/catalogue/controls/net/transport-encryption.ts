/** ARG-NET-006: Encrypted transport (TLS 1.2 or later) to AI services and data. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './transport-encryption.k8s';
import { tfDetector } from './transport-encryption.tf';

export const control: ControlDef = {
  id: 'ARG-NET-006',
  slug: 'transport-encryption',
  title: 'Encrypted transport (TLS 1.2 or later) to AI services and data',
  dimension: 'NET',
  threshold: 'L1',
  zone: 'foundational',
  provisions: ['5.2.1-4', '5.2.2-1'],
  owasp: ['LLM02:2025'],
  seenIn: ['tf', 'k8s'],
  implementations: {
    aws: 'Deny non-TLS access to buckets that hold prompts or data (aws:SecureTransport = false in the bucket policy) and use TLS 1.2 security policies on load balancers and API Gateway domains.',
    azure: 'Set min_tls_version = "TLS1_2" and https_traffic_only_enabled on storage accounts, and https_only on App Service and Function apps that call AI services.',
    gcp: 'Use SSL policies with min_tls_version TLS_1_2 on load balancers and require SSL on Cloud SQL instances holding AI data.',
    k8s: 'Terminate TLS on every ingress that serves an AI application (spec.tls set) and do not serve it over plain HTTP.',
  },
  rationale:
    'Prompts and completions carry the same sensitive content as the data behind them. Plain or outdated transport lets anyone on the path read or change them.',
  remediation:
    'Enforce TLS 1.2 or later on every endpoint and store the workload uses. Redirect or refuse plain HTTP. Remove legacy TLS policies.',
  detectors: [tfDetector, k8sDetector],
};

/** ARG-NET-002: API gateway with authentication and rate limits in front of AI APIs. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './api-gateway-rate-limit.k8s';
import { tfDetector } from './api-gateway-rate-limit.tf';

export const control: ControlDef = {
  id: 'ARG-NET-002',
  slug: 'api-gateway-rate-limit',
  title: 'API gateway with authentication and rate limits in front of AI APIs',
  dimension: 'NET',
  threshold: 'L3',
  zone: 'standard',
  provisions: ['5.2.2-2', '5.1.2-2', '5.2.2-1'],
  owasp: ['LLM10:2025'],
  seenIn: ['tf', 'k8s'],
  implementations: {
    aws: 'Front the AI API with API Gateway, an authoriser, a usage plan with throttling and an associated WAF web ACL.',
    azure: 'Front Azure OpenAI with API Management using rate-limit-by-key or token-limit policies and a WAF on Application Gateway or Front Door.',
    gcp: 'Front the model with Apigee quotas and spike arrest, and Cloud Armor rate-based rules on the load balancer.',
    k8s: 'Set rate-limit annotations on the ingress (for example nginx limit-rps) and require authentication at the ingress or gateway.',
  },
  rationale:
    'Unthrottled AI APIs invite abuse, cost blow-ups and bulk querying. A gateway gives one place to authenticate callers, meter them and block patterns the model itself cannot see.',
  remediation:
    'Put a gateway in front of every AI API that serves other parties. Require authentication. Add per-client quotas and a WAF.',
  playbookControl: 'API gateway & rate limiting',
  detectors: [tfDetector, k8sDetector],
};

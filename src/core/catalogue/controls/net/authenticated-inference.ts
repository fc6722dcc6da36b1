/** ARG-NET-004: Authenticated inference endpoints. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './authenticated-inference.k8s';
import { tfDetector } from './authenticated-inference.tf';

export const control: ControlDef = {
  id: 'ARG-NET-004',
  slug: 'authenticated-inference',
  title: 'Authenticated inference endpoints',
  dimension: 'NET',
  threshold: 'L7',
  zone: 'high-assurance',
  provisions: ['5.2.2-1', '5.2.2-2'],
  owasp: ['LLM10:2025'],
  seenIn: ['k8s', 'tf'],
  implementations: {
    aws: 'Invoke SageMaker endpoints only with SigV4 through IAM; put any custom serving behind an authenticated load balancer.',
    azure: 'Use auth_mode = "aad" or key auth on Azure ML online endpoints and set local_auth_enabled = false on Cognitive Services in favour of Entra ID.',
    gcp: 'Keep Vertex AI endpoints private or IAM-protected; no allUsers invoker on Cloud Run model services.',
    k8s: 'Start vLLM with --api-key, enable KServe authentication, never bind Ollama with OLLAMA_HOST=0.0.0.0 behind a public Service.',
  },
  rationale:
    'A model server answering anonymous requests can be queried for extraction, used for free compute or fed adversarial inputs at scale. Nothing should serve a model without checking who is asking.',
  remediation:
    'Turn on the serving stack\'s authentication. Expose model servers only through an authenticated gateway. Remove public LoadBalancer or NodePort services from model pods.',
  detectors: [tfDetector, k8sDetector],
};

/** ARG-NET-001: Private service isolation for AI services. */
import type { ControlDef } from '../../types';
import { tfDetector } from './private-service-isolation.tf';

export const control: ControlDef = {
  id: 'ARG-NET-001',
  slug: 'private-service-isolation',
  title: 'Private service isolation for AI services',
  dimension: 'NET',
  threshold: 'L3',
  zone: 'standard',
  provisions: ['5.2.2-1', '5.2.2-3', '5.2.1-4'],
  owasp: ['LLM02:2025'],
  seenIn: ['tf'],
  implementations: {
    aws: 'Reach Bedrock, SageMaker and their data stores through interface VPC endpoints (PrivateLink); keep endpoints and notebooks in private subnets.',
    azure: 'Put Private Endpoints in front of Azure OpenAI, AI Search and storage and set public_network_access_enabled = false, or a network ACL with default action Deny.',
    gcp: 'Use Private Service Connect to reach Vertex AI and wrap the project in a VPC Service Controls perimeter that restricts aiplatform.googleapis.com.',
  },
  rationale:
    'A model API on the public internet can be reached by anyone holding a credential, from anywhere. Private paths make the network itself a second check on every call.',
  remediation:
    'Create private endpoints for the AI services the workload uses. Disable public network access on the AI resources. Route the workload traffic through the private path.',
  playbookControl: 'Private service isolation',
  detectors: [tfDetector],
};

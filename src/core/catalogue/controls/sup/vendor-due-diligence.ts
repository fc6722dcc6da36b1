/** ARG-SUP-003: Due diligence on model providers and AI components. */
import type { ControlDef } from '../../types';

export const control: ControlDef = {
  id: 'ARG-SUP-003',
  slug: 'vendor-due-diligence',
  title: 'Due diligence on model providers and AI components',
  dimension: 'SUP',
  threshold: 'L4',
  zone: 'standard',
  provisions: ['5.1.2-4', '5.1.2-7', '5.1.3-3', '5.2.3-2', '5.2.3-2.1', '5.2.2-6'],
  owasp: ['LLM03:2025', 'ASI04'],
  seenIn: ['register', 'evidence'],
  implementations: {
    aws: 'Record the Bedrock or Marketplace model providers in use, their terms and data-use settings, and the assessment behind each.',
    azure: 'Record the Azure OpenAI and model-catalogue models in use, the data-processing terms and the assessment behind each.',
    gcp: 'Record the Vertex AI Model Garden models in use, their licences and data-governance terms, and the assessment behind each.',
    code: 'List third-party models, MCP servers and plugins the code loads, with a justification for any that are poorly documented.',
  },
  rationale:
    'Services that call external models hand data and trust to another party. A recorded assessment of each provider and a justification for weakly documented components make that choice deliberate and reviewable.',
  remediation:
    'List every external model, provider and AI component the workload uses. Assess each against the organisation\'s criteria, including contract terms. Link the assessment in the register.',
  detectors: [],
};

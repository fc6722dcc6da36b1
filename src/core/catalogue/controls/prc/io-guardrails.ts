/** ARG-PRC-004: Guardrails on model and agent input and output. */
import type { ControlDef } from '../../types';
import { codeDetector } from './io-guardrails.code';
import { tfDetector } from './io-guardrails.tf';

export const control: ControlDef = {
  id: 'ARG-PRC-004',
  slug: 'io-guardrails',
  title: 'Guardrails on model and agent input and output',
  dimension: 'PRC',
  threshold: 'L5',
  zone: 'advanced',
  provisions: ['5.1.2-2', '5.2.1-4.1'],
  owasp: ['LLM01:2025', 'LLM02:2025', 'LLM05:2025', 'ASI01'],
  seenIn: ['tf', 'code'],
  implementations: {
    aws: 'Attach a Bedrock guardrail to agents (guardrail_configuration) and pass a guardrail identifier on invocations.',
    azure: 'Set rai_policy_name on Azure OpenAI deployments to a content-filter policy suited to the use.',
    gcp: 'Configure safety_settings on Vertex AI Gemini calls and Model Armor templates where available.',
    code: 'Validate prompts and outputs with a guardrail library (NeMo Guardrails, Guardrails AI, LLM Guard) or structured-output validation before output reaches tools or users.',
  },
  rationale:
    'Agents act on text that an attacker may have written. Input and output checks are the layer that catches injected instructions, leaked data and malformed output before they turn into actions.',
  remediation:
    'Attach the platform guardrail or content filter. Validate and sanitise inputs from untrusted sources. Check model output against a schema before passing it to tools.',
  detectors: [tfDetector, codeDetector],
};

/** ARG-MON-003: AI-specific detection: invocation logging and misuse alerts. */
import type { ControlDef } from '../../types';
import { tfDetector } from './ai-detection.tf';

export const control: ControlDef = {
  id: 'ARG-MON-003',
  slug: 'ai-detection',
  title: 'AI-specific detection: invocation logging and misuse alerts',
  dimension: 'MON',
  threshold: 'L5',
  zone: 'advanced',
  provisions: ['5.4.2-1', '5.4.2-2'],
  owasp: ['LLM01:2025', 'LLM10:2025', 'ASI10'],
  seenIn: ['tf'],
  implementations: {
    aws: 'Log Bedrock invocations to CloudWatch and create alarms or metric filters on guardrail interventions, throttling and unusual token volume.',
    azure: 'Send Azure OpenAI RequestResponse and Audit logs to Log Analytics and create scheduled-query alerts or Sentinel rules on content-filter hits and spikes.',
    gcp: 'Enable Vertex AI request-response logging and create Cloud Monitoring alert policies on error and usage anomalies.',
  },
  rationale:
    'Autonomous agents can be misused in ways that look like normal traffic to generic tooling. Detections built on invocation logs catch injection attempts, runaway loops and misuse while they happen.',
  remediation:
    'Enable invocation logging with sensitive fields redacted. Define alerts for guardrail hits, error bursts and usage spikes. Route them to the security operations queue.',
  detectors: [tfDetector],
};

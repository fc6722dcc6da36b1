/** ARG-MON-004: Model-extraction detection. */
import type { ControlDef } from '../../types';
import { tfDetector } from './extraction-detection.tf';

export const control: ControlDef = {
  id: 'ARG-MON-004',
  slug: 'extraction-detection',
  title: 'Model-extraction detection',
  dimension: 'MON',
  threshold: 'L7',
  zone: 'high-assurance',
  provisions: ['5.2.5-4', '5.4.2-2', '5.2.2-2'],
  owasp: ['LLM10:2025'],
  seenIn: ['tf'],
  implementations: {
    aws: 'Use API Gateway with WAF rate-based rules and CloudWatch alarms on per-client invocation volume for served models.',
    azure: 'Use API Management metrics per subscription key and Sentinel analytics rules for bulk or systematic querying.',
    gcp: 'Use Apigee analytics and Cloud Monitoring alert policies on per-consumer request volume.',
  },
  rationale:
    'Extraction attacks query a served model systematically to copy it or recover training data. They show up as volume and pattern anomalies per client, which only the serving edge can see.',
  remediation:
    'Meter requests per client at the gateway. Add rate-based WAF rules. Alert on sustained high-volume or systematic query patterns.',
  playbookControl: 'Extraction detection',
  detectors: [tfDetector],
};

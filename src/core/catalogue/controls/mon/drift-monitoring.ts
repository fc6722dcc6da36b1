/** ARG-MON-005: Drift, canary and behaviour monitoring. */
import type { ControlDef } from '../../types';
import { k8sDetector } from './drift-monitoring.k8s';
import { tfDetector } from './drift-monitoring.tf';

export const control: ControlDef = {
  id: 'ARG-MON-005',
  slug: 'drift-monitoring',
  title: 'Drift, canary and behaviour monitoring',
  dimension: 'MON',
  threshold: 'L7',
  zone: 'high-assurance',
  provisions: ['5.4.2-3', '5.4.2-4', '5.4.2-2'],
  owasp: ['LLM04:2025', 'LLM09:2025', 'ASI10'],
  seenIn: ['tf', 'k8s'],
  implementations: {
    aws: 'Enable data capture on SageMaker endpoints with Model Monitor schedules, and deploy with canary or linear traffic shifting.',
    azure: 'Enable Azure ML model monitoring and data collection on online endpoints, and split traffic between deployments for canaries.',
    gcp: 'Configure Vertex AI Model Monitoring for skew and drift on endpoints, and split traffic for canary versions.',
    k8s: 'Use canary rollouts (KServe canaryTrafficPercent, Argo Rollouts) and export model metrics for drift dashboards.',
  },
  rationale:
    'A served model can degrade or be manipulated gradually, with no single request looking wrong. Monitoring inputs, outputs and internal metrics over time is how that change is noticed.',
  remediation:
    'Capture a sample of inputs and outputs. Schedule drift and quality monitors with alerts. Release new versions as canaries first.',
  detectors: [k8sDetector, tfDetector],
};

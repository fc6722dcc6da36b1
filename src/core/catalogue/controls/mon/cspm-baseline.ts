/** ARG-MON-001: CSPM and posture baseline enabled. */
import type { ControlDef } from '../../types';
import { tfDetector } from './cspm-baseline.tf';

export const control: ControlDef = {
  id: 'ARG-MON-001',
  slug: 'cspm-baseline',
  title: 'CSPM and posture baseline enabled',
  dimension: 'MON',
  threshold: 'L1',
  zone: 'foundational',
  provisions: ['5.1.3-4', '5.4.1-1'],
  owasp: [],
  seenIn: ['tf'],
  implementations: {
    aws: 'Enable Security Hub with the foundational standards and GuardDuty in every account and region used by AI workloads.',
    azure: 'Enable Defender for Cloud plans (azurerm_security_center_subscription_pricing with tier Standard), including the AI services plan, and connect Sentinel.',
    gcp: 'Enable Security Command Center (Premium where available) for the organisation or project.',
  },
  rationale:
    'Posture management finds the misconfigurations that AI workloads inherit from the platform: public storage, weak identity, missing logs. It is the cheapest continuous check there is.',
  remediation:
    'Enable the cloud\'s posture service in every account, subscription or project. Turn on the AI-related plans. Route findings to the team that owns the workload.',
  playbookControl: 'CSPM & posture',
  detectors: [tfDetector],
};

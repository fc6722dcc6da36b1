/** ARG-GOV-007: AI incident response and recovery plan. */
import type { ControlDef } from '../../types';

export const control: ControlDef = {
  id: 'ARG-GOV-007',
  slug: 'incident-response-plan',
  title: 'AI incident response and recovery plan',
  dimension: 'GOV',
  threshold: 'L4',
  zone: 'standard',
  provisions: ['5.2.2-5', '5.2.2-4', '5.2.1-3', '5.2.1-3.1'],
  owasp: ['ASI08', 'ASI10'],
  seenIn: ['register', 'evidence'],
  implementations: {},
  rationale:
    'AI incidents include things a standard runbook does not: revoking a model key, rolling back a model, disabling an agent. Having those steps written down and rehearsed shortens the outage.',
  remediation:
    'Extend the incident plan with AI-specific scenarios and recovery steps. Make sure a known-good model and configuration can be restored. Publish how to report a vulnerability.',
  detectors: [],
};

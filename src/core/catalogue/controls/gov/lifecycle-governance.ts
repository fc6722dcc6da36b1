/** ARG-GOV-003: Lifecycle governance: owner, review date, offboarding. */
import type { ControlDef } from '../../types';
import { registerDetector } from './lifecycle-governance.register';

export const control: ControlDef = {
  id: 'ARG-GOV-003',
  slug: 'lifecycle-governance',
  title: 'Lifecycle governance: owner, review date, offboarding',
  dimension: 'GOV',
  threshold: 'L4',
  zone: 'standard',
  provisions: ['5.2.1-1', '5.5.1-2'],
  owasp: ['ASI10'],
  seenIn: ['register', 'evidence'],
  implementations: {},
  rationale:
    'Automations and API integrations outlive the people who made them. A review date and an offboarding rule catch orphaned flows and keys before someone else finds them.',
  remediation:
    'Set owner and review date in the register. Define what happens to the workload when its owner leaves. Review overdue entries.',
  detectors: [registerDetector],
};

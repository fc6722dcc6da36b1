/** ARG-GOV-006: Independent adversarial testing before release. */
import type { ControlDef } from '../../types';

export const control: ControlDef = {
  id: 'ARG-GOV-006',
  slug: 'adversarial-testing',
  title: 'Independent adversarial testing before release',
  dimension: 'GOV',
  threshold: 'L7',
  zone: 'high-assurance',
  provisions: ['5.2.5-1', '5.2.5-2', '5.2.5-2.1', '5.2.5-3', '5.2.5-4', '5.2.5-4.1', '5.2.3-3', '5.4.1-2', '5.1.4-4'],
  owasp: ['LLM01:2025', 'LLM10:2025', 'ASI01'],
  seenIn: ['register', 'evidence'],
  implementations: {},
  rationale:
    'Served models and agent meshes face attackers who probe them directly. Testing by people outside the team, repeated for each major update, finds what the builders did not think of.',
  remediation:
    'Have an independent tester run adversarial and extraction tests before release and after major updates. Share findings with the operators. Link the report in the register.',
  detectors: [],
};

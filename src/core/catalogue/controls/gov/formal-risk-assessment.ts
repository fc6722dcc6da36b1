/** ARG-GOV-005: Formal risk assessment recorded. */
import type { ControlDef } from '../../types';

export const control: ControlDef = {
  id: 'ARG-GOV-005',
  slug: 'formal-risk-assessment',
  title: 'Formal risk assessment recorded',
  dimension: 'GOV',
  threshold: 'any',
  zone: 'any',
  minHighModifiers: 2,
  provisions: ['5.1.3-1', '5.1.2-1', '5.1.3-1.1', '5.1.3-1.2', '5.1.3-1.3', '5.1.2-5'],
  owasp: [],
  seenIn: ['register', 'evidence'],
  implementations: {},
  rationale:
    'Two or more high-rated modifiers mean the workload combines several ways to cause serious harm. A tier alone is then not enough: the risks must be analysed and accepted on record.',
  remediation:
    'Carry out a threat model covering AI-specific attacks. Record the decisions on controls and residual risk. Link the document from the register and revisit it when the configuration changes.',
  detectors: [],
};

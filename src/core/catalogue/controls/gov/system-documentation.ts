/** ARG-GOV-008: System, model and prompt documentation with change history. */
import type { ControlDef } from '../../types';

export const control: ControlDef = {
  id: 'ARG-GOV-008',
  slug: 'system-documentation',
  title: 'System, model and prompt documentation with change history',
  dimension: 'GOV',
  threshold: 'L5',
  zone: 'advanced',
  provisions: ['5.2.4-1', '5.2.4-1.1', '5.2.4-3', '5.1.2-3'],
  owasp: ['LLM07:2025'],
  seenIn: ['register', 'evidence'],
  implementations: {
    code: 'Keep system prompts and model configuration in version control and link design documentation (model card, data flows, security notes) from the register.',
  },
  rationale:
    'An agent\'s behaviour is set as much by its prompts and configuration as by its code. Documented design and a history of prompt changes let reviewers and investigators see what changed and why.',
  remediation:
    'Document the design, data flows and security assumptions. Keep prompts and model settings in version control with reviewed changes. Link the documentation from the register.',
  detectors: [],
};

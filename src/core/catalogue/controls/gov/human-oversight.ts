/** ARG-GOV-004: Human oversight backed by technical measures for autonomous actions. */
import type { ControlDef } from '../../types';
import { ppDetector } from './human-oversight.pp';
import { sfDetector } from './human-oversight.sf';
import { codeDetector } from './human-oversight.code';

export const control: ControlDef = {
  id: 'ARG-GOV-004',
  slug: 'human-oversight',
  title: 'Human oversight backed by technical measures for autonomous actions',
  dimension: 'GOV',
  threshold: 'L5',
  zone: 'advanced',
  provisions: ['5.1.4-1', '5.1.4-3'],
  owasp: ['LLM06:2025', 'ASI09', 'ASI02'],
  seenIn: ['code', 'pp', 'sf'],
  implementations: {
    code: 'Use the framework\'s interrupt or approval hooks (LangGraph interrupt_before, AutoGen human_input_mode, tool confirmation callbacks) for destructive or external tools.',
    powerplatform: 'Require approvals in Copilot Studio agent actions that change data.',
    salesforce: 'Require confirmation on Agentforce actions with side effects.',
  },
  rationale:
    'Autonomous agents choose their own actions. If people are meant to stop harmful ones, the stop must be enforced in code at the tool boundary, not left to a policy document.',
  remediation:
    'List the tools with side effects. Wrap them in an approval or confirmation step enforced by the runtime. Log each decision with who made it.',
  detectors: [ppDetector, sfDetector, codeDetector],
};

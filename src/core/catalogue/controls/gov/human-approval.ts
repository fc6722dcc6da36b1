/** ARG-GOV-002: Human approval for automations that move data or act across apps. */
import type { ControlDef } from '../../types';
import { ppDetector } from './human-approval.pp';
import { sfDetector } from './human-approval.sf';

export const control: ControlDef = {
  id: 'ARG-GOV-002',
  slug: 'human-approval',
  title: 'Human approval for automations that move data or act across apps',
  dimension: 'GOV',
  threshold: 'L3',
  zone: 'standard',
  provisions: ['5.1.4-1', '5.1.4-3'],
  owasp: ['LLM06:2025', 'ASI02'],
  seenIn: ['pp', 'sf'],
  implementations: {
    powerplatform: 'Put a Start and wait for an approval action (shared_approvals) before steps that write to another system or send data out, or use a manual trigger.',
    salesforce: 'Set isConfirmationRequired on Agentforce actions that change records or send messages.',
  },
  rationale:
    'Citizen-built automations often run on their own with the maker\'s permissions. An approval step before data leaves or records change keeps a person in the loop where mistakes cost most.',
  remediation:
    'Identify the steps that move data between apps or change records. Insert an approval before them. Make the approver a role, not the flow owner alone.',
  detectors: [ppDetector, sfDetector],
};

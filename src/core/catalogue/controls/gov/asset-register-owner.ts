/** ARG-GOV-001: Workload recorded in the AI asset register with a named owner. */
import type { ControlDef } from '../../types';
import { registerDetector } from './asset-register-owner.register';

export const control: ControlDef = {
  id: 'ARG-GOV-001',
  slug: 'asset-register-owner',
  title: 'Workload recorded in the AI asset register with a named owner',
  dimension: 'GOV',
  threshold: 'L1',
  zone: 'foundational',
  provisions: ['5.2.1-1'],
  owasp: [],
  seenIn: ['register'],
  implementations: {},
  rationale:
    'An AI system nobody knows about cannot be secured, and one without an owner is never reviewed. The register is the inventory every other control hangs from.',
  remediation:
    'Run the register command to add the detected workloads. Fill in a named owner for each. Keep the file under review with the code.',
  detectors: [registerDetector],
};

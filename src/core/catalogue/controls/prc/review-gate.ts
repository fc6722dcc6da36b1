/** ARG-PRC-001: Review gate for AI-assisted code. */
import type { ControlDef } from '../../types';
import { ciDetector } from './review-gate.ci';
import { tfDetector } from './review-gate.tf';

export const control: ControlDef = {
  id: 'ARG-PRC-001',
  slug: 'review-gate',
  title: 'Review gate for AI-assisted code',
  dimension: 'PRC',
  threshold: 'L2',
  zone: 'foundational',
  provisions: ['5.2.5-1', '5.2.3-1'],
  owasp: ['LLM09:2025', 'LLM05:2025'],
  seenIn: ['ci', 'tf'],
  implementations: {
    ci: 'Run SAST and dependency scanning on pull requests, keep a CODEOWNERS file so changes need an owner\'s review, and protect the default branch with required reviews and status checks (github_branch_protection when the repository is managed in Terraform).',
  },
  rationale:
    'AI assistants write plausible code quickly, including code with injection flaws or leaked secrets. A required review and automated scanning before merge is the one gate every change passes.',
  remediation:
    'Require at least one reviewer on the default branch. Add SAST and dependency scanning as required checks. Add a CODEOWNERS file for sensitive paths.',
  detectors: [tfDetector, ciDetector],
};

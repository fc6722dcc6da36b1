/** ARG-SUP-001: AI SDKs and models pinned and scanned. */
import type { ControlDef } from '../../types';
import { manifestsDetector } from './pinned-scanned-dependencies.manifests';

export const control: ControlDef = {
  id: 'ARG-SUP-001',
  slug: 'pinned-scanned-dependencies',
  title: 'AI SDKs and models pinned and scanned',
  dimension: 'SUP',
  threshold: 'L2',
  zone: 'foundational',
  provisions: ['5.2.3-1', '5.1.2-4'],
  owasp: ['LLM03:2025', 'ASI04'],
  seenIn: ['manifests', 'ci'],
  implementations: {
    code: 'Commit a lockfile (package-lock.json, poetry.lock, uv.lock, requirements with == pins and hashes) and pin model ids and revisions rather than "latest".',
    ci: 'Run dependency scanning on every change (Dependabot, Renovate, pip-audit, npm audit, OSV-Scanner or an equivalent scanner step).',
  },
  rationale:
    'AI SDKs, agent frameworks and model files change quickly and are a popular target for typosquatting and poisoned releases. Pinning makes each build reproducible; scanning catches known-bad versions.',
  remediation:
    'Add and commit a lockfile. Pin AI packages and model revisions. Add a dependency scan to CI that fails on known vulnerabilities.',
  detectors: [manifestsDetector],
};

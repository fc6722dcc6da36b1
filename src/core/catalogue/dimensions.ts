/** The seven control dimensions (the middle part of a control id). */
import type { Dimension } from '../model';
import type { DimensionDef } from './types';

export const DIMENSION_DEFS: readonly DimensionDef[] = [
  { id: 'GOV', title: 'Governance', covers: 'policy, inventory and ownership, risk assessment, human oversight, testing and documentation duties' },
  { id: 'IAM', title: 'Identity', covers: 'access control, MFA, credentials and secrets, RBAC, per-agent identity, just-in-time and short-lived access' },
  { id: 'DAT', title: 'Data', covers: 'classification, data loss prevention, encryption and keys, provenance and lineage, protection of weights' },
  { id: 'PRC', title: 'Processing', covers: 'compute isolation, CI/CD gates, guardrails, sandboxing, environment separation, decommissioning' },
  { id: 'NET', title: 'Network', covers: 'segmentation, private endpoints, gateways and WAF, egress filtering, transport security' },
  { id: 'SUP', title: 'Supply chain', covers: 'vendor assessment, dependency pinning and scanning, SBOM, model and image integrity' },
  { id: 'MON', title: 'Monitoring & SecOps', covers: 'SIEM integration, CSPM baselines, AI-specific detections, vulnerability scanning and patching, drift detection, log retention' },
];

export function dimensionDef(id: Dimension): DimensionDef {
  const d = DIMENSION_DEFS.find((x) => x.id === id);
  if (!d) throw new RangeError(`not a dimension: ${String(id)}`);
  return d;
}

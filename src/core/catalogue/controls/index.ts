/**
 * Every control of the catalogue, one file each under `controls/<dim>/<slug>.ts`.
 * Detectors are added by their own sibling files and listed in each control's `detectors`.
 */
import type { ControlDef } from '../types';
import { control as ctlDAT001 } from './dat/encryption-key-management';
import { control as ctlDAT002 } from './dat/connector-dlp';
import { control as ctlDAT003 } from './dat/training-data-provenance';
import { control as ctlDAT004 } from './dat/model-artifact-protection';
import { control as ctlGOV001 } from './gov/asset-register-owner';
import { control as ctlGOV002 } from './gov/human-approval';
import { control as ctlGOV003 } from './gov/lifecycle-governance';
import { control as ctlGOV004 } from './gov/human-oversight';
import { control as ctlGOV005 } from './gov/formal-risk-assessment';
import { control as ctlGOV006 } from './gov/adversarial-testing';
import { control as ctlGOV007 } from './gov/incident-response-plan';
import { control as ctlGOV008 } from './gov/system-documentation';
import { control as ctlIAM001 } from './iam/identity-access-control';
import { control as ctlIAM002 } from './iam/credential-hygiene';
import { control as ctlIAM003 } from './iam/managed-secrets';
import { control as ctlIAM004 } from './iam/per-agent-identity';
import { control as ctlIAM005 } from './iam/no-self-modification';
import { control as ctlIAM006 } from './iam/short-lived-workload-identity';
import { control as ctlMON001 } from './mon/cspm-baseline';
import { control as ctlMON002 } from './mon/audit-logging';
import { control as ctlMON003 } from './mon/ai-detection';
import { control as ctlMON004 } from './mon/extraction-detection';
import { control as ctlMON005 } from './mon/drift-monitoring';
import { control as ctlMON006 } from './mon/vulnerability-patching';
import { control as ctlNET001 } from './net/private-service-isolation';
import { control as ctlNET002 } from './net/api-gateway-rate-limit';
import { control as ctlNET003 } from './net/egress-enforcement';
import { control as ctlNET004 } from './net/authenticated-inference';
import { control as ctlNET005 } from './net/mtls';
import { control as ctlNET006 } from './net/transport-encryption';
import { control as ctlNET007 } from './net/agent-network-segmentation';
import { control as ctlPRC001 } from './prc/review-gate';
import { control as ctlPRC002 } from './prc/environment-isolation';
import { control as ctlPRC003 } from './prc/kill-switch';
import { control as ctlPRC004 } from './prc/io-guardrails';
import { control as ctlPRC005 } from './prc/sandboxed-execution';
import { control as ctlPRC006 } from './prc/isolated-training-compute';
import { control as ctlPRC007 } from './prc/secure-decommissioning';
import { control as ctlPRC008 } from './prc/workload-policy';
import { control as ctlPRC009 } from './prc/cascade-containment';
import { control as ctlSUP001 } from './sup/pinned-scanned-dependencies';
import { control as ctlSUP002 } from './sup/model-registry-integrity';
import { control as ctlSUP003 } from './sup/vendor-due-diligence';
import { control as ctlSUP004 } from './sup/signed-images-sbom';

const ALL: ControlDef[] = [
  ctlDAT001,
  ctlDAT002,
  ctlDAT003,
  ctlDAT004,
  ctlGOV001,
  ctlGOV002,
  ctlGOV003,
  ctlGOV004,
  ctlGOV005,
  ctlGOV006,
  ctlGOV007,
  ctlGOV008,
  ctlIAM001,
  ctlIAM002,
  ctlIAM003,
  ctlIAM004,
  ctlIAM005,
  ctlIAM006,
  ctlMON001,
  ctlMON002,
  ctlMON003,
  ctlMON004,
  ctlMON005,
  ctlMON006,
  ctlNET001,
  ctlNET002,
  ctlNET003,
  ctlNET004,
  ctlNET005,
  ctlNET006,
  ctlNET007,
  ctlPRC001,
  ctlPRC002,
  ctlPRC003,
  ctlPRC004,
  ctlPRC005,
  ctlPRC006,
  ctlPRC007,
  ctlPRC008,
  ctlPRC009,
  ctlSUP001,
  ctlSUP002,
  ctlSUP003,
  ctlSUP004,
];

/** All controls, sorted by id. */
export const CONTROLS: readonly ControlDef[] = [...ALL].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const BY_ID = new Map<string, ControlDef>();
for (const c of CONTROLS) {
  BY_ID.set(c.id, c);
}
for (const c of CONTROLS) {
  for (const alias of c.aliases ?? []) {
    if (!BY_ID.has(alias)) BY_ID.set(alias, c);
  }
}

/** A control by id or by one of its older ids (aliases); ids are matched case-insensitively. */
export function controlById(id: string): ControlDef | undefined {
  return BY_ID.get(id.trim().toUpperCase());
}

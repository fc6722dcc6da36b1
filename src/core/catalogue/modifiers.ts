/** The five risk modifiers and what each rating means. */
import type { ModifierId } from '../model';
import type { ModifierDef } from './types';

export const MODIFIER_DEFS: readonly ModifierDef[] = [
  {
    id: 'exposure',
    title: 'Exposure',
    scale: 'internal → public',
    meaning: {
      low: 'used only by internal staff, reachable from private networks',
      medium: 'reachable by partners or authenticated external users',
      high: 'reachable from the public internet or by anonymous users',
    },
  },
  {
    id: 'dataSensitivity',
    title: 'Data sensitivity',
    scale: 'public → regulated',
    meaning: {
      low: 'handles public or non-sensitive data only',
      medium: 'handles internal or confidential business data',
      high: 'handles personal, regulated or secret data (health, payroll, financial, credentials)',
    },
  },
  {
    id: 'autonomy',
    title: 'Autonomy',
    scale: 'human-approved → autonomous',
    meaning: {
      low: 'a person approves every action before it happens',
      medium: 'acts on its own within narrow limits, and people review afterwards',
      high: 'acts on its own without any approval step',
    },
  },
  {
    id: 'integrationPrivilege',
    title: 'Integration privilege',
    scale: 'read-only → write to production',
    meaning: {
      low: 'reads from other systems but cannot change them',
      medium: 'writes to limited or non-production systems',
      high: 'writes to production systems or holds wildcard or administrative permissions',
    },
  },
  {
    id: 'physicalEffect',
    title: 'Physical-world effect',
    scale: 'informational → irreversible',
    meaning: {
      low: 'produces information only; a person decides what happens next',
      medium: 'causes reversible effects, or small financial ones',
      high: 'causes irreversible, physical or financial effects (payments, payroll, devices, desktop automation)',
    },
  },
];

export function modifierDef(id: ModifierId): ModifierDef {
  const d = MODIFIER_DEFS.find((m) => m.id === id);
  if (!d) throw new RangeError(`not a modifier: ${String(id)}`);
  return d;
}

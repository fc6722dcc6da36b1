/** The `aiRiskGradient.*` settings, read in one place. */
import * as vscode from 'vscode';
import type { InputKind, SeverityOptions, Severity } from '../core';

export const SECTION = 'aiRiskGradient';

/** Setting name under `aiRiskGradient.inputs.` → the core's input kind. */
export const INPUT_SETTINGS: Record<string, InputKind> = {
  terraform: 'tf',
  kubernetes: 'k8s',
  powerPlatform: 'pp',
  salesforce: 'sf',
  code: 'code',
  manifests: 'manifests',
  ci: 'ci',
};

export interface Settings {
  /** Input kinds to read; `register` is always read. */
  kinds: InputKind[];
  exclude: string[];
  severity: SeverityOptions;
  /** Clouds in use; empty = all. */
  clouds: string[];
  showLowerZoneGaps: boolean;
  codeLens: boolean;
  statusBar: boolean;
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

function severity(v: unknown, fallback: Severity): Severity {
  return SEVERITIES.includes(v as Severity) ? (v as Severity) : fallback;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const kinds: InputKind[] = [];
  for (const [name, kind] of Object.entries(INPUT_SETTINGS)) if (c.get<boolean>(`inputs.${name}`, true)) kinds.push(kind);
  kinds.push('register');
  const perControlRaw = c.get<Record<string, string>>('severity.perControl', {}) ?? {};
  const perControl: Record<string, Severity | 'off'> = {};
  for (const [id, v] of Object.entries(perControlRaw)) if (v === 'off' || SEVERITIES.includes(v as Severity)) perControl[id] = v as Severity | 'off';
  return {
    kinds,
    exclude: (c.get<string[]>('exclude', []) ?? []).filter((x) => typeof x === 'string' && x.trim() !== ''),
    severity: {
      ownZone: severity(c.get('severity.ownZone'), 'error'),
      lowerZone: severity(c.get('severity.lowerZone'), 'warning'),
      perControl,
    },
    clouds: (c.get<string[]>('clouds', []) ?? []).map((x) => String(x).toLowerCase()),
    showLowerZoneGaps: c.get<boolean>('showLowerZoneGaps', true),
    codeLens: c.get<boolean>('codeLens.enabled', true),
    statusBar: c.get<boolean>('statusBar.enabled', true),
  };
}

/** Settings whose change needs a new scan (the others only change what is shown). */
export const RESCAN_KEYS = ['inputs', 'exclude', 'severity'].map((k) => `${SECTION}.${k}`);

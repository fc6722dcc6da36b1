/** Plain-word labels for catalogue vocabulary, shared by the CLI pages and the docs. */
import type { InputKind, Stakeholder } from '../model';
import type { ControlDef, Phase } from './types';

export const STAKEHOLDER_LABELS: Record<Stakeholder, string> = {
  developer: 'developer',
  'system-operator': 'system operator',
  'data-custodian': 'data custodian',
  'end-user': 'end-user',
  organisation: 'organisation',
};

export const INPUT_KIND_LABELS: Record<InputKind | 'evidence', string> = {
  tf: 'Terraform',
  k8s: 'Kubernetes / Helm YAML',
  pp: 'Power Platform and Copilot Studio exports',
  sf: 'Salesforce Agentforce metadata',
  code: 'application source code',
  manifests: 'dependency manifests and lockfiles',
  ci: 'CI workflow files',
  register: 'the AI asset register (ai-asset-register.yaml)',
  evidence: 'evidence linked from the register (no file can show it on its own)',
};

export type ImplementationKey = keyof ControlDef['implementations'];

export const IMPLEMENTATION_KEYS: readonly ImplementationKey[] = ['aws', 'azure', 'gcp', 'k8s', 'powerplatform', 'salesforce', 'code', 'ci'];

export const IMPLEMENTATION_LABELS: Record<ImplementationKey, string> = {
  aws: 'AWS',
  azure: 'Azure',
  gcp: 'Google Cloud',
  k8s: 'Kubernetes',
  powerplatform: 'Power Platform',
  salesforce: 'Salesforce',
  code: 'Code',
  ci: 'CI',
};

export const PHASE_LABELS: Record<Phase, string> = {
  design: 'secure design',
  development: 'secure development',
  deployment: 'secure deployment',
  maintenance: 'secure maintenance',
  'end-of-life': 'secure end of life',
};

export function stakeholderList(s: readonly Stakeholder[]): string {
  return s.map((x) => STAKEHOLDER_LABELS[x]).join(', ');
}

/** ARG-PRC-002: Environment isolation (development, test, production). */
import type { ControlDef } from '../../types';
import { k8sDetector } from './environment-isolation.k8s';
import { ppDetector } from './environment-isolation.pp';
import { tfDetector } from './environment-isolation.tf';

export const control: ControlDef = {
  id: 'ARG-PRC-002',
  slug: 'environment-isolation',
  title: 'Environment isolation (development, test, production)',
  dimension: 'PRC',
  threshold: 'L3',
  zone: 'standard',
  provisions: ['5.2.2-3'],
  owasp: [],
  seenIn: ['pp', 'tf', 'k8s'],
  implementations: {
    aws: 'Keep development, test and production in separate AWS accounts under an organisation.',
    azure: 'Use separate subscriptions or resource groups per stage, and managed environments in Power Platform.',
    gcp: 'Use separate projects per stage.',
    k8s: 'Separate stages by cluster or at least by namespace with their own RBAC and network policies.',
    powerplatform: 'Build in a developer or sandbox environment and deploy through pipelines to a managed production environment; do not build in the default environment.',
  },
  rationale:
    'When experiments run where production data lives, a test prompt or a half-built flow can reach real records. Separate environments keep mistakes and experiments away from production.',
  remediation:
    'Create separate environments per stage. Move development out of production and the default environment. Promote changes through a pipeline.',
  detectors: [tfDetector, k8sDetector, ppDetector],
};

/** Ingresses and routes of a workload, and whether they face the public. */
import type { Fact } from '../../../model';
import type { DetectorContext } from '../../types';
import { annotationsOf, apiGroupOf, isObj, k8sObjects } from './workload';

export const ROUTE_KINDS = new Set(['Ingress', 'HTTPRoute', 'GRPCRoute', 'Route']);

/** Ingress-like objects of the workload (OpenShift Routes only from route.openshift.io). */
export function routesOf(ctx: DetectorContext): Fact[] {
  return k8sObjects(ctx).filter((f) => ROUTE_KINDS.has(f.type) && (f.type !== 'Route' || apiGroupOf(f) === 'route.openshift.io'));
}

/** Whether a route is bound to an internal entry point (the same test the exposure modifier uses). */
export function internalRoute(f: Fact): boolean {
  const spec = isObj(f.attributes.spec) ? f.attributes.spec : {};
  const ann = annotationsOf(f);
  const cls = String(spec.ingressClassName ?? ann['kubernetes.io/ingress.class'] ?? '');
  if (/internal|private/i.test(cls)) return true;
  if (/^internal$/i.test(String(ann['alb.ingress.kubernetes.io/scheme'] ?? ''))) return true;
  if (String(ann['networking.gke.io/internal-load-balancer-allow-global-access'] ?? '') !== '') return true;
  if (f.type !== 'Ingress') return (Array.isArray(spec.parentRefs) ? spec.parentRefs : []).some((p) => isObj(p) && /internal|private/i.test(String(p.name ?? '')));
  return false;
}

export function isNginx(f: Fact): boolean {
  const spec = isObj(f.attributes.spec) ? f.attributes.spec : {};
  const ann = annotationsOf(f);
  const cls = String(spec.ingressClassName ?? ann['kubernetes.io/ingress.class'] ?? '');
  return /nginx/i.test(cls) || Object.keys(ann).some((k) => k.startsWith('nginx.ingress.kubernetes.io/'));
}

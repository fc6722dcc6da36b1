/** NetworkPolicy questions: which policies pick a workload's pods, and what they allow. */
import type { Fact, FactValue } from '../../../model';
import type { FactQuery } from '../../types';
import { inNamespace, isObj, namespaceOf, selectsTarget, strings } from './workload';
import type { PodTarget } from './workload';

export interface Selecting {
  policy: Fact;
  /** 'unknown' when the selector or the pod labels are unresolved template values. */
  selects: true | 'unknown';
  types: Set<'Ingress' | 'Egress'>;
  /** Rules of the direction asked about (undefined = the field is absent). */
  rules?: FactValue[];
}

function spec(f: Fact): Record<string, FactValue> {
  return isObj(f.attributes.spec) ? f.attributes.spec : {};
}

/** policyTypes as Kubernetes reads them: Ingress always unless listed otherwise, Egress when listed or when `egress` is set. */
export function policyTypes(np: Fact): Set<'Ingress' | 'Egress'> {
  const s = spec(np);
  const listed = strings(s.policyTypes);
  const out = new Set<'Ingress' | 'Egress'>();
  if (np.type === 'CiliumNetworkPolicy') {
    if (s.ingress !== undefined || s.ingressDeny !== undefined) out.add('Ingress');
    if (s.egress !== undefined || s.egressDeny !== undefined) out.add('Egress');
    return out;
  }
  if (listed.length) {
    for (const t of listed) if (t === 'Ingress' || t === 'Egress') out.add(t);
    return out;
  }
  out.add('Ingress');
  if (s.egress !== undefined) out.add('Egress');
  return out;
}

/** NetworkPolicies (and Cilium policies) of the target's namespace that select its pods for a direction. */
export function policiesFor(all: FactQuery, t: PodTarget, direction: 'Ingress' | 'Egress'): Selecting[] {
  const ns = namespaceOf(t.fact);
  const out: Selecting[] = [];
  for (const np of [...inNamespace(all, 'NetworkPolicy', ns), ...inNamespace(all, 'CiliumNetworkPolicy', ns)]) {
    const s = spec(np);
    const sel = np.type === 'CiliumNetworkPolicy' ? s.endpointSelector : s.podSelector;
    const hit = selectsTarget(sel ?? {}, t);
    if (hit === false) continue;
    const types = policyTypes(np);
    if (!types.has(direction)) continue;
    const field = direction === 'Egress' ? s.egress : s.ingress;
    out.push({ policy: np, selects: hit, types, rules: Array.isArray(field) ? field : undefined });
  }
  return out;
}

/** Why an egress rule list lets traffic go anywhere, or undefined when it restricts it. */
export function openEgress(sel: Selecting): string | undefined {
  if (sel.policy.type === 'CiliumNetworkPolicy') return undefined;
  for (const r of sel.rules ?? []) {
    if (!isObj(r)) continue;
    const to = Array.isArray(r.to) ? r.to : undefined;
    const ports = Array.isArray(r.ports) ? r.ports : [];
    if (!to || !to.length) {
      const nums = ports.filter(isObj).map((p) => String(p.port ?? ''));
      if (!ports.length) return 'has an egress rule without destinations or ports, which allows all egress';
      if (nums.some((p) => p !== '53')) return `allows every destination on port ${nums.filter((p) => p !== '53').join(', ')}`;
      continue;
    }
    for (const peer of to)
      if (isObj(peer) && isObj(peer.ipBlock) && String(peer.ipBlock.cidr ?? '') === '0.0.0.0/0' && !(Array.isArray(peer.ipBlock.except) && peer.ipBlock.except.length))
        return 'allows egress to 0.0.0.0/0';
  }
  return undefined;
}

/** Why an ingress rule list lets any pod in, or undefined when it restricts callers. */
export function openIngress(sel: Selecting): string | undefined {
  if (sel.policy.type === 'CiliumNetworkPolicy') return undefined;
  for (const r of sel.rules ?? []) {
    if (!isObj(r)) continue;
    const from = Array.isArray(r.from) ? r.from : undefined;
    if (!from || !from.length) return 'has an ingress rule without sources, which allows every caller';
    for (const peer of from) {
      if (!isObj(peer)) continue;
      if (isObj(peer.namespaceSelector) && !Object.keys(peer.namespaceSelector).length && peer.podSelector === undefined) return 'allows callers from every namespace';
      if (isObj(peer.ipBlock) && String(peer.ipBlock.cidr ?? '') === '0.0.0.0/0') return 'allows callers from 0.0.0.0/0';
    }
  }
  return undefined;
}

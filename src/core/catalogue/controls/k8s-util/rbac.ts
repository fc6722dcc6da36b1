/** RBAC questions the identity controls share: which accounts a workload runs as, what their bindings grant. */
import type { Fact } from '../../../model';
import type { DetectorContext, FactQuery } from '../../types';
import { bindingsOf, isObj, namespaceOf, podRunners, podSpecs, roleOfBinding, serviceAccountOf, strings } from './workload';

export interface AccountUse {
  /** `ServiceAccount/<ns>/<name>` */
  address: string;
  name: string;
  ns: string;
  /** Objects whose pods use it. */
  users: Fact[];
  /** Set when some pod spec names it through an unresolved template value. */
  unknown?: boolean;
}

/** ServiceAccounts the workload's pods run as (including `default`). */
export function accountsOf(ctx: DetectorContext): AccountUse[] {
  const by = new Map<string, AccountUse>();
  for (const f of podRunners(ctx)) {
    for (const p of podSpecs(f)) {
      const sa = serviceAccountOf(f, p);
      if (sa === 'unknown') continue;
      const u = by.get(sa.address) ?? { address: sa.address, name: sa.name, ns: namespaceOf(f), users: [] };
      if (!u.users.includes(f)) u.users.push(f);
      by.set(sa.address, u);
    }
  }
  return [...by.values()];
}

export interface RuleHit {
  /** Dot path of the rule in its role (`rules.2`). */
  path: string;
  verbs: string[];
  resources: string[];
}

export const BUILTIN_BROAD = new Set(['cluster-admin', 'admin']);

/** Rules of a role that allow everything (`*` verbs on `*` resources). */
export function wildcardRules(role: Fact): RuleHit[] {
  const rules = Array.isArray(role.attributes.rules) ? role.attributes.rules : [];
  const out: RuleHit[] = [];
  rules.forEach((r, i) => {
    if (!isObj(r)) return;
    const verbs = strings(r.verbs);
    const resources = strings(r.resources);
    if (verbs.includes('*') && resources.includes('*')) out.push({ path: `rules.${i}`, verbs, resources });
  });
  return out;
}

const IDENTITY_RESOURCES = new Set(['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings', 'serviceaccounts', 'serviceaccounts/token', '*']);
const WRITE_VERBS = new Set(['create', 'update', 'patch', 'bind', 'escalate', 'impersonate', '*']);

/** Rules that let the holder change identities, roles or bindings (or impersonate). */
export function selfModificationRules(role: Fact): RuleHit[] {
  const rules = Array.isArray(role.attributes.rules) ? role.attributes.rules : [];
  const out: RuleHit[] = [];
  rules.forEach((r, i) => {
    if (!isObj(r)) return;
    const verbs = strings(r.verbs);
    const resources = strings(r.resources);
    const groups = strings(r.apiGroups);
    const groupOk = groups.length === 0 || groups.some((g) => g === '' || g === '*' || g === 'rbac.authorization.k8s.io');
    const bad = verbs.filter((v) => WRITE_VERBS.has(v));
    const res = resources.filter((x) => IDENTITY_RESOURCES.has(x));
    if (bad.length && res.length && groupOk) out.push({ path: `rules.${i}`, verbs: bad, resources: res });
    else if (verbs.includes('impersonate') && resources.some((x) => ['users', 'groups', 'serviceaccounts', 'uids', 'userextras/*'].includes(x))) out.push({ path: `rules.${i}`, verbs: ['impersonate'], resources });
  });
  return out;
}

export { bindingsOf, roleOfBinding };
export type { FactQuery };

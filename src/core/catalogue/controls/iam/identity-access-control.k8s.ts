/**
 * ARG-IAM-001 for Kubernetes: no cluster-admin or wildcard grants reach the workload, neither
 * through the ServiceAccounts its pods run as nor through bindings in its namespace to broad
 * groups (`system:authenticated`, every service account), nor through ClusterRoleBindings of
 * cluster-admin to people or groups. No quick-fix: which narrower role fits is a judgement.
 */
import type { Fact } from '../../../model';
import type { Detector, DetectorOutcome } from '../../types';
import { BUILTIN_BROAD, accountsOf, bindingsOf, roleOfBinding, wildcardRules } from '../k8s-util/rbac';
import { ev, inNamespace, isObj, loc, namespaceOf, podRunners } from '../k8s-util/workload';

const BROAD_GROUPS = /^system:(authenticated|unauthenticated|serviceaccounts)(:|$)/;

function subjects(b: Fact): { kind: string; name: string }[] {
  const list = Array.isArray(b.attributes.subjects) ? b.attributes.subjects : [];
  return list.filter(isObj).map((s) => ({ kind: String(s.kind ?? ''), name: String(s.name ?? '') }));
}

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const runners = podRunners(ctx);
    if (!runners.length) return [];
    const out: DetectorOutcome[] = [];
    const seen = new Set<string>();
    const broad = (b: Fact): { why: string; path: string; fact: Fact } | undefined => {
      const role = roleOfBinding(ctx.allFacts, b);
      if (!role) return undefined;
      if (BUILTIN_BROAD.has(role.name) && role.kind === 'ClusterRole') return { why: `the ${role.name} role`, path: 'roleRef', fact: b };
      const hit = role.fact ? wildcardRules(role.fact)[0] : undefined;
      if (hit && role.fact) return { why: `${role.kind} ${role.name}, whose rule allows every verb on every resource`, path: hit.path, fact: role.fact };
      return undefined;
    };
    const report = (b: Fact, who: string): void => {
      if (seen.has(b.id)) return;
      const hit = broad(b);
      if (!hit) return;
      seen.add(b.id);
      out.push({
        status: 'missing',
        message: `${b.address} gives ${who} ${hit.why}. Bind a namespaced Role with only the verbs and resources needed.`,
        location: loc(b, 'roleRef'),
        anchor: `${b.address}:roleRef`,
        evidence: hit.fact !== b ? [ev(hit.fact, 'the wildcard rule', hit.path)] : [],
      });
    };
    for (const a of accountsOf(ctx)) for (const b of bindingsOf(ctx.allFacts, a.address)) report(b, `ServiceAccount ${a.name} (the workload's pods run as it)`);
    const namespaces = new Set(runners.map(namespaceOf));
    // RoleBindings of the workload's namespaces only (read per namespace: a binding edited in
    // another namespace does not make this workload run again), then every ClusterRoleBinding.
    const candidates = [...[...namespaces].flatMap((ns) => inNamespace(ctx.allFacts, 'RoleBinding', ns)), ...ctx.allFacts.byType('ClusterRoleBinding')];
    for (const b of candidates) {
      if (b.kind !== 'k8s-object') continue;
      const subs = subjects(b);
      const groups = subs.filter((s) => s.kind === 'Group' && BROAD_GROUPS.test(s.name));
      const reaches = b.type === 'ClusterRoleBinding' || namespaces.has(namespaceOf(b));
      if (groups.length && reaches) report(b, `the group ${groups[0]?.name}`);
      const people = subs.filter((s) => s.kind === 'User' || s.kind === 'Group');
      if (b.type === 'ClusterRoleBinding' && people.length) report(b, `the ${people[0]?.kind.toLowerCase()} ${people[0]?.name}, in every namespace including the workload's,`);
    }
    if (out.length) return out;
    return [{ status: 'met', message: 'No cluster-admin or wildcard grant in the repository reaches the workload\'s accounts or namespace.', evidence: runners.map((f) => ev(f, `${f.address} runs without a broad grant`)) }];
  },
};

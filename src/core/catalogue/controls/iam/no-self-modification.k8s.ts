/**
 * ARG-IAM-005 for Kubernetes: the ServiceAccounts the workload's pods run as hold no
 * create / update / patch / bind / escalate / impersonate on roles, role bindings, cluster
 * roles, cluster role bindings, service accounts or their tokens — directly or through the
 * built-in cluster-admin, admin and edit roles. A role the repository does not define is
 * `unresolved`. No quick-fix: removing a verb is a design decision.
 */
import type { Detector, DetectorOutcome } from '../../types';
import { accountsOf, bindingsOf, roleOfBinding, selfModificationRules } from '../k8s-util/rbac';
import { ev, loc } from '../k8s-util/workload';

const BUILTIN: Record<string, string> = {
  'cluster-admin': 'every permission in the cluster',
  admin: 'creating Roles and RoleBindings in the namespace',
  edit: 'changing and impersonating ServiceAccounts',
};

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const a of accountsOf(ctx)) {
      for (const b of bindingsOf(ctx.allFacts, a.address)) {
        const role = roleOfBinding(ctx.allFacts, b);
        if (!role) continue;
        const who = `ServiceAccount ${a.name}`;
        if (role.kind === 'ClusterRole' && BUILTIN[role.name] && !role.fact) {
          out.push({
            status: 'missing',
            message: `${b.address} gives ${who} the built-in ${role.name} role, which includes ${BUILTIN[role.name]}; the pods could change their own permissions.`,
            location: loc(b, 'roleRef'),
            anchor: `${a.address}:${b.address}`,
          });
          continue;
        }
        if (!role.fact) {
          out.push({
            status: 'unresolved',
            message: `${b.address} gives ${who} the ${role.kind} ${role.name}, which is not defined in the repository, so its rules cannot be checked.`,
            location: loc(b, 'roleRef'),
            anchor: `${a.address}:${b.address}`,
          });
          continue;
        }
        const hits = selfModificationRules(role.fact);
        for (const h of hits)
          out.push({
            status: 'missing',
            message: `${role.fact.address} (bound to ${who} by ${b.address}) allows ${h.verbs.join(', ')} on ${h.resources.join(', ')}; the pods could change their own identity or permissions.`,
            location: loc(role.fact, h.path),
            anchor: `${a.address}:${role.fact.address}:${h.path}`,
            evidence: [ev(b, `binds ${role.fact.address} to ${who}`, 'subjects')],
          });
        if (!hits.length) out.push({ status: 'met', message: `${role.fact.address} gives ${who} no identity or RBAC write permission.`, evidence: [ev(role.fact, 'rules without RBAC or ServiceAccount writes', 'rules')] });
      }
    }
    return out;
  },
};

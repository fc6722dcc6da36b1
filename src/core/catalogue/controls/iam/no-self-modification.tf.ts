/**
 * ARG-IAM-005 for Terraform, the cross-cloud invariant: an agent's own identity cannot change
 * identities, policies or trust. AWS: no iam:* / iam:Put* / iam:Attach* / iam:Create*Policy* /
 * iam:UpdateAssumeRolePolicy, no iam:PassRole or sts:AssumeRole on "*", in jsonencode, heredoc
 * JSON or aws_iam_policy_document, unless an explicit Deny or the role's permissions boundary
 * takes it away. Azure: no Owner / User Access Administrator / RBAC Administrator and no
 * Microsoft.Authorization write in custom roles for the agent's identity. GCP: no owner, IAM
 * admin or service-account impersonation roles and no setIamPolicy / iam.serviceAccounts.*
 * permissions for the agent's service account. Location = the offending action or role.
 */
import { get, isExpr, str } from '../../../facts';
import type { Fact } from '../../../model';
import { managedPolicyNames } from '../../../parse/terraform/iam';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { ev, loc, members, target } from '../tf-util/facts';
import {
  AWS_AGENT_ROLE_ATTR,
  AWS_TOOL_ROLE_ATTR,
  actionLocation,
  agentsOf,
  awsRoleOf,
  azureAssignmentsTo,
  azureIdentityAddresses,
  boundaryOf,
  gcpBindingsTo,
  matchesAction,
  roleStatementsWithUnknowns,
  type Statement,
} from '../tf-util/identity';
import { checksDetector } from '../compose';

/** Concrete actions by which a principal changes its own or another identity's permissions or trust. */
const SELF_MOD = [
  'iam:PutRolePolicy',
  'iam:PutUserPolicy',
  'iam:PutGroupPolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutUserPermissionsBoundary',
  'iam:AttachRolePolicy',
  'iam:AttachUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:CreatePolicy',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:UpdateAssumeRolePolicy',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:CreateRole',
  'iam:CreateAccessKey',
  'iam:AddUserToGroup',
];

const ADMIN_POLICIES = /^(AdministratorAccess|IAMFullAccess)$/;

/** The concrete dangerous action a pattern grants, if any. */
function dangerous(pattern: string, resources: string[], role: Fact): string | undefined {
  const self = SELF_MOD.find((d) => matchesAction(pattern, d));
  if (self) return self;
  const anyRes = resources.includes('*') || resources.some((r) => /^arn:aws[\w-]*:iam::[^:]*:role\/\*$/.test(r));
  if (matchesAction(pattern, 'iam:PassRole') && anyRes) return 'iam:PassRole';
  if (matchesAction(pattern, 'sts:AssumeRole') && (anyRes || resources.includes(`\${${role.address}.arn}`))) return 'sts:AssumeRole';
  return undefined;
}

function denied(statements: Statement[], action: string): Statement | undefined {
  return statements.find((s) => s.effect === 'Deny' && !s.notActions && s.actions.some((p) => matchesAction(p, action)) && s.resources.includes('*'));
}

function awsRoles(ctx: DetectorContext): { role: Fact; user: Fact; path: string; kind: 'agent' | 'tool' }[] {
  const out: { role: Fact; user: Fact; path: string; kind: 'agent' | 'tool' }[] = [];
  const seen = new Set<string>();
  const hasAgent = agentsOf(ctx).some((a) => a.cloud === 'aws') || members(ctx).some((f) => /^aws_bedrockagentcore_/.test(f.type));
  if (!hasAgent) return out;
  for (const f of members(ctx)) {
    const path = AWS_AGENT_ROLE_ATTR[f.type] ?? AWS_TOOL_ROLE_ATTR[f.type];
    if (!path) continue;
    const r = awsRoleOf(ctx, f, path);
    if (r.kind !== 'role' || seen.has(r.role.id)) continue;
    seen.add(r.role.id);
    out.push({ role: r.role, user: f, path, kind: AWS_AGENT_ROLE_ATTR[f.type] ? 'agent' : 'tool' });
  }
  return out;
}

function aws(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const { role, user, path, kind } of awsRoles(ctx)) {
    const who = kind === 'agent' ? `the role of the agent ${user.address}` : `the role of ${user.address}, a tool the agent calls`;
    const { statements, unreadable } = roleStatementsWithUnknowns(ctx, role);
    const boundary = boundaryOf(ctx, role);
    const used = ev(user, `${user.address} runs as ${role.address}`, path);
    let bad = 0;
    for (const st of statements) {
      if (st.effect !== 'Allow') continue;
      if (st.notActions) {
        if (st.actions.some((a) => SELF_MOD.some((d) => matchesAction(a, d)))) continue;
        bad++;
        out.push({
          status: 'missing',
          message: `${role.address} (${who}) has a NotAction statement that allows every action not listed, IAM changes included, so the agent could rewrite its own permissions.`,
          location: loc(st.fact, st.path),
          anchor: `${role.address}:${st.fact.address}:${st.path}:NotAction`,
          evidence: [used],
        });
        continue;
      }
      for (const a of st.actions) {
        if (a === '${unknown}') {
          out.push({ status: 'unresolved', message: `An action granted to ${role.address} (${who}) cannot be resolved.`, location: loc(st.fact, st.path), anchor: `${role.address}:${st.fact.address}:${st.path}:unknown`, evidence: [used] });
          continue;
        }
        const d = dangerous(a, st.resources, role);
        if (!d) continue;
        const deny = denied(statements, d);
        if (deny) continue;
        if (boundary.kind === 'policy' && !boundary.statements.some((b) => b.effect === 'Allow' && !b.notActions && b.actions.some((p) => matchesAction(p, d)))) continue;
        const on = st.resources.includes('*') ? ' on every resource ("*")' : '';
        const what = d === 'iam:PassRole' ? 'hand any role to a service it starts' : d === 'sts:AssumeRole' ? 'assume other roles' : 'change its own permissions, policies or trust';
        const loc0 = actionLocation(ctx, st, a);
        if (boundary.kind === 'external') {
          out.push({
            status: 'unresolved',
            message: `${role.address} (${who}) is allowed ${a}${on}, so the agent could ${what}; a permissions boundary is set but defined outside these files, so whether it blocks this cannot be seen.`,
            location: loc0,
            anchor: `${role.address}:${st.fact.address}:${st.path}:${a}`,
            evidence: [used],
          });
          continue;
        }
        bad++;
        out.push({
          status: 'missing',
          message: `${role.address} (${who}) is allowed ${a}${on}, so the agent could ${what}. Remove it, or add an explicit Deny or a permissions boundary that excludes it.`,
          location: loc0,
          anchor: `${role.address}:${st.fact.address}:${st.path}:${a}`,
          evidence: [used],
        });
      }
    }
    for (const p of managedPolicyNames(role, ctx.allFacts)) {
      if (!ADMIN_POLICIES.test(p.name)) continue;
      bad++;
      out.push({
        status: 'missing',
        message: `${role.address} (${who}) has the managed policy ${p.name}, which includes changing IAM policies and trust.`,
        location: loc(p.fact, p.path),
        anchor: `${role.address}:${p.fact.address}:${p.name}`,
        evidence: [used],
      });
    }
    for (const u of unreadable) {
      out.push({ status: 'unresolved', message: `A policy of ${role.address} (${u.address}) cannot be read from the files, so IAM changes it may allow cannot be ruled out.`, location: loc(u, 'policy' in u.attributes ? 'policy' : 'policy_arn'), anchor: `${role.address}:${u.address}:unreadable`, evidence: [used] });
    }
    if (bad === 0 && unreadable.length === 0) out.push({ status: 'met', message: `${role.address} (${who}) cannot change IAM policies, roles or trust.`, evidence: [used] });
  }
}

const AZ_ROLES = /^(Owner|User Access Administrator|Role Based Access Control Administrator|Managed Identity Contributor)$/i;
const AZ_ROLE_GUIDS = /(8e3af657-a8ff-443c-a75c-2fe8c4bcb635|18d7d88d-d35e-4fb5-a5c3-7773c20a72d9|f58310d9-a9f6-439a-9e8d-f62e7b41a168)/i;
const AZ_ACTION = /^(\*|Microsoft\.Authorization\/(\*|.*\/(write|\*|delete))|Microsoft\.ManagedIdentity\/.*\/(write|\*))$/i;

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const { fact: a } of agentsOf(ctx).filter((x) => x.cloud === 'azure')) {
    const assignments = azureAssignmentsTo(ctx, azureIdentityAddresses(ctx, a), a.scope ?? '.');
    let bad = 0;
    for (const ra of assignments) {
      const name = ra.attributes.role_definition_name;
      const used = ev(a, `the identity of ${a.address}`, 'identity');
      if (typeof name === 'string' && AZ_ROLES.test(name)) {
        bad++;
        out.push({ status: 'missing', message: `The identity of the agent ${a.address} is assigned "${name}", which can grant roles, including to itself.`, location: loc(ra, 'role_definition_name'), anchor: `${ra.address}:role`, evidence: [used] });
        continue;
      }
      if (isExpr(name)) {
        out.push({ status: 'unresolved', message: `The role assigned to the agent ${a.address} by ${ra.address} cannot be resolved.`, location: loc(ra, 'role_definition_name'), anchor: `${ra.address}:role`, evidence: [used] });
        continue;
      }
      const idv = ra.attributes.role_definition_id;
      if (typeof idv === 'string' && AZ_ROLE_GUIDS.test(idv)) {
        bad++;
        out.push({ status: 'missing', message: `The identity of the agent ${a.address} is assigned a built-in role that can grant roles (Owner / User Access Administrator).`, location: loc(ra, 'role_definition_id'), anchor: `${ra.address}:role`, evidence: [used] });
        continue;
      }
      const def = target(ctx, ra, idv, 'azurerm_role_definition');
      if (!def) continue;
      const actions = get(def, 'permissions.actions');
      (Array.isArray(actions) ? actions : []).forEach((x, j) => {
        if (typeof x !== 'string' || !AZ_ACTION.test(x)) return;
        bad++;
        out.push({
          status: 'missing',
          message: `The custom role ${def.address}, assigned to the agent ${a.address}, allows ${x}: the agent could change role assignments or identities, its own included.`,
          location: loc(def, `permissions.actions.${j}`),
          anchor: `${def.address}:${x}`,
          evidence: [ev(ra, `assigns ${def.address} to the agent`, 'role_definition_id'), used],
        });
      });
    }
    if (assignments.length && bad === 0) out.push({ status: 'met', message: `No role of the agent ${a.address} can change role assignments or identities.`, evidence: assignments.map((r) => ev(r, `role ${str(r.attributes.role_definition_name) ?? 'custom'}`, 'role_definition_name')) });
  }
}

const GCP_ROLES = /^roles\/(owner|iam\.(securityAdmin|serviceAccountAdmin|serviceAccountKeyAdmin|serviceAccountTokenCreator|serviceAccountUser|roleAdmin|organizationRoleAdmin|workloadIdentityPoolAdmin|denyAdmin|workloadIdentityUser)|resourcemanager\.(projectIamAdmin|folderIamAdmin|organizationAdmin))$/;
const GCP_PERMISSION = /(\.setIamPolicy$|^iam\.serviceAccounts\.|^iam\.serviceAccountKeys\.|^iam\.roles\.(create|update|delete)$)/;

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const { fact: a } of agentsOf(ctx).filter((x) => x.cloud === 'gcp')) {
    const sa = target(ctx, a, get(a, 'spec.service_account'), 'google_service_account');
    if (!sa) continue;
    const used = ev(a, `${a.address} runs as ${sa.address}`, 'spec.service_account');
    const bindings = gcpBindingsTo(ctx, sa);
    let bad = 0;
    for (const b of bindings) {
      const role = b.attributes.role;
      if (typeof role === 'string' && GCP_ROLES.test(role)) {
        bad++;
        out.push({ status: 'missing', message: `The agent's service account ${sa.address} is granted ${role} by ${b.address}, so the agent could change IAM policy or act as other service accounts.`, location: loc(b, 'role'), anchor: `${b.address}:role`, evidence: [used] });
        continue;
      }
      if (isExpr(role)) {
        out.push({ status: 'unresolved', message: `The role ${b.address} grants the agent's service account cannot be resolved.`, location: loc(b, 'role'), anchor: `${b.address}:role`, evidence: [used] });
        continue;
      }
      const custom = target(ctx, b, role, /^google_(project|organization)_iam_custom_role$/);
      if (!custom) continue;
      const perms = custom.attributes.permissions;
      (Array.isArray(perms) ? perms : []).forEach((p, j) => {
        if (typeof p !== 'string' || !GCP_PERMISSION.test(p)) return;
        bad++;
        out.push({
          status: 'missing',
          message: `The custom role ${custom.address}, granted to the agent's service account ${sa.address}, includes ${p}: the agent could change IAM policy or service accounts, its own included.`,
          location: loc(custom, `permissions.${j}`),
          anchor: `${custom.address}:${p}`,
          evidence: [ev(b, `grants ${custom.address} to the agent`, 'role'), used],
        });
      });
    }
    if (bad === 0) out.push({ status: 'met', message: `The agent's service account ${sa.address} holds no role that can change IAM policy or service accounts.`, evidence: [used] });
  }
}

export const tfDetector: Detector = checksDetector('tf', ['aws', 'azure', 'gcp'], aws, azure, gcp);

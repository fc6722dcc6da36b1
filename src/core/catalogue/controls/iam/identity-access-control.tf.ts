/**
 * ARG-IAM-001 for Terraform: no broad human access to AI resources, and sign-in through the
 * identity provider. Misses: IAM users or groups with wildcard AI-service (or full) access
 * on AWS; Owner / Contributor assigned to users or groups on an AI resource on Azure;
 * roles/owner or roles/editor for users, groups or everyone on GCP (project or AI resource).
 * SSO / Identity Center, conditional access and context-aware access resources are evidence.
 */
import { str } from '../../../facts';
import type { Evidence, Fact } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { ev, everywhere, inScope, loc, members, refAddress, target } from '../tf-util/facts';
import { actionLocation, statementsOf } from '../tf-util/identity';

const AI_SERVICES = ['bedrock', 'sagemaker', 'bedrock-agentcore', 'aoss', 'comprehend', 'rekognition', 'textract', 'kendra', 'q', 'lex'];

const SSO = /^(aws_ssoadmin_|aws_identitystore_|azuread_conditional_access_policy$|azurerm_pim_|azurerm_role_management_policy$|azuread_privileged_access_group_|google_access_context_manager_access_level$|google_access_context_manager_gcp_user_access_binding$|google_iap_)/;

const HUMAN_POLICY_TYPES = ['aws_iam_user_policy', 'aws_iam_group_policy', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_policy_attachment'];

function broadAction(a: string): boolean {
  if (a === '*') return true;
  const [svc, op] = a.split(':');
  return op !== undefined && AI_SERVICES.includes(svc.toLowerCase()) && /^\*$/.test(op);
}

function aws(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const seen = new Set<string>();
  for (const p of inScope(ctx, HUMAN_POLICY_TYPES)) {
    const humans = (p.references ?? []).filter((r) => /^(module\.[\w-]+\.)*aws_iam_(user|group)\./.test(r));
    if (p.type === 'aws_iam_policy_attachment' && humans.length === 0) continue;
    const who = humans[0] ?? (p.type.includes('group') ? 'an IAM group' : 'an IAM user');
    const policies: Fact[] = [p];
    if (p.type.endsWith('_attachment')) {
      const pol = target(ctx, p, p.attributes.policy_arn, 'aws_iam_policy');
      if (pol) policies.splice(0, 1, pol);
      else {
        const arn = str(p.attributes.policy_arn);
        const name = arn ? /:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1] : undefined;
        if (name && /^(AdministratorAccess|AmazonBedrockFullAccess|AmazonSageMakerFullAccess|PowerUserAccess)$/.test(name)) {
          out.push({ status: 'missing', message: `${who} has the managed policy ${name}, broad standing human access to AI services; grant people access through IAM Identity Center permission sets instead.`, location: loc(p, 'policy_arn'), anchor: `${p.address}:${name}` });
        }
        continue;
      }
    }
    for (const pol of policies) {
      for (const st of statementsOf(pol, ctx.allFacts)) {
        if (st.effect !== 'Allow') continue;
        const hit = st.notActions ? '*' : st.actions.find(broadAction);
        if (!hit) continue;
        const key = `${st.fact.address}:${st.path}:${hit}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({
          status: 'missing',
          message: `${who} is allowed ${st.notActions ? 'everything outside a NotAction list' : `"${hit}"`}${st.resources.includes('*') ? ' on every resource' : ''}: a long-lived IAM principal for people with wildcard access to AI services. Use IAM Identity Center with MFA and narrow permission sets.`,
          location: st.notActions ? loc(st.fact, st.path) : actionLocation(ctx, st, hit),
          anchor: key,
        });
      }
    }
  }
}

const AZ_BROAD = /^(Owner|Contributor)$/i;

function isHumanPrincipal(ctx: DetectorContext, ra: Fact): boolean | 'unknown' {
  const pt = str(ra.attributes.principal_type);
  if (pt) return /^(User|Group)$/i.test(pt);
  const a = refAddress(ra.attributes.principal_id);
  if (a && /(^|\.)(data\.)?azuread_(user|group)\./.test(a)) return true;
  if (a && /(azurerm_user_assigned_identity|_identity|azuread_service_principal|azurerm_)/.test(a)) return false;
  return 'unknown';
}

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const ai = new Set(members(ctx).filter((f) => f.provider === 'azure').map((f) => f.address));
  for (const ra of inScope(ctx, 'azurerm_role_assignment')) {
    const scopeRef = refAddress(ra.attributes.scope);
    if (!scopeRef || !ai.has(scopeRef)) continue;
    const role = str(ra.attributes.role_definition_name);
    if (!role || !AZ_BROAD.test(role)) continue;
    const human = isHumanPrincipal(ctx, ra);
    if (human === false) continue;
    if (human === 'unknown') {
      out.push({ status: 'unresolved', message: `${ra.address} assigns "${role}" on ${scopeRef}; whether the principal is a person or group cannot be resolved.`, location: loc(ra, 'role_definition_name'), anchor: `${ra.address}:role` });
      continue;
    }
    out.push({
      status: 'missing',
      message: `${ra.address} gives a person or group standing "${role}" on ${scopeRef}. Grant a narrow data-plane role (for example Cognitive Services OpenAI User) and make privileged roles eligible through PIM.`,
      location: loc(ra, 'role_definition_name'),
      anchor: `${ra.address}:role`,
    });
  }
}

const GCP_PRIMITIVE = /^roles\/(owner|editor)$/;
const GCP_MEMBER = /^(user:|group:|domain:|allUsers$|allAuthenticatedUsers$)/;

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const aiResources = new Set(members(ctx).filter((f) => f.provider === 'gcp').map((f) => f.address));
  const bindings = inScope(ctx, /^google_.*_iam_(member|binding)$/).filter((b) => b.type.startsWith('google_project_') || (b.references ?? []).some((r) => aiResources.has(r)));
  for (const b of bindings) {
    const role = str(b.attributes.role);
    const raw = b.attributes.member ?? b.attributes.members;
    const list = Array.isArray(raw) ? raw : [raw];
    list.forEach((m, i) => {
      if (typeof m !== 'string') return;
      const everyone = m === 'allUsers' || m === 'allAuthenticatedUsers';
      if (!GCP_MEMBER.test(m)) return;
      if (!(role && GCP_PRIMITIVE.test(role)) && !(everyone && !b.type.startsWith('google_project_'))) return;
      const path = Array.isArray(raw) ? `members.${i}` : 'member';
      out.push({
        status: 'missing',
        message: everyone
          ? `${b.address} opens an AI resource to ${m}.`
          : `${b.address} grants the primitive role ${role} to ${m.split(':')[0]} principals on the project that hosts the AI workload. Grant predefined Vertex AI roles (for example roles/aiplatform.user) to groups instead.`,
        location: loc(b, b.attributeRanges?.[path] ? path : 'role'),
        anchor: `${b.address}:${m.split(':')[0]}:${role}`,
      });
    });
  }
}

export const tfDetector: Detector = {
  kind: 'tf',
  providers: ['aws', 'azure', 'gcp'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    aws(ctx, out);
    azure(ctx, out);
    gcp(ctx, out);
    if (out.length) return out;
    const sso = everywhere(ctx, SSO);
    if (sso.length) {
      const evs: Evidence[] = sso.slice(0, 5).map((f) => ev(f, `${f.address}: sign-in through the identity provider`));
      return [{ status: 'met', message: 'People reach the AI resources through the identity provider (SSO / conditional access), and no broad human grant on them is in the files.', evidence: evs }];
    }
    return [];
  },
};

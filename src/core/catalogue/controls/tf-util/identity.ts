/**
 * Identities of Terraform workloads: the role or identity a resource runs as, the policies
 * and role assignments that reach it, and where each granted action is written. Extends the
 * reader's IAM policy helpers (parse/terraform/iam.ts) with locations and unknown policies.
 * Cloud-agnostic entry points: `agentsOf`, `awsRoleOf`, `roleStatementsWithUnknowns`,
 * `actionLocation`, `azureAssignmentsTo`, `gcpBindingsTo`.
 */
import { get, isExpr, isRef, str } from '../../../facts';
import type { Fact, FactValue, Location } from '../../../model';
import { matchesAction, roleStatements, statementsOf, type Statement } from '../../../parse/terraform/iam';
import type { DetectorContext } from '../../types';
import { inScope, literalRange, members, referencing, refAddress, target } from './facts';

export { matchesAction, roleStatements, statementsOf, type Statement };

/** Attribute that names the role each AWS agent-like resource runs as. */
export const AWS_AGENT_ROLE_ATTR: Record<string, string> = {
  aws_bedrockagent_agent: 'agent_resource_role_arn',
  aws_bedrockagentcore_agent_runtime: 'role_arn',
};

/** AWS resources that run tools or code for an agent, with their role attribute. */
export const AWS_TOOL_ROLE_ATTR: Record<string, string> = {
  aws_bedrockagentcore_gateway: 'role_arn',
  aws_bedrockagentcore_code_interpreter: 'execution_role_arn',
  aws_bedrockagentcore_browser: 'execution_role_arn',
  aws_lambda_function: 'role',
};

export const AZURE_AGENT_TYPES = ['azurerm_cognitive_account_project', 'azurerm_ai_foundry_project'];
const AZAPI_AGENT = /^Microsoft\.CognitiveServices\/accounts\/projects@/i;

export interface Agent {
  fact: Fact;
  cloud: 'aws' | 'azure' | 'gcp';
}

/** The agents of a workload: Bedrock agents, AgentCore runtimes, Foundry projects, Agent Engine (reasoning engines). */
export function agentsOf(ctx: DetectorContext): Agent[] {
  const out: Agent[] = [];
  for (const f of members(ctx)) {
    if (AWS_AGENT_ROLE_ATTR[f.type]) out.push({ fact: f, cloud: 'aws' });
    else if (AZURE_AGENT_TYPES.includes(f.type) || (f.type === 'azapi_resource' && AZAPI_AGENT.test(str(f.attributes.type) ?? ''))) out.push({ fact: f, cloud: 'azure' });
    else if (f.type === 'google_vertex_ai_reasoning_engine') out.push({ fact: f, cloud: 'gcp' });
  }
  return out;
}

export type RoleRef =
  | { kind: 'role'; role: Fact; path: string }
  | { kind: 'external'; path: string; why: string }
  | { kind: 'unknown'; path: string }
  | { kind: 'absent'; path: string };

/** The IAM role an AWS resource runs as, by the attribute that names it. */
export function awsRoleOf(ctx: DetectorContext, f: Fact, path: string): RoleRef {
  const v = get(f, path);
  if (v === undefined || v === null) return { kind: 'absent', path };
  const role = target(ctx, f, v, 'aws_iam_role');
  if (role) return { kind: 'role', role, path };
  const data = target(ctx, f, v, /^aws_iam_role$/);
  if (data) return { kind: 'role', role: data, path };
  if (isRef(v) || isExpr(v)) {
    const a = refAddress(v);
    if (a && a.startsWith('data.')) return { kind: 'external', path, why: `the role is looked up from ${a}` };
    return { kind: 'unknown', path };
  }
  if (typeof v === 'string') return { kind: 'external', path, why: 'the role is named by a literal ARN defined outside these files' };
  return { kind: 'unknown', path };
}

/** Policies that reach a role but whose content cannot be read (file(), templatefile(), a variable ARN). */
export function unreadablePolicies(ctx: DetectorContext, role: Fact): Fact[] {
  const out: Fact[] = [];
  // The role's own module's resources that reference it, read through the referrers index.
  for (const p of referencing(ctx, role, 'aws_iam_role_policy')) if (isExpr(p.attributes.policy) && !refAddress(p.attributes.policy)) out.push(p);
  for (const a of referencing(ctx, role, ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment'])) {
    const arn = a.attributes.policy_arn;
    if (isExpr(arn) && !refAddress(arn)) out.push(a);
    const pol = target(ctx, a, arn, 'aws_iam_policy');
    if (pol && isExpr(pol.attributes.policy) && !refAddress(pol.attributes.policy)) out.push(pol);
  }
  const inl = role.attributes.inline_policy;
  if (Array.isArray(inl) && inl.some((b) => typeof b === 'object' && b !== null && !Array.isArray(b) && isExpr((b as Record<string, FactValue>).policy))) out.push(role);
  return out;
}

/** Location of the `j`-th action of a statement: the list item, the attribute, or the quoted literal in a heredoc. */
export function actionLocation(ctx: DetectorContext, st: Statement, action: string): Location {
  const f = st.fact;
  const r = f.attributeRanges ?? {};
  const listKey = st.fact.type === 'aws_iam_policy_document' ? (st.notActions ? 'not_actions' : 'actions') : st.notActions ? 'NotAction' : 'Action';
  const values = get(f, `${st.path}.${listKey}`);
  if (Array.isArray(values)) {
    const j = values.findIndex((v) => v === action);
    if (j >= 0 && r[`${st.path}.${listKey}.${j}`]) return { file: f.file, range: r[`${st.path}.${listKey}.${j}`] };
  }
  if (r[`${st.path}.${listKey}`]) return { file: f.file, range: r[`${st.path}.${listKey}`] };
  const top = st.path.startsWith('inline_policy') ? st.path.replace(/\.Statement.*$/, '') : st.path.split('.')[0];
  return { file: f.file, range: literalRange(ctx, f, r[top] ? top : st.path.split('.')[0], action) };
}

/** Statements reaching a role, and whether some policy content could not be read. */
export function roleStatementsWithUnknowns(ctx: DetectorContext, role: Fact): { statements: Statement[]; unreadable: Fact[] } {
  return { statements: roleStatements(role, ctx.allFacts), unreadable: unreadablePolicies(ctx, role) };
}

/** The statements of a role's permissions boundary, when it points at a policy in the files. */
export function boundaryOf(ctx: DetectorContext, role: Fact): { kind: 'none' } | { kind: 'policy'; policy: Fact; statements: Statement[] } | { kind: 'external' } {
  const v = role.attributes.permissions_boundary;
  if (v === undefined || v === null) return { kind: 'none' };
  const pol = target(ctx, role, v, 'aws_iam_policy');
  if (pol && !isExpr(pol.attributes.policy)) return { kind: 'policy', policy: pol, statements: statementsOf(pol, ctx.allFacts) };
  return { kind: 'external' };
}

// ───────────────────────────── Azure ─────────────────────────────

/** Addresses that stand for an Azure resource's identity: the resource itself (system-assigned) and its user-assigned identities. */
export function azureIdentityAddresses(ctx: DetectorContext, f: Fact): string[] {
  const out = [f.address];
  const ids = get(f, 'identity.identity_ids');
  for (const v of Array.isArray(ids) ? ids : []) {
    const a = refAddress(v);
    if (a) out.push(a);
  }
  return out;
}

/** Role assignments of the root module whose principal is one of these identities. */
export function azureAssignmentsTo(ctx: DetectorContext, addresses: string[], scope: string): Fact[] {
  return inScope(ctx, 'azurerm_role_assignment').filter((a) => {
    if ((a.scope ?? '.') !== scope) return false;
    const p = refAddress(a.attributes.principal_id);
    return p !== undefined && addresses.includes(p);
  });
}

// ───────────────────────────── GCP ─────────────────────────────

export const GCP_BINDING = /^google_.*_iam_(member|binding)$/;

/** IAM members / bindings of the root module that grant something to this service account. */
export function gcpBindingsTo(ctx: DetectorContext, sa: Fact): Fact[] {
  return inScope(ctx, GCP_BINDING).filter((b) => (b.references ?? []).includes(sa.address));
}

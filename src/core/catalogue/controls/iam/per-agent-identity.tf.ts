/**
 * ARG-IAM-004 for Terraform: every agent runs as its own identity, capped by a boundary.
 * AWS: one IAM role per Bedrock agent / AgentCore runtime, with a permissions_boundary.
 * Azure: a user-assigned managed identity per Foundry project / agent, not shared.
 * GCP: a dedicated service account (or agent identity) per Agent Engine reasoning engine.
 * Two agents sharing one identity is a miss. Fixes: add a permissions boundary (AWS); give
 * the reasoning engine its own service account (GCP).
 */
import { get, isExpr, str } from '../../../facts';
import type { Fact } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { ev, freeName, header, loc, refAddress, target } from '../tf-util/facts';
import { appendBlocks, fixOf, insertLines, setAttribute } from '../tf-util/fixes';
import { AWS_AGENT_ROLE_ATTR, agentsOf, awsRoleOf, type Agent } from '../tf-util/identity';

const BOUNDARY_VAR = 'agent_permissions_boundary_arn';

function boundaryFix(ctx: DetectorContext, role: Fact) {
  const scope = role.scope ?? '.';
  return fixOf('Add a permissions boundary to the agent role (var.agent_permissions_boundary_arn)', 'unsafe', [
    setAttribute(ctx, role, 'permissions_boundary', `var.${BOUNDARY_VAR}`),
    appendBlocks(ctx, role.file, scope, [], [{ name: BOUNDARY_VAR, description: 'ARN of the managed policy that caps what agent roles can ever be granted (permissions boundary)' }]),
  ]);
}

function aws(ctx: DetectorContext, agents: Agent[], out: DetectorOutcome[]): void {
  const owner = new Map<string, Fact>();
  const boundaryDone = new Set<string>();
  for (const { fact: a } of agents) {
    const path = AWS_AGENT_ROLE_ATTR[a.type];
    const r = awsRoleOf(ctx, a, path);
    if (r.kind === 'absent') {
      out.push({ status: 'missing', message: `${a.address} names no IAM role of its own (${path}).`, location: header(a), anchor: `${a.address}:${path}` });
      continue;
    }
    if (r.kind === 'unknown') {
      out.push({ status: 'unresolved', message: `The role of ${a.address} is set from a value that cannot be resolved, so whether it is dedicated and bounded cannot be seen.`, location: loc(a, path), anchor: `${a.address}:${path}` });
      continue;
    }
    if (r.kind === 'external') {
      out.push({ status: 'unresolved', message: `${a.address} runs as a role defined outside these files (${r.why}); whether it is dedicated and has a permissions boundary cannot be seen.`, location: loc(a, path), anchor: `${a.address}:${path}` });
      continue;
    }
    const role = r.role;
    const first = owner.get(role.id);
    if (first) {
      out.push({
        status: 'missing',
        message: `${a.address} runs as ${role.address}, the same role as ${first.address}. Agents that share a role share every permission and cannot be told apart in the audit trail; give each agent its own role.`,
        location: loc(a, path),
        anchor: `${a.address}:${path}:shared`,
        evidence: [ev(first, `${first.address} also uses ${role.address}`, AWS_AGENT_ROLE_ATTR[first.type])],
      });
    } else owner.set(role.id, a);
    if (boundaryDone.has(role.id)) continue;
    boundaryDone.add(role.id);
    const pb = role.attributes.permissions_boundary;
    if (pb === undefined || pb === null) {
      out.push({
        status: 'missing',
        message: `The agent role ${role.address} has no permissions_boundary, so nothing caps what a later policy attachment can grant the agent.`,
        location: header(role),
        anchor: `${role.address}:permissions_boundary`,
        evidence: [ev(a, `${a.address} runs as ${role.address}`, path)],
        fixes: boundaryFix(ctx, role),
      });
    } else if (!first) {
      out.push({ status: 'met', message: `${a.address} has its own role ${role.address} with a permissions boundary.`, evidence: [ev(role, 'permissions_boundary is set', 'permissions_boundary'), ev(a, `runs as ${role.address}`, path)] });
    }
  }
}

function azure(ctx: DetectorContext, agents: Agent[], out: DetectorOutcome[]): void {
  const users = new Map<string, Fact>();
  for (const { fact: a } of agents) {
    const type = str(get(a, 'identity.type'));
    if (get(a, 'identity') === undefined) {
      out.push({ status: 'missing', message: `${a.address} has no managed identity block, so the agent has no identity of its own to scope and audit.`, location: header(a), anchor: `${a.address}:identity` });
      continue;
    }
    if (type === undefined) {
      out.push({ status: 'unresolved', message: `The identity type of ${a.address} cannot be resolved.`, location: loc(a, 'identity'), anchor: `${a.address}:identity` });
      continue;
    }
    if (!/UserAssigned/i.test(type)) {
      out.push({
        status: 'partial',
        message: `${a.address} uses only a system-assigned identity; give the agent a user-assigned managed identity of its own so its roles and deny assignments can be set up and reviewed before it runs.`,
        location: loc(a, 'identity.type'),
        anchor: `${a.address}:identity`,
      });
      continue;
    }
    const ids = get(a, 'identity.identity_ids');
    const list = Array.isArray(ids) ? ids : [];
    let shared = false;
    for (const v of list) {
      const addr = refAddress(v) ?? (typeof v === 'string' ? v : undefined);
      if (!addr) continue;
      const prev = users.get(addr);
      if (prev && prev !== a) {
        shared = true;
        out.push({
          status: 'missing',
          message: `${a.address} uses the managed identity ${addr}, which ${prev.address} also uses. Give each agent its own user-assigned identity.`,
          location: loc(a, 'identity.identity_ids'),
          anchor: `${a.address}:identity:shared`,
          evidence: [ev(prev, `${prev.address} also uses ${addr}`, 'identity.identity_ids')],
        });
      } else users.set(addr, a);
    }
    if (!shared && list.length) out.push({ status: 'met', message: `${a.address} has its own user-assigned managed identity.`, evidence: [ev(a, 'user-assigned identity', 'identity.identity_ids')] });
  }
}

function gcpFix(ctx: DetectorContext, a: Fact) {
  if (!a.attributeRanges?.spec) return [];
  const scope = a.scope ?? '.';
  const name = freeName(ctx, 'google_service_account', `${a.name ?? 'agent'}_agent`, scope);
  const accountId = name.replace(/_/g, '-').toLowerCase().slice(0, 30).replace(/-+$/, '');
  return fixOf(`Run the agent as its own service account (google_service_account.${name})`, 'unsafe', [
    insertLines(ctx, a, 'spec', [`service_account = google_service_account.${name}.email`]),
    appendBlocks(ctx, a.file, scope, [
      [`resource "google_service_account" "${name}" {`, `  account_id   = ${JSON.stringify(accountId.length >= 6 ? accountId : `${accountId}-agent`)}`, `  display_name = ${JSON.stringify(`Identity of ${a.address}`)}`, '}'].join('\n'),
    ]),
  ]);
}

function gcp(ctx: DetectorContext, agents: Agent[], out: DetectorOutcome[]): void {
  const owner = new Map<string, Fact>();
  for (const { fact: a } of agents) {
    if (str(get(a, 'spec.identity_type')) === 'AGENT_IDENTITY') {
      out.push({ status: 'met', message: `${a.address} runs with its own agent identity.`, evidence: [ev(a, 'identity_type = "AGENT_IDENTITY"', 'spec.identity_type')] });
      continue;
    }
    const v = get(a, 'spec.service_account');
    if (v === undefined || v === null) {
      out.push({
        status: 'missing',
        message: `${a.address} sets no service_account, so it runs as the project's shared Reasoning Engine service agent together with every other agent of the project.`,
        location: header(a),
        anchor: `${a.address}:service_account`,
        fixes: gcpFix(ctx, a),
      });
      continue;
    }
    if (typeof v === 'string' && /-compute@developer\.gserviceaccount\.com$|@appspot\.gserviceaccount\.com$/.test(v)) {
      out.push({ status: 'missing', message: `${a.address} runs as a default service account shared by the project's compute.`, location: loc(a, 'spec.service_account'), anchor: `${a.address}:service_account` });
      continue;
    }
    const sa = target(ctx, a, v, 'google_service_account');
    const key = sa?.id ?? (typeof v === 'string' ? v : undefined);
    if (!key) {
      out.push({ status: 'unresolved', message: `The service account of ${a.address} cannot be resolved.`, location: loc(a, 'spec.service_account'), anchor: `${a.address}:service_account` });
      continue;
    }
    const prev = owner.get(key);
    if (prev) {
      out.push({
        status: 'missing',
        message: `${a.address} runs as the same service account as ${prev.address}; give each agent its own service account.`,
        location: loc(a, 'spec.service_account'),
        anchor: `${a.address}:service_account:shared`,
        evidence: [ev(prev, `${prev.address} uses the same account`, 'spec.service_account')],
      });
      continue;
    }
    owner.set(key, a);
    if (isExpr(v) && !sa) out.push({ status: 'unresolved', message: `The service account of ${a.address} cannot be resolved.`, location: loc(a, 'spec.service_account'), anchor: `${a.address}:service_account` });
    else out.push({ status: 'met', message: `${a.address} runs as its own service account${sa ? ` ${sa.address}` : ''}.`, evidence: [ev(a, 'dedicated service account', 'spec.service_account')] });
  }
}

export const tfDetector: Detector = {
  kind: 'tf',
  providers: ['aws', 'azure', 'gcp'],
  evaluate(ctx): DetectorOutcome[] {
    const agents = agentsOf(ctx);
    if (agents.length === 0) return [];
    // Agents of other workloads in the same root module can share the role too.
    const out: DetectorOutcome[] = [];
    aws(ctx, agents.filter((a) => a.cloud === 'aws'), out);
    azure(ctx, agents.filter((a) => a.cloud === 'azure'), out);
    gcp(ctx, agents.filter((a) => a.cloud === 'gcp'), out);
    return out;
  },
};

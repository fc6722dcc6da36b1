/**
 * Terraform facts → workload candidates. Within one root module (scope), resources are
 * joined into connected AI systems along references, read in both directions (an agent
 * using a role, a policy naming that role, an endpoint configuration using a KMS key).
 * Only components with at least one tier signal become workloads.
 *
 * Left out of the graph, so they do not glue unrelated systems together:
 * - account- or organisation-level resources (CloudTrail, Security Hub, GuardDuty, Config,
 *   Bedrock invocation logging, Defender / Security Center, Azure Policy, Security Command
 *   Center, org policies, VPC Service Controls). They belong to no workload; detectors find
 *   them through `allFacts`;
 * - shared plumbing (VPCs, subnets, virtual networks, resource groups, projects, identity
 *   and region data sources, log workspaces) and local module calls that contain no AI
 *   resource: they are attached to every workload that references them but never join two;
 * - `google_project_service` API enablement: attached to the scope's AI workloads when
 *   there are any, otherwise a workload of its own;
 * - the module directories' own copies (`module:definition`): their instantiated copies
 *   in the caller's scope are grouped instead.
 */
import type { FactQuery } from '../../catalogue/types';
import { perScan, prefixedKey, scanIndex } from '../../facts';
import { TIERS, type Fact, type Tier } from '../../model';
import type { WorkloadDraft } from '../../plugin';
import { friendlyName, tierSignals } from './signals';

const ACCOUNT_LEVEL =
  /^(aws_cloudtrail|aws_securityhub_|aws_guardduty_|aws_config_|aws_organizations_|aws_accessanalyzer_|aws_macie2_|aws_inspector2_|aws_detective_|aws_bedrock_model_invocation_logging_configuration$|aws_iam_account_|aws_ebs_encryption_by_default$|aws_s3_account_public_access_block$|aws_fms_|azurerm_security_center_|azurerm_policy_|azurerm_subscription_policy_|azurerm_management_group|azurerm_resource_group_policy_|azurerm_sentinel_|azurerm_advanced_threat_protection$|azurerm_monitor_aad_diagnostic_setting$|google_scc_|google_organization_|google_folder_|google_access_context_manager_|google_logging_organization_|google_logging_folder_|google_org_policy_)/;

const SHARED =
  /^(aws_vpc$|aws_subnet$|aws_internet_gateway$|aws_nat_gateway$|aws_route_table|aws_route$|aws_eip$|aws_default_|azurerm_resource_group$|azurerm_virtual_network$|azurerm_subnet$|azurerm_log_analytics_workspace$|azurerm_client_config$|azurerm_subscription$|google_compute_network$|google_compute_subnetwork$|google_project$|google_client_config$|google_client_openid_userinfo$|aws_caller_identity$|aws_region$|aws_partition$|aws_availability_zones$|aws_iam_session_context$|azuread_client_config$)/;

const ANCHOR_PREFERENCE = [
  'aws_bedrockagent_agent',
  'aws_bedrockagentcore_agent_runtime',
  'aws_sagemaker_endpoint',
  'google_vertex_ai_endpoint',
  'google_vertex_ai_endpoint_with_model_garden_deployment',
  'google_vertex_ai_reasoning_engine',
  'azurerm_cognitive_account',
  'azurerm_ai_foundry_project',
  'azurerm_cognitive_account_project',
  'azurerm_machine_learning_workspace',
  'aws_sagemaker_domain',
];

function tierRank(t: Tier): number {
  return TIERS.indexOf(t);
}

/** The root module a fact is grouped in, or undefined when it never joins a workload graph. */
function groupScopeOf(f: Fact): string | undefined {
  if (f.kind !== 'resource' && f.kind !== 'data' && f.kind !== 'module') return undefined;
  if (f.hints?.includes('module:definition')) return undefined;
  if (ACCOUNT_LEVEL.test(f.type)) return undefined;
  return f.scope ?? '.';
}

export function groupTerraform(_facts: readonly Fact[], all: FactQuery): WorkloadDraft[] {
  // Each root module is grouped on its own, through the scan's index and a perScan value: an
  // edit re-groups the modules whose facts (or what their signals read) changed, not all. The
  // modules are the index's keys (the scopes of groupable facts, all Terraform's), in scan order.
  const byScope = scanIndex(all, 'tf:groupable-by-scope', groupScopeOf);
  const drafts: WorkloadDraft[] = [];
  for (const scope of byScope.keys()) for (const d of perScan(all, groupKey(scope), () => groupScope(scope, [...byScope.get(scope)], all))) drafts.push(d);
  return drafts;
}

const groupKeys = new Map<string, string>();

/** The perScan key of a module's grouping, made once per module. */
function groupKey(scope: string): string {
  return prefixedKey(groupKeys, 'tf:group:', scope, 100_000);
}

function groupScope(scope: string, facts: Fact[], all: FactQuery): WorkloadDraft[] {
  const tiers = new Map<Fact, Tier>();
  for (const f of facts) {
    const sigs = tierSignals(f, all);
    if (sigs.length) tiers.set(f, sigs.reduce((m, s) => (tierRank(s.tier) > tierRank(m) ? s.tier : m), sigs[0].tier));
  }
  const byAddress = new Map<string, Fact[]>();
  for (const f of facts) {
    const l = byAddress.get(f.address);
    if (l) l.push(f);
    else byAddress.set(f.address, [f]);
  }
  // local module calls that hold no AI resource are shared plumbing
  const aiCalls = new Set<string>();
  for (const [f] of tiers) {
    for (const h of f.hints ?? []) if (h.startsWith('module:call:')) {
      const call = h.slice('module:call:'.length);
      // the call and every enclosing call
      const parts = call.split('.');
      for (let i = 2; i <= parts.length; i += 2) aiCalls.add(parts.slice(0, i).join('.'));
    }
  }
  const isShared = (f: Fact): boolean => {
    if (tiers.has(f)) return false;
    if (SHARED.test(f.type)) return true;
    if (f.kind === 'module' && !aiCalls.has(f.address)) return true;
    return false;
  };
  const isProjectService = (f: Fact) => f.type === 'google_project_service';

  const parent = new Map<Fact, Fact>();
  const find = (f: Fact): Fact => {
    let r = f;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let c = f;
    while (parent.get(c) !== r) {
      const n = parent.get(c)!;
      parent.set(c, r);
      c = n;
    }
    return r;
  };
  const union = (a: Fact, b: Fact) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const joining = facts.filter((f) => !isShared(f) && !isProjectService(f));
  for (const f of joining) parent.set(f, f);
  const attachments = new Map<Fact, Set<Fact>>(); // joining fact → shared facts it references
  for (const f of joining) {
    for (const r of f.references ?? []) {
      for (const t of byAddress.get(r) ?? []) {
        if (t === f) continue;
        if (parent.has(t)) union(f, t);
        else {
          const set = attachments.get(f) ?? new Set<Fact>();
          set.add(t);
          attachments.set(f, set);
        }
      }
    }
  }
  const components = new Map<Fact, Fact[]>();
  for (const f of joining) {
    const r = find(f);
    const l = components.get(r);
    if (l) l.push(f);
    else components.set(r, [f]);
  }
  const aiComponents = [...components.values()].filter((c) => c.some((f) => tiers.has(f)));
  const services = facts.filter((f) => isProjectService(f) && tiers.has(f));
  const drafts: WorkloadDraft[] = [];
  for (const comp of aiComponents) {
    const members = new Set<Fact>(comp);
    for (const f of comp) for (const s of attachments.get(f) ?? []) members.add(s);
    for (const s of services) members.add(s);
    drafts.push(draft(scope, [...members], tiers));
  }
  if (aiComponents.length === 0 && services.length) drafts.push(draft(scope, services, tiers));
  return drafts;
}

function draft(scope: string, members: Fact[], tiers: Map<Fact, Tier>): WorkloadDraft {
  const ranked = members
    .filter((f) => tiers.has(f))
    .sort((a, b) => {
      const d = tierRank(tiers.get(b)!) - tierRank(tiers.get(a)!);
      if (d) return d;
      const pa = pref(a);
      const pb = pref(b);
      if (pa !== pb) return pa - pb;
      const ia = a.hints?.includes('module:instance') ? 1 : 0;
      const ib = b.hints?.includes('module:instance') ? 1 : 0;
      if (ia !== ib) return ia - ib;
      return a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.line - b.range.start.line;
    });
  const anchor = ranked[0];
  const label = anchor.hints?.includes('module:instance') ? anchor.address.replace(/\.[^.]+\.[^.]+$/, '') + '.' + (anchor.name ?? '') : anchor.name ?? anchor.address;
  const where = scope === '.' ? 'root module' : scope;
  members.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    kind: 'terraform',
    name: `${capital(friendlyName(anchor))} ${label} (${where})`,
    root: scope,
    members: members.map((m) => m.id),
    anchorFactId: anchor.id,
  };
}

function pref(f: Fact): number {
  const i = ANCHOR_PREFERENCE.indexOf(f.type);
  return i < 0 ? ANCHOR_PREFERENCE.length + (f.kind === 'module' ? 1 : 0) : i;
}

function capital(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/**
 * ARG-NET-003 in Terraform: where AI compute may send traffic.
 * - AWS: AI Lambdas and AgentCore runtimes / code interpreters. In a VPC, egress is enforced
 *   by an AWS Network Firewall in that VPC, by security groups without 0.0.0.0/0 egress, or by
 *   subnets whose route tables have no default route (endpoint-only). Outside a VPC, or in
 *   PUBLIC network mode, nothing restricts it.
 * - Azure: AI accounts with `outbound_network_access_restricted` (+ `fqdns`); ML workspaces and
 *   Foundry hubs with a managed network in `AllowOnlyApprovedOutbound` mode.
 * - GCP: the VPC networks the workload uses have an EGRESS deny firewall rule.
 */
import { get, str, truth } from '../../../facts';
import type { Evidence, Fact, FactValue } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { hclBlock, q } from '../tf-net-util/hcl';
import { addressesIn, appendBlocks, ev, fixOf, gap, inScope, insertLines, label, listOf, members, met, refersTo, setAttribute, stringsOf, TODO, unknown } from '../tf-net-util';
import { checksDetector } from '../compose';

const OPEN = (v: FactValue | undefined) => stringsOf(v).values.some((c) => c === '0.0.0.0/0' || c === '::/0');

interface OpenRule {
  fact: Fact;
  path: string;
  inline: boolean;
}

function openEgress(ctx: DetectorContext, sg: Fact): OpenRule[] {
  const out: OpenRule[] = [];
  listOf(sg.attributes.egress).forEach((e, i) => {
    for (const k of ['cidr_blocks', 'ipv6_cidr_blocks']) if (OPEN(get(e, k))) out.push({ fact: sg, path: i === 0 ? `egress.${k}` : `egress.${i}.${k}`, inline: true });
  });
  for (const r of inScope(ctx, 'aws_vpc_security_group_egress_rule').filter((x) => refersTo(x, sg))) {
    for (const k of ['cidr_ipv4', 'cidr_ipv6']) if (OPEN(r.attributes[k])) out.push({ fact: r, path: k, inline: false });
  }
  for (const r of inScope(ctx, 'aws_security_group_rule').filter((x) => refersTo(x, sg) && str(x.attributes.type) === 'egress')) {
    for (const k of ['cidr_blocks', 'ipv6_cidr_blocks']) if (OPEN(r.attributes[k])) out.push({ fact: r, path: k, inline: false });
  }
  return out;
}

function factsAt(ctx: DetectorContext, v: FactValue | undefined, scope: string | undefined, type: string): Fact[] {
  return addressesIn(v).flatMap((a) => ctx.allFacts.byAddress(a, scope)).filter((f) => f.type === type);
}

/** Whether a subnet has a default route out (NAT / internet gateway / instance); 'unknown' when its route table cannot be seen. */
function defaultRoute(ctx: DetectorContext, subnet: Fact): { route: boolean | 'unknown'; evid?: Evidence } {
  const assoc = inScope(ctx, 'aws_route_table_association').find((a) => refersTo(a, subnet));
  let tables: Fact[];
  if (assoc) tables = factsAt(ctx, assoc.attributes.route_table_id, subnet.scope, 'aws_route_table');
  else {
    const vpcs = factsAt(ctx, subnet.attributes.vpc_id, subnet.scope, 'aws_vpc');
    if (vpcs.length === 0) return { route: 'unknown' };
    const main = inScope(ctx, 'aws_main_route_table_association').find((m) => vpcs.some((v) => refersTo(m, v)));
    const def = inScope(ctx, 'aws_default_route_table').find((d) => vpcs.some((v) => refersTo(d, v)));
    if (main) tables = factsAt(ctx, main.attributes.route_table_id, subnet.scope, 'aws_route_table');
    else if (def) tables = [def];
    else return { route: false }; // a new VPC's main route table holds only the local route
  }
  if (tables.length === 0) return { route: 'unknown' };
  for (const t of tables) {
    const inline = listOf(t.attributes.route).find((r) => (str(get(r, 'cidr_block')) === '0.0.0.0/0' || str(get(r, 'ipv6_cidr_block')) === '::/0') && get(r, 'vpc_endpoint_id') === undefined);
    if (inline) return { route: true, evid: ev(t, 'default route 0.0.0.0/0 leaves the VPC', 'route') };
    const r = inScope(ctx, 'aws_route').find((x) => refersTo(x, t) && (str(x.attributes.destination_cidr_block) === '0.0.0.0/0' || str(x.attributes.destination_ipv6_cidr_block) === '::/0'));
    if (r) return { route: true, evid: ev(r, 'default route 0.0.0.0/0 leaves the VPC', 'destination_cidr_block') };
  }
  return { route: false };
}

function awsVpcCompute(ctx: DetectorContext, f: Fact, subnetPath: string, sgPath: string, what: string, out: DetectorOutcome[]): void {
  const subnetsV = get(f, subnetPath);
  const sgs = factsAt(ctx, get(f, sgPath), f.scope, 'aws_security_group');
  const subnets = factsAt(ctx, subnetsV, f.scope, 'aws_subnet');
  const vpcs = new Set<string>();
  for (const x of [...subnets, ...sgs]) for (const a of addressesIn(x.attributes.vpc_id)) vpcs.add(a);
  const fw = inScope(ctx, 'aws_networkfirewall_firewall').find((w) => addressesIn(w.attributes.vpc_id).some((a) => vpcs.has(a)));
  if (fw) {
    out.push(met(`Outbound traffic of the ${what} passes an AWS Network Firewall in its VPC.`, [ev(fw, 'Network Firewall in the same VPC', 'vpc_id')]));
    return;
  }
  if (sgs.length === 0 && unknown(get(f, sgPath))) {
    out.push(gap('unresolved', f, sgPath, 'egress', `The ${what}'s security groups are computed, so where it may send traffic is unknown.`));
    return;
  }
  const open = sgs.flatMap((sg) => openEgress(ctx, sg));
  if (sgs.length > 0 && open.length === 0) {
    out.push(met(`The ${what}'s security groups allow no egress to 0.0.0.0/0.`, sgs.map((sg) => ev(sg, 'no open egress rule'))));
    return;
  }
  // security groups allow everything: the route tables decide
  const routes = subnets.map((s) => ({ s, ...defaultRoute(ctx, s) }));
  const exits = routes.filter((r) => r.route === true);
  if (subnets.length > 0 && exits.length === 0 && routes.every((r) => r.route === false) && !unknown(subnetsV)) {
    out.push(met(`The ${what}'s subnets have no route to the internet, so it can reach only the VPC and its endpoints.`, subnets.map((s) => ev(s, 'private subnet without a default route'))));
    return;
  }
  if (exits.length === 0) {
    out.push(gap('unresolved', f, subnetPath, 'egress', `The ${what}'s security groups allow all egress and its subnets' route tables are not in these files, so whether it can reach the internet is unknown.`, open.map((o) => ev(o.fact, 'egress to 0.0.0.0/0', o.path))));
    return;
  }
  const first = open[0] ?? { fact: sgs[0] ?? f, path: sgPath, inline: false };
  const vpc = [...vpcs].flatMap((a) => ctx.allFacts.byAddress(a, f.scope)).find((v) => v.type === 'aws_vpc');
  const fix = first.inline && vpc && /^egress(\.\d+)?\.cidr_blocks$/.test(first.path)
    ? fixOf('Limit egress to the VPC (interface endpoints only)', 'unsafe', [setAttribute(ctx, first.fact, first.path, `[${vpc.address}.cidr_block]`, `${TODO}: allow the other destinations the workload needs through a firewall or endpoints`)])
    : undefined;
  out.push(
    gap('missing', first.fact, first.path, 'egress', `The ${what} may send traffic anywhere: its security group allows egress to 0.0.0.0/0, its subnet routes to the internet and no Network Firewall filters the traffic.`, [ev(f, `${what} in this VPC`, subnetPath), ...exits.map((e) => e.evid!).filter(Boolean)], [fix]),
  );
}

function aws(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const f of members(ctx, 'aws_lambda_function')) {
    const subnets = get(f, 'vpc_config.subnet_ids');
    if (subnets === undefined || (Array.isArray(subnets) && subnets.length === 0)) {
      out.push(gap('missing', f, undefined, 'no-vpc', 'The function runs outside a VPC, so its outbound traffic goes straight to the internet and no firewall or security group can restrict it.'));
      continue;
    }
    awsVpcCompute(ctx, f, 'vpc_config.subnet_ids', 'vpc_config.security_group_ids', 'function', out);
  }
  for (const f of members(ctx, 'aws_bedrockagentcore_agent_runtime', 'aws_bedrockagentcore_code_interpreter')) {
    const what = f.type === 'aws_bedrockagentcore_agent_runtime' ? 'agent runtime' : 'code interpreter';
    const mode = get(f, 'network_configuration.network_mode');
    if (unknown(mode)) out.push(gap('unresolved', f, 'network_configuration.network_mode', 'egress', `The ${what}'s network_mode is computed, so where it may send traffic is unknown.`));
    else if (str(mode) === 'SANDBOX') out.push(met(`The ${what} runs in SANDBOX mode without network access.`, [ev(f, 'network_mode = "SANDBOX"', 'network_configuration.network_mode')]));
    else if (str(mode) === 'VPC') awsVpcCompute(ctx, f, 'network_configuration.network_mode_config.subnets', 'network_configuration.network_mode_config.security_groups', what, out);
    else {
      const fix = what === 'code interpreter' && mode !== undefined ? fixOf('Run the code interpreter in SANDBOX mode (no network)', 'unsafe', [setAttribute(ctx, f, 'network_configuration.network_mode', q('SANDBOX'))]) : undefined;
      out.push(gap('missing', f, 'network_configuration.network_mode', 'egress', `The ${what} runs in PUBLIC network mode, so it can reach any host on the internet.`, [], [fix]));
    }
  }
}

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const f of members(ctx, 'azurerm_cognitive_account', 'azurerm_ai_services')) {
    const v = f.attributes.outbound_network_access_restricted;
    const t = truth(v);
    if (t === 'unknown') out.push(gap('unresolved', f, 'outbound_network_access_restricted', 'outbound', 'outbound_network_access_restricted is computed, so whether the account may call arbitrary hosts is unknown.'));
    else if (t === true) out.push(met('Outbound access of the AI account is restricted to its fqdns allowlist.', [ev(f, 'outbound_network_access_restricted = true', 'outbound_network_access_restricted')]));
    else {
      const note = `${TODO}: list the hosts the account may call (data sources, storage, search)`;
      const edits =
        v === undefined && !('fqdns' in f.attributes)
          ? [insertLines(ctx, f, undefined, ['outbound_network_access_restricted = true', `fqdns                              = [] # ${note}`])]
          : [setAttribute(ctx, f, 'outbound_network_access_restricted', 'true'), ...('fqdns' in f.attributes ? [] : [setAttribute(ctx, f, 'fqdns', '[]', note)])];
      out.push(gap('missing', f, 'outbound_network_access_restricted', 'outbound', `The AI account may call any host (${v === undefined ? 'outbound_network_access_restricted is not set and defaults to false' : 'outbound_network_access_restricted = false'}).`, [], [fixOf('Restrict outbound access to an fqdns allowlist', 'unsafe', edits)]));
    }
  }
  for (const f of members(ctx, 'azurerm_ai_foundry', 'azurerm_machine_learning_workspace')) {
    const what = f.type === 'azurerm_ai_foundry' ? 'AI Foundry hub' : 'Azure ML workspace';
    const mode = get(f, 'managed_network.isolation_mode');
    const fix = fixOf('Allow only approved outbound traffic from the managed network', 'unsafe', [setAttribute(ctx, f, 'managed_network.isolation_mode', q('AllowOnlyApprovedOutbound'))]);
    if (unknown(mode)) out.push(gap('unresolved', f, 'managed_network.isolation_mode', 'isolation_mode', 'isolation_mode is computed, so whether the managed network limits egress is unknown.'));
    else if (str(mode) === 'AllowOnlyApprovedOutbound') out.push(met(`The ${what}'s managed network allows only approved outbound traffic.`, [ev(f, 'isolation_mode = "AllowOnlyApprovedOutbound"', 'managed_network.isolation_mode')]));
    else if (str(mode) === 'AllowInternetOutbound') out.push(gap('partial', f, 'managed_network.isolation_mode', 'isolation_mode', `The ${what} has a managed network, but it allows all internet outbound traffic.`, [], [fix]));
    else out.push(gap('missing', f, 'managed_network.isolation_mode', 'isolation_mode', `The ${what}'s compute has no managed-network egress control (${mode === undefined ? 'no managed_network isolation mode is set' : `isolation_mode = "${str(mode)}"`}).`, [], [fix]));
  }
}

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const nets = members(ctx).length ? ctx.facts.filter((f) => f.type === 'google_compute_network' && f.kind === 'resource') : [];
  const taken = new Set<string>();
  for (const n of nets) {
    const rules = inScope(ctx, 'google_compute_firewall').filter((r) => refersTo(r, n) && str(r.attributes.direction) === 'EGRESS' && listOf(r.attributes.deny).length > 0 && stringsOf(r.attributes.destination_ranges).values.includes('0.0.0.0/0'));
    if (rules.length) {
      out.push(met('An EGRESS deny firewall rule covers the network the workload uses.', rules.map((r) => ev(r, 'deny egress to 0.0.0.0/0', 'deny'))));
      continue;
    }
    const nat = inScope(ctx, 'google_compute_router_nat').find((x) => inScope(ctx, 'google_compute_router').some((r) => refersTo(x, r) && refersTo(r, n)));
    const base = label(`${n.name ?? 'network'}_deny_all_egress`);
    if (taken.has(base)) continue;
    taken.add(base);
    const block = hclBlock(`resource "google_compute_firewall" "${base}"`, [
      ['name', `"\${${n.address}.name}-deny-all-egress"`],
      ['network', `${n.address}.id`],
      ['direction', q('EGRESS')],
      ['priority', '65000'],
      ['destination_ranges', '["0.0.0.0/0"]'],
      { comment: `${TODO}: add higher-priority EGRESS allow rules for what the workload needs (Private Google Access ranges, model endpoints)` },
      { blank: true },
      { block: 'deny', items: [['protocol', q('all')]] },
    ]);
    out.push(
      gap('missing', n, undefined, 'egress-deny', `No EGRESS deny firewall rule covers this network, so the implied allow-all egress rule lets AI compute reach any host${nat ? ' through Cloud NAT' : ''}.`, nat ? [ev(nat, 'Cloud NAT gives the network internet egress')] : [], [fixOf('Deny all egress by default on the network', 'unsafe', [appendBlocks(ctx, n.file, [block])])]),
    );
  }
}

export const tfDetector: Detector = checksDetector('tf', ['aws', 'azure', 'gcp'], aws, azure, gcp);


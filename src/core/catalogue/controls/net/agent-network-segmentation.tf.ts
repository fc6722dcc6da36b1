/**
 * ARG-NET-007 in Terraform: agent runtimes live in a network segment of their own.
 * - AWS: AgentCore runtimes and code interpreters in VPC (or SANDBOX) mode rather than
 *   PUBLIC; Lambda tools of agents attached to a VPC.
 * - Azure: AI Services (Foundry) accounts that host agents inject the Agent Service into a
 *   subnet (`network_injection`, azapi `customerSubnet`).
 * - GCP: Agent Engine (reasoning engine) deployments attached to a VPC through a Private
 *   Service Connect interface (`spec.deployment_spec.psc_interface_config`).
 */
import { get, str } from '../../../facts';
import type { Fact } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { hclLines, q } from '../tf-net-util/hcl';
import { appendBlocks, ev, fixOf, gap, inScope, insertLines, members, met, refersTo, setAttribute, TODO, unknown, variableBlock } from '../tf-net-util';
import { checksDetector } from '../compose';

function aws(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const taken = new Set<string>();
  for (const f of members(ctx, 'aws_bedrockagentcore_agent_runtime', 'aws_bedrockagentcore_code_interpreter')) {
    const what = f.type === 'aws_bedrockagentcore_agent_runtime' ? 'agent runtime' : 'code interpreter';
    const path = 'network_configuration.network_mode';
    const mode = get(f, path);
    if (unknown(mode)) {
      out.push(gap('unresolved', f, path, 'network_mode', `The ${what}'s network_mode is computed, so whether it runs in a private segment is unknown.`));
      continue;
    }
    if (str(mode) === 'VPC') {
      out.push(met(`The ${what} runs in the workload's VPC.`, [ev(f, 'network_mode = "VPC"', path)]));
      continue;
    }
    if (str(mode) === 'SANDBOX') {
      out.push(met(`The ${what} runs in an isolated sandbox without network access.`, [ev(f, 'network_mode = "SANDBOX"', path)]));
      continue;
    }
    let fix;
    if (what === 'agent runtime' && f.attributeRanges?.[path]) {
      const scope = f.scope ?? '.';
      // reuse the private subnets and the agent's security group when this configuration defines them
      const subnets = inScope(ctx, 'aws_subnet').filter((s) => /private/i.test(`${s.name ?? ''} ${str(get(s, 'tags.Name')) ?? ''}`) && get(s, 'map_public_ip_on_launch') !== true);
      const agentWord = (f.name ?? 'agent').toLowerCase();
      const sgs = inScope(ctx, 'aws_security_group').filter((g) => (g.name ?? '').toLowerCase().includes(agentWord) || /agent/i.test(g.name ?? ''));
      const vars = [
        subnets.length ? undefined : variableBlock(ctx, scope, 'agent_private_subnet_ids', 'list(string)', `${TODO}: private subnets for the agent runtime`, taken),
        sgs.length ? undefined : variableBlock(ctx, scope, 'agent_security_group_ids', 'list(string)', `${TODO}: security groups that admit only the agent's callers`, taken),
      ].filter((x): x is string => x !== undefined);
      const subnetText = subnets.length ? `[${subnets.map((s) => `${s.address}.id`).join(', ')}]` : 'var.agent_private_subnet_ids';
      const sgText = sgs.length ? `[${sgs.map((g) => `${g.address}.id`).join(', ')}]` : 'var.agent_security_group_ids';
      const edits = [
        setAttribute(ctx, f, path, q('VPC')),
        insertLines(ctx, f, 'network_configuration', ['', ...hclLines([{ block: 'network_mode_config', items: [['subnets', subnetText], ['security_groups', sgText]] }])]),
        ...(vars.length ? [appendBlocks(ctx, f.file, vars)] : []),
      ];
      fix = fixOf('Run the agent runtime in private subnets of the VPC', 'unsafe', edits);
    } else if (what === 'code interpreter' && f.attributeRanges?.[path]) fix = fixOf('Run the code interpreter in SANDBOX mode', 'unsafe', [setAttribute(ctx, f, path, q('SANDBOX'))]);
    out.push(gap('missing', f, path, 'network_mode', `The ${what} runs in PUBLIC network mode, outside any network segment the organisation controls.`, [], [fix]));
  }
  const agents = members(ctx, 'aws_bedrockagent_agent', 'aws_bedrockagent_agent_action_group');
  if (agents.length === 0) return;
  for (const fn of members(ctx, 'aws_lambda_function')) {
    const subnets = get(fn, 'vpc_config.subnet_ids');
    if (unknown(subnets)) out.push(gap('unresolved', fn, 'vpc_config.subnet_ids', 'vpc', "The agent tool's subnets are computed, so its network placement is unknown."));
    else if (subnets !== undefined && !(Array.isArray(subnets) && subnets.length === 0)) out.push(met("The agent's tool function runs in the workload's VPC.", [ev(fn, 'vpc_config.subnet_ids is set', 'vpc_config.subnet_ids')]));
    else out.push(gap('partial', fn, undefined, 'vpc', "The agent's tool function runs outside any VPC, so no security group or subnet boundary applies to what it reaches; attach it to private subnets."));
  }
}

function hostsAgents(ctx: DetectorContext, account: Fact): boolean {
  if (inScope(ctx, 'azurerm_cognitive_account_project', 'azurerm_ai_foundry_project').some((p) => refersTo(p, account))) return true;
  return inScope(ctx, 'azapi_resource').some((r) => refersTo(r, account) && /capabilityHosts@/i.test(str(r.attributes.type) ?? ''));
}

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const taken = new Set<string>();
  for (const f of members(ctx, 'azurerm_cognitive_account')) {
    if (str(f.attributes.kind) !== 'AIServices' || !hostsAgents(ctx, f)) continue;
    // a subnet_id written as a variable or reference still places the agents in a subnet
    const inj = get(f, 'network_injection.subnet_id');
    if (unknown(f.attributes.network_injection)) out.push(gap('unresolved', f, 'network_injection', 'network_injection', "The agent subnet is computed, so the Agent Service's network placement is unknown."));
    else if (inj !== undefined && inj !== null) out.push(met("The account's Agent Service is injected into the workload's subnet.", [ev(f, 'network_injection is set', 'network_injection')]));
    else {
      const v = variableBlock(ctx, f.scope ?? '.', 'agent_subnet_id', 'string', `${TODO}: delegated subnet for the Foundry Agent Service`, taken);
      const edits = [insertLines(ctx, f, undefined, hclLines([{ block: 'network_injection', items: [['scenario', q('agent')], ['subnet_id', 'var.agent_subnet_id']] }])), ...(v ? [appendBlocks(ctx, f.file, [v])] : [])];
      out.push(gap('missing', f, undefined, 'network_injection', 'The account hosts agents but does not inject the Agent Service into a subnet, so agents run in a network the organisation cannot segment.', [], [fixOf('Inject the Agent Service into a delegated subnet', 'unsafe', edits)]));
    }
  }
  for (const r of members(ctx, 'azapi_resource')) {
    if (!/capabilityHosts@/i.test(str(r.attributes.type) ?? '')) continue;
    const sub = get(r, 'body.properties.customerSubnet');
    if (unknown(r.attributes.body)) out.push(gap('unresolved', r, 'body', 'customerSubnet', "The capability host's body is computed, so the agents' network placement is unknown."));
    else if (sub !== undefined && sub !== null) out.push(met('The capability host runs agents in the workload\'s subnet.', [ev(r, 'customerSubnet is set', 'body.properties.customerSubnet')]));
    else out.push(gap('missing', r, undefined, 'customerSubnet', 'The capability host runs agents without a customer subnet, outside any network segment the organisation controls.'));
  }
}

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const taken = new Set<string>();
  for (const f of members(ctx, 'google_vertex_ai_reasoning_engine')) {
    const path = 'spec.deployment_spec.psc_interface_config.network_attachment';
    const na = get(f, path);
    if (unknown(na) && na !== undefined) out.push(met('The agent engine is attached to a VPC through a Private Service Connect interface.', [ev(f, 'psc_interface_config is set', 'spec.deployment_spec.psc_interface_config')]));
    else if (na !== undefined) out.push(met('The agent engine is attached to a VPC through a Private Service Connect interface.', [ev(f, 'psc_interface_config is set', 'spec.deployment_spec.psc_interface_config')]));
    else {
      const v = variableBlock(ctx, f.scope ?? '.', 'agent_network_attachment', 'string', `${TODO}: network attachment of the VPC the agent engine joins`, taken);
      const edits = [setAttribute(ctx, f, path, 'var.agent_network_attachment'), ...(v ? [appendBlocks(ctx, f.file, [v])] : [])];
      out.push(gap('missing', f, 'spec.deployment_spec', 'psc_interface_config', 'The agent engine has no Private Service Connect interface, so it runs in Google\'s shared network with no segment or firewall of the organisation around it.', [], [fixOf('Attach the agent engine to a VPC network attachment', 'unsafe', edits)]));
    }
  }
}

export const tfDetector: Detector = checksDetector('tf', ['aws', 'azure', 'gcp'], aws, azure, gcp);

/**
 * ARG-NET-001 in Terraform: AI services reached over private paths.
 * - AWS: compute that runs inside a VPC (Lambda `vpc_config`, AgentCore `network_mode = "VPC"`,
 *   SageMaker domains `VpcOnly`) and calls Bedrock / SageMaker needs interface VPC endpoints for
 *   those services in its VPC; otherwise the calls leave through NAT to public endpoints.
 * - Azure: AI accounts, ML / Foundry workspaces and AI Search with public network access off
 *   (it is on by default), or a default-deny network ACL; private endpoints are evidence.
 * - GCP: Vertex AI endpoints peered to a VPC or using Private Service Connect, or a VPC Service
 *   Controls perimeter that restricts aiplatform.googleapis.com.
 */
import { get, str, truth } from '../../../facts';
import type { Evidence, Fact, FactValue } from '../../../model';
import { roleOf, roleStatements } from '../../../parse/terraform/iam';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { hclBlock, hclLines, q, type HclItem } from '../tf-net-util/hcl';
import {
  addressesIn, anywhere, appendBlocks, ev, fixOf, gap, inScope, insertLines, label, listOf, members, met, ofTypeIn, pathRefersTo, setAttribute, sourceOf, stringsOf, textOf, TODO, unknown, variableBlock,
} from '../tf-net-util';

// ───────────────────────────── AWS ─────────────────────────────

type Svc = 'bedrock-runtime' | 'bedrock-agent-runtime' | 'sagemaker.runtime' | 'sagemaker.api';

const ACTION_SVC: [RegExp, Svc][] = [
  [/^bedrock:(\*|invokemodel\*?|invokemodelwithresponsestream|converse\*?|conversestream|invoke\*)$/i, 'bedrock-runtime'],
  [/^bedrock:(invokeagent|retrieve|retrieveandgenerate|retrieve\*|invokeinlineagent)$/i, 'bedrock-agent-runtime'],
  [/^sagemaker:(invokeendpoint\*?|invokeendpointasync|invoke\*)$/i, 'sagemaker.runtime'],
];

interface VpcCompute {
  fact: Fact;
  /** Attribute holding the subnets. */
  subnetPath: string;
  sgPath?: string;
  services: Set<Svc>;
  why: string;
}

function servicesFromRole(f: Fact, ctx: DetectorContext): Set<Svc> {
  const out = new Set<Svc>();
  const role = roleOf(f, ctx.allFacts);
  if (!role) return out;
  for (const st of roleStatements(role, ctx.allFacts)) {
    if (st.effect !== 'Allow' || st.notActions) continue;
    for (const a of st.actions) {
      if (a === '*') {
        out.add('bedrock-runtime');
        continue;
      }
      for (const [re, s] of ACTION_SVC) if (re.test(a)) out.add(s);
    }
  }
  return out;
}

function vpcComputes(ctx: DetectorContext): VpcCompute[] {
  const out: VpcCompute[] = [];
  for (const f of members(ctx, 'aws_lambda_function', 'aws_ecs_task_definition')) {
    if (f.type !== 'aws_lambda_function') continue;
    const subnets = get(f, 'vpc_config.subnet_ids');
    if (subnets === undefined || (Array.isArray(subnets) && subnets.length === 0)) continue;
    const services = servicesFromRole(f, ctx);
    if (services.size) out.push({ fact: f, subnetPath: 'vpc_config.subnet_ids', sgPath: 'vpc_config.security_group_ids', services, why: 'the function runs in a VPC' });
  }
  for (const f of members(ctx, 'aws_bedrockagentcore_agent_runtime')) {
    if (str(get(f, 'network_configuration.network_mode'))?.toUpperCase() !== 'VPC') continue;
    const services = servicesFromRole(f, ctx);
    if (services.size === 0) services.add('bedrock-runtime');
    out.push({ fact: f, subnetPath: 'network_configuration.network_mode_config.subnets', sgPath: 'network_configuration.network_mode_config.security_groups', services, why: 'the agent runtime runs in a VPC' });
  }
  for (const f of members(ctx, 'aws_sagemaker_domain')) {
    if (str(f.attributes.app_network_access_type) !== 'VpcOnly') continue;
    out.push({ fact: f, subnetPath: 'subnet_ids', sgPath: 'default_user_settings.security_groups', services: new Set<Svc>(['sagemaker.api', 'sagemaker.runtime']), why: 'the domain is VPC-only' });
  }
  return out;
}

/** VPC keys of a compute: VPC addresses reached through its subnets / security groups, or value text. */
function vpcKeys(ctx: DetectorContext, c: VpcCompute): { keys: Set<string>; vpc?: Fact } {
  const keys = new Set<string>();
  let vpc: Fact | undefined;
  const scope = c.fact.scope;
  const follow = (v: FactValue | undefined) => {
    for (const a of addressesIn(v)) {
      for (const t of ctx.allFacts.byAddress(a, scope)) {
        if (t.type === 'aws_vpc') {
          keys.add(t.address);
          vpc ??= t;
        }
        if (t.type === 'aws_subnet' || t.type === 'aws_security_group') {
          for (const b of addressesIn(t.attributes.vpc_id)) {
            keys.add(b);
            vpc ??= ctx.allFacts.byAddress(b, scope).find((x) => x.type === 'aws_vpc');
          }
          const lit = textOf(t.attributes.vpc_id);
          if (lit) keys.add(`text:${lit}`);
        }
      }
    }
  };
  follow(get(c.fact, c.subnetPath));
  if (c.sgPath) follow(get(c.fact, c.sgPath));
  if (c.fact.type === 'aws_sagemaker_domain') {
    follow(c.fact.attributes.vpc_id);
    const lit = textOf(c.fact.attributes.vpc_id);
    if (lit) keys.add(`text:${lit}`);
  }
  return { keys, vpc };
}

interface EndpointInfo {
  fact: Fact;
  services: Set<string>;
  unknownService: boolean;
  keys: Set<string>;
}

function endpointServices(ctx: DetectorContext, ep: Fact): { names: string[]; unknown: boolean } {
  const v = ep.attributes.service_name;
  const names: string[] = [];
  let unk = false;
  const t = textOf(v);
  if (typeof v === 'string') names.push(v);
  else if (t && /\beach\.(value|key)\b/.test(t)) {
    const each = stringsOf(ep.attributes.for_each);
    const fe = ep.attributes.for_each;
    const items = each.values.length ? each.values : fe && typeof fe === 'object' && !Array.isArray(fe) && !unknown(fe) ? Object.keys(fe) : [];
    if (items.length === 0) unk = true;
    for (const it of items) names.push(t.replace(/\$\{\s*each\.(value|key)\s*\}/g, it).replace(/\beach\.(value|key)\b/g, it));
  } else if (t) {
    const data = addressesIn(v).flatMap((a) => ctx.allFacts.byAddress(a, ep.scope)).find((d) => d.type === 'aws_vpc_endpoint_service');
    const ds = data ? str(data.attributes.service) ?? str(data.attributes.service_name) : undefined;
    if (ds) names.push(ds);
    else if (/(bedrock|sagemaker)/.test(t)) names.push(t);
    else unk = true;
  }
  return { names: names.map((n) => n.replace(/^"|"$/g, '')), unknown: unk };
}

function endpoints(ctx: DetectorContext): EndpointInfo[] {
  return inScope(ctx, 'aws_vpc_endpoint').map((ep) => {
    const { names, unknown: unk } = endpointServices(ctx, ep);
    const services = new Set<string>();
    for (const n of names) {
      for (const s of ['bedrock-agent-runtime', 'bedrock-runtime', 'sagemaker.runtime', 'sagemaker.api']) if (n.endsWith(`.${s}`) || n === s) services.add(s);
    }
    const keys = new Set<string>(addressesIn(ep.attributes.vpc_id));
    const lit = textOf(ep.attributes.vpc_id);
    if (lit) keys.add(`text:${lit}`);
    return { fact: ep, services, unknownService: unk, keys };
  });
}

function sameVpc(a: Set<string>, b: Set<string>): boolean {
  if (a.size === 0 || b.size === 0) return true;
  for (const k of a) if (b.has(k)) return true;
  return false;
}

function awsOutcomes(ctx: DetectorContext): DetectorOutcome[] {
  const computes = vpcComputes(ctx);
  if (computes.length === 0) return [];
  const eps = endpoints(ctx);
  const out: DetectorOutcome[] = [];
  const taken = new Set<string>();
  for (const c of computes) {
    const { keys, vpc } = vpcKeys(ctx, c);
    const inVpc = eps.filter((e) => sameVpc(keys, e.keys));
    const have: Evidence[] = [];
    const missing: Svc[] = [];
    let maybe = false;
    for (const s of c.services) {
      const hit = inVpc.find((e) => e.services.has(s));
      if (hit) have.push(ev(hit.fact, `interface endpoint for ${s}`, 'service_name'));
      else if (inVpc.some((e) => e.unknownService)) maybe = true;
      else missing.push(s);
    }
    const why = ev(c.fact, c.why, c.subnetPath);
    if (missing.length === 0) {
      if (maybe && have.length < c.services.size) {
        out.push(gap('unresolved', c.fact, undefined, 'vpc-endpoints', `A VPC endpoint's service name cannot be read, so whether ${[...c.services].join(', ')} is reached privately is unknown.`, [why, ...inVpc.filter((e) => e.unknownService).map((e) => ev(e.fact, 'service_name is computed', 'service_name'))]));
      } else out.push(met(`Reaches ${[...c.services].join(', ')} through interface VPC endpoints in its VPC.`, [why, ...have]));
      continue;
    }
    const fix = endpointFix(ctx, c, vpc, missing, taken);
    out.push(
      gap(
        'missing',
        c.fact,
        undefined,
        'vpc-endpoints',
        `${c.why[0].toUpperCase()}${c.why.slice(1)} and calls ${missing.join(', ')}, but no interface VPC endpoint for ${missing.length > 1 ? 'those services' : 'that service'} exists in that VPC, so the calls leave the network for the public service endpoint.`,
        [why, ...have],
        [fix],
      ),
    );
  }
  return out;
}

function endpointFix(ctx: DetectorContext, c: VpcCompute, vpc: Fact | undefined, services: Svc[], taken: Set<string>) {
  const scope = c.fact.scope ?? '.';
  const vars: string[] = [];
  const addVar = (name: string, type: string, desc: string) => {
    const b = variableBlock(ctx, scope, name, type, desc, taken);
    if (b) vars.push(b);
    return `var.${name}`;
  };
  const region = ofTypeIn(ctx, 'aws_region', scope).find((d) => d.kind === 'data' && d.scope === scope);
  const regionRef = region ? `${region.address}.name` : addVar('aws_region', 'string', 'AWS region of the VPC endpoints');
  const vpcRef = vpc ? `${vpc.address}.id` : addVar('vpc_id', 'string', `${TODO}: VPC that runs ${c.fact.address}`);
  const subnets = sourceOf(ctx, c.fact, c.subnetPath) ?? addVar('private_subnet_ids', 'list(string)', `${TODO}: private subnets for the interface endpoints`);
  const sgs = (c.sgPath && sourceOf(ctx, c.fact, c.sgPath)) || addVar('endpoint_security_group_ids', 'list(string)', `${TODO}: security groups that allow HTTPS from ${c.fact.address}`);
  const blocks = services.map((s) => {
    const items: HclItem[] = [
      ['vpc_id', vpcRef],
      ['service_name', `"com.amazonaws.\${${regionRef}}.${s}"`],
      ['vpc_endpoint_type', q('Interface')],
      ['subnet_ids', subnets],
      ['security_group_ids', sgs],
      ['private_dns_enabled', 'true'],
    ];
    return hclBlock(`resource "aws_vpc_endpoint" "${label(`${c.fact.name ?? 'workload'}_${s.replace(/[.-]/g, '_')}`)}"`, items);
  });
  return fixOf(`Add interface VPC endpoints for ${services.join(', ')}`, 'unsafe', [appendBlocks(ctx, c.fact.file, [...vars, ...blocks])]);
}

// ───────────────────────────── Azure ─────────────────────────────

interface AzureTarget {
  type: string;
  /** Attribute that switches public access, and whether it is a bool or "Enabled"/"Disabled". */
  attr: string;
  form: 'bool' | 'string';
  acl?: string;
  subresource: string;
  what: string;
}

const AZURE: AzureTarget[] = [
  { type: 'azurerm_cognitive_account', attr: 'public_network_access_enabled', form: 'bool', acl: 'network_acls.default_action', subresource: 'account', what: 'AI services account' },
  { type: 'azurerm_ai_services', attr: 'public_network_access', form: 'string', acl: 'network_acls.default_action', subresource: 'account', what: 'AI services account' },
  { type: 'azurerm_machine_learning_workspace', attr: 'public_network_access_enabled', form: 'bool', subresource: 'amlworkspace', what: 'Azure ML workspace' },
  { type: 'azurerm_ai_foundry', attr: 'public_network_access', form: 'string', subresource: 'amlworkspace', what: 'AI Foundry hub' },
  { type: 'azurerm_search_service', attr: 'public_network_access_enabled', form: 'bool', subresource: 'searchService', what: 'AI Search service' },
];

function publicState(v: FactValue | undefined, form: 'bool' | 'string'): true | false | 'unknown' {
  if (v === undefined || v === null) return true;
  if (form === 'string') {
    const s = str(v);
    if (s === undefined) return 'unknown';
    return s.toLowerCase() !== 'disabled';
  }
  const t = truth(v);
  return t === undefined ? true : t;
}

function privateEndpointsFor(ctx: DetectorContext, f: Fact, sub: string): { fact: Fact; exact: boolean }[] {
  return inScope(ctx, 'azurerm_private_endpoint')
    .filter((pe) => pathRefersTo(pe, 'private_service_connection.private_connection_resource_id', f))
    .map((pe) => {
      const subs = stringsOf(get(pe, 'private_service_connection.subresource_names'));
      return { fact: pe, exact: subs.unknown || subs.values.some((s) => s.toLowerCase() === sub.toLowerCase()) };
    })
    .filter((x) => x.exact);
}

function azureOutcomes(ctx: DetectorContext): DetectorOutcome[] {
  const out: DetectorOutcome[] = [];
  const taken = new Set<string>();
  for (const t of AZURE) {
    for (const f of members(ctx, t.type)) {
      const v = f.attributes[t.attr];
      const state = publicState(v, t.form);
      const pes = privateEndpointsFor(ctx, f, t.subresource);
      const peEv = pes.map((p) => ev(p.fact, `private endpoint (${t.subresource}) for ${f.address}`, 'private_service_connection'));
      const off = t.form === 'bool' ? 'false' : q('Disabled');
      if (state === 'unknown') {
        out.push(gap('unresolved', f, t.attr, t.attr, `${t.attr} is computed, so whether the ${t.what} accepts traffic from the internet is unknown.`, peEv));
        continue;
      }
      if (state === false) {
        out.push(met(`Public network access is off on the ${t.what}${pes.length ? ' and a private endpoint serves it' : ''}.`, [ev(f, `${t.attr} = ${off}`, t.attr), ...peEv]));
        continue;
      }
      const acl = t.acl ? get(f, t.acl) : undefined;
      if (t.acl && str(acl) === 'Deny') {
        out.push(met(`The ${t.what}'s network ACL denies traffic by default.`, [ev(f, 'network_acls.default_action = "Deny"', t.acl), ...peEv]));
        continue;
      }
      if (t.acl && unknown(acl)) {
        out.push(gap('unresolved', f, t.acl, t.acl, `Public network access is on and network_acls.default_action is computed, so whether the ${t.what} is reachable from the internet is unknown.`, peEv));
        continue;
      }
      const where = v === undefined ? `${t.attr} is not set and defaults to enabled` : `${t.attr} = ${textOf(v) === 'true' || v === true ? 'true' : q(String(textOf(v)))}`;
      const setOff = setAttribute(ctx, f, t.attr, off);
      if (pes.length) {
        out.push(gap('partial', f, t.attr, t.attr, `A private endpoint exists, but public network access is still on (${where}), so the ${t.what} stays reachable from the internet.`, peEv, [fixOf(`Turn off public network access on ${f.address}`, 'unsafe', [setOff])]));
        continue;
      }
      const withPe = fixOf(`Turn off public network access and add a private endpoint for ${f.address}`, 'unsafe', [setOff, privateEndpointEdit(ctx, f, t.subresource, taken)]);
      out.push(
        gap('missing', f, t.attr, t.attr, `The ${t.what} is reachable from the internet (${where}) and has no private endpoint.`, [], [withPe, fixOf(`Turn off public network access on ${f.address}`, 'unsafe', [setAttribute(ctx, f, t.attr, off)])]),
      );
    }
  }
  for (const f of members(ctx, 'azapi_resource')) {
    const type = str(f.attributes.type) ?? '';
    if (!/^Microsoft\.CognitiveServices\/accounts@/i.test(type)) continue;
    const path = 'body.properties.publicNetworkAccess';
    const v = get(f, path);
    const acl = get(f, 'body.properties.networkAcls.defaultAction');
    if (unknown(v) || (v === undefined && unknown(get(f, 'body')))) {
      out.push(gap('unresolved', f, path, 'publicNetworkAccess', 'publicNetworkAccess is computed, so whether the AI account accepts internet traffic is unknown.'));
    } else if (str(v) === 'Disabled') out.push(met('publicNetworkAccess is Disabled on the AI account.', [ev(f, 'publicNetworkAccess = "Disabled"', path)]));
    else if (str(acl) === 'Deny') out.push(met("The AI account's network ACL denies traffic by default.", [ev(f, 'networkAcls.defaultAction = "Deny"', 'body.properties.networkAcls.defaultAction')]));
    else {
      const fix = f.attributeRanges?.[path] ? fixOf('Set publicNetworkAccess to "Disabled"', 'unsafe', [setAttribute(ctx, f, path, q('Disabled'))]) : undefined;
      out.push(gap('missing', f, path, 'publicNetworkAccess', `The AI account is reachable from the internet (${v === undefined ? 'publicNetworkAccess is not set and defaults to Enabled' : `publicNetworkAccess = "${str(v)}"`}).`, [], [fix]));
    }
  }
  return out;
}

function privateEndpointEdit(ctx: DetectorContext, f: Fact, sub: string, taken: Set<string>) {
  const scope = f.scope ?? '.';
  const blocks: string[] = [];
  const vb = variableBlock(ctx, scope, 'private_endpoint_subnet_id', 'string', `${TODO}: ID of the subnet that holds private endpoints`, taken);
  if (vb) blocks.push(vb);
  const a = f.address;
  const dns = sub === 'account' ? 'privatelink.openai.azure.com / privatelink.cognitiveservices.azure.com' : sub === 'amlworkspace' ? 'privatelink.api.azureml.ms / privatelink.notebooks.azure.net' : 'privatelink.search.windows.net';
  blocks.push(
    hclBlock(`resource "azurerm_private_endpoint" "${label(`${f.name ?? 'ai'}_private`)}"`, [
      ['name', `"\${${a}.name}-pe"`],
      ['location', `${a}.location`],
      ['resource_group_name', `${a}.resource_group_name`],
      ['subnet_id', 'var.private_endpoint_subnet_id'],
      { blank: true },
      {
        block: 'private_service_connection',
        items: [
          ['name', `"\${${a}.name}-psc"`],
          ['private_connection_resource_id', `${a}.id`],
          ['subresource_names', `[${q(sub)}]`],
          ['is_manual_connection', 'false'],
        ],
      },
      { blank: true },
      { comment: `${TODO}: add a private_dns_zone_group for ${dns}` },
    ]),
  );
  return appendBlocks(ctx, f.file, blocks);
}

// ───────────────────────────── GCP ─────────────────────────────

interface Perimeter {
  fact: Fact;
  covers: boolean | 'unknown';
}

function perimeters(ctx: DetectorContext, project: string | undefined): Perimeter[] {
  const out: Perimeter[] = [];
  const extraResources = anywhere(ctx, 'google_access_context_manager_service_perimeter_resource');
  for (const p of anywhere(ctx, 'google_access_context_manager_service_perimeter', 'google_access_context_manager_service_perimeters')) {
    // the enforced configuration (`status`); a dry-run `spec` enforces nothing
    const blocks = p.type === 'google_access_context_manager_service_perimeter' ? listOf(p.attributes.status) : listOf(get(p, 'service_perimeters.status'));
    let restricts: boolean | 'unknown' = false;
    const resources: FactValue[] = [];
    for (const b of blocks) {
      const rs = stringsOf(get(b, 'restricted_services'));
      if (rs.values.includes('aiplatform.googleapis.com') || rs.values.includes('*')) restricts = true;
      else if (rs.unknown && restricts === false) restricts = 'unknown';
      resources.push(...listOf(get(b, 'resources')));
    }
    for (const r of extraResources) if (refersToPerimeter(r, p)) resources.push(r.attributes.resource);
    if (restricts === false) continue;
    let covers: boolean | 'unknown' = 'unknown';
    if (project && resources.some((r) => typeof r === 'string' && r.replace(/^projects\//, '') === project)) covers = true;
    out.push({ fact: p, covers: restricts === true ? covers : 'unknown' });
  }
  return out;
}

function refersToPerimeter(r: Fact, p: Fact): boolean {
  return (r.references ?? []).includes(p.address);
}

function gcpOutcomes(ctx: DetectorContext): DetectorOutcome[] {
  const out: DetectorOutcome[] = [];
  const endpointsOf = members(ctx, 'google_vertex_ai_endpoint', 'google_vertex_ai_index_endpoint');
  const services = members(ctx, 'google_project_service').filter((s) => str(s.attributes.service) === 'aiplatform.googleapis.com');
  if (endpointsOf.length === 0 && services.length === 0) return [];
  const projectOf = (f: Fact) => str(f.attributes.project) ?? str(get(ofTypeIn(ctx, 'provider', f.scope).find((p) => p.address === 'provider.google' && p.scope === f.scope), 'project'));
  const perimeterVerdict = (f: Fact): { status: 'met' | 'unresolved' | 'none'; evid: Evidence[] } => {
    const ps = perimeters(ctx, projectOf(f));
    const cov = ps.find((p) => p.covers === true);
    if (cov) return { status: 'met', evid: [ev(cov.fact, 'VPC Service Controls perimeter restricts aiplatform.googleapis.com for this project', 'status')] };
    if (ps.length) return { status: 'unresolved', evid: ps.map((p) => ev(p.fact, 'a perimeter restricts aiplatform.googleapis.com; its projects cannot be matched to this one', 'status')) };
    return { status: 'none', evid: [] };
  };
  for (const f of endpointsOf) {
    const network = f.attributes.network;
    const psc = get(f, 'private_service_connect_config.enable_private_service_connect');
    const publicIdx = f.type === 'google_vertex_ai_index_endpoint' ? truth(f.attributes.public_endpoint_enabled) : undefined;
    if (publicIdx === true) {
      out.push(gap('missing', f, 'public_endpoint_enabled', 'public-endpoint', 'public_endpoint_enabled = true serves the vector index on a public endpoint.', [], [fixOf('Turn off the public index endpoint', 'unsafe', [setAttribute(ctx, f, 'public_endpoint_enabled', 'false')])]));
      continue;
    }
    if (network !== undefined && network !== null && !unknown(network)) {
      out.push(met('The endpoint is peered to a VPC network (network is set).', [ev(f, 'network is set', 'network')]));
      continue;
    }
    if (truth(psc) === true) {
      out.push(met('The endpoint is reached through Private Service Connect.', [ev(f, 'enable_private_service_connect = true', 'private_service_connect_config.enable_private_service_connect')]));
      continue;
    }
    const pv = perimeterVerdict(f);
    if (pv.status === 'met') {
      out.push(met('A VPC Service Controls perimeter restricts Vertex AI for the project.', pv.evid));
      continue;
    }
    if (unknown(network) || truth(psc) === 'unknown') {
      out.push(gap('unresolved', f, unknown(network) ? 'network' : 'private_service_connect_config.enable_private_service_connect', 'private-access', 'The endpoint network setting is computed, so whether it is private is unknown.', pv.evid));
      continue;
    }
    if (pv.status === 'unresolved') {
      out.push(gap('unresolved', f, undefined, 'private-access', 'The endpoint is public; a VPC Service Controls perimeter restricts Vertex AI, but whether it covers this project cannot be told from the files.', pv.evid));
      continue;
    }
    const project = f.attributeRanges?.project ? sourceOf(ctx, f, 'project') : undefined;
    const pscItems: HclItem[] = [['enable_private_service_connect', 'true'], ...(project ? [['project_allowlist', `[${project}]`] as [string, string]] : [])];
    const fix = f.attributeRanges?.['private_service_connect_config']
      ? fixOf('Enable Private Service Connect on the endpoint', 'unsafe', [setAttribute(ctx, f, 'private_service_connect_config.enable_private_service_connect', 'true')])
      : fixOf('Serve the endpoint through Private Service Connect (recreates the endpoint)', 'unsafe', [insertLines(ctx, f, undefined, hclLines([{ block: 'private_service_connect_config', items: pscItems }]))]);
    out.push(gap('missing', f, undefined, 'private-access', 'The Vertex AI endpoint has no VPC network or Private Service Connect and no VPC Service Controls perimeter restricts Vertex AI, so it is served on a public endpoint.', [], [fix]));
  }
  for (const s of services) {
    if (endpointsOf.length) continue;
    const pv = perimeterVerdict(s);
    if (pv.status === 'met') out.push(met('A VPC Service Controls perimeter restricts Vertex AI for the project.', pv.evid));
    else if (pv.status === 'unresolved') out.push(gap('unresolved', s, 'service', 'vpc-sc', 'A perimeter restricts Vertex AI, but whether it covers this project cannot be told from the files.', pv.evid));
    else out.push(gap('missing', s, 'service', 'vpc-sc', 'The Vertex AI API is enabled, but no VPC Service Controls perimeter restricts aiplatform.googleapis.com, so the API can be called from outside the organisation\'s network.', [ev(s, 'service = "aiplatform.googleapis.com"', 'service')]));
  }
  return out;
}

export const tfDetector: Detector = {
  kind: 'tf',
  providers: ['aws', 'azure', 'gcp'],
  evaluate(ctx) {
    return [...awsOutcomes(ctx), ...azureOutcomes(ctx), ...gcpOutcomes(ctx)];
  },
};


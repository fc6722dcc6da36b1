/**
 * ARG-NET-002 in Terraform: the front door of an AI API authenticates and meters callers.
 * Judged only where the workload has a front door or a public entry point:
 * - AWS: REST API methods (`authorization`), stages (usage-plan or method-settings throttling,
 *   WAFv2 association), HTTP API routes and stage throttling, Lambda function URLs, public ALBs;
 * - Azure: API Management instances (rate / quota / token-limit policies; subscription keys);
 * - GCP: Cloud Run services open to allUsers, backend services without a Cloud Armor policy
 *   that rate-limits.
 */
import { get, str, truth } from '../../../facts';
import type { Evidence, Fact } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { hclBlock, q, type HclItem } from '../tf-net-util/hcl';
import { appendBlocks, ev, fixOf, gap, inScope, insertLines, label, listOf, members, met, ofTypeIn, refersTo, setAttribute, stringsOf, TODO, unknown } from '../tf-net-util';
import { checksDetector } from '../compose';

const RATE_POLICY = /<(rate-limit|rate-limit-by-key|quota|quota-by-key|llm-token-limit|azure-openai-token-limit)\b/;
const AUTH_POLICY = /<(validate-jwt|validate-azure-ad-token|authentication-certificate)\b/;

function wafBlocks(target: Fact, arnAttr: string): string[] {
  const base = label(`${target.name ?? 'api'}_rate_limit`);
  const metric = (target.name ?? 'api').replace(/_/g, '-');
  const visibility = (name: string): HclItem => ({
    block: 'visibility_config',
    items: [
      ['cloudwatch_metrics_enabled', 'true'],
      ['metric_name', q(name)],
      ['sampled_requests_enabled', 'true'],
    ],
  });
  const acl = hclBlock(`resource "aws_wafv2_web_acl" "${base}"`, [
    ['name', q(`${metric}-rate-limit`)],
    ['scope', q('REGIONAL')],
    { blank: true },
    { block: 'default_action', items: [{ block: 'allow', items: [] }] },
    { blank: true },
    {
      block: 'rule',
      items: [
        ['name', q('rate-limit-per-client-ip')],
        ['priority', '1'],
        { blank: true },
        { block: 'action', items: [{ block: 'block', items: [] }] },
        { blank: true },
        {
          block: 'statement',
          items: [
            {
              block: 'rate_based_statement',
              items: [
                { comment: `${TODO}: requests allowed per client IP in five minutes` },
                ['limit', '1000'],
                ['aggregate_key_type', q('IP')],
              ],
            },
          ],
        },
        { blank: true },
        visibility(`${metric}-rate-limit-per-ip`),
      ],
    },
    { blank: true },
    visibility(`${metric}-rate-limit`),
  ]);
  const assoc = hclBlock(`resource "aws_wafv2_web_acl_association" "${base}"`, [
    ['resource_arn', `${target.address}.${arnAttr}`],
    ['web_acl_arn', `aws_wafv2_web_acl.${base}.arn`],
  ]);
  return [acl, assoc];
}

function awsRest(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const api of members(ctx, 'aws_api_gateway_rest_api')) {
    const types = stringsOf(get(api, 'endpoint_configuration.types'));
    const isPrivate = types.values.includes('PRIVATE');
    for (const m of inScope(ctx, 'aws_api_gateway_method').filter((x) => refersTo(x, api))) {
      const auth = m.attributes.authorization;
      const method = str(m.attributes.http_method) ?? 'a';
      if (method === 'OPTIONS') continue;
      if (unknown(auth)) {
        out.push(gap('unresolved', m, 'authorization', 'authorization', `The ${method} method's authorization is computed, so whether callers must authenticate is unknown.`));
      } else if (str(auth) === 'NONE' && truth(m.attributes.api_key_required) !== true) {
        out.push(gap('missing', m, 'authorization', 'authorization', `The ${method} method of the AI API accepts anonymous calls (authorization = "NONE", no API key).`, [], [fixOf('Require IAM-signed requests (AWS_IAM)', 'unsafe', [setAttribute(ctx, m, 'authorization', q('AWS_IAM'))])]));
      } else out.push(met(`The ${method} method requires ${str(auth) === 'NONE' ? 'an API key' : str(auth)}.`, [ev(m, `authorization = "${str(auth)}"`, 'authorization')]));
    }
    for (const stage of inScope(ctx, 'aws_api_gateway_stage').filter((s) => refersTo(s, api))) {
      const plans = inScope(ctx, 'aws_api_gateway_usage_plan').filter((p) => refersTo(p, stage) || refersTo(p, api));
      const planThrottle = plans.find((p) => get(p, 'throttle_settings.rate_limit') !== undefined || get(p, 'api_stages.throttle') !== undefined);
      const settings = inScope(ctx, 'aws_api_gateway_method_settings').filter((s) => refersTo(s, stage) || (refersTo(s, api) && str(s.attributes.stage_name) === str(stage.attributes.stage_name)));
      const setThrottle = settings.find((s) => {
        const r = get(s, 'settings.throttling_rate_limit');
        return r !== undefined && (typeof r !== 'number' || r >= 0);
      });
      const name = str(stage.attributes.stage_name) ?? stage.name ?? 'stage';
      if (planThrottle || setThrottle) {
        const t = (planThrottle ?? setThrottle)!;
        out.push(met(`Stage ${name} is throttled.`, [ev(t, planThrottle ? 'usage plan throttle_settings' : 'method settings throttling', planThrottle ? 'throttle_settings' : 'settings')]));
      } else {
        const block = hclBlock(`resource "aws_api_gateway_method_settings" "${label(`${stage.name ?? 'stage'}_throttling`)}"`, [
          ['rest_api_id', `${api.address}.id`],
          ['stage_name', `${stage.address}.stage_name`],
          ['method_path', q('*/*')],
          { blank: true },
          {
            block: 'settings',
            items: [{ comment: `${TODO}: set the request rate and burst the callers of this AI API need` }, ['throttling_rate_limit', '50'], ['throttling_burst_limit', '100']],
          },
        ]);
        out.push(gap('missing', stage, undefined, 'throttling', `Stage ${name} of the AI API has no throttling: no usage plan with throttle settings and no method settings with a rate limit.`, plans.map((p) => ev(p, 'usage plan without throttle settings')), [fixOf(`Throttle every method of stage ${name}`, 'unsafe', [appendBlocks(ctx, stage.file, [block])])]));
      }
      if (isPrivate) continue;
      const waf = inScope(ctx, 'aws_wafv2_web_acl_association').find((a) => refersTo(a, stage));
      if (waf) out.push(met(`Stage ${name} has a WAF web ACL.`, [ev(waf, 'WAFv2 web ACL association', 'resource_arn')]));
      else out.push(gap('missing', stage, undefined, 'waf', `Stage ${name} of the AI API has no WAF web ACL, so abusive clients are not blocked before they reach the model.`, [], [fixOf(`Add a WAF web ACL with a per-IP rate rule to stage ${name}`, 'unsafe', [appendBlocks(ctx, stage.file, wafBlocks(stage, 'arn'))])]));
    }
  }
}

function awsHttp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const api of members(ctx, 'aws_apigatewayv2_api')) {
    for (const r of inScope(ctx, 'aws_apigatewayv2_route').filter((x) => refersTo(x, api))) {
      const auth = r.attributes.authorization_type;
      const key = str(r.attributes.route_key) ?? 'a route';
      if (/^OPTIONS /.test(key)) continue;
      if (unknown(auth)) out.push(gap('unresolved', r, 'authorization_type', 'authorization_type', `Route ${key}'s authorization_type is computed, so whether callers must authenticate is unknown.`));
      else if (auth === undefined || str(auth) === 'NONE') {
        out.push(gap('missing', r, 'authorization_type', 'authorization_type', `Route ${key} of the AI API accepts anonymous calls (${auth === undefined ? 'authorization_type is not set and defaults to "NONE"' : 'authorization_type = "NONE"'}).`, [], [fixOf('Require IAM-signed requests (AWS_IAM)', 'unsafe', [setAttribute(ctx, r, 'authorization_type', q('AWS_IAM'))])]));
      } else out.push(met(`Route ${key} requires ${str(auth)} authorisation.`, [ev(r, `authorization_type = "${str(auth)}"`, 'authorization_type')]));
    }
    for (const s of inScope(ctx, 'aws_apigatewayv2_stage').filter((x) => refersTo(x, api))) {
      const rate = get(s, 'default_route_settings.throttling_rate_limit');
      const name = str(s.attributes.name) ?? s.name ?? 'stage';
      if (rate !== undefined) {
        out.push(met(`Stage ${name} throttles requests.`, [ev(s, 'default_route_settings.throttling_rate_limit is set', 'default_route_settings.throttling_rate_limit')]));
        continue;
      }
      const lines = [`# ${TODO}: set the request rate and burst the callers of this AI API need`, 'throttling_rate_limit  = 50', 'throttling_burst_limit = 100'];
      const edit = s.attributeRanges?.default_route_settings ? insertLines(ctx, s, 'default_route_settings', lines) : insertLines(ctx, s, undefined, ['default_route_settings {', ...lines.map((l) => `  ${l}`), '}']);
      out.push(gap('missing', s, 'default_route_settings', 'throttling', `Stage ${name} of the HTTP API has no default throttling, so one client can send unlimited requests to the model.`, [], [fixOf(`Throttle stage ${name}`, 'unsafe', [edit])]));
    }
  }
}

function awsUrlsAndLbs(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const fns = members(ctx, 'aws_lambda_function');
  const urls = new Set<Fact>(members(ctx, 'aws_lambda_function_url'));
  for (const u of inScope(ctx, 'aws_lambda_function_url')) if (fns.some((fn) => refersTo(u, fn))) urls.add(u);
  for (const u of urls) {
    const auth = u.attributes.authorization_type;
    if (unknown(auth)) out.push(gap('unresolved', u, 'authorization_type', 'authorization_type', "The function URL's authorization_type is computed, so whether it is open to anyone is unknown."));
    else if (str(auth) === 'NONE') out.push(gap('missing', u, 'authorization_type', 'authorization_type', 'The Lambda function URL has authorization_type = "NONE": anyone on the internet can call the AI function, with no gateway, authentication or rate limit in front of it.', [], [fixOf('Require IAM-signed requests on the function URL', 'unsafe', [setAttribute(ctx, u, 'authorization_type', q('AWS_IAM'))])]));
    else out.push(met('The function URL requires IAM-signed requests.', [ev(u, `authorization_type = "${str(auth)}"`, 'authorization_type')]));
  }
  for (const lb of members(ctx, 'aws_lb', 'aws_alb')) {
    if (truth(lb.attributes.internal) === true) continue;
    if (unknown(lb.attributes.internal)) continue;
    const lbType = str(lb.attributes.load_balancer_type) ?? 'application';
    if (lbType !== 'application') continue;
    const waf = inScope(ctx, 'aws_wafv2_web_acl_association').find((a) => refersTo(a, lb));
    if (waf) out.push(met('The internet-facing load balancer has a WAF web ACL.', [ev(waf, 'WAFv2 web ACL association', 'resource_arn')]));
    else out.push(gap('missing', lb, undefined, 'waf', 'The internet-facing load balancer in front of the AI application has no WAF web ACL, so nothing rate-limits or filters callers before the model.', [], [fixOf('Add a WAF web ACL with a per-IP rate rule to the load balancer', 'unsafe', [appendBlocks(ctx, lb.file, wafBlocks(lb, 'arn'))])]));
  }
}

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const apim of members(ctx, 'azurerm_api_management')) {
    const apis = inScope(ctx, 'azurerm_api_management_api').filter((a) => refersTo(a, apim));
    const policies = [
      ...inScope(ctx, 'azurerm_api_management_policy').filter((p) => refersTo(p, apim)),
      ...inScope(ctx, 'azurerm_api_management_api_policy').filter((p) => refersTo(p, apim) || apis.some((a) => refersTo(p, a))),
      ...inScope(ctx, 'azurerm_api_management_api_operation_policy').filter((p) => refersTo(p, apim) || apis.some((a) => refersTo(p, a))),
    ];
    const xmls = policies.map((p) => ({ p, xml: p.attributes.xml_content }));
    const rated = xmls.find((x) => typeof x.xml === 'string' && RATE_POLICY.test(x.xml));
    const unk = xmls.filter((x) => x.xml !== undefined && typeof x.xml !== 'string');
    if (rated) out.push(met('API Management applies a rate, quota or token limit policy.', [ev(rated.p, 'policy with a rate / token limit', 'xml_content')]));
    else if (unk.length) out.push(gap('unresolved', unk[0].p, 'xml_content', 'rate-limit', 'A policy document of the gateway is computed or read from a file, so whether it limits callers is unknown.'));
    else {
      const withInbound = xmls.find((x) => typeof x.xml === 'string' && /<inbound>/.test(x.xml));
      const where = withInbound?.p ?? apim;
      const fix = withInbound ? fixOf('Add a per-subscription rate limit to the inbound policy', 'unsafe', [inboundEdit(ctx, withInbound.p)]) : apis.length ? fixOf(`Add an API policy with a per-subscription rate limit to ${apis[0].address}`, 'unsafe', [appendBlocks(ctx, apis[0].file, [apiPolicyBlock(apis[0])])]) : undefined;
      out.push(gap('missing', where, withInbound ? 'xml_content' : undefined, 'rate-limit', 'API Management fronts the AI API but no policy limits request rates, quotas or tokens per caller.', [ev(apim, 'API Management instance in front of the AI service')], [fix]));
    }
    const auth = xmls.some((x) => typeof x.xml === 'string' && AUTH_POLICY.test(x.xml));
    for (const api of apis) {
      const sub = api.attributes.subscription_required;
      if (truth(sub) === false && !auth) {
        out.push(gap('missing', api, 'subscription_required', 'subscription_required', 'The API needs no subscription key and no policy validates a token, so anyone who can reach the gateway can call the AI API.', [], [fixOf('Require a subscription key', 'unsafe', [setAttribute(ctx, api, 'subscription_required', 'true')])]));
      } else if (truth(sub) === 'unknown') out.push(gap('unresolved', api, 'subscription_required', 'subscription_required', 'subscription_required is computed, so whether callers must authenticate is unknown.'));
    }
  }
}

function inboundEdit(ctx: DetectorContext, p: Fact) {
  const text = ctx.text(p.file);
  const r = p.attributeRanges?.xml_content;
  if (!text || !r) return undefined;
  const lines = text.split('\n');
  for (let l = r.start.line; l <= r.end.line && l < lines.length; l++) {
    const m = /^([ \t]*)<inbound>\s*$/.exec(lines[l].replace(/\r$/, ''));
    if (!m) continue;
    const next = lines[l + 1] ?? '';
    const ind = /^([ \t]*)/.exec(next)![1] || m[1] + '  ';
    let at = l + 1;
    if (/^\s*<base\s*\/>\s*$/.test(next)) at = l + 2;
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const pos = { line: at, character: 0 };
    return { file: p.file, range: { start: pos, end: pos }, newText: `${ind}<!-- ${TODO}: choose the limits this AI API needs -->${eol}${ind}<rate-limit-by-key calls="60" renewal-period="60" counter-key="@(context.Subscription.Id)" />${eol}` };
  }
  return undefined;
}

function apiPolicyBlock(api: Fact): string {
  const xml = [
    '<policies>',
    '  <inbound>',
    '    <base />',
    `    <!-- ${TODO}: choose the limits this AI API needs -->`,
    '    <rate-limit-by-key calls="60" renewal-period="60" counter-key="@(context.Subscription.Id)" />',
    '  </inbound>',
    '  <backend>',
    '    <base />',
    '  </backend>',
    '  <outbound>',
    '    <base />',
    '  </outbound>',
    '  <on-error>',
    '    <base />',
    '  </on-error>',
    '</policies>',
  ];
  return [
    `resource "azurerm_api_management_api_policy" "${label(`${api.name ?? 'api'}_limits`)}"`,
  ].join('') + ' {\n' + [
    `  api_name            = ${api.address}.name`,
    `  api_management_name = ${api.address}.api_management_name`,
    `  resource_group_name = ${api.address}.resource_group_name`,
    '',
    '  xml_content = <<XML',
    ...xml,
    'XML',
  ].join('\n') + '\n}';
}

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const services = members(ctx, 'google_cloud_run_v2_service', 'google_cloud_run_service');
  const iamTypes = ['google_cloud_run_v2_service_iam_member', 'google_cloud_run_v2_service_iam_binding', 'google_cloud_run_service_iam_member', 'google_cloud_run_service_iam_binding'];
  for (const s of services) {
    for (const b of inScope(ctx, ...iamTypes).filter((x) => refersTo(x, s))) {
      const role = str(b.attributes.role);
      if (role !== 'roles/run.invoker') continue;
      const who = stringsOf(b.attributes.member ?? b.attributes.members);
      const open = who.values.find((m) => m === 'allUsers' || m === 'allAuthenticatedUsers');
      const path = 'member' in b.attributes ? 'member' : 'members';
      if (open) out.push(gap('missing', b, path, 'public-invoker', `${open} may invoke the AI service directly, with no gateway, authentication or rate limit in front of it.`, [ev(s, 'Cloud Run service serving the AI application')]));
      else if (who.unknown) out.push(gap('unresolved', b, path, 'public-invoker', 'The invoker members are computed, so whether the AI service is open to anyone is unknown.'));
    }
  }
  for (const be of members(ctx, 'google_compute_backend_service')) {
    const sp = be.attributes.security_policy;
    if (sp === undefined || sp === null) {
      out.push(gap('missing', be, undefined, 'cloud-armor', 'The load-balancer backend in front of the AI application has no Cloud Armor security policy, so callers are not rate-limited.'));
      continue;
    }
    const policy = ofTypeIn(ctx, 'google_compute_security_policy', be.scope).find((p) => refersTo(be, p));
    if (!policy) {
      out.push(gap('unresolved', be, 'security_policy', 'cloud-armor', 'The Cloud Armor policy is not defined in these files, so whether it rate-limits callers is unknown.'));
      continue;
    }
    const rules = listOf(policy.attributes.rule);
    const rate = rules.find((r) => /^(throttle|rate_based_ban)$/.test(str(get(r, 'action')) ?? '') || get(r, 'rate_limit_options') !== undefined);
    const evid: Evidence[] = [ev(policy, 'Cloud Armor policy attached to the backend')];
    if (rate) out.push(met('A Cloud Armor policy with a rate-limiting rule protects the backend.', evid));
    else out.push(gap('partial', be, 'security_policy', 'cloud-armor', 'The Cloud Armor policy on the backend has no throttle or rate-based-ban rule, so callers are not rate-limited.', evid));
  }
}

export const tfDetector: Detector = checksDetector('tf', ['aws', 'azure', 'gcp'], awsRest, awsHttp, awsUrlsAndLbs, azure, gcp);

/**
 * ARG-MON-004 for Terraform: model-extraction detection at layer 7. A gateway in front of
 * the model counts and limits requests per client: AWS WAF web ACL with a rate-based rule
 * associated with the API Gateway stage / load balancer / CloudFront distribution; Azure API
 * Management rate-limit, quota or token-limit policies; GCP Cloud Armor rate limiting or
 * Apigee quotas. Invocation alarms alone only partly cover it.
 */
import { get, str } from '../../../facts';
import type { Fact } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { ev, everywhere, hasProvider, header, inScope, members, refAddress, target } from '../tf-util/facts';

const AWS_FRONTS = ['aws_api_gateway_stage', 'aws_apigatewayv2_stage', 'aws_lb', 'aws_alb', 'aws_cloudfront_distribution', 'aws_appsync_graphql_api'];

function rateRule(acl: Fact): boolean {
  return /rate_based_statement/.test(JSON.stringify(acl.attributes.rule ?? ''));
}

function unique(list: Fact[]): Fact[] {
  return [...new Map(list.map((f) => [f.id, f])).values()];
}

function aws(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const fronts = unique([...members(ctx, AWS_FRONTS), ...inScope(ctx, AWS_FRONTS)]);
  const assocs = everywhere(ctx, 'aws_wafv2_web_acl_association');
  if (fronts.length === 0) {
    const alarms = everywhere(ctx, 'aws_cloudwatch_metric_alarm').filter((a) => /AWS\/(SageMaker|Bedrock)/.test(JSON.stringify(a.attributes)));
    out.push({
      status: 'missing',
      // invocation alarms notice extraction but do not slow it: still missing, alarms shown as evidence
      message: 'Clients reach the model without a gateway and WAF rate-based rule in front of it: nothing limits requests per client, so systematic querying to copy the model is not slowed.',
      location: ctx.workload.anchor,
      anchor: 'aws:l7',
      evidence: alarms.slice(0, 2).map((a) => ev(a, 'invocation alarm')),
    });
    return;
  }
  for (const fr of fronts) {
    let acl: Fact | undefined;
    if (fr.type === 'aws_cloudfront_distribution') acl = target(ctx, fr, fr.attributes.web_acl_id, 'aws_wafv2_web_acl');
    else {
      const a = assocs.find((x) => refAddress(x.attributes.resource_arn) === fr.address || (x.references ?? []).includes(fr.address));
      if (a) acl = target(ctx, a, a.attributes.web_acl_arn, 'aws_wafv2_web_acl');
      if (a && !acl) {
        out.push({ status: 'met', message: `${fr.address} is protected by a web ACL managed outside these files.`, evidence: [ev(a, 'WAF association')] });
        continue;
      }
    }
    if (!acl) out.push({ status: 'missing', message: `${fr.address} fronts the model without an AWS WAF web ACL, so requests are not rate-limited per client.`, location: header(fr), anchor: `${fr.address}:waf` });
    else if (!rateRule(acl)) out.push({ status: 'missing', message: `${acl.address} protects ${fr.address} but has no rate-based rule, so high-volume querying from one client is not limited.`, location: header(acl), anchor: `${acl.address}:rate` });
    else out.push({ status: 'met', message: `${fr.address} is behind ${acl.address}, which rate-limits clients.`, evidence: [ev(acl, 'rate-based rule', 'rule')] });
  }
}

const APIM_POLICY = /<(rate-limit|rate-limit-by-key|quota|quota-by-key|azure-openai-token-limit|llm-token-limit)\b/;

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const policies = inScope(ctx, /^azurerm_api_management_(api_|product_)?policy$/);
  const limiting = policies.filter((p) => APIM_POLICY.test(str(p.attributes.xml_content) ?? ''));
  if (limiting.length) {
    out.push({ status: 'met', message: `API Management limits callers (${limiting[0].address}).`, evidence: limiting.slice(0, 3).map((p) => ev(p, 'rate or token limit policy', 'xml_content')) });
    return;
  }
  const apim = inScope(ctx, 'azurerm_api_management');
  const where = policies[0] ?? apim[0];
  out.push({
    status: 'missing',
    message: where
      ? `${where.address} has no rate-limit, quota or token-limit policy, so API Management does not slow a client that queries the model systematically.`
      : 'No API Management (or other gateway) with rate or token limits sits in front of the model, so systematic querying to copy it is neither limited nor visible per client.',
    location: where ? header(where) : ctx.workload.anchor,
    anchor: 'azure:l7',
  });
}

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const armor = inScope(ctx, 'google_compute_security_policy');
  const limiting = armor.filter((p) => /rate_limit_options/.test(JSON.stringify(p.attributes.rule ?? '')));
  const quotas = inScope(ctx, 'google_apigee_api_product').filter((p) => get(p, 'quota') !== undefined);
  if (limiting.length || quotas.length) {
    const f = limiting[0] ?? quotas[0];
    out.push({ status: 'met', message: `${f.address} limits request rates per client.`, evidence: [ev(f, 'rate limiting')] });
    return;
  }
  out.push({
    status: 'missing',
    message: armor.length
      ? `${armor[0].address} has no rate-limiting rule (rate_limit_options), so a client querying the model systematically is not throttled.`
      : 'No Cloud Armor rate limiting or Apigee quota sits in front of the model, so systematic querying to copy it is neither limited nor visible per client.',
    location: armor.length ? header(armor[0]) : ctx.workload.anchor,
    anchor: 'gcp:l7',
  });
}

export const tfDetector: Detector = {
  kind: 'tf',
  providers: ['aws', 'azure', 'gcp'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    if (hasProvider(ctx, 'aws')) aws(ctx, out);
    if (hasProvider(ctx, 'azure')) azure(ctx, out);
    if (hasProvider(ctx, 'gcp')) gcp(ctx, out);
    return out;
  },
};

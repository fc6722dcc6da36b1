/**
 * ARG-PRC-004 in Terraform: a platform guardrail filters what goes into and comes out of the
 * model.
 * - AWS: Bedrock agents carry a `guardrail_configuration`; the guardrails they use have
 *   content filters (prompt attacks included) and personal-data filters. Functions that call
 *   Bedrock directly should have a guardrail in the configuration they can apply.
 * - Azure: OpenAI / AI Services deployments name a content-filter policy (`rai_policy_name`);
 *   a policy defined here must block (mode not `Asynchronous_filter`) and keep its filters on.
 * - GCP: only Model Armor templates show in Terraform; safety settings live in code, which the
 *   code detector judges.
 */
import { get, str, truth } from '../../../facts';
import type { Fact } from '../../../model';
import { roleOf, roleStatements } from '../../../parse/terraform/iam';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { hclBlock, hclLines, q, type HclItem } from '../tf-net-util/hcl';
import { appendBlocks, dashName, ev, fixOf, gap, inScope, insertLines, label, listOf, members, met, ofTypeIn, refersTo, setAttribute, sourceOf, unknown } from '../tf-net-util';
import { checksDetector } from '../compose';

const CONTENT = ['PROMPT_ATTACK', 'HATE', 'INSULTS', 'SEXUAL', 'VIOLENCE', 'MISCONDUCT'];
const PII = [
  ['EMAIL', 'ANONYMIZE'],
  ['PHONE', 'ANONYMIZE'],
  ['CREDIT_DEBIT_CARD_NUMBER', 'BLOCK'],
  ['US_SOCIAL_SECURITY_NUMBER', 'BLOCK'],
  ['AWS_SECRET_KEY', 'BLOCK'],
];

function guardrailBlock(agent: Fact, name: string, kms: string | undefined): string {
  const items: HclItem[] = [
    ['name', q(`${dashName(agent)}-guardrail`)],
    ['description', q(`Content, prompt-attack and personal-data filters for ${agent.address}.`)],
    ['blocked_input_messaging', q('Sorry, I cannot help with that request.')],
    ['blocked_outputs_messaging', q('Sorry, I cannot share that answer.')],
    // the agent's own customer-managed key encrypts the guardrail too
    ...(kms ? [['kms_key_arn', kms] as [string, string]] : []),
    { blank: true },
    {
      block: 'content_policy_config',
      items: CONTENT.map((t) => ({ block: 'filters_config', items: [['type', q(t)], ['input_strength', q('HIGH')], ['output_strength', q(t === 'PROMPT_ATTACK' ? 'NONE' : 'HIGH')]] as HclItem[] })),
    },
    { blank: true },
    { block: 'sensitive_information_policy_config', items: PII.map(([t, a]) => ({ block: 'pii_entities_config', items: [['type', q(t)], ['action', q(a)]] as HclItem[] })) },
  ];
  return hclBlock(`resource "aws_bedrock_guardrail" "${name}"`, items);
}

function judgeGuardrail(g: Fact): { ok: boolean; lacks: string[] } {
  const lacks: string[] = [];
  const filters = listOf(get(g, 'content_policy_config.filters_config'));
  if (filters.length === 0) lacks.push('content filters');
  else if (!filters.some((x) => str(get(x, 'type')) === 'PROMPT_ATTACK')) lacks.push('a prompt-attack filter');
  if (get(g, 'sensitive_information_policy_config') === undefined) lacks.push('personal-data filters');
  return { ok: lacks.length === 0, lacks };
}

function aws(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const guardrails = [...new Set([...members(ctx, 'aws_bedrock_guardrail'), ...inScope(ctx, 'aws_bedrock_guardrail')])];
  for (const agent of members(ctx, 'aws_bedrockagent_agent')) {
    const idv = get(agent, 'guardrail_configuration.guardrail_identifier');
    if (idv === undefined) {
      const name = label(`${agent.name ?? 'agent'}_guardrail`);
      const lines = hclLines([{ block: 'guardrail_configuration', items: [['guardrail_identifier', `aws_bedrock_guardrail.${name}.guardrail_id`], ['guardrail_version', `aws_bedrock_guardrail.${name}.version`]] }]);
      const fix = fixOf('Attach a new Bedrock guardrail with content and personal-data filters', 'unsafe', [insertLines(ctx, agent, undefined, ['', ...lines]), appendBlocks(ctx, agent.file, [guardrailBlock(agent, name, sourceOf(ctx, agent, 'customer_encryption_key_arn'))])]);
      out.push(gap('missing', agent, undefined, 'guardrail', 'The Bedrock agent has no guardrail_configuration, so nothing filters prompt attacks, harmful content or personal data in its input and output.', [], [fix]));
      continue;
    }
    const g = guardrails.find((x) => refersTo(agent, x));
    if (!g) {
      out.push(met('The agent has a guardrail attached (defined outside this configuration).', [ev(agent, 'guardrail_configuration is set', 'guardrail_configuration')]));
      continue;
    }
    const j = judgeGuardrail(g);
    if (j.ok) out.push(met('The agent has a guardrail with content, prompt-attack and personal-data filters.', [ev(agent, 'guardrail_configuration is set', 'guardrail_configuration'), ev(g, 'guardrail filters', 'content_policy_config')]));
    else out.push(gap('partial', g, undefined, 'filters', `The agent's guardrail lacks ${j.lacks.join(' and ')}.`, [ev(agent, 'uses this guardrail', 'guardrail_configuration')]));
  }
  // functions that call Bedrock models themselves
  for (const fn of members(ctx, 'aws_lambda_function', 'aws_ecs_task_definition')) {
    const role = roleOf(fn, ctx.allFacts);
    if (!role) continue;
    const calls = roleStatements(role, ctx.allFacts).some((s) => s.effect === 'Allow' && s.actions.some((a) => /^bedrock:(InvokeModel|Converse)/i.test(a) || a === 'bedrock:*'));
    if (!calls) continue;
    const wired = guardrails.find((g) => refersTo(fn, g));
    if (wired) {
      const j = judgeGuardrail(wired);
      if (j.ok) out.push(met('The function is configured with a guardrail that has content, prompt-attack and personal-data filters.', [ev(fn, 'references the guardrail'), ev(wired, 'guardrail filters', 'content_policy_config')]));
      else out.push(gap('partial', wired, undefined, 'filters', `The guardrail the function uses lacks ${j.lacks.join(' and ')}.`, [ev(fn, 'references this guardrail')]));
    } else if (guardrails.length) out.push(gap('partial', fn, undefined, 'guardrail', 'The function calls Bedrock models and a guardrail exists in this configuration, but the function is not given its identifier, so whether its calls pass the guardrail cannot be seen.', guardrails.map((g) => ev(g, 'guardrail in this configuration'))));
    else out.push(gap('missing', fn, undefined, 'guardrail', 'The function calls Bedrock models directly and no Bedrock guardrail exists in this configuration to filter prompts and answers.'));
  }
}

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const policies = inScope(ctx, 'azurerm_cognitive_account_rai_policy');
  for (const d of members(ctx, 'azurerm_cognitive_deployment')) {
    const v = d.attributes.rai_policy_name;
    if (unknown(v) && !policies.some((p) => refersTo(d, p))) {
      out.push(gap('unresolved', d, 'rai_policy_name', 'rai_policy', 'rai_policy_name is computed, so which content filter applies is unknown.'));
      continue;
    }
    if (v === undefined || v === null) {
      const name = label(`${d.name ?? 'deployment'}_filter`);
      const account = ofTypeIn(ctx, 'azurerm_cognitive_account', d.scope).find((a) => refersTo(d, a) && a.scope === d.scope);
      const fix = account
        ? fixOf('Pin a blocking content-filter policy to the deployment', 'unsafe', [setAttribute(ctx, d, 'rai_policy_name', `azurerm_cognitive_account_rai_policy.${name}.name`), appendBlocks(ctx, d.file, [raiPolicyBlock(account, name)])])
        : undefined;
      out.push(gap('partial', d, undefined, 'rai_policy', 'The deployment names no content-filter policy (rai_policy_name), so it relies on the platform default, which the configuration neither pins nor reviews.', [], [fix]));
      continue;
    }
    const p = policies.find((x) => refersTo(d, x) || str(x.attributes.name) === str(v));
    if (!p) {
      out.push(met(`The deployment uses the content-filter policy "${str(v) ?? 'referenced'}".`, [ev(d, 'rai_policy_name is set', 'rai_policy_name')]));
      continue;
    }
    const mode = str(p.attributes.mode);
    const off = listOf(p.attributes.content_filter).filter((c) => truth(get(c, 'filter_enabled')) === false || truth(get(c, 'block_enabled')) === false);
    if (mode === 'Asynchronous_filter') out.push(gap('partial', p, 'mode', 'mode', 'The content-filter policy filters asynchronously, so harmful output reaches the caller before it is flagged.', [ev(d, 'uses this policy', 'rai_policy_name')], [fixOf('Filter before content is returned (Blocking)', 'unsafe', [setAttribute(ctx, p, 'mode', q('Blocking'))])]));
    else if (off.length) out.push(gap('partial', p, 'content_filter', 'filters-off', `The content-filter policy turns off or does not block ${off.map((c) => str(get(c, 'name')) ?? 'a filter').join(', ')}.`, [ev(d, 'uses this policy', 'rai_policy_name')]));
    else out.push(met('The deployment uses a blocking content-filter policy.', [ev(d, 'rai_policy_name is set', 'rai_policy_name'), ev(p, mode ? `mode = "${mode}"` : 'content filters on', mode ? 'mode' : 'content_filter')]));
  }
}

function raiPolicyBlock(account: Fact, name: string): string {
  const filters: HclItem[] = [];
  for (const source of ['Prompt', 'Completion']) {
    for (const n of ['Hate', 'Sexual', 'Violence', 'Selfharm']) {
      filters.push({ block: 'content_filter', items: [['name', q(n)], ['filter_enabled', 'true'], ['block_enabled', 'true'], ['severity_threshold', q('Medium')], ['source', q(source)]] });
    }
  }
  filters.splice(4, 0, { block: 'content_filter', items: [['name', q('Jailbreak')], ['filter_enabled', 'true'], ['block_enabled', 'true'], ['severity_threshold', q('High')], ['source', q('Prompt')]] });
  return hclBlock(`resource "azurerm_cognitive_account_rai_policy" "${name}"`, [
    ['name', q(`${name.replace(/_/g, '-')}`)],
    ['cognitive_account_id', `${account.address}.id`],
    ['base_policy_name', q('Microsoft.DefaultV2')],
    ['mode', q('Blocking')],
    { blank: true },
    ...filters,
  ]);
}

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const t of inScope(ctx, 'google_model_armor_template')) out.push(met('A Model Armor template screens prompts and responses.', [ev(t, 'Model Armor template')]));
}

export const tfDetector: Detector = checksDetector('tf', ['aws', 'azure', 'gcp'], aws, azure, gcp);

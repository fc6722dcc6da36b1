/**
 * ARG-PRC-003 in Terraform: an automated way to cut an agent off, wired to a trigger.
 * Terraform can show the pieces, rarely the whole switch, so the verdicts are graded:
 * - AWS: a trigger (CloudWatch alarm with actions, EventBridge rule with a target), a cut-off
 *   action (an explicit-deny-all policy prepared in the configuration, or automation whose role
 *   may attach / put role policies, set Lambda concurrency or change the agent) — both: met;
 *   one: partial; none: missing.
 * - Azure: an alert wired to an action group with an automation runbook, Function or Logic
 *   App receiver — met; alerts that only notify people — partial; none — missing.
 * - GCP: alert policies can notify a Pub/Sub channel for automation, but the shut-off itself
 *   is never visible: partial at best (record the runbook as evidence), missing with no alert.
 * No quick-fix: a kill switch must be designed and tested by the team that runs the agent.
 */
import { get, str } from '../../../facts';
import type { Evidence, Fact } from '../../../model';
import { roleOf, roleStatements, statementsOf } from '../../../parse/terraform/iam';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { ev, gap, inScope, listOf, members, met, refersTo } from '../tf-net-util';

const CUT_ACTIONS = /^(iam:(AttachRolePolicy|PutRolePolicy|DeleteRolePolicy|DetachRolePolicy|UpdateAssumeRolePolicy|PutRolePermissionsBoundary|\*)|lambda:(PutFunctionConcurrency|\*)|bedrock:(UpdateAgent|DeleteAgentAlias|UpdateAgentAlias|\*)|bedrock-agentcore:(UpdateAgentRuntime|DeleteAgentRuntimeEndpoint|\*)|ec2:(ModifyNetworkInterfaceAttribute|\*))$/i;

const AGENT_TYPES = ['aws_bedrockagent_agent', 'aws_bedrockagentcore_agent_runtime', 'aws_lambda_function', 'azurerm_cognitive_account', 'azurerm_ai_foundry_project', 'azurerm_cognitive_account_project', 'azapi_resource', 'google_vertex_ai_reasoning_engine', 'google_vertex_ai_endpoint'];

function anchorOf(ctx: DetectorContext): Fact | undefined {
  const ms = members(ctx, ...AGENT_TYPES);
  return ms.find((f) => f.type === 'aws_bedrockagent_agent' || f.type === 'aws_bedrockagentcore_agent_runtime' || f.type === 'google_vertex_ai_reasoning_engine') ?? ms[0] ?? members(ctx)[0];
}

function isDenyAll(fact: Fact, ctx: DetectorContext): boolean {
  return statementsOf(fact, ctx.allFacts).some((s) => s.effect === 'Deny' && s.actions.includes('*'));
}

function aws(ctx: DetectorContext, anchor: Fact): DetectorOutcome | undefined {
  if (!anchor.type.startsWith('aws_')) return undefined;
  const triggers: Evidence[] = [];
  for (const a of inScope(ctx, 'aws_cloudwatch_metric_alarm')) if (listOf(a.attributes.alarm_actions).length) triggers.push(ev(a, 'alarm with actions', 'alarm_actions'));
  for (const r of inScope(ctx, 'aws_cloudwatch_event_rule')) if (inScope(ctx, 'aws_cloudwatch_event_target').some((t) => refersTo(t, r))) triggers.push(ev(r, 'EventBridge rule with a target'));
  const actions: Evidence[] = [];
  for (const p of inScope(ctx, 'aws_iam_policy', 'aws_iam_policy_document', 'aws_organizations_policy')) if (isDenyAll(p, ctx)) actions.push(ev(p, 'explicit deny-all policy ready to attach'));
  for (const fn of inScope(ctx, 'aws_lambda_function', 'aws_sfn_state_machine', 'aws_ssm_document')) {
    if (fn.type === 'aws_ssm_document') {
      if (/AttachRolePolicy|PutRolePolicy|PutFunctionConcurrency/i.test(JSON.stringify(fn.attributes.content ?? ''))) actions.push(ev(fn, 'automation document that cuts access'));
      continue;
    }
    const role = roleOf(fn, ctx.allFacts);
    if (!role) continue;
    const cut = roleStatements(role, ctx.allFacts).find((s) => s.effect === 'Allow' && s.actions.some((a) => CUT_ACTIONS.test(a)));
    if (cut && fn.address !== anchor.address) actions.push(ev(fn, `automation whose role may ${cut.actions.find((a) => CUT_ACTIONS.test(a))}`));
  }
  if (triggers.length && actions.length) return met('An alarm or event rule and an automated cut-off (deny policy or automation that changes the agent\'s access) are defined.', [...triggers, ...actions]);
  if (triggers.length) return gap('partial', anchor, undefined, 'kill-switch', 'Alarms or event rules exist, but no prepared deny policy or automation that cuts the agent\'s access is visible, so stopping the agent stays a manual step.', triggers);
  if (actions.length) return gap('partial', anchor, undefined, 'kill-switch', 'A deny policy or cut-off automation exists, but no alarm or event rule triggers it, so someone must notice and run it by hand.', actions);
  return gap('missing', anchor, undefined, 'kill-switch', 'No alarm, event rule, prepared deny policy or cut-off automation is defined, so nothing can stop the agent quickly when it misbehaves.');
}

function azure(ctx: DetectorContext, anchor: Fact): DetectorOutcome | undefined {
  if (!anchor.type.startsWith('azurerm_') && !anchor.type.startsWith('azapi_')) return undefined;
  const groups = inScope(ctx, 'azurerm_monitor_action_group');
  const automated = groups.filter((g) => ['automation_runbook_receiver', 'azure_function_receiver', 'logic_app_receiver'].some((k) => get(g, k) !== undefined));
  const alerts = inScope(ctx, 'azurerm_monitor_metric_alert', 'azurerm_monitor_scheduled_query_rules_alert_v2', 'azurerm_monitor_scheduled_query_rules_alert', 'azurerm_monitor_activity_log_alert');
  const wired = alerts.filter((a) => automated.some((g) => refersTo(a, g)));
  if (wired.length) return met('An alert triggers an action group that runs automation (runbook, Function or Logic App).', [...wired.map((a) => ev(a, 'alert wired to automation')), ...automated.map((g) => ev(g, 'action group with an automation receiver'))]);
  if (alerts.length || groups.length) return gap('partial', anchor, undefined, 'kill-switch', 'Alerts or action groups exist, but none runs automation that revokes the agent\'s identity or network, so stopping it stays manual.', [...alerts, ...groups].map((x) => ev(x, 'alerting without automated cut-off')));
  return gap('missing', anchor, undefined, 'kill-switch', 'No alert or action group is defined, so nothing detects the agent misbehaving or revokes its access automatically.');
}

function gcp(ctx: DetectorContext, anchor: Fact): DetectorOutcome | undefined {
  if (!anchor.type.startsWith('google_')) return undefined;
  const policies = inScope(ctx, 'google_monitoring_alert_policy');
  const pubsub = inScope(ctx, 'google_monitoring_notification_channel').filter((c) => str(c.attributes.type) === 'pubsub');
  if (policies.length) {
    const auto = policies.filter((p) => pubsub.some((c) => refersTo(p, c)));
    return gap('partial', anchor, undefined, 'kill-switch', auto.length ? 'An alert policy notifies a Pub/Sub channel that automation can act on, but the shut-off itself (IAM deny policy, firewall rule, identity revocation) is not visible in Terraform; record the tested runbook as evidence.' : 'Alert policies exist but only notify people; no automated shut-off of the agent is visible.', policies.map((p) => ev(p, 'alert policy')));
  }
  return gap('missing', anchor, undefined, 'kill-switch', 'No alert policy or automated shut-off is defined for the agent, so nothing can stop it quickly when it misbehaves.');
}

export const tfDetector: Detector = {
  kind: 'tf',
  providers: ['aws', 'azure', 'gcp'],
  evaluate(ctx) {
    const anchor = anchorOf(ctx);
    if (!anchor) return [];
    const o = aws(ctx, anchor) ?? azure(ctx, anchor) ?? gcp(ctx, anchor);
    return o ? [o] : [];
  },
};

/**
 * ARG-MON-003 for Terraform: AI-specific detection. The model's invocations are logged and
 * an alert watches them. AWS: Bedrock model-invocation logging or SageMaker data capture,
 * plus a CloudWatch alarm on the AWS/Bedrock or AWS/SageMaker invocation metrics. Azure: a
 * diagnostic setting with the RequestResponse / Audit categories of the AI account, plus a
 * metric or scheduled-query alert on it. GCP: Vertex endpoint request/response logging plus
 * a Cloud Monitoring alert policy on Vertex AI. Fix (AWS): add an invocation alarm.
 */
import { get, str, truth } from '../../../facts';
import type { Fact } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { anchorFile, ev, everywhere, freeName, header, inScope, loc, members, refAddress } from '../tf-util/facts';
import { appendBlocks, fixOf } from '../tf-util/fixes';
import { checksDetector } from '../compose';

function alarmsFor(ctx: DetectorContext, namespace: string): Fact[] {
  return everywhere(ctx, 'aws_cloudwatch_metric_alarm').filter((a) => str(a.attributes.namespace) === namespace || JSON.stringify(a.attributes.metric_query ?? '').includes(namespace));
}

function alarmFix(ctx: DetectorContext, namespace: string, what: string, dims: string[]) {
  const scope = ctx.workload.root;
  const base = namespace === 'AWS/Bedrock' ? 'bedrock_invocations' : 'sagemaker_invocations';
  const name = freeName(ctx, 'aws_cloudwatch_metric_alarm', base, scope);
  const lines = [
    `resource "aws_cloudwatch_metric_alarm" "${name}" {`,
    `  alarm_name          = ${JSON.stringify(name.replace(/_/g, '-') + '-spike')}`,
    `  alarm_description   = ${JSON.stringify(`Unusual invocation volume of ${what}: possible misuse, extraction or a runaway agent`)}`,
    `  namespace           = "${namespace}"`,
    '  metric_name         = "Invocations"',
    '  statistic           = "Sum"',
    '  period              = 300',
    '  evaluation_periods  = 1',
    '  comparison_operator = "GreaterThanThreshold"',
    '  threshold           = var.ai_invocation_alarm_threshold',
    '  alarm_actions       = [var.security_alerts_topic_arn]',
    ...(dims.length ? ['', '  dimensions = {', ...dims.map((d) => `    ${d}`), '  }'] : []),
    '}',
  ];
  return fixOf(`Alarm on unusual ${namespace} invocation volume (aws_cloudwatch_metric_alarm.${name})`, 'unsafe', [
    appendBlocks(ctx, anchorFile(ctx), scope, [lines.join('\n')], [
      { name: 'ai_invocation_alarm_threshold', description: 'Invocations per 5 minutes above which the security team is alerted', type: 'number' },
      { name: 'security_alerts_topic_arn', description: 'SNS topic that pages the security on-call' },
    ]),
  ]);
}

function aws(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const bedrock = members(ctx).filter((f) => /^aws_bedrock/.test(f.type));
  if (bedrock.length) {
    const logging = everywhere(ctx, 'aws_bedrock_model_invocation_logging_configuration')[0];
    const alarms = alarmsFor(ctx, 'AWS/Bedrock');
    if (!logging) out.push({ status: 'missing', message: 'Bedrock model-invocation logging is off, so prompts and answers that show misuse (jailbreaks, data extraction, tool abuse) leave no trace to detect it from.', location: ctx.workload.anchor, anchor: 'aws:bedrock:logging' });
    else if (alarms.length === 0)
      out.push({ status: 'partial', message: 'Bedrock invocations are logged, but no CloudWatch alarm watches the AWS/Bedrock metrics, so a spike in use or errors goes unnoticed.', location: ctx.workload.anchor, anchor: 'aws:bedrock:alarm', evidence: [ev(logging, 'invocation logging')], fixes: alarmFix(ctx, 'AWS/Bedrock', 'Bedrock models', []) });
    else out.push({ status: 'met', message: 'Bedrock invocations are logged and alarmed.', evidence: [ev(logging, 'invocation logging'), ev(alarms[0], `${alarms[0].address} watches AWS/Bedrock`)] });
  }
  for (const cfg of members(ctx, 'aws_sagemaker_endpoint_configuration')) {
    const capture = truth(get(cfg, 'data_capture_config.enable_capture'));
    const endpoint = inScope(ctx, 'aws_sagemaker_endpoint').find((e) => (e.references ?? []).includes(cfg.address));
    const alarms = alarmsFor(ctx, 'AWS/SageMaker').filter((a) => !endpoint || JSON.stringify(a.attributes.dimensions ?? a.attributes.metric_query ?? '').includes(endpoint.address) || JSON.stringify(a.attributes.dimensions ?? '').includes(str(endpoint.attributes.name) ?? '\u0000'));
    if (get(cfg, 'data_capture_config') === undefined || capture === false) {
      out.push({ status: 'missing', message: `${cfg.address} does not capture requests and responses (data_capture_config), so misuse of the model cannot be detected or investigated.`, location: get(cfg, 'data_capture_config') === undefined ? header(cfg) : loc(cfg, 'data_capture_config.enable_capture'), anchor: `${cfg.address}:capture` });
    } else if (alarms.length === 0) {
      const dims = endpoint ? [`EndpointName = ${endpoint.address}.name`, 'VariantName  = "AllTraffic"'] : [];
      out.push({ status: 'partial', message: `${cfg.address} captures invocations, but no CloudWatch alarm watches the endpoint's AWS/SageMaker invocation metrics.`, location: header(endpoint ?? cfg), anchor: `${cfg.address}:alarm`, fixes: endpoint ? alarmFix(ctx, 'AWS/SageMaker', endpoint.address, dims) : [] });
    } else out.push({ status: 'met', message: `${cfg.address} captures invocations and ${alarms[0].address} alarms on them.`, evidence: [ev(cfg, 'data capture', 'data_capture_config'), ev(alarms[0], 'invocation alarm')] });
  }
}

const AZ_LOG_CATEGORIES = /^(RequestResponse|Audit|allLogs|audit)$/;

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const acct of members(ctx, ['azurerm_cognitive_account', 'azurerm_ai_services'])) {
    const diags = inScope(ctx, 'azurerm_monitor_diagnostic_setting').filter((d) => refAddress(d.attributes.target_resource_id) === acct.address);
    const logs = diags.filter((d) => {
      const list = get(d, 'enabled_log');
      const items = Array.isArray(list) ? list : list ? [list] : [];
      return items.some((i) => AZ_LOG_CATEGORIES.test(str(get(i, 'category')) ?? str(get(i, 'category_group')) ?? ''));
    });
    const targets = new Set([acct.address, ...logs.map((d) => refAddress(d.attributes.log_analytics_workspace_id)).filter((x): x is string => !!x)]);
    const alerts = inScope(ctx, /^azurerm_monitor_(scheduled_query_rules_alert(_v2)?|metric_alert|activity_log_alert)$/).filter((a) => (a.references ?? []).some((r) => targets.has(r)));
    if (logs.length === 0) out.push({ status: 'missing', message: `No diagnostic setting sends the RequestResponse or Audit logs of ${acct.address}, so misuse of the model cannot be detected from its calls.`, location: header(acct), anchor: `${acct.address}:ai-logs` });
    else if (alerts.length === 0) out.push({ status: 'partial', message: `${acct.address} logs its requests, but no metric or log-query alert watches them for abuse (token spikes, blocked content, throttling).`, location: header(acct), anchor: `${acct.address}:ai-alert`, evidence: [ev(logs[0], 'request logs')] });
    else out.push({ status: 'met', message: `${acct.address} logs requests and ${alerts[0].address} alerts on them.`, evidence: [ev(logs[0], 'request logs'), ev(alerts[0], 'alert')] });
  }
}

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const ep of members(ctx, 'google_vertex_ai_endpoint')) {
    const logging = truth(get(ep, 'predict_request_response_logging_config.enabled'));
    const alerts = inScope(ctx, 'google_monitoring_alert_policy').filter((p) => /aiplatform/.test(JSON.stringify(p.attributes.conditions ?? '')));
    if (logging !== true) {
      out.push({
        status: logging === 'unknown' ? 'unresolved' : 'missing',
        message: logging === 'unknown' ? `Whether ${ep.address} logs requests cannot be resolved.` : `${ep.address} does not log requests and responses (predict_request_response_logging_config), so misuse of the model cannot be detected from its calls.`,
        location: logging === undefined ? header(ep) : loc(ep, 'predict_request_response_logging_config.enabled'),
        anchor: `${ep.address}:logging`,
      });
    } else if (alerts.length === 0) out.push({ status: 'partial', message: `${ep.address} logs requests, but no Cloud Monitoring alert policy watches Vertex AI metrics.`, location: header(ep), anchor: `${ep.address}:alert` });
    else out.push({ status: 'met', message: `${ep.address} logs requests and ${alerts[0].address} alerts on Vertex AI metrics.`, evidence: [ev(ep, 'request/response logging', 'predict_request_response_logging_config'), ev(alerts[0], 'alert policy')] });
  }
}

export const tfDetector: Detector = checksDetector('tf', ['aws', 'azure', 'gcp'], aws, azure, gcp);

/**
 * ARG-MON-002 for Terraform: audit logs of the AI workload exist and are kept at least 365 days.
 * AWS: a CloudTrail trail (anywhere in the scan) whose CloudWatch log group or S3 lifecycle
 * keeps ≥ 365 days; Bedrock model-invocation logging for Bedrock workloads, with the same
 * retention. Azure: a diagnostic setting on each AI resource sending its logs to a Log
 * Analytics workspace that keeps ≥ 365 days. GCP: Data Access audit logs for Vertex AI and
 * a log bucket that keeps ≥ 365 days. Log destinations defined outside the files count as set.
 */
import { get, isExpr, isRef, str } from '../../../facts';
import type { Evidence, Fact, Fix } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { anchorFact, anchorFile, ev, everywhere, freeName, hasProvider, header, inScope, loc, members, named, refAddress, target } from '../tf-util/facts';
import { appendBlocks, fixOf, setAttribute } from '../tf-util/fixes';
import { companionsOf } from '../tf-util/storage';

const DAYS = 365;

type Retention = { ok: true; why: string; evidence: Evidence[] } | { ok: false; why: string; fact: Fact; path?: string; fix: Fix[] } | { ok: 'unknown'; why: string; fact: Fact; path: string };

/** Retention of a CloudWatch log group (absent or 0 = never expire). */
function logGroupRetention(ctx: DetectorContext, g: Fact): Retention {
  const v = g.attributes.retention_in_days;
  if (v === undefined || v === null || v === 0) return { ok: true, why: `${g.address} never expires its logs`, evidence: [ev(g, 'no retention_in_days: logs are kept indefinitely')] };
  if (typeof v === 'number') {
    if (v >= DAYS) return { ok: true, why: `${g.address} keeps logs ${v} days`, evidence: [ev(g, `retention_in_days = ${v}`, 'retention_in_days')] };
    return { ok: false, why: `${g.address} keeps logs only ${v} days (retention_in_days = ${v})`, fact: g, path: 'retention_in_days', fix: fixOf(`Keep logs of ${g.address} for ${DAYS} days`, 'safe', [setAttribute(ctx, g, 'retention_in_days', String(DAYS))]) };
  }
  return { ok: 'unknown', why: `the retention of ${g.address} cannot be resolved`, fact: g, path: 'retention_in_days' };
}

function logGroupByName(ctx: DetectorContext, from: Fact, v: unknown): Fact | undefined {
  const t = target(ctx, from, v as never, 'aws_cloudwatch_log_group');
  if (t) return t;
  if (typeof v === 'string') return named(ctx, 'aws_cloudwatch_log_group', 'name', v.replace(/^arn:aws[\w-]*:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, ''))[0];
  return undefined;
}

function trailRetention(ctx: DetectorContext, trail: Fact): Retention {
  const g = logGroupByName(ctx, trail, trail.attributes.cloud_watch_logs_group_arn);
  if (g) return logGroupRetention(ctx, g);
  const bucket = target(ctx, trail, trail.attributes.s3_bucket_name, 'aws_s3_bucket');
  if (bucket) {
    for (const lc of companionsOf(ctx, bucket, 'aws_s3_bucket_lifecycle_configuration')) {
      const rules = Array.isArray(lc.attributes.rule) ? lc.attributes.rule : [];
      for (let i = 0; i < rules.length; i++) {
        const base = i === 0 ? 'rule' : `rule.${i}`;
        const days = get(rules[i], 'expiration.days');
        if (typeof days === 'number' && days < DAYS) {
          return { ok: false, why: `the trail bucket ${bucket.address} deletes logs after ${days} days`, fact: lc, path: `${base}.expiration.days`, fix: fixOf(`Keep trail logs for ${DAYS} days`, 'safe', [setAttribute(ctx, lc, `${base}.expiration.days`, String(DAYS))]) };
        }
      }
    }
    return { ok: true, why: `${trail.address} writes to ${bucket.address}, which does not expire logs within a year`, evidence: [ev(trail, 'trail destination', 's3_bucket_name')] };
  }
  return { ok: true, why: `${trail.address} writes to a bucket managed outside these files`, evidence: [ev(trail, 'trail destination', 's3_bucket_name')] };
}

function retentionOutcome(r: Retention, what: string, anchorKey: string): DetectorOutcome {
  if (r.ok === true) return { status: 'met', message: `${what}: ${r.why}.`, evidence: r.evidence };
  if (r.ok === 'unknown') return { status: 'unresolved', message: `${what}: ${r.why}.`, location: loc(r.fact, r.path), anchor: anchorKey };
  return { status: 'missing', message: `${what}, but ${r.why}; audit logs must be kept at least ${DAYS} days.`, location: r.path ? loc(r.fact, r.path) : header(r.fact), anchor: anchorKey, fixes: r.fix };
}

function aws(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const trails = everywhere(ctx, 'aws_cloudtrail');
  if (trails.length === 0) {
    out.push({ status: 'missing', message: 'No CloudTrail trail is in the scanned configuration, so API activity around this AI workload (who changed or invoked what) is not recorded beyond the 90-day event history.', location: ctx.workload.anchor, anchor: 'aws:cloudtrail' });
  } else {
    const rs = trails.map((t) => ({ t, r: trailRetention(ctx, t) }));
    const good = rs.find((x) => x.r.ok === true);
    if (good) out.push(retentionOutcome(good.r, `CloudTrail ${good.t.address} records API activity`, 'aws:cloudtrail'));
    else out.push(retentionOutcome(rs[0].r, `CloudTrail ${rs[0].t.address} records API activity`, `aws:cloudtrail:${rs[0].t.address}`));
  }
  if (!members(ctx).some((f) => /^aws_bedrock/.test(f.type))) return;
  const cfg = everywhere(ctx, 'aws_bedrock_model_invocation_logging_configuration')[0];
  if (!cfg) {
    out.push({ status: 'missing', message: 'Bedrock model-invocation logging is not configured, so the prompts and answers of this Bedrock workload leave no audit record.', location: ctx.workload.anchor, anchor: 'aws:bedrock-invocation-logging' });
    return;
  }
  const g = logGroupByName(ctx, cfg, get(cfg, 'logging_config.cloudwatch_config.log_group_name'));
  if (g) out.push(retentionOutcome(logGroupRetention(ctx, g), `Bedrock invocation logging ${cfg.address} writes to ${g.address}`, 'aws:bedrock-invocation-logging'));
  else out.push({ status: 'met', message: `Bedrock invocation logging is configured (${cfg.address}).`, evidence: [ev(cfg, 'model invocation logging')] });
}

const AZ_AI = ['azurerm_cognitive_account', 'azurerm_machine_learning_workspace', 'azurerm_ai_foundry', 'azurerm_search_service', 'azurerm_ai_services'];

function diagFix(ctx: DetectorContext, f: Fact): Fix[] {
  const scope = f.scope ?? '.';
  const name = freeName(ctx, 'azurerm_monitor_diagnostic_setting', f.name ?? 'ai', scope);
  return fixOf(`Send ${f.address} audit logs to Log Analytics (azurerm_monitor_diagnostic_setting.${name})`, 'unsafe', [
    appendBlocks(
      ctx,
      f.file,
      scope,
      [
        [
          `resource "azurerm_monitor_diagnostic_setting" "${name}" {`,
          `  name                       = ${JSON.stringify(`diag-${(f.name ?? 'ai').replace(/_/g, '-')}`)}`,
          `  target_resource_id         = ${f.address}.id`,
          '  log_analytics_workspace_id = var.log_analytics_workspace_id',
          '',
          '  enabled_log {',
          '    category_group = "allLogs"',
          '  }',
          '}',
        ].join('\n'),
      ],
      [{ name: 'log_analytics_workspace_id', description: `Log Analytics workspace (retention of at least ${DAYS} days) that receives AI audit logs` }],
    ),
  ]);
}

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const f of members(ctx, AZ_AI)) {
    const diags = inScope(ctx, 'azurerm_monitor_diagnostic_setting').filter((d) => refAddress(d.attributes.target_resource_id) === f.address);
    if (diags.length === 0) {
      out.push({ status: 'missing', message: `${f.address} has no diagnostic setting, so its audit and request logs are not kept anywhere.`, location: header(f), anchor: `${f.address}:diagnostics`, fixes: diagFix(ctx, f) });
      continue;
    }
    const d = diags.find((x) => get(x, 'enabled_log') !== undefined || get(x, 'log') !== undefined) ?? diags[0];
    if (get(d, 'enabled_log') === undefined && get(d, 'log') === undefined) {
      out.push({ status: 'partial', message: `${d.address} sends only metrics from ${f.address}; enable the audit log categories.`, location: header(d), anchor: `${f.address}:diagnostics` });
      continue;
    }
    const wsv = d.attributes.log_analytics_workspace_id;
    const ws = target(ctx, d, wsv, 'azurerm_log_analytics_workspace');
    if (!ws) {
      if (isExpr(wsv) && !refAddress(wsv) && !/^var\./.test(wsv.$expr)) out.push({ status: 'unresolved', message: `The log destination of ${d.address} cannot be resolved.`, location: loc(d, 'log_analytics_workspace_id'), anchor: `${f.address}:diagnostics` });
      else out.push({ status: 'met', message: `${d.address} sends ${f.address} logs to a destination managed outside these files; its retention is set there.`, evidence: [ev(d, 'diagnostic setting', 'target_resource_id')] });
      continue;
    }
    const days = ws.attributes.retention_in_days;
    if (typeof days === 'number' && days >= DAYS) {
      out.push({ status: 'met', message: `${d.address} sends ${f.address} logs to ${ws.address}, kept ${days} days.`, evidence: [ev(d, 'diagnostic setting', 'target_resource_id'), ev(ws, `retention_in_days = ${days}`, 'retention_in_days')] });
    } else if (isExpr(days) || isRef(days)) {
      out.push({ status: 'unresolved', message: `The retention of ${ws.address} cannot be resolved.`, location: loc(ws, 'retention_in_days'), anchor: `${ws.address}:retention` });
    } else {
      out.push({
        status: 'missing',
        message: `${d.address} sends ${f.address} logs to ${ws.address}, which keeps them ${typeof days === 'number' ? `only ${days}` : 'the default 30'} days; audit logs must be kept at least ${DAYS} days.`,
        location: typeof days === 'number' ? loc(ws, 'retention_in_days') : header(ws),
        anchor: `${ws.address}:retention`,
        evidence: [ev(d, `logs of ${f.address}`, 'target_resource_id')],
        fixes: fixOf(`Keep ${ws.address} logs for ${DAYS} days`, 'unsafe', [setAttribute(ctx, ws, 'retention_in_days', String(DAYS))]),
      });
    }
  }
}

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const audits = everywhere(ctx, /^google_(project|folder|organization)_iam_audit_config$/).filter((a) => {
    const svc = str(a.attributes.service);
    const types = get(a, 'audit_log_config');
    const list = Array.isArray(types) ? types : [];
    return (svc === 'allServices' || svc === 'aiplatform.googleapis.com') && list.some((c) => /^DATA_(READ|WRITE)$/.test(str(get(c, 'log_type')) ?? ''));
  });
  const buckets = everywhere(ctx, /^google_logging_(project|folder|organization|billing_account)_bucket_config$/);
  const sinks = everywhere(ctx, /^google_logging_(project|folder|organization)_sink$/);
  const gaps: string[] = [];
  const blocks: string[] = [];
  const vars: { name: string; description: string }[] = [];
  const a = anchorFact(ctx);
  const projectText = a && typeof a.attributes.project === 'string' ? JSON.stringify(a.attributes.project) : 'var.project_id';
  if (projectText === 'var.project_id') vars.push({ name: 'project_id', description: 'Project that hosts the AI workload' });
  if (audits.length === 0) {
    gaps.push('Data Access audit logs are not enabled for Vertex AI (no google_project_iam_audit_config with DATA_READ / DATA_WRITE)');
    blocks.push(
      ['resource "google_project_iam_audit_config" "aiplatform" {', `  project = ${projectText}`, '  service = "aiplatform.googleapis.com"', '', '  audit_log_config {', '    log_type = "DATA_READ"', '  }', '', '  audit_log_config {', '    log_type = "DATA_WRITE"', '  }', '}'].join('\n'),
    );
  }
  const evidence: Evidence[] = audits.map((x) => ev(x, `${x.address} enables Data Access audit logs`));
  const short = buckets.find((b) => typeof b.attributes.retention_days === 'number' && (b.attributes.retention_days as number) < DAYS);
  const long = buckets.find((b) => typeof b.attributes.retention_days === 'number' && (b.attributes.retention_days as number) >= DAYS);
  if (long) evidence.push(ev(long, `retention_days = ${long.attributes.retention_days}`, 'retention_days'));
  let retentionFix: ReturnType<typeof setAttribute> | null = null;
  if (short && !long) {
    gaps.push(`${short.address} keeps logs only ${short.attributes.retention_days} days`);
    retentionFix = setAttribute(ctx, short, 'retention_days', String(DAYS));
  } else if (!long && sinks.length === 0) {
    gaps.push(`no log bucket keeps logs ${DAYS} days (the _Default bucket keeps Data Access logs 30 days)`);
    blocks.push(['resource "google_logging_project_bucket_config" "default" {', `  project        = ${projectText}`, '  location       = "global"', '  bucket_id      = "_Default"', `  retention_days = ${DAYS}`, '}'].join('\n'));
  }
  if (sinks.length && !long) evidence.push(...sinks.map((s) => ev(s, `${s.address} exports logs`)));
  if (gaps.length === 0) {
    out.push({ status: 'met', message: `Vertex AI Data Access audit logs are enabled and kept at least ${DAYS} days.`, evidence });
    return;
  }
  out.push({
    status: audits.length === 0 ? 'missing' : 'partial',
    message: `Audit logging of the AI project is incomplete: ${gaps.join('; ')}.`,
    location: short && audits.length ? loc(short, 'retention_days') : ctx.workload.anchor,
    anchor: 'gcp:audit-logging',
    evidence,
    fixes: fixOf('Enable Vertex AI Data Access audit logs and keep logs 365 days', 'unsafe', [blocks.length ? appendBlocks(ctx, anchorFile(ctx), ctx.workload.root, blocks, vars) : null, retentionFix]),
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

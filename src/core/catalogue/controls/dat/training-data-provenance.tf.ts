/**
 * ARG-DAT-003 for Terraform: the stores that feed training keep every version and cannot be
 * silently rewritten. AWS: the S3 buckets named by training inputs (Bedrock custom models,
 * SageMaker training jobs and feature-group offline stores) are versioned and object-locked.
 * GCP: Cloud Storage buckets of the ML workload are versioned or under a retention policy.
 * Azure: the storage behind ML workspaces and datastores has blob versioning on.
 * Fixes: add versioning (and an object-lock configuration on AWS).
 */
import { get, isExpr, truth } from '../../../facts';
import type { Fact, FactValue } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { ev, header, loc, members, target } from '../tf-util/facts';
import { appendBlocks, fixOf, insertLines, setAttribute } from '../tf-util/fixes';
import { bucketsIn, s3ObjectLock, s3Versioning } from '../tf-util/storage';
import { checksDetector } from '../compose';

const AWS_TRAINING = ['aws_bedrock_custom_model', 'aws_sagemaker_feature_group', 'aws_sagemaker_training_job', 'aws_sagemaker_hyper_parameter_tuning_job', 'aws_sagemaker_labeling_job'];

/** Values of a fact that name training inputs (every `*s3_uri*` / `bucket*` outside output settings). */
function inputValues(f: Fact): { path: string; value: FactValue }[] {
  const out: { path: string; value: FactValue }[] = [];
  const walk = (v: FactValue, path: string) => {
    if (v === null || typeof v !== 'object') {
      if (/(^|\.)(s3_uri|uri|s3_data_source|bucket|bucket_arn)$/.test(path) && !/output/i.test(path)) out.push({ path, value: v });
      return;
    }
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, v.length === 1 ? path : `${path}.${i}`));
    if ('$ref' in v || '$expr' in v) {
      if (/(s3_uri|uri|bucket|bucket_arn)$/.test(path) && !/output/i.test(path)) out.push({ path, value: v });
      return;
    }
    for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(f.attributes, '');
  return out;
}

function awsFix(ctx: DetectorContext, b: Fact, needVersioning: boolean) {
  const scope = b.scope ?? '.';
  const blocks: string[] = [];
  if (needVersioning) blocks.push([`resource "aws_s3_bucket_versioning" "${b.name}" {`, `  bucket = ${b.address}.id`, '', '  versioning_configuration {', '    status = "Enabled"', '  }', '}'].join('\n'));
  blocks.push(
    [
      `resource "aws_s3_bucket_object_lock_configuration" "${b.name}" {`,
      `  bucket = ${b.address}.id`,
      '  # TODO(ai-risk-gradient): an existing bucket needs Object Lock enabled by AWS first (versioning on, then the object-lock token); a new bucket sets object_lock_enabled = true.',
      '',
      '  rule {',
      '    default_retention {',
      '      mode = "GOVERNANCE"',
      '      days = var.training_data_lock_days',
      '    }',
      '  }',
      ...(needVersioning ? ['', `  depends_on = [aws_s3_bucket_versioning.${b.name}]`] : []),
      '}',
    ].join('\n'),
  );
  return fixOf(`Version and object-lock ${b.address}`, 'unsafe', [appendBlocks(ctx, b.file, scope, blocks, [{ name: 'training_data_lock_days', description: 'Days a training-data object version is protected from deletion or overwrite', type: 'number' }])]);
}

function aws(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const seen = new Set<string>();
  for (const f of members(ctx, AWS_TRAINING)) {
    for (const { path, value } of inputValues(f)) {
      const refs = bucketsIn(ctx, f, value);
      if (refs.unknown && refs.buckets.length === 0 && isExpr(value)) {
        out.push({ status: 'unresolved', message: `The training data location of ${f.address} (${path}) cannot be resolved, so its bucket cannot be checked.`, location: loc(f, path), anchor: `${f.address}:${path}` });
        continue;
      }
      for (const b of refs.buckets.filter((x) => x.type === 'aws_s3_bucket')) {
        if (seen.has(b.id)) continue;
        seen.add(b.id);
        const used = ev(f, `${f.address} trains on data in ${b.address}`, path);
        const v = s3Versioning(ctx, b);
        const lock = s3ObjectLock(ctx, b);
        if (v.ok === 'unknown' || lock.ok === 'unknown') {
          const u = v.ok === 'unknown' ? v : lock;
          out.push({ status: 'unresolved', message: `${b.address}: ${u.why}.`, location: loc((u as { fact: Fact }).fact, (u as { path?: string }).path), anchor: `${b.address}:provenance`, evidence: [used] });
        } else if (v.ok && lock.ok) out.push({ status: 'met', message: `Training data bucket ${b.address} is versioned and object-locked.`, evidence: [used, ev(v.fact, v.why, v.path), ev(lock.fact, lock.why, lock.path)] });
        else
          out.push({
            status: v.ok ? 'partial' : 'missing',
            message: v.ok
              ? `Training data bucket ${b.address} is versioned but not object-locked, so anyone with write access can still delete versions and poison or erase the training set.`
              : `Training data bucket ${b.address} is neither versioned nor object-locked, so training data can be overwritten or deleted without a trace (poisoning, lost provenance).`,
            location: header(b),
            anchor: `${b.address}:provenance`,
            evidence: [used],
            fixes: awsFix(ctx, b, !v.ok),
          });
      }
    }
  }
}

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const b of members(ctx, 'google_storage_bucket')) {
    const v = truth(get(b, 'versioning.enabled'));
    const retention = get(b, 'retention_policy') !== undefined;
    if (v === true || retention) out.push({ status: 'met', message: `${b.address} keeps object versions${retention ? ' under a retention policy' : ''}.`, evidence: [ev(b, v === true ? 'versioning.enabled = true' : 'retention_policy', v === true ? 'versioning.enabled' : 'retention_policy')] });
    else if (v === 'unknown') out.push({ status: 'unresolved', message: `Whether ${b.address} is versioned cannot be resolved.`, location: loc(b, 'versioning.enabled'), anchor: `${b.address}:provenance` });
    else
      out.push({
        status: 'missing',
        message: `${b.address} holds data of the ML workload without object versioning or a retention policy, so training data can be overwritten or deleted without a trace.`,
        location: v === false ? loc(b, 'versioning.enabled') : header(b),
        anchor: `${b.address}:provenance`,
        fixes: fixOf(`Turn on object versioning for ${b.address}`, 'safe', [v === false ? setAttribute(ctx, b, 'versioning.enabled', 'true') : insertLines(ctx, b, undefined, ['', 'versioning {', '  enabled = true', '}'])]),
      });
  }
}

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const accounts = new Map<string, { acct: Fact; via: Fact; path: string }>();
  for (const w of members(ctx, ['azurerm_machine_learning_workspace', 'azurerm_ai_foundry'])) {
    const a = target(ctx, w, w.attributes.storage_account_id, 'azurerm_storage_account');
    if (a) accounts.set(a.id, { acct: a, via: w, path: 'storage_account_id' });
  }
  for (const d of members(ctx, /^azurerm_machine_learning_datastore_/)) {
    const c = target(ctx, d, d.attributes.storage_container_id ?? d.attributes.storage_account_id);
    const refs = bucketsIn(ctx, d, c ? { $ref: `${c.address}.id` } : d.attributes.storage_container_id);
    for (const a of refs.buckets.filter((x) => x.type === 'azurerm_storage_account')) accounts.set(a.id, { acct: a, via: d, path: 'storage_container_id' });
  }
  for (const { acct, via, path } of accounts.values()) {
    const used = ev(via, `${via.address} keeps ML data in ${acct.address}`, path);
    const v = truth(get(acct, 'blob_properties.versioning_enabled'));
    if (v === true) out.push({ status: 'met', message: `${acct.address} keeps blob versions.`, evidence: [used, ev(acct, 'versioning_enabled = true', 'blob_properties.versioning_enabled')] });
    else if (v === 'unknown') out.push({ status: 'unresolved', message: `Whether ${acct.address} keeps blob versions cannot be resolved.`, location: loc(acct, 'blob_properties.versioning_enabled'), anchor: `${acct.address}:provenance`, evidence: [used] });
    else {
      const hasBlock = get(acct, 'blob_properties') !== undefined;
      out.push({
        status: 'missing',
        message: `${acct.address} stores the ML workload's data without blob versioning, so training data can be overwritten or deleted without a trace.`,
        location: v === false ? loc(acct, 'blob_properties.versioning_enabled') : header(acct),
        anchor: `${acct.address}:provenance`,
        evidence: [used],
        fixes: fixOf(`Turn on blob versioning for ${acct.address}`, 'safe', [hasBlock ? setAttribute(ctx, acct, 'blob_properties.versioning_enabled', 'true') : insertLines(ctx, acct, undefined, ['', 'blob_properties {', '  versioning_enabled = true', '}'])]),
      });
    }
  }
}

export const tfDetector: Detector = checksDetector('tf', ['aws', 'azure', 'gcp'], aws, gcp, azure);

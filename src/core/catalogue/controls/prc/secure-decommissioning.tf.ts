/**
 * ARG-PRC-007 in Terraform: data, keys and models of the workload can be retired for real.
 * - AWS: KMS keys keep a deletion window (the default is 30 days, the allowed range 7–30);
 *   S3 buckets of the workload expire data through lifecycle rules.
 * - Azure: Key Vaults used by the workload have purge protection (soft-delete retention
 *   defaults to 90 days).
 * - GCP: Cloud KMS keys keep a destroy schedule (default 30 days); buckets of the workload
 *   delete data by lifecycle rule or hold it under a retention policy.
 */
import { get, str, truth } from '../../../facts';
import type { FactValue } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { hclBlock, hclLines, q } from '../tf-net-util/hcl';
import { appendBlocks, ev, fixOf, gap, inScope, insertLines, label, listOf, members, met, refersTo, setAttribute, TODO, unknown, variableBlock } from '../tf-net-util';
import { checksDetector } from '../compose';

function expires(rule: FactValue): boolean {
  if (str(get(rule, 'status')) === 'Disabled') return false;
  return ['expiration', 'noncurrent_version_expiration'].some((k) => get(rule, k) !== undefined);
}

function aws(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const k of members(ctx, 'aws_kms_key')) {
    const w = k.attributes.deletion_window_in_days;
    if (unknown(w)) out.push(gap('unresolved', k, 'deletion_window_in_days', 'deletion_window', 'deletion_window_in_days is computed, so the key\'s deletion window is unknown.'));
    else out.push(met(`The key can be scheduled for deletion with a ${w === undefined ? '30-day default' : `${String(w)}-day`} waiting period.`, [ev(k, w === undefined ? 'deletion_window_in_days defaults to 30' : `deletion_window_in_days = ${String(w)}`, 'deletion_window_in_days')]));
  }
  const taken = new Set<string>();
  for (const b of members(ctx, 'aws_s3_bucket')) {
    const configs = inScope(ctx, 'aws_s3_bucket_lifecycle_configuration').filter((c) => refersTo(c, b));
    const rules = [...configs.flatMap((c) => listOf(c.attributes.rule)), ...listOf(b.attributes.lifecycle_rule)];
    if (rules.some(expires)) {
      out.push(met('Lifecycle rules expire the bucket\'s data.', [...configs.map((c) => ev(c, 'lifecycle rule with expiration', 'rule')), ...(b.attributes.lifecycle_rule ? [ev(b, 'lifecycle_rule with expiration', 'lifecycle_rule')] : [])]));
      continue;
    }
    if (configs.some((c) => unknown(c.attributes.rule)) || rules.some((r) => unknown(r))) {
      out.push(gap('unresolved', configs[0] ?? b, 'rule', 'lifecycle', 'The bucket\'s lifecycle rules are computed, so whether its data expires is unknown.'));
      continue;
    }
    const scope = b.scope ?? '.';
    const v = variableBlock(ctx, scope, 'ai_data_retention_days', 'number', `${TODO}: days the AI data may be kept before it is deleted (agreed retention period)`, taken);
    const block = hclBlock(`resource "aws_s3_bucket_lifecycle_configuration" "${label(`${b.name ?? 'bucket'}_retention`)}"`, [
      ['bucket', `${b.address}.id`],
      { blank: true },
      {
        block: 'rule',
        items: [
          ['id', q('expire-ai-data')],
          ['status', q('Enabled')],
          { blank: true },
          { block: 'filter', items: [] },
          { blank: true },
          { block: 'expiration', items: [['days', 'var.ai_data_retention_days']] },
          { blank: true },
          { block: 'noncurrent_version_expiration', items: [['noncurrent_days', '30']] },
        ],
      },
    ]);
    out.push(gap('missing', configs[0] ?? b, undefined, 'lifecycle', configs.length ? 'The bucket\'s lifecycle rules never expire data, so retired training data and artefacts stay forever.' : 'The bucket has no lifecycle rule, so retired training data and artefacts are never deleted.', [], [configs.length ? undefined : fixOf('Expire the bucket\'s data after the agreed retention period', 'unsafe', [appendBlocks(ctx, b.file, [...(v ? [v] : []), block])])]));
  }
}

function azure(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const kv of members(ctx, 'azurerm_key_vault')) {
    const p = truth(kv.attributes.purge_protection_enabled);
    if (p === 'unknown') out.push(gap('unresolved', kv, 'purge_protection_enabled', 'purge_protection', 'purge_protection_enabled is computed, so whether deleted keys can be purged at once is unknown.'));
    else if (p === true) out.push(met('The Key Vault keeps deleted keys and secrets recoverable until the retention period ends (purge protection on).', [ev(kv, 'purge_protection_enabled = true', 'purge_protection_enabled')]));
    else out.push(gap('missing', kv, 'purge_protection_enabled', 'purge_protection', `Deleted keys and secrets of the Key Vault can be purged at once (${p === undefined ? 'purge_protection_enabled is not set and defaults to false' : 'purge_protection_enabled = false'}), so retirement is neither controlled nor reversible.`, [], [fixOf('Turn on purge protection (cannot be turned off again)', 'unsafe', [setAttribute(ctx, kv, 'purge_protection_enabled', 'true')])]));
  }
}

function gcp(ctx: DetectorContext, out: DetectorOutcome[]): void {
  for (const k of members(ctx, 'google_kms_crypto_key')) {
    const d = k.attributes.destroy_scheduled_duration;
    if (unknown(d)) out.push(gap('unresolved', k, 'destroy_scheduled_duration', 'destroy_schedule', 'destroy_scheduled_duration is computed, so the key\'s destroy schedule is unknown.'));
    else out.push(met(`Key versions are destroyed after a ${d === undefined ? '30-day default' : String(str(d))} scheduled period.`, [ev(k, d === undefined ? 'destroy_scheduled_duration defaults to 30 days' : `destroy_scheduled_duration = "${str(d)}"`, 'destroy_scheduled_duration')]));
  }
  const taken = new Set<string>();
  for (const b of members(ctx, 'google_storage_bucket')) {
    const rules = listOf(b.attributes.lifecycle_rule);
    const del = rules.find((r) => str(get(r, 'action.type')) === 'Delete');
    const retention = get(b, 'retention_policy.retention_period');
    if (del || retention !== undefined) {
      out.push(met(del ? 'A lifecycle rule deletes the bucket\'s data.' : 'A retention policy governs how long the bucket\'s data is kept.', [ev(b, del ? 'lifecycle_rule with action Delete' : 'retention_policy is set', del ? 'lifecycle_rule' : 'retention_policy')]));
      continue;
    }
    if (rules.some((r) => unknown(r))) {
      out.push(gap('unresolved', b, 'lifecycle_rule', 'lifecycle', 'The bucket\'s lifecycle rules are computed, so whether its data expires is unknown.'));
      continue;
    }
    const v = variableBlock(ctx, b.scope ?? '.', 'ai_data_retention_days', 'number', `${TODO}: days the AI data may be kept before it is deleted (agreed retention period)`, taken);
    const edits = [
      insertLines(ctx, b, undefined, ['', ...hclLines([{ block: 'lifecycle_rule', items: [{ block: 'condition', items: [['age', 'var.ai_data_retention_days']] }, { block: 'action', items: [['type', q('Delete')]] }] }])]),
      ...(v ? [appendBlocks(ctx, b.file, [v])] : []),
    ];
    out.push(gap('missing', b, undefined, 'lifecycle', 'The bucket has no lifecycle rule that deletes data and no retention policy, so retired datasets and models stay forever.', [], [fixOf('Delete the bucket\'s data after the agreed retention period', 'unsafe', edits)]));
  }
}

export const tfDetector: Detector = checksDetector('tf', ['aws', 'azure', 'gcp'], aws, azure, gcp);


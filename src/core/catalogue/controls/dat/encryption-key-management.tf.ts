/**
 * ARG-DAT-001 for Terraform: AI resources encrypt with a customer-managed key, and that key
 * rotates. A reference to a key resource counts as set and the rotation of that key is
 * checked; a key defined outside the files counts as set (its rotation is not visible).
 * Fix (AWS, GCP): point the resource at a new key that rotates; or turn rotation on.
 */
import { get } from '../../../facts';
import type { Evidence, Fact, Fix } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { ev, freeName, header, loc, members, uniqueBy } from '../tf-util/facts';
import { ofTypeIn } from '../tf-net-util';
import { appendBlocks, fixOf, insertLines, setAttribute } from '../tf-util/fixes';
import { KEY_TYPES, keyRef, rotationOf } from '../tf-util/keys';
import { s3KmsKey } from '../tf-util/storage';

interface Target {
  path: string;
  /** Block to insert the key into, for nested paths. */
  what: string;
}

const TARGETS: Record<string, Target> = {
  aws_sagemaker_endpoint_configuration: { path: 'kms_key_arn', what: 'the endpoint\'s ML storage volumes' },
  aws_sagemaker_notebook_instance: { path: 'kms_key_id', what: 'the notebook\'s storage volume' },
  aws_sagemaker_domain: { path: 'kms_key_id', what: 'the Studio domain\'s EFS volume' },
  aws_bedrockagent_agent: { path: 'customer_encryption_key_arn', what: 'the agent\'s configuration and session data' },
  aws_bedrock_guardrail: { path: 'kms_key_arn', what: 'the guardrail' },
  aws_bedrock_custom_model: { path: 'custom_model_kms_key_id', what: 'the fine-tuned model' },
  aws_bedrockagentcore_gateway: { path: 'kms_key_arn', what: 'the gateway' },
  google_vertex_ai_endpoint: { path: 'encryption_spec.kms_key_name', what: 'the endpoint and its deployed models' },
  google_vertex_ai_dataset: { path: 'encryption_spec.kms_key_name', what: 'the dataset' },
  google_vertex_ai_featurestore: { path: 'encryption_spec.kms_key_name', what: 'the feature store' },
  google_vertex_ai_index_endpoint: { path: 'encryption_spec.kms_key_name', what: 'the index endpoint' },
  google_vertex_ai_reasoning_engine: { path: 'encryption_spec.kms_key_name', what: 'the agent engine and its sessions' },
  google_vertex_ai_tensorboard: { path: 'encryption_spec.kms_key_name', what: 'the TensorBoard' },
  google_vertex_ai_metadata_store: { path: 'encryption_spec.kms_key_name', what: 'the metadata store' },
  azurerm_cognitive_account: { path: 'customer_managed_key.key_vault_key_id', what: 'the account\'s data (fine-tuning files, stored completions)' },
  azurerm_machine_learning_workspace: { path: 'encryption.key_id', what: 'the workspace\'s data' },
  azurerm_ai_foundry: { path: 'encryption.key_id', what: 'the hub\'s data' },
};

function awsKeyBlock(name: string, forWhat: string): string {
  return [
    `resource "aws_kms_key" "${name}" {`,
    `  description             = ${JSON.stringify(`Customer-managed key for ${forWhat}`)}`,
    '  enable_key_rotation     = true',
    '  deletion_window_in_days = 30',
    '  # TODO(ai-risk-gradient): review the key policy so the service and its role may use this key.',
    '}',
  ].join('\n');
}

function gcpKeyBlock(name: string, forWhat: string): string {
  return [
    `resource "google_kms_crypto_key" "${name}" {`,
    `  name            = ${JSON.stringify(name.replace(/_/g, '-'))}`,
    '  key_ring        = var.kms_key_ring_id',
    '  rotation_period = "7776000s" # 90 days',
    `  # TODO(ai-risk-gradient): grant the Vertex AI service agent roles/cloudkms.cryptoKeyEncrypterDecrypter on this key (${forWhat}).`,
    '}',
  ].join('\n');
}

function newKeyFix(ctx: DetectorContext, f: Fact, t: Target): Fix[] {
  const scope = f.scope ?? '.';
  if (f.type.startsWith('aws_')) {
    const name = freeName(ctx, 'aws_kms_key', f.name ?? 'ai', scope);
    return fixOf(`Encrypt with a new rotating KMS key (aws_kms_key.${name})`, 'unsafe', [
      setAttribute(ctx, f, t.path, `aws_kms_key.${name}.arn`),
      appendBlocks(ctx, f.file, scope, [awsKeyBlock(name, f.address)]),
    ]);
  }
  if (f.type.startsWith('google_') && !get(f, 'encryption_spec')) {
    const name = freeName(ctx, 'google_kms_crypto_key', f.name ?? 'ai', scope);
    return fixOf(`Encrypt with a new rotating Cloud KMS key (google_kms_crypto_key.${name})`, 'unsafe', [
      insertLines(ctx, f, undefined, ['', 'encryption_spec {', `  kms_key_name = google_kms_crypto_key.${name}.id`, '}']),
      appendBlocks(ctx, f.file, scope, [gcpKeyBlock(name, f.address)], [{ name: 'kms_key_ring_id', description: 'Cloud KMS key ring (projects/…/locations/…/keyRings/…) for AI resource keys' }]),
    ]);
  }
  return [];
}

function rotationFix(ctx: DetectorContext, key: Fact): Fix[] {
  const r = rotationOf(key);
  if (r.status !== 'off') return [];
  if (r.fix.kind === 'set') return fixOf(`Turn on automatic rotation of ${key.address}`, 'safe', [setAttribute(ctx, key, r.fix.path, r.fix.value)]);
  if (r.fix.lines.length === 0) return [];
  return fixOf(`Add an automatic rotation policy to ${key.address}`, 'safe', [insertLines(ctx, key, undefined, ['', ...r.fix.lines])]);
}

function judgeKey(ctx: DetectorContext, key: Fact, user: Evidence | undefined, out: DetectorOutcome[]): void {
  const r = rotationOf(key);
  const evs = user ? [user] : [];
  if (r.status === 'on') out.push({ status: 'met', message: `${key.address} rotates (${r.why}).`, evidence: [ev(key, r.why, r.path), ...evs] });
  else if (r.status === 'unknown') out.push({ status: 'unresolved', message: `Whether ${key.address} rotates cannot be read: ${r.why}.`, location: loc(key, r.path), anchor: `${key.address}:rotation`, evidence: evs });
  else out.push({ status: 'missing', message: `The customer-managed key ${key.address} does not rotate: ${r.why}.`, location: r.path ? loc(key, r.path) : header(key), anchor: `${key.address}:rotation`, evidence: evs, fixes: rotationFix(ctx, key) });
}

export const tfDetector: Detector = {
  kind: 'tf',
  providers: ['aws', 'azure', 'gcp'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    const judged = new Set<Fact>();
    for (const f of members(ctx)) {
      const t = TARGETS[f.type];
      if (!t) continue;
      let path = t.path;
      let value = get(f, path);
      let holder = f;
      if (f.type === 'azurerm_cognitive_account' && value === undefined) {
        const cmk = ofTypeIn(ctx, 'azurerm_cognitive_account_customer_managed_key', f.scope).find((c) => (c.references ?? []).includes(f.address));
        if (cmk) {
          holder = cmk;
          path = 'key_vault_key_id';
          value = cmk.attributes.key_vault_key_id;
        }
      }
      const k = keyRef(ctx, holder, value);
      switch (k.kind) {
        case 'absent':
          out.push({
            status: 'missing',
            message: `${f.address} sets no customer-managed key (${t.path.split('.').pop()}), so ${t.what} ${f.type.startsWith('google_') ? 'use Google-managed' : f.type.startsWith('azurerm_') ? 'use Microsoft-managed' : 'use AWS-managed'} keys that you cannot rotate, restrict or revoke.`,
            location: header(f),
            anchor: `${f.address}:${t.path}`,
            fixes: newKeyFix(ctx, f, t),
          });
          break;
        case 'provider-managed':
          out.push({ status: 'missing', message: `${f.address} uses a provider-managed key: ${k.why}.`, location: loc(holder, path), anchor: `${f.address}:${t.path}` });
          break;
        case 'unknown':
          out.push({ status: 'unresolved', message: `The key ${f.address} uses is set from a value that cannot be resolved.`, location: loc(holder, path), anchor: `${f.address}:${t.path}` });
          break;
        case 'external':
          out.push({ status: 'met', message: `${f.address} uses a customer-managed key (${k.why}); its rotation is managed where the key is defined.`, evidence: [ev(holder, 'customer-managed key', path)] });
          break;
        case 'key':
          judged.add(k.key);
          judgeKey(ctx, k.key, ev(holder, `${f.address} encrypts with ${k.key.address}`, path), out);
          break;
      }
    }
    // S3 buckets of the workload (training data, data capture, knowledge-base documents).
    for (const b of members(ctx, 'aws_s3_bucket')) {
      const sse = s3KmsKey(ctx, b);
      if (!sse || (sse.algorithm !== undefined && !/^aws:kms/.test(sse.algorithm))) {
        out.push({
          status: 'missing',
          message: `${b.address} holds data of the AI workload but is encrypted with S3-managed keys (${sse?.algorithm ? `sse_algorithm = "${sse.algorithm}"` : 'no SSE-KMS configuration'}), not a customer-managed KMS key.`,
          location: sse?.algorithm ? loc(sse.fact, sse.path.replace(/kms_master_key_id$/, 'sse_algorithm')) : header(b),
          anchor: `${b.address}:sse`,
        });
        continue;
      }
      const k = keyRef(ctx, sse.fact, sse.value);
      if (k.kind === 'key') {
        judged.add(k.key);
        judgeKey(ctx, k.key, ev(sse.fact, `${b.address} encrypts with ${k.key.address}`, sse.path), out);
      } else if (k.kind === 'absent' || k.kind === 'provider-managed') {
        out.push({ status: 'missing', message: `${b.address} uses SSE-KMS with the AWS-managed aws/s3 key, not a customer-managed key.`, location: loc(sse.fact, sse.path.replace(/\.kms_master_key_id$/, '')), anchor: `${b.address}:sse` });
      } else if (k.kind === 'unknown') {
        out.push({ status: 'unresolved', message: `The KMS key of ${b.address} cannot be resolved.`, location: loc(sse.fact, sse.path), anchor: `${b.address}:sse` });
      } else out.push({ status: 'met', message: `${b.address} uses SSE-KMS with a customer-managed key (${k.why}).`, evidence: [ev(sse.fact, 'SSE-KMS', sse.path)] });
    }
    // Keys of the workload not reached above.
    for (const key of members(ctx, KEY_TYPES)) if (!judged.has(key) && key.kind === 'resource') judgeKey(ctx, key, undefined, out);
    return uniqueBy(out, (o) => (o.status === 'met' ? `met:${o.message}` : o.anchor ?? o.message));
  },
};

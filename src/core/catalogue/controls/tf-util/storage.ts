/**
 * Object stores behind AI resources: which S3 / GCS bucket or Azure storage account a URI or
 * reference names, and the companion resources that protect it (versioning, object lock,
 * public access blocks, encryption). Cloud-agnostic helpers.
 */
import { get, isExpr, isRef, str, truth } from '../../../facts';
import type { Fact, FactValue } from '../../../model';
import type { DetectorContext } from '../../types';
import { everywhere, inScope, named, refsInText, target } from './facts';

export const BUCKET_TYPES = ['aws_s3_bucket', 'google_storage_bucket', 'azurerm_storage_account', 'azurerm_storage_container'];

export interface BucketRefs {
  buckets: Fact[];
  /** The value (or part of it) could not be read. */
  unknown: boolean;
  /** A literal URI names a bucket that is not defined in the files. */
  external: string[];
}

/** Buckets a value names: references, interpolations, or `s3://` / `gs://` literals matching a bucket of the files. */
export function bucketsIn(ctx: DetectorContext, from: Fact, v: FactValue | undefined): BucketRefs {
  const out: BucketRefs = { buckets: [], unknown: false, external: [] };
  const add = (f: Fact | undefined) => {
    if (!f) return;
    let b = f;
    if (f.type === 'azurerm_storage_container') {
      const acct = target(ctx, f, f.attributes.storage_account_id ?? f.attributes.storage_account_name, 'azurerm_storage_account');
      if (acct) b = acct;
    }
    if (BUCKET_TYPES.includes(b.type) && !out.buckets.includes(b)) out.buckets.push(b);
  };
  const walk = (x: FactValue | undefined) => {
    if (x === undefined || x === null) return;
    if (Array.isArray(x)) return x.forEach(walk);
    if (isRef(x)) return add(target(ctx, from, x));
    if (isExpr(x)) {
      let found = false;
      for (const a of refsInText(x.$expr)) {
        const t = ctx.allFacts.byAddress(a, from.scope).find((f) => BUCKET_TYPES.includes(f.type) || f.type === 'aws_s3_object' || f.type === 'google_storage_bucket_object');
        if (t && (t.type === 'aws_s3_object' || t.type === 'google_storage_bucket_object')) add(target(ctx, t, t.attributes.bucket));
        else if (t) add(t);
        if (t) found = true;
      }
      if (!found) out.unknown = true;
      return;
    }
    if (typeof x === 'string') {
      const m = /^(s3|gs):\/\/([^/]+)/.exec(x);
      if (!m) return;
      const type = m[1] === 's3' ? 'aws_s3_bucket' : 'google_storage_bucket';
      const key = m[1] === 's3' ? 'bucket' : 'name';
      const b = named(ctx, type, key, m[2])[0];
      if (b) add(b);
      else out.external.push(m[2]);
      return;
    }
    if (typeof x === 'object') for (const y of Object.values(x)) walk(y);
  };
  walk(v);
  return out;
}

/** Resources of `type` in the bucket's root module that reference it (`bucket = aws_s3_bucket.x.id`). */
export function companionsOf(ctx: DetectorContext, bucket: Fact, type: string): Fact[] {
  return inScope(ctx, type).filter((c) => (c.scope ?? '.') === (bucket.scope ?? '.') && (c.references ?? []).includes(bucket.address));
}

export type Judgement = { ok: true; why: string; fact: Fact; path?: string } | { ok: false; why: string } | { ok: 'unknown'; why: string; fact: Fact; path?: string };

export function s3Versioning(ctx: DetectorContext, b: Fact): Judgement {
  if (truth(b.attributes.object_lock_enabled) === true) return { ok: true, why: 'object lock is enabled, which keeps versioning on', fact: b, path: 'object_lock_enabled' };
  for (const v of companionsOf(ctx, b, 'aws_s3_bucket_versioning')) {
    const s = get(v, 'versioning_configuration.status');
    if (str(s) === 'Enabled') return { ok: true, why: 'versioning_configuration.status = "Enabled"', fact: v, path: 'versioning_configuration.status' };
    if (isExpr(s)) return { ok: 'unknown', why: 'the versioning status cannot be read', fact: v, path: 'versioning_configuration.status' };
  }
  if (truth(get(b, 'versioning.enabled')) === true) return { ok: true, why: 'versioning.enabled = true', fact: b, path: 'versioning.enabled' };
  return { ok: false, why: 'the bucket has no versioning' };
}

export function s3ObjectLock(ctx: DetectorContext, b: Fact): Judgement {
  const v = truth(b.attributes.object_lock_enabled);
  if (v === true) return { ok: true, why: 'object_lock_enabled = true', fact: b, path: 'object_lock_enabled' };
  if (v === 'unknown') return { ok: 'unknown', why: 'object_lock_enabled cannot be read', fact: b, path: 'object_lock_enabled' };
  if (get(b, 'object_lock_configuration') !== undefined) return { ok: true, why: 'an object_lock_configuration block is set', fact: b, path: 'object_lock_configuration' };
  const c = companionsOf(ctx, b, 'aws_s3_bucket_object_lock_configuration')[0];
  if (c) return { ok: true, why: `${c.address} locks objects`, fact: c };
  return { ok: false, why: 'objects in the bucket are not locked (no object lock)' };
}

const PAB_FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

export function s3PublicAccessBlocked(ctx: DetectorContext, b: Fact): Judgement {
  for (const acct of everywhere(ctx, 'aws_s3_account_public_access_block')) {
    if (PAB_FLAGS.every((k) => truth(acct.attributes[k]) === true)) return { ok: true, why: 'the account blocks public access to every bucket', fact: acct };
  }
  for (const p of companionsOf(ctx, b, 'aws_s3_bucket_public_access_block')) {
    const vals = PAB_FLAGS.map((k) => truth(p.attributes[k]));
    if (vals.every((x) => x === true)) return { ok: true, why: 'all four public access block settings are true', fact: p };
    if (vals.some((x) => x === 'unknown')) return { ok: 'unknown', why: 'some public access block settings cannot be read', fact: p };
    const off = PAB_FLAGS.filter((_, i) => vals[i] !== true);
    return { ok: false, why: `the public access block leaves ${off.join(', ')} off` };
  }
  return { ok: false, why: 'the bucket has no public access block' };
}

/** Public ACLs on a bucket (`acl = "public-read"` on the bucket or an aws_s3_bucket_acl). */
export function s3PublicAcl(ctx: DetectorContext, b: Fact): { fact: Fact; path: string; acl: string } | undefined {
  const direct = str(b.attributes.acl);
  if (direct && /^public-|authenticated-read/.test(direct)) return { fact: b, path: 'acl', acl: direct };
  for (const a of companionsOf(ctx, b, 'aws_s3_bucket_acl')) {
    const acl = str(a.attributes.acl);
    if (acl && /^public-|authenticated-read/.test(acl)) return { fact: a, path: 'acl', acl };
  }
  return undefined;
}

/** SSE-KMS on an S3 bucket: the key attribute value and where it is set. */
export function s3KmsKey(ctx: DetectorContext, b: Fact): { fact: Fact; path: string; value: FactValue | undefined; algorithm?: string } | undefined {
  for (const c of companionsOf(ctx, b, 'aws_s3_bucket_server_side_encryption_configuration')) {
    const alg = str(get(c, 'rule.apply_server_side_encryption_by_default.sse_algorithm'));
    return { fact: c, path: 'rule.apply_server_side_encryption_by_default.kms_master_key_id', value: get(c, 'rule.apply_server_side_encryption_by_default.kms_master_key_id'), algorithm: alg };
  }
  const alg = str(get(b, 'server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm'));
  if (alg) return { fact: b, path: 'server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.kms_master_key_id', value: get(b, 'server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.kms_master_key_id'), algorithm: alg };
  return undefined;
}

/** IAM members / bindings on a GCS bucket that open it to everyone. */
export function gcsPublicMembers(ctx: DetectorContext, b: Fact): { fact: Fact; path: string }[] {
  const out: { fact: Fact; path: string }[] = [];
  for (const m of [...companionsOf(ctx, b, 'google_storage_bucket_iam_member'), ...companionsOf(ctx, b, 'google_storage_bucket_iam_binding')]) {
    const member = m.attributes.member ?? m.attributes.members;
    const list = Array.isArray(member) ? member : [member];
    list.forEach((x, i) => {
      if (x === 'allUsers' || x === 'allAuthenticatedUsers') out.push({ fact: m, path: Array.isArray(member) ? `members.${i}` : 'member' });
    });
  }
  return out;
}

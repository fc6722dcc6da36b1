/**
 * "The key a resource uses": follows a key attribute to an `aws_kms_key` (through aliases),
 * `google_kms_crypto_key` or `azurerm_key_vault_key` of the files, and judges that key's
 * rotation. Cloud-agnostic helpers for any detector that needs customer-managed keys.
 */
import { get, isExpr, isRef, str, truth } from '../../../facts';
import type { Fact, FactValue } from '../../../model';
import type { DetectorContext } from '../../types';
import { refAddress, target } from './facts';

export const KEY_TYPES = ['aws_kms_key', 'google_kms_crypto_key', 'azurerm_key_vault_key', 'azurerm_key_vault_managed_hardware_security_module_key'];

export type KeyRef =
  | { kind: 'key'; key: Fact }
  | { kind: 'external'; why: string }
  | { kind: 'provider-managed'; why: string }
  | { kind: 'unknown' }
  | { kind: 'absent' };

/** What a key-valued attribute points at. */
export function keyRef(ctx: DetectorContext, f: Fact, v: FactValue | undefined): KeyRef {
  if (v === undefined || v === null || v === '') return { kind: 'absent' };
  if (typeof v === 'string') {
    if (/alias\/aws\//.test(v)) return { kind: 'provider-managed', why: `"${v}" is the provider-managed key, not a customer-managed one` };
    return { kind: 'external', why: 'a key defined outside these files (literal key id)' };
  }
  let t = target(ctx, f, v);
  if (t && t.type === 'aws_kms_alias') {
    const k = target(ctx, t, t.attributes.target_key_id, 'aws_kms_key');
    if (k) t = k;
    else return { kind: 'external', why: `${t.address} points at a key defined outside these files` };
  }
  if (t && KEY_TYPES.includes(t.type) && t.kind === 'resource') return { kind: 'key', key: t };
  if (t && t.kind === 'data') return { kind: 'external', why: `the key is looked up from ${t.address}` };
  if (isRef(v) || isExpr(v)) {
    const a = refAddress(v);
    if (a && a.startsWith('data.')) return { kind: 'external', why: `the key is looked up from ${a}` };
    if (a && /^(aws_kms_|google_kms_|azurerm_key_vault_)/.test(a.replace(/^module\.[^.]+\./, ''))) return { kind: 'external', why: `the key ${a} is not in the scanned files` };
    return { kind: 'unknown' };
  }
  return { kind: 'unknown' };
}

export type Rotation =
  | { status: 'on'; why: string; path?: string }
  | { status: 'off'; why: string; path?: string; fix: { kind: 'set'; path: string; value: string } | { kind: 'insert'; lines: string[] } }
  | { status: 'unknown'; why: string; path?: string };

/** Whether a key resource of the files rotates automatically. */
export function rotationOf(key: Fact): Rotation {
  switch (key.type) {
    case 'aws_kms_key': {
      const spec = str(key.attributes.customer_master_key_spec);
      if (spec && spec !== 'SYMMETRIC_DEFAULT') return { status: 'on', why: `${spec} keys cannot rotate automatically; rotation is manual`, path: 'customer_master_key_spec' };
      const v = truth(key.attributes.enable_key_rotation);
      if (v === true) return { status: 'on', why: 'enable_key_rotation = true', path: 'enable_key_rotation' };
      if (v === 'unknown') return { status: 'unknown', why: 'enable_key_rotation is set from a value that cannot be read', path: 'enable_key_rotation' };
      return {
        status: 'off',
        why: v === false ? 'enable_key_rotation = false' : 'enable_key_rotation is not set (rotation is off by default)',
        path: v === false ? 'enable_key_rotation' : undefined,
        fix: { kind: 'set', path: 'enable_key_rotation', value: 'true' },
      };
    }
    case 'google_kms_crypto_key': {
      const v = key.attributes.rotation_period;
      if (typeof v === 'string' && v.trim()) return { status: 'on', why: `rotation_period = "${v}"`, path: 'rotation_period' };
      if (isExpr(v) || isRef(v)) return { status: 'unknown', why: 'rotation_period is set from a value that cannot be read', path: 'rotation_period' };
      return { status: 'off', why: 'rotation_period is not set, so the key never rotates', fix: { kind: 'set', path: 'rotation_period', value: '"7776000s" # 90 days' } };
    }
    case 'azurerm_key_vault_key':
    case 'azurerm_key_vault_managed_hardware_security_module_key': {
      const rp = get(key, 'rotation_policy');
      if (rp === undefined || rp === null) {
        return {
          status: 'off',
          why: 'the key has no rotation_policy, so it never rotates',
          fix: { kind: 'insert', lines: ['rotation_policy {', '  automatic {', '    time_before_expiry = "P30D"', '  }', '  expire_after         = "P90D"', '  notify_before_expiry = "P29D"', '}'] },
        };
      }
      if (get(key, 'rotation_policy.automatic') !== undefined) return { status: 'on', why: 'rotation_policy.automatic rotates the key', path: 'rotation_policy' };
      if (isExpr(rp)) return { status: 'unknown', why: 'rotation_policy cannot be read', path: 'rotation_policy' };
      return { status: 'off', why: 'rotation_policy has no automatic block, so the key is not rotated', path: 'rotation_policy', fix: { kind: 'insert', lines: [] } };
    }
  }
  return { status: 'unknown', why: 'unknown key type' };
}

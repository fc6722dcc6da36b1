/**
 * ARG-IAM-003 for Terraform: secrets come from Secrets Manager / Key Vault / Secret Manager by
 * reference; no secret value is written in a .tf file, not even as the value of a vault
 * secret (the file and the state would then hold it). Values are never shown.
 */
import { isExpr, isRef, str } from '../../../facts';
import type { Fact } from '../../../model';
import type { Detector, DetectorOutcome } from '../../types';
import { ev, isCredentialName, isLiteralCredential, loc, members, settingsOf } from '../tf-util/facts';

/** Vault secret resources and the attribute that holds the secret value. */
const VAULT_VALUE: Record<string, string> = {
  aws_secretsmanager_secret_version: 'secret_string',
  aws_ssm_parameter: 'value',
  azurerm_key_vault_secret: 'value',
  google_secret_manager_secret_version: 'secret_data',
};

function literalVaultValue(f: Fact): string | undefined {
  const attr = VAULT_VALUE[f.type];
  if (!attr) return undefined;
  if (f.type === 'aws_ssm_parameter' && str(f.attributes.type) !== 'SecureString') return undefined;
  const v = f.attributes[attr];
  if (isRef(v) || isExpr(v)) return undefined;
  return isLiteralCredential(v) ? attr : undefined;
}

export const tfDetector: Detector = {
  kind: 'tf',
  providers: ['aws', 'azure', 'gcp'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    const met: DetectorOutcome[] = [];
    for (const f of members(ctx)) {
      for (const s of settingsOf(f)) {
        if (!isCredentialName(s.name)) continue;
        if (s.fromStore) {
          met.push({ status: 'met', message: `${s.name} of ${f.address} is read from a managed secret store.`, evidence: [ev(f, `${s.name} references a secret`, s.path)] });
          continue;
        }
        if (isLiteralCredential(s.value)) {
          out.push({
            status: 'missing',
            message: `The secret ${s.name} of ${f.address} is written inline in the file (value not shown). Store it in a managed vault and pass a reference (Secrets Manager, Key Vault reference, Secret Manager secret_env).`,
            location: loc(f, s.path),
            anchor: `${f.address}:${s.path}`,
          });
        } else if (isExpr(s.value) && /^var\./.test(s.value.$expr)) {
          out.push({
            status: 'unresolved',
            message: `The secret ${s.name} of ${f.address} is passed in as plain text from ${s.value.$expr}; whether it comes from a vault cannot be seen here.`,
            location: loc(f, s.path),
            anchor: `${f.address}:${s.path}`,
          });
        }
      }
      const attr = literalVaultValue(f);
      if (attr) {
        out.push({
          status: 'missing',
          message: `${f.address} stores a secret whose value is written in the file (${attr}, value not shown); the repository and the state now hold it. Write it to the vault outside Terraform or generate it (random_password) and rotate it.`,
          location: loc(f, attr),
          anchor: `${f.address}:${attr}`,
        });
      }
    }
    return out.length ? out : met;
  },
};

/**
 * Where source code takes its credentials from: environment reads of credential-named
 * variables and secret-store clients (AWS Secrets Manager / SSM, Azure Key Vault, Google
 * Secret Manager, HashiCorp Vault). Read from the reader's tokens, so comments and strings
 * never count.
 */
import type { Range } from '../../../model';
import { looksLikeCredentialKey } from '../../../parse/code/secrets';
import { source, type Source } from './source';

export interface CredentialRead {
  kind: 'env' | 'vault';
  what: string;
  range: Range;
}

const VAULT = new Set([
  'get_secret_value', 'GetSecretValueCommand', 'GetSecretValue', 'getSecretValue', 'SecretClient', 'SecretsManagerClient', 'access_secret_version', 'accessSecretVersion',
  'SecretManagerServiceClient', 'AccessSecretVersion', 'GetParameterCommand', 'get_parameter', 'DefaultAzureCredential', 'ManagedIdentityCredential', 'hvac',
]);

const credName = (n: string) => looksLikeCredentialKey(n) || /(^|_)(API_?KEY|TOKEN|SECRET)(_|$)/i.test(n);

export function credentialReads(file: string, text: string | undefined): CredentialRead[] {
  const src = source(file, text);
  if (!src) return [];
  const out: CredentialRead[] = [];
  const { toks } = src;
  const at = (s: number, e: number) => src.pm.range(s, e);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.k !== 'id') continue;
    const prev = toks[i - 1];
    const afterDot = prev?.k === 'op' && prev.v === '.';
    // python: os.environ["X"] / os.environ.get("X") / os.getenv("X"); go os.Getenv; java System.getenv; C# Environment.GetEnvironmentVariable
    const envCall = (src.lang === 'python' && (t.v === 'getenv' || (t.v === 'get' && toks[i - 2]?.v === 'environ'))) || (src.lang === 'go' && (t.v === 'Getenv' || t.v === 'LookupEnv')) || (src.lang === 'java' && t.v === 'getenv') || (src.lang === 'csharp' && t.v === 'GetEnvironmentVariable');
    if (envCall && toks[i + 1]?.v === '(' && toks[i + 2]?.k === 'str' && credName(toks[i + 2].v)) {
      out.push({ kind: 'env', what: toks[i + 2].v, range: at(first(src, i), toks[i + 2].e) });
      continue;
    }
    if (src.lang === 'python' && t.v === 'environ' && toks[i + 1]?.v === '[' && toks[i + 2]?.k === 'str' && credName(toks[i + 2].v)) {
      out.push({ kind: 'env', what: toks[i + 2].v, range: at(first(src, i), toks[i + 2].e) });
      continue;
    }
    if (src.lang === 'js' && t.v === 'env' && afterDot && toks[i - 2]?.v === 'process') {
      const n = toks[i + 1]?.v === '.' ? toks[i + 2] : toks[i + 1]?.v === '[' ? toks[i + 2] : undefined;
      if (n && (n.k === 'id' || n.k === 'str') && credName(n.v)) out.push({ kind: 'env', what: n.v, range: at(toks[i - 2].s, n.e) });
      continue;
    }
    if (VAULT.has(t.v) && (toks[i + 1]?.v === '(' || toks[i + 1]?.v === '.' || afterDot)) {
      if (t.v === 'hvac' && toks[i + 1]?.v !== '.') continue;
      out.push({ kind: 'vault', what: t.v, range: at(t.s, t.e) });
    }
  }
  return out;
}

function first(src: Source, i: number): number {
  let j = i;
  while (j >= 2 && src.toks[j - 1].v === '.' && src.toks[j - 2].k === 'id') j -= 2;
  return src.toks[j].s;
}

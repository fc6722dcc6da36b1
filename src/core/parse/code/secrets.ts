/**
 * Secret-looking literals. Only the kind and the location of a match leave this module —
 * never the value, a prefix of it or its length.
 */

export interface SecretHit {
  kind: string;
  /** Offsets of the literal. */
  s: number;
  e: number;
}

const STRONG: { kind: string; re: RegExp }[] = [
  { kind: 'anthropic-api-key', re: /sk-ant-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai-api-key', re: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g },
  { kind: 'aws-access-key-id', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}/g },
  { kind: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g },
  { kind: 'huggingface-token', re: /\bhf_[A-Za-z0-9]{30,}/g },
  { kind: 'slack-token', re: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
  { kind: 'stripe-secret-key', re: /\b[sr]k_live_[A-Za-z0-9]{20,}/g },
  { kind: 'groq-api-key', re: /\bgsk_[A-Za-z0-9]{40,}/g },
  { kind: 'private-key', re: /-----BEGIN (?:RSA |EC |OPENSSH |DSA |ENCRYPTED )?PRIVATE KEY-----/g },
];

/** Values that are obviously placeholders, not credentials. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (/EXAMPLE|example|your[-_ ]?|<[^>]*>|\$\{|\{\{|%[(A-Z]|^\$[A-Z_]|x{6,}|X{6,}|\*{4,}|\.{3}|changeme|change[-_]me|replace[-_]?me|placeholder|dummy|redacted|^todo|^none$|^null$|^test$|^fake|^sample|^secret$|^password$/i.test(v)) return true;
  if (/^[A-Z][A-Z0-9_]*$/.test(v) && v.includes('_')) return true; // the name of an env variable
  if (/^(.)\1+$/.test(v)) return true;
  return false;
}

/** Matches of the strong, self-identifying patterns anywhere in `text`. */
export function strongSecrets(text: string, from = 0, to = text.length): SecretHit[] {
  const hits: SecretHit[] = [];
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  for (const { kind, re } of STRONG) {
    re.lastIndex = 0;
    for (let m = re.exec(slice); m; m = re.exec(slice)) {
      const s = from + m.index;
      const e = s + m[0].length;
      if (kind !== 'private-key' && isPlaceholder(m[0])) continue;
      if (hits.some((h) => h.s < e && s < h.e)) continue;
      hits.push({ kind, s, e });
    }
  }
  return hits;
}

/** Words of an identifier: `OPENAI_API_KEY` → openai, api, key; `clientSecret` → client, secret. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const SECRET_WORDS = new Set(['secret', 'secrets', 'token', 'password', 'passwd', 'pwd', 'credential', 'credentials', 'apikey', 'authorization', 'passphrase']);
const NOT_SECRET_LAST = new Set(['url', 'uri', 'host', 'endpoint', 'region', 'name', 'file', 'path', 'type', 'mode', 'enabled', 'expiry', 'expires', 'ttl', 'length', 'header', 'id', 'limit', 'count', 'size', 'version', 'env', 'var', 'field', 'prefix']);

/** Whether a key name says its value is a credential (`api_key`, `OPENAI_API_KEY`, `clientSecret`, `password`). */
export function looksLikeCredentialKey(key: string): boolean {
  const w = words(key);
  if (w.length === 0 || NOT_SECRET_LAST.has(w[w.length - 1])) return false;
  if (w.length === 1 && (w[0] === 'key' || w[0] === 'pat' || w[0] === 'auth')) return true;
  for (let i = 0; i < w.length; i++) {
    if (SECRET_WORDS.has(w[i])) return true;
    if (w[i] === 'key' && i > 0 && ['api', 'private', 'access', 'secret', 'subscription', 'account', 'master', 'signing'].includes(w[i - 1])) return true;
  }
  return false;
}

/** The kind of a literal assigned to a credential-named key, or undefined when it does not look like one. */
export function assignedSecretKind(key: string, value: string): string | undefined {
  if (!looksLikeCredentialKey(key)) return undefined;
  const v = value.trim();
  if (isPlaceholder(v)) return undefined;
  if (/\s/.test(v)) return undefined;
  if (/^(https?:|file:|\/|\.\/|\$|%|@)/i.test(v)) return undefined;
  if (/^(true|false|yes|no|on|off|\d{1,6})$/i.test(v)) return undefined;
  const min = /password|passwd|pwd/i.test(key) ? 8 : 16;
  if (v.length < min) return undefined;
  return /api[-_]?key|apikey/i.test(key) ? 'api-key' : /token/i.test(key) ? 'token' : /password|passwd|pwd/i.test(key) ? 'password' : 'credential';
}

/**
 * From scanned JSON to fact values, with secrets taken out.
 *
 * A literal that looks like a credential (an OpenAI key, a bearer token, a value under a key
 * named like `api-key` or `password`) is never copied into a fact: the value becomes the
 * string `[redacted]` and the hit is reported with its path and source node, so the caller
 * can emit a `secret` fact holding only the kind and the location.
 * Power Automate expressions (`@parameters('x')`, `@{variables('y')}`) become `{ $expr }`:
 * their value is not known from the file.
 */
import type { FactObject, FactValue } from '../../model';
import type { JNode } from './json';

export const REDACTED = '[redacted]';

export interface SecretHit {
  kind: string;
  /** Dot path below the walked node. */
  path: string;
  node: JNode;
}

const VALUE_PATTERNS: [RegExp, string][] = [
  [/\bsk-ant-[A-Za-z0-9_-]{20,}/, 'anthropic-api-key'],
  [/\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}/, 'openai-api-key'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'aws-access-key'],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}/, 'github-token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'slack-token'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'google-api-key'],
  [/AccountKey=[A-Za-z0-9+/=]{20,}/, 'storage-account-key'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, 'jwt'],
  [/^\s*Bearer\s+[A-Za-z0-9._~+/=-]{16,}\s*$/i, 'bearer-token'],
  [/^\s*Basic\s+[A-Za-z0-9+/=]{12,}\s*$/i, 'basic-credentials'],
  [/[?&](?:api[-_]?key|sig|code|access_token|token|key)=[^&#\s@]{16,}/i, 'url-credential'],
];

const SECRET_KEYS = /^(authorization|api-?key|x-api-key|apikey|api_key|ocp-apim-subscription-key|x-functions-key|subscription-key|client_?secret|password|passwd|pwd|secret|access_?token|private_?key|token)$/i;

export function isExpression(s: string): boolean {
  return /^\s*@(?!@)/.test(s) || s.includes('@{');
}

/** The kind of credential a literal holds, judged from the value and the key it sits under. */
export function secretKind(value: string, key?: string): string | undefined {
  for (const [re, kind] of VALUE_PATTERNS) if (re.test(value)) return kind;
  if (key && SECRET_KEYS.test(key.split('/').pop() ?? key) && !isExpression(value) && value.trim().length >= 8 && !/^\[redacted\]$/.test(value)) {
    return key.toLowerCase().includes('pass') || key.toLowerCase() === 'pwd' ? 'password' : 'api-key';
  }
  return undefined;
}

/** Converts a JSON node to a fact value, redacting secrets and reporting each hit. */
export function toFactValue(node: JNode | undefined, hits: SecretHit[] = [], path = '', key?: string, depth = 0): FactValue {
  if (!node || depth > 64) return null;
  switch (node.kind) {
    case 'object': {
      const o: FactObject = {};
      for (const e of node.entries) o[e.key] = toFactValue(e.value, hits, path ? `${path}.${e.key}` : e.key, e.key, depth + 1);
      return o;
    }
    case 'array':
      return node.items.map((x, k) => toFactValue(x, hits, path ? `${path}.${k}` : String(k), key, depth + 1));
    case 'string': {
      const s = node.value as string;
      const kind = secretKind(s, key);
      if (kind) {
        hits.push({ kind, path, node });
        return REDACTED;
      }
      if (isExpression(s)) return { $expr: s.length > 400 ? s.slice(0, 400) + '…' : s };
      return s.length > 2000 ? s.slice(0, 2000) + '…' : s;
    }
    default:
      return node.value;
  }
}

/** Only finds the secrets of a node (no value built). */
export function findSecrets(node: JNode | undefined, path = '', key?: string, hits: SecretHit[] = [], depth = 0): SecretHit[] {
  if (!node || depth > 64) return hits;
  if (node.kind === 'object') for (const e of node.entries) findSecrets(e.value, path ? `${path}.${e.key}` : e.key, e.key, hits, depth + 1);
  else if (node.kind === 'array') node.items.forEach((x, k) => findSecrets(x, path ? `${path}.${k}` : String(k), key, hits, depth + 1));
  else if (node.kind === 'string') {
    const kind = secretKind(node.value as string, key);
    if (kind) hits.push({ kind, path, node });
  }
  return hits;
}

/** A plain string for a fact attribute: secrets become `[redacted]`, expressions `{ $expr }`. */
export function safeString(s: string | undefined, key?: string): FactValue | undefined {
  if (s === undefined) return undefined;
  if (secretKind(s, key)) return REDACTED;
  if (isExpression(s)) return { $expr: s };
  return s;
}

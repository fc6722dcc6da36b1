/**
 * Secret-looking values in manifests. Values are never kept: the attribute is replaced by
 * `{ $expr: "<redacted>" }` and a location is reported so a `secret` fact can be emitted.
 *
 * What counts:
 * - every value of a Secret's `data` (base64, decoded only to classify it) and `stringData`;
 * - an `env` entry `{name, value}` whose name sounds like a credential or whose value has a
 *   known key shape;
 * - any other string value whose key sounds like a credential (`password`, `apiKey`,
 *   `OPENAI_API_KEY`, `client-secret` …) — but not references (`secretName`, `secretKeyRef`);
 * - any string anywhere with a well-known key shape (`sk-…`, `AKIA…`, `ghp_…`, `hf_…`,
 *   private key blocks).
 * Template expressions (`{ $expr }`), `$(VAR)` / `${VAR}` references and empty strings are
 * not secrets.
 */
import type { FactObject, FactValue } from '../../model';

export interface SecretHit {
  /** Dot path of the redacted value. */
  path: string;
  /** What it looks like: `openai-api-key`, `password`, `generic-secret` … */
  type: string;
}

export const REDACTED: FactObject = { $expr: '<redacted>' };

const SHAPES: [RegExp, string][] = [
  [/^sk-ant-[A-Za-z0-9_-]{20,}$/, 'anthropic-api-key'],
  [/^sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}$/, 'openai-api-key'],
  [/^(?:AKIA|ASIA)[A-Z0-9]{16}$/, 'aws-access-key-id'],
  [/^(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}$|^github_pat_[A-Za-z0-9_]{30,}$/, 'github-token'],
  [/^hf_[A-Za-z0-9]{30,}$/, 'huggingface-token'],
  [/^AIza[0-9A-Za-z_-]{35}$/, 'google-api-key'],
  [/^xox[abprs]-[A-Za-z0-9-]{10,}$/, 'slack-token'],
  [/^nvapi-[A-Za-z0-9_-]{20,}$/, 'nvidia-api-key'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'private-key'],
];

const SHAPE_FIRST = new Set([...'sAghxn'].map((ch) => ch.charCodeAt(0)));

/** The key shape of a value, if it has a well-known one. */
export function secretShape(value: string): string | undefined {
  // Every shape but a private key block starts with one of these letters (seen before trimming
  // when the first character is not white space).
  const c = value.charCodeAt(0);
  if (c > 32 && c < 127 && !SHAPE_FIRST.has(c) && !value.includes('-----BEGIN')) return undefined;
  const v = value.trim();
  for (const [re, type] of SHAPES) if (re.test(v)) return type;
  return undefined;
}

const CREDENTIAL_NAME = /(api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|key[_-]?data|token|password|passwd|pwd|credentials?)$/i;
/** Environment variable names may also end in plain SECRET (`NEXTAUTH_SECRET`); map keys that do are usually Secret names. */
const ENV_CREDENTIAL_NAME = /(^|_)SECRET$/i;
const CREDENTIAL_LAST = new Set([...'ytandls'].map((ch) => ch.charCodeAt(0)));
const NOT_A_VALUE = /(name|ref|refs|path|file|mount|namespace|type|enabled|provider|field|id|key[_-]?ref)$/i;

/** Whether a key (or, with `env`, an environment variable name) sounds like it holds a credential. */
export function credentialName(name: string, env = false): boolean {
  // Both patterns end in one of these letters.
  if (!CREDENTIAL_LAST.has(name.charCodeAt(name.length - 1) | 0x20)) return false;
  return CREDENTIAL_NAME.test(name) || (env && ENV_CREDENTIAL_NAME.test(name));
}

function placeholder(v: string): boolean {
  // Each form starts with `$` or `<` (seen before trimming when the first character is not white space).
  const c = v.charCodeAt(0);
  if (c > 32 && c < 127 && c !== 36 && c !== 60) return false;
  const t = v.trim();
  return t === '' || /^\$\([A-Za-z0-9_]+\)$/.test(t) || /^\$\{[^}]+\}$/.test(t) || /^<[^>]*>$/.test(t) || t === '<redacted>';
}

function passwordish(name: string): boolean {
  return /(password|passwd|pwd)$/i.test(name);
}

function classify(name: string, value: string): string {
  return secretShape(value) ?? (passwordish(name) ? 'password' : 'generic-secret');
}

/** Decodes base64 (standard or URL alphabet); undefined when it is not base64. */
export function decodeBase64(s: string): string | undefined {
  const t = s.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(t) || t.length % 4 === 1) return undefined;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let bits = 0;
  let acc = 0;
  const bytes: number[] = [];
  for (const ch of t.replace(/=+$/, '')) {
    const c = ch === '-' ? '+' : ch === '_' ? '/' : ch;
    const idx = alphabet.indexOf(c);
    if (idx < 0) return undefined;
    acc = (acc << 6) | idx;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/**
 * Redacts secret values of an object in place (see the module comment) and returns where
 * they were. `kind` is the object's kind.
 */
export function redactSecrets(obj: FactObject, kind: string): SecretHit[] {
  const hits: SecretHit[] = [];
  if (kind === 'Secret') {
    for (const field of ['data', 'stringData'] as const) {
      const m = obj[field];
      if (typeof m !== 'object' || m === null || Array.isArray(m) || '$expr' in m) continue;
      for (const [k, v] of Object.entries(m)) {
        if (typeof v === 'object' && v !== null && !Array.isArray(v) && '$expr' in v) continue;
        if (v === null || v === '') continue;
        const text = typeof v === 'string' ? (field === 'data' ? (decodeBase64(v) ?? v) : v) : String(v);
        hits.push({ path: `${field}.${k}`, type: classify(k, text) });
        m[k] = { ...REDACTED };
      }
    }
  }
  walk(obj, '', undefined, hits);
  return hits;
}

function childPath(path: string, seg: string): string {
  return path ? `${path}.${seg}` : seg;
}

/** Walks a container; the paths of its leaves are only made for a hit. */
function walk(value: FactValue, path: string, key: string | undefined, hits: SecretHit[]): FactValue {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const out = typeof item === 'string' ? leaf(item, path, String(i), undefined, hits) : typeof item === 'object' && item !== null ? walk(item, childPath(path, String(i)), undefined, hits) : item;
      if (out !== item) value[i] = out;
    }
    return value;
  }
  if (typeof value === 'object' && value !== null) {
    if ('$expr' in value || '$ref' in value) return value;
    // env entry: {name: OPENAI_API_KEY, value: sk-…}
    if (typeof value.name === 'string' && typeof value.value === 'string' && key === undefined && /\.env\.\d+$|^env\.\d+$/.test(path)) {
      const v = value.value;
      if (!placeholder(v) && (credentialName(value.name, true) || secretShape(v))) {
        hits.push({ path: `${path}.value`, type: classify(value.name, v) });
        value.value = { ...REDACTED };
      }
    }
    for (const k of Object.keys(value)) {
      const v = value[k];
      const out = typeof v === 'string' ? leaf(v, path, k, k, hits) : typeof v === 'object' && v !== null ? walk(v, childPath(path, k), k, hits) : v;
      if (out !== v) value[k] = out;
    }
    return value;
  }
  return typeof value === 'string' ? leaf(value, path, undefined, key, hits) : value;
}

/** A string at `childPath(path, seg)` (at `path` without `seg`), redacted when it is a secret. */
function leaf(value: string, path: string, seg: string | undefined, key: string | undefined, hits: SecretHit[]): FactValue {
  if (placeholder(value)) return value;
  const shape = secretShape(value);
  if (shape) {
    hits.push({ path: seg === undefined ? path : childPath(path, seg), type: shape });
    return { ...REDACTED };
  }
  // A value that is itself an identifier (`OPENAI_API_KEY`) names a key elsewhere; it is not one.
  if (key !== undefined && credentialName(key) && !NOT_A_VALUE.test(key)) {
    const at = seg === undefined ? path : childPath(path, seg);
    if (!isEnvName(at) && !/^[A-Z][A-Z0-9_]*$/.test(value)) {
      hits.push({ path: at, type: classify(key, value) });
      return { ...REDACTED };
    }
  }
  return value;
}

/** `…env.3.name` holds a variable name, never a secret. */
function isEnvName(path: string): boolean {
  return /(^|\.)env\.\d+\.name$/.test(path);
}

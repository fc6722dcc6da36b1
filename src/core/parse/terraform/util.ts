/** Small shared helpers of the Terraform parser: providers, addresses, value walking. */
import type { FactObject, FactValue, Provider, Range } from '../../model';

export function providerOfType(type: string): Provider {
  if (type.startsWith('aws_') || type === 'aws' || type.startsWith('awscc_') || type === 'awscc') return 'aws';
  if (/^(azurerm|azapi|azuread|azuredevops)(_|$)/.test(type)) return 'azure';
  if (/^google(-beta)?(_|$)/.test(type)) return 'gcp';
  if (/^powerplatform(_|$)/.test(type)) return 'powerplatform';
  if (/^github(_|$)/.test(type)) return 'github';
  if (/^(kubernetes|helm)(_|$)/.test(type)) return 'k8s';
  return 'generic';
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i) || '.';
}

export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** Joins a module directory and a relative `source` into a normalised POSIX path (`.` for the root). */
export function joinPath(dir: string, rel: string): string | undefined {
  const parts = dir === '.' ? [] : dir.split('/');
  for (const seg of rel.replace(/\/+$/, '').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined; // leaves the scanned root
      parts.pop();
    } else parts.push(seg);
  }
  return parts.length ? parts.join('/') : '.';
}

export function isMarker(v: FactValue | undefined): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (typeof v.$ref === 'string' || typeof v.$expr === 'string');
}

export function isPlainObject(v: FactValue | undefined): v is FactObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isMarker(v);
}

/**
 * The address a reference text points at: `aws_kms_key.k.arn` → `aws_kms_key.k`,
 * `data.aws_iam_policy_document.p.json` → `data.aws_iam_policy_document.p`,
 * `module.net.vpc_id` → `module.net`, `module.a.aws_x.y.id` → `module.a.aws_x.y`.
 * `var.x` and `local.x` are returned as such. Undefined for iterator / meta values.
 */
export function addressOfRef(ref: string): string | undefined {
  const tokens = ref
    .replace(/\[[^\]]*\]/g, '')
    .split('.')
    .filter((t) => t.length > 0 && t !== '*');
  let i = 0;
  while (tokens[i] === 'module' && tokens[i + 2] !== undefined && tokens[i + 2] !== '' && isAddressStart(tokens, i + 2)) i += 2;
  const prefix = tokens.slice(0, i).join('.');
  const head = tokens[i];
  let rest: string[] | undefined;
  if (head === undefined) return prefix || undefined;
  if (head === 'module') rest = tokens.slice(i, i + 2);
  else if (head === 'data') rest = tokens.length >= i + 3 ? tokens.slice(i, i + 3) : undefined;
  else if (head === 'var' || head === 'local') rest = tokens.slice(i, i + 2);
  else if (/^[A-Za-z][\w-]*_[\w-]*$/.test(head) && tokens[i + 1] !== undefined) rest = tokens.slice(i, i + 2);
  else if (prefix) return prefix;
  if (!rest || rest.length < 2) return prefix || undefined;
  return (prefix ? prefix + '.' : '') + rest.join('.');
}

function isAddressStart(tokens: string[], i: number): boolean {
  const t = tokens[i];
  if (t === 'module' || t === 'data') return tokens[i + 1] !== undefined;
  return /^[A-Za-z][\w-]*_[\w-]*$/.test(t) && tokens[i + 1] !== undefined;
}

/** Every reference address visible in a value: `$ref` markers and traversals inside `$expr` text. */
export function refsOfValue(v: FactValue | undefined, out: Set<string> = new Set()): Set<string> {
  if (v === undefined || v === null) return out;
  if (Array.isArray(v)) {
    for (const x of v) refsOfValue(x, out);
    return out;
  }
  if (typeof v !== 'object') return out;
  if (typeof v.$ref === 'string') {
    const a = addressOfRef(v.$ref);
    if (a) out.add(a);
    return out;
  }
  if (typeof v.$expr === 'string') {
    for (const a of refsInText(v.$expr)) out.add(a);
    return out;
  }
  for (const k of Object.keys(v)) refsOfValue(v[k], out);
  return out;
}

const TRAVERSAL = /(?<![\w.$-])((?:module\.[A-Za-z_][\w-]*\.)*(?:data\.[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*|module\.[A-Za-z_][\w-]*|var\.[A-Za-z_][\w-]*|local\.[A-Za-z_][\w-]*|[A-Za-z][\w-]*_[\w-]*\.[A-Za-z_][\w-]*))/g;

/** Reference addresses in an expression's source text (a best effort for unevaluated expressions). */
export function refsInText(text: string): string[] {
  const out: string[] = [];
  // drop string literal contents that are not interpolations
  for (const m of text.matchAll(TRAVERSAL)) {
    const a = addressOfRef(m[1]);
    if (a) out.push(a);
  }
  return out;
}

export function cloneValue<T extends FactValue>(v: T): T {
  return v === null || typeof v !== 'object' ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function cmpRange(a: Range, b: Range): number {
  return a.start.line - b.start.line || a.start.character - b.start.character;
}

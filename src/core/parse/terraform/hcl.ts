/**
 * HCL syntax tree → facts. Expressions are evaluated as far as the file alone allows:
 * literals become JSON values, references become `{ $ref }`, everything else `{ $expr }`
 * with its source text. The same evaluator runs again at link time with an environment
 * (variable values, locals) to resolve what the whole scan can resolve.
 */
import type { Fact, FactKind, FactObject, FactValue, Range } from '../../model';
import { HNode, type SyntaxNode } from './cst';
import { isMarker, isPlainObject, providerOfType } from './util';
import { range as sharedRange } from '../position';

/** Values of `var.*` / `local.*` at link time. */
export interface Env {
  lookup(root: 'var' | 'local', name: string): FactValue | undefined;
}

export interface EvalOptions {
  /** Absent at parse time: `var.x` / `local.x` stay `{ $ref }` for the linker. */
  env?: Env;
  /** `module.a.` for a module instance: resource references are prefixed. */
  prefix: string;
  /** Names bound by `for` expressions and `dynamic` blocks. */
  iterators: ReadonlySet<string>;
  rowOffset: number;
  ranges?: Record<string, Range>;
}

/** A node of either tree: tree-sitter's, or the fast reader's (cst.ts). */
type TSNode = SyntaxNode;

const MAX_PATH_DEPTH = 10;
const META_ROOTS = new Set(['each', 'count', 'self', 'path', 'terraform']);

/** Named children without comments (the fast reader's tree has none; callers must not change the array). */
export function kids(n: TSNode): readonly TSNode[] {
  if (n instanceof HNode) return n.namedChildren;
  return n.namedChildren.filter((c): c is TSNode => c !== null && c.type !== 'comment');
}

export function rangeOf(n: TSNode, rowOffset: number): Range {
  if (n instanceof HNode) return sharedRange(n.sr + rowOffset, n.sc, n.er + rowOffset, n.ec);
  const s = n.startPosition;
  const e = n.endPosition;
  return sharedRange(s.row + rowOffset, s.column, e.row + rowOffset, e.column);
}

function expr(text: string): FactObject {
  return { $expr: text.trim() };
}

function isKnownScalar(v: FactValue): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

// ───────────────────────────── expressions ─────────────────────────────

export function evalExpr(n: TSNode, o: EvalOptions, path?: string): FactValue {
  try {
    return evalExprInner(n, o, path);
  } catch {
    return expr(n.text);
  }
}

function evalExprInner(n: TSNode, o: EvalOptions, path?: string): FactValue {
  if (n.hasError) return expr(n.text);
  if (n.type !== 'expression') return evalTerm(n, o, path);
  const parts = kids(n);
  if (parts.length === 0) return expr(n.text);
  const [head, ...post] = parts;
  if (head.type === 'variable_expr') return evalTraversal(head, post, n, o);
  if (post.length === 0) return evalTerm(head, o, path);
  // a postfix (attribute / index) on a computed value: try a literal lookup
  const base = evalTerm(head, o);
  return applySegments(base, post, o) ?? expr(n.text);
}

function evalTerm(n: TSNode, o: EvalOptions, path?: string): FactValue {
  switch (n.type) {
    case 'expression':
      return evalExpr(n, o, path);
    case 'literal_value':
      return evalLiteral(kids(n)[0]);
    case 'template_expr': {
      const t = kids(n)[0];
      return t.type === 'heredoc_template' ? evalHeredoc(t, o) : evalTemplate(t, o, 'quoted');
    }
    case 'collection_value':
      return evalTerm(kids(n)[0], o, path);
    case 'tuple':
      return evalTuple(n, o, path);
    case 'object':
      return evalObject(n, o, path);
    case 'function_call':
      return evalCall(n, o, path);
    case 'conditional': {
      const [c, a, b] = kids(n).filter((k) => k.type === 'expression');
      if (!c || !a || !b) return expr(n.text);
      const cond = evalExpr(c, o);
      if (cond === true) return evalExpr(a, o, path);
      if (cond === false) return evalExpr(b, o, path);
      return expr(n.text);
    }
    case 'operation':
      return evalOperation(kids(n)[0], o) ?? expr(n.text);
    case 'variable_expr':
      return evalTraversal(n, [], n, o);
    default:
      return expr(n.text);
  }
}

function evalLiteral(n: TSNode | undefined): FactValue {
  if (!n) return null;
  switch (n.type) {
    case 'numeric_lit':
      return /^0x/i.test(n.text) ? parseInt(n.text, 16) : Number(n.text);
    case 'bool_lit':
      return n.text === 'true';
    case 'null_lit':
      return null;
    case 'string_lit':
      return unescapeQuoted(stringContent(n));
    default:
      return expr(n.text);
  }
}

/** Raw text between the quotes of a `string_lit` / `quoted_template` (whitespace kept). */
function stringContent(n: TSNode): string {
  const t = n.text;
  const start = t.startsWith('"') ? 1 : 0;
  const end = t.length > start && t.endsWith('"') ? t.length - 1 : t.length;
  return t.slice(start, end);
}

export function labelText(n: TSNode): string {
  return n.type === 'string_lit' ? unescapeQuoted(stringContent(n)) : n.text;
}

export function unescapeQuoted(s: string): string {
  if (!s.includes('\\') && !s.includes('$${') && !s.includes('%%{')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      const d = s[++i];
      switch (d) {
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case 'u':
        case 'U': {
          const len = d === 'u' ? 4 : 8;
          const hex = s.slice(i + 1, i + 1 + len);
          if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === len) {
            out += String.fromCodePoint(parseInt(hex, 16));
            i += len;
          } else out += '\\' + d;
          break;
        }
        default:
          out += '\\' + d;
      }
    } else if ((c === '$' || c === '%') && s[i + 1] === c && s[i + 2] === '{') {
      out += c + '{';
      i += 2;
    } else out += c;
  }
  return out;
}

function unescapeHeredoc(s: string): string {
  return s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

function evalTuple(n: TSNode, o: EvalOptions, path?: string): FactValue {
  const out: FactValue[] = [];
  const items = kids(n).filter((k) => k.type === 'expression');
  items.forEach((item, i) => {
    const p = path !== undefined && depth(path) < MAX_PATH_DEPTH ? `${path}.${i}` : undefined;
    if (p && o.ranges) o.ranges[p] = rangeOf(item, o.rowOffset);
    out.push(evalExpr(item, o, p));
  });
  return out;
}

function depth(path: string): number {
  let d = 1;
  for (const ch of path) if (ch === '.') d++;
  return d;
}

function evalObject(n: TSNode, o: EvalOptions, path?: string): FactValue {
  const out: FactObject = {};
  for (const elem of kids(n)) {
    if (elem.type !== 'object_elem') continue;
    const k = elem.childForFieldName('key');
    const v = elem.childForFieldName('val');
    if (!k || !v) continue;
    const key = objectKey(k, o);
    const p = path !== undefined && depth(path) < MAX_PATH_DEPTH ? `${path}.${key}` : undefined;
    if (p && o.ranges) o.ranges[p] = rangeOf(elem, o.rowOffset);
    out[key] = evalExpr(v, o, p);
  }
  return out;
}

function objectKey(k: TSNode, o: EvalOptions): string {
  const parts = kids(k);
  if (parts.length === 1 && parts[0].type === 'variable_expr') return parts[0].text;
  const v = evalExpr(k, o);
  return typeof v === 'string' ? v : k.text.trim();
}

// ───────────────────────────── references ─────────────────────────────

interface Segment {
  kind: 'attr' | 'index' | 'splat';
  key?: string | number;
  text: string;
}

function segmentsOf(post: TSNode[], o: EvalOptions): Segment[] | undefined {
  const segs: Segment[] = [];
  for (const p of post) {
    if (p.type === 'get_attr') {
      const id = kids(p).find((k) => k.type === 'identifier');
      if (!id) return undefined;
      segs.push({ kind: 'attr', key: id.text, text: `.${id.text}` });
    } else if (p.type === 'index') {
      const inner = kids(p)[0];
      if (!inner) return undefined;
      if (inner.type === 'legacy_index') {
        const num = Number(inner.text.replace(/^\./, ''));
        segs.push({ kind: 'index', key: num, text: `[${num}]` });
      } else {
        const e = kids(inner).find((k) => k.type === 'expression');
        const key = e ? evalExpr(e, o) : undefined;
        const known = typeof key === 'string' || typeof key === 'number';
        segs.push({
          kind: 'index',
          key: known ? (key as string | number) : undefined,
          text: known ? `[${JSON.stringify(key)}]` : `[${e?.text ?? ''}]`,
        });
      }
    } else if (p.type === 'splat') {
      segs.push({ kind: 'splat', text: p.text.replace(/\s+/g, '') });
    } else return undefined;
  }
  return segs;
}

function applySegments(base: FactValue, post: TSNode[], o: EvalOptions): FactValue | undefined {
  const segs = segmentsOf(post, o);
  if (!segs) return undefined;
  return walkSegments(base, segs);
}

function walkSegments(base: FactValue, segs: Segment[]): FactValue | undefined {
  let cur: FactValue | undefined = base;
  for (const s of segs) {
    if (cur === undefined || cur === null || isMarker(cur)) return undefined;
    if (s.kind === 'splat' || s.key === undefined) return undefined;
    if (Array.isArray(cur)) {
      if (typeof s.key !== 'number' && !/^\d+$/.test(String(s.key))) return undefined;
      cur = cur[Number(s.key)];
    } else if (typeof cur === 'object') {
      cur = (cur as FactObject)[String(s.key)];
    } else return undefined;
  }
  return cur;
}

function evalTraversal(v: TSNode, post: TSNode[], whole: TSNode, o: EvalOptions): FactValue {
  const root = v.text;
  const segs = segmentsOf(post, o);
  if (!segs) return expr(whole.text);
  const text = root + segs.map((s) => s.text).join('');
  if (o.iterators.has(root) || META_ROOTS.has(root)) return expr(text);
  if (root === 'var' || root === 'local') {
    const first = segs[0];
    if (!first || first.kind !== 'attr') return expr(text);
    if (!o.env) return { $ref: text };
    const value = o.env.lookup(root, String(first.key));
    if (value === undefined) return expr(text);
    if (segs.length === 1) return value;
    if (isMarker(value)) return expr(text);
    return walkSegments(value, segs.slice(1)) ?? expr(text);
  }
  if (root === 'data' || root === 'module' || /_/.test(root)) {
    if (segs.length === 0 || segs[0].kind !== 'attr') return expr(text);
    return { $ref: o.prefix + text };
  }
  return expr(text);
}

/**
 * Every reference under a node: `aws_kms_key.k`, `data.x.y`, `module.m`, `var.v`, `local.l`
 * (with the instance prefix for resource addresses).
 */
export function collectRefs(n: TSNode, iterators: ReadonlySet<string>, prefix: string, out: Set<string>): void {
  for (const v of n.descendantsOfType('variable_expr')) {
    if (!v) continue;
    const root = v.text;
    if (iterators.has(root) || META_ROOTS.has(root)) continue;
    const parent = v.parent;
    const segs: string[] = [];
    if (parent && parent.type === 'expression') {
      let sib = v.nextNamedSibling;
      while (sib && (sib.type === 'get_attr' || sib.type === 'index' || sib.type === 'splat' || sib.type === 'comment')) {
        if (sib.type === 'get_attr') {
          const id = kids(sib).find((k) => k.type === 'identifier');
          if (id) segs.push(id.text);
        } else if (sib.type !== 'comment') break;
        sib = sib.nextNamedSibling;
      }
    }
    if (root === 'var' || root === 'local') {
      if (segs[0]) out.add(`${root}.${segs[0]}`);
    } else if (root === 'data') {
      if (segs.length >= 2) out.add(`${prefix}data.${segs[0]}.${segs[1]}`);
    } else if (root === 'module') {
      if (segs[0]) out.add(`${prefix}module.${segs[0]}`);
    } else if (/_/.test(root) && segs[0]) {
      out.add(`${prefix}${root}.${segs[0]}`);
    }
  }
}

/** Names bound inside a node: `for x, y in …`, `dynamic "name"` and its `iterator`. */
export function iteratorsOf(n: TSNode): Set<string> {
  const out = new Set<string>();
  for (const f of n.descendantsOfType('for_intro')) {
    if (!f) continue;
    for (const id of kids(f)) if (id.type === 'identifier') out.add(id.text);
  }
  for (const b of n.descendantsOfType('block')) {
    if (!b) continue;
    const parts = kids(b);
    if (parts[0]?.text === 'dynamic' && parts[1]) {
      out.add(labelText(parts[1]));
      const body = parts.find((p) => p.type === 'body');
      for (const a of body ? kids(body) : []) {
        if (a.type === 'attribute' && kids(a)[0]?.text === 'iterator') {
          const val = kids(a)[1];
          if (val) out.add(val.text.trim());
        }
      }
    }
  }
  return out;
}

// ───────────────────────────── templates ─────────────────────────────

const PH = (i: number) => `__tfph${i}__`;
const BARE = (i: number) => `__tfbare${i}__`;
const PH_RE = /__tf(ph|bare)(\d+)__/g;

interface Piece {
  lit?: string;
  value?: FactValue;
  source?: string;
}

function templatePieces(n: TSNode, o: EvalOptions, contentStart: number, contentEnd: number, heredoc: boolean): Piece[] {
  const src = n.text;
  const base = n.startIndex;
  const pieces: Piece[] = [];
  let cursor = contentStart;
  const dynamicParts = kids(n).filter((k) => k.type === 'template_interpolation' || k.type === 'template_directive' || k.type === 'ERROR');
  for (const c of dynamicParts) {
    const rel = c.startIndex - base;
    if (rel < cursor) continue;
    const lit = src.slice(cursor, rel);
    if (lit) pieces.push({ lit: heredoc ? unescapeHeredoc(lit) : unescapeQuoted(lit) });
    if (c.type === 'template_interpolation') {
      const e = kids(c).find((k) => k.type === 'expression');
      pieces.push({ value: e ? evalExpr(e, o) : null, source: c.text });
    } else {
      pieces.push({ value: expr(c.text), source: c.text });
    }
    cursor = c.endIndex - base;
  }
  const tail = src.slice(cursor, contentEnd);
  if (tail) pieces.push({ lit: heredoc ? unescapeHeredoc(tail) : unescapeQuoted(tail) });
  return pieces;
}

function evalTemplate(n: TSNode, o: EvalOptions, _kind: 'quoted'): FactValue {
  const src = n.text;
  const start = src.startsWith('"') ? 1 : 0;
  const end = src.length > start && src.endsWith('"') ? src.length - 1 : src.length;
  const pieces = templatePieces(n, o, start, end, false);
  if (pieces.length === 1 && pieces[0].lit === undefined) return pieces[0].value ?? null; // "${x}" is x
  let s = '';
  for (const p of pieces) {
    if (p.lit !== undefined) s += p.lit;
    else if (p.value !== undefined && p.value !== null && isKnownScalar(p.value)) s += String(p.value);
    else return expr(src);
  }
  return s;
}

function evalHeredoc(n: TSNode, o: EvalOptions): FactValue {
  const src = n.text;
  const strip = src.startsWith('<<-');
  const nl = src.indexOf('\n');
  const lastNl = src.lastIndexOf('\n');
  if (nl < 0) return expr(src);
  const contentEnd = lastNl >= nl ? lastNl + 1 : src.length;
  const pieces = templatePieces(n, o, nl + 1, contentEnd, true);
  const unknown: Piece[] = [];
  let s = '';
  let inJsonString = false;
  for (const p of pieces) {
    if (p.lit !== undefined) {
      s += p.lit;
      inJsonString = jsonStringState(p.lit, inJsonString);
    } else if (p.value !== undefined && p.value !== null && isKnownScalar(p.value)) {
      const str = String(p.value);
      s += str;
      inJsonString = jsonStringState(str, inJsonString);
    } else {
      unknown.push(p);
      s += inJsonString ? PH(unknown.length - 1) : `"${BARE(unknown.length - 1)}"`;
    }
  }
  s = s.replace(/\r\n/g, '\n');
  if (strip) s = stripIndent(s);
  const trimmed = s.trim();
  if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
    try {
      const parsed = JSON.parse(trimmed) as FactValue;
      if (typeof parsed === 'object' && parsed !== null) return unknown.length ? restorePlaceholders(parsed, unknown) : parsed;
    } catch {
      /* not JSON */
    }
  }
  if (unknown.length) return expr(src);
  return s;
}

function jsonStringState(s: string, inside: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inside && c === '\\') i++;
    else if (c === '"') inside = !inside;
  }
  return inside;
}

function stripIndent(s: string): string {
  const lines = s.split('\n');
  let min = Infinity;
  for (const l of lines) {
    if (!l.trim()) continue;
    const m = /^[ \t]*/.exec(l);
    min = Math.min(min, m ? m[0].length : 0);
  }
  if (!isFinite(min) || min === 0) return s;
  return lines.map((l) => l.slice(Math.min(min, /^[ \t]*/.exec(l)?.[0].length ?? 0))).join('\n');
}

function restorePlaceholders(v: FactValue, unknown: Piece[]): FactValue {
  if (typeof v === 'string') {
    const whole = /^__tf(ph|bare)(\d+)__$/.exec(v);
    if (whole) return unknown[Number(whole[2])]?.value ?? expr(v);
    if (v.includes('__tf')) {
      return { $expr: v.replace(PH_RE, (_m, _k: string, i: string) => unknown[Number(i)]?.source ?? '${?}') };
    }
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => restorePlaceholders(x, unknown));
  if (v && typeof v === 'object') {
    const out: FactObject = {};
    for (const [k, x] of Object.entries(v)) out[k] = restorePlaceholders(x, unknown);
    return out;
  }
  return v;
}

// ───────────────────────────── functions and operators ─────────────────────────────

function evalCall(n: TSNode, o: EvalOptions, path?: string): FactValue {
  const parts = kids(n);
  const name = parts[0]?.text ?? '';
  const argsNode = parts.find((p) => p.type === 'function_arguments');
  const argNodes = argsNode ? kids(argsNode).filter((k) => k.type === 'expression') : [];
  const hasEllipsis = argsNode ? argsNode.children.some((c) => c?.type === 'ellipsis') : false;
  // jsonencode keeps the attribute path so policy statements get ranges
  const args = argNodes.map((a) => evalExpr(a, o, name === 'jsonencode' && argNodes.length === 1 ? path : undefined));
  if (hasEllipsis) return expr(n.text);
  const known = (v: FactValue | undefined) => v !== undefined && !isMarker(v);
  switch (name) {
    case 'jsonencode': {
      const v = args[0];
      if (v === undefined) return expr(n.text);
      if (Array.isArray(v) || isPlainObject(v)) return v;
      if (v === null || isKnownScalar(v)) return JSON.stringify(v);
      return expr(n.text);
    }
    case 'jsondecode': {
      const v = args[0];
      if (typeof v === 'string') {
        try {
          return JSON.parse(v) as FactValue;
        } catch {
          return expr(n.text);
        }
      }
      return expr(n.text);
    }
    case 'tolist':
    case 'toset':
    case 'tomap':
    case 'sensitive':
    case 'nonsensitive':
      return known(args[0]) ? args[0] : expr(n.text);
    case 'tostring':
      return args[0] !== undefined && args[0] !== null && isKnownScalar(args[0]) ? String(args[0]) : expr(n.text);
    case 'tonumber':
      return typeof args[0] === 'number' || (typeof args[0] === 'string' && args[0] !== '' && !isNaN(Number(args[0]))) ? Number(args[0]) : expr(n.text);
    case 'tobool':
      return typeof args[0] === 'boolean' ? args[0] : args[0] === 'true' ? true : args[0] === 'false' ? false : expr(n.text);
    case 'merge': {
      if (!args.every((a) => isPlainObject(a) || a === null)) return expr(n.text);
      return Object.assign({}, ...args.filter((a) => a !== null)) as FactObject;
    }
    case 'concat': {
      if (!args.every((a) => Array.isArray(a))) return expr(n.text);
      return (args as FactValue[][]).flat();
    }
    case 'lower':
    case 'upper':
    case 'trimspace':
      if (typeof args[0] !== 'string') return expr(n.text);
      return name === 'lower' ? args[0].toLowerCase() : name === 'upper' ? args[0].toUpperCase() : args[0].trim();
    case 'join': {
      const [sep, list] = args;
      if (typeof sep !== 'string' || !Array.isArray(list) || !list.every((x) => isKnownScalar(x))) return expr(n.text);
      return list.map(String).join(sep);
    }
    case 'format': {
      const [fmt, ...rest] = args;
      if (typeof fmt !== 'string' || !rest.every((x) => isKnownScalar(x))) return expr(n.text);
      let i = 0;
      let ok = true;
      const outStr = fmt.replace(/%([sdvq%])/g, (_m, c: string) => {
        if (c === '%') return '%';
        const x = rest[i++];
        if (x === undefined) {
          ok = false;
          return '';
        }
        return c === 'q' ? JSON.stringify(String(x)) : String(x);
      });
      return ok ? outStr : expr(n.text);
    }
    case 'coalesce': {
      const first = args.find((a) => a !== null && a !== '');
      return first !== undefined && known(first) && args.slice(0, args.indexOf(first)).every(known) ? first : expr(n.text);
    }
    default:
      return expr(n.text);
  }
}

function evalOperation(n: TSNode | undefined, o: EvalOptions): FactValue | undefined {
  if (!n) return undefined;
  const parts = n.children.filter((c): c is TSNode => c !== null && c.type !== 'comment');
  if (n.type === 'unary_operation') {
    const op = parts[0]?.type;
    const v = parts[1] ? evalTerm(parts[1], o) : undefined;
    if (op === '-' && typeof v === 'number') return -v;
    if (op === '!' && typeof v === 'boolean') return !v;
    return undefined;
  }
  if (n.type === 'binary_operation' && parts.length === 3) {
    const a = evalTerm(parts[0], o);
    const b = evalTerm(parts[2], o);
    const op = parts[1].type;
    if (isMarker(a) || isMarker(b) || typeof a === 'object' || typeof b === 'object') {
      // `x && false` / `true || x` are decided without x
      if (op === '&&' && (a === false || b === false)) return false;
      if (op === '||' && (a === true || b === true)) return true;
      return undefined;
    }
    switch (op) {
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '&&':
        return typeof a === 'boolean' && typeof b === 'boolean' ? a && b : undefined;
      case '||':
        return typeof a === 'boolean' && typeof b === 'boolean' ? a || b : undefined;
    }
    if (typeof a === 'number' && typeof b === 'number') {
      switch (op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return b === 0 ? undefined : a / b;
        case '%':
          return b === 0 ? undefined : a % b;
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        case '>=':
          return a >= b;
      }
    }
  }
  return undefined;
}

// ───────────────────────────── blocks → facts ─────────────────────────────

export interface FileCtx {
  file: string;
  scope: string;
  rowOffset: number;
}

/** Converts a block body into attributes; nested blocks become arrays of objects under the block type. */
export function bodyToObject(body: TSNode | undefined, o: EvalOptions, path: string, hints: Set<string>): FactObject {
  const out: FactObject = {};
  if (!body) return out;
  const counts = new Map<string, number>();
  for (const child of kids(body)) {
    if (child.type === 'attribute') {
      const parts = kids(child);
      const name = parts[0]?.text;
      const value = parts.find((p) => p.type === 'expression');
      if (!name || !value || child.hasError) continue;
      const p = path + name;
      if (o.ranges) o.ranges[p] = rangeOf(child, o.rowOffset);
      out[name] = evalExpr(value, o, p);
    } else if (child.type === 'block') {
      const parts = kids(child);
      const type = parts[0]?.text;
      if (!type) continue;
      const labels = parts.filter((p, i) => i > 0 && (p.type === 'string_lit' || p.type === 'identifier')).map(labelText);
      const inner = parts.find((p) => p.type === 'body');
      let key = type;
      let obj: FactObject;
      if (type === 'dynamic' && labels[0]) {
        key = labels[0];
        hints.add(`dynamic:${path}${key}`);
        const content = inner ? kids(inner).find((c) => c.type === 'block' && kids(c)[0]?.text === 'content') : undefined;
        const idx = counts.get(key) ?? 0;
        const bp = idx === 0 ? path + key : `${path}${key}.${idx}`;
        obj = bodyToObject(content ? kids(content).find((p) => p.type === 'body') : undefined, o, bp + '.', hints);
      } else {
        const idx = counts.get(key) ?? 0;
        const bp = idx === 0 ? path + key : `${path}${key}.${idx}`;
        obj = bodyToObject(inner, o, bp + '.', hints);
        if (labels.length) obj.$labels = labels;
      }
      const idx = counts.get(key) ?? 0;
      counts.set(key, idx + 1);
      const bp = idx === 0 ? path + key : `${path}${key}.${idx}`;
      if (o.ranges) {
        o.ranges[bp] = rangeOf(child, o.rowOffset);
        if (idx === 0) o.ranges[`${path}${key}.0`] = rangeOf(child, o.rowOffset);
      }
      if (child.hasError) hints.add('parse:incomplete');
      const existing = out[key];
      if (Array.isArray(existing)) existing.push(obj);
      else out[key] = [obj];
    }
  }
  return out;
}

const TOP_KINDS: Record<string, FactKind> = {
  resource: 'resource',
  data: 'data',
  module: 'module',
  variable: 'variable',
  output: 'output',
  provider: 'provider',
  terraform: 'terraform',
  locals: 'locals',
};

/** Facts of one top-level block (a `locals` block gives one fact per local name). */
export function blockFacts(block: TSNode, fc: FileCtx): Fact[] {
  const parts = kids(block);
  const head = parts[0];
  if (!head || head.type !== 'identifier') return [];
  const kind = TOP_KINDS[head.text];
  if (!kind) return [];
  const labelNodes: TSNode[] = [];
  for (const p of parts.slice(1)) {
    if (p.type === 'string_lit' || p.type === 'identifier') labelNodes.push(p);
    else break;
  }
  const labels = labelNodes.map(labelText);
  const body = parts.find((p) => p.type === 'body');
  const blockStart = parts.find((p) => p.type === 'block_start');
  const blockEnd = parts.find((p) => p.type === 'block_end');
  const endMissing = !blockEnd || blockEnd.isMissing || blockEnd.hasError || blockEnd.endIndex === blockEnd.startIndex;
  const incomplete = block.hasError || !blockStart || endMissing;
  const iterators = iteratorsOf(block);
  const headerEnd = labelNodes.length ? labelNodes[labelNodes.length - 1] : head;
  const nameRange: Range = {
    start: rangeOf(head, fc.rowOffset).start,
    end: rangeOf(headerEnd, fc.rowOffset).end,
  };
  const range = rangeOf(block, fc.rowOffset);
  if (endMissing) {
    // an unclosed block ends where its last written part ends, not at the next header
    const last = [...parts].reverse().find((p) => !p.isMissing && p.type !== 'block_end' && p.endIndex > p.startIndex);
    if (last) range.end = rangeOf(last, fc.rowOffset).end;
  }

  if (kind === 'locals') {
    const out: Fact[] = [];
    for (const attr of body ? kids(body) : []) {
      if (attr.type !== 'attribute' || attr.hasError) continue;
      const ap = kids(attr);
      const name = ap[0]?.text;
      const value = ap.find((p) => p.type === 'expression');
      if (!name || !value) continue;
      const ranges: Record<string, Range> = { value: rangeOf(attr, fc.rowOffset) };
      const o: EvalOptions = { prefix: '', iterators: iteratorsOf(attr), rowOffset: fc.rowOffset, ranges };
      const v = evalExpr(value, o, 'value');
      const refs = new Set<string>();
      collectRefs(value, o.iterators, '', refs);
      out.push({
        id: `${fc.file}#local.${name}`,
        kind: 'locals',
        provider: 'generic',
        type: 'local',
        address: `local.${name}`,
        name,
        file: fc.file,
        range: rangeOf(attr, fc.rowOffset),
        nameRange: rangeOf(ap[0], fc.rowOffset),
        attributes: { value: v },
        attributeRanges: ranges,
        scope: fc.scope,
        hints: [],
        references: [...refs].sort(),
      });
    }
    return out;
  }

  let address: string;
  let type: string;
  let name: string | undefined;
  switch (kind) {
    case 'resource':
      if (labels.length < 2) return [];
      type = labels[0];
      name = labels[1];
      address = `${type}.${name}`;
      break;
    case 'data':
      if (labels.length < 2) return [];
      type = labels[0];
      name = labels[1];
      address = `data.${type}.${name}`;
      break;
    case 'module':
    case 'variable':
    case 'output':
      if (labels.length < 1) return [];
      type = kind;
      name = labels[0];
      address = `${kind === 'variable' ? 'var' : kind}.${name}`;
      break;
    case 'provider':
      if (labels.length < 1) return [];
      type = 'provider';
      name = labels[0];
      address = `provider.${name}`;
      break;
    default:
      type = 'terraform';
      address = 'terraform';
  }
  const ranges: Record<string, Range> = {};
  const hints = new Set<string>();
  if (incomplete) hints.add('parse:incomplete');
  const o: EvalOptions = { prefix: '', iterators, rowOffset: fc.rowOffset, ranges };
  const attributes = bodyToObject(body, o, '', hints);
  if (kind === 'provider' && typeof attributes.alias === 'string') address += `.${attributes.alias}`;
  if ('count' in attributes || 'for_each' in attributes) hints.add('multi:true');
  const refs = new Set<string>();
  if (body) collectRefs(body, iterators, '', refs);
  refs.delete(address);
  const provider = kind === 'provider' ? providerOfType(name ?? '') : kind === 'resource' || kind === 'data' ? providerOfType(type) : 'generic';
  const id = `${fc.file}#${address}`;
  const sortedHints = [...hints].sort();
  const references = [...refs].sort();
  // two literals rather than a spread: same key order, no temporary object
  const fact: Fact =
    name !== undefined
      ? { id, kind, provider, type, address, name, file: fc.file, range, nameRange, attributes, attributeRanges: ranges, scope: fc.scope, hints: sortedHints, references }
      : { id, kind, provider, type, address, file: fc.file, range, nameRange, attributes, attributeRanges: ranges, scope: fc.scope, hints: sortedHints, references };
  return [fact];
}

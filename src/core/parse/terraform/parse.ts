/**
 * One Terraform file → ParsedFile. HCL goes through tree-sitter; a file with syntax errors is
 * cut at its top-level block headers and every piece is parsed on its own, so a half-typed
 * block costs only itself. `.tf.json` / `.tfvars.json` go through the JSON reader.
 */
import type { Fact, FactObject, FactValue, ParseProblem, ParsedFile, Position, Range } from '../../model';
import { cstOptions, parseCst, type SyntaxNode } from './cst';
import { blockFacts, collectRefs, evalExpr, iteratorsOf, kids, rangeOf, type EvalOptions } from './hcl';
import { computeHints } from './hints';
import { cleanFileFacts, copyFact, segmentCache, withWholeTree } from './incremental';
import { parseJson, type JsonNode } from './json';
import { lex, MAX_HCL_DEPTH } from './lexer';
import { isReady, parseHcl, type TSNode } from './treesitter';
import { baseName, dirOf, providerOfType } from './util';
import { position } from '../position';

export const SYNTAX = 'parse/terraform-syntax';
export const TOO_DEEP = 'parse/terraform-too-deep';
/** Problems listed per file; a file with more gets one last problem that counts the rest. */
export const MAX_PROBLEMS = 200;

export type TfFileKind = 'tf' | 'tf.json' | 'tfvars' | 'tfvars.json';

export function fileKindOf(path: string): TfFileKind | undefined {
  const p = path.toLowerCase();
  if (p.endsWith('.tf.json')) return 'tf.json';
  if (p.endsWith('.tfvars.json')) return 'tfvars.json';
  if (p.endsWith('.tf')) return 'tf';
  if (p.endsWith('.tfvars')) return 'tfvars';
  return undefined;
}

// ───────────────────────────── positions ─────────────────────────────

export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return position(lo, offset - this.starts[lo]);
  }
  offset(p: Position): number {
    const start = this.starts[Math.min(p.line, this.starts.length - 1)] ?? 0;
    return Math.min(start + p.character, this.text.length);
  }
  lineStart(line: number): number {
    return this.starts[Math.min(line, this.starts.length - 1)] ?? this.text.length;
  }
  lineEnd(line: number): number {
    const next = this.starts[line + 1];
    let end = next === undefined ? this.text.length : next - 1;
    if (end > 0 && this.text[end - 1] === '\r') end--;
    return Math.max(end, this.lineStart(line));
  }
  /** Length of a line up to its LF (a CR before it counts). */
  lineLength(line: number): number {
    const next = this.starts[line + 1];
    return (next === undefined ? this.text.length : next - 1) - this.lineStart(line);
  }
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
  get lineCount(): number {
    return this.starts.length;
  }
}

// ───────────────────────────── entry ─────────────────────────────

export function parseTerraform(path: string, text: string): ParsedFile {
  const kind = fileKindOf(path) ?? 'tf';
  const out: ParsedFile = { file: path, kind: 'tf', language: kind.endsWith('json') ? 'json' : 'terraform', facts: [], problems: [] };
  let hinted = false;
  try {
    if (kind === 'tf.json' || kind === 'tfvars.json') parseJsonFile(path, text, kind, out);
    else if (!isReady()) {
      out.problems.push(problem(path, zero(), 'error', 'internal/terraform-not-initialised', 'the Terraform parser was used before its grammar was loaded'));
    } else {
      // A clean .tf file: block by block, re-reading only what changed since this path's last parse.
      const clean = kind === 'tf' && cstOptions.enabled ? cleanFileFacts(path, text) : undefined;
      if (clean) {
        out.facts = clean;
        hinted = true;
      } else parseHclFile(path, text, kind, out, kind === 'tf' && cstOptions.enabled);
    }
  } catch (e) {
    out.problems.push(problem(path, zero(), 'error', 'internal/parser', `the Terraform parser failed on this file: ${(e as Error).message}`));
  }
  capProblems(out.problems, path);
  dedupeIds(out.facts, hinted);
  if (!hinted) for (const f of out.facts) f.hints = computeHints(f);
  return out;
}

/** Keeps the first MAX_PROBLEMS problems and counts the rest in one last problem where the first left-out one stands. */
function capProblems(ps: ParseProblem[], path: string): void {
  if (ps.length <= MAX_PROBLEMS) return;
  const left = ps.length - MAX_PROBLEMS;
  const at = ps[MAX_PROBLEMS].range.start;
  ps.length = MAX_PROBLEMS;
  ps.push(problem(path, { start: at, end: at }, 'error', SYNTAX, `${left} more problem${left === 1 ? '' : 's'} in this file are not listed (at most ${MAX_PROBLEMS} are)`));
}

function zero(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function problem(file: string, range: Range, severity: ParseProblem['severity'], code: string, message: string): ParseProblem {
  return { file, range, severity, code, message };
}

/** `~2`, `~3` … on repeated ids; with `shared`, the facts may be kept elsewhere and a renamed one is a copy. */
function dedupeIds(facts: Fact[], shared = false): void {
  const seen = new Map<string, number>();
  for (let i = 0; i < facts.length; i++) {
    const f = facts[i];
    const n = seen.get(f.id) ?? 0;
    seen.set(f.id, n + 1);
    if (n > 0) {
      if (shared) facts[i] = { ...f, id: `${f.id}~${n + 1}` };
      else f.id = `${f.id}~${n + 1}`;
    }
  }
}

// ───────────────────────────── HCL ─────────────────────────────

/** The fast reader's tree when it reads `text` (it declines anything it is not sure of). */
function fastTree(text: string): SyntaxNode | undefined {
  return cstOptions.enabled ? parseCst(text) : undefined;
}

function parseHclFile(path: string, text: string, kind: TfFileKind, out: ParsedFile, fastDeclined: boolean): void {
  const scope = dirOf(path);
  // A tree from the fast reader means the file is clean (see cst.ts): no pre-scan needed.
  const fast = fastDeclined ? undefined : fastTree(text);
  if (fast) {
    collectTop(fast, path, scope, 0, kind, out.facts);
    return;
  }
  const lines = new LineIndex(text);
  const lx = lex(text);
  const deep = lx.tooDeep;
  if (deep) {
    // Too deep for tree-sitter (quadratic in depth) and the recursive readers: only the
    // top-level blocks before the one that nests too deep are read.
    out.problems.push(
      problem(path, { start: deep, end: { line: deep.line, character: Math.min(deep.character + 1, lines.lineEnd(deep.line) - lines.lineStart(deep.line)) } }, 'error', TOO_DEEP, `brackets nest more than ${MAX_HCL_DEPTH} levels deep here; the rest of the file was not read`),
    );
  } else if (lx.unclosedStrings.length === 0 && lx.unclosedHeredocs.length === 0 && !lx.unclosedComment) {
    // the pre-scan found nothing: tree-sitter tells whether the file is clean
    const done = withWholeTree(path, text, (tree) => {
      if (tree.rootNode.hasError) return false;
      collectTop(tree.rootNode, path, scope, 0, kind, out.facts);
      return true;
    });
    if (done !== false) return;
  }
  // Broken file: parse each top-level segment on its own.
  const segs = segmentCache(path, text.length);
  const cuts = [...new Set([0, ...lx.headerLines])].sort((a, b) => a - b);
  const unclosedAll = [...lx.unclosedStrings].sort((a, b) => a.line - b.line || a.character - b.character);
  let u = 0;
  for (let s = 0; s < cuts.length; s++) {
    const firstLine = cuts[s];
    const lastLine = s + 1 < cuts.length ? cuts[s + 1] - 1 : lines.lineCount - 1;
    if (deep && lastLine >= deep.line) break;
    const startOff = lines.lineStart(firstLine);
    const endOff = s + 1 < cuts.length ? lines.lineStart(cuts[s + 1]) : text.length;
    while (u < unclosedAll.length && unclosedAll[u].line < firstLine) u++;
    const unclosed: Position[] = [];
    while (u < unclosedAll.length && unclosedAll[u].line <= lastLine) unclosed.push(unclosedAll[u++]);
    // Close strings at the end of their line so the rest of the block still reads.
    let seg: string;
    if (unclosed.length === 0) seg = text.slice(startOff, endOff);
    else {
      const pieces: string[] = [];
      let from = startOff;
      for (const p of unclosed) {
        const eol = Math.min(Math.max(lines.lineEnd(p.line), from), endOff);
        pieces.push(text.slice(from, eol), '"');
        from = eol;
      }
      pieces.push(text.slice(from, endOff));
      seg = pieces.join('');
    }
    // a segment read cleanly last time, at the same line, gives the same facts
    const key = unclosed.length === 0 && segs ? `${firstLine}:${seg}` : undefined;
    const hit = key !== undefined ? segs!.get(key) : undefined;
    if (hit) {
      for (const f of hit) out.facts.push(copyFact(f));
      segs!.put(key!, hit);
      continue;
    }
    const fastSeg = fastTree(seg);
    if (fastSeg && key !== undefined) {
      const before = out.facts.length;
      collectTop(fastSeg, path, scope, firstLine, kind, out.facts);
      segs!.put(key, out.facts.slice(before).map(copyFact));
      continue;
    }
    const st = fastSeg ? undefined : parseHcl(seg);
    const segRoot = fastSeg ?? st?.rootNode;
    if (!segRoot) continue;
    try {
      const before = out.facts.length;
      collectTop(segRoot, path, scope, firstLine, kind, out.facts);
      if (unclosed.length) {
        for (let k = before; k < out.facts.length; k++) {
          addHint(out.facts[k], 'parse:incomplete');
          clampToLines(out.facts[k], lines);
        }
        for (const p of unclosed) {
          out.problems.push(
            problem(path, { start: p, end: { line: p.line, character: lines.lineEnd(p.line) - lines.lineStart(p.line) } }, 'error', SYNTAX, `unclosed string: the quote opened on line ${p.line + 1} is not closed before the end of the line`),
          );
        }
      } else if (st && st.rootNode.hasError) {
        syntaxProblems(st.rootNode, path, firstLine, startOff, lines, out.problems);
      }
    } finally {
      st?.delete();
    }
  }
  segs?.done();
  if (lx.unclosedComment) {
    const p = lx.unclosedComment;
    out.problems.push(problem(path, { start: p, end: { line: p.line, character: p.character + 2 } }, 'error', SYNTAX, `the comment opened on line ${p.line + 1} is never closed with '*/'`));
  }
  for (const h of lx.unclosedHeredocs) {
    out.problems.push(problem(path, { start: h.start, end: { line: h.start.line, character: h.start.character + 2 + h.marker.length } }, 'error', SYNTAX, `the heredoc <<${h.marker} opened on line ${h.start.line + 1} is never closed: add a line with only ${h.marker}`));
  }
  dedupeProblems(out.problems);
}

/** Pulls positions back inside their line: a closing quote added at the end of a line must not stretch a range past it. */
function clampToLines(f: Fact, lines: LineIndex): void {
  const fix = (p: Position): Position => {
    const max = lines.lineLength(p.line);
    return p.character > max ? position(p.line, max) : p;
  };
  const clamp = (r: Range): Range => ({ start: fix(r.start), end: fix(r.end) });
  f.range = clamp(f.range);
  if (f.nameRange) f.nameRange = clamp(f.nameRange);
  if (f.attributeRanges) for (const k of Object.keys(f.attributeRanges)) f.attributeRanges[k] = clamp(f.attributeRanges[k]);
}

function addHint(f: Fact, h: string): void {
  if (!f.hints) f.hints = [];
  if (!f.hints.includes(h)) f.hints.push(h);
}

function collectTop(root: SyntaxNode, path: string, scope: string, rowOffset: number, kind: TfFileKind, facts: Fact[]): void {
  const body = kids(root).find((k) => k.type === 'body');
  const items = body ? kids(body) : kids(root).filter((k) => k.type === 'block' || k.type === 'attribute');
  // an ERROR at the top may wrap blocks that are fine
  const candidates: SyntaxNode[] = [];
  for (const it of items) {
    if (it.type === 'ERROR') candidates.push(...kids(it).filter((k) => k.type === 'block' || k.type === 'attribute'));
    else candidates.push(it);
  }
  for (const it of candidates) {
    if (kind === 'tfvars') {
      if (it.type === 'attribute') {
        const f = tfvarsFact(it, path, scope, rowOffset);
        if (f) facts.push(f);
      }
      continue;
    }
    if (it.type === 'block') facts.push(...blockFacts(it, { file: path, scope, rowOffset }));
  }
  if (kind === 'tfvars') {
    const obj = kids(root).find((k) => k.type === 'object');
    if (obj) {
      // `.tfvars` written as one object
      for (const elem of kids(obj)) {
        if (elem.type !== 'object_elem') continue;
        const k = elem.childForFieldName('key');
        const v = elem.childForFieldName('val');
        if (!k || !v) continue;
        facts.push(tfvarsFromValue(k.text.replace(/^"|"$/g, ''), path, scope, rangeOf(elem, rowOffset), rangeOf(k, rowOffset), evalExpr(v, baseOpts(rowOffset))));
      }
    }
  }
}

function baseOpts(rowOffset: number, ranges?: Record<string, Range>): EvalOptions {
  return { prefix: '', iterators: new Set(), rowOffset, ranges };
}

function tfvarsFact(attr: SyntaxNode, path: string, scope: string, rowOffset: number): Fact | undefined {
  if (attr.hasError) return undefined;
  const parts = kids(attr);
  const name = parts[0]?.text;
  const value = parts.find((p) => p.type === 'expression');
  if (!name || !value) return undefined;
  const ranges: Record<string, Range> = { value: rangeOf(attr, rowOffset) };
  const v = evalExpr(value, baseOpts(rowOffset, ranges), 'value');
  const f = tfvarsFromValue(name, path, scope, rangeOf(attr, rowOffset), rangeOf(parts[0], rowOffset), v);
  f.attributeRanges = ranges;
  return f;
}

function tfvarsFromValue(name: string, path: string, scope: string, range: Range, nameRange: Range, v: FactValue): Fact {
  return {
    id: `${path}#tfvars.${name}`,
    kind: 'variable',
    provider: 'generic',
    type: 'tfvars',
    address: `tfvars.${name}`,
    name,
    file: path,
    range,
    nameRange,
    attributes: { value: v },
    attributeRanges: { value: range },
    scope,
    hints: [],
    references: [],
  };
}

function syntaxProblems(root: TSNode, path: string, rowOffset: number, startOff: number, lines: LineIndex, out: ParseProblem[]): void {
  const found: TSNode[] = [];
  const walk = (n: TSNode) => {
    if (n.isMissing || n.type === 'ERROR') {
      found.push(n);
      if (n.type === 'ERROR') for (const m of n.descendantsOfType('MISSING')) if (m) found.push(m);
      return;
    }
    if (!n.hasError) return;
    for (const c of n.children) if (c) walk(c);
  };
  walk(root);
  for (const n of found) {
    const abs = startOff + n.startIndex;
    if (n.isMissing) {
      const want = missingToken(n);
      // place it right after the last thing written before the gap
      let k = abs;
      while (k > startOff && /\s/.test(lines.text[k - 1])) k--;
      const at = lines.position(k);
      const lt = lines.lineText(at.line);
      const bare = /^\s*("?[\w-]+"?)\s*=\s*(#.*|\/\/.*)?$/.exec(lt);
      if (bare && want !== '}') {
        out.push(problem(path, { start: { line: at.line, character: indentOf(lt) }, end: at }, 'error', SYNTAX, `the attribute '${bare[1].replace(/"/g, '')}' has no value after '='`));
        continue;
      }
      if (want === '}') {
        const inner = misclosed(n, rowOffset, startOff, lines);
        if (inner) {
          out.push(problem(path, inner.range, 'error', SYNTAX, inner.message));
          continue;
        }
      }
      out.push(problem(path, { start: at, end: at }, 'error', SYNTAX, missingMessage(want, n, rowOffset)));
      continue;
    }
    const start: Position = { line: n.startPosition.row + rowOffset, character: n.startPosition.column };
    const lineText = lines.lineText(start.line);
    const endChar = n.endPosition.row + rowOffset === start.line ? n.endPosition.column : lineText.length;
    const range: Range = { start, end: { line: start.line, character: Math.max(endChar, start.character) } };
    const noValue = /^\s*("?[\w-]+"?)\s*=\s*(#.*|\/\/.*)?$/.exec(lineText) ?? (start.character <= indentOf(lineText) && start.line > 0 ? /^\s*("?[\w-]+"?)\s*=\s*(#.*|\/\/.*)?$/.exec(lines.lineText(start.line - 1)) : null);
    if (noValue) {
      const line = /^\s*("?[\w-]+"?)\s*=\s*(#.*|\/\/.*)?$/.test(lineText) ? start.line : start.line - 1;
      const lt = lines.lineText(line);
      out.push(problem(path, { start: { line, character: indentOf(lt) }, end: { line, character: lt.replace(/\s*(#.*|\/\/.*)?$/, '').length } }, 'error', SYNTAX, `the attribute '${noValue[1].replace(/"/g, '')}' has no value after '='`));
      continue;
    }
    const tok = firstToken(n);
    out.push(problem(path, range, 'error', SYNTAX, tok ? `unexpected '${tok}' here` : 'this part of the file cannot be read as Terraform'));
  }
}

/**
 * When a block or object is left open, tree-sitter lets it borrow the next `}` and reports the
 * outer block as unclosed. Formatted code tells better: the inner block whose closing brace
 * sits left of its own indentation is the one missing its `}`.
 */
function misclosed(missing: TSNode, rowOffset: number, startOff: number, lines: LineIndex): { range: Range; message: string } | undefined {
  let outer = missing.parent;
  while (outer && outer.type !== 'block' && outer.type !== 'object') outer = outer.parent;
  if (!outer) return undefined;
  const candidates = [...outer.descendantsOfType('block'), ...outer.descendantsOfType('object')].filter((d): d is TSNode => !!d && d.id !== outer!.id);
  for (const d of candidates.sort((a, b) => a.startIndex - b.startIndex)) {
    const close = kids(d).find((k) => k.type === 'block_end' || k.type === 'object_end');
    if (!close || close.isMissing || close.endIndex === close.startIndex) continue;
    const openLine = d.startPosition.row + rowOffset;
    const closeLine = close.startPosition.row + rowOffset;
    if (closeLine === openLine) continue;
    const want = indentOf(lines.lineText(openLine));
    if (close.startPosition.column >= want) continue;
    // the gap: right after the last content before the borrowed brace
    let k = startOff + close.startIndex;
    while (k > 0 && /\s/.test(lines.text[k - 1])) k--;
    const at = lines.position(k);
    const what = d.type === 'block' ? `block ${blockTitle(d)}` : 'object';
    return { range: { start: at, end: at }, message: `expected '}' to close the ${what} opened at line ${openLine + 1}` };
  }
  return undefined;
}

function indentOf(s: string): number {
  return /^[ \t]*/.exec(s)?.[0].length ?? 0;
}

function firstToken(n: TSNode): string {
  let c: TSNode | null = n;
  while (c && c.childCount > 0) c = c.child(0);
  const t = (c ?? n).text.split('\n')[0].trim();
  return t.length > 30 ? t.slice(0, 30) + '…' : t;
}

function missingToken(n: TSNode): string {
  const t = n.type;
  const map: Record<string, string> = { block_end: '}', object_end: '}', tuple_end: ']', block_start: '{', object_start: '{', tuple_start: '[', quoted_template_end: '"', template_interpolation_end: '}', identifier: 'a name', expression: 'a value' };
  return map[t] ?? t;
}

function missingMessage(want: string, n: TSNode, rowOffset: number): string {
  const opener = (types: string[], what: string) => {
    let p = n.parent;
    while (p && !types.includes(p.type)) p = p.parent;
    if (!p) return `expected '${want}'`;
    const line = p.startPosition.row + rowOffset + 1;
    const head = p.type === 'block' ? blockTitle(p) : '';
    return `expected '${want}' to close the ${what}${head ? ` ${head}` : ''} opened at line ${line}`;
  };
  switch (want) {
    case '}':
      return n.parent?.type === 'object_end' || n.parent?.type === 'object' || n.type === 'object_end' ? opener(['object'], 'object') : opener(['block'], 'block');
    case ']':
      return opener(['tuple', 'for_tuple_expr'], 'list');
    case ')':
      return opener(['function_call'], 'function call');
    case '"':
      return 'unclosed string: expected the closing \'"\'';
    default:
      return `expected ${want.length === 1 ? `'${want}'` : want}`;
  }
}

function blockTitle(b: TSNode): string {
  const parts = kids(b);
  const labels: string[] = [];
  for (const p of parts) {
    if (p.type === 'identifier' || p.type === 'string_lit') labels.push(p.text);
    else break;
  }
  return labels.join(' ');
}

function dedupeProblems(ps: ParseProblem[]): void {
  const seen = new Set<string>();
  let kept = 0;
  for (const p of ps) {
    const key = `${p.range.start.line}:${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    ps[kept++] = p;
  }
  ps.length = kept;
  ps.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

// ───────────────────────────── expressions from text ─────────────────────────────

/** Evaluates HCL expression source text (from `$expr` or a `.tf.json` string) with the given options. */
export function evalExpressionText(textSrc: string, o: EvalOptions, refs?: Set<string>): FactValue {
  const src = `__v = ${textSrc}\n`;
  const fast = fastTree(src);
  const tree = fast ? undefined : parseHcl(src);
  const root = fast ?? tree?.rootNode;
  if (!root) return { $expr: textSrc };
  try {
    const body = kids(root).find((k) => k.type === 'body');
    const attr = body ? kids(body)[0] : undefined;
    const e = attr?.type === 'attribute' ? kids(attr).find((k) => k.type === 'expression') : undefined;
    if (!e || root.hasError) return { $expr: textSrc };
    const its = new Set([...o.iterators, ...iteratorsOf(e)]);
    if (refs) collectRefs(e, its, o.prefix, refs);
    return evalExpr(e, { ...o, iterators: its, ranges: undefined });
  } finally {
    tree?.delete();
  }
}

/** A `.tf.json` string as HCL quoted-template source (interpolations kept as written). */
export function jsonStringToHcl(s: string): string {
  let out = '"';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if ((c === '$' || c === '%') && s[i + 1] === '{' && s[i - 1] !== c) {
      let depth = 0;
      let j = i + 1;
      let inStr = false;
      for (; j < s.length; j++) {
        const d = s[j];
        if (inStr) {
          if (d === '\\') j++;
          else if (d === '"') inStr = false;
        } else if (d === '"') inStr = true;
        else if (d === '{') depth++;
        else if (d === '}') {
          depth--;
          if (depth === 0) break;
        }
      }
      out += s.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    out += c === '\\' ? '\\\\' : c === '"' ? '\\"' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : c;
    i++;
  }
  return out + '"';
}

// ───────────────────────────── JSON syntax ─────────────────────────────

function parseJsonFile(path: string, text: string, kind: TfFileKind, out: ParsedFile): void {
  const lines = new LineIndex(text);
  const res = parseJson(text);
  if (res.error) {
    const at = lines.position(res.error.offset);
    // A one-character range, or an empty one at the end of the text.
    const end = res.error.offset < text.length && text[res.error.offset] !== '\n' ? at.character + 1 : at.character;
    out.problems.push(problem(path, { start: at, end: { line: at.line, character: end } }, 'error', res.error.tooDeep ? TOO_DEEP : SYNTAX, res.error.message));
  }
  const root = res.root;
  if (!root) return;
  if (root.kind !== 'object') {
    out.problems.push(problem(path, rng(lines, root.start, root.end), 'error', SYNTAX, 'a Terraform JSON file must hold one object at the top'));
    return;
  }
  const scope = dirOf(path);
  const jc: JsonCtx = { path, scope, lines };
  if (kind === 'tfvars.json') {
    for (const m of root.members) {
      const ranges: Record<string, Range> = {};
      const refs = new Set<string>();
      const v = jsonValue(m.value, jc, 'value', ranges, refs);
      const f = tfvarsFromValue(m.key, path, scope, rng(lines, m.start, m.end), rng(lines, m.keyStart, m.keyEnd), v);
      if (!m.value.complete) f.hints = ['parse:incomplete'];
      out.facts.push(f);
    }
    return;
  }
  for (const top of root.members) {
    for (const obj of asObjects(top.value)) {
      switch (top.key) {
        case 'resource':
        case 'data':
          for (const t of obj.members)
            for (const typeObj of asObjects(t.value))
              for (const nm of typeObj.members) for (const body of asObjects(nm.value)) out.facts.push(jsonBlockFact(jc, top.key, t.key, nm, body));
          break;
        case 'module':
        case 'variable':
        case 'output':
        case 'provider':
          for (const nm of obj.members) for (const body of asObjects(nm.value)) out.facts.push(jsonBlockFact(jc, top.key, top.key, nm, body));
          break;
        case 'locals':
          for (const m of obj.members) {
            if (m.key === '//') continue;
            const ranges: Record<string, Range> = { value: rng(lines, m.start, m.end) };
            const refs = new Set<string>();
            const v = jsonValue(m.value, jc, 'value', ranges, refs);
            out.facts.push({
              id: `${path}#local.${m.key}`,
              kind: 'locals',
              provider: 'generic',
              type: 'local',
              address: `local.${m.key}`,
              name: m.key,
              file: path,
              range: rng(lines, m.start, m.end),
              nameRange: rng(lines, m.keyStart, m.keyEnd),
              attributes: { value: v },
              attributeRanges: ranges,
              scope,
              hints: m.value.complete ? [] : ['parse:incomplete'],
              references: [...refs].sort(),
            });
          }
          break;
        case 'terraform': {
          const ranges: Record<string, Range> = {};
          const refs = new Set<string>();
          const attributes = jsonBody(obj, jc, '', ranges, refs);
          out.facts.push({
            id: `${path}#terraform`,
            kind: 'terraform',
            provider: 'generic',
            type: 'terraform',
            address: 'terraform',
            file: path,
            range: rng(lines, top.start, top.end),
            nameRange: rng(lines, top.keyStart, top.keyEnd),
            attributes,
            attributeRanges: ranges,
            scope,
            hints: obj.complete ? [] : ['parse:incomplete'],
            references: [],
          });
          break;
        }
      }
    }
  }
}

interface JsonCtx {
  path: string;
  scope: string;
  lines: LineIndex;
}

type JsonObjectNode = Extract<JsonNode, { kind: 'object' }>;
type JsonMemberT = JsonObjectNode['members'][number];

function asObjects(v: JsonNode | undefined): JsonObjectNode[] {
  if (!v) return [];
  if (v.kind === 'object') return [v];
  if (v.kind === 'array') return v.items.filter((x): x is JsonObjectNode => x.kind === 'object');
  return [];
}

function rng(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.position(start), end: lines.position(end) };
}

function jsonBlockFact(jc: JsonCtx, top: string, type: string, nm: JsonMemberT, body: JsonObjectNode): Fact {
  const ranges: Record<string, Range> = {};
  const refs = new Set<string>();
  const attributes = jsonBody(body, jc, '', ranges, refs);
  let address: string;
  let kind: Fact['kind'];
  switch (top) {
    case 'resource':
      kind = 'resource';
      address = `${type}.${nm.key}`;
      break;
    case 'data':
      kind = 'data';
      address = `data.${type}.${nm.key}`;
      break;
    case 'variable':
      kind = 'variable';
      address = `var.${nm.key}`;
      break;
    case 'provider':
      kind = 'provider';
      address = `provider.${nm.key}${typeof attributes.alias === 'string' ? '.' + attributes.alias : ''}`;
      break;
    default:
      kind = top as Fact['kind'];
      address = `${top}.${nm.key}`;
  }
  const hints: string[] = [];
  if (!body.complete) hints.push('parse:incomplete');
  if ('count' in attributes || 'for_each' in attributes) hints.push('multi:true');
  refs.delete(address);
  const provider = kind === 'provider' ? providerOfType(nm.key) : kind === 'resource' || kind === 'data' ? providerOfType(type) : 'generic';
  return {
    id: `${jc.path}#${address}`,
    kind,
    provider,
    type: kind === 'resource' || kind === 'data' ? type : kind === 'variable' ? 'variable' : top,
    address,
    name: nm.key,
    file: jc.path,
    range: rng(jc.lines, nm.start, body.end),
    nameRange: rng(jc.lines, nm.keyStart, nm.keyEnd),
    attributes,
    attributeRanges: ranges,
    scope: jc.scope,
    hints,
    references: [...refs].sort(),
  };
}

function jsonBody(obj: JsonObjectNode, jc: JsonCtx, path: string, ranges: Record<string, Range>, refs: Set<string>): FactObject {
  const out: FactObject = {};
  for (const m of obj.members) {
    if (m.key === '//') continue; // comment key of the JSON syntax
    const p = path + m.key;
    ranges[p] = rng(jc.lines, m.start, m.end);
    out[m.key] = jsonValue(m.value, jc, p, ranges, refs);
  }
  return out;
}

function jsonValue(v: JsonNode, jc: JsonCtx, path: string, ranges: Record<string, Range>, refs: Set<string>): FactValue {
  switch (v.kind) {
    case 'object': {
      const out: FactObject = {};
      for (const m of v.members) {
        if (m.key === '//') continue;
        const p = `${path}.${m.key}`;
        ranges[p] = rng(jc.lines, m.start, m.end);
        out[m.key] = jsonValue(m.value, jc, p, ranges, refs);
      }
      return out;
    }
    case 'array':
      return v.items.map((x, i) => {
        const p = `${path}.${i}`;
        ranges[p] = rng(jc.lines, x.start, x.end);
        return jsonValue(x, jc, p, ranges, refs);
      });
    case 'string':
      if (/(^|[^$])\$\{|(^|[^%])%\{/.test(v.value) && isReady()) {
        return evalExpressionText(jsonStringToHcl(v.value), { prefix: '', iterators: new Set(), rowOffset: 0 }, refs);
      }
      return v.value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
    default:
      return v.value;
  }
}

export { baseName };

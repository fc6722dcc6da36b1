/**
 * Safe edits of application source for the code detectors' fixes: find the string literal
 * under a secret, replace it with an environment read, insert a keyword argument or an
 * object property into a call, add `import os`. Everything works on the code reader's tokens,
 * so comments and strings never look like code; when the shape is not one these helpers
 * understand they return undefined and the detector offers no fix.
 */
import type { Position, Range, TextEdit } from '../../../model';
import { pythonImports } from '../../../parse/code/imports';
import { matchBracket, tokenizeCLike, tokenizePython, type Token } from '../../../parse/code/tokenize';
import { PositionMap } from '../../../parse/code/text';

export type SrcLang = 'python' | 'js' | 'go' | 'java' | 'csharp';

const EXT: Record<string, SrcLang> = { py: 'python', pyw: 'python', js: 'js', mjs: 'js', cjs: 'js', jsx: 'js', ts: 'js', mts: 'js', cts: 'js', tsx: 'js', go: 'go', java: 'java', kt: 'java', cs: 'csharp' };

/** The language of a source file the helpers can edit (notebooks are JSON and are never edited). */
export function srcLang(path: string): SrcLang | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return undefined;
  return EXT[path.slice(dot + 1).toLowerCase()];
}

export interface Source {
  file: string;
  text: string;
  lang: SrcLang;
  toks: Token[];
  pm: PositionMap;
}

const cache = new Map<string, Source>();

/** Tokens and positions of a source file (cached by content; the cache is small and bounded). */
export function source(file: string, text: string | undefined): Source | undefined {
  if (text === undefined) return undefined;
  const lang = srcLang(file);
  if (!lang) return undefined;
  const key = `${file}\u0000${text.length}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const toks = lang === 'python' ? tokenizePython(text) : tokenizeCLike(text, lang === 'js' ? 'typescript' : lang === 'java' ? (file.endsWith('.kt') ? 'kotlin' : 'java') : lang);
  const src: Source = { file, text, lang, toks, pm: new PositionMap(text) };
  if (cache.size > 64) cache.clear();
  cache.set(key, src);
  return src;
}

export function offsetOf(src: Source, p: Position): number {
  return Math.min(src.pm.lineStart(p.line) + p.character, src.text.length);
}

export function rangeAt(src: Source, s: number, e: number): Range {
  return src.pm.range(s, e);
}

export function edit(src: Source, s: number, e: number, newText: string): TextEdit {
  return { file: src.file, range: src.pm.range(s, e), newText };
}

const isOp = (t: Token | undefined, v: string) => t?.k === 'op' && t.v === v;

/** Index of the first token starting at or after `offset`. */
export function tokenIndexAt(src: Source, offset: number): number {
  let lo = 0;
  let hi = src.toks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (src.toks[mid].s < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The string token that holds a secret found at `range`, when the whole literal is the secret:
 * a plain single-line literal (no f-string, template interpolation or triple quotes) whose
 * content is exactly the matched text. Anything else (a key inside a longer string, in a
 * comment) gets no automatic edit.
 */
export function plainLiteralAt(src: Source, range: Range): Token | undefined {
  const s = offsetOf(src, range.start);
  const e = offsetOf(src, range.end);
  for (const t of src.toks) {
    if (t.s > s) break;
    if (t.k !== 'str' || t.e < e) continue;
    const raw = src.text.slice(t.s, t.e);
    const q = raw[0];
    if (q !== '"' && q !== "'" && !(q === '`' && src.lang === 'js')) return undefined;
    if (raw.startsWith('"""') || raw.startsWith("'''") || raw.includes('\n')) return undefined;
    if (q === '`' && raw.includes('${')) return undefined;
    if (!(raw.endsWith(q) && raw.length >= 2)) return undefined;
    const inner = raw.slice(1, -1);
    const matched = src.text.slice(s, e);
    if (inner !== matched && raw !== matched) return undefined;
    if (/\\/.test(inner)) return undefined;
    return t;
  }
  return undefined;
}

/** UPPER_SNAKE form of an identifier: `apiKey` → API_KEY, `openai.api_key` → OPENAI_API_KEY. */
export function envName(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/** The expression reading environment variable `name` in the file's language. */
export function envRead(src: Source, name: string): string | undefined {
  if (src.lang === 'python') return `os.environ["${name}"]`;
  if (src.lang === 'js') return `process.env.${name}`;
  return undefined;
}

/** Whether a Python file binds `os` at module level (`import os`). */
export function importsOs(src: Source): boolean {
  return pythonImports(src.toks).some((i) => i.module === 'os' && i.alias === undefined && i.names.length === 0);
}

/** An edit adding `import os` before the first module-level import (after `from __future__` imports and the docstring). */
export function addImportOs(src: Source): TextEdit {
  const imports = pythonImports(src.toks).filter((i) => !i.relative || i.module);
  const future = imports.filter((i) => i.module === '__future__');
  const others = imports.filter((i) => i.module !== '__future__');
  const lineOf = (o: number) => src.pm.position(o).line;
  if (others.length > 0) {
    const at = src.pm.lineStart(lineOf(others[0].s));
    return edit(src, at, at, 'import os\n');
  }
  let after: number | undefined;
  if (future.length > 0) after = future[future.length - 1].e;
  else if (src.toks[0]?.k === 'str') after = src.toks[0].e; // module docstring
  if (after === undefined) {
    // after a shebang / encoding line
    let line = 0;
    while (line < src.pm.lineCount && /^#/.test(src.text.slice(src.pm.lineStart(line), src.pm.lineStart(line + 1)))) line++;
    const at = line >= src.pm.lineCount ? src.text.length : src.pm.lineStart(line);
    return edit(src, at, at, at === src.text.length && at > 0 && !src.text.endsWith('\n') ? '\nimport os\n' : 'import os\n');
  }
  const next = src.pm.lineStart(lineOf(after) + 1);
  if (next <= after) return edit(src, src.text.length, src.text.length, '\nimport os\n');
  return edit(src, next, next, 'import os\n');
}

// ───────────── calls ─────────────

/** Index of the `(` opening the call whose text starts at `offset` (`AgentExecutor(`, `Runner.run(`, `new X(`). */
export function callOpenAt(src: Source, offset: number, limit = 12): number | undefined {
  const i0 = tokenIndexAt(src, offset);
  for (let i = i0; i < src.toks.length && i < i0 + limit; i++) {
    const t = src.toks[i];
    if (isOp(t, '(')) return i;
    if (t.k === 'op' && t.v !== '.' && t.v !== '?.' && t.v !== '::' && t.v !== '<' && t.v !== '>' && t.v !== ',') return undefined;
  }
  return undefined;
}

export interface Arg {
  /** Key of a keyword argument / object property, undefined for a positional argument. */
  key?: string;
  /** Token index range of the argument [from, to). */
  from: number;
  to: number;
  /** Offsets of the value. */
  vs: number;
  ve: number;
}

/** The first-level arguments inside the bracket opened at token `open` (a call's parens or an object / dict literal). */
export function argsIn(src: Source, open: number): Arg[] {
  const { toks } = src;
  const close = matchBracket(toks, open);
  const out: Arg[] = [];
  let from = open + 1;
  const flush = (to: number) => {
    let a = from;
    while (a < to && toks[a].k === 'nl') a++;
    if (a >= to) return;
    let key: string | undefined;
    let v = a;
    if ((toks[a].k === 'id' || toks[a].k === 'str') && (isOp(toks[a + 1], '=') || isOp(toks[a + 1], ':')) && a + 2 < to) {
      key = toks[a].v;
      v = a + 2;
    }
    out.push({ key, from: a, to, vs: toks[v].s, ve: toks[to - 1].e });
  };
  for (let j = open + 1; j < close; j++) {
    const t = toks[j];
    if (t.k === 'op' && (t.v === '(' || t.v === '[' || t.v === '{')) {
      j = matchBracket(toks, j);
      continue;
    }
    if (isOp(t, ',')) {
      flush(j);
      from = j + 1;
    }
  }
  flush(close);
  return out;
}

/** Whether the call / literal opened at `open` has one of these keys at its first level. */
export function hasKey(src: Source, open: number, keys: readonly string[]): Arg | undefined {
  return argsIn(src, open).find((a) => a.key !== undefined && keys.includes(a.key));
}

/** Leading whitespace of the line holding `offset`. */
export function indentAt(src: Source, offset: number): string {
  const line = src.pm.position(offset).line;
  const start = src.pm.lineStart(line);
  return /^[ \t]*/.exec(src.text.slice(start))![0];
}

/**
 * An edit inserting `item` (`max_iterations=10`, `maxTurns: 10`) as the last argument of the
 * bracket opened at token `open`, in the bracket's own layout: on its own line when the
 * arguments are one per line (keeping a trailing comma style), inline otherwise.
 */
export function insertArg(src: Source, open: number, item: string): TextEdit {
  const { toks } = src;
  const close = matchBracket(toks, open);
  let last = close - 1;
  while (last > open && toks[last].k === 'nl') last--;
  if (last === open) return edit(src, toks[open].e, toks[close].s, item);
  const trailingComma = isOp(toks[last], ',');
  const lastLine = src.pm.position(toks[last].e).line;
  const closeLine = src.pm.position(toks[close].s).line;
  if (closeLine > lastLine) {
    const args = argsIn(src, open);
    const first = args.length > 0 ? toks[args[args.length - 1].from] : toks[last];
    const indent = indentAt(src, first.s);
    return edit(src, toks[last].e, toks[last].e, `${trailingComma ? '' : ','}\n${indent}${item}${trailingComma ? ',' : ''}`);
  }
  return edit(src, toks[last].e, toks[last].e, trailingComma ? ` ${item}` : `, ${item}`);
}

/** An edit putting a comment line above the line holding `offset`, with that line's indentation. */
export function commentAbove(src: Source, offset: number, comment: string): TextEdit {
  const line = src.pm.position(offset).line;
  const start = src.pm.lineStart(line);
  const lead = src.lang === 'python' ? '#' : '//';
  return edit(src, start, start, `${indentAt(src, offset)}${lead} ${comment}\n`);
}

/** The name a call's result is bound to: `x = Call(…)`, `const x = Call(…)`, `x := Call(…)`. */
export function boundTo(src: Source, offset: number): string | undefined {
  const i = tokenIndexAt(src, offset);
  let j = i - 1;
  if (src.toks[j]?.k === 'id' && (src.toks[j].v === 'await' || src.toks[j].v === 'new')) j--;
  const op = src.toks[j];
  if (!(isOp(op, '=') || isOp(op, ':='))) return undefined;
  const name = src.toks[j - 1];
  if (name?.k !== 'id') return undefined;
  // `x: Type = …` (python annotations) are not followed; `self.x = …` keeps the attribute name
  return name.v;
}

/** Calls `<receiver>.<method>(…)` in the file: the index of their `(`. */
export function methodCalls(src: Source, receiver: string, methods: readonly string[]): number[] {
  const out: number[] = [];
  const { toks } = src;
  for (let i = 0; i + 3 < toks.length; i++) {
    if (toks[i].k === 'id' && toks[i].v === receiver && (isOp(toks[i + 1], '.') || isOp(toks[i + 1], '?.')) && toks[i + 2].k === 'id' && methods.includes(toks[i + 2].v) && isOp(toks[i + 3], '(')) {
      if (isOp(toks[i - 1], '.')) continue;
      out.push(i + 3);
    }
  }
  return out;
}

/** Replaces the text of a first-level argument value. */
export function replaceValue(src: Source, arg: Arg, newText: string): TextEdit {
  return edit(src, arg.vs, arg.ve, newText);
}

/** Index of the bracket token that encloses the token starting at `offset`, or undefined at top level. */
export function enclosingOpen(src: Source, offset: number): number | undefined {
  const i = tokenIndexAt(src, offset);
  const t = src.toks[i];
  if (!t) return undefined;
  for (let j = i - 1; j >= 0; j--) {
    const k = src.toks[j];
    if (k.d === t.d - 1 && k.k === 'op' && (k.v === '(' || k.v === '[' || k.v === '{')) return j;
  }
  return undefined;
}

/** Index of the first token in [from, to) offsets matching `pred`. */
export function findToken(src: Source, from: number, to: number, pred: (t: Token, i: number) => boolean): number | undefined {
  for (let i = tokenIndexAt(src, from); i < src.toks.length && src.toks[i].s < to; i++) if (pred(src.toks[i], i)) return i;
  return undefined;
}

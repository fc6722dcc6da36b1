// Shared checks for the robustness tests: valid positions, bounded run time, fixture listing.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Fact, ParsedFile, Position, Range, ScanResult } from '../../../src/core';
import type { FileContent, InputPlugin, ParseContext } from '../../../src/core/plugin';
import { PLUGINS } from '../../../src/core/parse';
import { nodeAssets } from '../../../src/node/assets';

export const ROOT = process.cwd();

let ready: Promise<void> | undefined;
/** Runs every plugin's `init` once (tree-sitter wasm). */
export function initPlugins(): Promise<void> {
  ready ??= (async () => {
    for (const p of PLUGINS) if (p.init) await p.init(nodeAssets());
  })();
  return ready;
}

export function pluginOf(kind: string): InputPlugin {
  const p = PLUGINS.find((x) => x.kind === kind);
  assert.ok(p, `no plugin of kind ${kind}`);
  return p;
}

export function ctxOf(files: Record<string, string> = {}, maxFileBytes = 5 * 1024 * 1024): ParseContext {
  return { maxFileBytes, readText: (p) => files[p], paths: Object.keys(files).sort() };
}

/** Milliseconds a run of `bytes` may take: generous, 2 s per MB plus a fixed allowance for small inputs. */
export function budgetMs(bytes: number, base = 1500): number {
  return base + (2000 * bytes) / (1024 * 1024);
}

export function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

export async function timedAsync<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

/** Parses with a plugin the way the project does (text for text plugins, bytes for a zip). */
export function parseWith(plugin: InputPlugin, path: string, content: string | Uint8Array, files: Record<string, string> = {}): ParsedFile {
  const file: FileContent = typeof content === 'string' ? { path, text: content } : { path, bytes: content, text: plugin.binary ? undefined : new TextDecoder().decode(content) };
  return plugin.parse(file, ctxOf({ ...files, ...(typeof content === 'string' ? { [path]: content } : {}) }));
}

// ───────────────────────────── positions ─────────────────────────────

function linesOf(text: string, re: RegExp): number[] {
  return text.split(re).map((l) => l.length);
}

export interface TextShape {
  /** Lines split at LF only. */
  lf: number[];
  /** Lines split at CRLF, CR and LF (LSP, VS Code). */
  any: number[];
  /** Lines split also at U+2028 / U+2029 (JavaScript's line terminators). */
  js: number[];
}

export function shapeOf(text: string): TextShape {
  return { lf: linesOf(text, /\n/), any: linesOf(text, /\r\n|\r|\n/), js: linesOf(text, /\r\n|\r|\n|\u2028|\u2029/) };
}

function posIn(lines: number[], p: Position, slack: number): boolean {
  return p.line < lines.length && p.character <= lines[p.line] + slack;
}

/**
 * How far past the end of its line a position may go. LSP clamps such positions to the line
 * end, and several readers mark a syntax error at the end of the text as a one-character range
 * [end, end + 1]; that overshoot is tolerated here and checked strictly in `known-bugs.test.ts`.
 */
export let SLACK = 1;
export function setSlack(n: number): void {
  SLACK = n;
}

function isPos(p: unknown): p is Position {
  const q = p as Position;
  return typeof q === 'object' && q !== null && Number.isInteger(q.line) && Number.isInteger(q.character) && q.line >= 0 && q.character >= 0;
}

/** Why a range is invalid, or undefined. With a text shape, the range must lie inside the text (or at its end). */
export function rangeProblem(r: Range | undefined, shape?: TextShape): string | undefined {
  if (!r || !isPos(r.start) || !isPos(r.end)) return `not a range of non-negative integers: ${JSON.stringify(r)}`;
  if (r.end.line < r.start.line || (r.end.line === r.start.line && r.end.character < r.start.character)) return `end before start: ${JSON.stringify(r)}`;
  if (shape) {
    // A reader may count a lone CR (or U+2028) as a line break, as LSP does; either way is accepted.
    const ok = (lines: number[]) => posIn(lines, r.start, SLACK) && posIn(lines, r.end, SLACK);
    if (!ok(shape.lf) && !ok(shape.any) && !ok(shape.js)) return `outside the text (${shape.lf.length} lines, last ${shape.lf[shape.lf.length - 1]} chars): ${JSON.stringify(r)}`;
  }
  return undefined;
}

export function factRangeProblems(fact: Fact, shape?: TextShape): string[] {
  const out: string[] = [];
  const check = (what: string, r: Range | undefined) => {
    const p = rangeProblem(r, shape);
    if (p) out.push(`${fact.id} ${what}: ${p}`);
  };
  check('range', fact.range);
  if (fact.nameRange) check('nameRange', fact.nameRange);
  for (const [k, r] of Object.entries(fact.attributeRanges ?? {})) check(`attributeRanges[${k}]`, r);
  return out;
}

/** Every invariant of one parsed file: positions, file names, and no internal failure. */
export function parsedFileProblems(parsed: ParsedFile, path: string, text: string | undefined): string[] {
  const out: string[] = [];
  const shape = text !== undefined ? shapeOf(text) : undefined;
  if (parsed.file !== path) out.push(`parsed.file ${parsed.file} is not ${path}`);
  for (const p of parsed.problems) {
    // Problems of the file itself must lie in its text; problems of an archive member only need sane numbers.
    const r = rangeProblem(p.range, p.file === path ? shape : undefined);
    if (r) out.push(`problem ${p.code}: ${r}`);
    if (typeof p.message !== 'string' || p.message.length === 0) out.push(`problem ${p.code} has no message`);
    if (p.file !== path && !p.file.startsWith(`${path}!/`)) out.push(`problem ${p.code} names another file ${p.file}`);
    if (p.code.startsWith('internal/')) out.push(`internal failure ${p.code}: ${p.message}`);
  }
  for (const f of parsed.facts) {
    out.push(...factRangeProblems(f, f.file === path ? shape : undefined));
    if (f.file !== path && !f.file.startsWith(`${path}!/`)) out.push(`fact ${f.id} names another file ${f.file}`);
  }
  return out;
}

/** Invariants of a whole scan result, given the texts of its files. */
export function resultProblems(result: ScanResult, texts: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  const shapes = new Map<string, TextShape>();
  const shape = (file: string): TextShape | undefined => {
    const t = texts[file];
    if (t === undefined) return undefined;
    let s = shapes.get(file);
    if (!s) shapes.set(file, (s = shapeOf(t)));
    return s;
  };
  const known = (file: string) => file in texts || Object.keys(texts).some((k) => file.startsWith(`${k}!/`));
  const add = (file: string, what: string) => out.push(`[${file}] ${what}`);
  for (const p of result.problems) {
    const r = rangeProblem(p.range, shape(p.file));
    if (r) add(p.file, `problem ${p.code}: ${r}`);
    if (!known(p.file)) add(p.file, `problem ${p.code} names an unknown file`);
    if (p.code.startsWith('internal/')) add(p.file, `internal failure ${p.code}: ${p.message}`);
  }
  for (const f of result.findings) {
    const r = rangeProblem(f.range, shape(f.file));
    if (r) add(f.file, `finding ${f.controlId}: ${r}`);
    if (!known(f.file)) add(f.file, `finding ${f.controlId} names an unknown file`);
    for (const e of f.related) {
      const re = rangeProblem(e.range, shape(e.file));
      if (re) add(e.file, `related evidence of ${f.controlId}: ${re}`);
    }
    for (const fix of f.fixes)
      for (const ed of fix.edits) {
        const re = rangeProblem(ed.range, shape(ed.file));
        if (re) add(ed.file, `fix edit of ${f.controlId}: ${re}`);
      }
  }
  for (const w of result.workloads) {
    const r = rangeProblem(w.anchor.range, shape(w.anchor.file));
    if (r) add(w.anchor.file, `workload anchor ${w.id}: ${r}`);
  }
  return out;
}

/** Violations of a whole scan (from `resultProblems`), less those a known bug explains. */
export function knownFree(violations: string[], files: Record<string, string>): string[] {
  return violations.filter((v) => {
    const m = /^\[(.*?)\] /.exec(v);
    const file = m?.[1] ?? '';
    if (/internal failure internal\/parser: .*Unresolved alias/.test(v) && file.endsWith('ai-asset-register.yaml')) return false; // BUG-REGISTER-ALIAS
    return withoutKnown([v], file, files[file]).length > 0;
  });
}

// ───────────────────────────── fixtures ─────────────────────────────

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) out.push(...walk(full));
    else if (st.isFile()) out.push(full);
  }
  return out;
}

export interface Seed {
  /** Path as the scan would see it, relative to the fixture's own workspace. */
  path: string;
  /** Where it came from, relative to the repository. */
  source: string;
  text: string;
  plugin: InputPlugin;
}

/** Real files of the parser fixtures and the examples, each with the plugin that reads it. */
export function seedFiles(): Seed[] {
  const bases = [
    ...readdirSync(join(ROOT, 'test/fixtures/parse')).map((k) => join(ROOT, 'test/fixtures/parse', k)),
    join(ROOT, 'examples'),
  ];
  const out: Seed[] = [];
  for (const base of bases) {
    for (const full of walk(base)) {
      const path = relative(base, full).split(sep).join('/');
      const plugin = PLUGINS.find((p) => p.matches(path));
      if (!plugin) continue;
      const bytes = readFileSync(full);
      if (bytes.length > 512 * 1024) continue;
      out.push({ path, source: relative(ROOT, full).split(sep).join('/'), text: bytes.toString('utf8'), plugin });
    }
  }
  return out;
}

// ───────────────────────────── mutation ─────────────────────────────

export type Mutation = { op: string; at: number; len: number; tok: string };

/** Applies random deletions, insertions and duplications of characters and lines. */
export function mutate(text: string, muts: readonly Mutation[]): string {
  let t = text;
  for (const m of muts) {
    const n = t.length;
    const at = n === 0 ? 0 : m.at % (n + 1);
    const lines = t.split('\n');
    const li = m.at % Math.max(1, lines.length);
    switch (m.op) {
      case 'delChar':
        t = t.slice(0, at) + t.slice(at + 1);
        break;
      case 'insChar':
        t = t.slice(0, at) + (m.tok[0] ?? 'x') + t.slice(at);
        break;
      case 'dupChar':
        t = t.slice(0, at) + t.slice(at, at + 1) + t.slice(at);
        break;
      case 'delRange':
        t = t.slice(0, at) + t.slice(at + m.len);
        break;
      case 'dupRange':
        t = t.slice(0, at + m.len) + t.slice(at, at + m.len) + t.slice(at + m.len);
        break;
      case 'delLine':
        lines.splice(li, 1);
        t = lines.join('\n');
        break;
      case 'dupLine':
        lines.splice(li, 0, lines[li] ?? '');
        t = lines.join('\n');
        break;
      case 'swapLines': {
        const lj = (li + m.len) % Math.max(1, lines.length);
        [lines[li], lines[lj]] = [lines[lj], lines[li]];
        t = lines.join('\n');
        break;
      }
      case 'insToken':
        t = t.slice(0, at) + m.tok + t.slice(at);
        break;
      case 'truncate':
        t = t.slice(0, at);
        break;
      case 'indent':
        lines[li] = ' '.repeat(m.len % 9) + (lines[li] ?? '');
        t = lines.join('\n');
        break;
      case 'dedent':
        lines[li] = (lines[li] ?? '').replace(/^\s{1,4}/, '');
        t = lines.join('\n');
        break;
    }
  }
  return t;
}


// ───────────────────────────── known bugs ─────────────────────────────
// Each has a skipped regression test in known-bugs.test.ts; the properties tolerate exactly
// these shapes so they keep guarding everything else. Remove an entry once its bug is fixed.

/** BUG-REGISTER-ALIAS: the register reader throws on an alias whose anchor is missing (`a: *b`). */
export function isRegisterAliasThrow(kind: string, e: unknown): boolean {
  return kind === 'register' && e instanceof Error && /Unresolved alias/.test(e.message);
}

/** BUG-XML-CHARREF: the manifest XML reader throws a RangeError on `&#x110000;`. */
function isXmlCharRef(v: string, text: string | undefined): boolean {
  if (!/internal\/parse-manifest: .*RangeError/.test(v) || text === undefined) return false;
  for (const m of text.matchAll(/&#(?:x([0-9a-f]+)|(\d+));/gi)) {
    const n = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2], 10);
    if (!(n <= 0x10ffff)) return true;
  }
  return false;
}

/** Drops the violations a known bug explains for this file. */
export function withoutKnown(violations: string[], path: string, text: string | undefined): string[] {
  return violations.filter((v) => !isXmlCharRef(v, text));
}

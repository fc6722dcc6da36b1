/**
 * Small text helpers shared by the code, manifest and repository parsers: offsets to
 * positions, content checks (binary, non-UTF-8, minified), path helpers and the folders
 * a scan never reads. `ProblemSink` (the bound on problems per file) also serves the
 * register, Power Platform and Salesforce readers.
 */
import type { ParseProblem, Range } from '../../model';

export { lineStarts } from '../../lines';
export { SharedLineMap as PositionMap } from '../position';

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function problem(file: string, code: string, message: string, severity: ParseProblem['severity'] = 'info', range: Range = ZERO_RANGE): ParseProblem {
  return { file, range, severity, code, message };
}

/** Problems one reader lists for a file; past them, one last problem counts the rest. */
export const MAX_READER_PROBLEMS = 100;

/** The message of a problem that counts left-out problems (this sink's, the YAML and Terraform readers'). */
const LEFT_OUT = /^(\d+) more (?:YAML )?problems? in this file (?:is|are) not listed/;

/**
 * The problems of one file, bounded. The first `limit` are listed; later ones are only counted
 * (a problem given as a function is then not even built), and `close()` appends one last
 * problem that says how many were left out, where the first of them was. A file broken on
 * every line thus costs at most `limit` problems, however long it is. Problems pushed into
 * the list directly count too: `close()` trims them to the limit.
 */
export class ProblemSink {
  private left = 0;
  private first: ParseProblem | undefined;
  constructor(
    readonly file: string,
    readonly list: ParseProblem[],
    readonly limit = MAX_READER_PROBLEMS,
  ) {}

  add(p: ParseProblem | (() => ParseProblem)): void {
    if (this.list.length < this.limit) this.list.push(typeof p === 'function' ? p() : p);
    else this.skip(1, p);
  }

  /** Lists at most `cap` of `items` (the first ones), counting the others as left out. */
  addSome<T>(items: readonly T[], cap: number, make: (item: T) => ParseProblem): void {
    const n = Math.min(items.length, cap);
    for (let k = 0; k < n; k++) this.add(() => make(items[k]));
    if (items.length > n) this.skip(items.length - n, () => make(items[n]));
  }

  /** Counts `n` problems that are not listed; `p` is the first of them. */
  skip(n: number, p: ParseProblem | (() => ParseProblem)): void {
    if (n <= 0) return;
    if (this.left === 0 && !this.first) this.first = typeof p === 'function' ? p() : p;
    this.left += n;
  }

  /** Trims the list to the limit and appends the problem that counts what was left out. Call once, last. */
  close(): void {
    if (this.list.length > this.limit) {
      const extra = this.list.splice(this.limit);
      this.first ??= extra[0];
      // A problem that already counts left-out ones (the YAML reader's own summary) stands for them all.
      for (const p of extra) this.left += Number(LEFT_OUT.exec(p.message)?.[1] ?? 1);
    }
    if (this.left === 0 || !this.first) return;
    const f = this.first;
    const at = f.file === this.file ? f.range.start : ZERO_RANGE.start;
    const n = this.left;
    this.list.push({
      file: this.file,
      range: { start: at, end: at },
      severity: f.severity,
      code: f.code,
      message: `${n} more problem${n === 1 ? '' : 's'} in this file ${n === 1 ? 'is' : 'are'} not listed; fix the first ones and scan again.`,
    });
    this.left = 0;
    this.first = undefined;
  }
}

/**
 * Deepest `[` / `{` nesting the YAML readers of these folders hand to the `yaml` library. It
 * recurses once per level, and near the end of the stack V8 can abort the whole process
 * (a fatal "RegExpCompiler Allocation failed" instead of a RangeError): 1 000 lines of `{`,
 * parsed twice in one process, did. Real files nest a few levels.
 */
export const MAX_YAML_FLOW_DEPTH = 100;

/**
 * Offset of the first `[` or `{` nested more than `limit` deep, or -1. Brackets in strings and
 * comments count too (an over-approximation), so only a text with more than `limit` unclosed
 * brackets is refused.
 */
export function flowDepthBeyond(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return -1;
}

/**
 * Runs `fn` with error stack traces off. The `yaml` library builds an Error for every syntax
 * error, deep in its recursion; where the host keeps long traces (mocha sets
 * `Error.stackTraceLimit` to Infinity, editors keep about 100) each one copies that deep stack,
 * and a file broken on every line cost time quadratic in its length (a 13 KB register 2 s,
 * 26 KB 10 s). The readers use only the errors' messages and offsets.
 */
export function withoutStackTraces<T>(fn: () => T): T {
  const E = Error as { stackTraceLimit?: number };
  const saved = E.stackTraceLimit;
  if (typeof saved !== 'number') return fn();
  E.stackTraceLimit = 0;
  try {
    return fn();
  } finally {
    E.stackTraceLimit = saved;
  }
}

/**
 * Why a file cannot be read as source text, or undefined when it can.
 * NUL characters mean binary content; U+FFFD means the bytes were not valid UTF-8.
 */
export function unreadable(file: string, text: string | undefined, bytes?: Uint8Array): { text?: string; problem?: ParseProblem } {
  let t = text;
  if (t === undefined && bytes) {
    try {
      t = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { problem: problem(file, 'parse/not-utf8', 'The file is not valid UTF-8 text, so it was not read.') };
    }
  }
  if (t === undefined) return { problem: problem(file, 'parse/no-text', 'The file has no text content to read.') };
  if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
  const head = t.length > 65536 ? t.slice(0, 65536) : t;
  if (head.includes('\u0000')) return { problem: problem(file, 'parse/binary', 'The file holds binary content, so it was not read as source.') };
  // A replacement character in text is not proof of a bad encoding (a comment may hold one);
  // the project decodes bytes and reports invalid UTF-8 itself, so the text is read as given.
  return { text: t };
}

/** Minified or generated bundles: a few very long lines. Checked without splitting the text. */
export function looksMinified(path: string, text: string): boolean {
  if (/\.min\.(c|m)?js$/i.test(path)) return true;
  if (text.length > 1_000_000) return true;
  let longest = 0;
  let lines = 1;
  let last = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i - last > longest) longest = i - last;
    last = i + 1;
    lines++;
    if (longest > 10_000) return true;
  }
  if (text.length - last > longest) longest = text.length - last;
  if (longest > 10_000) return true;
  return text.length > 50_000 && text.length / lines > 500;
}

const IGNORED_SEGMENTS = new Set(['node_modules', 'venv', '.venv', 'site-packages', 'vendor', 'dist', 'build', '__pycache__', '.git', '.tox', '.mypy_cache']);

/** Whether a path lies in a folder the scan never reads (dependencies, build output). */
export function inIgnoredFolder(path: string): boolean {
  let start = 0;
  for (;;) {
    const slash = path.indexOf('/', start);
    if (slash === -1) return false;
    if (IGNORED_SEGMENTS.has(path.slice(start, slash))) return true;
    start = slash + 1;
  }
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? path : path.slice(i + 1);
}

/** Folder of a path; `.` for a top-level file. */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '.' : path.slice(0, i);
}

export function parentDir(dir: string): string | undefined {
  if (dir === '.' || dir === '') return undefined;
  const i = dir.lastIndexOf('/');
  return i === -1 ? '.' : dir.slice(0, i);
}

export function joinPath(dir: string, name: string): string {
  return dir === '.' || dir === '' ? name : `${dir}/${name}`;
}

/** Whether `path` lies in folder `dir` (any depth). `.` holds everything. */
export function isUnder(path: string, dir: string): boolean {
  return dir === '.' || path === dir || path.startsWith(dir + '/');
}

/** Makes addresses unique within one file: `import openai`, `import openai (2)`. */
export class AddressBook {
  private readonly seen = new Map<string, number>();
  take(address: string): string {
    const n = (this.seen.get(address) ?? 0) + 1;
    this.seen.set(address, n);
    return n === 1 ? address : `${address} (${n})`;
  }
}

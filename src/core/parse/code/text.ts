/**
 * Small text helpers shared by the code, manifest and repository parsers: offsets to
 * positions, content checks (binary, non-UTF-8, minified), path helpers and the folders
 * a scan never reads.
 */
import type { ParseProblem, Range } from '../../model';

export { lineStarts, LineMap as PositionMap } from '../../lines';

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function problem(file: string, code: string, message: string, severity: ParseProblem['severity'] = 'info', range: Range = ZERO_RANGE): ParseProblem {
  return { file, range, severity, code, message };
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

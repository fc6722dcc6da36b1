/**
 * Offsets → 0-based line / character positions, and small helpers shared by the readers of
 * this folder (JSON, XML, Agent Script). Characters are UTF-16 code units, like the core.
 */
import type { Range } from '../../model';
import type { LineMap } from '../../lines';

export { SharedLineMap as LineIndex } from '../position';

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * The character at `offset` as a range, for a syntax error found there; an empty range where
 * there is no character on the line (at a line break or at the end of the text), so the range
 * never ends past the text (an empty file's error is 0:0–0:0, not 0:0–0:1).
 */
export function charRange(lines: LineMap, offset: number): Range {
  const t = lines.text;
  const o = Math.max(0, Math.min(offset, t.length));
  const c = t.charCodeAt(o);
  return lines.range(o, o < t.length && c !== 10 && c !== 13 ? o + 1 : o);
}

/** Drops a UTF-8 byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** POSIX dirname ('' for a top-level path). */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

export function joinPath(dir: string, rel: string): string {
  return dir === '' ? rel : `${dir}/${rel}`;
}

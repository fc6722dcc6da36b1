/**
 * Offsets → 0-based line / character positions, and small helpers shared by the readers of
 * this folder (JSON, XML, Agent Script). Characters are UTF-16 code units, like the core.
 */
import type { Range } from '../../model';

export { LineMap as LineIndex } from '../../lines';

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

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

/**
 * Offsets → 0-based line / character positions (UTF-16 code units, like the core's ranges).
 * Line breaks are LF, CRLF and lone CR. One implementation for every reader that scans text
 * itself (code, manifests, Power Platform JSON/XML, the register).
 */
import type { Position, Range } from './model';

/** Offsets of the first character of every line. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Converts offsets of one text to 0-based positions. */
export class LineMap {
  private readonly starts: number[];
  constructor(readonly text: string) {
    this.starts = lineStarts(text);
  }
  get lineCount(): number {
    return this.starts.length;
  }
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
  /** Column of an offset (characters since the start of its line). */
  column(offset: number): number {
    return this.position(offset).character;
  }
  /** Range of the whole text. */
  whole(): Range {
    return this.range(0, this.text.length);
  }
  /** Range of the first non-empty line (a header for whole-file facts). */
  firstLine(): Range {
    const nl = this.text.search(/\r?\n|\r/);
    return this.range(0, nl < 0 ? this.text.length : nl);
  }
}


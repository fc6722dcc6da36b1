/**
 * Shared, frozen `Position` objects. A scan holds hundreds of thousands of ranges (every fact,
 * every attribute path of `attributeRanges`), and their positions repeat across files: the
 * 10,000-file bench corpus has 389,000 positions but only 11,000 distinct (line, character)
 * pairs. One object per pair instead of one per use saves about 40 bytes a position (15 MB of
 * the 10,000-file scan's retained heap).
 *
 * The objects are frozen: code that moves a range must make a new position (a change in place
 * would move every range that shares it, so it throws instead of corrupting them).
 */
import { LineMap } from '../lines';
import type { Position, Range } from '../model';

/** Positions past these are not pooled (a minified file's columns, a very long file). */
const MAX_LINE = 1 << 16;
const MAX_CHARACTER = 1 << 10;
/**
 * The pool is process-wide and never shrinks by itself: past this many positions it starts
 * again (positions already handed out stay valid, they are only no longer shared with new ones).
 */
const MAX_POOLED = 1 << 18;

let rows: (Position | undefined)[][] = [];
let pooled = 0;

/** The shared position for (line, character); a fresh one outside the pooled area. */
export function position(line: number, character: number): Position {
  if (line >= 0 && line < MAX_LINE && character >= 0 && character < MAX_CHARACTER && (line | 0) === line && (character | 0) === character) {
    let row = rows[line];
    if (row === undefined) {
      // Filled in order so that the outer array stays packed (holes make it a dictionary).
      while (rows.length <= line) rows.push([]);
      row = rows[line];
    }
    let p = row[character];
    if (p === undefined) {
      if (pooled >= MAX_POOLED) {
        rows = [];
        pooled = 0;
        return position(line, character);
      }
      p = Object.freeze({ line, character });
      while (row.length < character) row.push(undefined);
      row[character] = p;
      pooled++;
    }
    return p;
  }
  return { line, character };
}

/** A range whose ends are shared positions. */
export function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: position(startLine, startCharacter), end: position(endLine, endCharacter) };
}

/** The shared version of a position (itself when it is one already). */
export function shared(p: Position): Position {
  return Object.isFrozen(p) ? p : position(p.line, p.character);
}

/** A `LineMap` whose positions (and so ranges) are the shared ones. */
export class SharedLineMap extends LineMap {
  override position(offset: number): Position {
    const p = super.position(offset);
    return position(p.line, p.character);
  }
}

/** For tests: how many positions the pool holds. */
export function pooledPositions(): number {
  return pooled;
}

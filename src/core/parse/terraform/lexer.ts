/**
 * A small HCL pre-scanner. It does not build a tree; it walks the text once, aware of
 * comments, quoted strings (with `${…}` / `%{…}` nesting) and heredocs, and reports:
 * - the lines where a top-level block header starts at column 0 (used to cut a broken file
 *   into independently parsed segments, so one bad block cannot swallow the rest), and
 * - quoted strings left open at the end of their line (HCL does not allow a newline in a
 *   quoted string, but the tree-sitter grammar does, so it would silently eat what follows),
 * - where `{` / `[` / `(` nesting in code first goes deeper than `maxDepth` (tree-sitter's
 *   HCL parser is quadratic in nesting depth, and the readers recurse over the tree).
 */
import type { Position } from '../../model';

export interface LexResult {
  /** 0-based line numbers of top-level block headers, ascending. */
  headerLines: number[];
  /** Start of each quoted string that reaches the end of its line unclosed. */
  unclosedStrings: Position[];
  /** Start of an unterminated block comment, if any. */
  unclosedComment?: Position;
  /** Heredocs that never find their closing marker. */
  unclosedHeredocs: { start: Position; marker: string }[];
  /** Where bracket nesting first went deeper than the limit, if it did. */
  tooDeep?: Position;
}

/** Deepest `{` / `[` / `(` nesting `lex` accepts by default. */
export const MAX_HCL_DEPTH = 256;

const HEADER = /^(resource|data|module|variable|output|provider|locals|terraform|moved|import|check|removed)(?=[\s{"])/;

type Frame = { kind: 'string'; start: Position } | { kind: 'interp'; depth: number };

export function lex(text: string, maxDepth = MAX_HCL_DEPTH): LexResult {
  const headerLines: number[] = [];
  let nest = 0;
  let tooDeep: Position | undefined;
  const unclosedStrings: Position[] = [];
  const unclosedHeredocs: { start: Position; marker: string }[] = [];
  let unclosedComment: Position | undefined;
  const stack: Frame[] = [];
  let frame: Frame | undefined;
  let line = 0;
  let col = 0;
  let i = 0;
  const n = text.length;
  let atLineStart = true;

  while (i < n) {
    const ch = text.charCodeAt(i);

    if (atLineStart && frame === undefined) {
      // column 0, outside every string / comment / heredoc: a header starts with a letter
      const c = ch | 0x20;
      if (c >= 0x61 && c <= 0x7a) {
        const end = text.indexOf('\n', i);
        const lineText = text.slice(i, end < 0 ? n : end);
        if (HEADER.test(lineText)) headerLines.push(line);
      }
    }
    atLineStart = false;

    if (frame !== undefined && frame.kind === 'string') {
      if (ch === 92 /* \\ */) {
        i += 2;
        col += 2;
        continue;
      }
      if (ch === 34 /* " */) {
        stack.pop();
        frame = stack[stack.length - 1];
        i++;
        col++;
        continue;
      }
      if ((ch === 36 || ch === 37) /* $ % */ && text.charCodeAt(i + 1) === 123) {
        if (text.charCodeAt(i - 1) === ch) {
          // `$${` / `%%{` escape
          i += 2;
          col += 2;
          continue;
        }
        frame = { kind: 'interp', depth: 0 };
        stack.push(frame);
        i += 2;
        col += 2;
        continue;
      }
      if (ch === 10 || ch === 13) {
        unclosedStrings.push(frame.start);
        stack.pop();
        frame = stack[stack.length - 1];
        // unwind to the enclosing string's interpolation, or to the top
        continue;
      }
      i++;
      col++;
      continue;
    }

    // normal code (top level or inside an interpolation)
    switch (ch) {
      case 10: // \n
        i++;
        line++;
        col = 0;
        atLineStart = true;
        continue;
      case 35: // #
        i = skipLine(i);
        continue;
      case 47: {
        // /
        const d = text.charCodeAt(i + 1);
        if (d === 47) {
          i = skipLine(i);
          continue;
        }
        if (d === 42) {
          const start = { line, character: col };
          const end = text.indexOf('*/', i + 2);
          const stop = end < 0 ? n : end + 2;
          if (end < 0) unclosedComment = start;
          advance(i, stop);
          i = stop;
          continue;
        }
        break;
      }
      case 34: // "
        frame = { kind: 'string', start: { line, character: col } };
        stack.push(frame);
        i++;
        col++;
        continue;
      case 60: // <
        if (text.charCodeAt(i + 1) === 60) {
          const m = /^<<(-?)([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
          if (m) {
            const start = { line, character: col };
            const marker = m[2];
            let j = i + m[0].length;
            line++;
            col = 0;
            let closed = false;
            while (j < n) {
              const e = text.indexOf('\n', j);
              const stop = e < 0 ? n : e;
              const lt = text.slice(j, stop).replace(/\r$/, '').trim();
              if (lt === marker) {
                col = stop - j;
                j = stop;
                closed = true;
                break;
              }
              if (e < 0) {
                j = n;
                break;
              }
              j = e + 1;
              line++;
            }
            if (!closed) unclosedHeredocs.push({ start, marker });
            i = j;
            continue;
          }
        }
        break;
      case 123: // {
      case 91: // [
      case 40: // (
        if (++nest > maxDepth && !tooDeep) tooDeep = { line, character: col };
        if (ch === 123 && frame !== undefined && frame.kind === 'interp') frame.depth++;
        break;
      case 125: // }
      case 93: // ]
      case 41: // )
        if (nest > 0 && !(ch === 125 && frame !== undefined && frame.kind === 'interp' && frame.depth === 0)) nest--;
        if (ch === 125 && frame !== undefined && frame.kind === 'interp') {
          if (frame.depth === 0) {
            stack.pop();
            frame = stack[stack.length - 1];
          } else frame.depth--;
        }
        break;
    }
    i++;
    col++;
  }
  for (const f of stack) if (f.kind === 'string') unclosedStrings.push(f.start);
  return { headerLines, unclosedStrings, unclosedComment, unclosedHeredocs, tooDeep };

  function skipLine(from: number): number {
    const end = text.indexOf('\n', from);
    const stop = end < 0 ? n : end;
    col += stop - from;
    return stop;
  }

  function advance(from: number, to: number): void {
    for (let k = from; k < to; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        col = 0;
      } else col++;
    }
  }
}

/**
 * Text edits for Terraform fix builders, computed from a fact's ranges and the file text.
 * They keep the file's indentation and line endings (CRLF stays CRLF). HCL files only for
 * `insertInBlock` / `appendBlock`; `replaceAttribute` also works on `.tf.json` members.
 */
import type { Fact, Position, Range, TextEdit } from '../../model';
import { position } from '../position';
import { LineIndex } from './parse';

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The indentation step the file uses (`\t`, two or four spaces …); two spaces if none is seen. */
export function indentUnitOf(text: string): string {
  // Walks the text in place: fix builders call this for every finding of a file, and
  // splitting the whole file into lines each time showed in the bench's evaluation.
  let min = Infinity;
  for (let start = 0; ; ) {
    let i = start;
    while (text[i] === ' ' || text[i] === '\t') i++;
    // An indented line with something on it (as /^([ \t]+)\S/ on each line).
    if (i > start && i < text.length && NON_SPACE.test(text[i])) {
      if (text[start] === '\t') return '\t';
      min = Math.min(min, i - start);
    }
    const nl = text.indexOf('\n', i);
    if (nl < 0) break;
    start = nl + 1;
  }
  return isFinite(min) && min > 0 && min <= 8 ? ' '.repeat(min) : '  ';
}

const NON_SPACE = /\S/;

/** The position just past the end of the text (what `new LineIndex(text).position(text.length)` gives). */
function endPosition(text: string): Position {
  let line = 0;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return position(line, text.length - lineStart);
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

function splitLines(lines: string[]): string[] {
  return lines.flatMap((l) => l.split(/\r?\n/));
}

/**
 * Inserts lines at the end of the fact's block (`blockPath` undefined) or of one of its nested
 * blocks (`data_capture_config`, `vpc_config.1`), before the closing brace, indented one step
 * deeper than the block header. Lines may carry their own relative indentation.
 */
export function insertInBlock(fact: Fact, blockPath: string | undefined, lines: string[], text: string): TextEdit | undefined {
  const range: Range | undefined = blockPath === undefined ? fact.range : fact.attributeRanges?.[blockPath];
  if (!range) return undefined;
  const li = new LineIndex(text);
  let close = li.offset(range.end) - 1;
  while (close > 0 && /\s/.test(text[close])) close--;
  if (text[close] !== '}') return undefined;
  const open = findOpenBrace(text, li.offset(range.start), close);
  if (open < 0) return undefined;
  const eol = eolOf(text);
  const unit = indentUnitOf(text);
  const headerIndent = indentOf(li.lineText(range.start.line));
  const closePos = li.position(close);
  const openPos = li.position(open);
  let childIndent = headerIndent + unit;
  for (let l = openPos.line + 1; l < closePos.line; l++) {
    const lt = li.lineText(l);
    if (lt.trim()) {
      const ind = indentOf(lt);
      if (ind.length > headerIndent.length) childIndent = ind;
      break;
    }
  }
  const body = splitLines(lines).map((l) => (l.trim() ? childIndent + l : ''));
  const closeLineText = li.lineText(closePos.line);
  const onlyBraceLine = closeLineText.slice(0, closePos.character).trim() === '' && closePos.line > openPos.line;
  if (onlyBraceLine) {
    const at = { line: closePos.line, character: 0 };
    return { file: fact.file, range: { start: at, end: at }, newText: body.join(eol) + eol };
  }
  if (openPos.line === closePos.line) {
    // single-line block `x { a = 1 }` or `x {}`: open it up
    const inner = text.slice(open + 1, close).trim();
    const parts = [...(inner ? [childIndent + inner] : []), ...body];
    return {
      file: fact.file,
      range: { start: li.position(open + 1), end: closePos },
      newText: eol + parts.join(eol) + eol + headerIndent,
    };
  }
  // `}` after content on its last line
  let k = close;
  while (k > 0 && (text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
  const at = li.position(k);
  return { file: fact.file, range: { start: at, end: closePos }, newText: eol + body.join(eol) + eol + headerIndent };
}

function findOpenBrace(text: string, from: number, to: number): number {
  // the first `{` of the block header that is not inside a quoted label
  let inStr = false;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === '{') return i;
    else if (c === '\n' && i > from) {
      // header spans lines only in odd formatting; keep looking
    }
  }
  return -1;
}

/** Replaces the value of an attribute (`kms_key_arn`, `data_capture_config.enable_capture`). */
export function replaceAttribute(fact: Fact, path: string, newValueText: string, text: string): TextEdit | undefined {
  const range = fact.attributeRanges?.[path];
  if (!range) return undefined;
  const li = new LineIndex(text);
  let i = li.offset(range.start);
  const end = li.offset(range.end);
  if (text[i] === '"') {
    i++;
    while (i < end && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  } else {
    while (i < end && /[\w-]/.test(text[i])) i++;
  }
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] !== '=' && text[i] !== ':') return undefined;
  i++;
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  return { file: fact.file, range: { start: li.position(i), end: range.end }, newText: newValueText };
}

/** Appends a new top-level block at the end of the file, separated by one blank line. */
export function appendBlock(file: string, text: string, hclText: string): TextEdit {
  // Called for every finding whose fix adds a block, so nothing here goes over the whole
  // text more than once (no line index, no trimmed copy, no anchored-at-the-end regex, which
  // V8 tries from every offset of the file).
  const eol = eolOf(text);
  const end = endPosition(text);
  const block = hclText.replace(/\r?\n/g, eol).replace(/(\r?\n)+$/, '') + eol;
  if (!NON_SPACE.test(text)) return { file, range: { start: { line: 0, character: 0 }, end }, newText: block };
  // The line breaks (LF or CRLF) the text ends with.
  let newlines = 0;
  for (let i = text.length; text[i - 1] === '\n'; newlines++) i -= text[i - 2] === '\r' ? 2 : 1;
  const prefix = newlines === 0 ? eol + eol : newlines === 1 ? eol : '';
  return { file, range: { start: end, end }, newText: prefix + block };
}

/** Applies edits to a text (for tests and previews); edits must not overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const li = new LineIndex(text);
  const sorted = [...edits].sort((a, b) => li.offset(b.range.start) - li.offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, li.offset(e.range.start)) + e.newText + out.slice(li.offset(e.range.end));
  return out;
}

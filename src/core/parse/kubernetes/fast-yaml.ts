/**
 * A fast reader for the plain block YAML that almost every manifest is written in. For a text
 * in the subset below it gives exactly what `readYamlDocuments` (yaml-util.ts) gives — the
 * same values, ranges and value ranges by dot path (in the same order), document offsets and
 * value-hook calls — and `undefined` for any other text, which the caller then reads with
 * `readYamlDocuments` (the `yaml` library). It never guesses: outside the subset it gives up.
 * It is about ten times faster than parsing a syntax tree and converting it.
 *
 * The subset (one pass over the lines; no tokens, no tree):
 * - LF or CRLF line breaks; no tabs, lone CR, BOM or other control characters anywhere;
 * - documents separated by `---` lines (a comment may follow the marker); no directives, no
 *   `...`;
 * - block mappings and block sequences (compact `- key: value` items, sequences at their
 *   key's column), the root of each document being one of them;
 * - keys: plain, or quoted on one line, directly followed by `:`; no duplicates, no `<<`
 *   merge keys, no `__proto__`, none over 1000 characters;
 * - values on the key's (or dash's) line: plain scalars (typed by the YAML 1.2 core schema as
 *   `yaml` types them), single- or double-quoted scalars without escapes, one-line flow
 *   sequences of such scalars, `{}`;
 * - comments anywhere a comment may stand.
 * Everything else is left to `yaml`: anchors, aliases, tags, block scalars (`|`, `>`),
 * multi-line scalars, escapes, flow mappings with content, JSON, and every YAML error.
 *
 * Ranges follow the `yaml` library's rules (see `comment`, `close` and `resolveEmpty`): a
 * collection ends where its last value's node ends; a node's end takes in its line's comment,
 * the comment lines after it indented deeper than its collection, and comment lines left at
 * the end of a nested collection; an empty value takes in the comments after it. The tests
 * compare this reader with `readYamlDocuments` on every fixture and on generated and randomly
 * edited manifests.
 */
import { Scalar } from 'yaml';
import type { FactObject, FactValue, Range } from '../../model';
import { readYamlDocuments } from '../yaml-util';
import { position } from '../position';
import type { ValueHookContext, YamlDocument, YamlReadOptions, YamlReadResult } from '../yaml-util';

/** Deepest nesting read here; deeper documents go to `readYamlDocuments` (its limit is 200). */
const MAX_DEPTH = 100;
/** Longest implicit key read here (`yaml` refuses keys over 1024 characters). */
const MAX_KEY = 1000;

class Bail extends Error {}
/** Thrown (one shared object, no stack trace) when the text leaves the subset. */
const BAIL = new Bail('outside the fast YAML subset');

type Hook = (ctx: ValueHookContext) => FactValue | undefined;

interface Frame {
  seq: boolean;
  indent: number;
  obj: FactObject;
  arr: FactValue[];
  path: string;
  /** Where the collection starts. */
  r0: number;
  /** Where the node of the last item ends (`yaml`'s `range[2]`). */
  lastEnd: number;
  /** The last value stood on its line (scalar or flow), so deeper comments right after it join it. */
  absorbing: boolean;
  /** Deepest column of the comment lines after the last value that did not join it; -1 when none. */
  trailingMax: number;
  /** Start and end of the key the collection is the value of (its own start for an item). */
  keyStart: number;
  keyEnd: number;
  /** Next sequence index. */
  count: number;
}

/** A line after an open value: blank, or a comment (deeper than the collection or not). */
interface After {
  comment: boolean;
  deep: boolean;
  /** Offset of the line's end (its line break, or the end of the text). */
  le: number;
}

/** A key or dash whose value is not known yet (`key:` / `-` at the end of its line). */
interface Pending {
  frame: Frame;
  path: string;
  /** The key, for a mapping pair; undefined for a sequence item. */
  key: string | undefined;
  keyStart: number;
  keyEnd: number;
  /** Where an empty value stands (after the indicator and the blanks after it). */
  emptyAt: number;
  /** A comment stood on the line, or (sequence item) in the lines before the dash. */
  comment: boolean;
  /** The blank and comment lines after it (made when there is one). */
  after: After[] | undefined;
}

/**
 * Reads a text in the subset (see the module comment) as `readYamlDocuments(text, file,
 * { valueHook })` would; undefined when the text is not in the subset.
 */
export function readYamlFast(text: string, file: string, valueHook?: Hook): YamlReadResult | undefined {
  void file;
  const n = text.length;
  const starts: number[] = [0];
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 32) {
      if (c === 10) starts.push(i + 1);
      else if (c !== 13 || text.charCodeAt(i + 1) !== 10) return undefined; // CRLF is a line break, a lone CR is not read here
    } else if (c >= 0x7f && (c <= 0x9f || c === 0xfeff || c >= 0xfffe || (c >= 0xd800 && c <= 0xdfff))) return undefined;
  }
  try {
    return new FastReader(text, starts, valueHook).read();
  } catch (err) {
    if (err instanceof Bail) return undefined;
    throw err;
  }
}

/**
 * `readYamlDocuments`, through the fast reader when the text allows it: the result is the
 * same either way.
 */
export function readYaml(text: string, file: string, options: YamlReadOptions = {}): YamlReadResult {
  if (options.maxAliasCount === undefined && options.maxAliasNodes === undefined && options.maxDepth === undefined) {
    const fast = readYamlFast(text, file, options.valueHook);
    if (fast) return fast;
  }
  return readYamlDocuments(text, file, options);
}

class FastReader {
  private readonly n: number;
  private readonly documents: YamlDocument[] = [];
  // The document being read:
  private stack: Frame[] = [];
  private pending: Pending | undefined;
  private ranges: Record<string, Range> = {};
  private valueRanges: Record<string, Range> = {};
  private root: Frame | undefined;
  private rootEnd = 0;
  /** Where an empty document's node stands (after its `---`); -1 without a marker. */
  private docEmptyAt = -1;
  /** The line being read, its start, and the start of the next one (after the line break). */
  private line = 0;
  private ls = 0;
  private next = 0;

  constructor(
    private readonly text: string,
    private readonly starts: number[],
    private readonly hook: Hook | undefined,
  ) {
    this.n = text.length;
  }

  read(): YamlReadResult {
    const text = this.text;
    const starts = this.starts;
    const lines = starts.length;
    let inDoc = false;
    for (let line = 0; line < lines; line++) {
      const ls = starts[line];
      this.line = line;
      this.ls = ls;
      // The line's end (its line break, LF or CRLF, or the end of the text) and the next line's start.
      let le = line + 1 < lines ? starts[line + 1] - 1 : this.n;
      if (le > ls && text.charCodeAt(le - 1) === 13) le--;
      this.next = line + 1 < lines ? starts[line + 1] : this.n;
      let i = ls;
      while (i < le && text.charCodeAt(i) === 32) i++;
      if (i === le) {
        const p = this.pending;
        if (p) (p.after ??= []).push({ comment: false, deep: false, le });
        continue;
      }
      const c = text.charCodeAt(i);
      if (i === ls) {
        // Column 0: document markers and directives.
        if (c === 45 && text.startsWith('---', i) && (i + 3 === le || text.charCodeAt(i + 3) === 32)) {
          let j = i + 3;
          while (j < le && text.charCodeAt(j) === 32) j++;
          if (j < le && text.charCodeAt(j) !== 35) throw BAIL; // content after `---`
          if (inDoc) this.endDocument(ls, true);
          inDoc = true;
          this.startDocument(j);
          continue;
        }
        if (c === 37) throw BAIL; // %
        if (c === 46 && text.startsWith('...', i) && (i + 3 === le || text.charCodeAt(i + 3) === 32)) throw BAIL;
      }
      if (c === 35) {
        this.comment(i - ls, le);
        continue;
      }
      if (!inDoc) {
        inDoc = true;
        this.startDocument(-1);
      }
      this.content(ls, i, le);
    }
    if (inDoc) this.endDocument(this.n, false);
    return { documents: this.documents, problems: [], positionAt: (o) => this.position(o) };
  }

  // ───────────────────────────── documents ─────────────────────────────

  private startDocument(emptyAt: number): void {
    this.stack = [];
    this.pending = undefined;
    this.ranges = {};
    this.valueRanges = {};
    this.root = undefined;
    this.docEmptyAt = emptyAt;
  }

  /** Ends the document; `at` is where the next marker (or the end of the text) is. */
  private endDocument(at: number, marker: boolean): void {
    // `yaml` takes a `---` at column 0 for a next item of a mapping at column 0 before it
    // sees that it ends the document.
    const p = this.pending;
    this.resolveEmpty(at, marker && p !== undefined && !p.frame.seq && p.frame.indent === 0);
    while (this.stack.length) this.close(at);
    let value: FactValue;
    let start: number;
    let end: number;
    if (this.root) {
      value = this.root.seq ? this.root.arr : this.root.obj;
      start = this.root.r0;
      end = this.rootEnd;
    } else {
      // `---` with nothing after it: an empty (null) document right after the marker.
      if (this.docEmptyAt < 0) throw BAIL;
      start = end = this.docEmptyAt;
      value = this.scalar('', this.emptyScalar(start, start, start), start);
    }
    const range = this.rangeOf(start, this.trimEnd(start, end));
    this.ranges[''] = range;
    this.valueRanges[''] = range;
    this.documents.push({
      index: this.documents.length,
      value,
      range,
      offsets: [start, end],
      ranges: this.ranges,
      valueRanges: this.valueRanges,
      hasErrors: false,
      refused: false,
      problems: [],
    });
  }

  // ───────────────────────────── lines ─────────────────────────────

  /** A comment line at `column`, ending at `le`. */
  private comment(column: number, le: number): void {
    const p = this.pending;
    if (p) {
      (p.after ??= []).push({ comment: true, deep: column > p.frame.indent, le });
      return;
    }
    const top = this.stack[this.stack.length - 1];
    if (!top) return; // before the root: part of the document's start
    // `yaml` joins a comment indented deeper than the collection to the value before it
    // (when only blank lines or other such comments came between): that node then ends after
    // the comment's line.
    if (top.absorbing && column > top.indent) {
      top.lastEnd = this.next;
      return;
    }
    top.absorbing = false;
    if (column > top.trailingMax) top.trailingMax = column;
  }

  /** A content line whose first non-blank character is at `i`. */
  private content(ls: number, i: number, le: number): void {
    const text = this.text;
    const column = i - ls;
    const dash = text.charCodeAt(i) === 45 && (i + 1 === le || text.charCodeAt(i + 1) === 32);

    // A value left open on an earlier line: a nested block, or nothing.
    const p = this.pending;
    if (p) {
      if (column > p.frame.indent || (dash && column === p.frame.indent && p.key !== undefined)) {
        this.pending = undefined;
        this.open(p, dash, column, i);
        this.item(i, le, column, ls, false);
        return;
      }
      // At the collection's column a mapping goes on with its next key; anything else closes it.
      this.resolveEmpty(i, column === p.frame.indent && !p.frame.seq && !dash);
    }

    if (!this.stack.length) {
      if (this.root) throw BAIL; // a second root node
      this.item(i, le, column, ls, false);
      return;
    }
    // Close the collections this line is outside of.
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (!top) throw BAIL; // a second root node
      if (column < top.indent || (top.seq && column === top.indent && !dash)) {
        this.close(i);
        continue;
      }
      if (column > top.indent) throw BAIL; // a continuation line or a bad indentation
      if (top.seq !== dash) throw BAIL;
      break;
    }
    // Comments left after the last value now belong to this item's start.
    const top = this.stack[this.stack.length - 1];
    const commented = top.trailingMax >= 0;
    top.trailingMax = -1;
    this.item(i, le, column, ls, commented);
  }

  /** Opens the nested collection that a pending value turned out to be. */
  private open(p: Pending, seq: boolean, column: number, i: number): void {
    if (this.stack.length >= MAX_DEPTH) throw BAIL;
    // A sequence item's range is its node's; a pair's runs from its key.
    const f = p.key !== undefined ? this.frame(seq, column, p.path, i, p.keyStart, p.keyEnd) : this.frame(seq, column, p.path, i, i, i);
    // Reserve the paths now, so their order is the order yaml-util records them in.
    this.ranges[p.path] = PLACEHOLDER;
    this.valueRanges[p.path] = PLACEHOLDER;
    const v = seq ? f.arr : f.obj;
    if (p.key !== undefined) p.frame.obj[p.key] = v;
    else p.frame.arr.push(v);
    this.stack.push(f);
  }

  private frame(seq: boolean, indent: number, path: string, r0: number, keyStart: number, keyEnd: number): Frame {
    return {
      seq,
      indent,
      obj: seq ? EMPTY_OBJ : {},
      arr: seq ? [] : EMPTY_ARR,
      path,
      r0,
      lastEnd: r0,
      absorbing: false,
      trailingMax: -1,
      keyStart,
      keyEnd,
      count: 0,
    };
  }

  /** Closes the innermost collection; `at` is where the content that closes it stands. */
  private close(at: number): void {
    const f = this.stack.pop();
    if (!f) return;
    const r1 = f.lastEnd;
    const parent = this.stack[this.stack.length - 1];
    // Comment lines after the last value (that did not join it) stay in the collection — so
    // its node ends where the closing content stands — when one of them is at least as deep
    // as the collection and the collection is indented; otherwise they move to the parent.
    let r2 = r1;
    if (f.trailingMax >= 0) {
      if (f.indent > 0 && f.trailingMax >= f.indent) r2 = at;
      else if (parent && f.trailingMax > parent.trailingMax) parent.trailingMax = f.trailingMax;
    }
    if (!parent) {
      this.rootEnd = r1;
      return;
    }
    this.ranges[f.path] = this.rangeOf(f.keyStart, this.trimEnd(f.keyStart, Math.max(f.keyEnd, r1)));
    this.valueRanges[f.path] = this.rangeOf(f.r0, this.trimEnd(f.r0, r1));
    parent.lastEnd = r2;
    parent.absorbing = false;
  }

  /**
   * The pending value is empty (null). `at` is where the content after it stands (or the next
   * marker, or the end of the text); `nextKey` when that content is the next key of the same
   * mapping. An empty node that has comments ends after them (`yaml` keeps them in the
   * pair's separator or the item's start); for a mapping followed by its next key, only up to
   * the line after the last comment deeper than the mapping (or after the key's own line).
   */
  private resolveEmpty(at: number, nextKey: boolean): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    const pos = p.emptyAt;
    let comment = p.comment;
    let end = at;
    const after = p.after ?? NO_LINES;
    if (p.key !== undefined && nextKey) {
      let reset = -1;
      for (let k = 0; k < after.length; k++) if (after[k].deep) reset = k;
      const last = reset + 1 < after.length ? reset + 1 : after.length - 1;
      if (reset + 1 < after.length) end = after[reset + 1].le;
      for (let k = 0; k <= last; k++) if (after[k].comment) comment = true;
    } else {
      for (const a of after) if (a.comment) comment = true;
    }
    const nodeEnd = comment ? end : pos;
    const value = this.scalar(p.path, this.emptyScalar(pos, pos, nodeEnd), pos);
    this.ranges[p.path] = p.key !== undefined ? this.rangeOf(p.keyStart, this.trimEnd(p.keyStart, Math.max(p.keyEnd, pos))) : this.rangeOf(pos, pos);
    this.valueRanges[p.path] = this.rangeOf(pos, pos);
    if (p.key !== undefined) p.frame.obj[p.key] = value;
    else p.frame.arr.push(value);
    p.frame.lastEnd = nodeEnd;
    p.frame.absorbing = false;
  }

  /**
   * The item that starts at `i` in the innermost collection (or the document's root):
   * `key: …` or `- …`, with its value when it stands on this line. `commented`: comment lines
   * came right before it.
   */
  private item(i: number, le: number, column: number, ls: number, commented: boolean): void {
    const text = this.text;
    let top = this.stack[this.stack.length - 1];
    if (!top) {
      const dash = text.charCodeAt(i) === 45 && (i + 1 === le || text.charCodeAt(i + 1) === 32);
      top = this.frame(dash, column, '', i, i, i);
      this.root = top;
      this.stack.push(top);
    }
    for (;;) {
      if (top.seq) {
        // `-`, blanks, then the item's content (or nothing).
        let j = i + 1;
        while (j < le && text.charCodeAt(j) === 32) j++;
        const path = top.path ? `${top.path}.${top.count}` : String(top.count);
        top.count++;
        if (j === le || text.charCodeAt(j) === 35) {
          // An empty item's node also takes in the comments of its start (before the dash).
          this.pending = { frame: top, path, key: undefined, keyStart: i, keyEnd: i, emptyAt: j, comment: j < le || commented, after: undefined };
          top.absorbing = false;
          return;
        }
        const c = text.charCodeAt(j);
        if (c === 45 && (j + 1 === le || text.charCodeAt(j + 1) === 32)) throw BAIL; // `- - x`
        // `- key: value`: a mapping at the key's column.
        if (this.keyEnd(j, le) >= 0) {
          if (this.stack.length >= MAX_DEPTH) throw BAIL;
          const f = this.frame(false, j - ls, path, j, j, j);
          this.ranges[path] = PLACEHOLDER;
          this.valueRanges[path] = PLACEHOLDER;
          top.arr.push(f.obj);
          this.stack.push(f);
          top = f;
          i = j;
          continue;
        }
        const v = this.lineValue(j, le, path);
        // A value on this line: its positions are on this line (the item's range is its value's).
        const r = this.lineRange(j, this.trimEnd(j, v.end));
        this.ranges[path] = r;
        this.valueRanges[path] = { start: r.start, end: r.end };
        if (v.spans) this.recordItems(path, v.spans);
        top.arr.push(v.value);
        top.lastEnd = v.nodeEnd;
        top.absorbing = true;
        return;
      }
      // A mapping pair.
      const colon = this.keyEnd(i, le);
      if (colon < 0) throw BAIL;
      const key = this.key(i, colon);
      if (key === '<<' || key === '__proto__' || Object.prototype.hasOwnProperty.call(top.obj, key)) throw BAIL; // duplicates, merges
      const path = top.path ? `${top.path}.${key}` : key;
      let j = colon + 1;
      while (j < le && text.charCodeAt(j) === 32) j++;
      if (j === le || text.charCodeAt(j) === 35) {
        this.pending = { frame: top, path, key, keyStart: i, keyEnd: colon, emptyAt: j, comment: j < le, after: undefined };
        top.absorbing = false;
        return;
      }
      const v = this.lineValue(j, le, path);
      // On this line; the pair's end and its value's differ only for a value of white space (U+00A0 …).
      const ve = this.trimEnd(j, v.end);
      const end = this.at(ve);
      this.ranges[path] = { start: this.at(i), end: ve > j ? end : this.at(this.trimEnd(i, ve)) };
      this.valueRanges[path] = { start: this.at(j), end };
      if (v.spans) this.recordItems(path, v.spans);
      top.obj[key] = v.value;
      top.lastEnd = v.nodeEnd;
      top.absorbing = true;
      return;
    }
  }

  /**
   * When the line from `i` is `key:` (a plain or quoted key, then `:` followed by a blank or
   * the end of the line), the offset of that `:`; -1 when it is not a key. Throws for what the
   * subset does not read.
   */
  private keyEnd(i: number, le: number): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      const close = this.quoteEnd(i, le);
      if (close < 0) throw BAIL;
      if (close + 1 < le && text.charCodeAt(close + 1) === 58 && (close + 2 === le || text.charCodeAt(close + 2) === 32)) return close + 1;
      return -1;
    }
    if (c === 91 || c === 123) return -1; // a flow collection is a value (`[a]: b` fails after it)
    if (!plainFirst(text, i, le)) throw BAIL;
    for (let j = i; j < le; j++) {
      const d = text.charCodeAt(j);
      if (d === 58) {
        if (j + 1 === le || text.charCodeAt(j + 1) === 32) {
          if (text.charCodeAt(j - 1) === 32 || j - i > MAX_KEY) throw BAIL; // `key :`, long keys
          return j;
        }
      } else if (d === 35 && text.charCodeAt(j - 1) === 32) return -1;
    }
    return -1;
  }

  /** The key string of `text[i, colon)`, as yaml-util makes it. */
  private key(i: number, colon: number): string {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === 34) return text.slice(i + 1, colon - 1);
    if (c === 39) return text.slice(i + 1, colon - 1).replace(/''/g, "'");
    const v = plainValue(text.slice(i, colon));
    return v === null ? '' : String(v);
  }

  /** Offset of the closing quote of the quoted scalar at `i` on this line; -1 when none. */
  private quoteEnd(i: number, le: number): number {
    const text = this.text;
    const q = text.charCodeAt(i);
    for (let j = i + 1; j < le; j++) {
      const d = text.charCodeAt(j);
      if (q === 34) {
        if (d === 92) throw BAIL; // escapes are read by yaml
        if (d === 34) return j;
      } else if (d === 39) {
        if (j + 1 < le && text.charCodeAt(j + 1) === 39) j++;
        else return j;
      }
    }
    return -1;
  }

  /**
   * The value that stands on its line from `j` (a scalar or a one-line flow collection):
   * `end` is where its text ends, `nodeEnd` is after the line's blanks, comment and line break.
   */
  private lineValue(j: number, le: number, path: string): { value: FactValue; end: number; nodeEnd: number; spans?: [number, number][] } {
    const text = this.text;
    const c = text.charCodeAt(j);
    const nodeEnd = this.next;
    let end: number;
    let value: FactValue;
    let spans: [number, number][] | undefined;
    if (c === 34 || c === 39) {
      const close = this.quoteEnd(j, le);
      if (close < 0) throw BAIL;
      end = close + 1;
      const s = c === 34 ? text.slice(j + 1, close) : text.slice(j + 1, close).replace(/''/g, "'");
      value = this.hook ? this.scalar(path, this.quoted(s, c === 34, j, end, nodeEnd), j) : s;
    } else if (c === 91) {
      const items: FactValue[] = [];
      spans = [];
      end = this.flowSeq(j, le, path, items, spans);
      value = items;
    } else if (c === 123) {
      let k = j + 1;
      while (k < le && text.charCodeAt(k) === 32) k++;
      if (text.charCodeAt(k) !== 125) throw BAIL;
      end = k + 1;
      value = {};
    } else {
      if (!plainFirst(text, j, le)) throw BAIL;
      // Plain: up to ` #` or the end of the line, blanks trimmed. A `: ` inside (a nested
      // mapping, an error after a key) or a trailing `:` leaves the subset.
      end = le;
      for (let k = j; k < le; k++) {
        const d = text.charCodeAt(k);
        if (d === 58 && (k + 1 === le || text.charCodeAt(k + 1) === 32)) throw BAIL;
        if (d === 35 && text.charCodeAt(k - 1) === 32) {
          end = k;
          break;
        }
      }
      while (end > j && text.charCodeAt(end - 1) === 32) end--;
      const source = text.slice(j, end);
      const v = plainValue(source);
      value = this.hook ? this.scalar(path, this.plain(v, source, j, end, nodeEnd), j) : scalarValue(v);
      return { value, end, nodeEnd };
    }
    // After a quoted scalar or a flow collection: blanks, then a comment or the end of the line.
    let k = end;
    while (k < le && text.charCodeAt(k) === 32) k++;
    if (k < le && (text.charCodeAt(k) !== 35 || k === end)) throw BAIL;
    return { value, end, nodeEnd, spans };
  }

  /** Ranges of a flow sequence's items (after the sequence's own, as yaml-util records them). */
  private recordItems(path: string, spans: [number, number][]): void {
    for (let k = 0; k < spans.length; k++) {
      const [s, e] = spans[k];
      const child = path ? `${path}.${k}` : String(k);
      const r = this.lineRange(s, this.trimEnd(s, e));
      this.ranges[child] = r;
      this.valueRanges[child] = { start: r.start, end: r.end };
    }
  }

  /** A one-line flow sequence of scalars at `j`; returns the offset after its `]`. */
  private flowSeq(j: number, le: number, path: string, items: FactValue[], spans: [number, number][]): number {
    const text = this.text;
    let k = j + 1;
    while (k < le && text.charCodeAt(k) === 32) k++;
    if (text.charCodeAt(k) === 93) return k + 1;
    for (;;) {
      if (k >= le) throw BAIL;
      const c = text.charCodeAt(k);
      const child = path ? `${path}.${items.length}` : String(items.length);
      let e: number;
      if (c === 34 || c === 39) {
        const close = this.quoteEnd(k, le);
        if (close < 0) throw BAIL;
        e = close + 1;
        const s = c === 34 ? text.slice(k + 1, close) : text.slice(k + 1, close).replace(/''/g, "'");
        items.push(this.hook ? this.scalar(child, this.quoted(s, c === 34, k, e, e), k) : s);
      } else {
        if (!plainFirst(text, k, le) || (c === 45 && FLOW_INDICATOR.has(text.charCodeAt(k + 1)))) throw BAIL; // `[-]`
        // Plain in flow: up to `,` or `]`; brackets, braces, `:` and comments are left to yaml.
        e = k;
        while (e < le) {
          const d = text.charCodeAt(e);
          if (d === 44 || d === 93 || d === 91 || d === 123 || d === 125 || d === 58 || (d === 35 && text.charCodeAt(e - 1) === 32)) break;
          e++;
        }
        const stop = e < le ? text.charCodeAt(e) : 0;
        if (stop !== 44 && stop !== 93) throw BAIL;
        while (e > k && text.charCodeAt(e - 1) === 32) e--;
        const source = text.slice(k, e);
        const v = plainValue(source);
        items.push(this.hook ? this.scalar(child, this.plain(v, source, k, e, e), k) : scalarValue(v));
      }
      spans.push([k, e]);
      k = e;
      while (k < le && text.charCodeAt(k) === 32) k++;
      const d = text.charCodeAt(k);
      if (d === 93) return k + 1;
      if (d !== 44) throw BAIL;
      k++;
      while (k < le && text.charCodeAt(k) === 32) k++;
      if (text.charCodeAt(k) === 93 || text.charCodeAt(k) === 44) throw BAIL; // `[a,]`, `[a,,b]`
    }
  }

  // ───────────────────────────── the value hook ─────────────────────────────

  /** A scalar's value, through the hook when there is one (as yaml-util's `convert`). */
  private scalar(path: string, node: Scalar | undefined, offset: number): FactValue {
    if (this.hook && node) {
      const hooked = this.hook({ path, node, offset });
      if (hooked !== undefined) return hooked;
    }
    return scalarValue(node ? node.value : null);
  }

  /** The nodes the hook sees: what `yaml` would have composed (only made when there is a hook). */
  private emptyScalar(start: number, end: number, nodeEnd: number): Scalar | undefined {
    return this.hook ? this.plain(null, '', start, end, nodeEnd) : undefined;
  }

  private plain(value: unknown, source: string, start: number, end: number, nodeEnd: number): Scalar {
    const node = new Scalar(value);
    node.range = [start, end, nodeEnd];
    node.source = source;
    node.type = Scalar.PLAIN;
    return node;
  }

  private quoted(value: string, double: boolean, start: number, end: number, nodeEnd: number): Scalar {
    const node = new Scalar(value);
    node.range = [start, end, nodeEnd];
    node.source = value;
    node.type = double ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
    return node;
  }

  // ───────────────────────────── positions ─────────────────────────────

  private position(offset: number): { line: number; character: number } {
    const o = Math.max(0, Math.min(offset, this.n));
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return position(lo, o - starts[lo]);
  }

  /** The position of an offset on the line being read. */
  private at(offset: number): { line: number; character: number } {
    return position(this.line, offset - this.ls);
  }

  private lineRange(start: number, end: number): Range {
    return { start: this.at(start), end: this.at(Math.max(start, end)) };
  }

  private rangeOf(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** As yaml-util's `trimEnd`: back over white space as `\s` knows it (so also U+00A0 …). */
  private trimEnd(start: number, end: number): number {
    let e = Math.min(end, this.n);
    const text = this.text;
    while (e > start) {
      const c = text.charCodeAt(e - 1);
      if (c !== 32 && c !== 10 && c !== 13 && (c < 128 || !WHITE.test(text[e - 1]))) break;
      e--;
    }
    return e;
  }
}

const WHITE = /\s/;
/** `,` `[` `]` `{` `}` */
const FLOW_INDICATOR = new Set([44, 91, 93, 123, 125]);
const NO_LINES: After[] = [];
const PLACEHOLDER: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const EMPTY_OBJ: FactObject = {};
const EMPTY_ARR: FactValue[] = [];

/** Whether a plain scalar may start at `i` (the subset also leaves `?x` and `:x` to yaml). */
function plainFirst(text: string, i: number, le: number): boolean {
  switch (text.charCodeAt(i)) {
    case 45: // -
      return i + 1 < le && text.charCodeAt(i + 1) !== 32;
    case 63: // ?
    case 58: // :
    case 44: // ,
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 35: // #
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case 39: // '
    case 34: // "
    case 37: // %
    case 64: // @
    case 96: // `
      return false;
    default:
      return true;
  }
}

const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const NAN_INF = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar's value under the YAML 1.2 core schema, tested in the order `yaml` tests its tags. */
export function plainValue(s: string): unknown {
  if (s === '') return null;
  const c = s.charCodeAt(0);
  // Most values start with a letter that no typed form starts with.
  if (!(c <= 57 || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70)) return s;
  switch (s) {
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  if (c > 57) return s;
  if (OCT.test(s)) return parseInt(s.slice(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (HEX.test(s)) return parseInt(s.slice(2), 16);
  if (NAN_INF.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

/** As yaml-util's: numbers that are not finite become strings. */
function scalarValue(v: unknown): FactValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  return String(v);
}

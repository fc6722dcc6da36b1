/**
 * A fast HCL reader that builds the same concrete syntax tree tree-sitter-hcl builds, for
 * the files it can read with certainty, and gives up (`undefined`) on everything else.
 *
 * Why: tree-sitter (wasm) plus reading its tree node by node across the wasm boundary was
 * most of the cost of a scan. This reader runs in plain JavaScript; the tree-sitter path
 * stays for whatever it declines (syntax errors, template directives, rare tokens), so every
 * result is the one tree-sitter would give.
 *
 * The contract, checked by the differential tests in test/unit/parse-terraform:
 * - when `parseCst(text)` returns a tree, tree-sitter parses `text` without an error and
 *   its tree has the same nodes (types, ranges, named children; operator tokens under
 *   unary / binary operations) except comments, template literal chunks and the
 *   start / end tokens of templates, which the converters never read;
 * - and the pre-scanner (`lex`) would find nothing to report: no unclosed string, heredoc
 *   or comment, and brackets never deeper than `MAX_HCL_DEPTH`. So a tree here means the
 *   file is clean.
 * Anything this reader is unsure about (non-ASCII outside strings and comments, `%{`
 * directives, `$$$`, a heredoc interpolation across lines, a newline in a quoted string …)
 * makes it decline.
 */

/** The node surface the converters (hcl.ts, parse.ts) use; tree-sitter nodes have it too. */
export interface SyntaxNode {
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: { row: number; column: number };
  readonly endPosition: { row: number; column: number };
  readonly namedChildren: readonly (SyntaxNode | null)[];
  readonly children: readonly (SyntaxNode | null)[];
  readonly parent: SyntaxNode | null;
  readonly nextNamedSibling: SyntaxNode | null;
  readonly hasError: boolean;
  readonly isMissing: boolean;
  childForFieldName(name: string): SyntaxNode | null;
  descendantsOfType(type: string): (SyntaxNode | null)[];
}

const NONE: HNode[] = [];

/** Node types `descendantsOfType` is asked for, as bits: a subtree without the bit is skipped. */
const TYPE_BITS: Record<string, number> = { variable_expr: 1, for_intro: 2, block: 4, attribute: 8 };

export class HNode implements SyntaxNode {
  parent: HNode | null = null;
  /** Index among the parent's named children. */
  slot = 0;
  /** TYPE_BITS of this node and everything below it. */
  readonly mask: number;
  constructor(
    readonly type: string,
    readonly src: string,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly sr: number,
    readonly sc: number,
    readonly er: number,
    readonly ec: number,
    readonly namedChildren: HNode[],
    /** All children, anonymous tokens included, where the converters read them (operations). */
    readonly all: HNode[] | undefined,
    readonly isNamed: boolean,
  ) {
    let mask = TYPE_BITS[type] ?? 0;
    for (let i = 0; i < namedChildren.length; i++) {
      const c = namedChildren[i];
      c.parent = this;
      c.slot = i;
      mask |= c.mask;
    }
    this.mask = mask;
    if (all) for (const c of all) if (!c.isNamed) c.parent = this;
  }
  get text(): string {
    return this.src.slice(this.startIndex, this.endIndex);
  }
  get startPosition(): { row: number; column: number } {
    return { row: this.sr, column: this.sc };
  }
  get endPosition(): { row: number; column: number } {
    return { row: this.er, column: this.ec };
  }
  get children(): HNode[] {
    return this.all ?? this.namedChildren;
  }
  get hasError(): boolean {
    return false;
  }
  get isMissing(): boolean {
    return false;
  }
  get nextNamedSibling(): HNode | null {
    if (!this.parent || !this.isNamed) return null;
    return this.parent.namedChildren[this.slot + 1] ?? null;
  }
  childForFieldName(name: string): HNode | null {
    if (this.type !== 'object_elem') return null;
    if (name === 'key') return this.namedChildren[0] ?? null;
    if (name === 'val') return this.namedChildren[1] ?? null;
    return null;
  }
  /** This node and the nodes below it of a type, in document order (tree-sitter's order). */
  descendantsOfType(type: string): HNode[] {
    const out: HNode[] = [];
    const bit = TYPE_BITS[type];
    if (bit !== undefined && (this.mask & bit) === 0) return out;
    collect(this, type, bit ?? -1, out);
    return out;
  }
}

function collect(n: HNode, type: string, bit: number, out: HNode[]): void {
  if (n.type === type) out.push(n);
  const kids = n.namedChildren;
  for (let i = 0; i < kids.length; i++) {
    const c = kids[i];
    if ((c.mask & bit) !== 0) collect(c, type, bit, out);
  }
}

class Bail extends Error {}

/** Deepest bracket / expression nesting read here; deeper input goes to the careful path. */
const MAX_NEST = 100;

// token kinds
const EOF = 0;
const ID = 1;
const NUM = 2;
const PUNCT = 3;
const QUOTE = 4;

const C_NL = 10;
const C_CR = 13;

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isIdPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
/** ASCII whitespace as tree-sitter's `\s` and the scanner's iswspace see it. */
function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === C_NL || c === C_CR || c === 11 || c === 12;
}

const BINARY_PREC: Record<string, number> = {
  '*': 6,
  '/': 6,
  '%': 6,
  '+': 5,
  '-': 5,
  '>': 4,
  '>=': 4,
  '<': 4,
  '<=': 4,
  '==': 3,
  '!=': 3,
  '&&': 2,
  '||': 1,
};

/** Pieces of an `_expr_term` (a hidden rule: its parts become children of the node that holds it). */
interface Term {
  named: HNode[];
  all: HNode[];
  start: number;
  sr: number;
  sc: number;
  end: number;
  er: number;
  ec: number;
}

class Parser {
  private pos = 0;
  private line = 0;
  private lineStart = 0;
  // current token
  private kind = EOF;
  private tok = '';
  private ts = 0;
  private te = 0;
  private tr = 0;
  private tc = 0;
  private nest = 0;
  private depth = 0;

  constructor(private readonly src: string) {}

  parseFile(): HNode {
    this.next();
    const items: HNode[] = [];
    let obj: HNode | undefined;
    if (this.kind === PUNCT && this.tok === '{') {
      obj = this.parseObjectLike(false);
    } else {
      this.parseBodyItems(items);
    }
    if (this.kind !== EOF) throw new Bail();
    const kidsOf = obj ? [obj] : items.length ? [this.wrap('body', items)] : NONE;
    const endRow = this.line;
    const endCol = this.src.length - this.lineStart;
    return new HNode('config_file', this.src, 0, this.src.length, 0, 0, endRow, endCol, kidsOf, undefined, true);
  }

  /**
   * The top-level items that start in [from, until) of a file whose top level is clean there:
   * `from` must be where a top-level item ended (or 0), at row `row` with its line starting at
   * `lineStart`. Declines unless the items end so that the next token starts exactly at
   * `until` (or the text ends there).
   */
  parseItemsBetween(from: number, row: number, lineStart: number, until: number): HNode[] | typeof MISALIGNED {
    this.pos = from;
    this.line = row;
    this.lineStart = lineStart;
    this.next();
    const items: HNode[] = [];
    while (this.kind === ID && this.ts < until) items.push(this.parseBodyItem());
    if (until >= this.src.length ? this.kind !== EOF : this.ts !== until) return MISALIGNED;
    return items;
  }

  // ───────────── scanning ─────────────

  private next(): void {
    this.skipTrivia();
    const s = this.src;
    const p = this.pos;
    this.ts = p;
    this.tr = this.line;
    this.tc = p - this.lineStart;
    if (p >= s.length) {
      this.kind = EOF;
      this.tok = '';
      this.te = p;
      return;
    }
    const c = s.charCodeAt(p);
    if (isIdStart(c)) {
      let q = p + 1;
      for (;;) {
        const d = s.charCodeAt(q);
        if (isIdPart(d)) q++;
        else if (d === 58 && s.charCodeAt(q + 1) === 58) q += 2;
        else break;
      }
      if (q < s.length && s.charCodeAt(q) >= 128) throw new Bail();
      this.kind = ID;
      this.tok = s.slice(p, q);
      this.te = this.pos = q;
      return;
    }
    if (isDigit(c)) {
      let q = p + 1;
      while (isDigit(s.charCodeAt(q))) q++;
      if (s.charCodeAt(q) === 46 && isDigit(s.charCodeAt(q + 1))) {
        q += 2;
        while (isDigit(s.charCodeAt(q))) q++;
        const e = s.charCodeAt(q);
        if (e === 101 || e === 69) {
          let r = q + 1;
          const sign = s.charCodeAt(r);
          if (sign === 43 || sign === 45) r++;
          if (isDigit(s.charCodeAt(r))) {
            r++;
            while (isDigit(s.charCodeAt(r))) r++;
            q = r;
          }
        }
      }
      if (c === 48 && s.charCodeAt(p + 1) === 120 && isAlnum(s.charCodeAt(p + 2))) {
        let r = p + 3;
        while (isAlnum(s.charCodeAt(r))) r++;
        if (r > q) q = r;
      }
      this.kind = NUM;
      this.tok = s.slice(p, q);
      this.te = this.pos = q;
      return;
    }
    if (c === 34) {
      this.kind = QUOTE;
      this.tok = '"';
      this.te = this.pos = p + 1;
      return;
    }
    if (c >= 128) throw new Bail();
    const c1 = s.charCodeAt(p + 1);
    let len = 1;
    switch (c) {
      case 61: // =
        len = c1 === 61 || c1 === 62 ? 2 : 1;
        break;
      case 33: // !
      case 60: // <
      case 62: // >
        len = c1 === 61 ? 2 : 1;
        if (c === 60 && c1 === 60) len = s.charCodeAt(p + 2) === 45 ? 3 : 2;
        break;
      case 38: // &
        if (c1 !== 38) throw new Bail();
        len = 2;
        break;
      case 124: // |
        if (c1 !== 124) throw new Bail();
        len = 2;
        break;
      case 46: // .
        if (c1 === 46) {
          if (s.charCodeAt(p + 2) !== 46) throw new Bail();
          len = 3;
        } else if (c1 === 42) len = 2;
        break;
      case 91: // [
        if (c1 === 42 && s.charCodeAt(p + 2) === 93) len = 3;
        break;
      case 43:
      case 45:
      case 42:
      case 47:
      case 37:
      case 63:
      case 58:
      case 44:
      case 40:
      case 41:
      case 93:
      case 123:
      case 125:
      case 126:
        break;
      default:
        throw new Bail();
    }
    this.kind = PUNCT;
    this.tok = s.slice(p, p + len);
    this.te = this.pos = p + len;
  }

  private skipTrivia(): void {
    const s = this.src;
    let p = this.pos;
    const n = s.length;
    while (p < n) {
      const c = s.charCodeAt(p);
      if (c === C_NL) {
        p++;
        this.line++;
        this.lineStart = p;
      } else if (c === 32 || c === 9 || c === C_CR || c === 11 || c === 12) p++;
      else if (c === 35 || (c === 47 && s.charCodeAt(p + 1) === 47)) {
        const e = s.indexOf('\n', p);
        p = e < 0 ? n : e;
      } else if (c === 47 && s.charCodeAt(p + 1) === 42) {
        const e = s.indexOf('*/', p + 2);
        if (e < 0) throw new Bail();
        for (let k = p; k < e; k++) {
          if (s.charCodeAt(k) === C_NL) {
            this.line++;
            this.lineStart = k + 1;
          }
        }
        p = e + 2;
      } else break;
    }
    this.pos = p;
  }

  private isKw(t: string): boolean {
    return this.kind === ID && this.tok === t;
  }

  private isP(t: string): boolean {
    return this.kind === PUNCT && this.tok === t;
  }

  private expectP(t: string): void {
    if (this.kind !== PUNCT || this.tok !== t) throw new Bail();
    this.next();
  }

  /** The current token as an anonymous / leaf node, then moves on. */
  private leaf(type: string, named: boolean): HNode {
    const n = new HNode(type, this.src, this.ts, this.te, this.tr, this.tc, this.tr, this.tc + (this.te - this.ts), NONE, undefined, named);
    this.next();
    return n;
  }

  private wrap(type: string, kids: HNode[], all?: HNode[]): HNode {
    const first = (all ?? kids)[0];
    const last = (all ?? kids)[(all ?? kids).length - 1];
    return new HNode(type, this.src, first.startIndex, last.endIndex, first.sr, first.sc, last.er, last.ec, kids, all, true);
  }

  private open(): void {
    if (++this.depth > MAX_NEST) throw new Bail();
  }

  private close(): void {
    this.depth--;
  }

  // ───────────── bodies ─────────────

  private parseBodyItems(items: HNode[]): void {
    while (this.kind === ID) items.push(this.parseBodyItem());
  }

  private parseBodyItem(): HNode {
    const id = this.leaf('identifier', true);
    if (this.isP('=')) {
      this.next();
      const e = this.parseExpression();
      return this.wrap('attribute', [id, e]);
    }
    const kids: HNode[] = [id];
    for (;;) {
      if (this.kind === ID) kids.push(this.leaf('identifier', true));
      else if (this.kind === QUOTE) kids.push(this.parseLabel());
      else break;
    }
    if (!this.isP('{')) throw new Bail();
    this.open();
    kids.push(this.leaf('block_start', true));
    const items: HNode[] = [];
    this.parseBodyItems(items);
    if (items.length) kids.push(this.wrap('body', items));
    if (!this.isP('}')) throw new Bail();
    this.close();
    kids.push(this.leaf('block_end', true));
    return this.wrap('block', kids);
  }

  /** A block label: a string_lit where `${` is plain text (tree-sitter reads it so); declined if it has one. */
  private parseLabel(): HNode {
    const s = this.src;
    const start = this.ts;
    const sr = this.tr;
    const sc = this.tc;
    let p = this.te;
    for (;;) {
      if (p >= s.length) throw new Bail();
      const c = s.charCodeAt(p);
      if (c === 34) break;
      if (c === C_NL || c === C_CR || c === 0) throw new Bail();
      if ((c === 36 || c === 37) && s.charCodeAt(p + 1) === 123) throw new Bail();
      if (c === 92) p = this.escape(p);
      else p++;
    }
    p++;
    const n = new HNode('string_lit', s, start, p, sr, sc, sr, sc + (p - start), NONE, undefined, true);
    this.pos = p;
    this.next();
    return n;
  }

  /** A backslash escape of a quoted string at `p`; returns the offset after it (declines an invalid one). */
  private escape(p: number): number {
    const s = this.src;
    const d = s.charCodeAt(p + 1);
    if (d === 34 || d === 110 || d === 114 || d === 116 || d === 92) return p + 2;
    const len = d === 117 ? 4 : d === 85 ? 8 : 0;
    if (!len) throw new Bail();
    for (let k = 0; k < len; k++) if (!isHex(s.charCodeAt(p + 2 + k))) throw new Bail();
    return p + 2 + len;
  }

  // ───────────── expressions ─────────────

  parseExpression(): HNode {
    this.open();
    let term = this.parseBinary(0);
    let node = this.wrapTerm('expression', term);
    while (this.isP('?')) {
      const q = this.leafAnon();
      const a = this.parseExpression();
      if (!this.isP(':')) throw new Bail();
      const colon = this.leafAnon();
      term = this.parseBinary(0);
      const b = this.wrapTerm('expression', term);
      const cond = this.wrap('conditional', [node, a, b], [node, q, a, colon, b]);
      node = this.wrap('expression', [cond]);
    }
    this.close();
    return node;
  }

  private leafAnon(): HNode {
    return this.leaf(this.tok, false);
  }

  private wrapTerm(type: string, t: Term): HNode {
    return new HNode(type, this.src, t.start, t.end, t.sr, t.sc, t.er, t.ec, t.named, t.all.length !== t.named.length ? t.all : undefined, true);
  }

  private parseBinary(minPrec: number): Term {
    let left = this.parseUnary();
    for (;;) {
      if (this.kind !== PUNCT) break;
      const prec = BINARY_PREC[this.tok];
      if (prec === undefined || prec < minPrec) break;
      const op = this.leafAnon();
      const right = this.parseBinary(prec + 1);
      const all = [...left.all, op, ...right.all];
      const named = [...left.named, ...right.named];
      const bin = new HNode('binary_operation', this.src, left.start, right.end, left.sr, left.sc, right.er, right.ec, named, all, true);
      const opNode = this.wrap('operation', [bin]);
      left = single(opNode);
    }
    return left;
  }

  private parseUnary(): Term {
    if (this.kind === PUNCT && (this.tok === '-' || this.tok === '!')) {
      this.open();
      const op = this.leafAnon();
      const inner = this.parseUnary();
      this.close();
      const all = [op, ...inner.all];
      const un = new HNode('unary_operation', this.src, op.startIndex, inner.end, op.sr, op.sc, inner.er, inner.ec, inner.named, all, true);
      return single(this.wrap('operation', [un]));
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Term {
    const t = this.parsePrimary();
    for (;;) {
      if (this.kind !== PUNCT) break;
      const tk = this.tok;
      if (tk === '.') {
        const ix = this.parseDotSuffix();
        push(t, ix);
      } else if (tk === '[') {
        push(t, this.parseNewIndex());
      } else if (tk === '.*' || tk === '[*]') {
        push(t, this.parseSplat());
      } else break;
    }
    return t;
  }

  /** `.name` (get_attr) or `.0` (index → legacy_index). */
  private parseDotSuffix(): HNode {
    const dot = this.leafAnon();
    // the token after '.' must touch it? tree-sitter allows space; so do we.
    if (this.kind === ID) {
      const id = this.leaf('identifier', true);
      return new HNode('get_attr', this.src, dot.startIndex, id.endIndex, dot.sr, dot.sc, id.er, id.ec, [id], undefined, true);
    }
    if (this.kind === NUM && /^[0-9]+$/.test(this.tok)) {
      const num = this.leafAnon();
      const li = new HNode('legacy_index', this.src, dot.startIndex, num.endIndex, dot.sr, dot.sc, num.er, num.ec, NONE, undefined, true);
      return this.wrap('index', [li]);
    }
    throw new Bail();
  }

  private parseNewIndex(): HNode {
    this.open();
    const lb = this.leafAnon();
    const e = this.parseExpression();
    if (!this.isP(']')) throw new Bail();
    this.close();
    const rb = this.leafAnon();
    const ni = new HNode('new_index', this.src, lb.startIndex, rb.endIndex, lb.sr, lb.sc, rb.er, rb.ec, [e], undefined, true);
    return this.wrap('index', [ni]);
  }

  private parseSplat(): HNode {
    const full = this.tok === '[*]';
    if (full) {
      // lex counts the '[' as nesting
      this.open();
      this.close();
    }
    const star = this.leafAnon();
    const parts: HNode[] = [];
    for (;;) {
      if (this.isP('.')) parts.push(this.parseDotSuffix());
      else if (this.isP('[')) parts.push(this.parseNewIndex());
      else break;
    }
    const last = parts.length ? parts[parts.length - 1] : star;
    const sp = new HNode(full ? 'full_splat' : 'attr_splat', this.src, star.startIndex, last.endIndex, star.sr, star.sc, last.er, last.ec, parts, undefined, true);
    return this.wrap('splat', [sp]);
  }

  private parsePrimary(): Term {
    switch (this.kind) {
      case ID: {
        const tk = this.tok;
        if (tk === 'true' || tk === 'false' || tk === 'null') {
          const lit = this.leaf(tk === 'null' ? 'null_lit' : 'bool_lit', true);
          return single(this.wrap('literal_value', [lit]));
        }
        const id = this.leaf('identifier', true);
        if (this.isP('(')) return single(this.parseCall(id));
        return single(this.wrap('variable_expr', [id]));
      }
      case NUM: {
        const lit = this.leaf('numeric_lit', true);
        return single(this.wrap('literal_value', [lit]));
      }
      case QUOTE:
        return single(this.parseQuoted());
      case PUNCT: {
        const tk = this.tok;
        if (tk === '(') {
          this.open();
          const lp = this.leafAnon();
          const e = this.parseExpression();
          if (!this.isP(')')) throw new Bail();
          this.close();
          const rp = this.leafAnon();
          return { named: [e], all: [lp, e, rp], start: lp.startIndex, sr: lp.sr, sc: lp.sc, end: rp.endIndex, er: rp.er, ec: rp.ec };
        }
        if (tk === '[') return single(this.parseTupleLike());
        if (tk === '{') return single(this.parseObjectLike(true));
        if (tk === '<<' || tk === '<<-') return single(this.parseHeredoc());
        throw new Bail();
      }
      default:
        throw new Bail();
    }
  }

  private parseCall(id: HNode): HNode {
    this.open();
    this.next(); // '('
    const kids: HNode[] = [id];
    if (!this.isP(')')) {
      const args: HNode[] = [];
      const first = this.parseExpression();
      args.push(first);
      let lastEnd = first.endIndex;
      let ler = first.er;
      let lec = first.ec;
      for (;;) {
        if (this.isP(',')) {
          lastEnd = this.te;
          ler = this.tr;
          lec = this.tc + 1;
          this.next();
          if (this.isP(')')) break;
          const e = this.parseExpression();
          args.push(e);
          lastEnd = e.endIndex;
          ler = e.er;
          lec = e.ec;
        } else if (this.isP('...')) {
          const el = this.leaf('ellipsis', true);
          args.push(el);
          lastEnd = el.endIndex;
          ler = el.er;
          lec = el.ec;
          break;
        } else break;
      }
      kids.push(new HNode('function_arguments', this.src, first.startIndex, lastEnd, first.sr, first.sc, ler, lec, args, undefined, true));
    }
    if (!this.isP(')')) throw new Bail();
    this.close();
    const endIndex = this.te;
    const er = this.tr;
    const ec = this.tc + 1;
    this.next();
    return new HNode('function_call', this.src, id.startIndex, endIndex, id.sr, id.sc, er, ec, kids, undefined, true);
  }

  private parseTupleLike(): HNode {
    this.open();
    const start = this.leaf('tuple_start', true);
    if (this.isKw('for')) {
      const intro = this.parseForIntro();
      const body = this.parseExpression();
      const kids = [start, intro, body];
      if (this.isKw('if')) kids.push(this.parseForCond());
      if (!this.isP(']')) throw new Bail();
      this.close();
      kids.push(this.leaf('tuple_end', true));
      return this.wrap('for_expr', [this.wrap('for_tuple_expr', kids)]);
    }
    const kids = [start];
    while (!this.isP(']')) {
      kids.push(this.parseExpression());
      if (this.isP(',')) this.next();
      else if (!this.isP(']')) throw new Bail();
    }
    this.close();
    kids.push(this.leaf('tuple_end', true));
    return this.wrap('collection_value', [this.wrap('tuple', kids)]);
  }

  /** `{ … }` as an object or a `for` object expression (`allowFor` false at the top of a file). */
  private parseObjectLike(allowFor: boolean): HNode {
    this.open();
    const start = this.leaf('object_start', true);
    if (this.isKw('for')) {
      if (!allowFor) throw new Bail();
      const intro = this.parseForIntro();
      const key = this.parseExpression();
      this.expectP('=>');
      const val = this.parseExpression();
      const kids = [start, intro, key, val];
      if (this.isP('...')) kids.push(this.leaf('ellipsis', true));
      if (this.isKw('if')) kids.push(this.parseForCond());
      if (!this.isP('}')) throw new Bail();
      this.close();
      kids.push(this.leaf('object_end', true));
      return this.wrap('for_expr', [this.wrap('for_object_expr', kids)]);
    }
    const kids = [start];
    while (!this.isP('}')) {
      const key = this.parseExpression();
      if (!(this.isP('=') || this.isP(':'))) throw new Bail();
      const eq = this.leafAnon();
      const val = this.parseExpression();
      kids.push(this.wrap('object_elem', [key, val], [key, eq, val]));
      if (this.isP(',')) this.next();
    }
    this.close();
    kids.push(this.leaf('object_end', true));
    return allowFor ? this.wrap('collection_value', [this.wrap('object', kids)]) : this.wrap('object', kids);
  }

  private parseForIntro(): HNode {
    const forTok = this.leafAnon();
    const kids: HNode[] = [];
    if (this.kind !== ID) throw new Bail();
    kids.push(this.leaf('identifier', true));
    if (this.isP(',')) {
      this.next();
      if (this.kind !== ID) throw new Bail();
      kids.push(this.leaf('identifier', true));
    }
    if (!this.isKw('in')) throw new Bail();
    this.next();
    kids.push(this.parseExpression());
    if (!this.isP(':')) throw new Bail();
    const colon = this.leafAnon();
    return new HNode('for_intro', this.src, forTok.startIndex, colon.endIndex, forTok.sr, forTok.sc, colon.er, colon.ec, kids, undefined, true);
  }

  private parseForCond(): HNode {
    const ifTok = this.leafAnon();
    const e = this.parseExpression();
    return new HNode('for_cond', this.src, ifTok.startIndex, e.endIndex, ifTok.sr, ifTok.sc, e.er, e.ec, [e], undefined, true);
  }

  // ───────────── templates ─────────────

  /** A quoted string: `literal_value(string_lit)` without interpolations, else `template_expr(quoted_template)`. */
  private parseQuoted(): HNode {
    const s = this.src;
    const start = this.ts;
    const sr = this.tr;
    const sc = this.tc;
    let p = this.te;
    const parts: HNode[] = [];
    for (;;) {
      if (p >= s.length) throw new Bail();
      const c = s.charCodeAt(p);
      if (c === 34) break;
      if (c === C_NL || c === C_CR || c === 0) throw new Bail();
      if (c === 92) {
        p = this.escape(p);
        continue;
      }
      if (c === 36 || c === 37) {
        const n1 = s.charCodeAt(p + 1);
        if (n1 === 123) {
          if (c === 37) throw new Bail(); // %{ directive
          parts.push(this.parseInterpolation(p));
          p = this.pos;
          continue;
        }
        if (n1 === c) {
          if (s.charCodeAt(p + 2) === c) throw new Bail(); // $$$: tree-sitter and lex disagree
          p += s.charCodeAt(p + 2) === 123 ? 3 : 2;
          continue;
        }
      }
      p++;
    }
    p++;
    // positions: a quoted string never spans lines here (interpolations may)
    const er = this.line;
    const ec = p - this.lineStart;
    this.pos = p;
    this.next();
    if (parts.length === 0) {
      const lit = new HNode('string_lit', s, start, p, sr, sc, er, ec, NONE, undefined, true);
      return this.wrap('literal_value', [lit]);
    }
    const qt = new HNode('quoted_template', s, start, p, sr, sc, er, ec, parts, undefined, true);
    return this.wrap('template_expr', [qt]);
  }

  /** `${ [~] expression? [~] }` starting at `p` (the `$`); leaves `pos` after the `}`. */
  private parseInterpolation(p: number): HNode {
    const sr = this.line;
    const sc = p - this.lineStart;
    this.pos = p + 2;
    this.next();
    const kids: HNode[] = [];
    if (this.isP('~')) kids.push(this.leaf('strip_marker', true));
    if (!this.isP('}') && !this.isP('~')) kids.push(this.parseExpression());
    if (this.isP('~')) kids.push(this.leaf('strip_marker', true));
    if (!this.isP('}')) throw new Bail();
    // the closing brace is the current token; content scanning resumes right after it
    const end = this.te;
    const er = this.tr;
    const ec = this.tc + 1;
    this.pos = end;
    return new HNode('template_interpolation', this.src, p, end, sr, sc, er, ec, kids, undefined, true);
  }

  private parseHeredoc(): HNode {
    const s = this.src;
    const start = this.ts;
    const sr = this.tr;
    const sc = this.tc;
    // what lex accepts as a heredoc opener: <<[-]ID[ \t]*\r?\n
    let p = this.te;
    if (!isIdStart(s.charCodeAt(p))) throw new Bail();
    const idStart = p;
    while (isIdPart(s.charCodeAt(p)) || isDigit(s.charCodeAt(p))) p++;
    const marker = s.slice(idStart, p);
    while (s.charCodeAt(p) === 32 || s.charCodeAt(p) === 9) p++;
    if (s.charCodeAt(p) === C_CR) p++;
    if (s.charCodeAt(p) !== C_NL) throw new Bail();
    const parts: HNode[] = [];
    // content, line by line
    let lineBegin = p + 1;
    this.line++;
    this.lineStart = lineBegin;
    for (;;) {
      if (lineBegin >= s.length) throw new Bail();
      // closing marker: optional leading whitespace, the marker, optional spaces, newline
      let k = lineBegin;
      while (k < s.length && isWs(s.charCodeAt(k)) && s.charCodeAt(k) !== C_NL) k++;
      const nl = s.indexOf('\n', lineBegin);
      const lineEnd = nl < 0 ? s.length : nl;
      if (s.startsWith(marker, k)) {
        let j = k + marker.length;
        while (j < lineEnd && isWs(s.charCodeAt(j))) j++;
        if (j === lineEnd && nl >= 0) {
          const endIdx = k + marker.length;
          const er = this.line;
          const ec = endIdx - this.lineStart;
          this.pos = endIdx;
          this.next();
          const hd = new HNode('heredoc_template', s, start, endIdx, sr, sc, er, ec, parts, undefined, true);
          return this.wrap('template_expr', [hd]);
        }
      }
      // scan the line for interpolations
      let q = lineBegin;
      if (s.startsWith(marker, k)) {
        // tree-sitter's scanner took the marker (and the spaces after it) for a closing one and
        // swallows the next character with it: a `${` there is text
        let j = k + marker.length;
        while (j < lineEnd && isWs(s.charCodeAt(j))) j++;
        if (j >= lineEnd) throw new Bail(); // lex would close the heredoc here; tree-sitter would not
        q = j + 1;
      } else if (s.slice(lineBegin, lineEnd).trim() === marker) throw new Bail();
      while (q < lineEnd) {
        const c = s.charCodeAt(q);
        if (c === 0) throw new Bail();
        if (c === 36 || c === 37) {
          const n1 = s.charCodeAt(q + 1);
          if (n1 === 123) {
            if (c === 37) throw new Bail();
            const ip = this.parseInterpolation(q);
            if (ip.er !== ip.sr) throw new Bail(); // lex does not see interpolations in heredocs
            parts.push(ip);
            q = this.pos;
            continue;
          }
          if (n1 === c) {
            q += s.charCodeAt(q + 2) === 123 ? 3 : 2;
            continue;
          }
        }
        q++;
      }
      if (q > lineEnd || nl < 0) throw new Bail();
      lineBegin = nl + 1;
      this.line++;
      this.lineStart = lineBegin;
    }
  }
}

function single(n: HNode): Term {
  return { named: [n], all: [n], start: n.startIndex, sr: n.sr, sc: n.sc, end: n.endIndex, er: n.er, ec: n.ec };
}

function push(t: Term, n: HNode): void {
  t.named.push(n);
  if (t.all !== t.named) t.all.push(n);
  t.end = n.endIndex;
  t.er = n.er;
  t.ec = n.ec;
}

/** Switch for tests that compare this reader with tree-sitter (the results must not differ). */
export const cstOptions = { enabled: true };

/** The items read but not ending where they must (a whole-file read may still succeed). */
export const MISALIGNED = 'misaligned';

/**
 * See `Parser.parseItemsBetween`. Undefined when declined while reading an item: a read of the
 * whole file, which reaches `from` in the same state, would decline at the same place.
 */
export function parseTopItems(text: string, from: number, row: number, lineStart: number, until: number): HNode[] | typeof MISALIGNED | undefined {
  if (text.includes('\0')) return undefined;
  try {
    return new Parser(text).parseItemsBetween(from, row, lineStart, until);
  } catch (e) {
    if (e instanceof Bail || e instanceof RangeError) return undefined;
    throw e;
  }
}

/** The concrete syntax tree of a clean HCL file, or undefined when this reader declines it. */
export function parseCst(text: string): HNode | undefined {
  if (text.includes('\0')) return undefined;
  try {
    return new Parser(text).parseFile();
  } catch (e) {
    if (e instanceof Bail || e instanceof RangeError) return undefined;
    throw e;
  }
}

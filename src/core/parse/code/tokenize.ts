/**
 * A light tokenizer for the languages the code parser reads. It only needs to tell
 * identifiers, string literals, numbers and punctuation apart and to skip comments, so that
 * names inside comments and strings never look like code. No execution, no grammar.
 *
 * Python gets logical-newline tokens (`nl`, only outside brackets) because its statements
 * end at line ends; the C-family languages do not need them.
 */

export type TokKind = 'id' | 'str' | 'num' | 'op' | 'nl';

export interface Token {
  k: TokKind;
  /** Identifier / operator text; for strings the content between the quotes (escapes kept raw). */
  v: string;
  /** Offsets into the text: [s, e). For strings they cover the quotes. */
  s: number;
  e: number;
  /** Bracket depth at the token (Python: (), [], {} together). */
  d: number;
}

export type Lang = 'python' | 'javascript' | 'typescript' | 'go' | 'java' | 'kotlin' | 'csharp' | 'groovy';

const ID_START = /[A-Za-z_$\u00c0-\uffff]/;
const ID_PART = {
  test(ch: string): boolean {
    const c = ch.charCodeAt(0);
    return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 0xc0;
  },
};
const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';
const PY_PREFIX = new Set(['r', 'R', 'b', 'B', 'u', 'U', 'f', 'F', 't', 'T']);

function isIdStart(c: string, lang: Lang): boolean {
  if (c === '$') return lang === 'javascript' || lang === 'typescript' || lang === 'groovy' || lang === 'kotlin';
  return ID_START.test(c);
}

const MULTI_OPS = ['===', '!==', '**=', '...', '==', '!=', '<=', '>=', '=>', '->', '::', ':=', '**', '&&', '||', '??', '?.', '+=', '-=', '*=', '/=', '<-'];

const OP_START = new Set(MULTI_OPS.map((o) => o[0]));
function readOp(text: string, i: number): string {
  if (OP_START.has(text[i])) for (const op of MULTI_OPS) if (text.startsWith(op, i)) return op;
  return text[i];
}

/** Tokens of a Python source. */
export function tokenizePython(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  let depth = 0;
  const pushNl = (at: number) => {
    if (depth === 0 && out.length > 0 && out[out.length - 1].k !== 'nl') out.push({ k: 'nl', v: '\n', s: at, e: at + 1, d: 0 });
  };
  while (i < n) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      pushNl(i);
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    // string, with an optional prefix (r, b, u, f, rb, br, fr, rf)
    let q = i;
    while (q < i + 2 && q < n && PY_PREFIX.has(text[q])) q++;
    if (text[q] === '"' || text[q] === "'") {
      const end = scanPyString(text, q);
      const quoteLen = text.startsWith(text[q].repeat(3), q) ? 3 : 1;
      out.push({ k: 'str', v: text.slice(q + quoteLen, Math.max(q + quoteLen, end - quoteLen)), s: i, e: end, d: depth });
      i = end;
      continue;
    }
    if (ID_PART.test(c) && !isDigit(c) && c !== '$') {
      let j = i + 1;
      while (j < n && ID_PART.test(text[j])) j++;
      out.push({ k: 'id', v: text.slice(i, j), s: i, e: j, d: depth });
      i = j;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      let j = i + 1;
      while (j < n && (ID_PART.test(text[j]) || text[j] === '.')) j++;
      out.push({ k: 'num', v: text.slice(i, j), s: i, e: j, d: depth });
      i = j;
      continue;
    }
    const op = readOp(text, i);
    if (op === '(' || op === '[' || op === '{') {
      out.push({ k: 'op', v: op, s: i, e: i + 1, d: depth });
      depth++;
    } else if (op === ')' || op === ']' || op === '}') {
      depth = Math.max(0, depth - 1);
      out.push({ k: 'op', v: op, s: i, e: i + 1, d: depth });
    } else {
      out.push({ k: 'op', v: op, s: i, e: i + op.length, d: depth });
    }
    i += op.length;
  }
  return out;
}

function scanPyString(text: string, q: number): number {
  const quote = text[q];
  const n = text.length;
  if (text.startsWith(quote.repeat(3), q)) {
    let j = q + 3;
    while (j < n) {
      if (text[j] === '\\') j += 2;
      else if (text.startsWith(quote.repeat(3), j)) return j + 3;
      else j++;
    }
    return n;
  }
  let j = q + 1;
  while (j < n) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (c === quote) return j + 1;
    else if (c === '\n' || c === '\r') return j; // unterminated: stop at the line end
    else j++;
  }
  return n;
}

const REGEX_AFTER_WORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof']);

/** Tokens of a C-family source: JavaScript/TypeScript, Go, Java, Kotlin, C#, Groovy. */
export function tokenizeCLike(text: string, lang: Lang): Token[] {
  const out: Token[] = [];
  const n = text.length;
  const js = lang === 'javascript' || lang === 'typescript';
  let i = 0;
  let depth = 0;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    if (c === '#' && (lang === 'csharp' || (js && i === 0 && text[1] === '!'))) {
      // C# preprocessor lines, JS shebang
      if (lang === 'csharp' || i === 0) {
        while (i < n && text[i] !== '\n') i++;
        continue;
      }
    }
    // strings
    if (c === '"' || c === "'" || (c === '`' && (js || lang === 'go' || lang === 'kotlin')) || (lang === 'csharp' && (c === '@' || c === '$') && /["@$]/.test(text[i + 1] ?? ''))) {
      const start = i;
      const [end0, content] = scanCLikeString(text, i, lang);
      const end = Math.max(end0, i + 1);
      out.push({ k: 'str', v: content, s: start, e: end, d: depth });
      i = end;
      continue;
    }
    if (c === '/' && js && regexAllowed(out)) {
      const end = scanRegex(text, i);
      if (end > 0) {
        out.push({ k: 'str', v: '', s: i, e: end, d: depth });
        i = end;
        continue;
      }
    }
    if (isIdStart(c, lang) || (c === '@' && lang === 'csharp' && ID_START.test(text[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && ID_PART.test(text[j])) j++;
      out.push({ k: 'id', v: text.slice(c === '@' ? i + 1 : i, j), s: i, e: j, d: depth });
      i = j;
      continue;
    }
    if (/\d/.test(c) || (c === '.' && /\d/.test(text[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && /[\w.]/.test(text[j])) j++;
      out.push({ k: 'num', v: text.slice(i, j), s: i, e: j, d: depth });
      i = j;
      continue;
    }
    const op = readOp(text, i);
    if (op === '(' || op === '[' || op === '{') {
      out.push({ k: 'op', v: op, s: i, e: i + 1, d: depth });
      depth++;
    } else if (op === ')' || op === ']' || op === '}') {
      depth = Math.max(0, depth - 1);
      out.push({ k: 'op', v: op, s: i, e: i + 1, d: depth });
    } else {
      out.push({ k: 'op', v: op, s: i, e: i + op.length, d: depth });
    }
    i += op.length;
  }
  return out;
}

function regexAllowed(out: Token[]): boolean {
  const prev = out[out.length - 1];
  if (!prev) return true;
  if (prev.k === 'op') return !(prev.v === ')' || prev.v === ']' || prev.v === '}');
  if (prev.k === 'id') return REGEX_AFTER_WORDS.has(prev.v);
  return false;
}

function scanRegex(text: string, i: number): number {
  let j = i + 1;
  let inClass = false;
  while (j < text.length) {
    const c = text[j];
    if (c === '\n' || c === '\r') return -1;
    if (c === '\\') j += 2;
    else if (c === '[') {
      inClass = true;
      j++;
    } else if (c === ']') {
      inClass = false;
      j++;
    } else if (c === '/' && !inClass) {
      j++;
      while (j < text.length && /[a-z]/i.test(text[j])) j++;
      return j;
    } else j++;
  }
  return -1;
}

/** Returns [end offset, content]. */
function scanCLikeString(text: string, i: number, lang: Lang): [number, string] {
  const n = text.length;
  const js = lang === 'javascript' || lang === 'typescript';
  let c = text[i];
  // C# prefixes: @"", $"", $@"", @$"", $$"""…
  let verbatim = false;
  let p = i;
  if (lang === 'csharp' && (c === '@' || c === '$')) {
    while (text[p] === '@' || text[p] === '$') {
      if (text[p] === '@') verbatim = true;
      p++;
    }
    c = text[p];
    if (c !== '"') return [p, ''];
  }
  // triple-quoted: Java/Kotlin/C# raw/text blocks, Groovy ''' and """
  if ((c === '"' || (c === "'" && lang === 'groovy')) && text.startsWith(c.repeat(3), p) && lang !== 'go' && !js) {
    const end = text.indexOf(c.repeat(3), p + 3);
    const e = end === -1 ? n : end + 3;
    let ee = e;
    while (text[ee] === c) ee++; // C# raw strings may use more quotes
    return [ee, text.slice(p + 3, end === -1 ? n : end)];
  }
  if (c === '`') {
    if (lang === 'go') {
      const end = text.indexOf('`', p + 1);
      return end === -1 ? [n, text.slice(p + 1)] : [end + 1, text.slice(p + 1, end)];
    }
    if (js) return scanTemplate(text, p);
  }
  let j = p + 1;
  while (j < n) {
    const ch = text[j];
    if (verbatim) {
      if (ch === '"') {
        if (text[j + 1] === '"') {
          j += 2;
          continue;
        }
        return [j + 1, text.slice(p + 1, j)];
      }
      j++;
      continue;
    }
    if (ch === '\\') j += 2;
    else if (ch === c) return [j + 1, text.slice(p + 1, j)];
    else if (ch === '\n' || ch === '\r') return [j, text.slice(p + 1, j)];
    else j++;
  }
  return [n, text.slice(p + 1)];
}

/** A JS template literal, `${…}` holes skipped with their nested strings and braces. */
function scanTemplate(text: string, p: number): [number, string] {
  const n = text.length;
  let j = p + 1;
  while (j < n) {
    const ch = text[j];
    if (ch === '\\') {
      j += 2;
      continue;
    }
    if (ch === '`') return [j + 1, text.slice(p + 1, j)];
    if (ch === '$' && text[j + 1] === '{') {
      j += 2;
      let braces = 1;
      while (j < n && braces > 0) {
        const h = text[j];
        if (h === '{') braces++;
        else if (h === '}') braces--;
        else if (h === '"' || h === "'") {
          const q = h;
          j++;
          while (j < n && text[j] !== q && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
        } else if (h === '`') {
          j = scanTemplate(text, j)[0] - 1;
        }
        j++;
      }
      continue;
    }
    j++;
  }
  return [n, text.slice(p + 1)];
}

/** Index of the token closing the bracket opened at `open` (or the last token). */
export function matchBracket(toks: readonly Token[], open: number): number {
  const d = toks[open].d;
  for (let j = open + 1; j < toks.length; j++) {
    const t = toks[j];
    if (t.k === 'op' && (t.v === ')' || t.v === ']' || t.v === '}') && t.d === d) return j;
  }
  return toks.length - 1;
}

/**
 * A small JSON reader that keeps positions (for `.tf.json` / `.tfvars.json`): every value
 * knows its start and end offset, every object member its key range. On a syntax error it
 * stops, reports where, and returns what it had read so far — nodes left open are marked
 * `complete: false`. Nesting deeper than `MAX_JSON_DEPTH` stops it the same way (the readers
 * of the tree recurse, and no Terraform file nests that deep).
 */

/** Deepest object / array nesting read. */
export const MAX_JSON_DEPTH = 256;

export type JsonNode =
  | { kind: 'object'; start: number; end: number; complete: boolean; members: JsonMember[] }
  | { kind: 'array'; start: number; end: number; complete: boolean; items: JsonNode[] }
  | { kind: 'string'; start: number; end: number; complete: boolean; value: string }
  | { kind: 'number' | 'boolean' | 'null'; start: number; end: number; complete: boolean; value: number | boolean | null };

export interface JsonMember {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
  start: number;
  end: number;
}

export interface JsonError {
  offset: number;
  message: string;
  /** The error is the nesting limit, not bad syntax. */
  tooDeep?: boolean;
}

export interface JsonResult {
  root?: JsonNode;
  error?: JsonError;
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    message: string,
    readonly tooDeep = false,
  ) {
    super(message);
  }
}

export function parseJson(text: string): JsonResult {
  let i = 0;
  const n = text.length;
  let root: JsonNode | undefined;

  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const describe = (): string => (i >= n ? 'the end of the file' : `'${text[i]}'`);

  function value(attach: (v: JsonNode) => void, depth: number): JsonNode {
    ws();
    if (i >= n) throw new Stop(i, 'expected a value but found the end of the file');
    const c = text[i];
    if ((c === '{' || c === '[') && depth >= MAX_JSON_DEPTH) throw new Stop(i, `objects and lists nest more than ${MAX_JSON_DEPTH} levels deep here; the rest of the file was not read`, true);
    if (c === '{') {
      const node: JsonNode = { kind: 'object', start: i, end: i, complete: false, members: [] };
      attach(node);
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        node.end = i;
        node.complete = true;
        return node;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new Stop(i, `expected a quoted key but found ${describe()}`);
        const keyStart = i;
        const key = str();
        const keyEnd = i;
        ws();
        if (text[i] !== ':') throw new Stop(i, `expected ':' after the key "${key}" but found ${describe()}`);
        i++;
        const member: JsonMember = { key, keyStart, keyEnd, start: keyStart, end: keyEnd, value: undefined as unknown as JsonNode };
        value((v) => {
          member.value = v;
          node.members.push(member);
        }, depth + 1);
        member.end = member.value.end;
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          node.end = i;
          node.complete = true;
          return node;
        }
        throw new Stop(i, `expected ',' or '}' to close the object opened at line ${lineOf(node.start) + 1} but found ${describe()}`);
      }
    }
    if (c === '[') {
      const node: JsonNode = { kind: 'array', start: i, end: i, complete: false, items: [] };
      attach(node);
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        node.end = i;
        node.complete = true;
        return node;
      }
      for (;;) {
        value((v) => node.items.push(v), depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          node.end = i;
          node.complete = true;
          return node;
        }
        throw new Stop(i, `expected ',' or ']' to close the list opened at line ${lineOf(node.start) + 1} but found ${describe()}`);
      }
    }
    if (c === '"') {
      const start = i;
      const s = str();
      const node: JsonNode = { kind: 'string', start, end: i, complete: true, value: s };
      attach(node);
      return node;
    }
    const lit = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (lit) {
      const start = i;
      i += lit[0].length;
      const t = lit[0];
      const node: JsonNode =
        t === 'true' || t === 'false'
          ? { kind: 'boolean', start, end: i, complete: true, value: t === 'true' }
          : t === 'null'
            ? { kind: 'null', start, end: i, complete: true, value: null }
            : { kind: 'number', start, end: i, complete: true, value: Number(t) };
      attach(node);
      return node;
    }
    throw new Stop(i, `unexpected ${describe()}: expected a value`);
  }

  function str(): string {
    const start = i;
    i++; // opening quote
    let out = '';
    while (i < n) {
      const c = text[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\n') throw new Stop(start, 'unclosed string: the quote opened here is not closed on its line');
      if (c === '\\') {
        const d = text[i + 1];
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (d === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        if (d !== undefined && map[d] !== undefined) {
          out += map[d];
          i += 2;
          continue;
        }
        throw new Stop(i, 'invalid escape sequence in a string');
      }
      out += c;
      i++;
    }
    throw new Stop(start, 'unclosed string: the quote opened here is never closed');
  }

  function lineOf(offset: number): number {
    let l = 0;
    for (let k = 0; k < offset; k++) if (text.charCodeAt(k) === 10) l++;
    return l;
  }

  try {
    value((v) => (root = v), 0);
    ws();
    if (i < n) throw new Stop(i, `unexpected ${describe()} after the end of the document`);
    return { root };
  } catch (e) {
    if (e instanceof Stop) return { root, error: { offset: e.offset, message: e.message, ...(e.tooDeep ? { tooDeep: true } : {}) } };
    throw e;
  }
}

/** Plain value of a node (incomplete nodes give what was read). */
export function plain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const m of node.members) out[m.key] = plain(m.value);
      return out;
    }
    case 'array':
      return node.items.map(plain);
    default:
      return node.value;
  }
}

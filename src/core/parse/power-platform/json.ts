/**
 * A small JSON scanner that keeps the source offsets of every key and value, so facts can
 * carry exact ranges. No dependency, no eval. On a syntax error it stops and returns what it
 * had read so far (objects and arrays are attached to their parent as soon as they open), plus
 * the error offset — so a broken flow still yields the actions read before the break.
 */

export interface JBase {
  start: number;
  end: number;
}
export interface JEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JNode;
}
export interface JObject extends JBase {
  kind: 'object';
  entries: JEntry[];
}
export interface JArray extends JBase {
  kind: 'array';
  items: JNode[];
}
export interface JScalar extends JBase {
  kind: 'string' | 'number' | 'boolean' | 'null';
  value: string | number | boolean | null;
}
export type JNode = JObject | JArray | JScalar;

export interface JsonResult {
  root?: JNode;
  error?: { offset: number; message: string };
}

const MAX_DEPTH = 256;

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parseJson(text: string): JsonResult {
  let i = 0;
  const open: (JObject | JArray)[] = [];
  let root: JNode | undefined;

  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, at);
  };
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };

  const readString = (): string => {
    // text[i] === '"'
    const start = i;
    i++;
    let out = '';
    let chunk = i;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(chunk, i);
        i++;
        return out;
      }
      if (c === 92) {
        out += text.slice(chunk, i);
        const e = text[i + 1];
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += e;
            i += 2;
            break;
          case 'b':
            out += '\b';
            i += 2;
            break;
          case 'f':
            out += '\f';
            i += 2;
            break;
          case 'n':
            out += '\n';
            i += 2;
            break;
          case 'r':
            out += '\r';
            i += 2;
            break;
          case 't':
            out += '\t';
            i += 2;
            break;
          case 'u': {
            const hex = text.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape in string', i);
            out += String.fromCharCode(parseInt(hex, 16));
            i += 6;
            break;
          }
          default:
            fail('bad escape in string', i);
        }
        chunk = i;
        continue;
      }
      if (c < 32 && c !== 9) fail('control character in string', i);
      i++;
    }
    return fail('unterminated string', start);
  };

  const parseValue = (attach: (n: JNode) => void, depth: number): void => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    ws();
    if (i >= text.length) fail('unexpected end of input');
    const c = text[i];
    const start = i;
    if (c === '{') {
      const node: JObject = { kind: 'object', start, end: start + 1, entries: [] };
      attach(node);
      open.push(node);
      i++;
      ws();
      if (text[i] === '}') {
        i++;
      } else {
        for (;;) {
          ws();
          if (text[i] !== '"') fail('expected a property name in double quotes');
          const keyStart = i;
          const key = readString();
          const keyEnd = i;
          ws();
          if (text[i] !== ':') fail("expected ':' after property name");
          i++;
          parseValue((v) => node.entries.push({ key, keyStart, keyEnd, value: v }), depth + 1);
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === '}') {
            i++;
            break;
          }
          fail("expected ',' or '}' in object");
        }
      }
      node.end = i;
      open.pop();
      return;
    }
    if (c === '[') {
      const node: JArray = { kind: 'array', start, end: start + 1, items: [] };
      attach(node);
      open.push(node);
      i++;
      ws();
      if (text[i] === ']') {
        i++;
      } else {
        for (;;) {
          parseValue((v) => node.items.push(v), depth + 1);
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === ']') {
            i++;
            break;
          }
          fail("expected ',' or ']' in array");
        }
      }
      node.end = i;
      open.pop();
      return;
    }
    if (c === '"') {
      const value = readString();
      attach({ kind: 'string', start, end: i, value });
      return;
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (m && m[0].length > 0 && (c === '-' || (c >= '0' && c <= '9'))) {
      i += m[0].length;
      attach({ kind: 'number', start, end: i, value: Number(m[0]) });
      return;
    }
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        attach({ kind: value === null ? 'null' : 'boolean', start, end: i, value });
        return;
      }
    }
    fail(`unexpected character '${c}'`);
  };

  try {
    parseValue((n) => (root = n), 0);
    ws();
    if (i < text.length) fail('unexpected text after the JSON value');
    return { root };
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      for (const n of open) n.end = e.offset;
      return { root, error: { offset: e.offset, message: e.message } };
    }
    throw e;
  }
}

// ───────────── navigation ─────────────

export function isObj(n: JNode | undefined): n is JObject {
  return n?.kind === 'object';
}

export function entry(n: JNode | undefined, key: string): JEntry | undefined {
  if (!isObj(n)) return undefined;
  for (let k = n.entries.length - 1; k >= 0; k--) if (n.entries[k].key === key) return n.entries[k];
  return undefined;
}

/** Case-insensitive lookup (exports differ in case between tools). */
export function entryCI(n: JNode | undefined, key: string): JEntry | undefined {
  if (!isObj(n)) return undefined;
  const k = key.toLowerCase();
  return n.entries.find((e) => e.key.toLowerCase() === k);
}

export function child(n: JNode | undefined, ...path: string[]): JNode | undefined {
  let cur = n;
  for (const p of path) cur = entry(cur, p)?.value;
  return cur;
}

export function strAt(n: JNode | undefined, ...path: string[]): string | undefined {
  const v = child(n, ...path);
  return v?.kind === 'string' ? (v.value as string) : undefined;
}

export function scalarAt(n: JNode | undefined, ...path: string[]): string | number | boolean | null | undefined {
  const v = child(n, ...path);
  return v && v.kind !== 'object' && v.kind !== 'array' ? v.value : undefined;
}

export type Plain = string | number | boolean | null | Plain[] | { [k: string]: Plain };

/** The node as a plain value. */
export function plain(n: JNode | undefined): Plain | undefined {
  if (!n) return undefined;
  switch (n.kind) {
    case 'object': {
      const o: { [k: string]: Plain } = {};
      for (const e of n.entries) {
        const v = plain(e.value);
        if (v !== undefined) o[e.key] = v;
      }
      return o;
    }
    case 'array':
      return n.items.map((x) => plain(x)).filter((x): x is Plain => x !== undefined);
    default:
      return n.value;
  }
}

/**
 * A small TOML reader: enough for `pyproject.toml` and `Pipfile` dependency tables (tables,
 * arrays of tables, dotted and quoted keys, basic/literal/multi-line strings, arrays, inline
 * tables, scalars). It keeps offsets of every value and collects errors instead of throwing;
 * a broken line is skipped and reading goes on at the next one. Arrays and inline tables
 * nesting deeper than `MAX_TOML_DEPTH` are such an error (not a stack overflow). Only the
 * first `MAX_TOML_ERRORS` errors are kept; the others are counted in `omitted`.
 */

/** Deepest nesting of arrays and inline tables read. */
export const MAX_TOML_DEPTH = 128;

/** Errors kept per file; a file broken on every line still costs this many, not one per line. */
export const MAX_TOML_ERRORS = 100;

export type TValue =
  | { t: 'string'; v: string; s: number; e: number }
  | { t: 'scalar'; v: string; s: number; e: number }
  | { t: 'array'; v: TValue[]; s: number; e: number }
  | { t: 'table'; v: Map<string, TValue>; s: number; e: number; /** offsets of each key */ keys: Map<string, [number, number]> };

export interface TomlResult {
  root: TValue & { t: 'table' };
  errors: { offset: number; message: string }[];
  /** How many errors were found past the first `MAX_TOML_ERRORS` (counted, not kept), and the first of them. */
  omitted: number;
  firstOmitted?: { offset: number; message: string };
}

const BARE = /[A-Za-z0-9_-]/;

export function parseToml(text: string): TomlResult {
  const errors: TomlResult['errors'] = [];
  const root: TValue & { t: 'table' } = { t: 'table', v: new Map(), s: 0, e: text.length, keys: new Map() };
  let current = root;
  let i = 0;
  const n = text.length;

  const skipWs = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  const skipWsNl = () => {
    for (;;) {
      while (i < n && /[ \t\r\n]/.test(text[i])) i++;
      if (text[i] === '#') {
        while (i < n && text[i] !== '\n') i++;
        continue;
      }
      break;
    }
  };
  const toLineEnd = () => {
    while (i < n && text[i] !== '\n') i++;
  };
  // One error object, thrown to unwind to the line loop: building an Error per broken line
  // (a stack trace each) made a file broken on every line cost about 5 µs a line.
  const stop = new Error('TOML syntax error');
  let failAt = 0;
  let failMessage = '';
  let omitted = 0;
  let firstOmitted: TomlResult['firstOmitted'];
  const fail = (msg: string): never => {
    failAt = i;
    failMessage = msg;
    throw stop;
  };

  const key = (): [string, number, number][] => {
    const parts: [string, number, number][] = [];
    for (;;) {
      skipWs();
      const s = i;
      if (text[i] === '"' || text[i] === "'") {
        const v = str();
        parts.push([v.v, s, i]);
      } else {
        while (i < n && BARE.test(text[i])) i++;
        if (i === s) fail('Expected a key.');
        parts.push([text.slice(s, i), s, i]);
      }
      skipWs();
      if (text[i] === '.') {
        i++;
        continue;
      }
      return parts;
    }
  };

  const str = (): { t: 'string'; v: string; s: number; e: number } => {
    const s = i;
    const q = text[i];
    const triple = text.startsWith(q.repeat(3), i);
    i += triple ? 3 : 1;
    if (triple && text[i] === '\n') i++;
    else if (triple && text[i] === '\r' && text[i + 1] === '\n') i += 2;
    let v = '';
    while (i < n) {
      const c = text[i];
      if (triple && text.startsWith(q.repeat(3), i)) {
        i += 3;
        while (text[i] === q) {
          v += q;
          i++;
        }
        return { t: 'string', v, s, e: i };
      }
      if (!triple && c === q) {
        i++;
        return { t: 'string', v, s, e: i };
      }
      if (!triple && c === '\n') fail('Unterminated string.');
      if (c === '\\' && q === '"') {
        const d = text[i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', b: '\b', f: '\f' };
        if (d === 'u' || d === 'U') {
          const len = d === 'u' ? 4 : 8;
          const cp = parseInt(text.slice(i + 2, i + 2 + len), 16);
          v += Number.isFinite(cp) && cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
          i += 2 + len;
        } else if (triple && (d === '\n' || d === '\r' || d === ' ')) {
          i++;
          while (i < n && /[ \t\r\n]/.test(text[i])) i++;
        } else {
          v += map[d] ?? d;
          i += 2;
        }
        continue;
      }
      v += c;
      i++;
    }
    return fail('Unterminated string.');
  };

  const value = (depth = 0): TValue => {
    skipWs();
    const s = i;
    const c = text[i];
    if (c === '"' || c === "'") return str();
    if ((c === '[' || c === '{') && depth >= MAX_TOML_DEPTH) fail(`Arrays and inline tables nest more than ${MAX_TOML_DEPTH} levels deep here.`);
    if (c === '[') {
      i++;
      const items: TValue[] = [];
      for (;;) {
        skipWsNl();
        if (text[i] === ']') {
          i++;
          return { t: 'array', v: items, s, e: i };
        }
        if (i >= n) fail('Unclosed array.');
        items.push(value(depth + 1));
        skipWsNl();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') fail('Expected a comma or a closing bracket in the array.');
      }
    }
    if (c === '{') {
      i++;
      const tbl: TValue & { t: 'table' } = { t: 'table', v: new Map(), s, e: s, keys: new Map() };
      skipWs();
      if (text[i] === '}') {
        i++;
        tbl.e = i;
        return tbl;
      }
      for (;;) {
        const k = key();
        skipWs();
        if (text[i] !== '=') fail('Expected = in the inline table.');
        i++;
        assign(tbl, k, value(depth + 1));
        skipWs();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          tbl.e = i;
          return tbl;
        }
        fail('Expected a comma or a closing brace in the inline table.');
      }
    }
    while (i < n && !/[,\]}\r\n#]/.test(text[i])) i++;
    const raw = text.slice(s, i).trim();
    if (!raw) fail('Expected a value.');
    if (!/^([+-]?[\d_.eE+-]+|true|false|[+-]?(inf|nan)|0x[\da-fA-F_]+|0o[0-7_]+|0b[01_]+|\d{4}-\d{2}-\d{2}.*|\d{2}:\d{2}.*)$/.test(raw)) fail(`Unexpected value ${JSON.stringify(raw.slice(0, 20))}.`);
    return { t: 'scalar', v: raw, s, e: s + raw.length };
  };

  const assign = (tbl: TValue & { t: 'table' }, k: [string, number, number][], v: TValue) => {
    let t = tbl;
    for (let p = 0; p < k.length - 1; p++) t = child(t, k[p][0], k[p][1], k[p][2]);
    const last = k[k.length - 1];
    t.v.set(last[0], v);
    t.keys.set(last[0], [last[1], last[2]]);
  };

  const child = (tbl: TValue & { t: 'table' }, name: string, s: number, e: number): TValue & { t: 'table' } => {
    let c = tbl.v.get(name);
    if (c?.t === 'array' && c.v.length > 0 && c.v[c.v.length - 1].t === 'table') return c.v[c.v.length - 1] as TValue & { t: 'table' };
    if (!c || c.t !== 'table') {
      c = { t: 'table', v: new Map(), s, e, keys: new Map() };
      tbl.v.set(name, c);
      tbl.keys.set(name, [s, e]);
    }
    return c as TValue & { t: 'table' };
  };

  while (i < n) {
    skipWsNl();
    if (i >= n) break;
    const lineStart = i;
    try {
      if (text[i] === '[') {
        const arr = text[i + 1] === '[';
        i += arr ? 2 : 1;
        const k = key();
        if (!text.startsWith(arr ? ']]' : ']', i)) fail('Expected ] to close the table header.');
        i += arr ? 2 : 1;
        let t = root;
        for (let p = 0; p < k.length - (arr ? 1 : 0); p++) t = child(t, k[p][0], k[p][1], k[p][2]);
        if (arr) {
          const last = k[k.length - 1];
          let list = t.v.get(last[0]);
          if (!list || list.t !== 'array') {
            list = { t: 'array', v: [], s: lineStart, e: i };
            t.v.set(last[0], list);
            t.keys.set(last[0], [last[1], last[2]]);
          }
          const tbl: TValue & { t: 'table' } = { t: 'table', v: new Map(), s: lineStart, e: i, keys: new Map() };
          list.v.push(tbl);
          t = tbl;
        } else {
          t.s = lineStart;
        }
        current = t;
        skipWs();
        if (text[i] === '#') toLineEnd();
        else if (i < n && text[i] !== '\n' && text[i] !== '\r') fail('Unexpected text after the table header.');
        continue;
      }
      const k = key();
      skipWs();
      if (text[i] !== '=') fail('Expected = after the key.');
      i++;
      const v = value();
      assign(current, k, v);
      skipWs();
      if (text[i] === '#') toLineEnd();
      else if (i < n && text[i] !== '\n' && text[i] !== '\r') fail('Unexpected text after the value.');
    } catch (err) {
      if (err === stop) {
        if (errors.length < MAX_TOML_ERRORS) errors.push({ offset: failAt, message: failMessage });
        else if (omitted++ === 0) firstOmitted = { offset: failAt, message: failMessage };
        i = Math.max(i, lineStart + 1);
        toLineEnd();
      } else throw err;
    }
  }
  return { root, errors, omitted, firstOmitted };
}

export function tget(t: TValue | undefined, ...path: string[]): TValue | undefined {
  let cur = t;
  for (const p of path) {
    if (!cur || cur.t !== 'table') return undefined;
    cur = cur.v.get(p);
  }
  return cur;
}

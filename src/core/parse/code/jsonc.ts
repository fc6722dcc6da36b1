/**
 * A JSON reader that keeps offsets (for ranges) and tolerates JSONC (comments, trailing
 * commas) when asked. Errors are collected, never thrown; what could be read is returned.
 */
import type { FactValue } from '../../model';

export type JNode =
  | { type: 'object'; s: number; e: number; props: JProp[] }
  | { type: 'array'; s: number; e: number; items: JNode[] }
  | { type: 'string'; s: number; e: number; value: string }
  | { type: 'number'; s: number; e: number; value: number }
  | { type: 'boolean'; s: number; e: number; value: boolean }
  | { type: 'null'; s: number; e: number; value: null };

export interface JProp {
  key: string;
  ks: number;
  ke: number;
  value: JNode;
}

export interface JsonError {
  offset: number;
  message: string;
}

export interface JsonResult {
  root?: JNode;
  errors: JsonError[];
}

export function parseJson(text: string, opts: { jsonc?: boolean } = {}): JsonResult {
  const errors: JsonError[] = [];
  let i = 0;
  const n = text.length;
  const jsonc = !!opts.jsonc;
  let depth = 0;

  const ws = () => {
    for (;;) {
      while (i < n && /[ \t\r\n\ufeff]/.test(text[i])) i++;
      if (text[i] === '/' && text[i + 1] === '/') {
        if (!jsonc) errors.push({ offset: i, message: 'Comments are not allowed in JSON.' });
        while (i < n && text[i] !== '\n') i++;
        continue;
      }
      if (text[i] === '/' && text[i + 1] === '*') {
        if (!jsonc) errors.push({ offset: i, message: 'Comments are not allowed in JSON.' });
        const end = text.indexOf('*/', i + 2);
        i = end === -1 ? n : end + 2;
        continue;
      }
      break;
    }
  };

  const str = (): { value: string; s: number; e: number } => {
    const s = i;
    i++; // opening quote
    let value = '';
    while (i < n) {
      const c = text[i];
      if (c === '"') {
        i++;
        return { value, s, e: i };
      }
      if (c === '\\') {
        const d = text[i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
        if (d === 'u') {
          const hex = text.slice(i + 2, i + 6);
          value += /^[0-9a-fA-F]{4}$/.test(hex) ? String.fromCharCode(parseInt(hex, 16)) : '';
          i += 6;
        } else {
          value += map[d] ?? d ?? '';
          i += 2;
        }
        continue;
      }
      if (c === '\n') {
        errors.push({ offset: i, message: 'Unterminated string.' });
        return { value, s, e: i };
      }
      value += c;
      i++;
    }
    errors.push({ offset: s, message: 'Unterminated string.' });
    return { value, s, e: n };
  };

  const value = (): JNode | undefined => {
    ws();
    if (i >= n) {
      errors.push({ offset: n, message: 'Unexpected end of the file.' });
      return undefined;
    }
    const c = text[i];
    const s = i;
    if (c === '{' || c === '[') {
      if (++depth > 200) {
        errors.push({ offset: i, message: 'Nesting is too deep.' });
        i = n;
        return undefined;
      }
      const node = c === '{' ? object() : array();
      depth--;
      return node;
    }
    if (c === '"') {
      const r = str();
      return { type: 'string', s: r.s, e: r.e, value: r.value };
    }
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (m) {
      i += m[0].length;
      if (m[0] === 'true' || m[0] === 'false') return { type: 'boolean', s, e: i, value: m[0] === 'true' };
      if (m[0] === 'null') return { type: 'null', s, e: i, value: null };
      return { type: 'number', s, e: i, value: Number(m[0]) };
    }
    errors.push({ offset: i, message: `Unexpected character ${JSON.stringify(c)}.` });
    i++;
    return undefined;
  };

  const object = (): JNode => {
    const s = i;
    i++;
    const props: JProp[] = [];
    for (;;) {
      ws();
      if (text[i] === '}') {
        i++;
        return { type: 'object', s, e: i, props };
      }
      if (i >= n) {
        errors.push({ offset: s, message: 'Unclosed object.' });
        return { type: 'object', s, e: n, props };
      }
      if (text[i] !== '"') {
        errors.push({ offset: i, message: 'Expected a property name in double quotes.' });
        // recover: skip to the next comma or closing brace
        while (i < n && text[i] !== ',' && text[i] !== '}') i++;
        if (text[i] === ',') i++;
        continue;
      }
      const k = str();
      ws();
      if (text[i] !== ':') {
        errors.push({ offset: i, message: 'Expected a colon after the property name.' });
      } else i++;
      const v = value();
      if (v) props.push({ key: k.value, ks: k.s, ke: k.e, value: v });
      ws();
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === '}' && !jsonc) errors.push({ offset: i, message: 'Trailing comma.' });
      } else if (text[i] !== '}') {
        errors.push({ offset: i, message: 'Expected a comma or a closing brace.' });
        if (i >= n) return { type: 'object', s, e: n, props };
        if (!v) i++;
      }
    }
  };

  const array = (): JNode => {
    const s = i;
    i++;
    const items: JNode[] = [];
    for (;;) {
      ws();
      if (text[i] === ']') {
        i++;
        return { type: 'array', s, e: i, items };
      }
      if (i >= n) {
        errors.push({ offset: s, message: 'Unclosed array.' });
        return { type: 'array', s, e: n, items };
      }
      const v = value();
      if (v) items.push(v);
      ws();
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === ']' && !jsonc) errors.push({ offset: i, message: 'Trailing comma.' });
      } else if (text[i] !== ']') {
        errors.push({ offset: i, message: 'Expected a comma or a closing bracket.' });
        if (i >= n) return { type: 'array', s, e: n, items };
        if (!v) i++;
      }
    }
  };

  const root = value();
  ws();
  if (i < n && root) errors.push({ offset: i, message: 'Unexpected content after the JSON value.' });
  return { root, errors };
}

export function prop(node: JNode | undefined, key: string): JNode | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (let k = node.props.length - 1; k >= 0; k--) if (node.props[k].key === key) return node.props[k].value;
  return undefined;
}

export function propEntry(node: JNode | undefined, key: string): JProp | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (let k = node.props.length - 1; k >= 0; k--) if (node.props[k].key === key) return node.props[k];
  return undefined;
}

export function strValue(node: JNode | undefined): string | undefined {
  return node?.type === 'string' ? node.value : undefined;
}

export function toValue(node: JNode | undefined): FactValue {
  if (!node) return null;
  switch (node.type) {
    case 'object': {
      const o: Record<string, FactValue> = {};
      for (const p of node.props) o[p.key] = toValue(p.value);
      return o;
    }
    case 'array':
      return node.items.map(toValue);
    default:
      return node.value;
  }
}

/**
 * Decodes the JSON string literal at [s, e) and maps every decoded character to its offset in
 * the file (escapes make the two differ). `map[k]` is the offset of decoded char k; one extra
 * entry points at the closing quote.
 */
export function decodeWithMap(text: string, s: number, e: number): { value: string; map: number[] } {
  let value = '';
  const map: number[] = [];
  let i = s + 1;
  const end = text[e - 1] === '"' ? e - 1 : e;
  while (i < end) {
    const c = text[i];
    if (c === '\\') {
      const d = text[i + 1];
      let ch: string;
      let len = 2;
      if (d === 'u') {
        const hex = text.slice(i + 2, i + 6);
        ch = /^[0-9a-fA-F]{4}$/.test(hex) ? String.fromCharCode(parseInt(hex, 16)) : '';
        len = 6;
      } else ch = ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[d] ?? d ?? '';
      for (let k = 0; k < ch.length; k++) {
        value += ch[k];
        map.push(i);
      }
      i += len;
      continue;
    }
    value += c;
    map.push(i);
    i++;
  }
  map.push(end);
  return { value, map };
}

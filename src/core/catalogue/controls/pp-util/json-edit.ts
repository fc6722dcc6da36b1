/**
 * Text edits on JSON files that keep the file's own layout: new members are written with the
 * indentation of their siblings, values are replaced in place, and nothing else moves. Used by
 * the Power Platform fixes (flow definitions, DLP policy exports). Offsets are UTF-16 indexes
 * into the text; `toTextEdits` turns them into the core's line / character edits.
 */
import { positionAt } from '../../../edits';
import type { TextEdit } from '../../../model';
import { type JEntry, type JNode, type JObject, entry, isObj, parseJson } from '../../../parse/power-platform/json';

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export function toTextEdits(file: string, text: string, edits: readonly OffsetEdit[]): TextEdit[] {
  return edits.map((e) => ({ file, range: { start: positionAt(text, e.start), end: positionAt(text, e.end) }, newText: e.newText }));
}

/** Applies offset edits (non-overlapping) to a text. */
export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let floor = Number.POSITIVE_INFINITY;
  for (const e of sorted) {
    if (e.end > floor) throw new Error('overlapping edits');
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    floor = e.start;
  }
  return out;
}

/** The parsed document, or undefined when the text is not valid JSON (no fix on a broken file). */
export function parseStrict(text: string): JNode | undefined {
  const r = parseJson(text);
  return r.error ? undefined : r.root;
}

/** The whitespace that starts the line holding `offset`. */
export function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const m = /^[ \t]*/.exec(text.slice(lineStart, offset));
  return m ? m[0] : '';
}

/** The file's indentation step, judged from its first indented line (two spaces by default). */
export function indentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return '  ';
  if (m[1].startsWith('\t')) return '\t';
  return m[1].length >= 2 && m[1].length <= 8 ? ' '.repeat(m[1].length) : '  ';
}

/** Line break style of the text. */
export function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * A value as JSON text, laid out with `unit` per level and every line after the first
 * prefixed with `base` (the indentation of the line the value starts on).
 */
export function formatValue(value: unknown, base: string, unit: string, nl = '\n'): string {
  const raw = JSON.stringify(value, null, unit);
  return raw.split('\n').join(nl + base);
}

/** Whether a member starts its own line (the layout the edits below rely on). */
function startsLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, offset));
}

/** Inserts `"key": value` as a new member before an existing member of the same object. */
export function insertMemberBefore(text: string, before: JEntry, key: string, value: unknown): OffsetEdit {
  const indent = lineIndent(text, before.keyStart);
  const unit = indentUnit(text);
  const nl = eol(text);
  if (!startsLine(text, before.keyStart)) {
    return { start: before.keyStart, end: before.keyStart, newText: `${JSON.stringify(key)}: ${JSON.stringify(value)}, ` };
  }
  return { start: before.keyStart, end: before.keyStart, newText: `${JSON.stringify(key)}: ${formatValue(value, indent, unit, nl)},${nl}${indent}` };
}

/** Appends `"key": value` as the last member of an object (an empty object included). */
export function appendMember(text: string, obj: JObject, key: string, value: unknown): OffsetEdit {
  const unit = indentUnit(text);
  const nl = eol(text);
  const last = obj.entries[obj.entries.length - 1];
  if (!last) {
    const indent = lineIndent(text, obj.start);
    const inner = indent + unit;
    return { start: obj.start, end: obj.end, newText: `{${nl}${inner}${JSON.stringify(key)}: ${formatValue(value, inner, unit, nl)}${nl}${indent}}` };
  }
  if (!startsLine(text, last.keyStart)) {
    return { start: last.value.end, end: last.value.end, newText: `, ${JSON.stringify(key)}: ${JSON.stringify(value)}` };
  }
  const indent = lineIndent(text, last.keyStart);
  return { start: last.value.end, end: last.value.end, newText: `,${nl}${indent}${JSON.stringify(key)}: ${formatValue(value, indent, unit, nl)}` };
}

/** Inserts `"key": value` as the first member of an object. */
export function prependMember(text: string, obj: JObject, key: string, value: unknown): OffsetEdit {
  const first = obj.entries[0];
  if (first) return insertMemberBefore(text, first, key, value);
  return appendMember(text, obj, key, value);
}

/** Appends an item to an array, on its own line when the array's items are. */
export function appendItem(text: string, arr: JNode & { kind: 'array' }, value: unknown): OffsetEdit {
  const unit = indentUnit(text);
  const nl = eol(text);
  const last = arr.items[arr.items.length - 1];
  if (!last) {
    const indent = lineIndent(text, arr.start);
    const inner = indent + unit;
    return { start: arr.start, end: arr.end, newText: `[${nl}${inner}${formatValue(value, inner, unit, nl)}${nl}${indent}]` };
  }
  if (!startsLine(text, last.start)) return { start: last.end, end: last.end, newText: `, ${JSON.stringify(value)}` };
  const indent = lineIndent(text, last.start);
  return { start: last.end, end: last.end, newText: `,${nl}${indent}${formatValue(value, indent, unit, nl)}` };
}

/** Replaces a value node, laying the new value out from the indentation of its line. */
export function replaceValue(text: string, node: JNode, value: unknown): OffsetEdit {
  const indent = lineIndent(text, node.start);
  return { start: node.start, end: node.end, newText: formatValue(value, indent, indentUnit(text), eol(text)) };
}

/** The node at a path of keys, or undefined. */
export function at(root: JNode | undefined, ...path: string[]): JNode | undefined {
  let cur = root;
  for (const p of path) cur = entry(cur, p)?.value;
  return cur;
}

/** The object at a path, or undefined. */
export function objectAt(root: JNode | undefined, ...path: string[]): JObject | undefined {
  const n = at(root, ...path);
  return isObj(n) ? n : undefined;
}

/** The innermost string node that starts at `offset` (the node a fact's range points at). */
export function stringNodeAt(root: JNode | undefined, offset: number): { node: JNode; key?: string; parent?: JObject } | undefined {
  let found: { node: JNode; key?: string; parent?: JObject } | undefined;
  const walk = (n: JNode, key: string | undefined, parent: JObject | undefined, depth: number): void => {
    if (found || depth > 128 || offset < n.start || offset > n.end) return;
    if (n.kind === 'string' && n.start === offset) {
      found = { node: n, key, parent };
      return;
    }
    if (n.kind === 'object') for (const e of n.entries) walk(e.value, e.key, n, depth + 1);
    else if (n.kind === 'array') for (const x of n.items) walk(x, key, undefined, depth + 1);
  };
  if (root) walk(root, undefined, undefined, 0);
  return found;
}

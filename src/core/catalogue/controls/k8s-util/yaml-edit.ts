/**
 * Text edits on Kubernetes YAML that keep the file's comments and layout: the fix builders of
 * the k8s detectors insert keys into block mappings with the indentation the file already
 * uses, append items to block sequences, append whole documents after `---`, and replace
 * scalars. Everything works from the ranges the Kubernetes reader put on the facts
 * (`attributeRanges`: key and value of each dot path) and the file's text.
 *
 * The helpers refuse (return undefined) where a blind edit could break the file: flow
 * collections (`{a: 1}`, `[x]`, JSON), Helm templates and objects rebuilt by Kustomize
 * (their values may come from a patch in another file).
 */
import { positionAt } from '../../../edits';
import type { Fact, Range, TextEdit } from '../../../model';

/** The file's line break. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function lineAt(text: string, line: number): string {
  const lines = text.split('\n');
  return (lines[line] ?? '').replace(/\r$/, '');
}

/**
 * The indentation step the file uses: the smallest positive difference between the
 * indentation of a line and that of the nearest less-indented line before it (2 when the
 * file gives no clue).
 */
export function indentStep(text: string): number {
  const known = steps.get(text);
  if (known !== undefined) return known;
  const step = computeIndentStep(text);
  if (steps.size >= 16) steps.delete(steps.keys().next().value as string);
  steps.set(text, step);
  return step;
}

/** `indentStep` remembered for the last few texts: the fixes of many workloads edit the same files. */
const steps = new Map<string, number>();

function computeIndentStep(text: string): number {
  const lines = text.split('\n');
  let best = 0;
  const stack: number[] = [];
  for (const raw of lines) {
    const l = raw.replace(/\r$/, '');
    if (!l.trim() || /^\s*#/.test(l) || /^---/.test(l)) continue;
    const ind = l.length - l.trimStart().length;
    while (stack.length && (stack[stack.length - 1] ?? 0) >= ind) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent !== undefined) {
      const d = ind - parent;
      if (d > 0 && (best === 0 || d < best)) best = d;
    }
    stack.push(ind);
  }
  return best > 0 && best <= 8 ? best : 2;
}

/** Whether fixes may edit this object's text (not a Helm template, not JSON, not rebuilt by Kustomize). */
export function editable(fact: Fact): boolean {
  if (fact.file.endsWith('.json')) return false;
  return !(fact.hints ?? []).some((h) => h === 'helm:templated' || h.startsWith('kustomize:'));
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** The first key (in file order) directly under `path` in the fact's ranges. */
function firstChild(fact: Fact, path: string): { key: string; range: Range } | undefined {
  const prefix = path ? `${path}.` : '';
  let best: { key: string; range: Range } | undefined;
  for (const [k, r] of Object.entries(fact.attributeRanges ?? {})) {
    if (!k.startsWith(prefix) || k === path || !k) continue;
    if (!best || before(r.start, best.range.start)) best = { key: k, range: r };
  }
  return best;
}

/** The range of a path, or of the whole object for the root path ''. */
function rangeAt(fact: Fact, path: string): Range | undefined {
  return path ? fact.attributeRanges?.[path] : fact.range;
}

/** Last line that holds content of a range (a range ending at column 0 ends on the previous line). */
function lastLine(r: Range): number {
  return r.end.character === 0 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line;
}

/** Whether the text before `pos` on its line opens a flow collection or is not plain indentation. */
function blockPrefix(text: string, pos: Range['start']): boolean {
  const head = lineAt(text, pos.line).slice(0, pos.character);
  return /^[\s-]*$/.test(head);
}

/** The column where children of the mapping at `path` start, or undefined for an empty / flow mapping. */
export function childIndent(text: string, fact: Fact, path: string): number | undefined {
  const child = firstChild(fact, path);
  if (!child) return undefined;
  if (!blockPrefix(text, child.range.start)) return undefined;
  return child.range.start.character;
}

/** Block lines (relative indentation given with two spaces per level) re-indented to the file's step. */
export function reindent(lines: readonly string[], base: number, step: number): string[] {
  return lines.map((l) => {
    const lead = l.length - l.trimStart().length;
    const level = Math.floor(lead / 2);
    return ' '.repeat(base + level * step) + l.trimStart();
  });
}

/**
 * Inserts block lines as new keys of the block mapping at `path` (root '' = the document),
 * after its last line. `lines` use two spaces per nesting level; they are re-indented to the
 * file's step and the mapping's child column.
 */
export function insertIntoMapping(text: string, fact: Fact, path: string, lines: readonly string[]): TextEdit | undefined {
  const range = rangeAt(fact, path);
  const indent = childIndent(text, fact, path);
  if (!range || indent === undefined) return undefined;
  const end = lastLine(range);
  const eol = eolOf(text);
  const at = { line: end, character: lineAt(text, end).length };
  const step = indentStep(text);
  return { file: fact.file, range: { start: at, end: at }, newText: eol + reindent(lines, indent, step).join(eol) };
}

/**
 * Inserts a new key under `parent` when `path` is absent, or into `path` itself when it is a
 * block mapping. `under` are the lines below the key (two spaces per level, relative to it).
 * `key` is the last path segment to create.
 */
export function ensureMappingWith(text: string, fact: Fact, parent: string, key: string, under: readonly string[]): TextEdit | undefined {
  const path = parent ? `${parent}.${key}` : key;
  if (fact.attributeRanges?.[path]) return insertIntoMapping(text, fact, path, under);
  return insertIntoMapping(text, fact, parent, [`${key}:`, ...under.map((l) => `  ${l}`)]);
}

/**
 * Appends an item to the block sequence at `path`. `itemLines` is the item's content (two
 * spaces per level, the first line without the dash).
 */
export function appendToSequence(text: string, fact: Fact, path: string, itemLines: readonly string[]): TextEdit | undefined {
  const ranges = fact.attributeRanges ?? {};
  const seq = ranges[path];
  if (!seq) return undefined;
  let last: Range | undefined;
  let i = 0;
  while (ranges[`${path}.${i}`]) {
    last = ranges[`${path}.${i}`];
    i++;
  }
  if (!last) return undefined;
  const line = lineAt(text, last.start.line);
  const head = line.slice(0, last.start.character);
  const m = /^(\s*)-(\s+)$/.exec(head) ?? /^(\s*)-(\s+)(?:-\s+)*$/.exec(head);
  if (!m) return undefined;
  const dash = (m[1] ?? '').length;
  const content = last.start.character;
  const step = indentStep(text);
  const eol = eolOf(text);
  const end = lastLine(last);
  const at = { line: end, character: lineAt(text, end).length };
  const [first, ...rest] = itemLines;
  const out = [`${' '.repeat(dash)}-${' '.repeat(content - dash - 1)}${(first ?? '').trimStart()}`, ...reindent(rest, content, step)];
  return { file: fact.file, range: { start: at, end: at }, newText: eol + out.join(eol) };
}

/** Appends a YAML document (lines without indentation offset) after `---` at the end of the file. */
export function appendDocument(text: string, file: string, lines: readonly string[]): TextEdit {
  const eol = eolOf(text);
  const end = positionAt(text, text.length);
  const trimmedEnd = /\r?\n$/.test(text) || text.length === 0;
  const docEndsWithSeparator = /(^|\n)---\s*\r?\n?$/.test(text);
  const head = (trimmedEnd ? '' : eol) + (docEndsWithSeparator || text.length === 0 ? '' : `---${eol}`);
  const step = indentStep(text);
  return { file, range: { start: end, end }, newText: head + reindent(lines, 0, step).join(eol) + eol };
}

/** Replaces the text of a range. */
export function replaceRange(file: string, range: Range, newText: string): TextEdit {
  return { file, range, newText };
}

/**
 * The value part of a `key: value` range (from after the colon and its blanks to the range
 * end), for replacing a scalar.
 */
export function valueRangeOf(text: string, keyRange: Range): Range | undefined {
  if (keyRange.start.line !== keyRange.end.line) return undefined;
  const line = lineAt(text, keyRange.start.line);
  const seg = line.slice(keyRange.start.character, keyRange.end.character);
  const m = /^("[^"]*"|'[^']*'|[^:#]+?)\s*:\s+/.exec(seg);
  if (!m) return undefined;
  return { start: { line: keyRange.start.line, character: keyRange.start.character + m[0].length }, end: keyRange.end };
}

/** A YAML plain or double-quoted scalar for a string. */
export function yamlString(s: string): string {
  if (/^[A-Za-z0-9_./@-]+$/.test(s) && !/^(true|false|yes|no|on|off|null|~|[-+]?\d[\d._eE+-]*)$/i.test(s)) return s;
  return JSON.stringify(s);
}

/** A Kubernetes object name derived from another (lower case, at most 63 characters). */
export function dnsName(...parts: string[]): string {
  const s = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return (s.slice(0, 63).replace(/-$/, '') || 'workload');
}

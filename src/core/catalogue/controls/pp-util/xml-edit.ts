/**
 * Text edits on Salesforce metadata XML (GenAiFunction files, the `<localActions>` and
 * `<plannerActions>` of planner bundles and plugins) that keep the file's layout: a child
 * element's text is replaced in place, or a new child is written on its own line with the
 * indentation of its siblings, at the place the metadata API's alphabetical order puts it.
 * Also the same setting in Agent Script (`require_user_confirmation:` under an action).
 */
import { type XElement, parseXml } from '../../../parse/power-platform/xml';
import { type OffsetEdit, eol, lineIndent } from './json-edit';

/** The element whose start offset is `offset` (the element a fact's range starts at). */
export function elementAt(text: string, offset: number): XElement | undefined {
  const res = parseXml(text);
  let found: XElement | undefined;
  const walk = (el: XElement, depth: number) => {
    if (found || depth > 128) return;
    if (el.start === offset) {
      found = el;
      return;
    }
    for (const c of el.children) if (c.start <= offset && offset <= c.end) walk(c, depth + 1);
  };
  if (res.root) walk(res.root, 0);
  return found;
}

/** Whether the text parses as XML without errors. */
export function xmlParsesCleanly(text: string): boolean {
  const r = parseXml(text);
  return r.root !== undefined && r.errors.length === 0;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Sets `<tag>value</tag>` as a direct child of `parent`: replaces the text of an existing
 * child, or inserts a new child before the first sibling whose name sorts after `tag`.
 * Undefined when the element has an unusual shape (self-closing, children on one line).
 */
export function setChildText(text: string, parent: XElement, tag: string, value: string): OffsetEdit | undefined {
  const existing = parent.children.find((c) => c.local === tag);
  if (existing) {
    const open = text.indexOf('>', existing.nameEnd);
    const close = text.lastIndexOf('</', existing.end);
    if (open < 0 || close < 0 || close <= open) return undefined;
    return { start: open + 1, end: close, newText: esc(value) };
  }
  if (parent.children.length === 0) return undefined;
  const next = parent.children.find((c) => c.local.toLowerCase() > tag.toLowerCase());
  const nl = eol(text);
  if (next) {
    const indent = lineIndent(text, next.start);
    return { start: next.start, end: next.start, newText: `<${tag}>${esc(value)}</${tag}>${nl}${indent}` };
  }
  const last = parent.children[parent.children.length - 1];
  const indent = lineIndent(text, last.start);
  return { start: last.end, end: last.end, newText: `${nl}${indent}<${tag}>${esc(value)}</${tag}>` };
}

/**
 * Agent Script: sets `require_user_confirmation: True` on the action whose name starts at
 * `nameOffset` — replacing an existing value, or adding the line after the action's
 * `target:` line (or its first line) with the indentation of the action's other keys.
 */
export function setAgentScriptConfirmation(text: string, nameOffset: number): OffsetEdit | undefined {
  const lines = text.split(/(?<=\n)/);
  let offset = 0;
  let nameLine = -1;
  for (let i = 0; i < lines.length; i++) {
    if (offset <= nameOffset && nameOffset < offset + lines[i].length) {
      nameLine = i;
      break;
    }
    offset += lines[i].length;
  }
  if (nameLine < 0) return undefined;
  const width = (l: string) => l.length - l.replace(/^[ \t]+/, '').length;
  const nameIndent = width(lines[nameLine]);
  let bodyIndent: string | undefined;
  let insertAfter = nameLine;
  let cursor = offset + lines[nameLine].length;
  for (let i = nameLine + 1; i < lines.length; i++) {
    const l = lines[i];
    const start = cursor;
    cursor += l.length;
    if (/^\s*(#.*)?$/.test(l)) continue;
    const w = width(l);
    if (w <= nameIndent) break;
    bodyIndent ??= l.slice(0, w);
    if (w !== bodyIndent.length) continue;
    const m = /^(\s*)require_user_confirmation\s*:\s*(\S.*?)?\s*$/.exec(l.replace(/\r?\n$/, ''));
    if (m) {
      const vStart = start + l.indexOf(':') + 1;
      const vEnd = start + l.replace(/\r?\n$/, '').length;
      return { start: vStart, end: vEnd, newText: ' True' };
    }
    if (/^\s*target\s*:/.test(l)) insertAfter = i;
  }
  if (bodyIndent === undefined) return undefined;
  let at = 0;
  for (let i = 0; i <= insertAfter; i++) at += lines[i].length;
  const nl = lines[insertAfter].endsWith('\r\n') ? '\r\n' : '\n';
  const prefix = lines[insertAfter].endsWith('\n') ? '' : nl;
  return { start: at, end: at, newText: `${prefix}${bodyIndent}require_user_confirmation: True${prefix ? '' : nl}` };
}

/**
 * Fix builders for Terraform detectors, on top of the reader's edit helpers: set or insert an
 * attribute, add a nested block, append companion resources and the variables they need, all
 * in the file's own indentation. Cloud-agnostic.
 */
import type { Fact, FactValue, Fix, TextEdit } from '../../../model';
import { appendBlock, indentUnitOf, insertInBlock, replaceAttribute } from '../../../parse/terraform/edit';
import type { DetectorContext } from '../../types';
import { hasVariable, isHcl } from './facts';

/** `indentUnitOf` remembered for the last few file texts: fixes of many workloads land in the same files. */
const units = new Map<string, string>();
function unitOf(text: string): string {
  const known = units.get(text);
  if (known !== undefined) return known;
  const unit = indentUnitOf(text);
  if (units.size >= 16) units.delete(units.keys().next().value as string);
  units.set(text, unit);
  return unit;
}

/** Re-indents a block written with two-space steps to the file's indentation unit. */
export function reindent(hcl: string, fileText: string): string {
  const unit = unitOf(fileText);
  if (unit === '  ') return hcl;
  return hcl
    .split('\n')
    .map((l) => {
      const m = /^( *)(.*)$/.exec(l)!;
      return unit.repeat(Math.floor(m[1].length / 2)) + ' '.repeat(m[1].length % 2) + m[2];
    })
    .join('\n');
}

/** Lines written with two-space relative steps → the file's unit (for insertInBlock). */
function reindentLines(lines: string[], fileText: string): string[] {
  return reindent(lines.join('\n'), fileText).split('\n');
}

/** Inserts lines at the end of a block of `f` (the resource itself when `blockPath` is undefined). */
export function insertLines(ctx: DetectorContext, f: Fact, blockPath: string | undefined, lines: string[]): TextEdit | undefined {
  const t = ctx.text(f.file);
  if (t === undefined || !isHcl(f.file)) return undefined;
  return insertInBlock(f, blockPath, reindentLines(lines, t), t);
}

/** Sets `path` (an attribute of the resource or of a nested block) to `valueText`: replaces it if present, inserts it otherwise. */
export function setAttribute(ctx: DetectorContext, f: Fact, path: string, valueText: string): TextEdit | undefined {
  const t = ctx.text(f.file);
  if (t === undefined) return undefined;
  if (f.attributeRanges?.[path]) return replaceAttribute(f, path, valueText, t);
  if (!isHcl(f.file)) return undefined;
  const i = path.lastIndexOf('.');
  const block = i < 0 ? undefined : path.slice(0, i);
  const key = i < 0 ? path : path.slice(i + 1);
  if (block !== undefined && !f.attributeRanges?.[block]) return undefined;
  if (block === undefined) {
    const top = insertTopAttribute(f, `${key} = ${valueText}`, t);
    if (top) return top;
  }
  return insertInBlock(f, block, [`${key} = ${valueText}`], t);
}

function isBlockValue(v: FactValue | undefined): boolean {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x) && !('$ref' in x) && !('$expr' in x));
}

/**
 * Inserts a top-level attribute line after the resource's last attribute that comes before
 * its first nested block (so `kms_key_arn` lands among the attributes, not after the blocks).
 */
function insertTopAttribute(f: Fact, line: string, text: string): TextEdit | undefined {
  const ranges = f.attributeRanges ?? {};
  const keys = Object.keys(f.attributes).filter((k) => ranges[k]);
  const blocks = keys.filter((k) => isBlockValue(f.attributes[k]));
  if (blocks.length === 0) return undefined;
  const firstBlock = Math.min(...blocks.map((k) => ranges[k].start.line));
  const attrs = keys.filter((k) => !isBlockValue(f.attributes[k]) && ranges[k].end.line < firstBlock);
  const lines = text.split('\n');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (attrs.length === 0) {
    const indent = /^[ \t]*/.exec(lines[firstBlock] ?? '')?.[0] ?? '  ';
    const at = { line: firstBlock, character: 0 };
    return { file: f.file, range: { start: at, end: at }, newText: `${indent}${line}${eol}${eol}` };
  }
  const last = attrs.reduce((a, k) => (ranges[k].end.line > ranges[a].end.line ? k : a), attrs[0]);
  const r = ranges[last];
  const indent = /^[ \t]*/.exec(lines[r.start.line] ?? '')?.[0] ?? '  ';
  const at = { line: r.end.line + 1, character: 0 };
  return { file: f.file, range: { start: at, end: at }, newText: `${indent}${line}${eol}` };
}

export interface VariableSpec {
  name: string;
  description: string;
  type?: string;
}

function variableBlock(v: VariableSpec): string {
  return `variable "${v.name}" {\n  description = ${JSON.stringify(v.description)}\n  type        = ${v.type ?? 'string'}\n}\n`;
}

/**
 * Appends top-level blocks to `file`, plus a `variable` block for each variable the blocks or
 * the other edits of the fix use and that the root module does not declare yet.
 */
export function appendBlocks(ctx: DetectorContext, file: string, scope: string, blocks: string[], variables: VariableSpec[] = []): TextEdit | undefined | null {
  const t = ctx.text(file);
  if (t === undefined || !isHcl(file)) return undefined;
  const vars = variables.filter((v) => !hasVariable(ctx, v.name, scope)).map(variableBlock);
  const all = [...blocks, ...vars].map((b) => reindent(b.replace(/\n+$/, ''), t));
  if (all.length === 0) return null;
  return appendBlock(file, t, all.join('\n\n') + '\n');
}

/**
 * A fix from edits: none when any edit could not be built (`undefined`: the fix would be
 * incomplete); `null` means "nothing needed here" and is skipped.
 */
export function fixOf(title: string, kind: Fix['kind'], edits: (TextEdit | undefined | null)[]): Fix[] {
  if (edits.some((e) => e === undefined)) return [];
  const list = edits.filter((e): e is TextEdit => e !== undefined && e !== null);
  if (list.length === 0) return [];
  return [{ title, kind, edits: list }];
}

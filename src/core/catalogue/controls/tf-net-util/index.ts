/**
 * Shared Terraform lookups and fix builders of the NET and PRC detectors: which member
 * resources a workload has, companions in the same root module, what a value reads as,
 * and text edits that set an attribute (creating the nested blocks on the way) or append
 * a new block in the file's own indentation.
 */
import { evidence, get, isExpr, isRef, rangeOf, scanIndex, scanList, str, type ScanIndex } from '../../../facts';
import type { Evidence, Fact, FactValue, Fix, Location, TextEdit } from '../../../model';
import { appendBlock, indentUnitOf, insertInBlock, replaceAttribute } from '../../../parse/terraform/edit';
import { addressOfRef, refsInText } from '../../../parse/terraform/util';
import type { DetectorContext, DetectorOutcome, FactQuery } from '../../types';
import { hclLines, type HclItem } from './hcl';

export const TODO = 'TODO(ai-risk-gradient)';

export function isDefinition(f: Fact): boolean {
  return f.hints?.includes('module:definition') ?? false;
}

/** The workload's own resources (module instances included, module definitions left out). */
export function members(ctx: DetectorContext, ...types: string[]): Fact[] {
  return ctx.facts.filter((f) => f.kind === 'resource' && !isDefinition(f) && (types.length === 0 || types.includes(f.type)));
}

/** Resources and data sources of these types in the workload's root module. */
export function inScope(ctx: DetectorContext, ...types: string[]): Fact[] {
  const out: Fact[] = [];
  for (const t of types) {
    for (const f of byRoot(ctx.allFacts, t).get(ctx.workload.root)) out.push(f);
  }
  return out;
}

/** Facts of a type (module definitions and module calls left out) by root module; once per type and analysis. */
function byRoot(all: FactQuery, type: string): ScanIndex {
  return scanIndex(all, `tf-net-util:by-root:${type}`, (f) => (f.type === type && !isDefinition(f) && f.kind !== 'module' ? (f.scope ?? '.') : undefined), () => all.byType(type));
}

/**
 * Every fact of `type` whose module scope is `scope` (no scope counts as '.'), in scan order:
 * what `allFacts.byType(type).filter(same scope)` gives, read per scope, so a fact of that type
 * edited in another module does not make this reader run again.
 */
export function ofTypeIn(ctx: DetectorContext, type: string, scope: string | undefined): readonly Fact[] {
  const all = ctx.allFacts;
  return scanIndex(all, `tf-net-util:type-in-scope:${type}`, (f) => (f.type === type ? (f.scope ?? '.') : undefined), () => all.byType(type)).get(scope ?? '.');
}

/** Resources of these types anywhere in the scan (account-level companions). */
export function anywhere(ctx: DetectorContext, ...types: string[]): Fact[] {
  const out: Fact[] = [];
  for (const t of types) {
    const list = scanList(ctx.allFacts, `tf-net-util:anywhere:${t}`, (f) => f.type === t && !isDefinition(f) && f.kind === 'resource', () => ctx.allFacts.byType(t));
    for (const f of list) out.push(f);
  }
  return out;
}

/** Whether `f` references `target` (anywhere in its attributes). */
export function refersTo(f: Fact, target: Fact): boolean {
  return (f.references ?? []).includes(target.address);
}

/** Addresses a value points at (`$ref` markers, traversals inside `$expr`). */
export function addressesIn(v: FactValue | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap(addressesIn);
  if (isRef(v)) {
    const a = addressOfRef(v.$ref);
    return a ? [a] : [];
  }
  if (isExpr(v)) return refsInText(v.$expr);
  if (typeof v === 'object') return Object.values(v).flatMap(addressesIn);
  return [];
}

/** Whether the value at `path` of `f` references `target`. */
export function pathRefersTo(f: Fact, path: string, target: Fact): boolean {
  return addressesIn(get(f, path)).includes(target.address);
}

/** Source-like text of a value: the string, or the expression / reference text. */
export function textOf(v: FactValue | undefined): string | undefined {
  if (isExpr(v)) return v.$expr;
  if (isRef(v)) return v.$ref;
  return str(v);
}

/** A value a reviewer cannot read from the files. */
export function unknown(v: FactValue | undefined): boolean {
  return isExpr(v) || isRef(v);
}

/** A list value as items (a single value counts as one item). */
export function listOf(v: FactValue | undefined): FactValue[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

export function loc(f: Fact, path?: string): Location {
  return { file: f.file, range: rangeOf(f, path) };
}

/** Location of the attribute when it is written, else of the nearest written ancestor block, else the header. */
export function locAt(f: Fact, path: string): Location {
  const parts = path.split('.');
  for (let i = parts.length; i > 0; i--) {
    const p = parts.slice(0, i).join('.');
    if (f.attributeRanges?.[p]) return loc(f, p);
  }
  return loc(f);
}

export function ev(f: Fact, why: string, path?: string): Evidence {
  return evidence(f, why, path && f.attributeRanges?.[path] ? path : undefined);
}

export function met(message: string, evid: Evidence[]): DetectorOutcome {
  return { status: 'met', message, evidence: evid };
}

export function gap(status: 'missing' | 'partial' | 'unresolved', f: Fact, path: string | undefined, anchorKey: string, message: string, evid: Evidence[] = [], fixes: (Fix | undefined)[] = []): DetectorOutcome {
  return {
    status,
    message,
    location: path ? locAt(f, path) : loc(f),
    anchor: `${f.address}#${anchorKey}`,
    evidence: evid,
    fixes: fixes.filter((x): x is Fix => x !== undefined),
  };
}

/** A HCL label made from a resource name (`my-agent` → `my_agent`). */
export function label(s: string): string {
  const l = s.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^([^A-Za-z_])/, '_$1');
  return l || 'this';
}

/** A readable name a new resource can carry (`aws_x.my_agent` → `my-agent`). */
export function dashName(f: Fact): string {
  return (f.name ?? 'workload').replace(/_/g, '-').toLowerCase();
}

/** Re-indents a two-space HCL snippet to the file's indentation unit. */
export function reindent(hcl: string, text: string): string {
  const unit = indentUnitOf(text);
  if (unit === '  ') return hcl;
  return hcl
    .split('\n')
    .map((l) => {
      const m = /^( *)/.exec(l)![1];
      return unit.repeat(Math.floor(m.length / 2)) + l.slice(m.length);
    })
    .join('\n');
}

/** An edit that appends blocks (joined by blank lines) at the end of the file. */
export function appendBlocks(ctx: DetectorContext, file: string, blocks: string[]): TextEdit | undefined {
  const text = ctx.text(file);
  if (text === undefined || blocks.length === 0) return undefined;
  const e = appendBlock(file, text, reindent(blocks.join('\n\n'), text));
  // several findings may append at the same end position: when the file already ends with a
  // blank line, end the new text with one too so that the blocks stay separated
  if (/\r?\n\r?\n$/.test(text)) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    return { ...e, newText: e.newText + eol };
  }
  return e;
}

/** A `variable` block to append when the root module does not declare it yet. */
export function variableBlock(ctx: DetectorContext, scope: string, name: string, type: string, description: string, taken: Set<string>): string | undefined {
  if (taken.has(name)) return undefined;
  if (ctx.allFacts.byAddress(`var.${name}`, scope).some((f) => f.kind === 'variable')) return undefined;
  taken.add(name);
  return `variable "${name}" {\n  type        = ${type}\n  description = "${description}"\n}`;
}

/**
 * Sets `path` (dot path of blocks ending in an attribute) to `valueText`: replaces the
 * value when the attribute is written, otherwise inserts it in the nearest written block,
 * creating the missing nested blocks. `comment` goes after the value.
 */
export function setAttribute(ctx: DetectorContext, f: Fact, path: string, valueText: string, comment?: string): TextEdit | undefined {
  const text = ctx.text(f.file);
  if (text === undefined || !/\.tf$/.test(f.file)) return undefined;
  const tail = comment ? ` # ${comment}` : '';
  if (f.attributeRanges?.[path]) {
    const e = replaceAttribute(f, path, valueText, text);
    if (!e) return undefined;
    if (!tail) return e;
    // keep a trailing comment on the same line out of the replaced value
    return { ...e, newText: valueText + tail };
  }
  const parts = path.split('.');
  let i = parts.length - 1;
  while (i > 0 && !f.attributeRanges?.[parts.slice(0, i).join('.')]) i--;
  const block = i > 0 ? parts.slice(0, i).join('.') : undefined;
  const rest = parts.slice(i);
  const unit = indentUnitOf(text);
  const lines: string[] = [];
  rest.slice(0, -1).forEach((b, d) => lines.push(`${unit.repeat(d)}${b} {`));
  const depth = rest.length - 1;
  lines.push(`${unit.repeat(depth)}${rest[rest.length - 1]} = ${valueText}${tail}`);
  for (let d = depth - 1; d >= 0; d--) lines.push(`${unit.repeat(d)}}`);
  return insertInBlock(f, block, lines, text);
}

/** Inserts raw lines (relative indentation in the file's unit) at the end of a block. */
export function insertLines(ctx: DetectorContext, f: Fact, block: string | undefined, lines: string[]): TextEdit | undefined {
  const text = ctx.text(f.file);
  if (text === undefined || !/\.tf$/.test(f.file)) return undefined;
  const unit = indentUnitOf(text);
  const re = lines.map((l) => {
    const m = /^( *)/.exec(l)![1];
    return unit.repeat(Math.floor(m.length / 2)) + l.slice(m.length);
  });
  return insertInBlock(f, block, re, text);
}

/** A fix from edits; undefined when any edit could not be built. */
export function fixOf(title: string, kind: 'safe' | 'unsafe', edits: (TextEdit | undefined)[]): Fix | undefined {
  if (edits.length === 0 || edits.some((e) => e === undefined)) return undefined;
  return { title, kind, edits: edits as TextEdit[] };
}

/** Reference text for an attribute of a fact (`aws_vpc.main.id`). */
export function refText(f: Fact, attr: string): string {
  return `${f.address}.${attr}`;
}

/** Source text of an attribute as written, for reuse in generated blocks. */
export function sourceOf(ctx: DetectorContext, f: Fact, path: string): string | undefined {
  const r = f.attributeRanges?.[path];
  const text = ctx.text(f.file);
  if (!r || text === undefined) return undefined;
  const lines = text.split('\n');
  if (r.start.line !== r.end.line) return undefined;
  const line = lines[r.start.line] ?? '';
  const seg = line.slice(r.start.character, r.end.character);
  const m = /^[\w"-]+\s*=\s*(.+)$/.exec(seg.trim());
  return m ? m[1].replace(/\s+#.*$/, '').trim() : undefined;
}

/** Values of a literal, a string-list literal, or unknown. */
export function stringsOf(v: FactValue | undefined): { values: string[]; unknown: boolean } {
  const out: string[] = [];
  let unk = false;
  for (const x of listOf(v)) {
    if (typeof x === 'string') out.push(x);
    else unk = true;
  }
  if (unknown(v)) unk = true;
  return { values: out, unknown: unk };
}

/**
 * Sets several attributes of one resource in one go: written ones are replaced, missing
 * top-level ones (and missing nested blocks) are inserted together, in order and aligned, at
 * the end of the resource block.
 */
export function setAttributes(ctx: DetectorContext, f: Fact, sets: { path: string; value: string; comment?: string }[]): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const top: HclItem[] = [];
  const blocks = new Map<string, HclItem[]>();
  for (const s of sets) {
    const parts = s.path.split('.');
    const head = parts[0];
    if (f.attributeRanges?.[s.path] || (parts.length > 1 && f.attributeRanges?.[head])) {
      const e = setAttribute(ctx, f, s.path, s.value, s.comment);
      if (!e) return undefined;
      edits.push(e);
    } else if (parts.length === 1) top.push([s.path, s.comment ? `${s.value} # ${s.comment}` : s.value]);
    else if (parts.length === 2) {
      let items = blocks.get(head);
      if (!items) {
        items = [];
        blocks.set(head, items);
        top.push({ block: head, items });
      }
      items.push([parts[1], s.value]);
    } else return undefined;
  }
  if (top.length) {
    const e = insertLines(ctx, f, undefined, hclLines(top));
    if (!e) return undefined;
    edits.push(e);
  }
  return edits;
}

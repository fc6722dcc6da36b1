/**
 * Helm chart templates: masking `{{ … }}` so the YAML parser can read a template while every
 * position stays where it is in the original file, and substituting plain `.Values` reads.
 *
 * Masking (lengths never change, so offsets in the masked text are offsets in the original):
 * - a line made only of actions (and blanks) becomes a comment: its first non-blank
 *   character turns into `#` (`{{- if .Values.x }}` → `#{- if .Values.x }}`);
 * - an action inside a line is replaced by the same number of `H`s;
 * - a multi-line action masks each line by the same two rules.
 *
 * Substitution (done by `templateValueHook` while the masked text is converted to values):
 * - a scalar that holds actions is rebuilt from the original text with each action
 *   evaluated: `.Values.a.b`, `.Chart.Name|Version|AppVersion`, string and number literals,
 *   `default X …`, and the pipes `quote`, `squote`, `default`, `toString`, `lower`, `upper`,
 *   `trim`, `int`. If any action cannot be evaluated the value is `{ $expr: "<template>" }`;
 * - an empty value (`resources:`) followed by whole-line actions takes the value of
 *   `toYaml .Values.x` (or `toYaml .` inside `with .Values.x`), or `{ $expr }` when the
 *   following action prints something that cannot be evaluated (`include`, `tpl` …).
 */
import type { FactObject, FactValue } from '../../model';
import type { ValueHookContext } from '../yaml-util';
import { isPlainObject } from '../yaml-util';

export interface TemplateAction {
  start: number;
  /** Exclusive. */
  end: number;
  /** The text between the delimiters, trim markers and blanks removed. */
  inner: string;
  /** Values path that `.` stands for here (inside `with .Values.x`; '' for `with .Values`), undefined elsewhere. */
  dot: string | undefined;
}

export interface MaskedTemplate {
  masked: string;
  actions: TemplateAction[];
  /** Line index → the actions of that line when the line holds only actions. */
  wholeLines: Map<number, TemplateAction[]>;
  lineStarts: number[];
}

const CONTROL = /^(?:(?:if|else|end|with|range|define|block|break|continue)\b|\/\*)/;

export function maskTemplate(text: string): MaskedTemplate {
  const actions: TemplateAction[] = [];
  const stack: (string | undefined)[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    let j = open + 2;
    let close = -1;
    if (text.startsWith('/*', j) || text.startsWith('- /*', j)) {
      const endComment = text.indexOf('*/', j);
      const c = endComment < 0 ? -1 : text.indexOf('}}', endComment);
      close = c;
    } else {
      while (j < text.length) {
        const ch = text[j];
        if (ch === '"' || ch === '`') {
          const q = ch;
          j++;
          while (j < text.length && text[j] !== q && text[j] !== '\n') {
            if (text[j] === '\\' && q === '"') j++;
            j++;
          }
          j++;
          continue;
        }
        if (ch === '}' && text[j + 1] === '}') {
          close = j;
          break;
        }
        j++;
      }
    }
    if (close < 0) {
      // Unterminated action: mask to the end of the line so the rest of the file still reads.
      const eol = text.indexOf('\n', open);
      close = (eol < 0 ? text.length : eol) - 2;
      if (close < open + 2) close = open + 2;
    }
    const end = Math.min(text.length, close + 2);
    const inner = text
      .slice(open + 2, close)
      .replace(/^-\s*/, '')
      .replace(/\s*-$/, '')
      .trim();
    const dot = stack.length ? stack[stack.length - 1] : undefined;
    actions.push({ start: open, end, inner, dot });
    // Track `.` for `with` / `range` blocks.
    const word = /^(\w+)/.exec(inner)?.[1];
    if (word === 'with') {
      const m = /^with\s+\.Values((?:\.[A-Za-z0-9_-]+)*)\s*$/.exec(inner);
      stack.push(m ? (m[1] ?? '').replace(/^\./, '') : undefined);
    } else if (word === 'range' || word === 'if' || word === 'define' || word === 'block') {
      stack.push(word === 'if' ? dot : undefined);
    } else if (word === 'end') {
      stack.pop();
    }
    i = end;
  }

  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) lineStarts.push(k + 1);
  const chars = text.split('');
  const inAction = new Uint8Array(text.length);
  for (const a of actions) for (let k = a.start; k < a.end; k++) inAction[k] = 1;
  const wholeLines = new Map<number, TemplateAction[]>();
  let ai = 0;
  for (let line = 0; line < lineStarts.length; line++) {
    const ls = lineStarts[line] ?? 0;
    let le = line + 1 < lineStarts.length ? (lineStarts[line + 1] ?? 0) - 1 : text.length;
    if (le > ls && text[le - 1] === '\r') le--;
    let hasAction = false;
    let other = false;
    for (let k = ls; k < le; k++) {
      if (inAction[k]) hasAction = true;
      else if (!/\s/.test(text[k] ?? '')) other = true;
    }
    if (!hasAction) continue;
    if (!other) {
      for (let k = ls; k < le; k++) {
        if (!/\s/.test(text[k] ?? '')) {
          chars[k] = '#';
          break;
        }
      }
      while (ai < actions.length && (actions[ai]?.end ?? 0) <= ls) ai++;
      const here: TemplateAction[] = [];
      for (let b = ai; b < actions.length; b++) {
        const a = actions[b];
        if (!a || a.start >= le) break;
        if (a.end > ls) here.push(a);
      }
      wholeLines.set(line, here);
    } else {
      for (let k = ls; k < le; k++) if (inAction[k]) chars[k] = 'H';
    }
  }
  return { masked: chars.join(''), actions, wholeLines, lineStarts };
}

export interface ChartInfo {
  /** Folder of Chart.yaml ('' at the root). */
  dir: string;
  name: string;
  version?: string;
  appVersion?: string;
  values: FactObject;
}

const UNRESOLVED = Symbol('unresolved');
type Eval = FactValue | typeof UNRESOLVED;

/** Evaluates a simple action (see the module comment); UNRESOLVED otherwise. */
function evaluate(inner: string, chart: ChartInfo, dot: string | undefined): Eval {
  const stages = splitPipes(inner);
  if (!stages.length) return UNRESOLVED;
  let value: Eval = evalCommand(stages[0] ?? '', chart, dot);
  for (const stage of stages.slice(1)) {
    const [fn, ...args] = tokens(stage);
    if (fn === undefined) return UNRESOLVED;
    if (fn === 'default') {
      if (args.length !== 1) return UNRESOLVED;
      if (value === UNRESOLVED || value === null || value === '' || value === undefined) value = evalOperand(args[0] ?? '', chart, dot);
      continue;
    }
    if (value === UNRESOLVED) return UNRESOLVED;
    if (fn === 'quote' || fn === 'squote' || fn === 'toString') value = value === null ? '' : scalarText(value);
    else if (fn === 'lower') value = typeof value === 'string' ? value.toLowerCase() : UNRESOLVED;
    else if (fn === 'upper') value = typeof value === 'string' ? value.toUpperCase() : UNRESOLVED;
    else if (fn === 'trim') value = typeof value === 'string' ? value.trim() : UNRESOLVED;
    else if (fn === 'int') value = Number.isFinite(Number(value)) ? Math.trunc(Number(value)) : UNRESOLVED;
    else return UNRESOLVED;
    if (value === undefined) return UNRESOLVED;
  }
  return value;
}

function evalCommand(cmd: string, chart: ChartInfo, dot: string | undefined): Eval {
  const [head, ...args] = tokens(cmd);
  if (head === undefined) return UNRESOLVED;
  if (head === 'default') {
    if (args.length !== 2) return UNRESOLVED;
    const v = evalOperand(args[1] ?? '', chart, dot);
    if (v === UNRESOLVED || v === null || v === '') return evalOperand(args[0] ?? '', chart, dot);
    return v;
  }
  if (head === 'quote' || head === 'toString') {
    if (args.length !== 1) return UNRESOLVED;
    const v = evalOperand(args[0] ?? '', chart, dot);
    return v === UNRESOLVED ? v : v === null ? '' : scalarText(v);
  }
  if (args.length) return UNRESOLVED;
  return evalOperand(head, chart, dot);
}

function evalOperand(tok: string, chart: ChartInfo, dot: string | undefined): Eval {
  if (/^"(?:[^"\\]|\\.)*"$/.test(tok)) return tok.slice(1, -1).replace(/\\(.)/g, '$1');
  if (/^`[^`]*`$/.test(tok)) return tok.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(tok)) return Number(tok);
  if (tok === 'true' || tok === 'false') return tok === 'true';
  if (tok === '.Chart.Name') return chart.name;
  if (tok === '.Chart.Version') return chart.version ?? UNRESOLVED;
  if (tok === '.Chart.AppVersion') return chart.appVersion ?? UNRESOLVED;
  let path: string | undefined;
  const m = /^\$?\.Values((?:\.[A-Za-z0-9_-]+)*)$/.exec(tok);
  if (m) path = (m[1] ?? '').replace(/^\./, '');
  else if (dot !== undefined && /^\.(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)?$/.test(tok) && !tok.startsWith('.Release') && !tok.startsWith('.Capabilities') && !tok.startsWith('.Template') && !tok.startsWith('.Files')) {
    const rest = tok === '.' ? '' : tok.slice(1);
    path = [dot, rest].filter(Boolean).join('.');
  }
  if (path === undefined) return UNRESOLVED;
  const v = lookup(chart.values, path);
  return v === undefined ? UNRESOLVED : v;
}

function lookup(values: FactObject, path: string): FactValue | undefined {
  let cur: FactValue | undefined = values;
  for (const seg of path.split('.').filter(Boolean)) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

function scalarText(v: FactValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function splitPipes(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q: string | undefined;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? '';
    if (q) {
      cur += ch;
      if (ch === '\\' && q === '"') cur += s[++i] ?? '';
      else if (ch === q) q = undefined;
      continue;
    }
    if (ch === '"' || ch === '`') q = ch;
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === '|' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function tokens(s: string): string[] {
  if (/[()]/.test(s)) return ['(complex)', '(complex)', '(complex)'];
  return s.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g) ?? [];
}

/** Plain-scalar typing as YAML 1.2 core would do it. */
function plainScalar(s: string): FactValue {
  const t = s.trim();
  if (t === '' || t === '~' || t === 'null' || t === 'Null' || t === 'NULL') return null;
  if (/^(true|True|TRUE)$/.test(t)) return true;
  if (/^(false|False|FALSE)$/.test(t)) return false;
  if (/^[-+]?(\d+|\d*\.\d+|\d+\.\d*)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  return t;
}

const MAX_EXPR = 300;

/** A deep copy of a values tree. */
function copy(v: FactValue): FactValue {
  if (Array.isArray(v)) return v.map(copy);
  if (isPlainObject(v)) {
    const out: FactObject = {};
    for (const k of Object.keys(v)) out[k] = copy(v[k] as FactValue);
    return out;
  }
  return v;
}

/** The valueHook that evaluates template actions inside values (see the module comment). */
export function templateValueHook(
  original: string,
  mask: MaskedTemplate,
  chart: ChartInfo | undefined,
): (ctx: ValueHookContext) => FactValue | undefined {
  const chartOrEmpty: ChartInfo = chart ?? { dir: '', name: '', values: {} };
  const actions = mask.actions;
  const overlapping = (s: number, e: number): TemplateAction[] => {
    const out: TemplateAction[] = [];
    let lo = 0;
    let hi = actions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((actions[mid]?.end ?? 0) <= s) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < actions.length; k++) {
      const a = actions[k];
      if (!a || a.start >= e) break;
      out.push(a);
    }
    return out;
  };
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = mask.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((mask.lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  return (ctx) => {
    const node = ctx.node;
    if (node && !(node.value === null && node.source === '')) {
      const [s, e] = node.range ?? [ctx.offset, ctx.offset];
      const inside = overlapping(s, e);
      if (!inside.length) return undefined;
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      const bodyStart = quoted ? s + 1 : s;
      const bodyEnd = quoted ? e - 1 : e;
      let out = '';
      let pos = bodyStart;
      let single: Eval | undefined;
      let unresolved = false;
      for (const a of inside) {
        if (a.start < bodyStart || a.end > bodyEnd) {
          unresolved = true;
          break;
        }
        out += original.slice(pos, a.start);
        const v = evaluate(a.inner, chartOrEmpty, a.dot);
        if (v === UNRESOLVED || (typeof v === 'object' && v !== null)) {
          unresolved = true;
          break;
        }
        if (inside.length === 1 && original.slice(bodyStart, a.start).trim() === '' && original.slice(a.end, bodyEnd).trim() === '') single = v;
        out += v === null ? '' : scalarText(v);
        pos = a.end;
      }
      if (unresolved) return { $expr: original.slice(s, e).slice(0, MAX_EXPR) };
      out += original.slice(pos, bodyEnd);
      if (quoted) return out;
      if (single !== undefined && single !== UNRESOLVED && /\|\s*(quote|squote|toString)\s*$/.test(inside[0]?.inner ?? '')) return out;
      if (single !== undefined && single !== UNRESOLVED && typeof single !== 'string') return single;
      return plainScalar(out);
    }
    // An empty value: look at the whole-line actions right after its key.
    let line = lineOf(ctx.offset) + 1;
    let printed: TemplateAction | undefined;
    while (mask.wholeLines.has(line)) {
      for (const a of mask.wholeLines.get(line) ?? []) {
        if (!CONTROL.test(a.inner)) {
          printed = a;
          break;
        }
      }
      if (printed) break;
      line++;
    }
    if (!printed) return undefined;
    const m =
      /^toYaml\s+(\S+)(\s*\|\s*n?indent\s+\d+)?\s*$/.exec(printed.inner) ??
      /^(\S+)\s*\|\s*toYaml(\s*\|\s*n?indent\s+\d+)?\s*$/.exec(printed.inner);
    if (m) {
      const v = evalOperand(m[1] ?? '', chartOrEmpty, printed.dot);
      // A copy: the chart's values are shared by its templates, and facts get redacted in place.
      if (v !== UNRESOLVED) return copy(v);
    }
    return { $expr: original.slice(printed.start, printed.end).slice(0, MAX_EXPR) };
  };
}

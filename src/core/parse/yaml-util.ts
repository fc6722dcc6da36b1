/**
 * Reading YAML (and JSON, which is YAML's flow subset) with exact positions.
 *
 * `readYamlDocuments` parses every document of a multi-document stream with `yaml`'s
 * `parseAllDocuments` (positions from the text's own line starts), and turns each document into a plain
 * `FactValue` plus a table of ranges by dot path (`spec.template.spec.containers.0.image`).
 *
 * - Ranges are 0-based line / character, UTF-16 code units (like the rest of the core).
 * - `ranges[path]` spans the key and its value (`image: vllm/vllm-openai:v0.6.0`); for a
 *   sequence item it spans the item. `valueRanges[path]` spans the value only. The root is
 *   the empty path `''`.
 * - Map keys that contain dots (`nvidia.com/gpu`) are written as they are, so such paths are
 *   not reversible by splitting on `.`; look them up by the exact string.
 * - Aliases are expanded, with limits: at most `maxAliasCount` alias dereferences and
 *   `maxAliasNodes` nodes produced by expansion per document, so an alias bomb ("billion
 *   laughs") is refused in linear time with a `parse/yaml-alias-limit` problem and the
 *   document is dropped. Paths inside an expanded alias take the alias' own range.
 * - Merge keys (`<<: *base`) are applied: explicit keys win over merged ones.
 * - Syntax errors become `parse/yaml-syntax` problems with the parser's exact range; the
 *   document is still returned (with `hasErrors`) so a caller may decide to skip it, and
 *   the other documents of the stream are read normally. At most `MAX_PROBLEMS` problems
 *   are listed per file, then one that counts the rest; a document with more errors than
 *   that is not converted at all (`refused`).
 * - Nothing here throws for bad input.
 */
import { Composer, Parser, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { CST, Document, Node as YamlNode, Scalar } from 'yaml';
import { LineMap } from '../lines';
import type { FactObject, FactValue, ParseProblem, Range } from '../model';

export interface ValueHookContext {
  /** Dot path of the value. */
  path: string;
  /** The scalar node, or undefined for an empty value (`key:` with nothing after it). */
  node: Scalar | undefined;
  /** Source offset where the value stands (for an empty value: the end of its key). */
  offset: number;
}

export interface YamlReadOptions {
  /** Largest number of alias dereferences per document (default 100). */
  maxAliasCount?: number;
  /** Largest number of nodes alias expansion may produce per document (default 10 000). */
  maxAliasNodes?: number;
  /** Deepest nesting read (default 200). */
  maxDepth?: number;
  /**
   * Called for each scalar and each empty value before the default conversion; a returned
   * value replaces it (used by the Helm reader to substitute template expressions).
   */
  valueHook?: (ctx: ValueHookContext) => FactValue | undefined;
}

export interface YamlDocument {
  index: number;
  /** The document's content; undefined for an empty document. */
  value: FactValue | undefined;
  /** Range of the document's content (first to last character of its node). */
  range: Range;
  /** Source offsets of the content: [start, end). */
  offsets: [number, number];
  /** Dot path → range of key and value (sequence item: the item). */
  ranges: Record<string, Range>;
  /** Dot path → range of the value only. */
  valueRanges: Record<string, Range>;
  /** The parser reported errors for this document (its value may be partial). */
  hasErrors: boolean;
  /** The document was refused (alias or depth limit, or too many errors); `value` is undefined. */
  refused: boolean;
  /** This document's problems (also in `YamlReadResult.problems`). */
  problems: ParseProblem[];
}

export interface YamlReadResult {
  documents: YamlDocument[];
  problems: ParseProblem[];
  /** Converts a source offset to a 0-based position. */
  positionAt(offset: number): { line: number; character: number };
}

class LimitError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const EMPTY_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function readYamlDocuments(text: string, file: string, options: YamlReadOptions = {}): YamlReadResult {
  // Positions come from the text's own line starts: `yaml`'s LineCounter only sees the line
  // breaks of tokens the parser accepted, so after a rejected multi-line scalar it drifts.
  const lines = new LineMap(text);
  const positionAt = (offset: number): { line: number; character: number } => lines.position(offset);
  const rangeOf = (start: number, end: number): Range => ({ start: positionAt(start), end: positionAt(Math.max(start, end)) });
  const problems: ParseProblem[] = [];
  const documents: YamlDocument[] = [];

  // Deep flow nesting exhausts the parser's stack slowly; refuse it before parsing.
  const deep = flowNestingBeyond(text, 1000);
  if (deep >= 0) {
    problems.push({
      file,
      range: rangeOf(deep, deep + 1),
      severity: 'error',
      code: 'parse/yaml-too-deep',
      message: 'Brackets nest more than 1000 levels deep; the file was not read.',
    });
    return { documents, problems, positionAt };
  }

  let parsed: Document.Parsed[];
  let stream: ComposedStream;
  try {
    stream = composeDocuments(text);
    parsed = stream.documents;
  } catch (err) {
    problems.push({
      file,
      range: EMPTY_RANGE,
      severity: 'error',
      code: 'parse/yaml-syntax',
      message: `The YAML parser stopped: ${(err as Error).message}`,
    });
    return { documents, problems, positionAt };
  }

  const maxAliasCount = options.maxAliasCount ?? 100;
  const maxAliasNodes = options.maxAliasNodes ?? 10_000;
  const maxDepth = options.maxDepth ?? 200;

  // At most MAX_PROBLEMS problems per file; the rest are counted in one last problem.
  let listed = 0;
  let omitted = 0;
  let summary: ParseProblem | undefined;
  const add = (to: ParseProblem[], problem: () => ParseProblem, offset: number, count = 1): void => {
    if (listed < MAX_PROBLEMS && count === 1) {
      listed++;
      to.push(problem());
      return;
    }
    omitted += count;
    if (!summary) {
      summary = { file, range: rangeOf(offset, offset), severity: 'error', code: 'parse/yaml-syntax', message: '' };
      to.push(summary);
    }
  };

  parsed.forEach((doc, index) => {
    const docProblems: ParseProblem[] = [];
    for (const e of doc.errors) {
      const [s, en] = e.pos;
      add(
        docProblems,
        () => ({ file, range: rangeOf(s, en), severity: 'error', code: 'parse/yaml-syntax', message: `YAML syntax error (${e.code}): ${e.message}` }),
        s,
      );
    }
    const dropped = stream.dropped[index];
    if (dropped) add(docProblems, () => EMPTY_PROBLEM, dropped.offset, dropped.count);
    const contents = doc.contents as YamlNode | null;
    const start = contents?.range?.[0] ?? doc.range[0];
    const end = contents?.range?.[1] ?? doc.range[1];
    const result: YamlDocument = {
      index,
      value: undefined,
      range: rangeOf(start, trimEnd(text, start, end)),
      offsets: [start, end],
      ranges: {},
      valueRanges: {},
      hasErrors: doc.errors.length > 0,
      refused: false,
      problems: docProblems,
    };
    // A document with more errors than are listed is noise, not a partial manifest: not read.
    if (dropped) result.refused = true;
    if (contents && !dropped) {
      let aliasCount = 0;
      let aliasNodes = 0;
      const active = new Set<YamlNode>();

      const record = (path: string, full: [number, number], value: [number, number], fixed?: Range): void => {
        result.ranges[path] = fixed ?? rangeOf(full[0], trimEnd(text, full[0], full[1]));
        result.valueRanges[path] = fixed ?? rangeOf(value[0], trimEnd(text, value[0], value[1]));
      };

      // `fixed` is set inside an alias expansion: every path there takes the alias' range.
      const convert = (node: YamlNode | null | undefined, path: string, depth: number, fixed: Range | undefined, keyEnd: number): FactValue => {
        if (depth > maxDepth) throw new LimitError('parse/yaml-too-deep', `The document nests deeper than ${maxDepth} levels.`, node?.range?.[0] ?? keyEnd);
        if (fixed) {
          aliasNodes++;
          if (aliasNodes > maxAliasNodes)
            throw new LimitError(
              'parse/yaml-alias-limit',
              `Alias expansion would produce more than ${maxAliasNodes} nodes; the document was not read (possible alias bomb).`,
              node?.range?.[0] ?? keyEnd,
            );
        }
        if (node === null || node === undefined) {
          const hooked = options.valueHook?.({ path, node: undefined, offset: keyEnd });
          return hooked === undefined ? null : hooked;
        }
        if (isAlias(node)) {
          aliasCount++;
          if (aliasCount > maxAliasCount)
            throw new LimitError(
              'parse/yaml-alias-limit',
              `More than ${maxAliasCount} alias references in one document; the document was not read (possible alias bomb).`,
              node.range?.[0] ?? keyEnd,
            );
          const target = node.resolve(doc) as YamlNode | undefined;
          if (!target) return { $expr: `*${node.source}` };
          if (active.has(target)) return { $expr: `*${node.source}` };
          active.add(target);
          const r = node.range ? rangeOf(node.range[0], node.range[1]) : EMPTY_RANGE;
          try {
            return convert(target, path, depth + 1, fixed ?? r, keyEnd);
          } finally {
            active.delete(target);
          }
        }
        if (isScalar(node)) {
          const hooked = options.valueHook?.({ path, node, offset: node.range?.[0] ?? keyEnd });
          if (hooked !== undefined) return hooked;
          return scalarValue(node.value);
        }
        if (isSeq(node)) {
          const out: FactValue[] = [];
          node.items.forEach((item, i) => {
            const child = path ? `${path}.${i}` : String(i);
            const itemNode = item as YamlNode | null;
            if (itemNode?.range) record(child, [itemNode.range[0], itemNode.range[1]], [itemNode.range[0], itemNode.range[1]], fixed);
            out.push(convert(itemNode, child, depth + 1, fixed, itemNode?.range?.[0] ?? keyEnd));
          });
          return out;
        }
        if (isMap(node)) {
          const out: FactObject = {};
          const merges: FactValue[] = [];
          for (const pair of node.items) {
            if (!isPair(pair)) continue;
            const keyNode = pair.key as YamlNode | null;
            const valueNode = pair.value as YamlNode | null;
            const key = keyString(keyNode);
            if (key === '<<' && (isAlias(valueNode) || isMap(valueNode) || isSeq(valueNode))) {
              const merged = convert(valueNode, path, depth + 1, fixed, keyNode?.range?.[1] ?? 0);
              if (Array.isArray(merged)) merges.push(...merged);
              else merges.push(merged);
              continue;
            }
            const child = path ? `${path}.${key}` : key;
            const kStart = keyNode?.range?.[0] ?? valueNode?.range?.[0] ?? 0;
            const kEnd = keyNode?.range?.[1] ?? kStart;
            const vRange: [number, number] = valueNode?.range ? [valueNode.range[0], valueNode.range[1]] : [kStart, kEnd];
            record(child, [kStart, Math.max(kEnd, vRange[1])], vRange, fixed);
            out[key] = convert(valueNode, child, depth + 1, fixed, kEnd);
          }
          for (const m of merges) {
            if (typeof m !== 'object' || m === null || Array.isArray(m)) continue;
            for (const [k, v] of Object.entries(m)) if (!(k in out)) out[k] = v;
          }
          return out;
        }
        return null;
      };

      try {
        result.value = convert(contents, '', 0, undefined, start);
        result.ranges[''] = result.range;
        result.valueRanges[''] = result.range;
      } catch (err) {
        result.value = undefined;
        result.ranges = {};
        result.valueRanges = {};
        result.refused = true;
        if (err instanceof LimitError) {
          add(docProblems, () => ({ file, range: rangeOf(err.offset, err.offset + 1), severity: 'error', code: err.code, message: err.message }), err.offset);
        } else {
          add(
            docProblems,
            () => ({ file, range: result.range, severity: 'error', code: 'parse/yaml-syntax', message: `The document could not be read: ${(err as Error).message}` }),
            start,
          );
        }
      }
    }
    for (const p of docProblems) problems.push(p);
    documents.push(result);
  });
  if (summary) summary.message = `${omitted} more YAML problem${omitted === 1 ? '' : 's'} in this file are not listed (at most ${MAX_PROBLEMS} are).`;
  return { documents, problems, positionAt };
}

/** Problems listed per file; a file with more gets one last problem that counts the rest. */
export const MAX_PROBLEMS = 200;

const EMPTY_PROBLEM: ParseProblem = { file: '', range: EMPTY_RANGE, severity: 'error', code: '', message: '' };

interface ComposedStream {
  documents: Document.Parsed[];
  /** By document index: errors the composer reported beyond MAX_PROBLEMS and did not build. */
  dropped: ({ count: number; offset: number } | undefined)[];
}

type ErrorSource = number | [number, number] | { offset: number } | { range?: [number, number, number] };

/**
 * `parseAllDocuments` without positions (they come from our own line table) and without
 * building more than MAX_PROBLEMS error objects per document: each one captures a stack
 * trace, and a file of 10^5 broken lines would spend seconds on errors nobody reads. The
 * errors beyond the limit are counted (with the first one's offset) instead.
 */
function composeDocuments(text: string): ComposedStream {
  const composer = new Composer({ prettyErrors: false, keepSourceTokens: false });
  const dropped: ComposedStream['dropped'] = [];
  let current = -1;
  let errors = 0;
  const hooks = composer as unknown as { onError?: (source: ErrorSource, code: string, message: string, warning?: boolean) => void };
  const report = hooks.onError;
  if (typeof report === 'function') {
    hooks.onError = (source, code, message, warning) => {
      if (!warning && current >= 0 && errors >= MAX_PROBLEMS) {
        const d = (dropped[current] ??= { count: 0, offset: errorOffset(source) });
        d.count++;
        return;
      }
      if (!warning) errors++;
      report(source, code, message, warning);
    };
  }
  function* counted(tokens: Iterable<CST.Token>): Generator<CST.Token> {
    for (const token of tokens) {
      if (token.type === 'document') {
        current++;
        errors = 0;
      }
      yield token;
    }
  }
  const documents = Array.from(composer.compose(counted(new Parser().parse(text)))) as Document.Parsed[];
  return { documents, dropped };
}

function errorOffset(source: ErrorSource): number {
  if (typeof source === 'number') return source;
  if (Array.isArray(source)) return source[0];
  if ('offset' in source && typeof source.offset === 'number') return source.offset;
  if ('range' in source && Array.isArray(source.range)) return source.range[0];
  return 0;
}

/** Offset where `[` / `{` nesting first exceeds `limit` (a quick over-approximation), or -1. */
function flowNestingBeyond(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return -1;
}

/** A scalar's JS value as a FactValue (dates and big numbers become strings). */
function scalarValue(v: unknown): FactValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

function keyString(node: YamlNode | null): string {
  if (node === null || node === undefined) return '';
  if (isScalar(node)) {
    const v = node.value;
    return v === null || v === undefined ? '' : String(v);
  }
  // Complex keys are rare in manifests; keep a readable stand-in.
  return '[complex key]';
}

/** End offset without trailing whitespace / newlines (so a range ends on its last character). */
function trimEnd(text: string, start: number, end: number): number {
  let e = Math.min(end, text.length);
  while (e > start && /\s/.test(text[e - 1] ?? '')) e--;
  return e;
}

/** Whether a plain value is a YAML/JSON mapping. */
export function isPlainObject(v: FactValue | undefined): v is FactObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Offsets ↔ positions for a text, without parsing it as YAML. */
export function positionConverter(text: string): (offset: number) => { line: number; character: number } {
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - (starts[lo] ?? 0) };
  };
}

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
 * - Duplicate keys are `parse/yaml-syntax` problems (`DUPLICATE_KEY`) at the repeated key, as
 *   `yaml` reports them, but found in one pass per map by `duplicateKeys`: the library's own
 *   check compares each key with every earlier key of its map (20 000 keys took 3.9 s,
 *   50 000 about 40 s).
 * - Text that nests deeper than `yamlNestingBeyond` allows is refused before parsing with a
 *   `parse/yaml-too-deep` problem: `yaml` recurses once per level, and near the end of the
 *   stack V8 aborts the whole process instead of throwing.
 * - Nothing here throws for bad input.
 *
 * `parseYamlDocument` is `yaml`'s `parseDocument` with the same two protections, for the code
 * that edits YAML through the library's document model (the register updaters).
 */
import { Composer, LineCounter, Parser, YAMLParseError, isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { CST, Document, DocumentOptions, Node as YamlNode, ParseOptions, Scalar, SchemaOptions, YAMLError } from 'yaml';
import type { FactObject, FactValue, ParseProblem, Range } from '../model';
import { MAX_YAML_FLOW_DEPTH, withoutStackTraces } from './code/text';
import { position, SharedLineMap } from './position';

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
  const lines = new SharedLineMap(text);
  const positionAt = (offset: number): { line: number; character: number } => lines.position(offset);
  const rangeOf = (start: number, end: number): Range => ({ start: positionAt(start), end: positionAt(Math.max(start, end)) });
  const problems: ParseProblem[] = [];
  const documents: YamlDocument[] = [];

  // Deep nesting can abort the process inside the parser; refuse it before parsing.
  const deep = yamlNestingBeyond(text);
  if (deep) {
    problems.push({ file, range: rangeOf(deep.offset, deep.offset + 1), severity: 'error', code: 'parse/yaml-too-deep', message: `${deep.message}; the file was not read.` });
    return { documents, problems, positionAt };
  }

  let parsed: Document.Parsed[];
  let stream: ComposedStream;
  try {
    stream = withoutStackTraces(() => composeDocuments(text));
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

  // Duplicate keys are looked for without source tokens; only a stream that has some is
  // composed again with them, for the offsets the library gives (see `duplicateKeys`).
  let withTokens: Document.Parsed[] | undefined;
  const duplicatesIn = (doc: Document.Parsed, index: number): number[] => {
    if (duplicateKeys(doc.contents).length === 0) return [];
    withTokens ??= withoutStackTraces(() => composeDocuments(text, true).documents);
    return duplicateKeys(withTokens[index]?.contents ?? doc.contents);
  };

  parsed.forEach((doc, index) => {
    const docProblems: ParseProblem[] = [];
    const contents = doc.contents as YamlNode | null;
    // The parser's errors (those reported through `onError` at most MAX_PROBLEMS, the rest
    // counted in `dropped`) with the duplicate keys put in, in order of offset. The duplicates
    // count as reported errors: past MAX_PROBLEMS of those, the document is not read.
    const duplicates = duplicatesIn(doc, index);
    const errors = mergeByOffset<{ pos: [number, number]; code: string; message: string }>(
      doc.errors,
      duplicates.map((at) => ({ pos: [at, at + 1], code: 'DUPLICATE_KEY', message: DUPLICATE_KEY_MESSAGE })),
    );
    const dropped = stream.dropped[index];
    const tooMany = dropped !== undefined || (stream.reported[index] ?? 0) + duplicates.length > MAX_PROBLEMS;
    for (const e of errors) {
      const [s, en] = e.pos;
      add(
        docProblems,
        () => ({ file, range: rangeOf(s, en), severity: 'error', code: 'parse/yaml-syntax', message: `YAML syntax error (${e.code}): ${e.message}` }),
        s,
      );
    }
    if (dropped) add(docProblems, () => EMPTY_PROBLEM, dropped.offset, dropped.count);
    const start = contents?.range?.[0] ?? doc.range[0];
    const end = contents?.range?.[1] ?? doc.range[1];
    const result: YamlDocument = {
      index,
      value: undefined,
      range: rangeOf(start, trimEnd(text, start, end)),
      offsets: [start, end],
      ranges: {},
      valueRanges: {},
      hasErrors: errors.length > 0,
      refused: false,
      problems: docProblems,
    };
    // A document with more errors than are listed is noise, not a partial manifest: not read.
    if (tooMany) result.refused = true;
    if (contents && !tooMany) {
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
  /** By document index: errors reported through the composer's `onError` (dropped ones too). */
  reported: number[];
}

type ErrorSource = number | [number, number] | { offset: number } | { range?: [number, number, number] };

/**
 * `parseAllDocuments` without positions (they come from our own line table) and without
 * building more than MAX_PROBLEMS error objects per document: each one captures a stack
 * trace, and a file of 10^5 broken lines would spend seconds on errors nobody reads. The
 * errors beyond the limit are counted (with the first one's offset) instead.
 */
function composeDocuments(text: string, keepSourceTokens = false): ComposedStream {
  // Duplicate keys are found by `duplicateKeys` (the library's check is quadratic).
  const composer = new Composer({ prettyErrors: false, keepSourceTokens, uniqueKeys: false });
  const dropped: ComposedStream['dropped'] = [];
  const reported: number[] = [];
  let current = -1;
  let errors = 0;
  const hooks = composer as unknown as { onError?: (source: ErrorSource, code: string, message: string, warning?: boolean) => void };
  const report = hooks.onError;
  if (typeof report === 'function') {
    hooks.onError = (source, code, message, warning) => {
      if (!warning && current >= 0) reported[current] = (reported[current] ?? 0) + 1;
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
  return { documents, dropped, reported };
}

function errorOffset(source: ErrorSource): number {
  if (typeof source === 'number') return source;
  if (Array.isArray(source)) return source[0];
  if ('offset' in source && typeof source.offset === 'number') return source.offset;
  if ('range' in source && Array.isArray(source.range)) return source.range[0];
  return 0;
}

/**
 * Deepest nesting `yamlNestingBeyond` lets through by default (block levels and brackets
 * together); the flow brackets alone are held to MAX_YAML_FLOW_DEPTH, as in the other YAML
 * readers. The `yaml` library recurses once per level: in a bare `node` process 1 000 levels of
 * `[`, of `- ` on one line (`- - - … x`, 2 KB) or of `-` indented two more spaces a line,
 * parsed a second time, abort the whole process ("FATAL ERROR: RegExpCompiler Allocation
 * failed", exit 134) instead of throwing. Real files nest a few levels (conversion stops at 200).
 */
export const MAX_YAML_DEPTH = 200;

/**
 * Where `text` nests too deep to hand to the `yaml` library: the first `[` / `{` nested more
 * than `flowLimit` deep, or the first place where block nesting plus brackets exceed
 * `depthLimit`; undefined when neither does. One pass, no parsing, an over-approximation:
 * - brackets count wherever they stand (in strings and block scalars too, not in comment lines);
 * - every line opens a level under the deepest level of the last line indented less than it
 *   (a block scalar's lines count too), and each `- `, `? ` and `: ` that starts a line (after
 *   indentation, a `---` marker, other indicators or `&anchor` / `!tag` properties) opens one
 *   more: `- - - x` is four levels, `-` lines each indented two more spaces two levels a line
 *   (twice what they nest), `- name: x` items as many as they nest;
 * - inside brackets indentation opens levels only on lines that start with such an indicator
 *   (the library still nests block sequences there), so pretty-printed JSON counts once.
 * LF, CRLF and lone CR all end a line, as in YAML.
 */
export function yamlNestingBeyond(text: string, flowLimit = MAX_YAML_FLOW_DEPTH, depthLimit = MAX_YAML_DEPTH): { offset: number; message: string } | undefined {
  const n = text.length;
  const indents: number[] = [];
  const depths: number[] = [];
  let flow = 0;
  let i = 0;
  const tooDeep = (offset: number): { offset: number; message: string } => ({ offset, message: `The YAML nests more than ${depthLimit} levels deep here (indentation, "- " items and brackets)` });
  while (i < n) {
    const lineStart = i;
    while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    const col = i - lineStart;
    const first = i < n ? text.charCodeAt(i) : 10;
    if (first === 10 || first === 13 || first === 35 /* # */) {
      // blank or comment-only line: no structure
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      i++;
      continue;
    }
    const inFlow = flow > 0;
    // The levels this line is under: those of the lines before it indented less.
    let kept = indents.length;
    while (kept > 0 && (indents[kept - 1] ?? 0) >= col) kept--;
    let parent = depths[kept - 1] ?? 0;
    let run = 0;
    for (;;) {
      const c = text.charCodeAt(i);
      if ((c === 45 /* - */ || c === 63 /* ? */ || c === 58) /* : */ && isSeparator(text, i + 1)) {
        run++;
        if (parent + 1 + run + flow > depthLimit) return tooDeep(i);
        i++;
      } else if (c === 45 && i === lineStart && text.startsWith('---', i) && isSeparator(text, i + 3)) {
        // a new document: its block levels start afresh (brackets are still counted)
        kept = 0;
        parent = 0;
        i += 3;
      } else if (c === 38 /* & */ || c === 33 /* ! */) {
        while (i < n && !isSeparator(text, i) && !isBracket(text.charCodeAt(i))) i++;
      } else break;
      while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    }
    if (col === 0 && text.startsWith('...', lineStart) && isSeparator(text, lineStart + 3)) {
      kept = 0; // the end of a document
      parent = 0;
    }
    let depth: number;
    if (!inFlow || run > 0) {
      indents.length = kept;
      depths.length = kept;
      depth = parent + 1 + run;
      indents.push(col);
      depths.push(depth);
    } else depth = depths[depths.length - 1] ?? 0;
    if (depth + flow > depthLimit) return tooDeep(lineStart + col);
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) break;
      if (c === 91 || c === 123) {
        flow++;
        if (flow > flowLimit) return { offset: i, message: `Brackets nest more than ${flowLimit} levels deep here` };
        if (depth + flow > depthLimit) return tooDeep(i);
      } else if ((c === 93 || c === 125) && flow > 0) flow--;
    }
    i++;
  }
  return undefined;
}

function isBracket(c: number): boolean {
  return c === 91 || c === 93 || c === 123 || c === 125;
}

/** A space, tab or line break at `i`, or the end of the text. */
function isSeparator(text: string, i: number): boolean {
  if (i >= text.length) return true;
  const c = text.charCodeAt(i);
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The message `yaml` gives a repeated key. */
const DUPLICATE_KEY_MESSAGE = 'Map keys must be unique';

/**
 * Offsets of the keys that repeat an earlier key of their map, in ascending order: where
 * `yaml`'s `uniqueKeys` check reports `DUPLICATE_KEY`. Keys are equal when they are scalars of
 * equal value, so `1` and `1.0` are, `.nan` and `.nan` are not; aliases and collections are
 * never equal. One pass per map (a Set of the values seen), the nesting walked with an explicit
 * stack; keys that are collections are walked too. Parse with `uniqueKeys: false` and call this
 * instead of the library's check, which compares each key with every earlier one of its map.
 *
 * The offset is the library's: where the key's item starts after its leading tokens
 * (indentation, comments, `?`, anchor, tag), or, when the item has none, where the previous
 * pair ended, which is not always the key's own start (after `a:` with nothing, the next key is
 * placed at the end of that line). That needs the source tokens: parse with
 * `keepSourceTokens: true` for the exact offsets; without them each key's start is given.
 */
export function duplicateKeys(root: unknown): number[] {
  const out: number[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      // The library's running offset: where the previous pair ended.
      let offset = (node.range?.[0] ?? 0) + (node.flow ? 1 : 0);
      for (const pair of node.items) {
        const k = pair.key as YamlNode | null;
        const v = pair.value as YamlNode | null;
        const item = (pair as { srcToken?: CST.CollectionItem }).srcToken;
        if (isScalar(k) && !(typeof k.value === 'number' && Number.isNaN(k.value))) {
          if (!seen.has(k.value)) seen.add(k.value);
          else out.push(item ? tokensEnd(item.start, offset) : (k.range?.[0] ?? offset));
        }
        offset = v?.range ? v.range[2] : item ? tokensEnd(item.sep ?? [], k?.range?.[2] ?? offset) : (k?.range?.[2] ?? offset);
        stack.push(v, k);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return out.sort((a, b) => a - b);
}

/** End of the last of `tokens`, or `otherwise` when there are none. */
function tokensEnd(tokens: readonly CST.SourceToken[], otherwise: number): number {
  const last = tokens[tokens.length - 1];
  return last ? last.offset + last.source.length : otherwise;
}

/**
 * `errors` (in the order the parser gave them) with `added` (ascending offsets) put in: each
 * added one before the first error that starts after it. Neither list is changed.
 */
function mergeByOffset<T extends { pos: [number, number] }>(errors: readonly T[], added: readonly T[]): T[] {
  if (added.length === 0) return errors.slice();
  const out: T[] = [];
  let i = 0;
  for (const a of added) {
    while (i < errors.length && (errors[i]?.pos[0] ?? 0) <= a.pos[0]) out.push(errors[i++] as T);
    out.push(a);
  }
  while (i < errors.length) out.push(errors[i++] as T);
  return out;
}

export type YamlParseOptions = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * `yaml`'s `parseDocument`, safe on hostile text, giving the same document and the same errors
 * (code, message, `pos`, and with `prettyErrors` the same `linePos` and " at line L, column C"
 * text) for any text it reads:
 * - duplicate keys are found by `duplicateKeys` in one pass, not by the library's quadratic
 *   check (unless `uniqueKeys` is given as `false` or as a function, which is then used as is);
 * - text that `yamlNestingBeyond` finds too deep is not parsed: the document is empty
 *   (`contents` null) with one `RESOURCE_EXHAUSTION` error where the nesting goes too deep;
 * - errors are built without stack traces (`withoutStackTraces`).
 */
export function parseYamlDocument(source: string, options: YamlParseOptions = {}): Document.Parsed {
  return withoutStackTraces(() => {
    const pretty = options.prettyErrors !== false;
    const deep = yamlNestingBeyond(source);
    if (deep) {
      const doc = parseDocument('', { ...options, lineCounter: undefined, prettyErrors: false });
      const error = new YAMLParseError([deep.offset, deep.offset + 1], 'RESOURCE_EXHAUSTION', `${deep.message}; the text was not parsed`);
      if (pretty) prettifyError(source, lineCounterOf(source), error);
      doc.errors.push(error);
      return doc;
    }
    if (options.uniqueKeys === false || typeof options.uniqueKeys === 'function') return parseDocument(source, options);
    const lineCounter = options.lineCounter ?? (pretty ? new LineCounter() : undefined);
    const doc = parseDocument(source, { ...options, uniqueKeys: false, prettyErrors: pretty, lineCounter });
    let duplicates = duplicateKeys(doc.contents);
    if (duplicates.length > 0 && !options.keepSourceTokens) {
      // exact offsets need the source tokens (see `duplicateKeys`): parsed again with them
      duplicates = duplicateKeys(parseDocument(source, { ...options, uniqueKeys: false, prettyErrors: false, lineCounter: undefined, keepSourceTokens: true }).contents);
    }
    if (duplicates.length > 0) {
      const added = duplicates.map((at) => new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', DUPLICATE_KEY_MESSAGE));
      if (pretty && lineCounter) for (const e of added) prettifyError(source, lineCounter, e);
      doc.errors = mergeByOffset<YAMLError>(doc.errors, added);
    }
    return doc;
  });
}

function lineCounterOf(source: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  return lc;
}

/**
 * What `yaml` does to an error with `prettyErrors` (its `prettifyError`, not exported): adds
 * `linePos` and " at line L, column C:" with the line and a caret under the place.
 */
function prettifyError(src: string, lc: LineCounter, error: YAMLError): void {
  if (error.pos[0] === -1) return;
  const linePos = error.pos.map((pos) => lc.linePos(pos)) as [{ line: number; col: number }, { line: number; col: number }];
  error.linePos = linePos;
  const { line, col } = linePos[0];
  error.message += ` at line ${line}, column ${col}`;
  let ci = col - 1;
  let lineStr = src.substring(lc.lineStarts[line - 1] ?? 0, lc.lineStarts[line]).replace(/[\n\r]+$/, '');
  if (ci >= 60 && lineStr.length > 80) {
    const trimStart = Math.min(ci - 39, lineStr.length - 79);
    lineStr = '…' + lineStr.substring(trimStart);
    ci -= trimStart - 1;
  }
  if (lineStr.length > 80) lineStr = lineStr.substring(0, 79) + '…';
  if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
    let prev = src.substring(lc.lineStarts[line - 2] ?? 0, lc.lineStarts[line - 1]);
    if (prev.length > 80) prev = prev.substring(0, 79) + '…\n';
    lineStr = prev + lineStr;
  }
  if (/[^ ]/.test(lineStr)) {
    let count = 1;
    const end = linePos[1];
    if (end?.line === line && end.col > col) count = Math.max(1, Math.min(end.col - col, 80 - ci));
    error.message += `:\n\n${lineStr}\n${' '.repeat(ci)}${'^'.repeat(count)}\n`;
  }
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
    return position(lo, offset - (starts[lo] ?? 0));
  };
}

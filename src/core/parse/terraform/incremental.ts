/**
 * Re-parsing a `.tf` file after a small edit without reading all of it again.
 *
 * For a clean file the facts of each top-level block depend only on the block's text, where
 * it starts (row, column) and the file's path. So the reader keeps, for a few recently parsed
 * paths, the file's text and each top-level block's span and facts. On the next parse of the
 * same path it compares the new text with the one it holds (the held text is the truth, not
 * what a caller believes the old text was): blocks wholly before the first changed character
 * are kept as they are, blocks wholly after the last one are kept with their rows moved by
 * the number of lines the edit added or removed, and only the text in between is read again.
 * If that text does not end exactly where a kept block begins, or anything else is unusual,
 * the whole file is read as before. The result is always the one a fresh parse gives.
 *
 * Bounds: `MEMO_PATHS` paths (least recently parsed dropped first), files of at least
 * `MEMO_MIN_CHARS` characters (smaller ones are read whole in well under a millisecond), and
 * no tree-sitter trees are kept.
 */
import type { Fact, Range } from '../../model';
import { MISALIGNED, parseCst, parseTopItems, type HNode } from './cst';
import { blockFacts } from './hcl';
import { computeHints } from './hints';
import { parseHcl, reparseHcl, type TSTree } from './treesitter';
import { dirOf } from './util';
import { range } from '../position';

export const MEMO_PATHS = 8;
export const MEMO_MIN_CHARS = 4096;

/** One top-level block of a clean file: where it is and its facts (hints computed, ids not yet deduplicated). Never handed out. */
interface TopBlock {
  start: number;
  end: number;
  row: number;
  col: number;
  endRow: number;
  endCol: number;
  facts: readonly Fact[];
}

interface FileMemo {
  text: string;
  blocks: TopBlock[];
}

const memos = new Map<string, FileMemo>();

/**
 * Whole-file tree-sitter trees of files the fast reader declines (broken ones, mostly), kept
 * only for a path parsed the careful way before, or held in `memos`: a first scan keeps none.
 */
const trees = new Map<string, { text: string; tree: TSTree }>();
/** Paths parsed the careful way once (names only). */
const careful = new Map<string, true>();

/** Facts of the clean segments of a broken file, per path, keyed by `<first line>:<segment text>`. */
const segMemos = new Map<string, Map<string, readonly Fact[]>>();

/**
 * The segment memo of a path for one parse (files of at least MEMO_MIN_CHARS only): `get`
 * what the last parse kept, `put` what this one read (kept facts must not be changed), and
 * `done` to keep this parse's segments, and only these, for the next one.
 */
export function segmentCache(path: string, textLength: number): { get(key: string): readonly Fact[] | undefined; put(key: string, facts: readonly Fact[]): void; done(): void } | undefined {
  if (textLength < MEMO_MIN_CHARS) return undefined;
  const prev = segMemos.get(path);
  const next = new Map<string, readonly Fact[]>();
  return {
    get: (key) => prev?.get(key),
    put: (key, facts) => void next.set(key, facts),
    done: () => {
      segMemos.delete(path);
      segMemos.set(path, next);
      while (segMemos.size > MEMO_PATHS) segMemos.delete(segMemos.keys().next().value as string);
    },
  };
}

/** For tests: what the memo holds. */
export const memoStats = {
  paths: (): number => memos.size,
  trees: (): number => trees.size,
  clear: (): void => {
    memos.clear();
    segMemos.clear();
    for (const t of trees.values()) t.tree.delete();
    trees.clear();
    careful.clear();
  },
  /** How the last `cleanFileFacts` call got its result. */
  last: 'none' as 'none' | 'same' | 'incremental' | 'full' | 'declined',
  /** How the last `withWholeTree` call got its tree. */
  lastTree: 'none' as 'none' | 'fresh' | 'reused',
};

/**
 * Runs `use` on tree-sitter's tree of the whole `text`. For a path parsed before (big enough),
 * the tree is kept and the next call re-parses incrementally from it (tree.edit); otherwise
 * the tree is deleted after `use`.
 */
export function withWholeTree<T>(path: string, text: string, use: (tree: TSTree) => T): T | undefined {
  const held = trees.get(path);
  let tree: TSTree | undefined;
  if (held) {
    trees.delete(path);
    tree = held.text === text ? held.tree : reparseHcl(held.tree, held.text, text);
    if (tree !== held.tree) held.tree.delete();
    memoStats.lastTree = 'reused';
  } else {
    tree = parseHcl(text);
    memoStats.lastTree = 'fresh';
  }
  if (!tree) return undefined;
  const keep = text.length >= MEMO_MIN_CHARS && (memos.has(path) || careful.has(path));
  if (text.length >= MEMO_MIN_CHARS) {
    careful.delete(path);
    careful.set(path, true);
    while (careful.size > 64) careful.delete(careful.keys().next().value as string);
  }
  try {
    return use(tree);
  } finally {
    if (keep) {
      trees.set(path, { text, tree });
      while (trees.size > MEMO_PATHS) {
        const [oldest, t] = trees.entries().next().value as [string, { text: string; tree: TSTree }];
        trees.delete(oldest);
        t.tree.delete();
      }
    } else tree.delete();
  }
}

/**
 * The facts of a clean `.tf` file, or undefined when the fast reader declines the file (the
 * caller reads it the careful way). The facts of blocks the last parse of the path read too are
 * the same objects: they must not be changed (copy one to change it).
 */
export function cleanFileFacts(path: string, text: string): Fact[] | undefined {
  const memo = memos.get(path);
  let blocks: TopBlock[] | undefined;
  if (memo && memo.text === text) {
    blocks = memo.blocks;
    memoStats.last = 'same';
  } else if (memo) {
    const got = incremental(path, memo, text);
    if (got === DECLINED) {
      memoStats.last = 'declined';
      return undefined;
    }
    blocks = got;
    if (blocks) memoStats.last = 'incremental';
  }
  if (!blocks) {
    blocks = fullBlocks(path, text);
    memoStats.last = blocks ? 'full' : 'declined';
  }
  if (!blocks) return undefined;
  if (text.length >= MEMO_MIN_CHARS) {
    memos.delete(path);
    memos.set(path, { text, blocks });
    while (memos.size > MEMO_PATHS) memos.delete(memos.keys().next().value as string);
  } else memos.delete(path);
  // The kept facts themselves: facts are never changed once made (the caller copies one
  // before giving it another id), so an unchanged block gives the same objects as last time.
  const out: Fact[] = [];
  for (const b of blocks) for (const f of b.facts) out.push(f as Fact);
  return out;
}

/** A fact to hand out or keep: its own top level and arrays; attribute values are shared (nothing changes them). */
export function copyFact(f: Fact): Fact {
  return { ...f, hints: f.hints ? [...f.hints] : f.hints, references: f.references ? [...f.references] : f.references };
}

function toBlock(n: HNode, path: string, scope: string): TopBlock {
  const facts = blockFacts(n, { file: path, scope, rowOffset: 0 });
  for (const f of facts) f.hints = computeHints(f);
  return { start: n.startIndex, end: n.endIndex, row: n.sr, col: n.sc, endRow: n.er, endCol: n.ec, facts };
}

function fullBlocks(path: string, text: string): TopBlock[] | undefined {
  const root = parseCst(text);
  if (!root) return undefined;
  const scope = dirOf(path);
  const body = root.namedChildren.find((k) => k.type === 'body');
  const out: TopBlock[] = [];
  if (body) for (const it of body.namedChildren) if (it.type === 'block') out.push(toBlock(it, path, scope));
  return out;
}

const DECLINED = 'declined';

/** The blocks of `text` from the memo and a read of what changed; DECLINED when the fast reader surely declines the file; undefined to read it whole. */
function incremental(path: string, memo: FileMemo, text: string): TopBlock[] | typeof DECLINED | undefined {
  const old = memo.text;
  const oldLen = old.length;
  const newLen = text.length;
  const max = Math.min(oldLen, newLen);
  let p = 0;
  while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && old.charCodeAt(oldLen - 1 - s) === text.charCodeAt(newLen - 1 - s)) s++;
  const oldChangeEnd = oldLen - s;
  const newChangeEnd = newLen - s;
  const delta = newLen - oldLen;
  const rowDelta = countNewlines(text, p, newChangeEnd) - countNewlines(old, p, oldChangeEnd);

  const blocks = memo.blocks;
  // kept before: blocks that end before the first changed character
  let before = 0;
  while (before < blocks.length && blocks[before].end <= p) before++;
  // kept after: blocks that start after the last changed character, on a line that starts
  // after it too (so their columns are unchanged)
  let after = blocks.length;
  while (after > before) {
    const b = blocks[after - 1];
    if (b.start < oldChangeEnd) break;
    after--;
  }
  while (after < blocks.length) {
    const start = blocks[after].start + delta;
    const nl = text.lastIndexOf('\n', start - 1);
    if (nl >= newChangeEnd) break;
    after++;
  }
  const from = before > 0 ? blocks[before - 1].end : 0;
  const fromRow = before > 0 ? blocks[before - 1].endRow : 0;
  const fromLineStart = before > 0 ? from - blocks[before - 1].endCol : 0;
  const until = after < blocks.length ? blocks[after].start + delta : newLen;
  const items = parseTopItems(text, from, fromRow, fromLineStart, until);
  if (items === undefined) return DECLINED;
  if (items === MISALIGNED) return undefined;
  const scope = dirOf(path);
  const out: TopBlock[] = blocks.slice(0, before);
  for (const it of items) if (it.type === 'block') out.push(toBlock(it, path, scope));
  for (let i = after; i < blocks.length; i++) out.push(rowDelta === 0 && delta === 0 ? blocks[i] : moved(blocks[i], delta, rowDelta));
  return out;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function moved(b: TopBlock, delta: number, rowDelta: number): TopBlock {
  return {
    start: b.start + delta,
    end: b.end + delta,
    row: b.row + rowDelta,
    col: b.col,
    endRow: b.endRow + rowDelta,
    endCol: b.endCol,
    facts: rowDelta === 0 ? b.facts : b.facts.map((f) => shiftFact(f, rowDelta)),
  };
}

function shiftRange(r: Range, d: number): Range {
  return range(r.start.line + d, r.start.character, r.end.line + d, r.end.character);
}

function shiftFact(f: Fact, d: number): Fact {
  const out: Fact = { ...f, range: shiftRange(f.range, d) };
  if (f.nameRange) out.nameRange = shiftRange(f.nameRange, d);
  if (f.attributeRanges) {
    const ranges: Record<string, Range> = {};
    for (const k in f.attributeRanges) ranges[k] = shiftRange(f.attributeRanges[k], d);
    out.attributeRanges = ranges;
  }
  return out;
}

/**
 * The tree-sitter runtime and the Terraform grammar, loaded once from bytes the adapter gives.
 *
 * `import … = require()` picks the package's CommonJS build: the ESM build uses
 * `createRequire(import.meta.url)`, which breaks once bundled into CommonJS.
 */
import TreeSitter = require('web-tree-sitter');
import type { AssetSource } from '../../plugin';

export type TSNode = TreeSitter.Node;
export type TSTree = TreeSitter.Tree;

let parser: TreeSitter.Parser | undefined;
let loading: Promise<void> | undefined;

export function initTreeSitter(assets: AssetSource): Promise<void> {
  if (parser) return Promise.resolve();
  if (!loading) {
    loading = (async () => {
      const runtime = await assets.read('web-tree-sitter.wasm');
      await TreeSitter.Parser.init({ wasmBinary: runtime });
      const grammar = await assets.read('tree-sitter-terraform.wasm');
      const language = await TreeSitter.Language.load(grammar);
      const p = new TreeSitter.Parser();
      p.setLanguage(language);
      parser = p;
    })();
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

export function isReady(): boolean {
  return parser !== undefined;
}

/**
 * Parses `text` reusing `oldTree`, the tree of `oldText` (tree-sitter's incremental parse).
 * `oldTree` is edited in place and stays the caller's to delete; so is the new tree.
 */
export function reparseHcl(oldTree: TSTree, oldText: string, text: string): TSTree | undefined {
  if (!parser) return undefined;
  const max = Math.min(oldText.length, text.length);
  let p = 0;
  while (p < max && oldText.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && oldText.charCodeAt(oldText.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  const start = pointAt(text, p, 0, 0);
  oldTree.edit(
    new TreeSitter.Edit({
      startIndex: p,
      oldEndIndex: oldText.length - s,
      newEndIndex: text.length - s,
      startPosition: start.point,
      oldEndPosition: pointAt(oldText, oldText.length - s, p, start.row).point,
      newEndPosition: pointAt(text, text.length - s, p, start.row).point,
    }),
  );
  return parser.parse(text, oldTree) ?? undefined;
}

/** Row and column of offset `at`, counting lines from `from` (at row `row`, a known line start or 0). */
function pointAt(text: string, at: number, from: number, row: number): { point: { row: number; column: number }; row: number } {
  let r = row;
  for (let i = text.indexOf('\n', from); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) r++;
  const lineStart = at === 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
  return { point: { row: r, column: at - lineStart }, row: r };
}

/** Parses HCL text; the caller must `delete()` the tree. */
export function parseHcl(text: string): TSTree | undefined {
  if (!parser) return undefined;
  return parser.parse(text) ?? undefined;
}

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

/** Parses HCL text; the caller must `delete()` the tree. */
export function parseHcl(text: string): TSTree | undefined {
  if (!parser) return undefined;
  return parser.parse(text) ?? undefined;
}

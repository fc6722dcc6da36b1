/**
 * Node-side AssetSource: the wasm files sit beside the bundle in `dist/`; when running from
 * compiled sources (tests, bench) they are found in node_modules.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AssetSource } from '../core/plugin';

const PACKAGES: Record<string, () => string> = {
  'web-tree-sitter.wasm': () => require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
  'tree-sitter-terraform.wasm': () =>
    join(dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-terraform.wasm'),
};

export function nodeAssets(dir: string = __dirname): AssetSource {
  return {
    async read(name: string): Promise<Uint8Array> {
      const beside = join(dir, name);
      if (existsSync(beside)) return new Uint8Array(await readFile(beside));
      const resolve = PACKAGES[name];
      if (!resolve) throw new Error(`unknown asset ${name}`);
      return new Uint8Array(await readFile(resolve()));
    },
  };
}

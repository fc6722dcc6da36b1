// Bundles the extension, its analysis worker and the CLI, and copies the wasm grammars beside them.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
mkdirSync('dist', { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  define: { __ARG_VERSION__: JSON.stringify(version) },
  // Resolved only as a fallback when the wasm files are not beside the bundle (tests).
  external: ['web-tree-sitter/web-tree-sitter.wasm', '@tree-sitter-grammars/tree-sitter-hcl/package.json'],
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/extension.js',
    external: [...common.external, 'vscode'],
    // The time the host starts evaluating the bundle: activation reports code loading apart.
    banner: { js: 'var __argBundleStart = typeof performance === "object" ? performance.now() : undefined;' },
  }),
  // The extension's analysis thread (src/node/project-worker.ts): its own entry, beside extension.js.
  build({ ...common, entryPoints: ['src/node/project-worker.ts'], outfile: 'dist/project-worker.js' }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' }),
]);

const wasm = [
  require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
  join(dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-terraform.wasm'),
];
for (const file of wasm) copyFileSync(file, join('dist', file.split(/[\\/]/).pop()));

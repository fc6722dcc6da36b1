// Bundles the extension, its analysis worker and the CLI, and copies the wasm grammars beside them.
//
//   node esbuild.mjs [--production] [--analyze]
//
// The extension host's bundle (dist/extension.js) holds only what activation needs: the editor
// glue, the session that talks to the worker, and the catalogue as data. The analysis engine
// (parsers, detectors, zod, yaml, tree-sitter) is in dist/project-worker.js, which the worker
// thread runs; the host requires that same file on first need (the in-process fallback, report
// formatters, explain pages, register edits). `--analyze` prints what each bundle holds.
import { analyzeMetafile, build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const analyze = process.argv.includes('--analyze');
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

/** Modules the host bundle does not hold: their `require` loads dist/project-worker.js, which exports them. */
const FROM_ENGINE_BUNDLE = ['src/node/project-engine.ts', 'src/node/host-engine.ts'].map((p) => resolve(p));
const fromEngineBundle = {
  name: 'from-engine-bundle',
  setup(b) {
    b.onResolve({ filter: /(^|\/)(project-engine|host-engine)$/ }, (args) => {
      const target = resolve(args.resolveDir, `${args.path}.ts`);
      if (!FROM_ENGINE_BUNDLE.includes(target)) return undefined;
      if (args.kind !== 'require-call') throw new Error(`${relative('.', args.importer)} must require ${args.path} on first need, not import it`);
      return { path: './project-worker.js', external: true };
    });
  },
};

/**
 * Modules whose value the host bundle holds as a literal computed here, at build time: the
 * catalogue's data-only view (src/core/catalogue/view-data.ts) is computed from every control,
 * detectors and all, which the bundle then does not need. Their exports must be plain data.
 */
const BUILD_TIME_DATA = [resolve('src/core/catalogue/view-data.ts')];
const buildTimeData = {
  name: 'build-time-data',
  setup(b) {
    b.onLoad({ filter: /view-data\.ts$/ }, async (args) => {
      if (!BUILD_TIME_DATA.includes(resolve(args.path))) return undefined;
      const out = await build({ ...common, entryPoints: [args.path], write: false, sourcemap: false, minify: false, outfile: 'data.js', logLevel: 'error' });
      const mod = { exports: {} };
      new Function('module', 'exports', 'require', '__filename', '__dirname', out.outputFiles[0].text)(mod, mod.exports, require, args.path, dirname(args.path));
      const lines = [];
      for (const [name, value] of Object.entries(mod.exports)) {
        const json = JSON.stringify(value);
        if (json === undefined || !isDeepStrictEqual(JSON.parse(json), value)) throw new Error(`${relative('.', args.path)}: export ${name} is not plain data`);
        lines.push(`export const ${name} = ${json};`);
      }
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

/** What must never be evaluated when the host loads its bundle (the worker and the engine bundle hold it). */
const NOT_IN_HOST = [/^src\/core\/project\.ts$/, /^src\/core\/(parse|evaluate|assess|inventory|report|register)\//, /^src\/core\/catalogue\/controls\//, /node_modules\/(zod|yaml|web-tree-sitter|fflate|@tree-sitter-grammars)\//];

function checkHost(metafile) {
  const inputs = metafile.inputs;
  const bad = Object.keys(inputs).filter((p) => NOT_IN_HOST.some((re) => re.test(p)));
  if (bad.length === 0) return;
  const by = (p) => Object.keys(inputs).filter((q) => inputs[q].imports.some((i) => i.path === p));
  throw new Error(`dist/extension.js must not hold the analysis engine; it holds:\n${bad.slice(0, 10).map((p) => `  ${p} (imported by ${by(p).join(', ') || '?'})`).join('\n')}`);
}

const results = await Promise.all([
  build({
    ...common,
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/extension.js',
    external: [...common.external, 'vscode'],
    plugins: [fromEngineBundle, buildTimeData],
    metafile: true,
    // When the host starts and ends evaluating the bundle: activation reports code loading apart.
    banner: { js: 'var __argBundleStart = typeof performance === "object" ? performance.now() : undefined, __argBundleEnd;' },
    footer: { js: '__argBundleEnd = typeof performance === "object" ? performance.now() : undefined;' },
  }),
  // The extension's analysis thread (src/node/project-worker.ts): its own entry, beside extension.js.
  build({ ...common, entryPoints: ['src/node/project-worker.ts'], outfile: 'dist/project-worker.js', metafile: analyze }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', metafile: analyze }),
]);
checkHost(results[0].metafile);
if (analyze) for (const r of results) console.log(await analyzeMetafile(r.metafile));

const wasm = [
  require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
  join(dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-terraform.wasm'),
];
for (const file of wasm) copyFileSync(file, join('dist', file.split(/[\\/]/).pop()));

#!/usr/bin/env node
// Checks a packaged .vsix: under the size limit, holding what runs (the extension bundle, its
// analysis worker, the wasm grammars), accepted by code-server's `--install-extension` (then
// listed by `--list-extensions`), and working once installed: the activation suite runs in a
// real extension host against the INSTALLED copy, which must analyse in its worker thread (a
// package without the worker would fall back to in-process, and that suite says so).
// Temporary HOME, nothing kept.
//
//   node scripts/code-server/vsix-check.mjs [dist/ai-risk-gradient.vsix] [--max-mb 3] [--no-run]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { codeServerBin, extensionId, isolatedEnv, repoRoot, requireCodeServer } from './host.mjs';

/** Files the extension cannot run without (paths inside the package's extension/ folder). */
const REQUIRED = ['package.json', 'dist/extension.js', 'dist/project-worker.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-terraform.wasm'];

const argv = process.argv.slice(2);
const i = argv.indexOf('--max-mb');
const maxMb = i >= 0 ? Number(argv[i + 1]) : 3;
const vsix = resolve(argv.find((a, k) => !a.startsWith('--') && argv[k - 1] !== '--max-mb') ?? join(repoRoot, 'dist', 'ai-risk-gradient.vsix'));
requireCodeServer();
const size = statSync(vsix).size;
const mb = size / 1024 / 1024;
console.log(`${vsix}: ${mb.toFixed(2)} MB`);
let ok = mb < maxMb;
if (!ok) console.log(`the vsix is larger than ${maxMb} MB`);
// The names only: the filter sees every entry and inflates none.
const entries = [];
unzipSync(readFileSync(vsix), {
  filter: (f) => {
    entries.push(f.name);
    return false;
  },
});
const missing = REQUIRED.filter((f) => !entries.includes(`extension/${f}`));
console.log(`${entries.length} files in the package${missing.length ? `; missing: ${missing.join(', ')}` : `, ${REQUIRED.length} required ones present`}`);
if (missing.length > 0) ok = false;
const tmp = mkdtempSync(join(tmpdir(), 'arg-vsix-'));
try {
  const env = isolatedEnv(tmp);
  const args = ['--user-data-dir', join(tmp, 'ud'), '--extensions-dir', join(tmp, 'ext')];
  const t0 = Date.now();
  execFileSync(codeServerBin, [...args, '--install-extension', vsix], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const list = execFileSync(codeServerBin, [...args, '--list-extensions', '--show-versions'], { env, encoding: 'utf8' });
  const listed = list.split('\n').map((l) => l.trim()).filter((l) => l.startsWith(`${extensionId}@`));
  console.log(`installed in ${Date.now() - t0} ms; --list-extensions: ${listed.join(', ') || '(not listed)'}`);
  if (listed.length === 0) ok = false;
  const dir = readdirSync(join(tmp, 'ext')).find((d) => d.startsWith(`${extensionId}-`));
  const installed = dir ? join(tmp, 'ext', dir) : undefined;
  const absent = installed ? REQUIRED.filter((f) => !existsSync(join(installed, f))) : REQUIRED;
  if (absent.length > 0) {
    console.log(`the installed extension lacks ${absent.join(', ')}`);
    ok = false;
  }
  const tests = join(repoRoot, 'out', 'test', 'vscode', 'index.js');
  if (ok && installed && !argv.includes('--no-run')) {
    if (!existsSync(tests)) {
      console.log(`not run in a host: ${tests} is missing (npm run compile-tests)`);
      ok = false;
    } else {
      // The activation suite against the installed files, in a real extension host.
      const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'vscode-tests.mjs'), '--suite', 'main', '--grep', '^activation ', '--extension', installed], { encoding: 'utf8' });
      const line = (r.stdout ?? '').match(/^vscode: (\d+) passed, (\d+) failed/m);
      console.log(`the installed extension in a real host: ${line ? line[0].replace(/^vscode: /, '') : 'no result'}`);
      if (r.status !== 0 || !line || line[1] === '0') {
        console.log((r.stdout ?? '').split('\n').filter((l) => /✗|Error|missing/.test(l)).slice(0, 20).join('\n'));
        ok = false;
      }
    }
  }
} catch (e) {
  console.log(`install failed: ${e.stderr?.toString() ?? e.message}`);
  ok = false;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`vsix: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
process.exit(ok ? 0 : 1);

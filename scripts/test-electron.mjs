#!/usr/bin/env node
// The same in-host suites through @vscode/test-electron, for machines that can download
// VS Code (it fetches a build from the update service; offline it fails with ENOTFOUND —
// use scripts/vscode-tests.mjs with code-server there). Expects `npm run build` and
// `npm run compile-tests`.
//
//   node scripts/test-electron.mjs [--version stable|1.100.3] [--grep RE]
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const testsIndex = join(repoRoot, 'out', 'test', 'vscode', 'index.js');
if (!existsSync(testsIndex) || !existsSync(join(repoRoot, 'dist', 'extension.js'))) {
  console.error('run `npm run build` and `npm run compile-tests` first');
  console.log('vscode: 0 passed, 1 failed');
  process.exit(1);
}
const { runTests } = await import('@vscode/test-electron');
const tmp = mkdtempSync(join(tmpdir(), 'arg-electron-'));
const workspace = join(tmp, 'workspace');
cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
const results = join(tmp, 'results.json');
let code = 1;
try {
  await runTests({
    version: opt('--version', '1.100.3'),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: testsIndex,
    extensionTestsEnv: { ARG_VSCODE_RESULTS: results, ARG_VSCODE_GREP: opt('--grep', '') },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(tmp, 'user-data')],
  });
  code = 0;
} catch (e) {
  console.error(e?.message ?? String(e));
}
if (existsSync(results)) {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  for (const t of r.tests) console.log(`  ${t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-'} ${t.fullTitle}${t.error ? `\n      ${t.error.split('\n')[0]}` : ''}`);
  console.log(`vscode: ${r.passed} passed, ${r.failed} failed`);
  code = r.failed > 0 || !r.done ? 1 : code;
} else {
  console.log('vscode: 0 passed, 1 failed');
  code = 1;
}
rmSync(tmp, { recursive: true, force: true });
process.exit(code);

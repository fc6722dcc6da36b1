#!/usr/bin/env node
// Runs the mocha suites of test/vscode inside a REAL VS Code extension host: code-server
// 4.100.3 on loopback, the extension loaded from source through the workbench's `payload`
// URL parameter, a temporary copy of examples/ as the workspace. Builds nothing: expects
// `npm run build` (dist/extension.js) and `npm run compile-tests` (out/test/vscode).
//
//   node scripts/vscode-tests.mjs [--grep RE] [--timeout SECONDS] [--workspace DIR] [--keep]
//                                 [--extension DIR] [--tests out/test/vscode/index.js]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, repoRoot, startHost, tail, workbenchUrl } from './code-server/host.mjs';

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const timeoutMs = Number(opt('--timeout', process.env.ARG_VSCODE_TIMEOUT ?? 300)) * 1000;
const grep = opt('--grep', '');
const keep = argv.includes('--keep');
const copyFrom = opt('--workspace', join(repoRoot, 'examples'));
const extensionPath = opt('--extension', repoRoot);
const testsIndex = opt('--tests', join(repoRoot, 'out', 'test', 'vscode', 'index.js'));

for (const [file, hint] of [[join(extensionPath, 'dist', 'extension.js'), 'npm run build'], [testsIndex, 'npm run compile-tests']]) {
  if (!existsSync(file)) {
    console.error(`missing ${file}: run \`${hint}\` first`);
    console.log('vscode: 0 passed, 1 failed');
    process.exit(1);
  }
}

const t0 = Date.now();
let host;
let context;
let code = 1;
const consoleLines = [];
try {
  host = await startHost({ copyFrom, keep, env: { ARG_VSCODE_GREP: grep } });
  context = await launchBrowser(host);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  await page.goto(workbenchUrl(host, { extensionDevelopmentPath: extensionPath, extensionTestsPath: testsIndex }));
  const resultsPath = host.resultsFile;
  const until = Date.now() + timeoutMs;
  let last;
  let printed = 0;
  let hostExitedAt = 0;
  while (Date.now() < until) {
    // The host exits (code 0 even on failure) once run() settles; if it went away without
    // results (a suite failed to load), stop waiting after a short grace period.
    if (!hostExitedAt && /Extension Host Process exited/.test(tail(host.logFile, 20000))) hostExitedAt = Date.now();
    if (hostExitedAt && Date.now() - hostExitedAt > 3000 && !last?.done) break;
    if (existsSync(resultsPath)) {
      try {
        last = JSON.parse(readFileSync(resultsPath, 'utf8'));
      } catch {
        // being written
      }
      if (last) {
        for (; printed < last.tests.length; printed++) {
          const t = last.tests[printed];
          const mark = t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-';
          console.log(`  ${mark} ${t.fullTitle}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`);
          if (t.error) console.log(t.error.split('\n').map((l) => `      ${l}`).join('\n'));
        }
        if (last.done) break;
      }
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  if (!last?.done) {
    console.error(hostExitedAt ? `the extension host exited without writing complete results to ${resultsPath}` : `timed out after ${timeoutMs / 1000} s waiting for ${resultsPath}`);
    console.error('--- browser console (tail) ---\n' + consoleLines.slice(-60).join('\n'));
    console.error('--- code-server log (tail) ---\n' + tail(host.logFile));
    console.log(`vscode: ${last?.passed ?? 0} passed, ${(last?.failed ?? 0) + 1} failed`);
  } else {
    if (last.error) console.log(`runner error: ${last.error}`);
    if (last.failed > 0 || process.env.ARG_VSCODE_VERBOSE) {
      writeFileSync(join(host.tmp, 'browser-console.log'), consoleLines.join('\n'));
      const useful = consoleLines.filter((l) => !/^\s+at |ENOTFOUND|open-vsx|sandbox attribute|service worker|INFO color/i.test(l));
      console.error('--- browser console (filtered tail) ---\n' + useful.slice(-40).join('\n'));
    }
    console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s including code-server start)`);
    console.log(`vscode: ${last.passed} passed, ${last.failed} failed`);
    code = last.failed > 0 || last.passed === 0 ? 1 : 0;
  }
} catch (err) {
  console.error(err?.stack ?? String(err));
  console.log('vscode: 0 passed, 1 failed');
  code = 1;
} finally {
  await context?.close().catch(() => {});
  await host?.stop();
}
process.exit(code);

#!/usr/bin/env node
// Runs the mocha suites of test/vscode inside a REAL VS Code extension host: code-server
// 4.100.3 on loopback, the extension loaded from source through the workbench's `payload`
// URL parameter. Builds nothing: expects `npm run build` (dist/extension.js) and
// `npm run compile-tests` (out/test/vscode).
//
// Two sessions, each a fresh code-server:
//   main   a temporary copy of examples/ as the workspace: every *.test.js but *.scale.test.js
//   scale  a multi-root workspace (.code-workspace): a copy of examples/ (`repo`, the tests
//          make it a git repository) and a generated corpus of ARG_LARGE_FILES files (`large`,
//          default 3,000, from bench/generate): the *.scale.test.js suites
//
//   node scripts/vscode-tests.mjs [--grep RE] [--timeout SECONDS] [--workspace DIR] [--keep]
//                                 [--extension DIR] [--tests out/test/vscode/index.js]
//                                 [--suite main|scale|all]
// `--workspace DIR` copies DIR instead of examples/ for the main session.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, repoRoot, startHost, tail, workbenchUrl } from './code-server/host.mjs';

const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const timeoutMs = Number(opt('--timeout', process.env.ARG_VSCODE_TIMEOUT ?? 600)) * 1000; // per session
const grep = opt('--grep', '');
const keep = argv.includes('--keep');
const copyFrom = opt('--workspace', join(repoRoot, 'examples'));
const extensionPath = opt('--extension', repoRoot);
const testsIndex = opt('--tests', join(repoRoot, 'out', 'test', 'vscode', 'index.js'));
const which = opt('--suite', 'all');
const largeFiles = Number(process.env.ARG_LARGE_FILES ?? 3000);

for (const [file, hint] of [[join(extensionPath, 'dist', 'extension.js'), 'npm run build'], [join(extensionPath, 'dist', 'project-worker.js'), 'npm run build'], [testsIndex, 'npm run compile-tests']]) {
  if (!existsSync(file)) {
    console.error(`missing ${file}: run \`${hint}\` first`);
    console.log('vscode: 0 passed, 1 failed');
    process.exit(1);
  }
}

/** The scale session's workspace: examples/ as `repo`, a generated corpus as `large`, and the .code-workspace file. */
function scaleWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'arg-scale-'));
  cpSync(join(repoRoot, 'examples'), join(dir, 'repo'), { recursive: true });
  const generate = join(repoRoot, 'out', 'bench', 'generate.js');
  if (!existsSync(generate)) throw new Error(`missing ${generate}: run \`npm run compile-tests\` first`);
  const t0 = Date.now();
  const info = require(generate).generateCorpus(join(dir, 'large'), { files: largeFiles, seed: 42 });
  console.log(`generated ${info.files} files (${(info.bytes / 1048576).toFixed(1)} MB) in ${Date.now() - t0} ms for the scale session`);
  // The small folder first: removing or re-adding a folder other than the first does not restart the extension host.
  const file = join(dir, 'scale.code-workspace');
  writeFileSync(file, JSON.stringify({ folders: [{ path: 'repo', name: 'repo' }, { path: 'large', name: 'large' }], settings: {} }, null, 2));
  return { dir, file };
}

async function session(name, hostOptions, suite) {
  const t0 = Date.now();
  let host;
  let context;
  const consoleLines = [];
  let passed = 0;
  let failed = 0;
  try {
    host = await startHost({ ...hostOptions, keep, env: { ARG_VSCODE_GREP: grep, ARG_VSCODE_SUITE: suite, ARG_LARGE_FILES: String(largeFiles) } });
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
      // What the suites measured before the host went away (an out-of-memory abort, say).
      const partial = Object.entries(last?.figures ?? {});
      if (partial.length > 0) console.log(`figures (${name}, incomplete run):\n${partial.map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
      passed = last?.passed ?? 0;
      failed = (last?.failed ?? 0) + 1;
    } else {
      if (last.error) console.log(`runner error: ${last.error}`);
      if (last.failed > 0 || process.env.ARG_VSCODE_VERBOSE) {
        writeFileSync(join(host.tmp, 'browser-console.log'), consoleLines.join('\n'));
        const useful = consoleLines.filter((l) => !/^\s+at |ENOTFOUND|open-vsx|sandbox attribute|service worker|INFO color/i.test(l));
        console.error('--- browser console (filtered tail) ---\n' + useful.slice(-40).join('\n'));
      }
      const figures = Object.entries(last.figures ?? {});
      if (figures.length > 0) console.log(`figures (${name}):\n${figures.map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
      passed = last.passed;
      failed = last.failed;
      // A session that ran no test did not prove anything (unless --grep left none to run).
      if (passed === 0 && failed === 0 && !grep) failed = 1;
    }
  } catch (err) {
    console.error(err?.stack ?? String(err));
    failed++;
  } finally {
    await context?.close().catch(() => {});
    await host?.stop();
  }
  console.log(`(${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s including code-server start) ${name} session: ${passed} passed, ${failed} failed`);
  return { passed, failed };
}

let passed = 0;
let failed = 0;
const add = (r) => {
  passed += r.passed;
  failed += r.failed;
};
if (which === 'all' || which === 'main') add(await session('main', { copyFrom }, 'main'));
if (which === 'all' || which === 'scale') {
  let ws;
  try {
    ws = scaleWorkspace();
    add(await session('scale', { workspace: ws.file }, 'scale'));
  } catch (err) {
    console.error(err?.stack ?? String(err));
    failed++;
  } finally {
    if (ws && !keep) rmSync(ws.dir, { recursive: true, force: true });
    else if (ws) console.log(`kept ${ws.dir}`);
  }
}
console.log(`vscode: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

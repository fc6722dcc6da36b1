#!/usr/bin/env node
// Browser-driven scenarios of the REAL workbench: code-server on loopback with the extension
// loaded from source, headless Debian chromium through playwright-core. Runs test/e2e/*.js in
// order on one workbench page, prints `e2e: N passed, N failed`, always tears down.
//
//   node scripts/e2e.mjs [--images DIR] [--grep RE] [--keep] [--timeout SECONDS]
// Screenshots go to test-results/e2e/ (failures too); `--images docs/images` refreshes the
// pictures of the README.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { launchBrowser, repoRoot, startHost, tail, workbenchUrl } from './code-server/host.mjs';

const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const images = resolve(repoRoot, opt('--images', 'test-results/e2e'));
const failures = resolve(repoRoot, 'test-results/e2e');
const grep = opt('--grep', '');
const keep = argv.includes('--keep');
const scenarioTimeout = Number(opt('--timeout', 90)) * 1000;
mkdirSync(images, { recursive: true });
mkdirSync(failures, { recursive: true });

if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) {
  console.error('missing dist/extension.js: run `npm run build` first');
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}

/** What the scan of examples/ says, from the CLI: the scenarios pick their target from it. */
function expectations() {
  const out = execFileSync(process.execPath, [join(repoRoot, 'bin', 'ai-risk-gradient.js'), 'scan', join(repoRoot, 'examples'), '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  return JSON.parse(out);
}

const t0 = Date.now();
let host;
let context;
let passed = 0;
let failed = 0;
const consoleLines = [];
try {
  let scan;
  try {
    scan = expectations();
  } catch (e) {
    // The CLI exits non-zero when it finds gaps; its stdout is still the JSON.
    scan = e.stdout ? JSON.parse(e.stdout.toString()) : undefined;
    if (!scan) throw new Error(`could not scan examples/ with the CLI: ${e.message}`);
  }
  host = await startHost({ copyFrom: join(repoRoot, 'examples'), keep });
  context = await launchBrowser(host, { viewport: { width: 1440, height: 900 } });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.setDefaultTimeout(30000);
  await page.goto(workbenchUrl(host, { extensionDevelopmentPath: repoRoot }));
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  console.log(`workbench up after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const dir = join(repoRoot, 'test', 'e2e');
  const files = readdirSync(dir).filter((f) => /^\d.*\.js$/.test(f)).sort();
  const shared = { scan, workspace: host.workspace };
  for (const file of files) {
    const scenario = require(join(dir, file));
    if (grep && !new RegExp(grep).test(`${file} ${scenario.name}`)) continue;
    const s0 = Date.now();
    // Start each scenario from a quiet workbench: no open widget, focus in the editor area.
    await page.keyboard.press('Escape').catch(() => {});
    await page.keyboard.press('Escape').catch(() => {});
    try {
      await Promise.race([
        scenario.run({ page, host, shared, screenshot: async (name) => page.screenshot({ path: join(images, name) }), log: (m) => console.log(`      ${m}`) }),
        new Promise((_, rej) => setTimeout(() => rej(new Error(`scenario timed out after ${scenarioTimeout / 1000} s`)), scenarioTimeout)),
      ]);
      passed++;
      console.log(`  ✓ ${scenario.name} (${((Date.now() - s0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed++;
      console.log(`  ✗ ${scenario.name} (${((Date.now() - s0) / 1000).toFixed(1)} s)\n      ${(e?.stack ?? String(e)).split('\n').join('\n      ')}`);
      await page.screenshot({ path: join(failures, `failed-${file.replace(/\.js$/, '')}.png`) }).catch(() => {});
      // Later scenarios may depend on this one's state; close what it may have left open.
      await page.keyboard.press('Escape').catch(() => {});
    }
  }
  if (failed > 0) {
    const useful = consoleLines.filter((l) => !/^\s+at |ENOTFOUND|open-vsx|sandbox attribute|service worker|INFO color/i.test(l));
    console.log('--- browser console (filtered tail) ---\n' + useful.slice(-30).join('\n'));
    console.log('--- code-server log (tail) ---\n' + tail(host.logFile, 2000));
  }
} catch (e) {
  failed++;
  console.error(e?.stack ?? String(e));
} finally {
  await context?.close().catch(() => {});
  await host?.stop();
}
console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s including code-server start; screenshots in ${images})`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

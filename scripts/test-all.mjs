#!/usr/bin/env node
// The whole test suite, as CI and README run it: build, type-check, lint, unit + fixture
// tests on plain Node, then the suites inside a real VS Code extension host (code-server)
// and the browser-driven workbench tests. Ends with one line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

const args = new Set(process.argv.slice(2));
const only = (name) => !['--unit', '--vscode', '--e2e'].some((a) => args.has(a)) || args.has(`--${name}`);
let passed = 0;
let failed = 0;
const summary = [];

function step(title, cmd, cmdArgs, opts = {}) {
  process.stdout.write(`\n── ${title} ──\n`);
  const t0 = Date.now();
  const r = spawnSync(cmd, cmdArgs, { stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: { ...process.env, ...(opts.env ?? {}) } });
  if (opts.capture && r.stdout) process.stdout.write(r.stdout);
  const ok = r.status === 0;
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${title} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return { ok, stdout: r.stdout ?? '' };
}

/** A check that is not a mocha test still counts: one pass or one failure. */
function gate(title, cmd, cmdArgs) {
  const r = step(title, cmd, cmdArgs);
  if (r.ok) passed++;
  else failed++;
  return r.ok;
}

function suite(title, cmd, cmdArgs, label) {
  const r = step(title, cmd, cmdArgs, { capture: true });
  const m = [...r.stdout.matchAll(new RegExp(`^${label}: (\\d+) passed, (\\d+) failed`, 'gm'))].pop();
  if (!m) {
    failed++;
    summary.push(`     ${title}: no result line`);
    return;
  }
  passed += Number(m[1]);
  failed += Number(m[2]);
  if (!r.ok && Number(m[2]) === 0) failed++;
}

function files(dir, re) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p, re) : re.test(n) ? [p] : [];
  });
}

const built = gate('build (esbuild)', 'node', ['esbuild.mjs']);
const compiled = gate('type-check and compile tests (tsc)', 'npx', ['tsc', '-p', 'tsconfig.test.json']);
gate('lint (eslint, core purity)', 'npx', ['eslint', 'src', 'test', 'scripts', 'bench']);

// code-server and the Debian packages (chromium among them) first: the HTML report test
// renders in headless Chromium and must run, not skip, on a fresh machine.
const needHost = only('vscode') || only('e2e');
const install = needHost || only('unit') ? gate('install code-server and chromium (real VS Code host, offline)', 'bash', ['scripts/code-server/install.sh']) : false;

if (only('unit')) {
  process.stdout.write('\n── unit and fixture tests (mocha, plain Node) ──\n');
  const mocha = new Mocha({ reporter: 'spec', timeout: 60000 });
  for (const f of files('out/test/unit', /\.test\.js$/).sort()) mocha.addFile(join(process.cwd(), f));
  const stats = await new Promise((res) => {
    const runner = mocha.run(() => res(runner.stats));
  });
  passed += stats.passes;
  failed += stats.failures;
  summary.push(`${stats.failures === 0 ? 'ok  ' : 'FAIL'} unit: ${stats.passes} passed, ${stats.failures} failed`);
}

if (needHost && built && compiled) {
  if (install && only('vscode')) suite('VS Code extension host suites', 'node', ['scripts/vscode-tests.mjs'], 'vscode');
  if (install && only('e2e')) suite('workbench e2e (playwright + chromium)', 'node', ['scripts/e2e.mjs'], 'e2e');
  if (install && only('vscode')) {
    // Last, because packaging rebuilds dist/ minified: the .vsix must stay small and install.
    if (gate('package the .vsix (vsce)', 'npm', ['run', '--silent', 'package'])) gate('install the .vsix into code-server', 'node', ['scripts/code-server/vsix-check.mjs']);
  }
}

process.stdout.write(`\n── summary ──\n${summary.join('\n')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);

#!/usr/bin/env node
// Checks a packaged .vsix: under the size limit, and accepted by code-server's
// `--install-extension` (then listed by `--list-extensions`). Temporary HOME, nothing kept.
//
//   node scripts/code-server/vsix-check.mjs [dist/ai-risk-gradient.vsix] [--max-mb 3]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { codeServerBin, extensionId, isolatedEnv, repoRoot, requireCodeServer } from './host.mjs';

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
} catch (e) {
  console.log(`install failed: ${e.stderr?.toString() ?? e.message}`);
  ok = false;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`vsix: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
process.exit(ok ? 0 : 1);

// Starts and tears down a real VS Code host: code-server 4.100.3 on loopback, with a temporary
// HOME and XDG folders (nothing is left in the real home folder), plus headless Debian chromium
// driven by playwright-core. Used by scripts/vscode-tests.mjs, scripts/e2e.mjs and scripts/try.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const codeServerDir = join(repoRoot, '.vscode-test', 'code-server');
export const codeServerBin = join(codeServerDir, 'node_modules', '.bin', 'code-server');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const extensionId = 'ai-risk-gradient.ai-risk-gradient';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--disable-crash-reporter', '--disable-breakpad',
];

/** Installs code-server when it is missing (idempotent; prints what it did). */
export function ensureCodeServer() {
  const r = spawnSync('bash', [join(repoRoot, 'scripts/code-server/install.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('code-server install failed');
}

export function requireCodeServer() {
  if (!existsSync(codeServerBin)) {
    throw new Error(`code-server is not installed in ${codeServerDir}; run: npm run install:code-server`);
  }
}

export async function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** Environment with HOME / XDG folders inside `dir`. */
export function isolatedEnv(dir, extra = {}) {
  const home = join(dir, 'home');
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    TMPDIR: join(dir, 'tmp'),
    ...extra,
  };
  for (const k of ['HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME', 'TMPDIR']) mkdirSync(env[k], { recursive: true });
  // Never let a developer's VS Code session leak into the host.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  return env;
}

async function waitHealthy(baseUrl, child, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`code-server did not answer /healthz within ${ms} ms`);
}

/**
 * Starts code-server. `workspace`: a folder to open as is; `copyFrom`: a folder copied into the
 * temporary dir and opened (so tests may edit it). The in-host test runner writes its results to
 * `resultsFile` (passed as $ARG_VSCODE_RESULTS). Returns { port, baseUrl, workspace, tmp, env, logFile, resultsFile, stop }.
 */
export async function startHost({ workspace, copyFrom, env: extraEnv = {}, port, keep = false, quiet = false, userSettings = {} } = {}) {
  requireCodeServer();
  const tmp = mkdtempSync(join(tmpdir(), 'arg-vscode-'));
  let ws = workspace;
  if (!ws) {
    ws = join(tmp, 'workspace');
    cpSync(copyFrom ?? join(repoRoot, 'examples'), ws, { recursive: true });
  }
  const resultsFile = join(tmp, 'results.json');
  const env = isolatedEnv(tmp, { ARG_VSCODE_RESULTS: resultsFile, ...extraEnv });
  const p = port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${p}`;
  const logFile = join(tmp, 'code-server.log');
  const log = createWriteStream(logFile);
  const args = [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${p}`,
    '--user-data-dir', join(tmp, 'user-data'), '--extensions-dir', join(tmp, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    ws,
  ];
  // Quiet, offline-friendly user settings: no welcome page, no telemetry, no update checks.
  mkdirSync(join(tmp, 'user-data', 'User'), { recursive: true });
  writeFileSync(join(tmp, 'user-data', 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'npm.fetchOnlinePackageInfo': false,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'chat.commandCenter.enabled': false,
    // The web workbench saves after a second by default: a suite that edits a buffer and
    // reverts it would otherwise leave the edit on disk whenever the edit took longer.
    'files.autoSave': 'off',
    ...userSettings,
  }, null, 2));
  const started = Date.now();
  const child = spawn(codeServerBin, args, { env, cwd: tmp, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    if (child.exitCode === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
      const until = Date.now() + 5000;
      while (child.exitCode === null && child.signalCode === null && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    log.end();
    if (!keep) rmSync(tmp, { recursive: true, force: true });
    else if (!quiet) console.log(`kept ${tmp}`);
  };
  const onExit = () => {
    // Last resort on abrupt exit: synchronous kill and cleanup.
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    if (!keep) rmSync(tmp, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => { stop().finally(() => process.exit(130)); });
  }
  try {
    await waitHealthy(baseUrl, child, 30000);
  } catch (e) {
    const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    await stop();
    throw new Error(`${e.message}\n${text.slice(-3000)}`);
  }
  if (!quiet) console.log(`code-server up at ${baseUrl} in ${Date.now() - started} ms (workspace ${ws})`);
  return { port: p, baseUrl, workspace: ws, tmp, env, logFile, resultsFile, stop, child };
}

/** The workbench URL; `payload` holds test-electron style keys (extension development / tests paths). */
export function workbenchUrl(host, { extensionDevelopmentPath = repoRoot, extensionTestsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${host.port}${p}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  // A .code-workspace file opens as a (multi-root) workspace, anything else as a folder.
  const kind = host.workspace.endsWith('.code-workspace') ? 'workspace' : 'folder';
  let url = `${host.baseUrl}/?${kind}=${encodeURIComponent(host.workspace)}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** Headless chromium with a profile inside the host's temp dir. */
export async function launchBrowser(host, { viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = await import('playwright-core');
  if (!existsSync(chromiumPath)) throw new Error(`chromium not found at ${chromiumPath} (apt-get install chromium)`);
  return chromium.launchPersistentContext(join(host.tmp, 'chromium-profile'), {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    env: host.env,
    viewport,
  });
}

export function tail(file, chars = 4000) {
  try { return readFileSync(file, 'utf8').slice(-chars); } catch { return ''; }
}

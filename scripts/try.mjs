#!/usr/bin/env node
// `npm run try`: builds the extension, makes sure code-server is installed, and starts it on
// loopback with the extension loaded from source and examples/ open. Prints the URL and waits
// (Ctrl+C stops it and removes the temporary HOME).
//
//   npm run try [-- --port 8123] [--folder DIR] [--copy]
//   --copy   open a temporary copy of the folder, so edits do not touch the repository
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ensureCodeServer, repoRoot, startHost, workbenchUrl } from './code-server/host.mjs';

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const folder = resolve(opt('--folder', join(repoRoot, 'examples')));
const port = opt('--port', process.env.PORT) ? Number(opt('--port', process.env.PORT)) : undefined;

const b = spawnSync(process.execPath, [join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, stdio: 'inherit' });
if (b.status !== 0) process.exit(b.status ?? 1);
ensureCodeServer();

const host = await startHost(argv.includes('--copy') ? { copyFrom: folder, port } : { workspace: folder, port });
console.log('\nAI Risk Gradient is loaded from source (extensionDevelopmentPath). Open:\n');
console.log(`  ${workbenchUrl(host, { extensionDevelopmentPath: repoRoot })}\n`);
console.log('Rebuild with `npm run build` and reload the window (F1 → Developer: Reload Window) to pick up changes.');
console.log('Press Ctrl+C to stop.');
await new Promise((resolveStop) => {
  host.child.on('exit', (code) => {
    console.log(`code-server exited (${code})`);
    resolveStop();
  });
});
await host.stop();

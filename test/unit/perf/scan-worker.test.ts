// A scan run in a worker thread gives the result of the same scan run in-process, reports
// progress, and can be cancelled.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Project } from '../../../src/core';
import { nodeAssets } from '../../../src/node/assets';
import { nodeFileSource } from '../../../src/node/file-source';
import { scanInWorker } from '../../../src/node/scan-worker';

const DIR = join(process.cwd(), 'test/fixtures/tiers/linked-k8s-image');

describe('scan in a worker thread', function () {
  this.timeout(60000);

  it('returns the same result as an in-process scan, with progress', async () => {
    const progress: [number, number][] = [];
    const inWorker = await scanInWorker({ root: DIR, today: '2026-12-01', rootLabel: 'repo' }, { onProgress: (d, t) => progress.push([d, t]) });
    const project = new Project({ assets: nodeAssets(), today: () => '2026-12-01', root: 'repo' });
    await project.loadAll(nodeFileSource(DIR));
    const local = project.result();
    const strip = (r: typeof local) => ({ ...r, timings: {} });
    assert.ok(local.workloads.length > 0);
    // Structured clone keeps `undefined` members that JSON drops: compare both as JSON.
    assert.deepEqual(JSON.parse(JSON.stringify(strip(inWorker))), JSON.parse(JSON.stringify(strip(local))));
    assert.ok(progress.length > 0);
    const [done, total] = progress[progress.length - 1];
    assert.equal(done, total);
    assert.equal(total, local.filesScanned);
  });

  it('rejects with an AbortError when cancelled, before or during the scan', async () => {
    const before = new AbortController();
    before.abort();
    await assert.rejects(scanInWorker({ root: DIR }, { signal: before.signal }), (e: Error) => e.name === 'AbortError');
    const during = new AbortController();
    const pending = scanInWorker({ root: join(process.cwd(), 'test/fixtures') }, { signal: during.signal });
    setTimeout(() => during.abort(), 5);
    await assert.rejects(pending, (e: Error) => e.name === 'AbortError');
  });

  it('reports a folder that does not exist as an empty scan, not a crash', async () => {
    const r = await scanInWorker({ root: join(process.cwd(), 'test/fixtures/no-such-folder') });
    assert.equal(r.filesScanned, 0);
    assert.deepEqual(r.workloads, []);
  });
});

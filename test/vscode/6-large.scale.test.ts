// The extension on a large workspace, in the real extension host: the Project runs in a
// worker thread, so the host's event loop stays free while the workspace is scanned; a scan
// can be cancelled; the in-process fallback gives the same results (and the figure before).
// Runs in the `scale` session of scripts/vscode-tests.mjs: folders `repo` (examples) and
// `large` (a generated corpus).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/vscode/extension';
import { api, closeAll, codeOf, figure, lagMonitor, ours, terraformFinding, uriOf, waitFor } from './helpers';
import { addFolder, comparable, diagnosticsUnder, difference, LARGE_FILES, MAX_LAG_MS, removeFolder, tracedEditRoundTrips } from './scale-helpers';

describe(`scale: a ${LARGE_FILES}-file workspace folder, cancellation, the in-process fallback`, function () {
  this.timeout(600000);
  let dir = '';
  let large: vscode.WorkspaceFolder | undefined;
  let x: ExtensionApi;

  before(async () => {
    x = await api();
    large = vscode.workspace.workspaceFolders?.find((f) => f.name === 'large');
    assert.ok(large, 'the scale session opens a folder named large');
    dir = large.uri.fsPath;
  });

  after(() => {
    x.controller.useWorker = true;
  });

  afterEach(closeAll);

  const model = () => x.controller.modelFor(large!.uri)!;

  /** Copies a Terraform workload of examples/ into the large folder: its gap shows, then goes with it. */
  async function addAndRemoveWorkload(x: ExtensionApi, name: string): Promise<void> {
    const f = terraformFinding(x);
    const target = vscode.Uri.file(path.join(dir, name));
    await vscode.workspace.fs.copy(uriOf(path.posix.dirname(f.file)), target, { overwrite: true });
    const added = vscode.Uri.joinPath(target, path.posix.basename(f.file));
    await waitFor(() => ours(added).some((d) => codeOf(d) === f.controlId), `diagnostics on ${name}/${path.posix.basename(f.file)}`, 30000);
    await vscode.workspace.fs.delete(target, { recursive: true });
    await waitFor(() => ours(added).length === 0, 'its diagnostics to go with it', 30000);
  }

  it('activates as fast with the large folder open, the folders load in workers', () => {
    figure('activation: activate() ms with the large workspace', x.controller.stats.activationMs);
    assert.ok(x.controller.stats.activationMs >= 0 && x.controller.stats.activationMs < 250, `activate() took ${x.controller.stats.activationMs} ms`);
    for (const m of x.controller.models.values()) assert.equal(m.backend, 'worker', m.folder.name);
    const r = model().result()!;
    figure('large workspace: files scanned / workloads / findings', `${r.filesScanned} / ${r.workloads.length} / ${r.findings.length}`);
    assert.ok(r.filesScanned > LARGE_FILES / 2 && r.workloads.length > 0, `files scanned: ${r.filesScanned}`);
  });

  it(`stays responsive while Assess Workspace scans ${LARGE_FILES} files in a worker; typing in the folder being scanned is not held up`, async () => {
    const m = model();
    assert.equal(m.backend, 'worker');
    const before = comparable(m.result());
    const thread = m.threadId;
    // A file of the large folder with findings: edited while that folder is scanned again.
    const target = m.result()!.findings.find((f) => f.file.endsWith('.tf') && !f.suppressed && m.findingsFor(f.file).filter((y) => !y.suppressed).length >= 1)!;
    assert.ok(target, 'a Terraform file with findings in the large folder');
    const published = x.controller.stats.filesPublished;
    x.controller.resetMaxima();
    const lag = lagMonitor(10, 'assess-workspace');
    const t0 = performance.now();
    const run = Promise.resolve(vscode.commands.executeCommand<{ workloads: number; missing: number }>('aiRiskGradient.assessWorkspace'));
    await waitFor(() => m.loading, 'the large folder to load', 60000);
    // The previous worker answers the edit while the new one loads.
    const {
      times: [editMs],
      phases,
    } = await tracedEditRoundTrips(x, m.uri(target.file), 1);
    const stillLoading = m.loading;
    const r = await run;
    const scanMs = performance.now() - t0;
    const l = lag.stop();
    figure(`host event-loop max lag ms during Assess Workspace (${LARGE_FILES} files + examples), worker`, l.max);
    figure('host event-loop max busy ms in one late interval, worker', l.maxBusy);
    figure('host event-loop p99 lag ms, worker', l.p99);
    figure('host lag spikes > 50 ms during Assess Workspace (ms+lag/busy)', l.spikes || 'none');
    figure('Assess Workspace ms, worker', scanMs);
    figure('edit → diagnostics ms in the large folder while it is scanned', editMs);
    figure('edit answered while the large folder was still loading', String(stillLoading));
    figure('where that edit went (ms)', phases.join('; '));
    const republished = x.controller.stats.filesPublished - published;
    figure('files whose diagnostics were made again during Assess Workspace', republished);
    figure('publishing: longest step ms; delta parts: longest ms; views: longest update ms', `${x.controller.stats.maxPublishStepMs}; ${x.controller.partStats.maxPartMs.toFixed(1)}; ${x.controller.stats.maxViewsMs}`);
    // Edits queued in the new worker during its load (the editor saves the buffer, so the disk
    // changed too) are answered after the scan's own promise: the results are compared once
    // everything has settled.
    await x.settled();
    const result = m.result()!;
    // The host's own blocking is held to the bound; the timer's raw lateness, which also counts
    // waiting for a CPU while other processes load the machine, to four times it.
    const detail = `max lag ${l.max.toFixed(0)} ms, busy ${l.maxBusy.toFixed(0)} ms (p99 ${l.p99.toFixed(0)} ms, ${l.samples} samples; spikes at ms+lag/busy: ${l.spikes})`;
    assert.ok(l.maxBusy < MAX_LAG_MS, detail);
    assert.ok(l.max < 4 * MAX_LAG_MS, detail);
    assert.ok(editMs < 5000, `an edit elsewhere took ${editMs} ms`);
    // The corpus did not change: only the edited file (out, back, and again in the new worker)
    // has its diagnostics made again, not every file of the folder.
    assert.ok(republished < 20, `${republished} files published again`);
    assert.notEqual(m.threadId, thread, 'the scan ran in a new worker');
    assert.equal(m.backend, 'worker');
    assert.ok(result.filesScanned > LARGE_FILES / 2, `files scanned: ${result.filesScanned}`);
    assert.ok(r.workloads >= result.workloads.length && result.workloads.length > 0);
    const after = comparable(result);
    assert.ok(isDeepStrictEqual(after, before), `the same corpus gives the same result: ${difference(after, before)}; the model holds the edited file's text ${m.text(target.file) === undefined ? 'of the disk' : m.text(target.file) === fs.readFileSync(path.join(dir, target.file), 'utf8') ? 'as on disk' : 'NOT as on disk'}; trail: ${m.trail.slice(-25).join(' | ')}`);
    assert.ok(diagnosticsUnder(dir) > 0, 'the large folder has diagnostics');
  });

  it('the in-process fallback gives the same result, but holds the host while it scans (the figure before the worker)', async function () {
    // Beyond 10,000 files the Project held on the host's own heap, beside the worker's mirror
    // and this test's copies of the result, does not fit the extension host's heap limit.
    if (LARGE_FILES > 10000) this.skip();
    const m = model();
    const before = comparable(m.result());
    x.controller.useWorker = false;
    try {
      const lag = lagMonitor();
      const t0 = performance.now();
      await vscode.commands.executeCommand('aiRiskGradient.assessWorkspace');
      const l = lag.stop();
      figure(`host event-loop max lag ms during Assess Workspace (${LARGE_FILES} files + examples), in-process`, l.max);
      figure('host event-loop max busy ms in one late interval, in-process', l.maxBusy);
      // The same measure tells the blocking apart: in-process, the parse holds the loop.
      assert.ok(l.maxBusy > MAX_LAG_MS, `in-process the loop was held ${l.maxBusy.toFixed(0)} ms at most`);
      figure('Assess Workspace ms, in-process', performance.now() - t0);
      assert.equal(m.backend, 'in-process');
      assert.equal(m.fallbackReason, 'asked for in-process analysis');
      assert.deepEqual(comparable(m.result()), before, 'the in-process Project gives what the worker gave');
    } finally {
      x.controller.useWorker = true;
    }
    await vscode.commands.executeCommand('aiRiskGradient.assessWorkspace');
    assert.equal(m.backend, 'worker');
    assert.deepEqual(comparable(m.result()), before);
  });

  it('cancelling the scan stops its worker and leaves the model as it was, taking edits', async () => {
    const m = model();
    const before = comparable(m.result());
    const thread = m.threadId;
    const exited = m.workers.exited;
    const { cancelledScans, fullScans } = x.controller.stats;
    const run = x.controller.scanAll(true);
    await waitFor(() => m.loading, 'the large folder to load', 60000);
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    x.controller.cancelScan();
    await run;
    const stopMs = performance.now() - t0;
    await waitFor(() => m.workers.exited > exited, 'the cancelled worker to end', 5000);
    figure('cancel → scan promise settled ms', stopMs);
    figure('cancel → worker ended ms', performance.now() - t0);
    assert.equal(x.controller.stats.cancelledScans, cancelledScans + 1);
    assert.equal(x.controller.stats.fullScans, fullScans, 'a cancelled scan is not counted as done');
    assert.ok(stopMs < 2000, `the scan stopped ${stopMs.toFixed(0)} ms after the cancel`);
    assert.equal(m.loading, false);
    assert.equal(m.threadId, thread, 'the worker that had loaded still answers');
    assert.deepEqual(comparable(m.result()), before, 'the results are those before the cancelled scan');
    // Usable: a new file gets its diagnostics, and loses them with the file.
    await addAndRemoveWorkload(x, 'added-after-cancel');
  });

  it('a cancelled first load leaves an empty project in a fresh worker, which still takes edits', async () => {
    const folder = large!;
    await removeFolder(folder);
    large = undefined;
    await x.settled();
    assert.equal(x.controller.modelFor(folder.uri), undefined, 'the removed folder has no model');
    const scans = x.controller.stats.cancelledScans;
    large = await addFolder(dir, 'large');
    const m = await waitFor(() => x.controller.modelFor(large!.uri), 'a model for the re-added folder');
    await waitFor(() => m.loading, 'its first load', 60000);
    await new Promise((r) => setTimeout(r, 200));
    x.controller.cancelScan();
    await waitFor(() => m.loaded && !m.loading, 'the model to be usable', 10000);
    await x.settled();
    assert.equal(x.controller.stats.cancelledScans, scans + 1);
    assert.equal(m.backend, 'worker');
    assert.equal(m.result()!.filesScanned, 0, 'nothing of the cancelled load is kept');
    await addAndRemoveWorkload(x, 'added-after-first-cancel');
  });
});


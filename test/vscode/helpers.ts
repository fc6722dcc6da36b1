/** Shared helpers of the in-host suites. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import { PerformanceObserver } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { Finding } from '../../src/core';
import type { ExtensionApi } from '../../src/vscode/extension';

export const EXTENSION_ID = 'ai-risk-gradient.ai-risk-gradient';
export const SOURCE = 'ai-risk-gradient';

export async function api(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const x = ext.isActive ? ext.exports : await ext.activate();
  await x.settled();
  return x;
}

export function root(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder is open');
  return f.uri;
}

export function uriOf(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(root(), ...rel.split('/'));
}

export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 15000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined | false;
  while (Date.now() < until) {
    last = await probe();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** Every .tf file of the workspace that carries at least one of our diagnostics. */
export function terraformDiagnostics(): [vscode.Uri, vscode.Diagnostic[]][] {
  return vscode.languages
    .getDiagnostics()
    .filter(([u]) => u.path.endsWith('.tf'))
    .map(([u, ds]) => [u, ds.filter((d) => d.source === SOURCE)] as [vscode.Uri, vscode.Diagnostic[]])
    .filter(([, ds]) => ds.length > 0);
}

export function sameRange(r: vscode.Range, f: Finding): boolean {
  return r.start.line === f.range.start.line && r.start.character === f.range.start.character && r.end.line === f.range.end.line && r.end.character === f.range.end.character;
}

/** An unsuppressed Terraform finding of the scan, one with a safe fix in its own file when there is one. */
export function terraformFinding(x: ExtensionApi): Finding {
  const result = x.controller.results()[0]?.result;
  assert.ok(result, 'no scan result');
  const tf = result.findings.filter((y) => y.file.endsWith('.tf') && !y.suppressed && y.severity !== 'info');
  const f = tf.find((y) => y.fixes.some((fx) => fx.kind === 'safe' && fx.edits.every((e) => e.file === y.file))) ?? tf[0];
  assert.ok(f, `no Terraform finding among ${result.findings.length} findings`);
  return f;
}

/**
 * A finding of the scan with a safe fix inside its own file: a Terraform one when the
 * catalogue has one, else one of another input kind.
 */
export function findingWithSafeFix(x: ExtensionApi): Finding {
  const result = x.controller.results()[0]?.result;
  assert.ok(result, 'no scan result');
  const ok = (y: Finding) => !y.suppressed && y.fixes.some((fx) => fx.kind === 'safe' && fx.edits.length > 0 && fx.edits.every((e) => e.file === y.file));
  const f = result.findings.find((y) => y.file.endsWith('.tf') && ok(y)) ?? result.findings.find(ok);
  assert.ok(f, `no finding with a safe fix among ${result.findings.length} findings`);
  return f;
}

/** Restores a file of the workspace to the given text and waits until the extension saw it. */
export async function restore(x: ExtensionApi, uri: vscode.Uri, text: string): Promise<void> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    await vscode.workspace.applyEdit(edit);
    await doc.save();
  } else {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  }
  const model = x.controller.modelFor(uri)!;
  const rel = model.rel(uri)!;
  await waitFor(() => model.text(rel) === text, `${rel} restored in the model`);
  await x.settled();
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Loads a document in the editor (the execute*Provider commands need its model). */
export async function load(uri: vscode.Uri): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument(uri);
}

/** Records a measurement; the driver prints it after the run (`figures:`). */
export function figure(name: string, value: number | string): void {
  const g = globalThis as { __argFigures?: Record<string, number | string> };
  (g.__argFigures ??= {})[name] = typeof value === 'number' ? Math.round(value * 10) / 10 : value;
}

export interface LagReport {
  /** Largest lateness of the timer (ms): the host's own work and the OS not scheduling it. */
  max: number;
  p99: number;
  /**
   * Largest time the event loop was busy within one late interval (ms): the lateness this
   * thread caused itself (a synchronous task), apart from waiting for a CPU on a loaded
   * machine, which the loop spends idle in its poll. From `performance.eventLoopUtilization`.
   */
  maxBusy: number;
  samples: number;
  /** When (ms from the start) the timer was more than 50 ms late: `at+lag/busy`, `+gcN` when the collector paused it N ms. */
  spikes: string;
}

/**
 * With ARG_HOST_PROFILE=DIR, records a CPU profile of this (the extension host's) thread until
 * the returned function is called, written to DIR/<name>.cpuprofile (for measuring, not asserting).
 */
export function hostProfile(name: string): { started: Promise<void>; stop(): Promise<void> } | undefined {
  const dir = process.env.ARG_HOST_PROFILE;
  if (!dir) return undefined;
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  const started = post('Profiler.enable')
    .then(() => post('Profiler.setSamplingInterval', { interval: 500 }))
    .then(() => post('Profiler.start'))
    .then(() => undefined);
  return {
    started,
    async stop() {
      await started;
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      session.disconnect();
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(`${dir}/${name.replace(/[^\w.-]+/g, '-')}.cpuprofile`, JSON.stringify(profile));
    },
  };
}

/**
 * Measures the event-loop lag of this (the extension host's) thread: a 10 ms timer's lateness.
 * `profile`: a name for the CPU profile of the window (see hostProfile).
 */
export function lagMonitor(periodMs = 10, profile?: string): { stop(): LagReport } {
  const prof = profile ? hostProfile(profile) : undefined;
  // Starting the profiler holds the loop itself: samples count from when it runs.
  let counting = prof === undefined;
  const lags: number[] = [];
  const big: string[] = [];
  let maxBusy = 0;
  const t00 = performance.now();
  let last = performance.now();
  let elu = performance.eventLoopUtilization();
  void prof?.started.then(() => {
    counting = true;
    last = performance.now();
    elu = performance.eventLoopUtilization();
  });
  const sample = () => {
    const t = performance.now();
    const now = performance.eventLoopUtilization();
    if (!counting) {
      last = t;
      elu = now;
      return;
    }
    const busy = now.active - elu.active;
    const lag = Math.max(0, t - last - periodMs);
    // Busy time beyond the period's own share is time this thread held the loop.
    const held = Math.min(lag, Math.max(0, busy));
    maxBusy = Math.max(maxBusy, held);
    if (lag > 50) big.push(`${(last - t00).toFixed(0)}+${lag.toFixed(0)}/${held.toFixed(0)}`);
    lags.push(lag);
    last = t;
    elu = now;
  };
  const timer = setInterval(sample, periodMs);
  // Garbage-collection pauses of this thread, to tell them apart in the spikes.
  const gcs: { start: number; ms: number }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.duration >= 20) gcs.push({ start: e.startTime, ms: e.duration });
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      clearInterval(timer);
      gcObserver.disconnect();
      void prof?.stop();
      // The last interval may not have fired yet: count the time since it too.
      sample();
      const sorted = [...lags].sort((a, b) => a - b);
      // A spike during which the collector paused the thread 20 ms or more says so: `+gc…`.
      const spikes = big.map((x) => {
        const [at, rest] = x.split('+');
        const from = t00 + Number(at);
        const to = from + periodMs + Number(rest.split('/')[0]);
        const gc = gcs.filter((g) => g.start < to && g.start + g.ms > from).reduce((n, g) => n + g.ms, 0);
        return gc > 0 ? `${x}+gc${gc.toFixed(0)}` : x;
      });
      return { max: sorted[sorted.length - 1] ?? 0, p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0, maxBusy, samples: lags.length, spikes: spikes.join(' ') };
    },
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

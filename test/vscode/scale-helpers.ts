// Helpers of the suites that measure the extension at scale (5-speed, *.scale.test).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ScanResult } from '../../src/core/model';
import type { ExtensionApi } from '../../src/vscode/extension';
import { codeOf, ours } from './helpers';

export const LARGE_FILES = Number(process.env.ARG_LARGE_FILES ?? 3000);
/** Generous: the machine has 2 cores and other work; a host blocked by a scan shows seconds. */
export const MAX_LAG_MS = Number(process.env.ARG_MAX_LAG_MS ?? 250);

export async function addFolder(dir: string, name: string): Promise<vscode.WorkspaceFolder> {
  const n = vscode.workspace.workspaceFolders?.length ?? 0;
  const changed = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeWorkspaceFolders(() => {
      sub.dispose();
      resolve();
    });
  });
  // Appended after the first folder: the extension host keeps running (only a change of the
  // first folder restarts it).
  assert.ok(vscode.workspace.updateWorkspaceFolders(n, 0, { uri: vscode.Uri.file(dir), name }), 'the folder can be added');
  await changed;
  const f = vscode.workspace.workspaceFolders?.find((w) => w.uri.fsPath === dir);
  assert.ok(f, `${dir} is a workspace folder`);
  return f;
}

export async function removeFolder(f: vscode.WorkspaceFolder): Promise<void> {
  const i = vscode.workspace.workspaceFolders?.findIndex((w) => w.uri.toString() === f.uri.toString()) ?? -1;
  if (i < 1) return;
  const changed = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeWorkspaceFolders(() => {
      sub.dispose();
      resolve();
    });
  });
  vscode.workspace.updateWorkspaceFolders(i, 1);
  await changed;
}

/** Resolves at the first diagnostics change for `uri` after which `done()` holds. */
export function diagnosticsUntil(uri: vscode.Uri, done: () => boolean, timeoutMs = 30000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for the diagnostics of ${uri.path}`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString()) || !done()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(performance.now());
    });
  });
}

export const findingsOn = (uri: vscode.Uri) => ours(uri).filter((d) => /^ARG-/.test(codeOf(d) ?? '')).length;

/**
 * Comments a whole Terraform file out in its editor (its findings go) and back (they return),
 * `rounds` times; returns the times from each edit to the diagnostics that follow it.
 */
export async function editRoundTrips(uri: vscode.Uri, rounds: number): Promise<number[]> {
  return (await tracedEditRoundTrips(undefined, uri, rounds)).times;
}

/**
 * editRoundTrips, and where each edit's time went (with the extension's EditTrace): to the
 * editor's change event, the debounce, the worker's answer applied and published, and the
 * editor's diagnostics event — `change+… send+… answer+…(engine …) event+…` (ms).
 */
export async function tracedEditRoundTrips(x: ExtensionApi | undefined, uri: vscode.Uri, rounds: number): Promise<{ times: number[]; phases: string[]; fromChange: number[] }> {
  const phases: string[] = [];
  /** From the editor's change event to the diagnostics event: the extension's part of each edit. */
  const fromChange: number[] = [];
  const editor = await vscode.window.showTextDocument(uri);
  const doc = editor.document;
  const original = doc.getText();
  const commented = original
    .split('\n')
    .map((l) => (l.trim() ? `# ${l}` : l))
    .join('\n');
  const n0 = findingsOn(uri);
  assert.ok(n0 > 0, `${uri.path} has findings to start with`);
  const whole = () => new vscode.Range(0, 0, doc.lineCount, 0);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const [text, done] of [
      [commented, () => findingsOn(uri) === 0],
      [original, () => findingsOn(uri) === n0],
    ] as const) {
      const until = diagnosticsUntil(uri, done);
      const t0 = performance.now();
      assert.ok(await editor.edit((b) => b.replace(whole(), text)));
      const t1 = await until;
      times.push(t1 - t0);
      const rel = x?.controller.modelFor(uri)?.rel(uri);
      // The analyses of this edit's text (the open of the document may have sent one too).
      const sent = x?.controller.stats.edits.filter((y) => y.rel === rel && y.sentAt >= t0) ?? [];
      const e = sent.find((y) => !y.unchanged) ?? sent[0];
      if (e) {
        fromChange.push(t1 - e.changedAt);
        const d = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '?' : (a - b).toFixed(0));
        phases.push(`change+${d(e.changedAt, t0)} send+${d(e.sentAt, e.changedAt)} answer+${d(e.doneAt, e.sentAt)}(engine ${e.engineMs?.toFixed(0) ?? '?'}) event+${d(t1, e.doneAt)}${sent.length > 1 ? ` (${sent.length} sends)` : ''}`);
      }
    }
  }
  await vscode.commands.executeCommand('workbench.action.files.revert');
  return { times, phases, fromChange };
}

export function comparable(r: ScanResult | undefined): unknown {
  assert.ok(r, 'a result');
  return JSON.parse(JSON.stringify({ ...r, timings: {} }));
}

export function diagnosticsUnder(dir: string): number {
  return vscode.languages
    .getDiagnostics()
    .filter(([u]) => u.fsPath.startsWith(dir + path.sep))
    .reduce((n, [, ds]) => n + ds.filter((d) => d.source === 'ai-risk-gradient').length, 0);
}


/** Where two results (comparable()) differ: workload ids whose workload or assessment differ, files whose findings differ. */
export function difference(a: unknown, b: unknown): string {
  const x = a as ScanResult;
  const y = b as ScanResult;
  const byId = (r: ScanResult) => new Map(r.workloads.map((w, i) => [w.id, JSON.stringify([w, r.assessments[i]])]));
  const wa = byId(x);
  const wb = byId(y);
  const workloads = [...new Set([...wa.keys(), ...wb.keys()])].filter((id) => wa.get(id) !== wb.get(id));
  const byFile = (r: ScanResult) => {
    const m = new Map<string, string[]>();
    for (const f of r.findings) m.set(f.file, [...(m.get(f.file) ?? []), JSON.stringify(f)]);
    return m;
  };
  const fa = byFile(x);
  const fb = byFile(y);
  const files = [...new Set([...fa.keys(), ...fb.keys()])].filter((f) => JSON.stringify(fa.get(f)) !== JSON.stringify(fb.get(f)));
  const rest = Object.keys(x).filter((k) => !['workloads', 'assessments', 'findings'].includes(k) && JSON.stringify((x as unknown as Record<string, unknown>)[k]) !== JSON.stringify((y as unknown as Record<string, unknown>)[k]));
  return `workloads differing: ${workloads.length} [${workloads.slice(0, 5).join(', ')}]; files with other findings: ${files.length} [${files.slice(0, 5).join(', ')}]; other members: [${rest.join(', ')}]`;
}

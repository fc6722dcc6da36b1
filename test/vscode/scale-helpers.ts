// Helpers of the suites that measure the extension at scale (5-speed, *.scale.test).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ScanResult } from '../../src/core/model';
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
      times.push((await until) - t0);
    }
  }
  await vscode.commands.executeCommand('workbench.action.files.revert');
  return times;
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


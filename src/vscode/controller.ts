/**
 * Keeps one FolderModel per workspace folder in step with the editor: a full scan at start
 * (off the critical path), the changed document only on each edit (debounced), the disk on
 * create / change / delete of files that are not open. Publishes diagnostics and tells the
 * views when results changed.
 */
import * as vscode from 'vscode';
import type { ScanResult } from '../core';
import { diagnosticsFor } from './diagnostics';
import { FolderModel } from './folder-model';
import { readSettings, RESCAN_KEYS, SECTION, type Settings } from './settings';

export const DEBOUNCE_MS = 150;

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

export interface FolderResult {
  model: FolderModel;
  result: ScanResult;
}

export class Controller implements vscode.Disposable {
  readonly models = new Map<string, FolderModel>();
  readonly diagnostics = vscode.languages.createDiagnosticCollection('ai-risk-gradient');
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];
  private scanning: Promise<void> | undefined;
  private readonly log: vscode.OutputChannel;
  /** Counts analyses, for tests and the output channel. */
  stats = { fullScans: 0, fileUpdates: 0, lastScanMs: 0, lastUpdateMs: 0 };

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly assetsDir: string,
    log: vscode.OutputChannel,
  ) {
    this.log = log;
  }

  settings(model?: FolderModel): Settings {
    return readSettings(model?.folder.uri);
  }

  start(): void {
    for (const f of vscode.workspace.workspaceFolders ?? []) this.addFolder(f);
    const d = this.disposables;
    d.push(
      this.diagnostics,
      this.changeEmitter,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document, DEBOUNCE_MS);
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidOpenTextDocument((doc) => {
        // A file the scan has not seen (created outside the watcher's view) is read on open.
        const model = this.modelFor(doc.uri);
        const rel = model?.rel(doc.uri);
        if (model?.loaded && rel && model.isIncluded(rel) && model.text(rel) !== doc.getText()) this.schedule(doc, 0);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        // Unsaved edits were discarded: the disk is the truth again.
        if (doc.isDirty) void this.fromDisk(doc.uri);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) this.removeFolder(f);
        for (const f of e.added) {
          const m = this.addFolder(f);
          void this.loadModel(m, {}).then(() => this.changeEmitter.fire());
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SECTION)) return;
        if (RESCAN_KEYS.some((k) => e.affectsConfiguration(k))) void this.scanAll(false);
        else this.republishAll();
      }),
    );
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    d.push(
      watcher,
      watcher.onDidCreate((uri) => void this.fromDisk(uri)),
      watcher.onDidChange((uri) => void this.fromDisk(uri)),
      watcher.onDidDelete((uri) => this.deleted(uri)),
    );
    void this.scanAll(false);
  }

  private addFolder(f: vscode.WorkspaceFolder): FolderModel {
    const m = new FolderModel(f, this.assetsDir);
    this.models.set(f.uri.toString(), m);
    return m;
  }

  private removeFolder(f: vscode.WorkspaceFolder): void {
    const m = this.models.get(f.uri.toString());
    if (!m) return;
    m.generation++;
    for (const rel of m.published) this.diagnostics.delete(m.uri(rel));
    this.models.delete(f.uri.toString());
    this.changeEmitter.fire();
  }

  modelFor(uri: vscode.Uri): FolderModel | undefined {
    const f = vscode.workspace.getWorkspaceFolder(uri);
    return f ? this.models.get(f.uri.toString()) : undefined;
  }

  /** Every folder with a result. */
  results(): FolderResult[] {
    const out: FolderResult[] = [];
    for (const model of this.models.values()) {
      const result = model.result();
      if (result) out.push({ model, result });
    }
    return out;
  }

  /** Resolves when the running scan (if any) and every folder load are done. */
  async whenIdle(): Promise<void> {
    if (this.scanning) await this.scanning;
    for (const m of this.models.values()) await m.ready();
  }

  /** Full scan of every folder. `interactive`: a cancellable notification (the command). */
  scanAll(interactive: boolean): Promise<void> {
    const run = async () => {
      const t0 = Date.now();
      const location = interactive ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
      await vscode.window.withProgress({ location, title: 'AI Risk Gradient: assessing workspace', cancellable: interactive }, async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          const models = [...this.models.values()];
          for (const m of models) {
            if (abort.signal.aborted) break;
            let last = 0;
            await this.loadModel(m, {
              signal: abort.signal,
              onProgress: (done, total) => {
                const pct = total > 0 ? Math.round((done / total) * 100) : 100;
                progress.report({ message: `${m.folder.name}: ${done}/${total} files`, increment: (pct - last) / Math.max(1, models.length) });
                last = pct;
              },
            });
          }
        } finally {
          sub.dispose();
        }
      });
      this.stats.fullScans++;
      this.stats.lastScanMs = Date.now() - t0;
      this.log.appendLine(`full scan of ${this.models.size} folder(s) in ${this.stats.lastScanMs} ms`);
      this.changeEmitter.fire();
    };
    const previous = this.scanning ?? Promise.resolve();
    const next = previous.then(run, run).finally(() => {
      if (this.scanning === next) this.scanning = undefined;
    });
    this.scanning = next;
    return next;
  }

  private async loadModel(m: FolderModel, opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void }): Promise<void> {
    try {
      const ok = await m.load(this.settings(m), opts);
      if (ok) this.publishAll(m);
    } catch (e) {
      this.log.appendLine(`scan of ${m.folder.name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      void vscode.window.showErrorMessage(`AI Risk Gradient could not scan ${m.folder.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    const model = this.modelFor(doc.uri);
    if (!model) return;
    const key = doc.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    const version = doc.version;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.analyseDocument(model, doc, version);
      }, delay),
    );
  }

  /** Analyses a document now (the `Assess Current File` command). */
  async updateNow(doc: vscode.TextDocument): Promise<void> {
    const model = this.modelFor(doc.uri);
    if (!model) return;
    const key = doc.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
    await this.analyseDocument(model, doc, doc.version);
  }

  /** Resolves once no edit is waiting for its debounce and every model is loaded. */
  async settled(): Promise<void> {
    await this.whenIdle();
    while (this.timers.size > 0) await new Promise((r) => setTimeout(r, 20));
  }

  private async analyseDocument(model: FolderModel, doc: vscode.TextDocument, version: number): Promise<void> {
    await model.ready();
    if (doc.isClosed || doc.version !== version) return; // a newer edit is scheduled
    const rel = model.rel(doc.uri);
    if (!rel || (!model.isIncluded(rel) && !model.hasFile(rel))) return;
    const t0 = Date.now();
    const changed = model.setFile(rel, doc.getText());
    if (doc.version !== version) return; // stale: the next run publishes
    this.stats.fileUpdates++;
    this.stats.lastUpdateMs = Date.now() - t0;
    this.publish(model, changed);
    this.changeEmitter.fire();
  }

  private async fromDisk(uri: vscode.Uri): Promise<void> {
    const model = this.modelFor(uri);
    const rel = model?.rel(uri);
    if (!model || !rel) return;
    await model.ready();
    if (!model.isIncluded(rel) && !model.hasFile(rel) && !(await isDirectory(uri))) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open && open.isDirty) return; // the buffer wins
    let bytes: Uint8Array;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) {
        // Files written right after their folder was created may never get an event of their
        // own (the watch on the new folder is not in place yet): read the folder instead.
        await this.folderFromDisk(model, uri, 0);
        return;
      }
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      this.deleted(uri);
      return;
    }
    const changed = model.setFile(rel, bytes);
    this.stats.fileUpdates++;
    this.publish(model, changed);
    this.changeEmitter.fire();
  }

  private async folderFromDisk(model: FolderModel, dir: vscode.Uri, depth: number): Promise<void> {
    if (depth > 8) return;
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(dir);
    } catch {
      return;
    }
    for (const [name, type] of entries) {
      const child = vscode.Uri.joinPath(dir, name);
      const rel = model.rel(child);
      if (!rel || type & vscode.FileType.SymbolicLink) continue;
      if (type & vscode.FileType.Directory) await this.folderFromDisk(model, child, depth + 1);
      else if (model.isIncluded(rel) && !model.hasFile(rel)) await this.fromDisk(child);
    }
  }

  private deleted(uri: vscode.Uri): void {
    const model = this.modelFor(uri);
    const rel = model?.rel(uri);
    if (!model || !rel || !model.loaded) return;
    // A deleted folder: drop every file under it.
    const prefix = `${rel}/`;
    const gone = model.hasFile(rel) ? [rel] : this.filesUnder(model, prefix);
    if (gone.length === 0) return;
    const changed = new Set<string>();
    for (const g of gone) for (const c of model.deleteFile(g)) changed.add(c);
    this.publish(model, [...changed]);
    this.changeEmitter.fire();
  }

  private filesUnder(model: FolderModel, prefix: string): string[] {
    return [...new Set([...model.paths(), ...model.published])].filter((p) => p.startsWith(prefix));
  }

  private publish(model: FolderModel, files: readonly string[]): void {
    const settings = this.settings(model);
    for (const rel of files) {
      const diags = diagnosticsFor(model, rel, settings, this.extensionUri);
      const uri = model.uri(rel);
      if (diags.length > 0) {
        this.diagnostics.set(uri, diags);
        model.published.add(rel);
      } else {
        this.diagnostics.delete(uri);
        model.published.delete(rel);
      }
    }
  }

  private publishAll(model: FolderModel): void {
    const result = model.result();
    const files = new Set<string>(model.published);
    for (const f of result?.findings ?? []) files.add(f.file);
    for (const p of result?.problems ?? []) files.add(p.file);
    this.publish(model, [...files]);
  }

  private republishAll(): void {
    for (const m of this.models.values()) this.publishAll(m);
    this.changeEmitter.fire();
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

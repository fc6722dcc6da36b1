/**
 * Keeps one FolderModel per workspace folder in step with the editor: a full scan at start
 * (in a worker thread, off the critical path), the changed document only on each edit
 * (debounced), the disk on create / change / delete of files that are not open, a new load on
 * a branch switch. Publishes diagnostics and tells the views when results changed.
 */
import * as vscode from 'vscode';
import type { ScanResult } from '../core';
import { diagnosticsFor } from './diagnostics';
import { FolderModel } from './folder-model';
import { readSettings, RESCAN_KEYS, SECTION, type Settings } from './settings';

export const DEBOUNCE_MS = 150;
/** A checkout rewrites `.git/HEAD` (often twice): one reload for the burst. */
export const BRANCH_SWITCH_MS = 100;
/** Diagnostics made per step of a full publish, between which the host runs other work. */
const PUBLISH_BATCH = 300;

const yieldNow = (): Promise<void> => new Promise((r) => setImmediate(r));

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
  private scanAbort: AbortController | undefined;
  private readonly branchTimers = new Map<FolderModel, ReturnType<typeof setTimeout>>();
  private publishing = 0;
  /** Counts deletion events, so a read that raced one can check again. */
  private deletions = 0;
  private readonly log: vscode.OutputChannel;
  /** Run each folder's Project in a worker thread (false: on this thread, the fallback). */
  useWorker = true;
  /** Counts analyses, for tests and the output channel. */
  stats = {
    fullScans: 0,
    cancelledScans: 0,
    fileUpdates: 0,
    lastScanMs: 0,
    /** From an edit's queueing to its delta applied in the host (ms). */
    lastUpdateMs: 0,
    branchSwitches: 0,
    /** Time spent in `activate()` before any file is parsed (ms). */
    activationMs: -1,
    /** Evaluation of the bundle, from its first line to its last (ms). */
    moduleLoadMs: -1,
    /**
     * From the end of the bundle's evaluation to the call of `activate()` (ms): the extension
     * host prepares the extension's context (its storage) meanwhile, and runs other work.
     */
    activateWaitMs: -1,
  };

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
        if (!model?.loaded || !rel || model.text(rel) === doc.getText()) return;
        void model.includes(rel).then((yes) => {
          if (yes && !doc.isClosed) this.schedule(doc, 0);
        });
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        // Unsaved edits were discarded: the disk is the truth again.
        if (doc.isDirty) void this.fromDisk(doc.uri);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) this.removeFolder(f);
        const added = e.added.map((f) => this.addFolder(f));
        if (added.length > 0) void this.scan(added, false);
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
      watcher.onDidCreate((uri) => this.onDisk(uri, false)),
      watcher.onDidChange((uri) => this.onDisk(uri, false)),
      watcher.onDidDelete((uri) => this.onDisk(uri, true)),
    );
    void this.scanAll(false);
  }

  private addFolder(f: vscode.WorkspaceFolder): FolderModel {
    const m = new FolderModel(f, this.assetsDir, (line) => this.log.appendLine(line));
    m.onDidApply = (d) => {
      if (!this.models.has(f.uri.toString())) return;
      this.stats.fileUpdates++;
      if (d.op === 'setFile') this.stats.lastUpdateMs = Math.round(d.ms * 10) / 10;
      if (d.files.length === 0) return;
      this.publish(m, d.files);
      this.changeEmitter.fire();
    };
    m.onDidFail = (reason) => {
      this.log.appendLine(`analysis of ${f.name} stopped (${reason}); scanning it again`);
      void this.loadModel(m, {}).then(() => this.changeEmitter.fire());
    };
    this.models.set(f.uri.toString(), m);
    return m;
  }

  private removeFolder(f: vscode.WorkspaceFolder): void {
    const m = this.models.get(f.uri.toString());
    if (!m) return;
    m.dispose();
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
    while (this.scanning) await this.scanning;
    for (const m of this.models.values()) await m.ready();
  }

  /** Stops the running full scan, as its notification's Cancel button does. */
  cancelScan(): void {
    this.scanAbort?.abort();
  }

  /** Full scan of every folder. `interactive`: a cancellable notification (the command). */
  scanAll(interactive: boolean): Promise<void> {
    return this.scan(undefined, interactive);
  }

  /** Full scan of some folders (default: every folder), after the scan already running. */
  private scan(only: FolderModel[] | undefined, interactive: boolean): Promise<void> {
    const run = async () => {
      const t0 = Date.now();
      const location = interactive ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
      const abort = new AbortController();
      this.scanAbort = abort;
      await vscode.window.withProgress({ location, title: 'AI Risk Gradient: assessing workspace', cancellable: interactive }, async (progress, token) => {
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          const models = (only ?? [...this.models.values()]).filter((m) => this.models.get(m.folder.uri.toString()) === m);
          for (const m of models) {
            if (abort.signal.aborted) break;
            let last = 0;
            await this.loadModel(m, {
              signal: abort.signal,
              onProgress: (done, total) => {
                const pct = total > 0 ? Math.round((done / total) * 100) : 100;
                const message = done < total ? `${m.folder.name}: ${done}/${total} files` : `${m.folder.name}: analysing ${total} files`;
                progress.report({ message, increment: (pct - last) / Math.max(1, models.length) });
                last = pct;
              },
            });
          }
        } finally {
          sub.dispose();
        }
      });
      if (this.scanAbort === abort) this.scanAbort = undefined;
      if (abort.signal.aborted) {
        this.stats.cancelledScans++;
        this.log.appendLine(`full scan cancelled after ${Date.now() - t0} ms; the previous results stay`);
      } else {
        this.stats.fullScans++;
        this.stats.lastScanMs = Date.now() - t0;
        this.log.appendLine(`full scan of ${this.models.size} folder(s) in ${this.stats.lastScanMs} ms (${[...this.models.values()].map((m) => `${m.folder.name}: ${m.backend ?? 'not loaded'}`).join(', ')})`);
      }
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
      const ok = await m.load(this.settings(m), { ...opts, inProcess: !this.useWorker });
      if (ok) await this.publishAll(m);
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

  /** Resolves once no edit is waiting for its debounce, every model is loaded and its queue empty. */
  async settled(): Promise<void> {
    for (;;) {
      await this.whenIdle();
      while (this.timers.size > 0 || this.branchTimers.size > 0) await new Promise((r) => setTimeout(r, 20));
      for (const m of this.models.values()) await m.idle();
      while (this.publishing > 0) await new Promise((r) => setTimeout(r, 20));
      const busy = this.scanning || this.timers.size > 0 || this.branchTimers.size > 0 || [...this.models.values()].some((m) => !m.loaded && m.started);
      if (!busy) return;
    }
  }

  private async analyseDocument(model: FolderModel, doc: vscode.TextDocument, version: number): Promise<void> {
    if (doc.isClosed || doc.version !== version) return; // a newer edit is scheduled
    // Before the first load starts there is nothing to update: that load reads the buffer.
    if (!model.started) return;
    const rel = model.rel(doc.uri);
    if (!rel) return;
    if (!model.hasFile(rel)) {
      if (!(await model.includes(rel))) return;
      if (doc.isClosed || doc.version !== version) return; // a newer edit came meanwhile
    }
    // Published by the model's onDidApply when the delta comes back: typing never waits here.
    await model.setFile(rel, doc.getText());
  }

  /** A watcher event: a file, a folder, or the checkout of another branch. */
  private onDisk(uri: vscode.Uri, deleted: boolean): void {
    const model = this.modelFor(uri);
    const rel = model?.rel(uri);
    if (!model || !rel) return;
    if (rel === '.git/HEAD') {
      this.branchSwitched(model);
      return;
    }
    if (deleted) this.deleted(uri);
    else void this.fromDisk(uri);
  }

  /**
   * HEAD moved (checkout, switch, rebase): the working tree may have changed in many files at
   * once, so the folder is loaded again in a new worker rather than file by file; the old one
   * keeps answering until then. Files whose events arrive meanwhile are replayed after the load.
   */
  private branchSwitched(model: FolderModel): void {
    const pending = this.branchTimers.get(model);
    if (pending) clearTimeout(pending);
    this.branchTimers.set(
      model,
      setTimeout(() => {
        this.branchTimers.delete(model);
        if (!model.started || !this.models.has(model.folder.uri.toString())) return;
        this.stats.branchSwitches++;
        this.log.appendLine(`${model.folder.name}: HEAD moved; loading the folder again`);
        void this.loadModel(model, {}).then(() => this.changeEmitter.fire());
      }, BRANCH_SWITCH_MS),
    );
  }

  private async fromDisk(uri: vscode.Uri): Promise<void> {
    const model = this.modelFor(uri);
    const rel = model?.rel(uri);
    if (!model || !rel || !model.started) return;
    if (!model.hasFile(rel) && !(await model.includes(rel)) && !(await isDirectory(uri))) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open && open.isDirty) return; // the buffer wins
    let bytes: Uint8Array;
    const deletions = this.deletions;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) {
        // Files written right after their folder was created may never get an event of their
        // own (the watch on the new folder is not in place yet): read the folder instead.
        await this.folderFromDisk(model, uri, 0);
        return;
      }
      bytes = await vscode.workspace.fs.readFile(uri);
      // A deletion seen while the file was read may be of this file (or its folder): its
      // deleteFile is already queued, so the read must not bring the file back.
      if (this.deletions !== deletions) await vscode.workspace.fs.stat(uri);
    } catch {
      this.deleted(uri);
      return;
    }
    await model.setFile(rel, bytes, true);
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
      else if (!model.hasFile(rel) && (await model.includes(rel))) await this.fromDisk(child);
    }
  }

  private deleted(uri: vscode.Uri): void {
    const model = this.modelFor(uri);
    const rel = model?.rel(uri);
    if (!model || !rel || !model.started) return;
    this.deletions++;
    // A deleted folder: drop every file under it.
    const prefix = `${rel}/`;
    // Before the first load is done the model holds nothing: a path it does not ignore may be
    // one the load read (a path the Project does not read, it drops as a no-op).
    const gone = model.hasFile(rel) || (!model.loaded && !model.isExcluded(rel)) ? [rel] : this.filesUnder(model, prefix);
    // Published by the model's onDidApply, delta by delta.
    if (gone.length > 0) void model.deleteFiles(gone);
  }

  /** Files under a folder: held, showing diagnostics, or with an update still queued. */
  private filesUnder(model: FolderModel, prefix: string): string[] {
    return [...new Set([...model.paths(), ...model.published, ...model.queuedPaths()])].filter((p) => p.startsWith(prefix));
  }

  private publish(model: FolderModel, files: readonly string[]): void {
    const settings = this.settings(model);
    // One change for the batch: the collection tells the workbench once.
    const entries: [vscode.Uri, vscode.Diagnostic[] | undefined][] = [];
    for (const rel of files) {
      const diags = diagnosticsFor(model, rel, settings, this.extensionUri);
      if (diags.length > 0) model.published.add(rel);
      else if (model.published.delete(rel)) this.diagnostics.delete(model.uri(rel));
      if (diags.length > 0) entries.push([model.uri(rel), diags]);
    }
    if (entries.length > 0) this.diagnostics.set(entries);
  }

  /**
   * Publishes every file of a model, a batch of about PUBLISH_BATCH diagnostics at a time with
   * the event loop free in between: making thousands of diagnostics takes the host tens of ms.
   */
  private async publishAll(model: FolderModel): Promise<void> {
    const files = [...new Set<string>([...model.published, ...model.filesWithResults()])];
    this.publishing++;
    try {
      let batch: string[] = [];
      let size = 0;
      for (let i = 0; i <= files.length; i++) {
        const rel = files[i];
        if (rel !== undefined) {
          batch.push(rel);
          size += 1 + model.findingsFor(rel).length + model.problemsFor(rel).length;
        }
        if (size >= PUBLISH_BATCH || (rel === undefined && batch.length > 0)) {
          if (!this.models.has(model.folder.uri.toString())) return;
          this.publish(model, batch);
          batch = [];
          size = 0;
          await yieldNow();
        }
      }
    } finally {
      this.publishing--;
    }
  }

  private republishAll(): void {
    void Promise.all([...this.models.values()].map((m) => this.publishAll(m))).then(() => this.changeEmitter.fire());
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const t of this.branchTimers.values()) clearTimeout(t);
    this.scanAbort?.abort();
    for (const m of this.models.values()) m.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

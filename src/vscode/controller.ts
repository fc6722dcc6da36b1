/**
 * Keeps one FolderModel per workspace folder in step with the editor: a full scan at start
 * (in a worker thread, off the critical path), the changed document only on each edit
 * (debounced), the disk on create / change / delete of files that are not open, a new load on
 * a branch switch. Publishes diagnostics and tells the views when results changed.
 */
import * as vscode from 'vscode';
import type { ScanResult } from '../core';
import { diagnosticsFor } from './diagnostics';
import { partStats } from '../node/project-session';
import { FolderModel } from './folder-model';
import { readSettings, RESCAN_KEYS, SECTION, type Settings } from './settings';

export const DEBOUNCE_MS = 150;
/** A checkout rewrites `.git/HEAD` (often twice): one reload for the burst. */
export const BRANCH_SWITCH_MS = 100;
/**
 * Host time one step of publishing may take (ms): making diagnostics, and the editor's own
 * conversion and sending of them (`DiagnosticCollection.set`), which is most of it. Between
 * steps the host runs other work (an edit's diagnostics go first).
 */
const PUBLISH_SLICE_MS = 8;
/** Diagnostics per step before the cost of one is known; then the step is sized from the last. */
const FIRST_STEP_DIAGNOSTICS = 100;

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

/** One edit's way through the extension (performance.now() times, for tests and the log). */
export interface EditTrace {
  rel: string;
  /** The editor's first change event since the last analysis of the document. */
  changedAt: number;
  /** The text sent to the worker (after the debounce). */
  sentAt: number;
  /** Its delta applied to the mirror and the changed files' diagnostics handed to the editor. */
  doneAt?: number;
  /** The worker's analysis (ms). */
  engineMs?: number;
  /** The worker held this text already (nothing was analysed). */
  unchanged?: boolean;
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
  /** When the first change of a document since its last analysis came (for EditTrace). */
  private readonly changedAt = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];
  private scanning: Promise<void> | undefined;
  private scanAbort: AbortController | undefined;
  private readonly branchTimers = new Map<FolderModel, ReturnType<typeof setTimeout>>();
  /** Files whose diagnostics are to be made again, per model: an edit's first, then a load's. */
  private readonly toPublish = new Map<FolderModel, { urgent: Set<string>; later: Set<string> }>();
  private publishScheduled = false;
  /** Host ms per diagnostic in the last step (made and handed to the editor). */
  private msPerDiagnostic = 0;
  private readonly drained: (() => void)[] = [];
  /** Files were published since the views were last told. */
  private viewsStale = false;
  /** The views are told in a task of their own, after the diagnostics went out. */
  private viewsScheduled = false;
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
    /** Of that, the worker's analysis (ms). */
    lastUpdateEngineMs: 0,
    /** Publishing steps run, and the longest (ms, making the diagnostics and handing them over). */
    publishSteps: 0,
    maxPublishStepMs: 0,
    /** Files whose diagnostics were made again. */
    filesPublished: 0,
    /** The longest the views' listeners took for one change (ms). */
    maxViewsMs: 0,
    /** The last edits of documents, phase by phase (at most 20). */
    edits: [] as EditTrace[],
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

  /** Delta parts taken from the workers, and the longest one took in this host (decoded and applied, ms). */
  get partStats(): Readonly<typeof partStats> {
    return partStats;
  }

  /** Zeroes the longest-step figures (tests measure one window at a time). */
  resetMaxima(): void {
    this.stats.maxPublishStepMs = 0;
    this.stats.maxViewsMs = 0;
    partStats.maxPartMs = 0;
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
        if (e.contentChanges.length === 0) return;
        const key = e.document.uri.toString();
        if (!this.changedAt.has(key)) this.changedAt.set(key, performance.now());
        this.schedule(e.document, DEBOUNCE_MS);
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
      if (d.op === 'setFile') {
        this.stats.lastUpdateMs = Math.round(d.ms * 10) / 10;
        this.stats.lastUpdateEngineMs = Math.round(d.engineMs * 10) / 10;
      }
      if (d.files.length === 0) return;
      // Ahead of any load's publishing: typing does not wait behind another folder's results.
      this.queuePublish(m, d.files, true);
    };
    m.onDidFail = (reason) => {
      this.log.appendLine(`analysis of ${f.name} stopped (${reason}); scanning it again`);
      void this.loadModel(m, {}).then(() => this.fireChange());
    };
    this.models.set(f.uri.toString(), m);
    return m;
  }

  private removeFolder(f: vscode.WorkspaceFolder): void {
    const m = this.models.get(f.uri.toString());
    if (!m) return;
    m.dispose();
    this.toPublish.delete(m);
    for (const rel of m.published) this.diagnostics.delete(m.uri(rel));
    this.models.delete(f.uri.toString());
    this.fireChange();
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
      this.fireChange();
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
      const changed = await m.load(this.settings(m), { ...opts, inProcess: !this.useWorker });
      // Only the files whose findings or problems changed: an unchanged re-scan publishes nothing.
      if (changed) await this.queuePublish(m, changed, false);
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
      while (this.toPublish.size > 0 || this.viewsScheduled) await new Promise((r) => setTimeout(r, 20));
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
    const key = doc.uri.toString();
    const now = performance.now();
    const trace: EditTrace = { rel, changedAt: this.changedAt.get(key) ?? now, sentAt: now };
    this.stats.edits.push(trace);
    this.changedAt.delete(key);
    if (this.stats.edits.length > 20) this.stats.edits.shift();
    await model.setFile(rel, doc.getText(), false, (d) => {
      trace.doneAt = performance.now();
      trace.engineMs = d?.engineMs;
      trace.unchanged = d?.unchanged === true;
    });
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
        void this.loadModel(model, {}).then(() => this.fireChange());
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

  /**
   * Queues files whose diagnostics are to be made again (from the model's current results when
   * their turn comes); resolves once the queue has drained. `urgent`: an edit's, published first.
   */
  private queuePublish(model: FolderModel, files: Iterable<string>, urgent: boolean): Promise<void> {
    let q = this.toPublish.get(model);
    if (!q) this.toPublish.set(model, (q = { urgent: new Set(), later: new Set() }));
    for (const rel of files) {
      if (urgent) {
        q.later.delete(rel);
        q.urgent.add(rel);
      } else if (!q.urgent.has(rel)) q.later.add(rel);
    }
    if (q.urgent.size === 0 && q.later.size === 0) this.toPublish.delete(model);
    const done = new Promise<void>((r) => this.drained.push(r));
    // An edit's files go out in this task; the rest step by step.
    if (urgent) this.publishStep();
    else this.schedulePublish();
    return done;
  }

  private schedulePublish(): void {
    if (this.publishScheduled) return;
    this.publishScheduled = true;
    setImmediate(() => {
      this.publishScheduled = false;
      this.publishStep();
    });
  }

  /**
   * One step: the queued files, urgent ones first, until about PUBLISH_SLICE_MS of host time
   * (sized from the cost of a diagnostic in the last step), handed to the editor at once.
   */
  private publishStep(): void {
    if (this.toPublish.size === 0) {
      this.finishPublishing();
      return;
    }
    const t0 = performance.now();
    const budget = this.msPerDiagnostic > 0 ? Math.max(20, Math.floor(PUBLISH_SLICE_MS / this.msPerDiagnostic)) : FIRST_STEP_DIAGNOSTICS;
    const entries: [vscode.Uri, vscode.Diagnostic[]][] = [];
    let made = 0;
    let files = 0;
    let urgent = false;
    for (const pass of ['urgent', 'later'] as const) {
      for (const [model, q] of this.toPublish) {
        const set = q[pass];
        const settings = set.size > 0 ? this.settings(model) : undefined;
        for (const rel of set) {
          if (made >= budget) break;
          set.delete(rel);
          files++;
          const diags = diagnosticsFor(model, rel, settings!, this.extensionUri);
          if (diags.length > 0) {
            model.published.add(rel);
            entries.push([model.uri(rel), diags]);
            made += diags.length;
          } else if (model.published.delete(rel)) this.diagnostics.delete(model.uri(rel));
          if (pass === 'urgent') urgent = true;
        }
        if (q.urgent.size === 0 && q.later.size === 0) this.toPublish.delete(model);
      }
    }
    // One change for the step: the collection tells the workbench once.
    if (entries.length > 0) this.diagnostics.set(entries);
    const ms = performance.now() - t0;
    this.stats.publishSteps++;
    this.stats.filesPublished += files;
    this.stats.maxPublishStepMs = Math.max(this.stats.maxPublishStepMs, Math.round(ms * 10) / 10);
    if (made >= 20) this.msPerDiagnostic = ms / made;
    this.viewsStale ||= files > 0;
    // An edit's diagnostics are out: the views follow now, not after a load's publishing.
    if (urgent && ![...this.toPublish.values()].some((q) => q.urgent.size > 0)) this.notifyViews();
    if (this.toPublish.size > 0) this.schedulePublish();
    else this.finishPublishing();
  }

  private finishPublishing(): void {
    if (this.toPublish.size > 0) return;
    this.notifyViews();
    for (const r of this.drained.splice(0)) r();
  }

  /** Tells the views (tree, status bar, badge, CodeLens) that results changed; times their listeners. */
  private fireChange(): void {
    const t0 = performance.now();
    this.changeEmitter.fire();
    this.stats.maxViewsMs = Math.max(this.stats.maxViewsMs, Math.round((performance.now() - t0) * 10) / 10);
  }

  /**
   * The tree, status bar, badge and CodeLens read the results again: once for a burst of
   * changes, in a task of their own (at 50,000 files the status bar counts ~58,000 findings),
   * so that an edit's diagnostics are on their way to the editor first.
   */
  private notifyViews(): void {
    if (!this.viewsStale || this.viewsScheduled) return;
    this.viewsScheduled = true;
    setImmediate(() => {
      this.viewsScheduled = false;
      if (!this.viewsStale) return;
      this.viewsStale = false;
      this.fireChange();
    });
  }

  /** Publishes every file of a model again (the settings that filter what is shown changed). */
  private publishAll(model: FolderModel): Promise<void> {
    return this.queuePublish(model, new Set<string>([...model.published, ...model.filesWithResults()]), false);
  }

  private republishAll(): void {
    void Promise.all([...this.models.values()].map((m) => this.publishAll(m))).then(() => this.fireChange());
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const t of this.branchTimers.values()) clearTimeout(t);
    this.scanAbort?.abort();
    for (const m of this.models.values()) m.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

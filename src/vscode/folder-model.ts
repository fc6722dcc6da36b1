/**
 * One analysis model per workspace folder. The core `Project` lives in a worker thread
 * (src/node/project-worker.ts) so that a full scan or a re-analysis never runs on the extension
 * host's thread; the model keeps a mirror of its results (findings and problems per file,
 * workloads and assessments by id, the paths) that every synchronous getter reads.
 *
 * A load always starts a new session (settings may have changed); the previous one keeps
 * answering edits until the new one has loaded, then it is closed. Paths inside are POSIX,
 * relative to the folder.
 *
 * Which paths the scan reads is the Project's to say (its input kinds claim paths by name):
 * the ignore rules answer here at once, the rest is asked of the session (`includes`), so the
 * host never loads the parsers for it.
 */
import * as vscode from 'vscode';
import type { Assessment, FileSource, ScanResult, Workload } from '../core';
import { ignoreRules } from '../node/host-core';
import { MirrorBuild, ProjectMirror } from '../node/host-mirror';
import type { ProjectDelta, ProjectWorkerOptions, SessionOp } from '../node/project-protocol';
import { ProjectSession } from '../node/project-session';
import type { Settings } from './settings';

declare const __ARG_VERSION__: string | undefined;
const VERSION = typeof __ARG_VERSION__ === 'string' ? __ARG_VERSION__ : '0.0.0';

/** A FileSource over `vscode.workspace.fs`, for folders that are not on the local disk. */
function vscodeFileSource(root: vscode.Uri): FileSource {
  return {
    async list(): Promise<string[]> {
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(root, '**/*'), '{**/node_modules/**,**/.git/**,**/.terraform/**}');
      const base = root.path.endsWith('/') ? root.path : `${root.path}/`;
      return uris.filter((u) => u.path.startsWith(base)).map((u) => u.path.slice(base.length));
    },
    async read(path: string): Promise<Uint8Array | undefined> {
      try {
        return await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, ...path.split('/')));
      } catch {
        return undefined;
      }
    },
  };
}

/** Answers of `includes` kept per session; dropped when larger (paths of a build output, say). */
const MAX_CLASSIFIED = 5000;

/** Uris kept for reuse (one per path with results, at 50,000 files ~6,000). */
const MAX_URIS = 20000;

const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

export interface LoadRequest {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Run the Project on the extension host's thread (the fallback; tests compare both). */
  inProcess?: boolean;
}

export interface AppliedDelta {
  /** Files whose findings or problems changed. */
  files: string[];
  op: SessionOp['kind'];
  /** The path a setFile set. */
  rel?: string;
  /** From the edit's queueing to its delta applied here. */
  ms: number;
  /** Of that, the engine's own time in the worker. */
  engineMs: number;
  unchanged: boolean;
}

export class FolderModel implements vscode.Disposable {
  private mirror = new ProjectMirror();
  /** Loads being received, part by part, into a new mirror beside the one that answers. */
  private readonly builds = new WeakMap<ProjectSession, MirrorBuild>();
  /** Files an edit's parts changed so far (its last part reports them). */
  private readonly editTouched = new WeakMap<ProjectSession, Set<string>>();
  private active: ProjectSession | undefined;
  private pending: { session: ProjectSession; done: Promise<void> } | undefined;
  /** The ignore rules of the latest load (settings and the register's excludes). */
  private ignore: { isExcluded(rel: string): boolean } | undefined;
  private ignoreKey = '';
  /** What each session answered to `includes`. */
  private readonly classified = new WeakMap<ProjectSession, Map<string, boolean>>();
  private loadSettings: Settings | undefined;
  /** Paths with a setFile queued or running, and how many. */
  private readonly queued = new Map<string, number>();
  /** Texts this model sent (buffers, files read from disk), once applied: what `text()` gives. */
  private readonly texts = new Map<string, string>();
  private readonly uris = new Map<string, vscode.Uri>();
  /** Files that currently carry diagnostics from this model. */
  readonly published = new Set<string>();
  /** Bumped on each (re)load, so a stale load does not publish. */
  generation = 0;
  /** Every delta of an edit, after the mirror took it. */
  onDidApply: ((d: AppliedDelta) => void) | undefined;
  /** The worker died after it had loaded (the model needs a new load). */
  onDidFail: ((reason: string) => void) | undefined;
  /** Why the current session runs in-process, when it does. */
  fallbackReason: string | undefined;
  /** The last operations of this model, in words (for the log and tests: `load`, `setFile`, `delta`, `swap`). */
  readonly trail: string[] = [];
  /** Worker threads started and ended by this model (tests check that a cancelled one ends). */
  readonly workers = { started: 0, exited: 0, died: 0 };

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly assetsDir: string,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** A load has completed (or was cancelled into an empty project): the getters answer. */
  get loaded(): boolean {
    return this.active !== undefined && this.mirror.loaded;
  }

  /** A load is running. */
  get loading(): boolean {
    return this.pending !== undefined;
  }

  /** A session exists or is being loaded: edits can be taken. */
  get started(): boolean {
    return this.active !== undefined || this.pending !== undefined;
  }

  /** Where the Project runs: a worker thread, or in-process (the fallback). */
  get backend(): 'worker' | 'in-process' | undefined {
    return this.active?.kind;
  }

  /** The current worker's thread id (tests check that a cancelled one is gone). */
  get threadId(): number | undefined {
    return this.active?.threadId;
  }

  /** Path relative to the folder, or undefined when the URI is outside it. */
  rel(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== this.folder.uri.scheme || uri.authority !== this.folder.uri.authority) return undefined;
    const base = this.folder.uri.path.endsWith('/') ? this.folder.uri.path : `${this.folder.uri.path}/`;
    if (!uri.path.startsWith(base)) return undefined;
    return uri.path.slice(base.length);
  }

  uri(rel: string): vscode.Uri {
    let u = this.uris.get(rel);
    if (u) return u;
    u = vscode.Uri.joinPath(this.folder.uri, ...rel.split('/'));
    // Shared by the diagnostics and evidence links of a file (a Uri is immutable); bounded.
    if (this.uris.size >= MAX_URIS) this.uris.clear();
    this.uris.set(rel, u);
    return u;
  }

  private setRules(settings: Settings, registerExclude: readonly string[]): void {
    const key = JSON.stringify([settings.exclude, registerExclude]);
    if (this.ignore && key === this.ignoreKey) return;
    this.ignoreKey = key;
    this.ignore = ignoreRules([...settings.exclude, ...registerExclude]);
  }

  private note(line: string): void {
    this.trail.push(`${Math.round(performance.now())} ${line}`);
    if (this.trail.length > 100) this.trail.shift();
  }

  private newSession(inProcess: boolean): ProjectSession {
    const onDisk = this.folder.uri.scheme === 'file';
    const session = new ProjectSession({
      script: `${this.assetsDir}/project-worker.js`,
      // A folder that is not on the local disk is read through vscode.workspace.fs, whose
      // functions cannot cross into a worker: that one Project runs here.
      source: onDisk ? undefined : vscodeFileSource(this.folder.uri),
      // Workers that keep dying (out of memory, a crash in the runtime) are not started again
      // and again: the folder is analysed on this thread, slower but without a loop.
      inProcess: inProcess ? 'asked for in-process analysis' : this.workers.died >= 2 ? `the worker stopped ${this.workers.died} times` : undefined,
    });
    // Every delta comes part by part, one part per host task: a load's into a new mirror (the
    // current one keeps answering), an edit's into the current one, published after its last part.
    session.onPart = (part, op, info) => {
      if (op.kind === 'load' || op.kind === 'empty') {
        this.builds.get(session)?.part(part, info.cloned);
        return;
      }
      if (session !== this.active) return;
      let touched = this.editTouched.get(session);
      if (!touched) this.editTouched.set(session, (touched = new Set()));
      this.mirror.applyPart(part, { cloned: info.cloned, touched });
    };
    session.onDelta = (d, op, ms) => {
      if (op.kind === 'load' || op.kind === 'empty') return;
      const touched = this.editTouched.get(session);
      this.editTouched.delete(session);
      this.note(`delta ${op.kind} ${op.kind === 'setFile' ? op.rel : op.rels.length} from #${session.threadId ?? 0}${session === this.active ? '' : ' (not answering)'}: ${touched?.size ?? 0} files${d.unchanged ? ', unchanged' : ''}`);
      if (session === this.active) this.take(d, [...(touched ?? [])], op, ms);
    };
    if (session.kind === 'worker') this.workers.started++;
    session.onExit = () => this.workers.exited++;
    session.onDeath = (reason) => {
      if (session !== this.active) return;
      this.workers.died++;
      this.log(`${this.folder.name}: ${reason}`);
      this.active = undefined;
      this.onDidFail?.(reason);
    };
    return session;
  }

  private take(d: ProjectDelta, files: string[], op: SessionOp, ms: number): void {
    if (op.kind === 'setFile') {
      if (this.mirror.hasFile(op.rel)) this.texts.set(op.rel, textOf(op.content));
      else this.texts.delete(op.rel);
    } else if (op.kind === 'delete') for (const rel of op.rels) this.texts.delete(rel);
    this.onDidApply?.({ files, op: op.kind, rel: op.kind === 'setFile' ? op.rel : undefined, ms, engineMs: d.engineMs, unchanged: d.unchanged === true });
  }

  /**
   * Full scan with a fresh Project (settings may have changed). Resolves with the files whose
   * findings or problems differ from what the model held before (to publish), or undefined
   * when cancelled or superseded.
   */
  async load(settings: Settings, opts: LoadRequest = {}): Promise<string[] | undefined> {
    const generation = ++this.generation;
    this.pending?.session.close();
    this.loadSettings = settings;
    this.setRules(settings, this.mirror.registerExclude);
    const options: ProjectWorkerOptions = {
      root: this.folder.uri.fsPath,
      rootLabel: this.folder.name,
      exclude: settings.exclude,
      kinds: settings.kinds,
      severity: settings.severity,
      version: VERSION,
      assetsDir: this.assetsDir,
    };
    const session = this.newSession(opts.inProcess === true);
    // Edits still waiting in the old session are on disk or in the overlay: the load has them.
    this.active?.dropQueued();
    const overlay: [string, string][] = [];
    for (const doc of vscode.workspace.textDocuments) {
      // The Project applies only the buffers of paths it reads.
      const rel = this.rel(doc.uri);
      if (rel && doc.isDirty && !this.isExcluded(rel)) overlay.push([rel, doc.getText()]);
    }
    this.note(`load ${generation} in #${session.threadId ?? 0}, buffers [${overlay.map(([rel]) => rel).join(', ')}]`);
    let finished!: () => void;
    const done = new Promise<void>((r) => (finished = r));
    const mine = { session, done };
    this.pending = mine;
    // Entries equal to the current mirror's keep its objects: an unchanged re-scan publishes nothing.
    const build = new MirrorBuild(this.mirror.loaded ? this.mirror : undefined);
    this.builds.set(session, build);
    try {
      await session.load(options, { signal: opts.signal, onProgress: opts.onProgress, overlay });
      if (this.generation !== generation) {
        session.close();
        return undefined;
      }
      const old = this.active;
      this.active = session;
      this.fallbackReason = session.fallbackReason;
      if (session.fallbackReason) this.log(`${this.folder.name}: analysis runs in-process: ${session.fallbackReason}`);
      old?.close();
      const touched = this.swap(build);
      this.note(`swap to #${session.threadId ?? 0}: ${touched.length} files changed`);
      for (const [rel, text] of overlay) if (this.mirror.hasFile(rel)) this.texts.set(rel, text);
      this.setRules(settings, this.mirror.registerExclude);
      return touched;
    } catch (e) {
      session.close();
      if (!(e instanceof Error && e.name === 'AbortError')) throw e;
      if (this.generation === generation && !this.active) {
        // A first load was cancelled: a fresh worker with an empty project takes over, so
        // edits still get diagnostics for what they touch.
        const fresh = this.newSession(opts.inProcess === true);
        const empty = new MirrorBuild(this.mirror.loaded ? this.mirror : undefined);
        this.builds.set(fresh, empty);
        await fresh.empty(options);
        this.builds.delete(fresh);
        if (this.generation === generation && !this.active) {
          this.active = fresh;
          this.swap(empty);
        } else fresh.close();
      }
      return undefined;
    } finally {
      // A finished build must not keep the mirror it was compared with alive.
      this.builds.delete(session);
      if (this.pending === mine) this.pending = undefined;
      finished();
    }
  }

  /** The loaded mirror takes over; returns the files whose lists changed, and those still showing diagnostics that have none now. */
  private swap(build: MirrorBuild): string[] {
    const touched = new Set(build.finish());
    this.mirror = build.mirror;
    this.texts.clear();
    for (const rel of this.published) if (!touched.has(rel) && this.mirror.findingsFor(rel).length === 0 && this.mirror.problemsFor(rel).length === 0) touched.add(rel);
    return [...touched];
  }

  /** Waits for a running load. */
  async ready(): Promise<void> {
    while (this.pending) await this.pending.done;
  }

  /** Waits until no load runs and no edit is queued. */
  async idle(): Promise<void> {
    for (;;) {
      await this.ready();
      const s = this.active;
      if (!s || s.pendingOps === 0) return;
      await s.idle();
    }
  }

  /** Whether the ignore rules (defaults, settings, the register's excludes) skip a path. */
  isExcluded(rel: string): boolean {
    return this.ignore?.isExcluded(rel) ?? false;
  }

  /**
   * Whether the scan reads a path: not ignored, and an input kind claims it. Paths the model
   * holds and ignored ones are answered here; the rest by a session's Project, once per path
   * and session: the one answering edits (a worker still parsing a load would answer late),
   * else the one loading.
   */
  async includes(rel: string): Promise<boolean> {
    if (this.mirror.hasFile(rel)) return true;
    if (!this.ignore || this.isExcluded(rel)) return false;
    const session = this.active ?? this.pending?.session;
    if (!session) return false;
    let known = this.classified.get(session);
    const held = known?.get(rel);
    if (held !== undefined) return held;
    const [yes] = await session.classify([rel]);
    if (session.isClosed) return yes;
    known = this.classified.get(session) ?? new Map<string, boolean>();
    if (known.size >= MAX_CLASSIFIED) known.clear();
    known.set(rel, yes);
    this.classified.set(session, known);
    return yes;
  }

  /**
   * Sends a file's content to the Project; resolves once the delta was applied. During a load
   * an editor buffer also goes to the session that is still answering; a file read from disk
   * goes only to the loading one (it reads the disk anyway), which replays it after its load.
   */
  async setFile(rel: string, content: string | Uint8Array, fromDisk = false, onAnswer?: (d: ProjectDelta | undefined) => void): Promise<void> {
    const jobs: Promise<unknown>[] = [];
    this.note(`setFile ${rel} (${content.length} ${typeof content === 'string' ? 'chars' : 'bytes'}${fromDisk ? ', disk' : ''}) to${this.active && !(fromDisk && this.pending) ? ` #${this.active.threadId ?? 0}` : ''}${this.pending ? ` #${this.pending.session.threadId ?? 0}` : ''}`);
    // onAnswer: the answering session's delta is applied and its diagnostics handed over.
    if (this.active && !(fromDisk && this.pending)) jobs.push(this.active.setFile(rel, content).then(onAnswer));
    if (this.pending) jobs.push(this.pending.session.setFile(rel, content));
    if (jobs.length === 0) return;
    this.queued.set(rel, (this.queued.get(rel) ?? 0) + 1);
    try {
      await Promise.all(jobs);
    } finally {
      const n = (this.queued.get(rel) ?? 1) - 1;
      if (n > 0) this.queued.set(rel, n);
      else this.queued.delete(rel);
    }
  }

  /** Paths whose setFile has not come back yet (a folder deleted meanwhile must drop them too). */
  queuedPaths(): string[] {
    return [...this.queued.keys()];
  }

  /** Deletes files (one, or a folder's): one delta, so the folder goes at once. */
  async deleteFiles(rels: readonly string[]): Promise<void> {
    const jobs: Promise<unknown>[] = [];
    if (this.active && !this.pending) jobs.push(this.active.deleteFiles(rels));
    if (this.pending) jobs.push(this.pending.session.deleteFiles(rels));
    await Promise.all(jobs);
  }

  hasFile(rel: string): boolean {
    return this.mirror.hasFile(rel);
  }

  paths(): string[] {
    return this.mirror.paths();
  }

  /** Files with a finding or problem. */
  filesWithResults(): string[] {
    return this.mirror.filesWithResults();
  }

  result(): ScanResult | undefined {
    return this.mirror.result();
  }

  /** Whether the model holds results (a load or an empty project has taken over). */
  get hasResult(): boolean {
    return this.mirror.loaded;
  }

  /** A workload by id, without composing the whole result. */
  workload(id: string): Workload | undefined {
    return this.mirror.workload(id);
  }

  assessment(id: string): Assessment | undefined {
    return this.mirror.assessment(id);
  }

  /** Distinct (workload, control) pairs among the open findings (kept as results change). */
  get openControls(): number {
    return this.mirror.openControls;
  }

  /** How many workloads the folder has (the result's length, without composing it). */
  get workloadCount(): number {
    return this.mirror.workloadCount;
  }

  findingsFor(rel: string) {
    return this.mirror.findingsFor(rel);
  }

  problemsFor(rel: string) {
    return this.mirror.problemsFor(rel);
  }

  /** The text of a file as this model last sent it (undefined for files only the load read). */
  text(rel: string): string | undefined {
    return this.texts.get(rel);
  }

  /** The settings of the last load. */
  get settings(): Settings | undefined {
    return this.loadSettings;
  }

  dispose(): void {
    this.generation++;
    this.pending?.session.close();
    this.pending = undefined;
    this.active?.close();
    this.active = undefined;
  }
}

function textOf(content: string | Uint8Array): string {
  if (typeof content === 'string') return content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  return lenient.decode(content);
}

/**
 * The editor's analysis off its own thread: a `worker_threads` Worker owns the core `Project`
 * of one workspace folder and answers `load`, `setFile` and `delete`. After each operation
 * it sends back a DELTA (the changed files' findings and problems, the workloads/assessments
 * that changed, paths that came or went, repository coverage), never the whole ScanResult; the
 * host keeps a `ProjectMirror` that every synchronous getter of the extension reads.
 *
 *   const session = new ProjectSession({ script: 'dist/project-worker.js' });
 *   session.onDelta = (d) => mirror.apply(d);
 *   await session.load({ root: '/repo' }, { signal, onProgress, overlay: [['a.tf', text]] });
 *   await session.setFile('infra/main.tf', text);   // queued, coalesced per path
 *
 * Edits are serialised per session (one operation in flight); an edit of a path still waiting
 * in the queue is replaced by a later one for the same path (latest wins). A cancelled
 * load asks the worker to stop, then terminates it after a grace period: its parse stage is
 * synchronous and cannot see the message. The same file is the worker's entry point; a bundle
 * builds it as its own entry (`dist/project-worker.js`) and passes that path as `script`.
 *
 * When no Worker can be started (no `worker_threads`, the script missing from a package, the
 * thread dying before it says it is ready) the session runs the same engine in-process: slower
 * for the editor, but the product keeps working.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Assessment, Coverage, Finding, ParseProblem, ScanResult, StageTimings, Workload } from '../core/model';
import { Project, type FileSource } from '../core/project';
import { REGISTER_FILE, registerSchema } from '../core/register/schema';
import { parseYamlDocument } from '../core/parse/yaml-util';
import { nodeFileSource } from './file-source';
import { projectOptions, type WorkerScanOptions } from './worker-options';

// ─────────────────────────── protocol ───────────────────────────

/** Project options that can cross a thread boundary (no functions). */
export type ProjectWorkerOptions = WorkerScanOptions;

export interface FileDelta {
  file: string;
  findings: Finding[];
  problems: ParseProblem[];
}

export interface WorkloadDelta {
  workload: Workload;
  assessment: Assessment;
}

/** What changed in a Project since the last delta (or, with `reset`, all of it). */
export interface ProjectDelta {
  /** A full state: the receiver drops what it held. */
  reset: boolean;
  /** The operation changed nothing (same text as held); only the scalars are current. */
  unchanged?: boolean;
  /** Files whose findings or problems changed, with their new lists (empty lists: none left). */
  files: FileDelta[];
  /** Workloads (with their assessment) that are new or changed. */
  upserts: WorkloadDelta[];
  /** Ids of workloads that went. */
  removed: string[];
  /** Workload ids in result order, when the order or membership changed (always on reset). */
  order?: string[];
  addedPaths: string[];
  removedPaths: string[];
  coverage: Coverage;
  filesScanned: number;
  timings: StageTimings;
  root: string;
  version: string;
  /** Extra excludes from the register's settings, which the project applies from the load on. */
  registerExclude?: string[];
  /** Time the engine spent on the operation. */
  engineMs: number;
}

export type SessionOp =
  | { kind: 'load'; options: ProjectWorkerOptions; overlay: [string, string][] }
  | { kind: 'empty'; options: ProjectWorkerOptions }
  | { kind: 'setFile'; rel: string; content: string | Uint8Array }
  /** Several paths at once (a deleted folder): one delta for all. */
  | { kind: 'delete'; rels: string[] };

/** `more`: the host has taken a part of a delta and wants the next (one part per host task). */
type ToWorker = { type: 'op'; id: number; op: SessionOp } | { type: 'more'; id: number } | { type: 'cancel' };

type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'delta'; id: number; part: ProjectDelta; last: boolean }
  | { type: 'error'; id: number; message: string; stack?: string; abort?: boolean };

interface StartData {
  readonly argProjectWorker: 1;
  /** Niceness of the worker's thread (Linux), so the editor's thread wins the CPU. */
  readonly nice: number;
}

export function abortError(): Error {
  const e = new Error('The scan was cancelled.');
  e.name = 'AbortError';
  return e;
}

const now = (): number => performance.now();

// ─────────────────────────── engine (runs in the worker, or in-process) ───────────────────────────

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The text a Project would hold for this content, when it is plain UTF-8 text. */
function plainText(content: string | Uint8Array): string | undefined {
  if (typeof content === 'string') return content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  try {
    return fatalUtf8.decode(content);
  } catch {
    return undefined;
  }
}

/** The register's `settings.exclude`, which `Project.loadAll` adds to the ignore rules. */
function registerExclude(project: Project): string[] {
  const text = project.text(REGISTER_FILE);
  if (!text) return [];
  try {
    // Duplicate keys are checked in one pass and deep nesting refused (see yaml-util).
    const doc = parseYamlDocument(text, { prettyErrors: false });
    if (doc.errors.length > 0) return [];
    const parsed = registerSchema.safeParse(doc.toJS({ maxAliasCount: 100 }) ?? {});
    return parsed.success ? (parsed.data.settings?.exclude ?? []) : [];
  } catch {
    return [];
  }
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sorted(paths: readonly string[], p: string): boolean {
  let lo = 0;
  let hi = paths.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (paths[mid] === p) return true;
    if (paths[mid] < p) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Remembers what was last sent for a Project and computes the next delta. A workload is
 * unchanged when the core gave the same Workload and Assessment objects again (the cheap test);
 * otherwise both are compared as JSON with what was sent, so the delta stays exact when the
 * core builds new objects for untouched workloads.
 */
export class DeltaTracker {
  private sent = new Map<string, { w: Workload; a: Assessment; key?: string }>();
  private order: string[] = [];
  private paths = new Set<string>();
  /** How many workloads the last delta compared by value (not by identity). */
  comparedByValue = 0;

  constructor(private readonly project: Project) {}

  /** The whole state; later deltas are relative to it. */
  full(engineMs: number): ProjectDelta {
    const r = this.project.result();
    const files = new Set<string>();
    for (const f of r.findings) files.add(f.file);
    for (const p of r.problems) files.add(p.file);
    this.sent.clear();
    const upserts: WorkloadDelta[] = r.workloads.map((w, i) => {
      this.sent.set(w.id, { w, a: r.assessments[i] });
      return { workload: w, assessment: r.assessments[i] };
    });
    this.order = r.workloads.map((w) => w.id);
    const paths = this.project.paths();
    this.paths = new Set(paths);
    return {
      ...this.scalars(r, engineMs),
      reset: true,
      files: [...files].sort().map((file) => this.fileDelta(file)),
      upserts,
      removed: [],
      order: this.order,
      addedPaths: paths,
      removedPaths: [],
    };
  }

  /** After setFile/deleteFile of `edited` paths whose ChangeSets named `changedFiles`. */
  after(edited: readonly string[], changedFiles: readonly string[], engineMs: number): ProjectDelta {
    const r = this.project.result();
    const upserts: WorkloadDelta[] = [];
    const seen = new Set<string>();
    this.comparedByValue = 0;
    r.workloads.forEach((w, i) => {
      const a = r.assessments[i];
      seen.add(w.id);
      const prev = this.sent.get(w.id);
      if (prev && prev.w === w && prev.a === a) return;
      let key: string | undefined;
      if (prev) {
        this.comparedByValue++;
        key = `${JSON.stringify(w)}\u0000${JSON.stringify(a)}`;
        prev.key ??= `${JSON.stringify(prev.w)}\u0000${JSON.stringify(prev.a)}`;
        if (prev.key === key) {
          this.sent.set(w.id, { w, a, key });
          return;
        }
      }
      this.sent.set(w.id, { w, a, key });
      upserts.push({ workload: w, assessment: a });
    });
    const removed: string[] = [];
    for (const id of this.sent.keys()) if (!seen.has(id)) removed.push(id);
    for (const id of removed) this.sent.delete(id);
    const order = r.workloads.map((w) => w.id);
    const orderChanged = !sameStrings(order, this.order);
    if (orderChanged) this.order = order;
    // Only edited paths can come or go: a setFile/deleteFile re-parses other files but keeps
    // them. A held text proves membership; otherwise (gone, or a zip held as bytes) the sorted
    // path list decides.
    const addedPaths: string[] = [];
    const removedPaths: string[] = [];
    let all: string[] | undefined;
    for (const path of new Set(edited)) {
      const has = this.project.text(path) !== undefined || sorted((all ??= this.project.paths()), path);
      if (has && !this.paths.has(path)) {
        this.paths.add(path);
        addedPaths.push(path);
      } else if (!has && this.paths.delete(path)) removedPaths.push(path);
    }
    return {
      ...this.scalars(r, engineMs),
      reset: false,
      files: [...new Set(changedFiles)].map((file) => this.fileDelta(file)),
      upserts,
      removed,
      order: orderChanged ? order : undefined,
      addedPaths,
      removedPaths,
    };
  }

  /** Nothing changed: only the scalars. */
  none(engineMs: number): ProjectDelta {
    return { ...this.scalars(this.project.result(), engineMs), reset: false, unchanged: true, files: [], upserts: [], removed: [], addedPaths: [], removedPaths: [] };
  }

  private fileDelta(file: string): FileDelta {
    return { file, findings: this.project.findingsFor(file), problems: this.project.problemsFor(file) };
  }

  private scalars(r: ScanResult, engineMs: number) {
    return { coverage: r.coverage, filesScanned: r.filesScanned, timings: r.timings, root: r.root, version: r.tool.version, engineMs: Math.round(engineMs * 100) / 100 };
  }
}

export interface EngineLoadControl {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** One Project and its delta tracker: what the worker runs (and the in-process fallback). */
export class ProjectEngine {
  private project: Project | undefined;
  private tracker: DeltaTracker | undefined;

  /** `source`: read through this instead of the disk under `options.root` (in-process only). */
  async run(op: SessionOp, ctl: EngineLoadControl = {}, source?: FileSource): Promise<ProjectDelta> {
    const t0 = now();
    if (op.kind === 'load' || op.kind === 'empty') {
      const project = new Project(projectOptions(op.options));
      if (op.kind === 'load') {
        await project.loadAll(source ?? nodeFileSource(op.options.root), ctl);
        if (ctl.signal?.aborted) throw abortError();
        // The editor's unsaved buffers win over the disk.
        for (const [rel, text] of op.overlay) if (project.isIncluded(rel) && project.text(rel) !== plainText(text)) project.setFile(rel, text);
      } else await project.init();
      this.project = project;
      this.tracker = new DeltaTracker(project);
      return { ...this.tracker.full(now() - t0), registerExclude: registerExclude(project) };
    }
    const project = this.project;
    const tracker = this.tracker;
    if (!project || !tracker) throw new Error(`${op.kind} before the project was loaded`);
    if (op.kind === 'setFile') {
      const held = project.text(op.rel);
      // The same text again (a file opened, a save without change, a replayed event): the
      // analysis would give the same result, so it is not run.
      if (held !== undefined && plainText(op.content) === held) return tracker.none(now() - t0);
      const change = project.setFile(op.rel, op.content);
      return tracker.after([op.rel], change.changedFiles, now() - t0);
    }
    const done: string[] = [];
    const paths = project.paths();
    for (const rel of op.rels) {
      // An included path the project neither holds nor has a notice for: deleting it changes
      // nothing (only unclaimed paths, never included ones, sit in the project's other-path list).
      if (project.isIncluded(rel) && project.text(rel) === undefined && !sorted(paths, rel) && project.problemsFor(rel).length === 0) continue;
      done.push(rel);
    }
    // One analysis for the whole batch (a deleted folder, a branch switch).
    return done.length === 0 ? tracker.none(now() - t0) : tracker.after(done, project.deleteFiles(done).changedFiles, now() - t0);
  }

  /** Test hook: how many workloads the last edit had to compare by value. */
  get comparedByValue(): number {
    return this.tracker?.comparedByValue ?? 0;
  }
}

// ─────────────────────────── deltas on the wire ───────────────────────────

/**
 * Cuts a delta into parts of about `budget` units, so that the receiving thread deserialises
 * one part per task and stays responsive. A unit is about one finding's worth of structured
 * clone (~1.6 KB, ~20 µs to read back at 10,000 files); an assessment weighs about half a unit
 * per control result (34 results: ~15 KB, ~0.3 ms); twenty paths weigh one unit. The default
 * keeps a part near 10–20 ms of the host's time.
 */
export function splitDelta(d: ProjectDelta, budget = 600): ProjectDelta[] {
  const size = (f: FileDelta) => 1 + f.findings.length + f.problems.length;
  const weight = (u: WorkloadDelta) => 2 + (u.assessment.results?.length ?? 0) / 2;
  const total = d.files.reduce((n, f) => n + size(f), 0) + d.upserts.reduce((n, u) => n + weight(u), 0) + d.addedPaths.length / 20;
  if (total <= budget) return [d];
  const parts: ProjectDelta[] = [];
  const empty = (): ProjectDelta => ({ ...d, files: [], upserts: [], removed: [], order: undefined, addedPaths: [], removedPaths: [], registerExclude: undefined });
  let cur = empty();
  let n = 0;
  const flush = () => {
    parts.push(cur);
    cur = empty();
    n = 0;
  };
  for (const f of d.files) {
    cur.files.push(f);
    n += size(f);
    if (n >= budget) flush();
  }
  for (const u of d.upserts) {
    cur.upserts.push(u);
    n += weight(u);
    if (n >= budget) flush();
  }
  for (let i = 0; i < d.addedPaths.length; i += budget * 20) {
    cur.addedPaths = d.addedPaths.slice(i, i + budget * 20);
    flush();
  }
  cur.removed = d.removed;
  cur.removedPaths = d.removedPaths;
  cur.order = d.order;
  cur.registerExclude = d.registerExclude;
  parts.push(cur);
  return parts;
}

/** Joins the parts of `splitDelta` (scalars from the last part). */
export function mergeDelta(parts: readonly ProjectDelta[]): ProjectDelta {
  if (parts.length === 1) return parts[0];
  const last = parts[parts.length - 1];
  return {
    ...last,
    files: parts.flatMap((p) => p.files),
    upserts: parts.flatMap((p) => p.upserts),
    addedPaths: parts.flatMap((p) => p.addedPaths),
    removed: last.removed,
    removedPaths: last.removedPaths,
  };
}

// ─────────────────────────── the host's mirror ───────────────────────────

/**
 * What the host knows of a worker's Project, kept from its deltas: findings and problems per
 * file, workloads and assessments by id, the paths. `result()` is composed on demand and cached
 * until the next delta; it equals the Project's own `result()` (same order of everything).
 */
export class ProjectMirror {
  private byFile = new Map<string, { findings: Finding[]; problems: ParseProblem[] }>();
  private workloads = new Map<string, WorkloadDelta>();
  private order: string[] = [];
  private pathSet = new Set<string>();
  private scalars: Pick<ProjectDelta, 'coverage' | 'filesScanned' | 'timings' | 'root' | 'version'> | undefined;
  private cached: ScanResult | undefined;
  private files: string[] | undefined;
  private pathList: string[] | undefined;
  registerExclude: string[] = [];

  get loaded(): boolean {
    return this.scalars !== undefined;
  }

  /** Applies a delta; returns the files whose findings or problems may have changed. */
  apply(d: ProjectDelta): string[] {
    const touched: string[] = [];
    if (d.reset) {
      touched.push(...this.byFile.keys());
      this.byFile = new Map();
      this.workloads = new Map();
      this.pathSet = new Set();
      this.files = undefined;
    }
    this.scalars = { coverage: d.coverage, filesScanned: d.filesScanned, timings: d.timings, root: d.root, version: d.version };
    if (d.registerExclude) this.registerExclude = d.registerExclude;
    for (const f of d.files) {
      touched.push(f.file);
      const had = this.byFile.has(f.file);
      if (f.findings.length === 0 && f.problems.length === 0) {
        if (had) {
          this.byFile.delete(f.file);
          this.files = undefined;
        }
      } else {
        this.byFile.set(f.file, { findings: f.findings, problems: f.problems });
        if (!had) this.files = undefined;
      }
    }
    for (const u of d.upserts) this.workloads.set(u.workload.id, u);
    for (const id of d.removed) this.workloads.delete(id);
    if (d.order) this.order = d.order;
    else if (d.removed.length > 0) this.order = this.order.filter((id) => this.workloads.has(id));
    for (const p of d.addedPaths) this.pathSet.add(p);
    for (const p of d.removedPaths) this.pathSet.delete(p);
    if (d.reset || d.addedPaths.length > 0 || d.removedPaths.length > 0) this.pathList = undefined;
    if (!d.unchanged || d.reset) this.cached = undefined;
    return [...new Set(touched)];
  }

  result(): ScanResult | undefined {
    if (!this.scalars) return undefined;
    if (this.cached) return this.cached;
    // The core sorts findings and problems by file first (localeCompare), stably: the lists
    // per file concatenated in that order are the core's lists.
    this.files ??= [...this.byFile.keys()].sort((a, b) => a.localeCompare(b));
    const findings: Finding[] = [];
    const problems: ParseProblem[] = [];
    for (const f of this.files) {
      const s = this.byFile.get(f)!;
      for (const x of s.findings) findings.push(x);
      for (const x of s.problems) problems.push(x);
    }
    const pairs = this.order.map((id) => this.workloads.get(id)).filter((x): x is WorkloadDelta => x !== undefined);
    this.cached = {
      schemaVersion: 1,
      tool: { name: 'ai-risk-gradient', version: this.scalars.version },
      root: this.scalars.root,
      filesScanned: this.scalars.filesScanned,
      workloads: pairs.map((p) => p.workload),
      assessments: pairs.map((p) => p.assessment),
      findings,
      problems,
      coverage: this.scalars.coverage,
      timings: this.scalars.timings,
    };
    return this.cached;
  }

  findingsFor(file: string): Finding[] {
    return this.byFile.get(file)?.findings ?? [];
  }

  problemsFor(file: string): ParseProblem[] {
    return this.byFile.get(file)?.problems ?? [];
  }

  /** Files with at least one finding or problem. */
  filesWithResults(): string[] {
    return [...this.byFile.keys()];
  }

  hasFile(path: string): boolean {
    return this.pathSet.has(path);
  }

  paths(): string[] {
    this.pathList ??= [...this.pathSet].sort();
    return this.pathList;
  }
}

// ─────────────────────────── the host's session ───────────────────────────

interface Waiter {
  resolve(d: ProjectDelta | undefined): void;
  reject(e: Error): void;
}

interface QueuedOp {
  op: SessionOp;
  waiters: Waiter[];
  queuedAt: number;
  ctl?: EngineLoadControl;
}

interface Backend {
  readonly kind: 'worker' | 'in-process';
  run(op: QueuedOp): Promise<ProjectDelta>;
  /** Stops the running load: the worker is terminated after the grace period. */
  cancel(): void;
  dispose(): void;
  setBusy(busy: boolean): void;
}

class InProcessBackend implements Backend {
  readonly kind = 'in-process';
  private readonly engine = new ProjectEngine();
  private abort: AbortController | undefined;

  constructor(private readonly source?: FileSource) {}

  async run(q: QueuedOp): Promise<ProjectDelta> {
    // Yield before each operation so queued events and timers of the host run first.
    await new Promise((r) => setImmediate(r));
    this.abort = new AbortController();
    const outer = q.ctl?.signal;
    const onAbort = () => this.abort?.abort();
    outer?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.engine.run(q.op, { signal: this.abort.signal, onProgress: q.ctl?.onProgress }, this.source);
    } finally {
      outer?.removeEventListener('abort', onAbort);
    }
  }

  cancel(): void {
    this.abort?.abort();
  }

  dispose(): void {
    this.abort?.abort();
  }

  setBusy(): void {}
}

class WorkerBackend implements Backend {
  readonly kind = 'worker';
  private readonly worker: Worker;
  private ready = false;
  private dead: Error | undefined;
  private nextId = 1;
  private readonly calls = new Map<number, { resolve(d: ProjectDelta): void; reject(e: Error): void; parts: ProjectDelta[]; onProgress?: (done: number, total: number) => void }>();
  /** Called when the thread failed before it was ready: the session falls back. */
  onStartFailure: ((reason: string) => void) | undefined;
  /** Called when the thread died after it was ready. */
  onDeath: ((reason: string) => void) | undefined;
  /** Called once the thread has ended, for whatever reason. */
  onExit: (() => void) | undefined;
  readonly threadId: number;
  /** How many parts the last delta came in. */
  lastParts = 0;

  constructor(
    script: string,
    private readonly graceMs: number,
    nice: number,
  ) {
    this.worker = new Worker(script, { workerData: { argProjectWorker: 1, nice } satisfies StartData });
    this.threadId = this.worker.threadId;
    this.worker.unref();
    this.worker.on('message', (m: FromWorker) => this.onMessage(m));
    this.worker.on('error', (e) => this.fail(`the worker failed: ${e instanceof Error ? e.message : String(e)}`));
    this.worker.on('exit', (code) => {
      this.fail(`the worker stopped (exit code ${code})`);
      this.onExit?.();
    });
  }

  private fail(reason: string): void {
    if (this.dead) return;
    this.dead = new Error(reason);
    if (!this.ready) {
      // Nothing ran yet: the session replays its operation elsewhere.
      this.calls.clear();
      this.onStartFailure?.(reason);
      return;
    }
    for (const c of this.calls.values()) c.reject(this.dead);
    this.calls.clear();
    this.onDeath?.(reason);
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'ready') {
      this.ready = true;
      return;
    }
    const call = this.calls.get(m.id);
    if (!call) return;
    if (m.type === 'progress') call.onProgress?.(m.done, m.total);
    else if (m.type === 'delta') {
      call.parts.push(m.part);
      if (m.last) {
        this.calls.delete(m.id);
        this.lastParts = call.parts.length;
        call.resolve(mergeDelta(call.parts));
      } else {
        // Ask for the next part only after this task: parts posted all at once would be read
        // back in one go (a port drains its queue per wake-up) and hold the host that long.
        setImmediate(() => {
          if (!this.dead) this.worker.postMessage({ type: 'more', id: m.id } satisfies ToWorker);
        });
      }
    } else {
      this.calls.delete(m.id);
      const e = m.abort ? abortError() : new Error(m.message);
      if (m.stack && !m.abort) e.stack = m.stack;
      call.reject(e);
    }
  }

  run(q: QueuedOp): Promise<ProjectDelta> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<ProjectDelta>((resolve, reject) => {
      this.calls.set(id, { resolve, reject, parts: [], onProgress: q.ctl?.onProgress });
      this.worker.postMessage({ type: 'op', id, op: q.op } satisfies ToWorker);
    });
  }

  cancel(): void {
    if (this.dead) return;
    // Its exit is expected from here on: not a death to report.
    this.dead = abortError();
    for (const c of this.calls.values()) c.reject(this.dead);
    this.calls.clear();
    this.worker.postMessage({ type: 'cancel' } satisfies ToWorker);
    const t = setTimeout(() => void this.worker.terminate(), this.graceMs);
    t.unref?.();
  }

  dispose(): void {
    this.dead ??= new Error('the session was closed');
    this.calls.clear();
    void this.worker.terminate();
  }

  setBusy(busy: boolean): void {
    // A busy worker keeps the process alive (a CLI or test awaiting it); an idle one does not.
    if (this.dead) return;
    if (busy) this.worker.ref();
    else this.worker.unref();
  }
}

export interface SessionOptions {
  /** Worker script (default: this module's file, right for compiled sources). */
  script?: string;
  /** Run in-process from the start; the string says why (kept in `fallbackReason`). */
  inProcess?: string;
  /** A FileSource for loads (forces in-process: a source's functions cannot cross threads). */
  source?: FileSource;
  /** How long a cancelled worker may take to stop by itself (ms, default 200). */
  graceMs?: number;
  /**
   * Niceness of the worker thread where the OS allows it per thread (Linux; default 10): on a
   * busy machine the editor's own thread gets the CPU first. 0 leaves it as the host's.
   */
  nice?: number;
}

export interface SessionLoadControl extends EngineLoadControl {
  /** Unsaved buffers applied over the disk once the load has read it. */
  overlay?: [string, string][];
}

/**
 * The host's handle on one Project (in a worker, or in-process): a queue of operations with
 * one in flight, coalescing edits of the same path, and `onDelta` called for every delta in
 * order, before the operation's promise resolves.
 */
export class ProjectSession {
  private backend: Backend;
  private readonly queue: QueuedOp[] = [];
  private inFlight: QueuedOp | undefined;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  onDelta: ((d: ProjectDelta, op: SessionOp, queuedMs: number) => void) | undefined;
  /** Called when the worker died after it was ready (the session is closed then). */
  onDeath: ((reason: string) => void) | undefined;
  /** Called when the worker thread has ended (closed, cancelled, or died). */
  onExit: (() => void) | undefined;
  /** Why this session runs in-process, when it does. */
  fallbackReason: string | undefined;

  constructor(private readonly options: SessionOptions = {}) {
    const why = options.source ? 'the folder is read through the editor, not the disk' : options.inProcess;
    if (why) {
      this.fallbackReason = why;
      this.backend = new InProcessBackend(options.source);
      return;
    }
    this.backend = this.startWorker();
  }

  private startWorker(): Backend {
    try {
      const w = new WorkerBackend(this.options.script ?? __filename, this.options.graceMs ?? 200, this.options.nice ?? 10);
      w.onStartFailure = (reason) => this.fallBack(reason);
      w.onDeath = (reason) => {
        this.close();
        this.onDeath?.(reason);
      };
      w.onExit = () => this.onExit?.();
      return w;
    } catch (e) {
      // worker_threads unavailable, or the runtime refuses threads.
      this.fallbackReason = `no worker thread could be started (${e instanceof Error ? e.message : String(e)})`;
      return new InProcessBackend(this.options.source);
    }
  }

  /** The worker could not start: the same operations run in-process from here on. */
  private fallBack(reason: string): void {
    this.fallbackReason = reason;
    this.backend = new InProcessBackend(this.options.source);
    const op = this.inFlight;
    if (op && !this.closed) {
      this.inFlight = undefined;
      this.queue.unshift(op);
      this.pump();
    }
  }

  get kind(): 'worker' | 'in-process' {
    return this.backend.kind;
  }

  /** The worker's thread id (undefined in-process). */
  get threadId(): number | undefined {
    return this.backend instanceof WorkerBackend ? this.backend.threadId : undefined;
  }

  /** How many messages the last delta from the worker came in (1 in-process). */
  get lastDeltaParts(): number {
    return this.backend instanceof WorkerBackend ? this.backend.lastParts : 1;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Operations queued or running. */
  get pendingOps(): number {
    return this.queue.length + (this.inFlight ? 1 : 0);
  }

  /** Full load of a folder; rejects with an AbortError when cancelled. */
  load(options: ProjectWorkerOptions, ctl: SessionLoadControl = {}): Promise<ProjectDelta> {
    return this.enqueueLoad({ kind: 'load', options, overlay: ctl.overlay ?? [] }, ctl);
  }

  /** An empty project (after a cancelled first load): edits work on what they set. */
  empty(options: ProjectWorkerOptions): Promise<ProjectDelta> {
    return this.enqueueLoad({ kind: 'empty', options }, {});
  }

  private enqueueLoad(op: SessionOp, ctl: EngineLoadControl): Promise<ProjectDelta> {
    if (ctl.signal?.aborted) return Promise.reject(abortError());
    return new Promise<ProjectDelta>((resolve, reject) => {
      if (this.closed) {
        reject(abortError());
        return;
      }
      const q: QueuedOp = { op, queuedAt: now(), ctl, waiters: [{ resolve: (d) => (d ? resolve(d) : reject(abortError())), reject }] };
      ctl.signal?.addEventListener(
        'abort',
        () => {
          const i = this.queue.indexOf(q);
          if (i >= 0) this.queue.splice(i, 1);
          else if (this.inFlight === q) {
            // The worker stops (or is terminated after the grace period); the session is done.
            this.backend.cancel();
            this.close(false);
          }
          reject(abortError());
        },
        { once: true },
      );
      this.queue.push(q);
      this.pump();
    });
  }

  /** Sets a file's content; resolves with its delta, or undefined when the session closed first. */
  setFile(rel: string, content: string | Uint8Array): Promise<ProjectDelta | undefined> {
    return this.enqueueEdit({ kind: 'setFile', rel, content });
  }

  /** Deletes paths (one, or a whole folder's) with one delta for all. */
  deleteFiles(rels: readonly string[]): Promise<ProjectDelta | undefined> {
    if (rels.length === 0) return Promise.resolve(undefined);
    return this.enqueueEdit({ kind: 'delete', rels: [...new Set(rels)] });
  }

  /**
   * Queues an edit. Latest wins per path: a waiting setFile of the same path is replaced in
   * place, or dropped when the path is deleted now; a path set again leaves a waiting delete.
   * Edits of different paths commute, so the final state is the one of the edits in order.
   */
  private enqueueEdit(op: Extract<SessionOp, { kind: 'setFile' | 'delete' }>): Promise<ProjectDelta | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      const waiting = (q: QueuedOp) => q !== this.inFlight && (q.op.kind === 'setFile' || q.op.kind === 'delete');
      if (op.kind === 'setFile') {
        const same = this.queue.find((q) => waiting(q) && q.op.kind === 'setFile' && q.op.rel === op.rel);
        if (same) {
          same.op = op;
          same.waiters.push(waiter);
          this.pump();
          return;
        }
        for (const q of this.queue) if (waiting(q) && q.op.kind === 'delete' && q.op.rels.includes(op.rel)) q.op = { kind: 'delete', rels: q.op.rels.filter((r) => r !== op.rel) };
        this.queue.push({ op, waiters: [waiter], queuedAt: now() });
      } else {
        const gone = new Set(op.rels);
        const merged: QueuedOp = { op, waiters: [waiter], queuedAt: now() };
        for (let i = this.queue.length - 1; i >= 0; i--) {
          const q = this.queue[i];
          if (waiting(q) && q.op.kind === 'setFile' && gone.has(q.op.rel)) {
            this.queue.splice(i, 1);
            merged.waiters.push(...q.waiters);
          }
        }
        this.queue.push(merged);
      }
      // A delete left with no path (every one set again since) has nothing to do.
      for (let i = this.queue.length - 1; i >= 0; i--) {
        const q = this.queue[i];
        if (waiting(q) && q.op.kind === 'delete' && q.op.rels.length === 0) {
          this.queue.splice(i, 1);
          const next = this.queue.find((x) => waiting(x) && x.op.kind === 'setFile');
          if (next) next.waiters.push(...q.waiters);
          else for (const w of q.waiters) w.resolve(undefined);
        }
      }
      this.pump();
    });
  }

  /** Forgets edits that have not started (a new load reads them from disk). */
  dropQueued(): void {
    const dropped = this.queue.splice(0).filter((q) => q.op.kind === 'setFile' || q.op.kind === 'delete');
    for (const q of dropped) for (const w of q.waiters) w.resolve(undefined);
    this.checkIdle();
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (this.pendingOps === 0 || this.closed) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private checkIdle(): void {
    if (this.pendingOps > 0 && !this.closed) return;
    const w = this.idleWaiters.splice(0);
    for (const r of w) r();
  }

  private pump(): void {
    if (this.inFlight || this.closed) return;
    const q = this.queue.shift();
    if (!q) {
      this.backend.setBusy(false);
      this.checkIdle();
      return;
    }
    this.inFlight = q;
    this.backend.setBusy(true);
    const backend = this.backend;
    backend.run(q).then(
      (d) => {
        if (this.inFlight !== q || this.backend !== backend) return; // cancelled or replayed elsewhere
        this.inFlight = undefined;
        if (!this.closed) {
          try {
            this.onDelta?.(d, q.op, now() - q.queuedAt);
          } catch {
            // a listener's error is its own; the queue goes on
          }
        }
        for (const w of q.waiters) w.resolve(d);
        this.pump();
      },
      (e: Error) => {
        if (this.inFlight !== q || this.backend !== backend) return;
        this.inFlight = undefined;
        for (const w of q.waiters) w.reject(e);
        this.pump();
      },
    );
  }

  /**
   * Stops the session: queued and running operations resolve undefined (edits) or reject
   * (loads). `terminate`: end the worker now (false after a cancel, which ends it itself).
   */
  close(terminate = true): void {
    if (this.closed) return;
    this.closed = true;
    const left = [...(this.inFlight ? [this.inFlight] : []), ...this.queue.splice(0)];
    this.inFlight = undefined;
    for (const q of left) for (const w of q.waiters) w.resolve(undefined);
    if (terminate) this.backend.dispose();
    this.checkIdle();
  }
}

// ─────────────────────────── worker entry ───────────────────────────

/** Lowers this thread's priority: on Linux a thread has its own nice value, set through its tid. */
function lowerPriority(nice: number): void {
  if (!(nice > 0) || process.platform !== 'linux') return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0 && tid !== process.pid) setPriority(tid, nice);
  } catch {
    // not allowed or not available: the thread keeps the host's priority
  }
}

function serveInWorker(nice: number): void {
  lowerPriority(nice);
  const port = parentPort!;
  const engine = new ProjectEngine();
  const queue: { id: number; op: SessionOp }[] = [];
  let abort: AbortController | undefined;
  let busy = false;
  /** Parts of a delta not sent yet, until the host asks for them. */
  const waiting = new Map<number, ProjectDelta[]>();
  const sendPart = (id: number): void => {
    const parts = waiting.get(id);
    const part = parts?.shift();
    if (!parts || !part) return;
    if (parts.length === 0) waiting.delete(id);
    port.postMessage({ type: 'delta', id, part, last: parts.length === 0 } satisfies FromWorker);
  };
  const pump = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    while (queue.length > 0) {
      const { id, op } = queue.shift()!;
      abort = new AbortController();
      try {
        const d = await engine.run(op, { signal: abort.signal, onProgress: (done, total) => port.postMessage({ type: 'progress', id, done, total } satisfies FromWorker) });
        waiting.set(id, splitDelta(d));
        sendPart(id);
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        port.postMessage({ type: 'error', id, message: err.message, stack: err.stack, abort: err.name === 'AbortError' } satisfies FromWorker);
      }
    }
    busy = false;
  };
  port.on('message', (m: ToWorker) => {
    if (m.type === 'cancel') {
      // Reads stop at once; a parse stage running now cannot see this, and the host
      // terminates the thread after its grace period. Either way the thread ends.
      abort?.abort();
      queue.length = 0;
      setImmediate(() => process.exit(0));
      return;
    }
    if (m.type === 'more') {
      sendPart(m.id);
      return;
    }
    queue.push({ id: m.id, op: m.op });
    void pump();
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}

const start = workerData as StartData | undefined;
if (!isMainThread && parentPort && start && start.argProjectWorker === 1) serveInWorker(start.nice);

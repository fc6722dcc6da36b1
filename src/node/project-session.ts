/**
 * The extension host's side of a project session: a `worker_threads` Worker owns the core
 * `Project` of one workspace folder (src/node/project-worker.ts) and answers `load`, `setFile`
 * and `delete` with DELTAS (src/node/project-protocol.ts); the host keeps a `ProjectMirror` that
 * every synchronous getter of the extension reads.
 *
 *   const session = new ProjectSession({ script: 'dist/project-worker.js' });
 *   session.onDelta = (d) => mirror.apply(d);
 *   await session.load({ root: '/repo' }, { signal, onProgress, overlay: [['a.tf', text]] });
 *   await session.setFile('infra/main.tf', text);   // queued, coalesced per path
 *   await session.classify(['README.md']);          // [false]: no input kind reads it
 *
 * Edits are serialised per session (one operation in flight); an edit of a path still waiting
 * in the queue is replaced by a later one for the same path (latest wins). A cancelled
 * load asks the worker to stop, then terminates it after a grace period: its parse stage is
 * synchronous and cannot see the message.
 *
 * When no Worker can be started (no `worker_threads`, the script missing from a package, the
 * thread dying before it says it is ready) the session runs the same engine in-process: slower
 * for the editor, but the product keeps working. This module holds no engine code: the
 * in-process engine (src/node/project-engine.ts) is required on first need, so the extension
 * host does not load the analysis core at activation (esbuild.mjs takes it from
 * dist/project-worker.js there).
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileSource } from '../core/project';
import type { ProjectEngine } from './project-engine';
import {
  abortError,
  decodePart,
  mergeDelta,
  type EngineLoadControl,
  type FromWorker,
  type ProjectDelta,
  type ProjectWorkerOptions,
  type SessionOp,
  type StartData,
  type ToWorker,
} from './project-protocol';

const now = (): number => performance.now();

/** The worker script beside this module: compiled sources and the bundle (dist/) alike. */
export const DEFAULT_WORKER_SCRIPT = join(__dirname, 'project-worker.js');

let engineModule: typeof import('./project-engine') | undefined;

/** The in-process engine, loaded on first use (the analysis core with it). */
function newEngine(): ProjectEngine {
  engineModule ??= require('./project-engine') as typeof import('./project-engine');
  return new engineModule.ProjectEngine();
}

/** Whether this process has loaded the in-process engine (tests check the host did not). */
export function engineLoaded(): boolean {
  return engineModule !== undefined;
}

export { MirrorBuild, ProjectMirror } from './host-mirror';

interface Waiter {
  resolve(d: ProjectDelta | undefined): void;
  reject(e: Error): void;
}

interface QueuedOp {
  op: SessionOp;
  waiters: Waiter[];
  queuedAt: number;
  ctl?: EngineLoadControl;
  /** Takes the delta part by part (see ProjectSession.onPart); unset: the parts are joined. */
  onPart?: PartListener;
}

/**
 * One part of an operation's delta, in order; `last` marks the final one. `cloned`: the part is
 * the host's own copy (from a worker); false in-process, where it holds the Project's objects.
 */
export type PartListener = (part: ProjectDelta, info: { last: boolean; cloned: boolean }) => void;

interface Backend {
  readonly kind: 'worker' | 'in-process';
  run(op: QueuedOp): Promise<ProjectDelta>;
  /** Whether the scan reads each path, as the Project of the latest load says. */
  classify(rels: readonly string[]): Promise<boolean[]>;
  /** Stops the running load: the worker is terminated after the grace period. */
  cancel(): void;
  dispose(): void;
  setBusy(busy: boolean): void;
}

class InProcessBackend implements Backend {
  readonly kind = 'in-process';
  private readonly engine = newEngine();
  private abort: AbortController | undefined;

  constructor(private readonly source?: FileSource) {}

  classify(rels: readonly string[]): Promise<boolean[]> {
    return Promise.resolve(this.engine.included(rels));
  }

  async run(q: QueuedOp): Promise<ProjectDelta> {
    // Yield before each operation so queued events and timers of the host run first.
    await new Promise((r) => setImmediate(r));
    this.abort = new AbortController();
    const outer = q.ctl?.signal;
    const onAbort = () => this.abort?.abort();
    outer?.addEventListener('abort', onAbort, { once: true });
    try {
      const d = await this.engine.run(q.op, { signal: this.abort.signal, onProgress: q.ctl?.onProgress }, this.source);
      q.onPart?.(d, { last: true, cloned: false });
      return d;
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

/** Host time of taking parts from workers (decoding and applying one), for tests and measurements. */
export const partStats = { parts: 0, maxPartMs: 0 };

interface Call {
  resolve(d: ProjectDelta): void;
  reject(e: Error): void;
  /** Parts taken so far, when no listener takes them one by one. */
  parts: ProjectDelta[];
  count: number;
  onProgress?: (done: number, total: number) => void;
  onPart?: PartListener;
  /** Parts received and not decoded yet (bytes), in order. */
  inbox: { bytes: ArrayBuffer; last: boolean }[];
  decoding: boolean;
}

class WorkerBackend implements Backend {
  readonly kind = 'worker';
  private readonly worker: Worker;
  private ready = false;
  private dead: Error | undefined;
  private nextId = 1;
  private readonly calls = new Map<number, Call>();
  private readonly queries = new Map<number, { resolve(included: boolean[]): void; reject(e: Error): void }>();
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
    this.dropQueries(this.dead);
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

  private dropQueries(e: Error): void {
    for (const q of this.queries.values()) q.reject(e);
    this.queries.clear();
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'ready') {
      this.ready = true;
      return;
    }
    if (m.type === 'classified') {
      const q = this.queries.get(m.id);
      this.queries.delete(m.id);
      q?.resolve(m.included);
      return;
    }
    const call = this.calls.get(m.id);
    if (!call) return;
    if (m.type === 'progress') call.onProgress?.(m.done, m.total);
    else if (m.type === 'delta') {
      // Bytes only: several parts read off the port in one wake-up cost nothing here. They are
      // decoded and applied one per task (decodeNext), so the host's event loop runs between.
      call.inbox.push({ bytes: m.bytes, last: m.last });
      if (!call.decoding) {
        call.decoding = true;
        setImmediate(() => this.decodeNext(m.id, call));
      }
    } else {
      this.calls.delete(m.id);
      const e = m.abort ? abortError() : new Error(m.message);
      if (m.stack && !m.abort) e.stack = m.stack;
      call.reject(e);
    }
  }

  /** Decodes and hands over one part, then (after the host's other work) the next. */
  private decodeNext(id: number, call: Call): void {
    const next = call.inbox.shift();
    if (!next || this.dead || this.calls.get(id) !== call) {
      call.decoding = false;
      return;
    }
    // The worker may serialise the next part while this one is decoded and applied.
    if (!next.last) this.worker.postMessage({ type: 'more', id } satisfies ToWorker);
    let part: ProjectDelta;
    const t0 = performance.now();
    try {
      part = decodePart(next.bytes);
      call.count++;
      if (call.onPart) call.onPart(part, { last: next.last, cloned: true });
      else call.parts.push(part);
      partStats.parts++;
      partStats.maxPartMs = Math.max(partStats.maxPartMs, performance.now() - t0);
    } catch (e) {
      this.calls.delete(id);
      call.decoding = false;
      call.reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    if (next.last) {
      this.calls.delete(id);
      call.decoding = false;
      this.lastParts = call.count;
      call.resolve(call.onPart ? part : mergeDelta(call.parts));
      return;
    }
    if (call.inbox.length > 0) setImmediate(() => this.decodeNext(id, call));
    else call.decoding = false;
  }

  run(q: QueuedOp): Promise<ProjectDelta> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<ProjectDelta>((resolve, reject) => {
      this.calls.set(id, { resolve, reject, parts: [], count: 0, onProgress: q.ctl?.onProgress, onPart: q.onPart, inbox: [], decoding: false });
      this.worker.postMessage({ type: 'op', id, op: q.op } satisfies ToWorker);
    });
  }

  classify(rels: readonly string[]): Promise<boolean[]> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<boolean[]>((resolve, reject) => {
      this.queries.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'classify', id, rels: [...rels] } satisfies ToWorker);
    });
  }

  cancel(): void {
    if (this.dead) return;
    // Its exit is expected from here on: not a death to report.
    this.dead = abortError();
    for (const c of this.calls.values()) c.reject(this.dead);
    this.calls.clear();
    this.dropQueries(this.dead);
    this.worker.postMessage({ type: 'cancel' } satisfies ToWorker);
    const t = setTimeout(() => void this.worker.terminate(), this.graceMs);
    t.unref?.();
  }

  dispose(): void {
    this.dead ??= new Error('the session was closed');
    this.calls.clear();
    this.dropQueries(this.dead);
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
  /** Worker script (default: project-worker.js beside this module). */
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
  /**
   * When set, every operation's delta is handed over here part by part, as the host decodes it
   * (one part per host task), and the parts are neither kept nor joined: `onDelta` and the
   * operation's promise then get the last part only (its scalars are the delta's). A receiver
   * that applies each part (ProjectMirror.applyPart) never holds a whole large delta at once.
   */
  onPart: ((part: ProjectDelta, op: SessionOp, info: { last: boolean; cloned: boolean }) => void) | undefined;
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
      const w = new WorkerBackend(this.options.script ?? DEFAULT_WORKER_SCRIPT, this.options.graceMs ?? 200, this.options.nice ?? 10);
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
   * Whether the scan reads each path (not ignored, and an input kind claims it), as the Project
   * of this session's load says. Answered at once, not after the queued operations (a worker
   * busy in a parse stage answers when it is done); all false once the session is closed.
   */
  async classify(rels: readonly string[]): Promise<boolean[]> {
    for (let attempt = 0; attempt < 2 && !this.closed; attempt++) {
      const backend = this.backend;
      try {
        return await backend.classify(rels);
      } catch {
        // The worker failed to start (the in-process backend answers now) or died.
        if (this.backend === backend) break;
      }
    }
    return rels.map(() => false);
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
    const listener = this.onPart;
    q.onPart = listener
      ? (part, info) => {
          if (this.inFlight === q && this.backend === backend && !this.closed) listener(part, q.op, info);
        }
      : undefined;
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


/**
 * The editor's analysis off its own thread: a `worker_threads` Worker owns the core `Project`
 * of one workspace folder and answers `load`, `setFile` and `delete` with deltas
 * (src/node/project-protocol.ts); the host side is src/node/project-session.ts
 * (`ProjectSession`, `ProjectMirror`), the engine src/node/project-engine.ts.
 *
 * This file is the worker's entry point; a bundle builds it as its own entry
 * (`dist/project-worker.js`) and the host passes that path as `script`. The same bundle is the
 * engine the extension host loads on first need (the in-process fallback, report formatters,
 * explain pages, register edits: src/node/host-engine.ts), so it exports all of them.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ProjectEngine } from './project-engine';
import { encodePart, PARTS_AHEAD, splitDelta, type FromWorker, type ProjectDelta, type SessionOp, type StartData, type ToWorker } from './project-protocol';

export * from './project-protocol';
export * from './project-engine';
export * from './project-session';
export * from './host-engine';

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

/** Shortest time between two progress messages of a load (ms). */
const PROGRESS_MS = 100;

function serveInWorker(nice: number): void {
  lowerPriority(nice);
  const port = parentPort!;
  const engine = new ProjectEngine();
  const queue: { id: number; op: SessionOp }[] = [];
  let abort: AbortController | undefined;
  let busy = false;
  /** Parts of a delta not sent yet, and how many sent parts the host has not taken yet. */
  const waiting = new Map<number, { parts: ProjectDelta[]; unacked: number }>();
  /** Sends parts until PARTS_AHEAD are on their way (each serialised here, transferred as bytes). */
  const sendParts = (id: number): void => {
    const w = waiting.get(id);
    while (w && w.unacked < PARTS_AHEAD) {
      const part = w.parts.shift();
      if (!part) break;
      w.unacked++;
      const last = w.parts.length === 0;
      if (last) waiting.delete(id);
      const bytes = encodePart(part);
      port.postMessage({ type: 'delta', id, bytes, last } satisfies FromWorker, [bytes]);
    }
  };
  /** Progress at most every PROGRESS_MS (and the last): each one is a message the host handles. */
  let lastProgress = 0;
  const progress = (id: number, done: number, total: number): void => {
    const t = performance.now();
    if (done < total && t - lastProgress < PROGRESS_MS) return;
    lastProgress = t;
    port.postMessage({ type: 'progress', id, done, total } satisfies FromWorker);
  };
  const pump = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    while (queue.length > 0) {
      const { id, op } = queue.shift()!;
      abort = new AbortController();
      try {
        lastProgress = 0;
        const d = await engine.run(op, { signal: abort.signal, onProgress: (done, total) => progress(id, done, total) });
        waiting.set(id, { parts: splitDelta(d), unacked: 0 });
        sendParts(id);
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        port.postMessage({ type: 'error', id, message: err.message, stack: err.stack, abort: err.name === 'AbortError' } satisfies FromWorker);
      }
    }
    busy = false;
  };
  port.on('message', (m: ToWorker) => {
    if (m.type === 'classify') {
      // Outside the queue: the Project of the latest load answers, loaded or still loading.
      port.postMessage({ type: 'classified', id: m.id, included: engine.included(m.rels) } satisfies FromWorker);
      return;
    }
    if (m.type === 'cancel') {
      // Reads stop at once; a parse stage running now cannot see this, and the host
      // terminates the thread after its grace period. Either way the thread ends.
      abort?.abort();
      queue.length = 0;
      setImmediate(() => process.exit(0));
      return;
    }
    if (m.type === 'more') {
      const w = waiting.get(m.id);
      if (w) {
        w.unacked--;
        sendParts(m.id);
      }
      return;
    }
    queue.push({ id: m.id, op: m.op });
    void pump();
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}

const start = workerData as StartData | undefined;
if (!isMainThread && parentPort && start && start.argProjectWorker === 1) serveInWorker(start.nice);

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
import { splitDelta, type FromWorker, type ProjectDelta, type SessionOp, type StartData, type ToWorker } from './project-protocol';

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

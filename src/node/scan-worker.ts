/**
 * A full scan (`Project.loadAll` + `result()`) in a `worker_threads` Worker, so that an editor
 * stays responsive while a large repository is read. The caller gets the ScanResult, progress
 * callbacks and cancellation through an AbortSignal:
 *
 *   const result = await scanInWorker({ root: '/repo' }, { signal, onProgress });
 *
 * On abort the worker is asked to stop reading and is then terminated (a parse stage is
 * synchronous and cannot see the message), and the promise rejects with an `AbortError`.
 *
 * The same file is the worker's entry: run from compiled sources it starts itself. A bundle
 * must build this file as its own entry point and pass its path as `workerScript`.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ScanResult } from '../core/model';
import { Project } from '../core/project';
import { nodeFileSource } from './file-source';
import { projectOptions, type WorkerScanOptions } from './worker-options';

export type { WorkerScanOptions };

export interface WorkerScanControl {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Script the worker runs; default: this module's file. */
  workerScript?: string;
  /** How long a cancelled worker may take to stop by itself before it is terminated (ms, default 200). */
  graceMs?: number;
}

interface StartMessage {
  readonly argScanWorker: 1;
  options: WorkerScanOptions;
}

type FromWorker = { type: 'progress'; done: number; total: number } | { type: 'result'; result: ScanResult } | { type: 'error'; message: string; stack?: string };

type ToWorker = { type: 'cancel' };

function abortError(): Error {
  const e = new Error('The scan was cancelled.');
  e.name = 'AbortError';
  return e;
}

/** Runs a full scan in a new Worker and resolves with its result. */
export function scanInWorker(options: WorkerScanOptions, control: WorkerScanControl = {}): Promise<ScanResult> {
  return new Promise<ScanResult>((resolve, reject) => {
    if (control.signal?.aborted) {
      reject(abortError());
      return;
    }
    const start: StartMessage = { argScanWorker: 1, options };
    const worker = new Worker(control.workerScript ?? __filename, { workerData: start });
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      control.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => {
      finish(() => reject(abortError()));
      worker.postMessage({ type: 'cancel' } satisfies ToWorker);
      killTimer = setTimeout(() => void worker.terminate(), control.graceMs ?? 200);
      killTimer.unref?.();
    };
    control.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'progress') {
        if (!settled) control.onProgress?.(m.done, m.total);
      } else if (m.type === 'result') {
        finish(() => resolve(m.result));
        void worker.terminate();
      } else if (m.type === 'error') {
        const e = new Error(m.message);
        if (m.stack) e.stack = m.stack;
        finish(() => reject(e));
        void worker.terminate();
      }
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => {
      if (killTimer) clearTimeout(killTimer);
      finish(() => reject(new Error(`The scan worker stopped (exit code ${code}) before it gave a result.`)));
    });
  });
}

async function runInWorker(options: WorkerScanOptions): Promise<void> {
  const controller = new AbortController();
  parentPort!.on('message', (m: ToWorker) => {
    if (m.type === 'cancel') controller.abort();
  });
  try {
    const project = new Project(projectOptions(options));
    await project.loadAll(nodeFileSource(options.root), {
      signal: controller.signal,
      onProgress: (done, total) => parentPort!.postMessage({ type: 'progress', done, total } satisfies FromWorker),
    });
    if (controller.signal.aborted) return;
    parentPort!.postMessage({ type: 'result', result: project.result() } satisfies FromWorker);
  } catch (e) {
    parentPort!.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined } satisfies FromWorker);
  } finally {
    parentPort!.removeAllListeners('message');
  }
}

const data = workerData as StartMessage | undefined;
if (!isMainThread && parentPort && data && data.argScanWorker === 1) void runInWorker(data.options);

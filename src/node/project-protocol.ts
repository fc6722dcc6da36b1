/**
 * What the extension host and a project worker (src/node/project-worker.ts) say to each other:
 * the operations, the deltas that answer them, and how a large delta is cut into parts. Shared
 * by both sides; holds no engine code, so the host can load it at activation.
 */
import type { Assessment, Coverage, Finding, ParseProblem, StageTimings, Workload } from '../core/model';
import { deserialize, serialize } from 'node:v8';
import type { WorkerScanOptions } from './worker-options';

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

/**
 * `more`: the host has taken a part of a delta (deserialised and applied it): the worker may send
 * one more (it keeps PARTS_AHEAD parts on their way).
 * `classify`: which of these paths the scan reads (answered at once, outside the queue of operations).
 */
export type ToWorker = { type: 'op'; id: number; op: SessionOp } | { type: 'more'; id: number } | { type: 'classify'; id: number; rels: string[] } | { type: 'cancel' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; id: number; done: number; total: number }
  /**
   * One part of a delta, serialised by the worker (`encodePart`) and transferred: receiving it
   * costs the host nothing; the host decodes one part per task, when it chooses (`decodePart`).
   */
  | { type: 'delta'; id: number; bytes: ArrayBuffer; last: boolean }
  | { type: 'classified'; id: number; included: boolean[] }
  | { type: 'error'; id: number; message: string; stack?: string; abort?: boolean };

export interface StartData {
  readonly argProjectWorker: 1;
  /** Niceness of the worker's thread (Linux), so the editor's thread wins the CPU. */
  readonly nice: number;
}

export interface EngineLoadControl {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export function abortError(): Error {
  const e = new Error('The scan was cancelled.');
  e.name = 'AbortError';
  return e;
}

/** Parts of one delta the worker sends before the host has taken the first: no round trip stalls the host, memory stays bounded. */
export const PARTS_AHEAD = 4;

/** A part as bytes that can be transferred (not copied) to the other thread. */
export function encodePart(part: ProjectDelta): ArrayBuffer {
  const b = serialize(part);
  // A Buffer may be a view of a larger (pooled) ArrayBuffer: transfer exactly its bytes.
  if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength) return b.buffer as ArrayBuffer;
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

export function decodePart(bytes: ArrayBuffer): ProjectDelta {
  return deserialize(new Uint8Array(bytes)) as ProjectDelta;
}

/**
 * Cuts a delta into parts of about `budget` units, so that the receiving thread deserialises
 * one part per task and stays responsive. A unit is about one finding's worth of structured
 * clone (~1.6 KB, ~35 µs to read back on the host at 10,000 files); an assessment weighs about
 * half a unit per control result (34 results: ~18 KB, ~0.6 ms); twenty paths weigh one unit.
 * The default keeps a part near 5–10 ms of the host's time (one file's lists are never cut).
 */
export function splitDelta(d: ProjectDelta, budget = 300): ProjectDelta[] {
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

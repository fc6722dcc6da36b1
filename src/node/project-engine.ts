/**
 * The engine side of a project session: one core `Project` and the tracker that turns its
 * changes into deltas. It runs in the worker thread (src/node/project-worker.ts) or, as the
 * fallback, in the extension host, which then loads it on first need (src/node/project-session.ts).
 */
import type { Assessment, ScanResult, Workload } from '../core/model';
import { Project, type FileSource } from '../core/project';
import { REGISTER_FILE, registerSchema } from '../core/register/schema';
import { parseYamlDocument } from '../core/parse/yaml-util';
import { nodeFileSource } from './file-source';
import { abortError, type EngineLoadControl, type FileDelta, type ProjectDelta, type SessionOp, type WorkloadDelta } from './project-protocol';
import { projectOptions } from './worker-options';

const now = (): number => performance.now();

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

/** One Project and its delta tracker: what the worker runs (and the in-process fallback). */
export class ProjectEngine {
  private project: Project | undefined;
  private tracker: DeltaTracker | undefined;
  /** The Project of the latest load (still loading, or loaded): it answers `included`. */
  private rules: Project | undefined;

  /** Whether the scan reads each path (ignore rules, the register's excludes once read, the input kinds). */
  included(rels: readonly string[]): boolean[] {
    const p = this.rules ?? this.project;
    return rels.map((rel) => p?.isIncluded(rel) ?? false);
  }

  /** `source`: read through this instead of the disk under `options.root` (in-process only). */
  async run(op: SessionOp, ctl: EngineLoadControl = {}, source?: FileSource): Promise<ProjectDelta> {
    const t0 = now();
    if (op.kind === 'load' || op.kind === 'empty') {
      const project = new Project(projectOptions(op.options));
      this.rules = project;
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

/**
 * What the extension host knows of a worker's Project, kept from its deltas
 * (src/node/project-protocol.ts): findings and problems per file, workloads and assessments by
 * id, the paths. Every synchronous getter of the extension reads it; `result()` is composed on
 * demand and equals the Project's own `result()` (same order of everything).
 *
 * Built for large workspaces (50,000 files: ~58,000 findings, ~7,500 assessments):
 * - a delta is applied part by part (`applyPart`), one part per host task, never all at once;
 * - a new load is built beside the mirror that still answers (`MirrorBuild`), and keeps the
 *   previous mirror's entries where they are equal, so an unchanged re-scan leaves nothing to
 *   publish and no old objects to collect, and reports only the files whose lists changed;
 * - parts cloned from a worker hold a fresh copy of every string (structured clone does not
 *   share them): repeated ones (control ids, workload ids, file paths, titles, summaries, lists
 *   of provisions and stakeholders) are replaced by one shared instance, which keeps the host's
 *   heap — and its garbage collector's work — a fraction of the copy's.
 */
import type { Assessment, Finding, ParseProblem, ScanResult, Workload } from '../core/model';
import { deepEqual as sameData } from '../core/equal';
import type { ProjectDelta, WorkloadDelta } from './project-protocol';

interface FileEntry {
  findings: Finding[];
  problems: ParseProblem[];
}

/** Strings that are (nearly) unique per object: interning them would only grow the table. */
const UNIQUE_KEYS = new Set(['message', 'id', 'newText', 'note']);
/** Members that hold no string (positions): not walked. */
const NO_STRINGS = new Set(['range', 'timings']);
/** Lists of strings up to this length are shared by content; longer ones only have their strings shared. */
const MAX_SHARED_LIST = 32;

/**
 * Replaces strings and short lists of strings in plain data by shared instances, in place. The
 * data must be the host's own copy (a structured clone), and nothing may mutate it afterwards:
 * a shared list is shared by every holder.
 */
export class Interner {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, string[]>();
  /** One empty list for all (frozen: a holder that tried to add to it would fail loudly, not change every other). */
  private static readonly EMPTY: never[] = Object.freeze([]) as unknown as never[];

  get size(): number {
    return this.strings.size + this.lists.size;
  }

  str(s: string): string {
    const c = this.strings.get(s);
    if (c !== undefined) return c;
    this.strings.set(s, s);
    return s;
  }

  /** Interns inside `x` and returns it (or a shared equal list for a list of strings). */
  value<T>(x: T): T {
    if (Array.isArray(x)) return this.array(x) as T;
    if (x !== null && typeof x === 'object') this.object(x as Record<string, unknown>);
    return x;
  }

  private array(a: unknown[]): unknown[] {
    if (a.length === 0) return Interner.EMPTY;
    if (a.length <= MAX_SHARED_LIST && a.every((v) => typeof v === 'string')) {
      const key = JSON.stringify(a);
      const c = this.lists.get(key);
      if (c) return c;
      for (let i = 0; i < a.length; i++) a[i] = this.str(a[i] as string);
      this.lists.set(key, a as string[]);
      return a;
    }
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (typeof v === 'string') a[i] = this.str(v);
      else if (v !== null && typeof v === 'object') a[i] = this.value(v);
    }
    return a;
  }

  private object(o: Record<string, unknown>): void {
    for (const k in o) {
      const v = o[k];
      if (typeof v === 'string') {
        if (!UNIQUE_KEYS.has(k)) o[k] = this.str(v);
      } else if (v !== null && typeof v === 'object' && !NO_STRINGS.has(k)) o[k] = this.value(v);
    }
  }
}

export interface MirrorOptions {
  /** Share repeated strings of cloned parts (default true; parts that are not clones are never touched). */
  intern?: boolean;
}

export class ProjectMirror {
  private byFile = new Map<string, FileEntry>();
  private workloads = new Map<string, WorkloadDelta>();
  private order: string[] = [];
  private pathSet = new Set<string>();
  private scalars: Pick<ProjectDelta, 'coverage' | 'filesScanned' | 'timings' | 'root' | 'version'> | undefined;
  private cached: ScanResult | undefined;
  private files: string[] | undefined;
  private pathList: string[] | undefined;
  private interner = new Interner();
  /** Open (unsuppressed) findings per (workload, control) pair, kept as files change. */
  private pairs = new Map<string, number>();
  registerExclude: string[] = [];

  constructor(private readonly options: MirrorOptions = {}) {}

  get loaded(): boolean {
    return this.scalars !== undefined;
  }

  /** Applies a whole delta (a reset drops what was held); returns the files whose findings or problems changed. */
  apply(d: ProjectDelta, cloned = false): string[] {
    const touched = new Set<string>();
    if (d.reset) {
      for (const f of this.byFile.keys()) touched.add(f);
      this.byFile = new Map();
      this.workloads = new Map();
      this.pathSet = new Set();
      this.order = [];
      this.files = undefined;
      this.interner = new Interner();
      this.pairs = new Map();
    }
    this.applyPart(d, { cloned, touched });
    return [...touched];
  }

  /**
   * Applies one part of a delta (in order; a reset's clearing is the caller's: see MirrorBuild).
   * Entries equal to what is held (or, with `base`, to what `base` holds) keep the held objects
   * and are not reported as touched. `cloned`: the part is the host's own copy, which may be interned.
   */
  applyPart(d: ProjectDelta, opts: { cloned?: boolean; touched: Set<string>; base?: ProjectMirror }): void {
    const intern = opts.cloned === true && this.options.intern !== false;
    const base = opts.base;
    this.scalars = { coverage: d.coverage, filesScanned: d.filesScanned, timings: d.timings, root: d.root, version: d.version };
    if (d.registerExclude) this.registerExclude = d.registerExclude;
    for (const f of d.files) {
      const had = this.byFile.get(f.file);
      const prev = had ?? base?.byFile.get(f.file);
      if (f.findings.length === 0 && f.problems.length === 0) {
        if (had) {
          this.count(had, -1);
          this.byFile.delete(f.file);
          this.files = undefined;
          opts.touched.add(f.file);
        } else if (prev) opts.touched.add(f.file);
        continue;
      }
      if (prev && sameData(prev.findings, f.findings) && sameData(prev.problems, f.problems)) {
        if (had !== prev) {
          this.byFile.set(f.file, prev);
          this.count(prev, 1);
          if (!had) this.files = undefined;
        }
        continue;
      }
      const entry: FileEntry = intern ? { findings: this.interner.value(f.findings), problems: this.interner.value(f.problems) } : { findings: f.findings, problems: f.problems };
      if (had) this.count(had, -1);
      this.count(entry, 1);
      this.byFile.set(f.file, entry);
      if (!had) this.files = undefined;
      opts.touched.add(f.file);
    }
    for (const u of d.upserts) {
      const prev = this.workloads.get(u.workload.id) ?? base?.workloads.get(u.workload.id);
      if (prev && sameData(prev.workload, u.workload) && sameData(prev.assessment, u.assessment)) {
        this.workloads.set(u.workload.id, prev);
        continue;
      }
      this.workloads.set(u.workload.id, intern ? { workload: this.interner.value(u.workload), assessment: this.interner.value(u.assessment) } : u);
    }
    for (const id of d.removed) this.workloads.delete(id);
    if (d.order) this.order = intern ? d.order.map((id) => this.workloads.get(id)?.workload.id ?? id) : d.order;
    else if (d.removed.length > 0) this.order = this.order.filter((id) => this.workloads.has(id));
    for (const p of d.addedPaths) this.pathSet.add(p);
    for (const p of d.removedPaths) this.pathSet.delete(p);
    if (d.reset || d.addedPaths.length > 0 || d.removedPaths.length > 0) this.pathList = undefined;
    if (!d.unchanged || d.reset) this.cached = undefined;
  }

  result(): ScanResult | undefined {
    if (!this.scalars) return undefined;
    if (this.cached) return this.cached;
    // The core sorts findings and problems by file first (localeCompare), stably: the lists
    // per file concatenated in that order are the core's lists.
    this.files ??= [...this.byFile.keys()].sort(collator.compare);
    const findings: Finding[] = [];
    const problems: ParseProblem[] = [];
    for (const f of this.files) {
      const s = this.byFile.get(f)!;
      for (const x of s.findings) findings.push(x);
      for (const x of s.problems) problems.push(x);
    }
    const workloads: Workload[] = [];
    const assessments: Assessment[] = [];
    for (const id of this.order) {
      const p = this.workloads.get(id);
      if (!p) continue;
      workloads.push(p.workload);
      assessments.push(p.assessment);
    }
    this.cached = {
      schemaVersion: 1,
      tool: { name: 'ai-risk-gradient', version: this.scalars.version },
      root: this.scalars.root,
      filesScanned: this.scalars.filesScanned,
      workloads,
      assessments,
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

  private count(e: FileEntry, sign: 1 | -1): void {
    for (const f of e.findings) {
      if (f.suppressed) continue;
      const key = `${f.workloadId}\u0000${f.controlId}`;
      const n = (this.pairs.get(key) ?? 0) + sign;
      if (n > 0) this.pairs.set(key, n);
      else this.pairs.delete(key);
    }
  }

  /** Distinct (workload, control) pairs among the open findings: the status bar's "missing" without filters. */
  get openControls(): number {
    return this.pairs.size;
  }

  /** A workload by id (without composing the result). */
  workload(id: string): Workload | undefined {
    return this.workloads.get(id)?.workload;
  }

  assessment(id: string): Assessment | undefined {
    return this.workloads.get(id)?.assessment;
  }

  get workloadCount(): number {
    return this.order.length;
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

  /** Strings and lists held once for all their holders (tests check that interning happened). */
  get internedValues(): number {
    return this.interner.size;
  }
}

/** The order of `localeCompare`, with one collator instead of one per call (as the core sorts). */
const collator = new Intl.Collator();

/**
 * A new mirror built from a reset delta, part by part, beside the mirror that still answers
 * (`base`): entries equal to the base's keep its objects. `finish` names the files whose lists
 * differ from the base's (new, changed, or gone).
 */
export class MirrorBuild {
  readonly mirror: ProjectMirror;
  private readonly touched = new Set<string>();

  constructor(
    private base: ProjectMirror | undefined,
    options: MirrorOptions = {},
  ) {
    this.mirror = new ProjectMirror(options);
  }

  part(d: ProjectDelta, cloned: boolean): void {
    this.mirror.applyPart(d, { cloned, touched: this.touched, base: this.base });
  }

  /** The files that differ from the base's; the build lets go of the base. */
  finish(): string[] {
    const base = this.base;
    this.base = undefined;
    if (base) for (const f of base.filesWithResults()) if (this.mirror.findingsFor(f).length === 0 && this.mirror.problemsFor(f).length === 0) this.touched.add(f);
    return [...this.touched];
  }
}

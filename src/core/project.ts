/**
 * The incremental model both faces use. The adapter gives it files (a FileSource for a full
 * load, `setFile` for each edit); it keeps the parsed facts per file, keyed by content hash,
 * and re-runs the cheap stages (link, inventory, assess, evaluate) after each change.
 *
 *   const project = new Project({ assets });
 *   await project.init();
 *   await project.loadAll(source);
 *   project.setFile('infra/main.tf', text);   // synchronous
 *   project.result();                          // ScanResult
 */
import { controlById } from './catalogue';
import { gradeWorkloads, newAssessMemo, type AssessMemo, type Grading } from './assess';
import type { FactQuery } from './catalogue/types';
import { deepEqual, sameList } from './equal';
import { FactStore } from './fact-store';
import { applySuppressions, findInlineSuppressions, type InlineSuppression } from './evaluate/suppress';
import { evaluate, mergeCoverage, newEvaluateMemo, type EvaluateMemo, type SeverityOptions } from './evaluate';
import { carryOver, changeKeys, recordReads } from './facts';
import { ignoreRules, type IgnoreRules } from './ignore';
import { buildInventory } from './inventory';
import type { Assessment, Coverage, Fact, Finding, InputKind, ParsedFile, ParseProblem, ScanResult, StageTimings, Tier, Workload } from './model';
import { PLUGINS } from './parse';
import type { AssetSource, FileContent, InputPlugin, ParseContext, WorkloadDraft } from './plugin';
import { REGISTER_FILE, registerSchema, type Register } from './register/schema';

export interface FileSource {
  /** Every file under the root, POSIX paths relative to it. The project applies the ignore rules. */
  list(): Promise<string[]>;
  /** Bytes of a file, or undefined when it vanished or cannot be read. */
  read(path: string): Promise<Uint8Array | undefined>;
}

export interface ProjectOptions {
  assets: AssetSource;
  /** Extra `.gitignore`-style globs to skip. */
  exclude?: readonly string[];
  /** Files larger than this are skipped with a notice. Default 5 MiB. */
  maxFileBytes?: number;
  /** Input kinds to read (default: all). */
  kinds?: readonly InputKind[];
  severity?: SeverityOptions;
  plugins?: readonly InputPlugin[];
  /** Today's date (YYYY-MM-DD) for suppression expiry; default: the clock. */
  today?: () => string;
  /** Product version printed in results. */
  version?: string;
  /** Fixture tests: evaluate every control up to this tier. */
  forceEffectiveTier?: Tier;
  /** Fixture tests: evaluate only these controls. */
  onlyControls?: readonly string[];
  /** Root label printed in results. */
  root?: string;
}

export interface ChangeSet {
  /** Files whose findings or problems changed (the edited file included). */
  changedFiles: string[];
}

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

interface Entry {
  content: FileContent;
  parsed: ParsedFile;
  hash: string;
  /** Other files whose text the parser read (a chart's values, a solution's manifest). */
  reads?: Set<string>;
  /** Whether the parser looked at the list of paths. */
  usedPaths?: boolean;
  /** The decoding notice (not UTF-8) kept for a re-parse of the same content. */
  decodeProblem?: ParseProblem;
}

export interface AnalysisStats {
  workloads: number;
  /** Facts added, removed or changed since the analysis before (old and new versions both count). */
  factsChanged: number;
  /** Input kinds whose grouping ran again. */
  groupsRun: number;
  signalsComputed: number;
  gradingsComputed: number;
  /** Workloads whose controls were evaluated again. */
  evaluationsComputed: number;
}

interface AnalysisMemo {
  all: FactQuery;
  /** The parsed (and linked) files analysed, by object. */
  files: Set<ParsedFile>;
  groups: Map<InputPlugin, { facts: readonly Fact[]; deps: readonly string[]; drafts: WorkloadDraft[] }>;
  workloads: Map<string, Workload>;
  assess: AssessMemo;
  evaluate: EvaluateMemo;
}

interface LinkMemo {
  inputs: readonly ParsedFile[];
  paths: readonly string[];
  reads: Map<string, string | undefined>;
  out: ParsedFile[];
  problems: ParseProblem[];
}

const DEFAULT_MAX = 5 * 1024 * 1024;
const READ_CONCURRENCY = 16;
/** A file that yields more problems than this is broken throughout; the rest is summarised. */
const MAX_PROBLEMS_PER_FILE = 1000;

/** UTF-8 byte length of a string, without allocating it. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const now = (): number => (globalThis.performance ? globalThis.performance.now() : Date.now());

export class Project {
  private readonly plugins: readonly InputPlugin[];
  private readonly entries = new Map<string, Entry>();
  private readonly skipped = new Map<string, ParseProblem>();
  private ignore: IgnoreRules;
  private initialised = false;
  private current: ScanResult | undefined;
  private byFile = new Map<string, { findings: Finding[]; problems: ParseProblem[] }>();
  private timings: StageTimings = {};
  /** Paths of the scan, kept sorted; given to parsers through the ParseContext. */
  private knownPaths: string[] = [];
  /**
   * Files no reader claims but whose presence means something to one (a lockfile beside a
   * manifest, a Dockerfile in a code folder): listed, not excluded.
   */
  private otherPaths = new Set<string>();
  private contextPathsCache: { known: string[]; others: number; list: string[] } | undefined;
  /** Bytes read but not parsed yet, during loadAll. */
  private pending: Map<string, Uint8Array> | undefined;
  /** Each linking plugin's last input and output (see `analyse`). */
  private linkMemo = new Map<InputPlugin, LinkMemo>();
  /** What the last analysis computed, for the next one to reuse (see `analyse`). */
  private memo: AnalysisMemo | undefined;
  /** Files whose text changed since the last analysis (detectors may read texts). */
  private readonly dirtyTexts = new Set<string>();
  private inlineMemo = new Map<string, { text: string; list: InlineSuppression[]; problems: ParseProblem[] }>();
  private registerMemo: { fact: Fact; data: Register | undefined } | undefined;
  private lastStats: AnalysisStats | undefined;
  private assessmentMemo = new Map<string, Assessment>();
  private readonly assessmentGrading = new WeakMap<Assessment, Grading>();
  private coverageMemo: { parts: Coverage[]; merged: Coverage } | undefined;
  /** The files that have findings, in report order, as of the last analysis. */
  private fileOrderMemo: string[] | undefined;
  private fileOrderSet = new Set<string>();
  /** Each file's findings as evaluation gave them and sorted, from the last analysis. */
  private sortMemo = new Map<string, { raw: Finding[]; sorted: Finding[] }>();
  /** The input kind that produced each fact (facts are kept as objects between analyses). */
  private readonly factKinds = new WeakMap<Fact, InputKind>();
  /** The scan's facts, indexed, patched with the files each analysis changes. */
  private readonly store = new FactStore();

  constructor(private readonly options: ProjectOptions) {
    const kinds = options.kinds;
    this.plugins = (options.plugins ?? PLUGINS).filter((p) => !kinds || kinds.includes(p.kind) || p.kind === 'register');
    this.ignore = ignoreRules(options.exclude ?? []);
  }

  async init(): Promise<void> {
    if (this.initialised) return;
    for (const p of this.plugins) if (p.init) await p.init(this.options.assets);
    this.initialised = true;
  }

  /** Whether a path is read by the scan: not ignored, and some input kind claims it. */
  isIncluded(path: string): boolean {
    return !this.ignore.isExcluded(path) && this.pluginFor(path) !== undefined;
  }

  private pluginFor(path: string): InputPlugin | undefined {
    return this.plugins.find((p) => p.matches(path));
  }

  /** Reads every included file of the source, then analyses once. */
  async loadAll(source: FileSource, opts: LoadOptions = {}): Promise<void> {
    await this.init();
    const t0 = now();
    const listed = (await source.list()).map((p) => p.replace(/\\/g, '/')).sort();
    // The register may exclude more paths; read it first.
    if (listed.includes(REGISTER_FILE)) {
      const bytes = await source.read(REGISTER_FILE);
      if (bytes) this.ingest(REGISTER_FILE, bytes);
      const exclude = this.registerData()?.settings?.exclude ?? [];
      if (exclude.length > 0) this.ignore = ignoreRules([...(this.options.exclude ?? []), ...exclude]);
    }
    const paths = listed.filter((p) => p !== REGISTER_FILE && this.isIncluded(p));
    this.otherPaths = new Set(listed.filter((p) => !this.ignore.isExcluded(p) && this.pluginFor(p) === undefined));
    this.contextPathsCache = undefined;
    this.knownPaths = [...new Set([...paths, ...this.entries.keys()])].sort();
    // Read everything first (a few files at a time), then parse: a parser may ask for the
    // text of a sibling (a chart's values.yaml) that sorts after the file it is reading.
    let readMs = 0;
    let parseMs = 0;
    const r0 = now();
    const bytes = new Map<string, Uint8Array>();
    const unreadable = new Map<string, string>();
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < paths.length && !opts.signal?.aborted) {
        const path = paths[next++];
        let b: Uint8Array | undefined;
        let why = 'it vanished while the scan ran';
        try {
          b = await source.read(path);
        } catch (e) {
          b = undefined;
          why = `reading it failed (${e instanceof Error ? e.message : String(e)})`;
        }
        if (b) bytes.set(path, b);
        else unreadable.set(path, why);
        done++;
        if (opts.onProgress && (done % 50 === 0 || done === paths.length)) opts.onProgress(done, paths.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, paths.length) }, worker));
    readMs = now() - r0;
    const p0 = now();
    this.pending = bytes;
    const held = new Map(this.entries);
    try {
      for (const path of paths) {
        const b = bytes.get(path);
        if (b) this.ingest(path, b);
        else {
          this.dropEntry(path);
          // Nothing is lost silently: a report that looks complete must be complete.
          const why = unreadable.get(path);
          if (why) this.skipped.set(path, problemAt(path, 'warning', 'scan/unreadable', `Not scanned: ${why}; findings for this file are missing.`));
        }
      }
    } finally {
      this.pending = undefined;
    }
    this.knownPaths = [...this.entries.keys()].sort();
    if (held.size > 0) {
      // A second load: files that read a file which changed are parsed again.
      const changed = new Set(paths.filter((p) => held.get(p) !== this.entries.get(p)));
      const membership = [...changed].some((p) => !held.has(p) || !this.entries.has(p));
      for (const [p, e] of [...this.entries]) {
        if (changed.has(p)) continue;
        if ((e.reads && [...e.reads].some((r) => changed.has(r))) || (membership && e.usedPaths)) this.ingest(p, e.content.text ?? e.content.bytes ?? '', true);
      }
    }
    parseMs = now() - p0;
    this.analyse();
    this.timings = { ...this.timings, read: round(readMs), parse: round(parseMs), total: round(now() - t0) };
    if (this.current) this.current.timings = this.timings;
  }

  /** Sets (or replaces) one file's content and re-analyses. Synchronous after `init`. */
  setFile(path: string, content: string | Uint8Array): ChangeSet {
    const before = this.snapshot();
    const p0 = now();
    const had = this.entries.get(path);
    if (!this.isIncluded(path)) {
      this.dropEntry(path);
      if (!this.ignore.isExcluded(path) && !this.otherPaths.has(path)) this.otherPathsChanged(() => this.otherPaths.add(path));
    } else {
      // The file's own parse sees itself among the paths, as in a full load.
      if (!had && !this.knownPaths.includes(path)) this.knownPaths = [...this.knownPaths, path].sort();
      this.ingest(path, content);
    }
    this.afterChange(path, had);
    const parseMs = now() - p0;
    this.analyse();
    this.timings.parse = round(parseMs);
    return { changedFiles: this.diff(before, path) };
  }

  deleteFile(path: string): ChangeSet {
    return this.deleteFiles([path]);
  }

  /**
   * Removes several files and analyses once (a deleted folder, a branch switch): cheaper than
   * one `deleteFile` per path, with the same result.
   */
  deleteFiles(paths: readonly string[]): ChangeSet {
    const before = this.snapshot();
    for (const path of paths) {
      const had = this.entries.get(path);
      if (this.otherPaths.has(path)) this.otherPathsChanged(() => this.otherPaths.delete(path));
      this.dropEntry(path);
      this.skipped.delete(path);
      this.afterChange(path, had);
    }
    this.analyse();
    return { changedFiles: this.diff(before, paths) };
  }

  /**
   * Keeps the parse of other files true to the new state: files whose parser read the changed
   * file's text are parsed again, and when a path came or went, so are files whose parser
   * looked at the list of paths.
   */
  private afterChange(path: string, had: Entry | undefined): void {
    const now_ = this.entries.get(path);
    const membership = !!had !== !!now_;
    if (membership || this.knownPaths.length !== this.entries.size) {
      const keys = [...this.entries.keys()].sort();
      if (!sameList(keys, this.knownPaths)) this.knownPaths = keys;
    }
    const textChanged = had?.content.text !== now_?.content.text;
    if (!textChanged && !membership) return;
    const again: string[] = [];
    for (const [p, e] of this.entries) {
      if (p === path) continue;
      if ((textChanged && e.reads?.has(path)) || (membership && e.usedPaths)) again.push(p);
    }
    for (const p of again) {
      const e = this.entries.get(p)!;
      this.ingest(p, e.content.text ?? e.content.bytes ?? '', true);
    }
  }

  /** A lockfile or Dockerfile came or went: readers that looked at the path list read again. */
  private otherPathsChanged(change: () => void): void {
    change();
    this.contextPathsCache = undefined;
    for (const [p, e] of [...this.entries]) if (e.usedPaths) this.ingest(p, e.content.text ?? e.content.bytes ?? '', true);
  }

  /** Every path a reader may ask about: the files the scan reads and the unclaimed ones present. */
  private contextPaths(): string[] {
    const c = this.contextPathsCache;
    if (c && c.known === this.knownPaths && c.others === this.otherPaths.size) return c.list;
    const list = this.otherPaths.size === 0 ? this.knownPaths : [...new Set([...this.knownPaths, ...this.otherPaths])].sort();
    this.contextPathsCache = { known: this.knownPaths, others: this.otherPaths.size, list };
    return list;
  }

  /** What the last analysis computed afresh (the rest it reused from the one before). */
  stats(): AnalysisStats | undefined {
    return this.lastStats ? { ...this.lastStats } : undefined;
  }

  result(): ScanResult {
    if (!this.current) this.analyse();
    return this.current!;
  }

  findingsFor(file: string): Finding[] {
    this.result();
    return this.byFile.get(file)?.findings ?? [];
  }

  problemsFor(file: string): ParseProblem[] {
    this.result();
    return this.byFile.get(file)?.problems ?? [];
  }

  /** Text of a file the project holds. */
  text(path: string): string | undefined {
    return this.entries.get(path)?.content.text;
  }

  paths(): string[] {
    return [...this.entries.keys()].sort();
  }

  // ─────────────────────────── internals ───────────────────────────

  private ingest(path: string, content: string | Uint8Array, force = false): void {
    const plugin = this.pluginFor(path);
    this.skipped.delete(path);
    if (!plugin) {
      this.dropEntry(path);
      return;
    }
    const max = this.options.maxFileBytes ?? DEFAULT_MAX;
    const size = typeof content === 'string' ? utf8Length(content) : content.byteLength;
    if (size > max) {
      this.dropEntry(path);
      this.skipped.set(path, problemAt(path, 'info', 'scan/file-too-large', `Skipped: the file is ${(size / 1048576).toFixed(1)} MiB, above the ${(max / 1048576).toFixed(1)} MiB limit (setting maxFileBytes).`));
      return;
    }
    const existing = this.entries.get(path);
    // Re-parsing held content (a file it reads changed): the text is already decoded.
    const decoded = force && existing && (existing.content.text === content || existing.content.bytes === content) ? { text: existing.content.text, bytes: existing.content.bytes, problem: existing.decodeProblem } : decode(path, content, plugin.binary === true);
    const hash = force && existing ? existing.hash : hashOf(content);
    if (!force && existing && existing.hash === hash && existing.content.text === decoded.text && sameBytes(existing.content.bytes, decoded.bytes)) return;
    if ('skip' in decoded && decoded.skip) {
      this.dropEntry(path);
      this.skipped.set(path, decoded.skip);
      return;
    }
    const fileContent: FileContent = { path, text: decoded.text, bytes: decoded.bytes };
    const reads = new Set<string>();
    let usedPaths = false;
    const base = this.parseContext();
    const ctx: ParseContext = {
      maxFileBytes: base.maxFileBytes,
      readText: (p) => {
        reads.add(p);
        return base.readText(p);
      },
      get paths() {
        usedPaths = true;
        return base.paths;
      },
    };
    let parsed: ParsedFile;
    try {
      parsed = plugin.parse(fileContent, ctx);
    } catch (e) {
      parsed = { file: path, kind: plugin.kind, facts: [], problems: [problemAt(path, 'warning', 'internal/parser', `The ${plugin.title} reader failed on this file and skipped it (${e instanceof Error ? e.message : String(e)}).`)] };
    }
    if (decoded.problem) parsed.problems.push(decoded.problem);
    if (parsed.problems.length > MAX_PROBLEMS_PER_FILE) {
      const left = parsed.problems.length - (MAX_PROBLEMS_PER_FILE - 1);
      parsed.problems = [
        ...parsed.problems.slice(0, MAX_PROBLEMS_PER_FILE - 1),
        problemAt(path, 'info', 'scan/too-many-problems', `${left} more problems in this file were left out; fix the first ones and scan again.`),
      ];
    }
    parsed.hash = hash;
    reads.delete(path);
    if (existing?.content.text !== fileContent.text || existing?.content.bytes !== fileContent.bytes) this.dirtyTexts.add(path);
    this.entries.set(path, { content: fileContent, parsed, hash, reads: reads.size ? reads : undefined, usedPaths, decodeProblem: decoded.problem });
  }

  private dropEntry(path: string): void {
    if (this.entries.delete(path)) this.dirtyTexts.add(path);
  }

  private parseContext(): ParseContext {
    return {
      maxFileBytes: this.options.maxFileBytes ?? DEFAULT_MAX,
      readText: (p) => {
        const held = this.entries.get(p)?.content.text;
        if (held !== undefined) return held;
        const raw = this.pending?.get(p);
        return raw ? lenient.decode(raw) : undefined;
      },
      paths: this.contextPaths(),
    };
  }

  private today(): string {
    return this.options.today ? this.options.today() : new Date().toISOString().slice(0, 10);
  }

  private registerData(): Register | undefined {
    const fact = this.entries.get(REGISTER_FILE)?.parsed.facts.find((f) => f.kind === 'register');
    if (!fact) return undefined;
    // Parsed once per register fact: the same entries (objects) let unchanged workloads be reused.
    if (this.registerMemo?.fact !== fact) {
      const parsed = registerSchema.safeParse(fact.attributes);
      this.registerMemo = { fact, data: parsed.success ? parsed.data : undefined };
    }
    return this.registerMemo.data;
  }

  private analyse(): void {
    const t = { link: 0, inventory: 0, assess: 0, evaluate: 0 };
    const problems: ParseProblem[] = [...this.skipped.values()];
    let mark = now();
    // Scan order is path order, however the files arrived (a file deleted and restored, a
    // file created mid-session): what a fresh scan of the same texts sees.
    if (this.knownPaths.length !== this.entries.size || this.knownPaths.some((p) => !this.entries.has(p))) this.knownPaths = [...this.entries.keys()].sort();
    const raw = this.knownPaths.map((p) => this.entries.get(p)!.parsed);
    const ctx = this.parseContext();
    let files: ParsedFile[] = raw.filter((f) => !this.plugins.some((p) => p.kind === f.kind && p.link));
    const linkCache = new Map<InputPlugin, LinkMemo>();
    for (const plugin of this.plugins) {
      if (!plugin.link) continue;
      const own = raw.filter((f) => f.kind === plugin.kind);
      if (own.length === 0) continue;
      // A plugin's link reads only its own parsed files and the context (paths, texts): when
      // none of these changed since the last analysis, its output is the same and is reused.
      const memo = this.linkMemo.get(plugin);
      if (memo && sameList(memo.inputs, own) && sameList(memo.paths, ctx.paths) && [...memo.reads].every(([p, t]) => ctx.readText(p) === t)) {
        files = files.concat(memo.out);
        problems.push(...memo.problems);
        linkCache.set(plugin, memo);
        continue;
      }
      const reads = new Map<string, string | undefined>();
      const recording: ParseContext = {
        ...ctx,
        readText: (p) => {
          const t = ctx.readText(p);
          reads.set(p, t);
          return t;
        },
      };
      const linkProblems: ParseProblem[] = [];
      let out: ParsedFile[];
      try {
        out = plugin.link(own, recording);
      } catch (e) {
        out = own;
        linkProblems.push(problemAt(own[0].file, 'warning', 'internal/link', `Cross-file resolution for ${plugin.title} failed (${e instanceof Error ? e.message : String(e)}); files were read one by one.`));
      }
      files = files.concat(out);
      problems.push(...linkProblems);
      linkCache.set(plugin, { inputs: own, paths: [...ctx.paths], reads, out, problems: linkProblems });
    }
    this.linkMemo = linkCache;
    t.link = now() - mark;

    mark = now();
    // What changed since the last analysis, as read keys (see `changeKeys`): facts equal to the
    // ones they replace are swapped for the old objects, so everything computed from them
    // stays valid and the work of untouched workloads is reused below.
    const prev = this.memo;
    const changedFacts: Fact[] = [];
    const replaced = new Set<Fact>();
    const store = this.store;
    const prevFiles = prev?.files;
    for (const f of files) {
      problems.push(...f.problems);
      if (store.has(f)) continue;
      for (let i = 0; i < f.facts.length; i++) {
        let fact = f.facts[i];
        const old = prev ? store.get(fact.id) : undefined;
        if (old !== undefined && old !== fact) {
          if (deepEqual(old, fact)) fact = f.facts[i] = old;
          else {
            changedFacts.push(fact, old);
            replaced.add(old);
          }
        } else if (prev && old === undefined) changedFacts.push(fact);
        this.factKinds.set(fact, f.kind);
      }
    }
    const fileSet = new Set(files);
    store.update(files);
    // Facts of files that changed or went and that are no longer in the scan.
    if (prevFiles) for (const f of prevFiles) if (!fileSet.has(f)) for (const old of f.facts) if (store.get(old.id) !== old && !replaced.has(old)) {
      changedFacts.push(old);
      replaced.add(old);
    }
    const all = store.query();
    let changed: Set<string> | undefined;
    if (prev) {
      changed = new Set(this.dirtyTexts.size > 0 ? [...this.dirtyTexts].map((p) => `f:${p}`) : []);
      for (const f of changedFacts) changeKeys(f, changed);
      carryOver(prev.all, all, changedFacts, changed, store);
    }
    this.dirtyTexts.clear();
    const memo: AnalysisMemo = { all, files: fileSet, groups: new Map(), workloads: new Map(), assess: newAssessMemo(prev?.assess), evaluate: newEvaluateMemo(prev?.evaluate) };
    const register = this.registerData();
    const computed = { signals: 0, gradings: 0, evaluations: 0 };
    let groupsRun = 0;
    const group = (plugin: InputPlugin, own: readonly Fact[], q: typeof all): WorkloadDraft[] => {
      const old = prev?.groups.get(plugin);
      if (old && changed && sameList(old.facts, own) && !old.deps.some((k) => changed!.has(k))) {
        memo.groups.set(plugin, old);
        return old.drafts;
      }
      const deps = new Set<string>();
      groupsRun++;
      let drafts = recordReads(deps, () => plugin.group!(own, q));
      if (old && deepEqual(old.drafts, drafts)) drafts = old.drafts;
      memo.groups.set(plugin, { facts: own, deps: [...deps], drafts });
      return drafts;
    };
    const inventory = buildInventory({ files, plugins: this.plugins, all, register, paths: this.contextPaths(), group });
    for (let i = 0; i < inventory.workloads.length; i++) {
      const w = inventory.workloads[i];
      if (!w.owner) w.owner = inventory.registerEntries.get(w.id)?.owner;
      // The same workload as last time keeps its object: its grading and findings are reused.
      const old = prev?.workloads.get(w.id);
      if (old && old !== w && deepEqual(old, w)) inventory.workloads[i] = old;
      memo.workloads.set(w.id, inventory.workloads[i]);
    }
    t.inventory = now() - mark;

    mark = now();
    const kindOf = (id: string): InputKind | undefined => {
      const f = store.get(id);
      return f ? this.factKinds.get(f) : undefined;
    };
    const gradings = gradeWorkloads(
      {
        workloads: inventory.workloads,
        all,
        kindOf,
        plugins: this.plugins,
        registerEntries: inventory.registerEntries,
        forceEffectiveTier: this.options.forceEffectiveTier,
      },
      { prev: prev?.assess, changed, next: memo.assess, computed },
    );
    t.assess = now() - mark;

    mark = now();
    const severity: SeverityOptions = { ...this.options.severity, perControl: { ...(register?.settings?.severity ?? {}), ...(this.options.severity?.perControl ?? {}) } };
    const registerFact = register ? this.entries.get(REGISTER_FILE)?.parsed.facts.find((f) => f.kind === 'register') : undefined;
    const evaluation = evaluate(
      {
        workloads: inventory.workloads,
        gradings,
        all,
        kindOf,
        text: (file) => this.text(file),
        registerEntries: inventory.registerEntries,
        severity,
        onlyControls: this.options.onlyControls,
        problems,
        today: this.today(),
        registerFact: registerFact ? (store.get(registerFact.id) ?? registerFact) : undefined,
      },
      { prev: prev?.evaluate, changed, next: memo.evaluate, computed },
    );
    const inline: InlineSuppression[] = [];
    const inlineMemo = new Map<string, { text: string; list: InlineSuppression[]; problems: ParseProblem[] }>();
    for (const [path, entry] of this.entries) {
      const text = entry.content.text;
      if (!text) continue;
      let m = this.inlineMemo.get(path);
      if (!m || m.text !== text) {
        const found: ParseProblem[] = [];
        m = { text, list: text.includes('ai-risk-gradient:ignore') ? findInlineSuppressions(path, text, (id) => controlById(id) !== undefined, found) : [], problems: found };
      }
      inlineMemo.set(path, m);
      problems.push(...m.problems);
      // Fresh copies: applying marks the ones used.
      for (const s of m.list) inline.push({ ...s, used: false });
    }
    this.inlineMemo = inlineMemo;
    const today = this.today();
    const names = new Map(inventory.workloads.map((w) => [w.id, w.name] as const));
    const suppressed = applySuppressions(evaluation.findings, inline, register?.exceptions ?? [], register ? REGISTER_FILE : undefined, today, names);
    problems.push(...suppressed.problems);
    const findings = suppressed.findings;
    t.evaluate = now() - mark;
    this.memo = memo;
    this.lastStats = { workloads: inventory.workloads.length, factsChanged: changedFacts.length, groupsRun, signalsComputed: computed.signals, gradingsComputed: computed.gradings, evaluationsComputed: computed.evaluations };

    // Assessments, per-file lists and the merged coverage of untouched workloads are the
    // objects of the last analysis (cheap to build, and the editor compares them by identity).
    const prevAssessments = this.assessmentMemo;
    const assessmentMemo = new Map<string, Assessment>();
    const assessments: Assessment[] = inventory.workloads.map((w) => {
      const g = gradings.get(w.id) as Grading;
      const results = evaluation.results.get(w.id) ?? [];
      const coverage = evaluation.coverage.get(w.id) ?? { applicable: [], covered: [], percent: 100 };
      const old = prevAssessments.get(w.id);
      const a = old && old.results === results && old.coverage === coverage && this.assessmentGrading.get(old) === g ? old : { ...g, results, coverage };
      this.assessmentGrading.set(a, g);
      assessmentMemo.set(w.id, a);
      return a;
    });
    this.assessmentMemo = assessmentMemo;
    const coverages = assessments.map((x) => x.coverage);
    const merged = this.coverageMemo && sameList(this.coverageMemo.parts, coverages) ? this.coverageMemo.merged : mergeCoverage(coverages);
    this.coverageMemo = { parts: coverages, merged };

    const byFile = new Map<string, { findings: Finding[]; problems: ParseProblem[] }>();
    const slot = (file: string) => {
      let s = byFile.get(file);
      if (!s) byFile.set(file, (s = { findings: [], problems: [] }));
      return s;
    };
    for (const f of findings) slot(f.file).findings.push(f);
    // Sorted file by file (the order of one sort by compareFindings, since it starts with the file).
    const sortMemo = new Map<string, { raw: Finding[]; sorted: Finding[] }>();
    for (const [file, v] of byFile) {
      const old = this.sortMemo.get(file);
      const raw = v.findings;
      if (old && sameList(old.raw, raw)) v.findings = old.sorted;
      else if (raw.length > 1) v.findings = [...raw].sort(compareFindings);
      sortMemo.set(file, { raw, sorted: v.findings });
    }
    this.sortMemo = sortMemo;
    const findingFiles = [...byFile.keys()];
    let order = this.fileOrderMemo;
    if (!order || order.length !== findingFiles.length || !findingFiles.every((f) => this.fileOrderSet.has(f))) {
      order = findingFiles.sort(collator.compare);
      this.fileOrderMemo = order;
      this.fileOrderSet = new Set(order);
    }
    const sorted: Finding[] = [];
    for (const file of order) for (const f of byFile.get(file)!.findings) sorted.push(f);
    problems.sort((x, y) => collator.compare(x.file, y.file) || x.range.start.line - y.range.start.line);
    for (const p of problems) slot(p.file).problems.push(p);
    this.byFile = byFile;

    this.timings = { ...this.timings, link: round(t.link), inventory: round(t.inventory), assess: round(t.assess), evaluate: round(t.evaluate) };
    this.current = {
      schemaVersion: 1,
      tool: { name: 'ai-risk-gradient', version: this.options.version ?? '0.0.0' },
      root: this.options.root ?? '.',
      filesScanned: this.entries.size,
      workloads: inventory.workloads,
      assessments,
      findings: sorted,
      problems,
      coverage: merged,
      timings: this.timings,
    };
  }

  /** The per-file lists as they are now; `diff` compares them with the lists after a change. */
  private snapshot(): Map<string, { findings: Finding[]; problems: ParseProblem[] }> {
    return this.byFile;
  }

  private diff(before: Map<string, { findings: Finding[]; problems: ParseProblem[] }>, edited: string | readonly string[]): string[] {
    const after = this.byFile;
    const changed = new Set<string>(typeof edited === 'string' ? [edited] : edited);
    for (const [file, v] of after) {
      const old = before.get(file);
      if (!old || !sameFindings(old.findings, v.findings) || !sameProblems(old.problems, v.problems)) changed.add(file);
    }
    for (const file of before.keys()) if (!after.has(file)) changed.add(file);
    return [...changed].sort();
  }
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x.id !== y.id || x.range.start.line !== y.range.start.line || x.range.start.character !== y.range.start.character || !x.suppressed !== !y.suppressed || x.message !== y.message) return false;
  }
  return true;
}

function sameProblems(a: readonly ParseProblem[], b: readonly ParseProblem[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x.code !== y.code || x.range.start.line !== y.range.start.line || x.range.start.character !== y.range.start.character || x.message !== y.message) return false;
  }
  return true;
}

/** One-shot scan of a source. */
export async function scan(source: FileSource, options: ProjectOptions): Promise<ScanResult> {
  const project = new Project(options);
  await project.loadAll(source);
  return project.result();
}

/** The order of `localeCompare`, with one collator instead of one per call. */
const collator = new Intl.Collator();

function compareFindings(a: Finding, b: Finding): number {
  return collator.compare(a.file, b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || collator.compare(a.controlId, b.controlId) || collator.compare(a.workloadId, b.workloadId);
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function problemAt(file: string, severity: ParseProblem['severity'], code: string, message: string): ParseProblem {
  return { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity, code, message };
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

function decode(path: string, content: string | Uint8Array, binary: boolean): { text?: string; bytes?: Uint8Array; skip?: ParseProblem; problem?: ParseProblem } {
  if (typeof content === 'string') return { text: content.charCodeAt(0) === 0xfeff ? content.slice(1) : content };
  const isZip = content.length >= 4 && content[0] === 0x50 && content[1] === 0x4b && (content[2] === 0x03 || content[2] === 0x05);
  if (binary && isZip) return { bytes: content };
  const head = content.subarray(0, 8192);
  if (head.includes(0)) return { skip: problemAt(path, 'info', 'scan/binary', 'Skipped: the file looks binary although its name says text.') };
  try {
    return { text: utf8.decode(content) };
  } catch {
    return {
      text: lenient.decode(content),
      problem: problemAt(path, 'info', 'scan/not-utf8', 'The file is not valid UTF-8; it was read with replacement characters, so some names may be missed.'),
    };
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** FNV-1a 32-bit over the content; collisions only cost a skipped re-parse of identical-hash content. */
function hashOf(content: string | Uint8Array): string {
  let h = 0x811c9dc5;
  if (typeof content === 'string') {
    for (let i = 0; i < content.length; i++) {
      h ^= content.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  } else {
    for (let i = 0; i < content.length; i++) {
      h ^= content[i];
      h = Math.imul(h, 0x01000193);
    }
  }
  return `${(h >>> 0).toString(16)}:${content.length}`;
}

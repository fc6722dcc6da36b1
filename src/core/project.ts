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
import { diffFiles, FactStore } from './fact-store';
import { applySuppressions, findInlineSuppressions, type InlineSuppression } from './evaluate/suppress';
import { CoverageTally, evaluate, newEvaluateMemo, type EvaluateMemo, type SeverityOptions } from './evaluate';
import { carryOver, changeKeys, push, recordReads } from './facts';
import { ignoreRules, type IgnoreRules } from './ignore';
import { buildInventory, newInventoryMemo, type InventoryMemo } from './inventory';
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
  groups: Map<InputPlugin, { facts: readonly Fact[]; deps: readonly string[]; drafts: WorkloadDraft[] }>;
  assess: AssessMemo;
  evaluate: EvaluateMemo;
  inventory: InventoryMemo;
  /** Each grouping plugin's files and their facts, in scan order. */
  kindFacts: Map<InputPlugin, FactList>;
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
  /** Path → the files whose parser read its text (see Entry.reads). */
  private readonly readers = new Map<string, Set<string>>();
  /** Files whose parser looked at the list of paths. */
  private readonly pathUsers = new Set<string>();
  /** Paths whose entry was set or removed since the last analysis. */
  private readonly parsedDirty = new Set<string>();
  /** Whether a path got or lost its entry since `knownPaths` was last brought up to date. */
  private membershipChanged = false;
  /** The analysis' file lists of last time (see `fileLists`). */
  private lists: FileLists | undefined;
  private readonly skipped = new Map<string, ParseProblem>();
  private ignore: IgnoreRules;
  private initialised = false;
  private current: ScanResult | undefined;
  /** The last analysis' findings (as evaluated and suppressed), by file and in report order. */
  private findingsByFile: { raw: readonly Finding[]; byFile: Map<string, Finding[]>; sorted: Finding[] } | undefined;
  private problemsByFile = new Map<string, ParseProblem[]>();
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
  /** During loadAll's parse: the plugin that claimed each path read, found when listing. */
  private claimed: Map<string, InputPlugin> | undefined;
  /** Each linking plugin's last input and output (see `analyse`). */
  private linkMemo = new Map<InputPlugin, LinkMemo>();
  /** What the last analysis computed, for the next one to reuse (see `analyse`). */
  private memo: AnalysisMemo | undefined;
  /** Files whose text changed since the last analysis (detectors may read texts). */
  private readonly dirtyTexts = new Set<string>();
  /** The files that hold inline suppressions (or broken ones), with what was found in them. */
  private inlineMemo = new Map<string, { text: string; list: InlineSuppression[]; problems: ParseProblem[] }>();
  /** The keys of `inlineMemo`, sorted. */
  private inlineOrder: string[] | undefined;
  /** The last application of suppressions and what it was made from (see `analyse`). */
  private suppressMemo:
    | { findings: readonly Finding[]; inline: readonly object[]; exceptions: unknown; today: string; workloads: readonly Workload[]; result: { findings: Finding[]; problems: ParseProblem[] } }
    | undefined;
  private registerMemo: { fact: Fact; data: Register | undefined } | undefined;
  private lastStats: AnalysisStats | undefined;
  /** Each workload's assessment of the last analysis and the grading it was made from. */
  private assessmentMemo = new Map<string, { a: Assessment; g: Grading }>();
  private readonly coverageTally = new CoverageTally();
  /** The last analysis' assessments and what they were made from. */
  private assessmentsLast: { workloads: readonly Workload[]; gradings: Map<string, Grading>; evaluation: unknown; assessments: Assessment[]; merged: Coverage } | undefined;
  /** The files that have findings, in report order, as of the last analysis. */
  private fileOrderMemo: string[] | undefined;
  private fileOrderSet = new Set<string>();
  /** Each file's findings as evaluation gave them and sorted, from the last analysis. */
  private sortMemo = new Map<string, { raw: Finding[]; sorted: Finding[] }>();
  /** A fact object a reader gave → the equal fact object kept in its place (facts never change). */
  private readonly equalTo = new WeakMap<Fact, Fact>();
  /** The input kind that produced each fact (facts are kept as objects between analyses). */
  private readonly factKinds = new WeakMap<Fact, InputKind>();
  /** The scan's facts, indexed, patched with the files each analysis changes. */
  private readonly store = new FactStore();
  /** The problems of the files of the last analysis, in scan order. */
  private fileProblems: ParseProblem[] | undefined;

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
    return this.claimed?.get(path) ?? this.plugins.find((p) => p.matches(path));
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
    // One look at each path: the ignore rules and the plugins' `matches` are the same tests
    // isIncluded makes, and the plugin found is kept for ingest (which would look again).
    const paths: string[] = [];
    const others: string[] = [];
    const claimed = new Map<string, InputPlugin>();
    for (const p of listed) {
      if (this.ignore.isExcluded(p)) continue;
      const plugin = this.pluginFor(p);
      if (plugin === undefined) others.push(p);
      else if (p !== REGISTER_FILE) {
        paths.push(p);
        claimed.set(p, plugin);
      }
    }
    this.otherPaths = new Set(others);
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
    this.claimed = claimed;
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
      this.claimed = undefined;
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
      this.membershipChanged = false;
    }
    const textChanged = had?.content.text !== now_?.content.text;
    if (!textChanged && !membership) return;
    const again = new Set<string>();
    if (textChanged) for (const p of this.readers.get(path) ?? []) again.add(p);
    if (membership) for (const p of this.pathUsers) again.add(p);
    again.delete(path);
    for (const p of [...again].sort()) {
      const e = this.entries.get(p);
      if (e) this.ingest(p, e.content.text ?? e.content.bytes ?? '', true);
    }
  }

  /** A lockfile or Dockerfile came or went: readers that looked at the path list read again. */
  private otherPathsChanged(change: () => void): void {
    change();
    this.contextPathsCache = undefined;
    for (const p of [...this.pathUsers].sort()) {
      const e = this.entries.get(p);
      if (e) this.ingest(p, e.content.text ?? e.content.bytes ?? '', true);
    }
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
    return this.findingsByFile?.byFile.get(file) ?? [];
  }

  problemsFor(file: string): ParseProblem[] {
    this.result();
    return this.problemsByFile.get(file) ?? [];
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
    this.setEntry(path, { content: fileContent, parsed, hash, reads: reads.size ? reads : undefined, usedPaths, decodeProblem: decoded.problem });
  }

  private dropEntry(path: string): void {
    if (this.setEntry(path, undefined)) this.dirtyTexts.add(path);
  }

  /** Sets or removes a path's entry, keeping `readers` and `pathUsers` true to the entries. */
  private setEntry(path: string, entry: Entry | undefined): boolean {
    const old = this.entries.get(path);
    if (old?.reads) for (const r of old.reads) {
      const s = this.readers.get(r);
      s?.delete(path);
      if (s?.size === 0) this.readers.delete(r);
    }
    this.pathUsers.delete(path);
    this.parsedDirty.add(path);
    if (!old !== !entry) this.membershipChanged = true;
    if (!entry) return this.entries.delete(path);
    this.entries.set(path, entry);
    if (entry.reads) for (const r of entry.reads) {
      let s = this.readers.get(r);
      if (!s) this.readers.set(r, (s = new Set()));
      s.add(path);
    }
    if (entry.usedPaths) this.pathUsers.add(path);
    return true;
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

  /**
   * The parsed files in path order, as the analysis reads them: those of kinds without a link
   * step, and each linking kind's own. After an edit, the lists of last time with the changed
   * files put in their place (a list no change touched is the same array).
   */
  private fileLists(): FileLists {
    const dirty = this.parsedDirty;
    const linking = new Set(this.plugins.filter((p) => p.link).map((p) => p.kind));
    const last = this.lists;
    if (last && last.paths === this.knownPaths) {
      const next: FileLists = { paths: last.paths, plain: last.plain, linked: new Map(last.linked) };
      const copied = new Set<ParsedFile[]>();
      let ok = true;
      for (const path of dirty) {
        const parsed = this.entries.get(path)?.parsed;
        if (!parsed) {
          ok = false;
          break;
        }
        const kind = linking.has(parsed.kind) ? parsed.kind : undefined;
        let list = kind ? next.linked.get(kind) : next.plain;
        const i = list ? indexOfFile(list, path) : -1;
        if (!list || i < 0 || list[i].kind !== parsed.kind) {
          ok = false;
          break;
        }
        if (list[i] === parsed) continue;
        if (!copied.has(list)) {
          list = list.slice();
          copied.add(list);
          if (kind) next.linked.set(kind, list);
          else next.plain = list;
        }
        list[i] = parsed;
      }
      if (ok) {
        dirty.clear();
        this.lists = next;
        return next;
      }
    }
    const next: FileLists = { paths: this.knownPaths, plain: [], linked: new Map() };
    for (const path of this.knownPaths) {
      const parsed = this.entries.get(path)!.parsed;
      if (linking.has(parsed.kind)) push(next.linked, parsed.kind, parsed);
      else next.plain.push(parsed);
    }
    dirty.clear();
    this.lists = next;
    return next;
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
    if (this.membershipChanged || this.knownPaths.length !== this.entries.size) {
      const keys = [...this.entries.keys()].sort();
      if (!sameList(keys, this.knownPaths)) this.knownPaths = keys;
      this.membershipChanged = false;
    }
    const lists = this.fileLists();
    const ctx = this.parseContext();
    let files: ParsedFile[] = lists.plain;
    const linkCache = new Map<InputPlugin, LinkMemo>();
    for (const plugin of this.plugins) {
      if (!plugin.link) continue;
      const own = lists.linked.get(plugin.kind) ?? [];
      if (own.length === 0) continue;
      // A plugin's link reads only its own parsed files and the context (paths, texts): when
      // none of these changed since the last analysis, its output is the same and is reused.
      const memo = this.linkMemo.get(plugin);
      if (memo && sameList(memo.inputs, own) && sameList(memo.paths, ctx.paths) && readsSame(memo.reads, ctx.readText)) {
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
    const diff = diffFiles(store.list(), files);
    for (const f of diff.added) {
      for (let i = 0; i < f.facts.length; i++) {
        let fact = f.facts[i];
        const old = prev ? store.get(fact.id) : undefined;
        if (old !== undefined && old !== fact) {
          // A reader that hands out its own copy again (the Terraform linker keeps the copies
          // it made) is answered from what this copy was found equal to before.
          if (this.equalTo.get(fact) === old || deepEqual(old, fact)) {
            this.equalTo.set(fact, old);
            fact = f.facts[i] = old;
          } else {
            changedFacts.push(fact, old);
            replaced.add(old);
          }
        } else if (prev && old === undefined) changedFacts.push(fact);
        this.factKinds.set(fact, f.kind);
      }
    }
    store.update(files, diff);
    // Facts of files that changed or went and that are no longer in the scan.
    if (prev) for (const f of diff.gone) for (const old of f.facts) if (store.get(old.id) !== old && !replaced.has(old)) {
      changedFacts.push(old);
      replaced.add(old);
    }
    // The files' own problems: the list of last time while no file with problems came or went.
    let fileProblems = this.fileProblems;
    if (!fileProblems || diff.added.some((f) => f.problems.length > 0) || diff.gone.some((f) => f.problems.length > 0) || (diff.moved ?? false)) {
      fileProblems = [];
      for (const f of files) for (const p of f.problems) fileProblems.push(p);
      this.fileProblems = fileProblems;
    }
    for (const p of fileProblems) problems.push(p);
    const all = store.query();
    let changed: Set<string> | undefined;
    if (prev) {
      changed = new Set(this.dirtyTexts.size > 0 ? [...this.dirtyTexts].map((p) => `f:${p}`) : []);
      for (const f of changedFacts) changeKeys(f, changed);
      carryOver(prev.all, all, changedFacts, changed, store);
    }
    // Files whose text changed (all of them on the first analysis).
    const textsChanged = prev ? [...this.dirtyTexts] : undefined;
    this.dirtyTexts.clear();
    const memo: AnalysisMemo = {
      all,
      groups: new Map(),
      assess: newAssessMemo(prev?.assess),
      evaluate: newEvaluateMemo(prev?.evaluate),
      inventory: newInventoryMemo(),
      kindFacts: new Map(),
    };
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
    // Each plugin's facts: the list of last time while none of its files changed.
    const filesOf = new Map<string, ParsedFile[]>();
    for (const f of files) push(filesOf, f.kind, f);
    const factsOf = (plugin: InputPlugin): readonly Fact[] => {
      const own = filesOf.get(plugin.kind) ?? [];
      const entry = concatFacts(own, prev?.kindFacts.get(plugin));
      memo.kindFacts.set(plugin, entry);
      return entry.facts;
    };
    const changedIds = new Set(changedFacts.map((f) => f.id));
    const inventory = buildInventory({ plugins: this.plugins, all, register, paths: this.contextPaths(), group, factsOf, changedIds }, prev?.inventory, memo.inventory);
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
    // Inline suppressions, looked for again only in the files whose text changed.
    for (const path of textsChanged ?? this.entries.keys()) {
      const text = this.entries.get(path)?.content.text;
      const had = this.inlineMemo.get(path);
      if (had && had.text === text) continue;
      let m: { text: string; list: InlineSuppression[]; problems: ParseProblem[] } | undefined;
      if (text?.includes('ai-risk-gradient:ignore')) {
        const found: ParseProblem[] = [];
        m = { text, list: findInlineSuppressions(path, text, (id) => controlById(id) !== undefined, found), problems: found };
      }
      if (m && (m.list.length > 0 || m.problems.length > 0)) {
        if (!had) this.inlineOrder = undefined;
        this.inlineMemo.set(path, m);
      } else if (had) {
        this.inlineMemo.delete(path);
        this.inlineOrder = undefined;
      }
    }
    this.inlineOrder ??= [...this.inlineMemo.keys()].sort();
    const inlineFiles: { list: InlineSuppression[]; problems: ParseProblem[] }[] = [];
    for (const path of this.inlineOrder) {
      const m = this.inlineMemo.get(path)!;
      problems.push(...m.problems);
      inlineFiles.push(m);
    }
    const today = this.today();
    const exceptions = register?.exceptions ?? [];
    // The same findings (list), suppressions (per file, as read), exceptions and day: the same
    // answer. Applying makes a new list of every finding, and a new list makes the findings by
    // file be grouped and sorted again: O(findings) on every edit (~20 ms at 50k files).
    const sm = this.suppressMemo;
    let suppressed: { findings: Finding[]; problems: ParseProblem[] };
    if (sm && sm.findings === evaluation.findings && sameList(sm.inline, inlineFiles) && sm.exceptions === register?.exceptions && sm.today === today && (exceptions.length === 0 || sameList(sm.workloads, inventory.workloads))) suppressed = sm.result;
    else {
      const inline: InlineSuppression[] = [];
      // Fresh copies: applying marks the ones used.
      for (const m of inlineFiles) for (const x of m.list) inline.push({ ...x, used: false });
      const names = new Map(exceptions.length > 0 ? inventory.workloads.map((w) => [w.id, w.name] as const) : []);
      suppressed = inline.length > 0 || exceptions.length > 0 ? applySuppressions(evaluation.findings, inline, exceptions, register ? REGISTER_FILE : undefined, today, names) : { findings: evaluation.findings, problems: [] };
      this.suppressMemo = { findings: evaluation.findings, inline: inlineFiles, exceptions: register?.exceptions, today, workloads: inventory.workloads, result: suppressed };
    }
    for (const x of suppressed.problems) problems.push(x);
    const findings = suppressed.findings;
    t.evaluate = now() - mark;
    this.memo = memo;
    this.lastStats = { workloads: inventory.workloads.length, factsChanged: changedFacts.length, groupsRun, signalsComputed: computed.signals, gradingsComputed: computed.gradings, evaluationsComputed: computed.evaluations };

    // Assessments, per-file lists and the merged coverage of untouched workloads are the
    // objects of the last analysis (cheap to build, and the editor compares them by identity).
    let assessments: Assessment[];
    let merged: Coverage;
    const lastA = this.assessmentsLast;
    if (lastA && lastA.gradings === gradings && lastA.evaluation === evaluation && sameList(lastA.workloads, inventory.workloads)) {
      // Nothing graded or evaluated again: the assessments of last time.
      assessments = lastA.assessments;
      merged = lastA.merged;
    } else {
      const prevAssessments = this.assessmentMemo;
      const assessmentMemo = new Map<string, { a: Assessment; g: Grading }>();
      assessments = inventory.workloads.map((w) => {
        const g = gradings.get(w.id) as Grading;
        const results = evaluation.results.get(w.id) ?? [];
        const coverage = evaluation.coverage.get(w.id) ?? { applicable: [], covered: [], percent: 100 };
        const old = prevAssessments.get(w.id);
        const a = old && old.a.results === results && old.a.coverage === coverage && old.g === g ? old.a : { ...g, results, coverage };
        assessmentMemo.set(w.id, old && old.a === a ? old : { a, g });
        return a;
      });
      this.assessmentMemo = assessmentMemo;
      merged = this.coverageTally.of(assessments.map((x) => x.coverage));
    }
    this.assessmentsLast = { workloads: inventory.workloads, gradings, evaluation, assessments, merged };

    // Findings by file, each file's sorted (the order of one sort by compareFindings, since it
    // starts with the file): the maps of last time while the findings are the same objects.
    let perFile = this.findingsByFile;
    if (!perFile || !sameList(perFile.raw, findings)) {
      const byFile = new Map<string, Finding[]>();
      for (const f of findings) push(byFile, f.file, f);
      const sortMemo = new Map<string, { raw: Finding[]; sorted: Finding[] }>();
      for (const [file, raw] of byFile) {
        const old = this.sortMemo.get(file);
        const list = old && sameList(old.raw, raw) ? old.sorted : raw.length > 1 ? [...raw].sort(compareFindings) : raw;
        byFile.set(file, list);
        sortMemo.set(file, { raw, sorted: list });
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
      for (const file of order) for (const f of byFile.get(file)!) sorted.push(f);
      perFile = { raw: findings, byFile, sorted };
      this.findingsByFile = perFile;
    }
    const sorted = perFile.sorted;
    problems.sort((x, y) => collator.compare(x.file, y.file) || x.range.start.line - y.range.start.line);
    const problemsByFile = new Map<string, ParseProblem[]>();
    for (const p of problems) push(problemsByFile, p.file, p);
    this.problemsByFile = problemsByFile;

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
  private snapshot(): PerFile {
    return { findings: this.findingsByFile?.byFile ?? new Map(), problems: this.problemsByFile };
  }

  private diff(before: PerFile, edited: string | readonly string[]): string[] {
    const after = this.snapshot();
    const changed = new Set<string>(typeof edited === 'string' ? [edited] : edited);
    const compare = <T>(x: Map<string, T[]>, y: Map<string, T[]>, same: (a: readonly T[], b: readonly T[]) => boolean): void => {
      if (x === y) return;
      for (const [file, v] of y) {
        const old = x.get(file);
        if (!old || !same(old, v)) changed.add(file);
      }
      for (const file of x.keys()) if (!y.has(file)) changed.add(file);
    };
    compare(before.findings, after.findings, sameFindings);
    compare(before.problems, after.problems, sameProblems);
    return [...changed].sort();
  }
}

/** Each file's findings and problems (see `snapshot`). */
interface PerFile {
  findings: Map<string, Finding[]>;
  problems: Map<string, ParseProblem[]>;
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

interface FileLists {
  /** The `knownPaths` the lists follow. */
  paths: readonly string[];
  /** Files of kinds without a link step, in path order. */
  plain: ParsedFile[];
  /** Each linking kind's files, in path order. */
  linked: Map<InputKind, ParsedFile[]>;
}

/** Where the file of `path` sits in a list of parsed files in path order, or -1. */
function indexOfFile(list: readonly ParsedFile[], path: string): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const f = list[mid].file;
    if (f === path) return mid;
    if (f < path) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Whether every text a link read is still the same (without copying the map: it can be long). */
function readsSame(reads: ReadonlyMap<string, string | undefined>, readText: (p: string) => string | undefined): boolean {
  for (const p of reads.keys()) if (readText(p) !== reads.get(p)) return false;
  return true;
}

/** The facts of a list of files, in order; `offsets[i]` is where file i's facts start. */
interface FactList {
  files: readonly ParsedFile[];
  facts: Fact[];
  offsets: number[];
}

/**
 * The facts of `files` in order: the list of `old` when the files are the same objects, a patched
 * copy when the few files that differ hold as many facts as the ones they replace.
 */
function concatFacts(files: readonly ParsedFile[], old: FactList | undefined): FactList {
  if (old && old.files.length === files.length) {
    const at: number[] = [];
    for (let i = 0; i < files.length && at.length <= 64; i++) if (old.files[i] !== files[i]) at.push(i);
    if (at.length === 0) return old;
    if (at.length <= 64 && at.every((i) => files[i].facts.length === old.files[i].facts.length)) {
      const facts = old.facts.slice();
      for (const i of at) {
        const own = files[i].facts;
        for (let j = 0; j < own.length; j++) facts[old.offsets[i] + j] = own[j];
      }
      return { files, facts, offsets: old.offsets };
    }
  }
  const facts: Fact[] = [];
  const offsets: number[] = [];
  for (const f of files) {
    offsets.push(facts.length);
    for (const x of f.facts) facts.push(x);
  }
  return { files, facts, offsets };
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

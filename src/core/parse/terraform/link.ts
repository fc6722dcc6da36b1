/**
 * Cross-file resolution, as a reviewer reading the repository would do it:
 * - `var.x` → its default, overridden by `terraform.tfvars`, `terraform.tfvars.json`, then
 *   `*.auto.tfvars(.json)` in name order, all in the same directory (other `*.tfvars` files
 *   are only used with `-var-file` and are not applied);
 * - `local.x`, string interpolation and the few functions the evaluator knows;
 * - local module calls (`./x`, `../x`): the module's resources, data sources and nested module
 *   calls are instantiated in the caller's scope as new facts with addresses
 *   `module.<name>.<type>.<label>`, variables taken from the call's inputs. The copies keep
 *   `file` and ranges in the module's files, carry the hint `module:instance` and the id
 *   `<module file>#<address>@<caller scope>`. The module directory's own facts stay (an editor
 *   needs them for that file) but get the hint `module:definition` and are left out of
 *   workload grouping, so nothing is counted twice;
 * - registry / git modules: the call gets the hint `module:unresolved`.
 * Unknown stays unknown: whatever cannot be resolved is `{ $expr }`. Resource references
 * stay `{ $ref }` and in `references`.
 */
import { sameEntries, sameList } from '../../equal';
import type { Fact, FactObject, FactValue, ParsedFile } from '../../model';
import type { ParseContext } from '../../plugin';
import type { Env, EvalOptions } from './hcl';
import { computeHints } from './hints';
import { evalExpressionText, fileKindOf, parseTerraform } from './parse';
import { addressOfRef, baseName, dirOf, isMarker, joinPath, refsOfValue } from './util';

const MAX_MODULE_DEPTH = 8;
const META_MODULE_ARGS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

interface Resolved {
  value: FactValue | undefined;
  refs: Set<string>;
}

interface Scope {
  dir: string;
  facts: Fact[];
  vars: Map<string, Fact>;
  locals: Map<string, Fact>;
  tfvars: Map<string, FactValue>;
}

export function localModuleDir(scope: string, source: FactValue | undefined): string | undefined {
  if (typeof source !== 'string') return undefined;
  if (!source.startsWith('./') && !source.startsWith('../') && source !== '.' && source !== '..') return undefined;
  return joinPath(scope, source);
}

/** A fresh link, remembering nothing. */
export function linkTerraform(files: ParsedFile[], ctx: ParseContext): ParsedFile[] {
  return new TerraformLinker().link(files, ctx);
}

/** One directory's run: what it read and what it pushed (its own facts, and module instances for a root). */
interface ScopeRun {
  /** The fact lists (file parts) that make the scope, in order. */
  sig: Fact[][];
  mode: 'root' | 'definition';
  tfvars: Map<string, FactValue>;
  /** Module directories looked up while instantiating, with their `sig` then (undefined: no such scope). */
  deps: Map<string, Fact[][] | undefined>;
  /** Facts pushed, by file, in push order. */
  pushes: Map<string, Fact[]>;
  vars: ReadonlyMap<string, Fact>;
  locals: ReadonlyMap<string, Fact>;
  /** Each input fact's linked fact and the variables / locals it read. */
  facts: Map<Fact, FactRun>;
  /** Each module call's instances (in push order), reads and the module directories reached. */
  calls: Map<Fact, CallRun>;
  /** A local read itself (directly or not): values then depend on the order of evaluation. */
  cyclic: boolean;
}

/** The reads of a fact or call that read nothing: one set for all (a scan has thousands). */
const NO_READS: ReadonlySet<string> = new Set<string>();

interface FactRun {
  linked: Fact;
  reads: ReadonlySet<string>;
}

interface CallRun {
  pushed: Fact[];
  reads: ReadonlySet<string>;
  deps: Map<string, Fact[][] | undefined>;
}

/** A lookup of module directories that records what it found (their fact lists) in `deps`. */
function lookupFor(sigs: Map<string, Fact[][]>, scopes: Map<string, Scope>): (deps: Map<string, Fact[][] | undefined>) => (dir: string) => Scope | undefined {
  return (deps) => (dir) => {
    deps.set(dir, sigs.get(dir));
    return scopes.get(dir);
  };
}

interface OutputMemo {
  input: ParsedFile;
  parts: Fact[][];
  out: ParsedFile;
}

/**
 * The linker with a memory of its last call, so that a call after a small change redoes only
 * what the change can reach. Each directory's run (its facts linked, and for a root, the local
 * modules it instantiates) is kept with what it read: the ParsedFiles of the directory (by
 * identity), its tfvars values, whether it is called as a module, and the directories its
 * module calls reached. A run whose reads are all unchanged is reused as it is; an output
 * ParsedFile whose input and contributing runs are unchanged is the same object as last time.
 * The result is always the one a fresh `linkTerraform` gives (checked by a property test).
 */
export class TerraformLinker {
  private runs = new Map<string, ScopeRun>();
  private outputs = new Map<string, OutputMemo>();
  private readonly infos = new WeakMap<ParsedFile, FileInfo>();
  private readonly tfvarsOut = new WeakMap<ParsedFile, { of: Fact[]; length: number; out: ParsedFile }>();
  private readTfvars = new Map<string, { text: string; pf: ParsedFile }>();
  private scopes = new Map<string, HeldScope>();
  private currentSigs = new Map<string, Fact[][]>();
  private tfvarsOrder: { keys: string[]; ordered: string[] } | undefined;
  private autoPaths: { of: readonly string[]; list: string[] } | undefined;
  /** The last call's files, what each gave, the directory lists and the result (by position). */
  private last: { files: ParsedFile[]; infos: FileInfo[]; sigs: Map<string, Fact[][]>; result: ParsedFile[] } | undefined;
  /** Which directories are called as local modules, each directory's Scope, and the runs that reached each directory (by the last call). */
  private called: Set<string> | undefined;
  private scopeMap: Map<string, Scope> | undefined;
  private dependents: Map<string, Set<string>> | undefined;
  /** Each input path's position, while the files come at the same positions. */
  private pathIndex: Map<string, number> | undefined;
  /** For tests: how many directory runs the last call reused and redid. */
  stats = { reused: 0, redone: 0, factsReused: 0, factsLinked: 0 };

  link(files: ParsedFile[], ctx: ParseContext): ParsedFile[] {
    // What each file gives: its kind and, for a .tf file, its facts by directory. A file at
    // the same position as last time, the same object with the same facts, gives the same.
    const n = files.length;
    const last = this.last;
    const infos: FileInfo[] = new Array<FileInfo>(n);
    const changed: number[] = [];
    for (let i = 0; i < n; i++) {
      const pf = files[i];
      const was = last && last.files.length === n && last.files[i] === pf ? last.infos[i] : undefined;
      if (was && was.of === pf.facts && was.length === pf.facts.length) infos[i] = was;
      else {
        infos[i] = this.infoOf(pf);
        changed.push(i);
      }
    }
    // A few files changed in place: patch last call's directory lists. Else build them anew.
    let fast = last !== undefined && last.files.length === n && changed.length <= Math.max(8, n >> 3) && changed.every((i) => last.files[i].file === files[i].file && sameDirs(last.infos[i], infos[i]));
    let sigs = fast ? patchSigs(last!.sigs, changed.map((i) => [last!.infos[i], infos[i]])) : undefined;
    if (!sigs) {
      fast = false;
      sigs = new Map();
      for (const info of infos)
        for (const part of info.parts) {
          const sig = sigs.get(part.dir);
          if (sig) sig.push(part.facts);
          else sigs.set(part.dir, [part.facts]);
        }
    }
    if (fast) {
      const small = this.linkSmall(files, ctx, infos, changed, sigs);
      if (small) return small;
    }
    const tfvarsFiles = new Map<string, ParsedFile>();
    for (let i = 0; i < n; i++) if (infos[i].tfvars) tfvarsFiles.set(files[i].file, this.tfvarsCopy(files[i]));
    this.currentSigs = sigs;
    const scopes = new Map<string, Scope>();
    const held = new Map<string, HeldScope>();
    for (const [dir, sig] of sigs) {
      const prev = this.scopes.get(dir);
      const h = prev && sameList(prev.sig, sig) ? prev : buildScope(dir, sig);
      h.scope.tfvars = new Map();
      held.set(dir, h);
      scopes.set(dir, h.scope);
    }
    this.scopes = held;
    // tfvars that the scan has but that were not handed to us
    const read = new Map<string, { text: string; pf: ParsedFile }>();
    for (const p of this.autoTfvarsPaths(ctx.paths)) {
      if (!tfvarsFiles.has(p) && scopes.has(dirOf(p))) {
        const text = ctx.readText(p);
        if (text === undefined) continue;
        const was = this.readTfvars.get(p);
        const r = was && was.text === text ? was : { text, pf: parseTerraform(p, text) };
        read.set(p, r);
        tfvarsFiles.set(p, r.pf);
      }
    }
    this.readTfvars = read;
    const keys = [...tfvarsFiles.keys()];
    const ordered = this.tfvarsOrder && sameList(this.tfvarsOrder.keys, keys) ? this.tfvarsOrder.ordered : keys.filter(isAutoTfvars).sort(tfvarsOrder);
    this.tfvarsOrder = { keys, ordered };
    for (const p of ordered) {
      const s = scopes.get(dirOf(p));
      if (!s) continue;
      for (const f of tfvarsFiles.get(p)!.facts) if (f.type === 'tfvars' && f.name) s.tfvars.set(f.name, f.attributes.value);
    }

    // Which directories are called as local modules.
    const called = new Set<string>();
    for (const h of held.values()) for (const d of h.calls) if (d !== h.scope.dir && scopes.has(d)) called.add(d);

    const runs = new Map<string, ScopeRun>();
    this.stats = { reused: 0, redone: 0, factsReused: 0, factsLinked: 0 };
    for (const s of scopes.values()) {
      runs.set(s.dir, this.runOf(s, called, sigs, scopes));
    }
    const prevRuns = this.runs;
    this.runs = runs;

    // each file's facts: what every run pushed for it, in the order of the runs. On the fast
    // road only files whose input changed or that a redone run pushed to (now or before) are
    // looked at; the rest are last call's objects.
    let dirty: Set<string> | undefined;
    if (fast) {
      dirty = new Set(changed.map((i) => files[i].file));
      for (const [dir, run] of runs) {
        const before = prevRuns.get(dir);
        if (before === run) continue;
        for (const f of run.pushes.keys()) dirty.add(f);
        if (before) for (const f of before.pushes.keys()) dirty.add(f);
      }
    }
    let parts: Map<string, Fact[][]> | undefined;
    if (!fast) {
      parts = new Map();
      for (const run of runs.values())
        for (const [file, list] of run.pushes) {
          const have = parts.get(file);
          if (have) have.push(list);
          else parts.set(file, [list]);
        }
    }
    const outputs = fast ? this.outputs : new Map<string, OutputMemo>();
    const result: ParsedFile[] = new Array<ParsedFile>(n);
    for (let i = 0; i < n; i++) {
      const pf = files[i];
      if (infos[i].tfvars) {
        result[i] = this.tfvarsCopy(pf);
        continue;
      }
      if (fast && !dirty!.has(pf.file)) {
        result[i] = last!.result[i];
        continue;
      }
      result[i] = this.outputOf(pf, parts ? (parts.get(pf.file) ?? []) : this.partsOf(pf.file), outputs);
    }
    this.outputs = outputs;
    this.last = { files: [...files], infos, sigs, result };
    // What a small edit next time starts from (see linkSmall).
    this.called = called;
    this.scopeMap = scopes;
    this.dependents = new Map();
    for (const [dir, run] of runs) for (const d of run.deps.keys()) addTo(this.dependents, d, dir);
    if (!fast || !this.pathIndex) this.pathIndex = new Map(files.map((f, i) => [f.file, i] as const));
    return result;
  }

  /**
   * The road of a typical edit: a few .tf files changed in place, in the same directories, with
   * the same module calls, no tfvars file changed and the tfvars read from the scan the same.
   * Then only the edited directories and the runs that reached them are looked at; everything
   * else is last call's (the same answer the full road gives, which checks every directory).
   * Returns undefined, having changed nothing, when the edit is not of that kind.
   */
  private linkSmall(files: ParsedFile[], ctx: ParseContext, infos: FileInfo[], changed: number[], sigs: Map<string, Fact[][]>): ParsedFile[] | undefined {
    const last = this.last!;
    const { called, scopeMap, dependents, pathIndex } = this;
    if (!called || !scopeMap || !dependents || !pathIndex) return undefined;
    if (changed.some((i) => infos[i].tfvars || last.infos[i].tfvars)) return undefined;
    if (this.autoPaths?.of !== ctx.paths) return undefined;
    for (const [p, r] of this.readTfvars) if (ctx.readText(p) !== r.text) return undefined;
    const dirs = new Set<string>();
    for (const i of changed) for (const part of infos[i].parts) dirs.add(part.dir);
    const rebuilt = new Map<string, HeldScope>();
    for (const dir of dirs) {
      const prev = this.scopes.get(dir);
      const sig = sigs.get(dir);
      if (!prev || !sig) return undefined;
      const h = sameList(prev.sig, sig) ? prev : buildScope(dir, sig);
      if (!sameList(prev.calls, h.calls)) return undefined;
      rebuilt.set(dir, h);
    }
    // From here on the edit is a small one: state is updated.
    for (const [dir, h] of rebuilt) {
      if (h !== this.scopes.get(dir)) h.scope.tfvars = this.scopes.get(dir)!.scope.tfvars;
      this.scopes.set(dir, h);
      scopeMap.set(dir, h.scope);
    }
    this.currentSigs = sigs;
    const redo = new Set(dirs);
    for (const d of dirs) for (const r of dependents.get(d) ?? []) redo.add(r);
    this.stats = { reused: this.runs.size - redo.size, redone: 0, factsReused: 0, factsLinked: 0 };
    const dirty = new Set(changed.map((i) => files[i].file));
    for (const dir of redo) {
      const s = scopeMap.get(dir);
      if (!s) continue;
      const prev = this.runs.get(dir);
      const run = this.runOf(s, called, sigs, scopeMap);
      if (run === prev) continue;
      // The run keeps its place in the map (runs push in directory order).
      this.runs.set(dir, run);
      if (prev) for (const d of prev.deps.keys()) dependents.get(d)?.delete(dir);
      for (const d of run.deps.keys()) addTo(dependents, d, dir);
      for (const f of run.pushes.keys()) dirty.add(f);
      if (prev) for (const f of prev.pushes.keys()) dirty.add(f);
    }
    const result = last.result.slice();
    for (const file of dirty) {
      const i = pathIndex.get(file);
      if (i === undefined || files[i].file !== file) continue;
      result[i] = this.outputOf(files[i], this.partsOf(file), this.outputs);
    }
    this.last = { files: [...files], infos, sigs, result };
    return result;
  }

  /** What every run (in directory order) pushed for a file. */
  private partsOf(file: string): Fact[][] {
    const mine: Fact[][] = [];
    for (const run of this.runs.values()) {
      const l = run.pushes.get(file);
      if (l) mine.push(l);
    }
    return mine;
  }

  /** A file's output: last call's object while its input and parts are the same, noted in `outputs`. */
  private outputOf(pf: ParsedFile, mine: Fact[][], outputs: Map<string, OutputMemo>): ParsedFile {
    const prev = this.outputs.get(pf.file);
    if (prev && prev.input === pf && sameList(prev.parts, mine) && sameTop(pf, prev.out)) {
      outputs.set(pf.file, prev);
      return prev.out;
    }
    const facts = mine.length === 1 ? [...mine[0]] : ([] as Fact[]).concat(...mine);
    const out: ParsedFile = { ...pf, facts };
    outputs.set(pf.file, { input: pf, parts: mine, out });
    return out;
  }

  /** A directory's run of last call when nothing it read changed, else a new one (counted in `stats`). */
  private runOf(s: Scope, called: ReadonlySet<string>, sigs: Map<string, Fact[][]>, scopes: Map<string, Scope>): ScopeRun {
    const mode = called.has(s.dir) ? 'definition' : 'root';
    const sig = sigs.get(s.dir)!;
    const prev = this.runs.get(s.dir);
    if (prev && prev.mode === mode && sameList(prev.sig, sig) && (mode === 'definition' || sameEntries(prev.tfvars, s.tfvars)) && depsSame(prev.deps, sigs)) {
      this.stats.reused++;
      return prev;
    }
    this.stats.redone++;
    // the previous run of this directory lends the facts and module calls whose reads are unchanged
    // (never from a run whose locals are cyclic: their values there depend on the order of evaluation)
    const lend = prev && prev.mode === mode && !prev.cyclic ? prev : undefined;
    const run = this.runScope(s, mode, sig, lend, lookupFor(sigs, scopes));
    return run.cyclic && lend ? this.runScope(s, mode, sig, undefined, lookupFor(sigs, scopes)) : run;
  }

  /** Links one directory's facts (and, for a root, instantiates its local modules), reusing what `lend` did where its reads are unchanged. */
  private runScope(s: Scope, mode: 'root' | 'definition', sig: Fact[][], lend: ScopeRun | undefined, lookup: (deps: Map<string, Fact[][] | undefined>) => (dir: string) => Scope | undefined): ScopeRun {
    const pushes = new Map<string, Fact[]>();
    const push = (f: Fact) => {
      const list = pushes.get(f.file);
      if (list) list.push(f);
      else pushes.set(f.file, [f]);
    };
    const deps = new Map<string, Fact[][] | undefined>();
    const facts = new Map<Fact, FactRun>();
    const calls = new Map<Fact, CallRun>();
    const isDefinition = mode === 'definition';
    const ev = new ScopeEval(s, mode, undefined, '');
    const readsSame = (reads: ReadonlySet<string>): boolean => {
      for (const r of reads) {
        const name = r.slice(2);
        if (r.charCodeAt(0) === 108 /* l */) {
          if (lend!.locals.get(name) !== s.locals.get(name)) return false;
        } else {
          if (lend!.vars.get(name) !== s.vars.get(name)) return false;
          if (!isDefinition && (lend!.tfvars.has(name) !== s.tfvars.has(name) || lend!.tfvars.get(name) !== s.tfvars.get(name))) return false;
        }
      }
      return true;
    };
    for (const f of s.facts) {
      const was = lend?.facts.get(f);
      if (was && readsSame(was.reads)) {
        facts.set(f, was);
        push(was.linked);
        this.stats.factsReused++;
        continue;
      }
      this.stats.factsLinked++;
      ev.reads = new Set();
      const linked = ev.linkFact(f);
      if (isDefinition) addHint(linked, 'module:definition');
      facts.set(f, { linked, reads: ev.reads.size > 0 ? ev.reads : NO_READS });
      ev.reads = undefined;
      push(linked);
    }
    // follow local module calls from this root
    if (!isDefinition)
      for (const f of s.facts) {
        if (f.kind !== 'module') continue;
        const was = lend?.calls.get(f);
        if (was && readsSame(was.reads) && depsSame(was.deps, this.currentSigs)) {
          calls.set(f, was);
          for (const [d, sg] of was.deps) deps.set(d, sg);
          for (const x of was.pushed) push(x);
          continue;
        }
        const callDeps = new Map<string, Fact[][] | undefined>();
        const pushed: Fact[] = [];
        ev.reads = new Set();
        instantiate(ev, f, s.dir, 0, [s.dir], lookup(callDeps), (x) => {
          pushed.push(x);
          push(x);
        });
        calls.set(f, { pushed, reads: ev.reads.size > 0 ? ev.reads : NO_READS, deps: callDeps });
        ev.reads = undefined;
        for (const [d, sg] of callDeps) deps.set(d, sg);
      }
    return { sig, mode, tfvars: s.tfvars, vars: s.vars, locals: s.locals, deps, pushes, facts, calls, cyclic: ev.sawCycle };
  }

  /** The auto-loaded tfvars paths of the scan (the same list while `paths` is the same array). */
  private autoTfvarsPaths(paths: readonly string[]): string[] {
    if (this.autoPaths?.of === paths) return this.autoPaths.list;
    const list = paths.filter((p) => {
      const k = fileKindOf(p);
      return (k === 'tfvars' || k === 'tfvars.json') && isAutoTfvars(p);
    });
    this.autoPaths = { of: paths, list };
    return list;
  }

  /** A file's kind and facts without the copies a previous link made, by directory (one part for a parsed file). */
  private infoOf(pf: ParsedFile): FileInfo {
    const held = this.infos.get(pf);
    if (held && held.of === pf.facts && held.length === pf.facts.length) return held;
    const k = kindOf(pf.file);
    const tfvars = k === 'tfvars' || k === 'tfvars.json';
    const parts: { dir: string; facts: Fact[] }[] = [];
    if (!tfvars) {
      const byDir = new Map<string, Fact[]>();
      for (const f of pf.facts) {
        if (f.hints?.includes('module:instance')) continue;
        const dir = f.scope ?? dirOf(f.file);
        let list = byDir.get(dir);
        if (!list) {
          list = [];
          byDir.set(dir, list);
          parts.push({ dir, facts: list });
        }
        list.push(f);
      }
    }
    const info: FileInfo = { of: pf.facts, length: pf.facts.length, tfvars, parts };
    this.infos.set(pf, info);
    return info;
  }

  /** The output of a tfvars file: a copy without module instances, the same one while the input is. */
  private tfvarsCopy(pf: ParsedFile): ParsedFile {
    const held = this.tfvarsOut.get(pf);
    if (held && held.of === pf.facts && held.length === pf.facts.length && sameTop(pf, held.out)) return held.out;
    const out = { ...pf, facts: pf.facts.filter((f) => !f.hints?.includes('module:instance')) };
    this.tfvarsOut.set(pf, { of: pf.facts, length: pf.facts.length, out });
    return out;
  }
}

/** What one input file gives the linker. */
interface FileInfo {
  /** The facts array it was made from, and its length (a replaced or grown array is read again). */
  of: Fact[];
  length: number;
  tfvars: boolean;
  parts: { dir: string; facts: Fact[] }[];
}

function sameDirs(a: FileInfo, b: FileInfo): boolean {
  if (a.tfvars !== b.tfvars || a.parts.length !== b.parts.length) return false;
  for (let i = 0; i < a.parts.length; i++) if (a.parts[i].dir !== b.parts[i].dir) return false;
  return true;
}

/** Last call's directory lists with the parts of changed files swapped in; undefined if a swap is not clear-cut. */
function patchSigs(sigs: Map<string, Fact[][]>, swaps: [FileInfo, FileInfo][]): Map<string, Fact[][]> | undefined {
  const out = new Map(sigs);
  const copied = new Set<string>();
  for (const [was, now] of swaps)
    for (let j = 0; j < was.parts.length; j++) {
      const dir = was.parts[j].dir;
      let arr = out.get(dir)!;
      if (!copied.has(dir)) {
        arr = arr.slice();
        out.set(dir, arr);
        copied.add(dir);
      }
      const at = arr.indexOf(was.parts[j].facts);
      if (at < 0 || arr.lastIndexOf(was.parts[j].facts) !== at) return undefined;
      arr[at] = now.parts[j].facts;
    }
  return out;
}

function addTo(m: Map<string, Set<string>>, k: string, v: string): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(v);
}

/** A directory's Scope as built from its fact lists, and the module directories its calls name. */
interface HeldScope {
  sig: Fact[][];
  scope: Scope;
  calls: string[];
}

function buildScope(dir: string, sig: Fact[][]): HeldScope {
  const scope: Scope = { dir, facts: [], vars: new Map(), locals: new Map(), tfvars: new Map() };
  const calls: string[] = [];
  for (const list of sig)
    for (const f of list) {
      scope.facts.push(f);
      if (f.kind === 'variable' && f.name) scope.vars.set(f.name, f);
      if (f.kind === 'locals' && f.name) scope.locals.set(f.name, f);
      if (f.kind === 'module') {
        const d = localModuleDir(dir, f.attributes.source);
        if (d) calls.push(d);
      }
    }
  return { sig, scope, calls };
}

/** The properties a link output copies from its input (all but `facts`) are the same. */
function sameTop(pf: ParsedFile, out: ParsedFile): boolean {
  const a = pf as unknown as Record<string, unknown>;
  const b = out as unknown as Record<string, unknown>;
  let n = 0;
  for (const k in a) {
    n++;
    if (k !== 'facts' && a[k] !== b[k]) return false;
  }
  for (const _k in b) n--;
  return n === 0;
}

/** fileKindOf, remembered per path (the same paths come back on every call). */
const kinds = new Map<string, ReturnType<typeof fileKindOf>>();
function kindOf(path: string): ReturnType<typeof fileKindOf> {
  if (kinds.has(path)) return kinds.get(path);
  const k = fileKindOf(path);
  if (kinds.size >= 200_000) kinds.clear();
  kinds.set(path, k);
  return k;
}


/** The module directories a run reached have the same fact lists now. */
function depsSame(deps: ReadonlyMap<string, Fact[][] | undefined>, sigs: ReadonlyMap<string, Fact[][]>): boolean {
  for (const [d, was] of deps) if (!sameOptList(was, sigs.get(d))) return false;
  return true;
}

function sameOptList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
  return a === undefined || b === undefined ? a === b : sameList(a, b);
}

function isAutoTfvars(p: string): boolean {
  const b = baseName(p);
  return b === 'terraform.tfvars' || b === 'terraform.tfvars.json' || b.endsWith('.auto.tfvars') || b.endsWith('.auto.tfvars.json');
}

function tfvarsOrder(a: string, b: string): number {
  const rank = (p: string) => {
    const n = baseName(p);
    return n === 'terraform.tfvars' ? 0 : n === 'terraform.tfvars.json' ? 1 : 2;
  };
  return rank(a) - rank(b) || (baseName(a) < baseName(b) ? -1 : baseName(a) > baseName(b) ? 1 : 0);
}

function addHint(f: Fact, h: string): void {
  f.hints = [...new Set([...(f.hints ?? []), h])].sort();
}

function instantiate(caller: ScopeEval, call: Fact, rootScope: string, depth: number, stack: string[], lookup: (dir: string) => Scope | undefined, push: (f: Fact) => void): void {
  const dir = localModuleDir(caller.scope.dir, call.attributes.source);
  if (!dir) return;
  const target = lookup(dir);
  if (!target || stack.includes(dir) || depth >= MAX_MODULE_DEPTH || !call.name) return;
  const inputs = new Map<string, Resolved>();
  for (const [k, v] of Object.entries(call.attributes)) {
    if (META_MODULE_ARGS.has(k)) continue;
    const refs = new Set<string>();
    const value = caller.resolve(v, refs);
    for (const r of refsOfValue(value)) refs.add(r);
    inputs.set(k, { value, refs: new Set([...refs].filter((r) => !r.startsWith('var.') && !r.startsWith('local.'))) });
  }
  const callAddress = caller.prefix + `module.${call.name}`;
  const prefix = callAddress + '.';
  const ev = new ScopeEval(target, 'instance', inputs, prefix);
  const multi = 'count' in call.attributes || 'for_each' in call.attributes || call.hints?.includes('multi:true');
  for (const f of target.facts) {
    if (f.kind !== 'resource' && f.kind !== 'data' && f.kind !== 'module') continue;
    const inst = ev.linkFact(f);
    inst.address = prefix + f.address;
    inst.id = `${f.file}#${inst.address}@${rootScope}`;
    inst.scope = rootScope;
    inst.references = [...new Set([...(inst.references ?? []), callAddress])].filter((r) => r !== inst.address).sort();
    const hints = new Set((inst.hints ?? []).filter((h) => h !== 'module:definition'));
    hints.add('module:instance');
    hints.add(`module:call:${callAddress}`);
    if (multi) hints.add('multi:true');
    inst.hints = [...hints].sort();
    push(inst);
    if (f.kind === 'module') instantiate(ev, f, rootScope, depth + 1, [...stack, dir], lookup, push);
  }
}

class ScopeEval {
  private readonly localMemo = new Map<string, Resolved>();
  private readonly inProgress = new Set<string>();
  /** Variables (`v:name`) and locals (`l:name`) read since `reads` was set, when recording. */
  reads: Set<string> | undefined;
  /** A local was read while its own value was being worked out. */
  sawCycle = false;
  /** What each local's value read, so a later read of the memoised local records the same. */
  private readonly localReads = new Map<string, Set<string>>();
  readonly env: Env;

  constructor(
    readonly scope: Scope,
    private readonly mode: 'root' | 'definition' | 'instance',
    private readonly inputs: Map<string, Resolved> | undefined,
    readonly prefix: string,
  ) {
    this.env = {
      lookup: (root, name) => (root === 'var' ? this.varValue(name).value : this.localValue(name).value),
    };
  }

  varValue(name: string): Resolved {
    this.reads?.add('v:' + name);
    if (this.mode === 'instance' && this.inputs?.has(name)) return this.inputs.get(name)!;
    if (this.mode === 'root' && this.scope.tfvars.has(name)) return { value: this.scope.tfvars.get(name), refs: new Set() };
    const decl = this.scope.vars.get(name);
    if (decl && 'default' in decl.attributes) {
      const refs = new Set<string>();
      const v = this.resolve(decl.attributes.default, refs);
      return { value: v === null && this.mode === 'instance' ? null : v, refs };
    }
    return { value: undefined, refs: new Set() };
  }

  localValue(name: string): Resolved {
    const outer = this.reads;
    outer?.add('l:' + name);
    const memo = this.localMemo.get(name);
    if (memo) {
      if (outer) for (const r of this.localReads.get(name) ?? []) outer.add(r);
      return memo;
    }
    const decl = this.scope.locals.get(name);
    if (decl && this.inProgress.has(name)) this.sawCycle = true;
    if (!decl || this.inProgress.has(name)) return { value: undefined, refs: new Set() };
    this.inProgress.add(name);
    const mine = new Set<string>();
    this.reads = mine;
    let res: Resolved;
    try {
      const refs = new Set<string>();
      const value = this.resolve(decl.attributes.value, refs);
      for (const r of this.expandRefs(decl.references ?? [])) refs.add(r);
      res = { value: isUnknownWhole(value) ? undefined : value, refs };
    } finally {
      this.reads = outer;
      this.inProgress.delete(name);
    }
    if (outer) for (const r of mine) outer.add(r);
    this.localMemo.set(name, res);
    this.localReads.set(name, mine);
    return res;
  }

  /** References with locals / variables replaced by what they reference, prefixed for instances. */
  expandRefs(refs: readonly string[]): Set<string> {
    const out = new Set<string>();
    for (const r of refs) {
      if (r.startsWith('var.')) {
        for (const x of this.varValue(r.slice(4)).refs) out.add(x);
        if (this.mode !== 'instance') out.add(r);
      } else if (r.startsWith('local.')) {
        for (const x of this.localValue(r.slice(6)).refs) out.add(x);
        if (this.mode !== 'instance') out.add(r);
      } else out.add(this.prefix + r);
    }
    return out;
  }

  /**
   * The value with variables and locals resolved. Parts that need nothing resolved are the
   * input's own objects, not copies: the parsed and the linked facts of a file are both kept,
   * and most of a resource's attributes are literals.
   */
  resolve(v: FactValue | undefined, refs: Set<string>): FactValue {
    if (v === undefined) return null;
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      let out: FactValue[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const x = this.resolve(v[i], refs);
        if (out) out.push(x);
        else if (x !== v[i]) {
          out = v.slice(0, i);
          out.push(x);
        }
      }
      return out ?? v;
    }
    if (typeof v.$ref === 'string') {
      const ref = v.$ref;
      if (ref.startsWith('var.') || ref.startsWith('local.')) {
        const simple = /^(var|local)\.([A-Za-z_][\w-]*)$/.exec(ref);
        if (simple) {
          const r = simple[1] === 'var' ? this.varValue(simple[2]) : this.localValue(simple[2]);
          for (const x of r.refs) refs.add(x);
          return r.value === undefined ? { $expr: ref } : r.value;
        }
        return this.evalText(ref, refs);
      }
      return this.prefix || Object.keys(v).length !== 1 ? { $ref: this.prefix + ref } : v;
    }
    if (typeof v.$expr === 'string') {
      if (/(^|[^\w.])(var|local)\./.test(v.$expr)) return this.evalText(v.$expr, refs);
      return v;
    }
    let out: FactObject | undefined;
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const was = v[k];
      const x = this.resolve(was, refs);
      if (out) out[k] = x;
      else if (x !== was) {
        out = {};
        for (let j = 0; j < i; j++) out[keys[j]] = v[keys[j]];
        out[k] = x;
      }
    }
    return out ?? v;
  }

  private evalText(text: string, refs: Set<string>): FactValue {
    const o: EvalOptions = { env: this.env, prefix: this.prefix, iterators: new Set(), rowOffset: 0 };
    const seen = new Set<string>();
    const value = evalExpressionText(text, o, seen);
    for (const r of this.expandRefs([...seen].map((r) => (r.startsWith(this.prefix) && this.prefix ? r.slice(this.prefix.length) : r)))) refs.add(r);
    return value;
  }

  linkFact(f: Fact): Fact {
    const refs = new Set<string>();
    const iterators = dynamicIterators(f);
    const attributes = iterators.size ? this.resolveWith(f.attributes, refs, iterators) : (this.resolve(f.attributes, refs) as FactObject);
    for (const r of this.expandRefs(f.references ?? [])) refs.add(r);
    const address = f.kind === 'variable' || f.kind === 'locals' || f.kind === 'output' || f.kind === 'provider' || f.kind === 'terraform' ? f.address : this.prefix + f.address;
    refs.delete(address);
    const linked: Fact = { ...f, attributes, references: [...refs].filter((r) => addressOfRef(r) !== undefined).sort() };
    if (f.kind === 'variable' && f.type === 'variable' && f.name) {
      const val = this.varValue(f.name);
      if (val.value !== undefined) linked.attributes = { ...linked.attributes, value: val.value };
      const source =
        this.mode === 'instance' && this.inputs?.has(f.name) ? 'module-input' : this.mode === 'root' && this.scope.tfvars.has(f.name) ? 'tfvars' : 'default' in f.attributes ? 'default' : 'unset';
      linked.hints = [...(f.hints ?? []).filter((h) => !h.startsWith('value:')), `value:${source}`];
    }
    if (f.kind === 'locals' && f.name) {
      const val = this.localValue(f.name);
      if (val.value !== undefined) linked.attributes = { value: val.value };
    }
    if (f.kind === 'module') {
      const hints = new Set((f.hints ?? []).filter((h) => !h.startsWith('module:')));
      const src = attributes.source;
      if (localModuleDir(f.scope ?? dirOf(f.file), src) !== undefined) {
        hints.add('module:local');
        const d = localModuleDir(f.scope ?? dirOf(f.file), src)!;
        hints.add(`module:dir:${d}`);
      } else hints.add('module:unresolved');
      linked.hints = [...hints];
    }
    linked.hints = computeHints(linked);
    return linked;
  }

  /** Resolution where `dynamic` block iterators must not be read as resource references. */
  private resolveWith(attrs: FactObject, refs: Set<string>, iterators: Set<string>): FactObject {
    const walk = (v: FactValue): FactValue => {
      if (v === null || typeof v !== 'object') return v;
      if (Array.isArray(v)) return v.map(walk);
      if (typeof v.$ref === 'string') {
        const root = v.$ref.split(/[.[]/)[0];
        if (iterators.has(root)) return { $expr: v.$ref };
        return this.resolve(v, refs);
      }
      if (typeof v.$expr === 'string') {
        if (!/(^|[^\w.])(var|local)\./.test(v.$expr)) return v;
        const o: EvalOptions = { env: this.env, prefix: this.prefix, iterators, rowOffset: 0 };
        const seen = new Set<string>();
        const value = evalExpressionText(v.$expr, o, seen);
        for (const r of this.expandRefs([...seen].map((r) => (this.prefix && r.startsWith(this.prefix) ? r.slice(this.prefix.length) : r)))) refs.add(r);
        return value;
      }
      const out: FactObject = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    };
    return walk(attrs) as FactObject;
  }
}

function isUnknownWhole(v: FactValue): boolean {
  return isMarker(v) && typeof (v as FactObject).$expr === 'string';
}

function dynamicIterators(f: Fact): Set<string> {
  const out = new Set<string>();
  for (const h of f.hints ?? []) {
    if (!h.startsWith('dynamic:')) continue;
    const path = h.slice('dynamic:'.length);
    const seg = path.split('.').filter((s) => !/^\d+$/.test(s)).pop();
    if (seg) out.add(seg);
  }
  return out;
}

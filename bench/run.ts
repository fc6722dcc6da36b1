/**
 * Benchmark harness (not a test). `npm run bench -- --files 1000,10000 [--keep] [--seed 42]
 * [--edits 50] [--json results.json] [--out dir]`.
 *
 * For each size it writes a synthetic monorepo under bench/corpus/<n>/, then measures in
 * fresh child processes (so peak memory and JIT state belong to one measurement):
 *   - floor: list + read + decode + parse every included file with the plugins directly,
 *            no linking, inventory, assessment or evaluation;
 *   - full:  `new Project(...)`, `init()`, `loadAll(nodeFileSource(dir))`, then 50 one-character
 *            edits of the corpus's 2,000-line Terraform file through `setFile`.
 * It prints a throughput table and an incremental-edit table.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateCorpus, type CorpusInfo } from './generate';

// Types only: the modules are loaded with require() inside the child, so a missing or broken
// core gives a clear message instead of a crash at start-up.
type CoreModule = typeof import('../src/core');
type ParseModule = typeof import('../src/core/parse');
type FileSourceModule = typeof import('../src/node/file-source');
type AssetsModule = typeof import('../src/node/assets');
type FileSource = import('../src/core').FileSource;

const REPO = resolve(__dirname, '..', '..');
const CORPUS = join(REPO, 'bench', 'corpus');

export interface FullMeasure {
  mode: 'full';
  filesListed: number;
  filesScanned: number;
  bytesScanned: number;
  initMs: number;
  wallMs: number;
  /** CPU time (user + system) of the scan, all threads; steadier than wall time on a busy machine. */
  cpuMs: number;
  timings: Record<string, number>;
  peakRssMb: number;
  peakHeapMb: number;
  /** Where the memory is: process.memoryUsage() at stage boundaries and the highest values sampled. */
  memory?: MemoryReport;
  workloads: number;
  findings: number;
  problems: number;
  edit?: { samples: number[]; median: number; p95: number; file: string; cpuMedian: number; stages: Record<string, number>; reEvaluated: number; later?: { samples: number[]; median: number; p95: number } };
}

/** One `process.memoryUsage()` in MB. */
export interface MemorySnapshot {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  /** Memory of C++ objects bound to JS, the tree-sitter wasm memory and array buffers included. */
  external: number;
  arrayBuffers: number;
}

export interface MemoryReport {
  afterInit: MemorySnapshot;
  /** Right after `loadAll` and `result()`, before any collection: live data plus the garbage not yet collected. */
  afterLoad: MemorySnapshot;
  afterEdits?: MemorySnapshot;
  /** After the edits and two full collections (the child runs with --expose-gc): what the project holds. */
  retained?: MemorySnapshot;
  /** The highest value of each field in the samples (RSS also from the kernel's maxRSS). */
  peak: MemorySnapshot;
}

export interface FloorMeasure {
  mode: 'floor';
  filesScanned: number;
  bytesScanned: number;
  wallMs: number;
  cpuMs: number;
  readMs: number;
  parseMs: number;
  problems: number;
}

interface Args {
  sizes: number[];
  keep: boolean;
  seed: number;
  edits: number;
  json?: string;
  /** Folder the corpora are written under (default bench/corpus in the repository). */
  out: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { sizes: [1000, 10000], keep: false, seed: 42, edits: 50, out: CORPUS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--files') args.sizes = value().split(',').map((s) => Number(s.trim().replace(/_/g, '')));
    else if (a === '--keep') args.keep = true;
    else if (a === '--seed') args.seed = Number(value());
    else if (a === '--edits') args.edits = Number(value());
    else if (a === '--json') args.json = value();
    else if (a === '--out') args.out = resolve(value());
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run bench -- [--files 1000,10000] [--keep] [--seed 42] [--edits 50] [--json out.json] [--out dir]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (args.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--files takes positive integers, e.g. --files 1000,10000');
  if (!Number.isInteger(args.edits) || args.edits < 0) throw new Error('--edits takes a whole number');
  return args;
}

// ───────────────────────────── statistics ─────────────────────────────

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Replaces one digit near the middle of the text; the i-th call gives a different text. */
export function editOneCharacter(text: string, i: number): string {
  const lines = text.split('\n');
  for (let d = 0; d < lines.length; d++) {
    const idx = (lines.length >> 1) + (d % 2 ? -((d + 1) >> 1) : d >> 1);
    const line = lines[idx];
    if (line === undefined || line.trimStart().startsWith('#')) continue;
    const m = /\d/.exec(line);
    if (!m) continue;
    const digit = (Number(m[0]) + 1 + (i % 9)) % 10;
    lines[idx] = line.slice(0, m.index) + String(digit) + line.slice(m.index + 1);
    return lines.join('\n');
  }
  // No digit anywhere: toggle a trailing space on the last line.
  return text.endsWith(' ') ? text.slice(0, -1) : `${text} `;
}

// ───────────────────────────── child: measurements ─────────────────────────────

function load<T>(id: string): T {
  try {
    return require(id) as T;
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new Error(`cannot load ${id} (${why}). Build first with "npm run compile-tests"; the core and its input plugins must compile.`);
  }
}

class MemorySampler {
  peakRss = 0;
  peakHeap = 0;
  readonly peak: NodeJS.MemoryUsage = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  private timer: NodeJS.Timeout | undefined;
  start(everyMs = 5): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }
  sample(): NodeJS.MemoryUsage {
    const m = process.memoryUsage();
    if (m.rss > this.peakRss) this.peakRss = m.rss;
    if (m.heapUsed > this.peakHeap) this.peakHeap = m.heapUsed;
    for (const k of MEMORY_FIELDS) if (m[k] > this.peak[k]) this.peak[k] = m[k];
    return m;
  }
  stop(): void {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    // maxRSS is the true high-water mark (KiB); sampling can miss a synchronous peak.
    const maxRss = process.resourceUsage().maxRSS * 1024;
    if (maxRss > this.peakRss) this.peakRss = maxRss;
  }
}

const MEMORY_FIELDS = ['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'] as const;

function inMb(m: NodeJS.MemoryUsage): MemorySnapshot {
  return { rss: round(m.rss / 1048576), heapTotal: round(m.heapTotal / 1048576), heapUsed: round(m.heapUsed / 1048576), external: round(m.external / 1048576), arrayBuffers: round(m.arrayBuffers / 1048576) };
}

/** Wraps a FileSource to count the bytes the scan reads and to sample memory between reads. */
function counting(source: FileSource, sampler: MemorySampler): FileSource & { bytes: number; reads: number; listed: number } {
  const wrapped = {
    bytes: 0,
    reads: 0,
    listed: 0,
    async list() {
      const paths = await source.list();
      wrapped.listed = paths.length;
      return paths;
    },
    async read(path: string) {
      const b = await source.read(path);
      wrapped.reads++;
      if (b) wrapped.bytes += b.byteLength;
      if (wrapped.reads % 64 === 0) sampler.sample();
      return b;
    },
  };
  return wrapped;
}

async function measureFull(dir: string, editFile: string | undefined, edits: number): Promise<FullMeasure> {
  const core = load<CoreModule>('../src/core');
  const { nodeFileSource } = load<FileSourceModule>('../src/node/file-source');
  const { nodeAssets } = load<AssetsModule>('../src/node/assets');
  const sampler = new MemorySampler();
  sampler.start();
  const project = new core.Project({ assets: nodeAssets(), root: dir });
  const i0 = performance.now();
  await project.init();
  const initMs = performance.now() - i0;
  const afterInit = inMb(sampler.sample());
  const source = counting(nodeFileSource(dir), sampler);
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  await project.loadAll(source);
  const result = project.result();
  const wallMs = performance.now() - w0;
  const cpu = process.cpuUsage(c0);
  const afterLoad = inMb(sampler.sample());

  let edit: FullMeasure['edit'];
  let laterEdits: (() => void) | undefined;
  if (editFile && edits > 0) {
    let text = project.text(editFile) ?? readFileSync(join(dir, ...editFile.split('/')), 'utf8');
    const samples: number[] = [];
    const cpuSamples: number[] = [];
    const stages: Record<string, number[]> = { parse: [], link: [], inventory: [], assess: [], evaluate: [] };
    const reEvaluated: number[] = [];
    for (let i = 0; i < edits; i++) {
      text = editOneCharacter(text, i);
      const e0 = process.cpuUsage();
      const t0 = performance.now();
      project.setFile(editFile, text);
      samples.push(performance.now() - t0);
      const ec = process.cpuUsage(e0);
      cpuSamples.push((ec.user + ec.system) / 1000);
      const timings = project.result().timings as Record<string, number>;
      for (const k of Object.keys(stages)) stages[k].push(timings[k] ?? NaN);
      reEvaluated.push(project.stats()?.evaluationsComputed ?? NaN);
      if (i % 5 === 0) sampler.sample();
    }
    edit = {
      samples: samples.map(round),
      median: round(median(samples)),
      p95: round(percentile(samples, 95)),
      file: editFile,
      cpuMedian: round(median(cpuSamples)),
      stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, round(median(v))])),
      reEvaluated: median(reEvaluated),
    };
    // The same number of edits again, later (see the memory figures below for the collection):
    // typing that starts once the load's garbage is collected and the edit path is compiled,
    // as it does in the editor a few seconds after the folder loaded.
    laterEdits = () => {
      const later: number[] = [];
      for (let i = edits; i < 2 * edits; i++) {
        text = editOneCharacter(text, i);
        const t0 = performance.now();
        project.setFile(editFile, text);
        later.push(performance.now() - t0);
      }
      edit!.later = { samples: later.map(round), median: round(median(later)), p95: round(percentile(later, 95)) };
    };
  }
  const afterEdits = edit ? inMb(sampler.sample()) : undefined;
  sampler.stop();
  // Only now (the peaks are taken): what stays once the garbage is collected.
  const gc = (globalThis as { gc?: () => void }).gc;
  let retained: MemorySnapshot | undefined;
  if (gc) {
    gc();
    gc();
    retained = inMb(process.memoryUsage());
  }
  const peak = inMb(sampler.peak);
  peak.rss = round(sampler.peakRss / 1048576);
  laterEdits?.();
  return {
    mode: 'full',
    filesListed: source.listed,
    filesScanned: result.filesScanned,
    bytesScanned: source.bytes,
    initMs: round(initMs),
    wallMs: round(wallMs),
    cpuMs: round((cpu.user + cpu.system) / 1000),
    timings: result.timings,
    peakRssMb: round(sampler.peakRss / 1048576),
    peakHeapMb: round(sampler.peakHeap / 1048576),
    memory: { afterInit, afterLoad, afterEdits, retained, peak },
    workloads: result.workloads.length,
    findings: result.findings.length,
    problems: result.problems.length,
    edit,
  };
}

async function measureFloor(dir: string): Promise<FloorMeasure> {
  const core = load<CoreModule>('../src/core');
  const { PLUGINS, pluginFor } = load<ParseModule>('../src/core/parse');
  const { nodeFileSource } = load<FileSourceModule>('../src/node/file-source');
  const { nodeAssets } = load<AssetsModule>('../src/node/assets');
  const assets = nodeAssets();
  for (const p of PLUGINS) if (p.init) await p.init(assets);
  const ignore = core.ignoreRules([]);
  const source = nodeFileSource(dir);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const texts = new Map<string, string>();
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const paths = (await source.list()).filter((p) => !ignore.isExcluded(p) && pluginFor(p) !== undefined);
  const ctx = { maxFileBytes: 5 * 1024 * 1024, readText: (p: string) => texts.get(p), paths };
  let readMs = 0;
  let parseMs = 0;
  let bytes = 0;
  let problems = 0;
  for (const path of paths) {
    const r0 = performance.now();
    const raw = await source.read(path);
    readMs += performance.now() - r0;
    if (!raw) continue;
    bytes += raw.byteLength;
    const plugin = pluginFor(path)!;
    const p0 = performance.now();
    const isZip = raw[0] === 0x50 && raw[1] === 0x4b;
    const content = plugin.binary && isZip ? { path, bytes: raw } : { path, text: decoder.decode(raw) };
    if (content.text !== undefined) texts.set(path, content.text);
    try {
      problems += plugin.parse(content, ctx).problems.length;
    } catch {
      problems++;
    }
    parseMs += performance.now() - p0;
  }
  const cpu = process.cpuUsage(c0);
  return { mode: 'floor', filesScanned: paths.length, bytesScanned: bytes, wallMs: round(performance.now() - w0), cpuMs: round((cpu.user + cpu.system) / 1000), readMs: round(readMs), parseMs: round(parseMs), problems };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

// ───────────────────────────── parent: orchestration ─────────────────────────────

function runChild<T>(args: string[]): T {
  // --expose-gc only makes gc() callable (measureFull calls it once, after the peaks are taken).
  const r = spawnSync(process.execPath, ['--expose-gc', __filename, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  const last = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) throw new Error(`measurement failed (${args.join(' ')}), exit ${r.status}${r.stdout ? `: ${r.stdout.trim().slice(-500)}` : ''}`);
  return JSON.parse(last) as T;
}

function warm(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) warm(full);
    else if (e.isFile()) readFileSync(full);
  }
}

interface Row {
  files: number;
  corpus: CorpusInfo;
  full: FullMeasure;
  floor: FloorMeasure;
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  const line = (r: (string | number)[]) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return '-';
  if (Number.isInteger(n)) return n.toLocaleString('en-GB');
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-GB');
  return n.toFixed(Math.abs(n) >= 10 ? 1 : 2);
}

function report(rows: Row[]): string {
  const t = (r: Row, k: string) => r.full.timings[k] ?? NaN;
  const main = table(
    ['files', 'scanned', 'MB', 'wall ms', 'cpu ms', 'files/s', 'MB/s', 'read', 'parse', 'link', 'inventory', 'assess', 'evaluate', 'RSS MB', 'heap MB', 'floor ms', 'floor cpu', 'full/floor', 'cpu ratio'],
    rows.map((r) => {
      const mb = r.full.bytesScanned / 1048576;
      const s = r.full.wallMs / 1000;
      return [r.files, r.full.filesScanned, mb, r.full.wallMs, r.full.cpuMs, r.full.filesScanned / s, mb / s, t(r, 'read'), t(r, 'parse'), t(r, 'link'), t(r, 'inventory'), t(r, 'assess'), t(r, 'evaluate'), r.full.peakRssMb, r.full.peakHeapMb, r.floor.wallMs, r.floor.cpuMs, r.full.wallMs / r.floor.wallMs, r.full.cpuMs / r.floor.cpuMs];
    }),
  );
  const incremental = table(
    ['files', 'edits', 'median ms', 'p95 ms', 'max ms', 'cpu median ms', 'parse', 'link', 'inventory', 'assess', 'evaluate', 're-evaluated', 'of workloads', 'later: median', 'later: p95', 'file'],
    rows
      .filter((r) => r.full.edit)
      .map((r) => {
        const e = r.full.edit!;
        return [r.files, e.samples.length, e.median, e.p95, Math.max(...e.samples), e.cpuMedian, e.stages.parse, e.stages.link, e.stages.inventory, e.stages.assess, e.stages.evaluate, e.reEvaluated, r.full.workloads, e.later?.median ?? NaN, e.later?.p95 ?? NaN, e.file];
      }),
  );
  const memRows = rows.filter((r) => r.full.memory);
  const m = (s: MemorySnapshot | undefined, k: keyof MemorySnapshot) => (s ? s[k] : NaN);
  const memory = table(
    ['files', 'peak RSS', 'peak heapTotal', 'peak heapUsed', 'peak external', 'peak arrayBuffers', 'load: heapUsed', 'load: external', 'load: RSS', 'edits: heapUsed', 'retained heap', 'retained external', 'retained RSS'],
    memRows.map((r) => {
      const x = r.full.memory!;
      return [r.files, x.peak.rss, x.peak.heapTotal, x.peak.heapUsed, x.peak.external, x.peak.arrayBuffers, x.afterLoad.heapUsed, x.afterLoad.external, x.afterLoad.rss, m(x.afterEdits, 'heapUsed'), m(x.retained, 'heapUsed'), m(x.retained, 'external'), m(x.retained, 'rss')];
    }),
  );
  const notes = rows.map((r) => `  ${r.files} files: corpus ${fmt(r.corpus.bytes / 1048576)} MB on disk, ${r.corpus.ignored} under node_modules, ${r.corpus.broken} broken on purpose; init ${fmt(r.full.initMs)} ms; ${r.full.workloads} workloads, ${r.full.findings} findings, ${r.full.problems} problems; floor read ${fmt(r.floor.readMs)} ms + parse ${fmt(r.floor.parseMs)} ms`);
  return `Full scan (Project.loadAll; stage columns in ms from result.timings)\n${main}\n\nIncremental: one-character edit of a 2,000-line Terraform file via setFile (right after the load; stage columns: medians in ms; re-evaluated: workloads whose controls ran again; later: as many edits again once the load's garbage is collected)\n${incremental}\n\nMemory in MB (process.memoryUsage(); load: after loadAll and result(); edits: after the edits; retained: after the edits and a full collection)\n${memory}\n\n${notes.join('\n')}\n`;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--measure-full') {
    const [, dir, editFile, edits] = argv;
    process.stdout.write(JSON.stringify(await measureFull(dir, editFile || undefined, Number(edits))) + '\n');
    return;
  }
  if (argv[0] === '--measure-floor') {
    process.stdout.write(JSON.stringify(await measureFloor(argv[1])) + '\n');
    return;
  }
  const args = parseArgs(argv);
  const rows: Row[] = [];
  for (const n of args.sizes) {
    const dir = join(args.out, String(n));
    process.stderr.write(`bench: generating ${n} files in ${dir} (seed ${args.seed})\n`);
    const corpus = generateCorpus(dir, { files: n, seed: args.seed });
    // Read everything once so both measurements start from the same (warm) page cache.
    warm(dir);
    try {
      process.stderr.write(`bench: floor (${n})\n`);
      const floor = runChild<FloorMeasure>(['--measure-floor', dir]);
      process.stderr.write(`bench: full scan + ${args.edits} edits (${n})\n`);
      const full = runChild<FullMeasure>(['--measure-full', dir, corpus.largeTerraform, String(args.edits)]);
      rows.push({ files: n, corpus, full, floor });
    } finally {
      if (!args.keep) rmSync(dir, { recursive: true, force: true });
    }
  }
  const text = report(rows);
  process.stdout.write(`\n${text}`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ node: process.version, platform: `${process.platform}-${process.arch}`, seed: args.seed, rows }, null, 2) + '\n');
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}

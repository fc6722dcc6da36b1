/**
 * `ai-risk-gradient` — the CI face. Thin: argument parsing, file access and output; all
 * analysis is the core's.
 *
 * Exit codes:
 *   0  the scan ran and no gate failed (or no gate was set)
 *   1  a gate set with --fail-on failed
 *   2  usage error (unknown command or option, bad value)
 *   3  the scan could not run (path missing, unreadable, internal error)
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  BaselineError,
  CONTROLS,
  DIMENSIONS,
  Project,
  TIERS,
  applyBaseline,
  explainControl,
  explainProvision,
  parseBaseline,
  REGISTER_FILE,
  tierIndex,
  toCsv,
  toHtml,
  toJsonText,
  toMarkdown,
  toSarifText,
  updateRegister,
  writeBaseline,
  type Baseline,
  type Dimension,
  type ScanResult,
  type Tier,
} from '../core';
import { nodeAssets } from '../node/assets';
import { nodeFileSource } from '../node/file-source';
import { formatControls, formatTable, palette } from './table';

declare const __ARG_VERSION__: string | undefined;

/** The bundle has the version baked in; compiled sources (tests) read the nearest package.json. */
export const VERSION: string = typeof __ARG_VERSION__ !== 'undefined' ? __ARG_VERSION__ : readVersion();

function readVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = resolve(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'ai-risk-gradient' && pkg.version) return pkg.version;
      } catch {
        // keep looking
      }
    }
  }
  return '0.0.0';
}

export const EXIT = { ok: 0, gate: 1, usage: 2, failure: 3 } as const;

const FORMATS = ['table', 'json', 'sarif', 'markdown', 'html', 'csv'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `ai-risk-gradient ${VERSION} — AI workload risk tiers and missing controls, from the repository itself.

Usage:
  ai-risk-gradient scan [path] [options]       scan a folder (default: .)
  ai-risk-gradient inventory [path] [--write]  list the AI workloads with their tiers; --write
                                               creates or updates ai-asset-register.yaml
  ai-risk-gradient controls [--tier Ln] [--dimension DIM] [--format table|json]
  ai-risk-gradient explain <control-id | provision>   e.g. ARG-DAT-001, 5.2.2-2, 6.2, P6

Scan options:
  --format FORMAT         table (default), json, sarif, markdown, html or csv
  --output FILE           write the output to FILE instead of standard output
  --fail-on GATE          exit 1 when a finding meets the gate: a tier (L5: any finding of a
                          workload at L5 or above) or a severity (error, warning)
  --baseline FILE         report and gate on the findings that are not in FILE only
  --write-baseline FILE   write the fingerprints of the open findings to FILE
  --docs-url URL          base URL of the control pages, for SARIF help links
  --exclude GLOB          skip paths matching GLOB (repeatable; .gitignore syntax)
  --max-file-size MB      skip files larger than MB (default: 5)
  --quiet                 print nothing but errors (with --output, or to use the exit code)
  --verbose               print per-stage timings on standard error
  --no-color              no colours (also: NO_COLOR set, or output not a terminal)

Other:
  -h, --help              this help
  -v, --version           the version

Exit codes: 0 ok · 1 gate failed · 2 usage error · 3 scan could not run.
The tool only reads files; it never runs code from the scanned folder and never uses the network.`;

class UsageError extends Error {}

interface Parsed {
  command: string;
  positional: string[];
  flags: Map<string, string[]>;
}

const VALUE_FLAGS = new Set(['format', 'output', 'fail-on', 'exclude', 'max-file-size', 'tier', 'dimension', 'zone', 'baseline', 'write-baseline', 'docs-url']);
const BOOL_FLAGS = new Set(['quiet', 'verbose', 'no-color', 'help', 'version', 'write']);

function parseArgs(argv: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h') flags.set('help', ['true']);
    else if (a === '-v') flags.set('version', ['true']);
    else if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      if (VALUE_FLAGS.has(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
        flags.set(name, [...(flags.get(name) ?? []), value]);
      } else if (BOOL_FLAGS.has(name)) {
        flags.set(name, ['true']);
      } else {
        throw new UsageError(`unknown option --${name}`);
      }
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option ${a}`);
    } else positional.push(a);
  }
  return { command: positional.shift() ?? '', positional, flags };
}

function one(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  if (v && v.length > 1) throw new UsageError(`--${name} given more than once`);
  return v?.[0];
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
  /** Whether standard error is a terminal (progress is shown only then). */
  errIsTTY?: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

const defaultIo = (): Io => ({
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stdout.isTTY),
  errIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
  cwd: process.cwd(),
});

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    io.err(`ai-risk-gradient: ${(e as Error).message} (see --help)\n`);
    return EXIT.usage;
  }
  if (parsed.flags.has('version')) {
    io.out(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (parsed.flags.has('help') || parsed.command === 'help' || parsed.command === '') {
    if (parsed.command === '' && !parsed.flags.has('help')) {
      io.err(`ai-risk-gradient: no command given (see --help)\n`);
      return EXIT.usage;
    }
    io.out(`${HELP}\n`);
    return EXIT.ok;
  }
  const color = io.isTTY && !io.env.NO_COLOR && !parsed.flags.has('no-color') && !one(parsed, 'output');
  try {
    switch (parsed.command) {
      case 'scan':
      case 'inventory':
        return await runScan(parsed, io, color);
      case 'controls':
        return runControls(parsed, io, color);
      case 'explain':
        return runExplain(parsed, io);
      default:
        throw new UsageError(`unknown command "${parsed.command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`ai-risk-gradient: ${e.message} (see --help)\n`);
      return EXIT.usage;
    }
    io.err(`ai-risk-gradient: the scan failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.failure;
  }
}

function checkFlags(p: Parsed, allowed: string[]): void {
  for (const name of p.flags.keys()) if (!allowed.includes(name)) throw new UsageError(`--${name} does not apply to "${p.command}"`);
}

type Gate = { tier: Tier } | { severity: 'error' | 'warning' };

function parseGate(v: string | undefined): Gate | undefined {
  if (v === undefined) return undefined;
  const t = v.toUpperCase();
  if ((TIERS as readonly string[]).includes(t)) return { tier: t as Tier };
  if (v === 'error' || v === 'warning') return { severity: v };
  throw new UsageError(`--fail-on takes a tier (L1…L8) or a severity (error, warning), not "${v}"`);
}

function gateFails(gate: Gate, result: ScanResult): boolean {
  const open = result.findings.filter((f) => !f.suppressed);
  if ('tier' in gate) return open.some((f) => tierIndex(f.effectiveTier) >= tierIndex(gate.tier));
  return open.some((f) => f.severity === 'error' || (gate.severity === 'warning' && f.severity === 'warning'));
}

async function runScan(p: Parsed, io: Io, color: boolean): Promise<number> {
  checkFlags(p, ['format', 'output', 'fail-on', 'exclude', 'max-file-size', 'quiet', 'verbose', 'no-color', 'baseline', 'write-baseline', 'docs-url', ...(p.command === 'inventory' ? ['write'] : [])]);
  if (p.positional.length > 1) throw new UsageError(`${p.command} takes one path, got ${p.positional.length}`);
  const format = (one(p, 'format') ?? 'table') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format takes ${FORMATS.join(', ')}, not "${format}"`);
  const gate = parseGate(one(p, 'fail-on'));
  const maxMb = one(p, 'max-file-size');
  const maxFileBytes = maxMb === undefined ? undefined : Number(maxMb) * 1024 * 1024;
  if (maxFileBytes !== undefined && (!Number.isFinite(maxFileBytes) || maxFileBytes <= 0)) throw new UsageError(`--max-file-size takes a positive number of MB, not "${maxMb}"`);
  const docsUrl = one(p, 'docs-url');
  if (docsUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(docsUrl)) throw new UsageError(`--docs-url takes an absolute http(s) URL, not "${docsUrl}"`);
  const quiet = p.flags.has('quiet');
  const root = resolve(io.cwd, p.positional[0] ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    io.err(`ai-risk-gradient: ${p.positional[0] ?? '.'}: no such folder\n`);
    return EXIT.failure;
  }
  const baselineFile = one(p, 'baseline');
  let baseline: Baseline | undefined;
  if (baselineFile !== undefined) {
    const loaded = readBaselineFile(resolve(io.cwd, baselineFile));
    if (typeof loaded === 'string') {
      io.err(`ai-risk-gradient: --baseline ${baselineFile}: ${loaded}\n`);
      return EXIT.failure;
    }
    baseline = loaded;
  }
  const project = new Project({
    assets: nodeAssets(__dirname),
    exclude: p.flags.get('exclude') ?? [],
    maxFileBytes,
    version: VERSION,
    root: p.positional[0] ?? '.',
  });
  // Progress only for a person watching a terminal; CI logs stay clean.
  let shown = false;
  const onProgress =
    io.errIsTTY && !quiet
      ? (done: number, total: number) => {
          shown = true;
          io.err(`\rreading files ${done}/${total}`);
        }
      : undefined;
  await project.loadAll(nodeFileSource(root), { onProgress });
  if (shown) io.err('\r\x1b[K');
  const full = project.result();
  if (p.flags.has('write')) writeRegister(root, full, io, quiet);
  const writeTo = one(p, 'write-baseline');
  if (writeTo !== undefined) {
    const target = resolve(io.cwd, writeTo);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, writeBaseline(full));
    if (!quiet) io.err(`wrote baseline ${writeTo} (${openCount(full)} findings)\n`);
  }
  // With a baseline, the report and the gate see the new findings only.
  const result = baseline ? applyBaseline(full, baseline) : full;
  const r0 = Date.now();
  const text = render(format, result, { color, inventoryOnly: p.command === 'inventory', docsUrl, baseline: baseline !== undefined });
  const reportMs = Date.now() - r0;
  const output = one(p, 'output');
  if (output) {
    const target = resolve(io.cwd, output);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    if (!quiet) io.err(`wrote ${output}\n`);
  } else if (!quiet) {
    io.out(text);
  }
  if (baseline && !quiet) io.err(`baseline ${baselineFile}: ${openCount(result)} new finding(s), ${openCount(full) - openCount(result)} already known\n`);
  if (p.flags.has('verbose')) {
    const t = { ...result.timings, report: reportMs };
    io.err(`files ${result.filesScanned} · ${Object.entries(t).map(([k, v]) => `${k} ${v} ms`).join(' · ')}\n`);
  }
  if (gate && gateFails(gate, result)) {
    if (!quiet) io.err(`ai-risk-gradient: gate --fail-on ${one(p, 'fail-on')} failed${baseline ? ' (new findings only)' : ''}\n`);
    return EXIT.gate;
  }
  return EXIT.ok;
}

function openCount(result: ScanResult): number {
  return result.findings.filter((f) => !f.suppressed).length;
}

/** A baseline, or the reason it cannot be used. */
function readBaselineFile(path: string): Baseline | string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (create one with --write-baseline)' : `cannot be read (${(e as Error).message})`;
  }
  try {
    return parseBaseline(text);
  } catch (e) {
    if (e instanceof BaselineError) return e.message;
    throw e;
  }
}

function render(format: Format, result: ScanResult, o: { color: boolean; inventoryOnly: boolean; docsUrl?: string; baseline: boolean }): string {
  switch (format) {
    case 'json':
      return toJsonText(result);
    case 'sarif':
      // Behind a baseline every result shown is new; SARIF says so in baselineState.
      return toSarifText(result, { docsBaseUri: o.docsUrl, baselineIds: o.baseline ? new Set<string>() : undefined });
    case 'markdown':
      return toMarkdown(result);
    case 'html':
      return toHtml(result);
    case 'csv':
      return toCsv(result);
    case 'table':
      return formatTable(result, { color: o.color, inventoryOnly: o.inventoryOnly });
  }
}

function writeRegister(root: string, result: ScanResult, io: Io, quiet: boolean): void {
  const file = resolve(root, REGISTER_FILE);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const update = updateRegister(before, result);
  if (update.text !== before) writeFileSync(file, update.text);
  if (!quiet) {
    const parts = [`${update.added.length} added`, `${update.vanished.length} marked vanished`, ...(update.returned.length ? [`${update.returned.length} found again`] : [])];
    io.err(`${before === undefined ? 'created' : 'updated'} ${REGISTER_FILE}: ${parts.join(', ')}\n`);
  }
}

function runControls(p: Parsed, io: Io, color: boolean): number {
  checkFlags(p, ['tier', 'dimension', 'format', 'no-color']);
  if (p.positional.length > 0) throw new UsageError('controls takes no path');
  const tier = one(p, 'tier')?.toUpperCase();
  if (tier && !(TIERS as readonly string[]).includes(tier)) throw new UsageError(`--tier takes L1…L8, not "${tier}"`);
  const dim = one(p, 'dimension')?.toUpperCase();
  if (dim && !(DIMENSIONS as readonly string[]).includes(dim)) throw new UsageError(`--dimension takes ${DIMENSIONS.join(', ')}, not "${dim}"`);
  const format = one(p, 'format') ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format takes table or json, not "${format}"`);
  const list = CONTROLS.filter(
    (c) => (!tier || c.threshold === 'any' || tierIndex(c.threshold) <= tierIndex(tier as Tier)) && (!dim || c.dimension === (dim as Dimension)),
  );
  if (format === 'json') {
    io.out(`${JSON.stringify(list.map(({ detectors, ...c }) => ({ ...c, detectors: detectors.map((d) => ({ kind: d.kind, providers: d.providers })) })), null, 2)}\n`);
  } else {
    io.out(formatControls(list, palette(color)));
  }
  return EXIT.ok;
}

function runExplain(p: Parsed, io: Io): number {
  checkFlags(p, []);
  if (p.positional.length !== 1) throw new UsageError('explain takes one control id or provision, e.g. ARG-DAT-001 or 5.2.2-2');
  const id = p.positional[0];
  const page = explainControl(id.toUpperCase()) ?? explainProvision(id);
  if (!page) {
    io.err(`ai-risk-gradient: "${id}" is neither a control id (ARG-DAT-001) nor a provision (5.2.2-2, 6.2, P6)\n`);
    return EXIT.usage;
  }
  io.out(page.endsWith('\n') ? page : `${page}\n`);
  return EXIT.ok;
}

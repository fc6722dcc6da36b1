/**
 * SARIF 2.1.0 for code-scanning services (GitHub code scanning, Azure DevOps, SARIF viewers).
 *
 * One rule per control of the catalogue, in catalogue order (ruleIndex is stable for a given
 * catalogue). One result per finding, suppressed ones included with their suppression.
 * Positions: the core is 0-based in UTF-16 code units; SARIF is 1-based, and the run says
 * `columnKind: utf16CodeUnits`. A file inside an archive (`a.zip!/x/y.json`) is reported on
 * the archive, with the inner path and region in the location's properties.
 */
import { CONTROLS, controlStakeholders, owaspById, provisionById, tierDef } from '../catalogue';
import type { ControlDef } from '../catalogue';
import { IMPLEMENTATION_KEYS, IMPLEMENTATION_LABELS, STAKEHOLDER_LABELS } from '../catalogue';
import type { Evidence, Finding, Fix, ParseProblem, Range, ScanResult, Severity, Zone } from '../model';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Where the product is described; the lead sets the public address here once there is one. */
export const DEFAULT_INFORMATION_URI = 'https://example.invalid/ai-risk-gradient';
export const FINGERPRINT_KEY = 'aiRiskGradient/v1';

export interface SarifOptions {
  /** Absolute base URL of the control pages (`https://…/docs/controls/`); without it rules carry no helpUri, only `properties.helpPath`. */
  docsBaseUri?: string;
  /** Absolute URI describing the tool (default: DEFAULT_INFORMATION_URI). */
  informationUri?: string;
  /** Absolute `file:` URI of the scanned root, for `originalUriBaseIds`; left out by default so no local path leaks into uploads. */
  srcRootUri?: string;
  /** Fingerprints of a baseline: results get `baselineState` new / unchanged. */
  baselineIds?: ReadonlySet<string>;
  /** Whether the scan completed (default true). */
  executionSuccessful?: boolean;
  /** Command-line arguments of the run, for `invocations[0].arguments`. */
  arguments?: readonly string[];
}

// A minimal typing of the part of SARIF we write.
type Json = string | number | boolean | null | Json[] | { [k: string]: Json | undefined };
type Obj = { [k: string]: Json | undefined };

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

export interface SarifRun {
  tool: { driver: Obj & { name: string; rules: (Obj & { id: string })[] } };
  invocations: Obj[];
  results: (Obj & { ruleId: string; ruleIndex: number })[];
  columnKind: 'utf16CodeUnits';
  originalUriBaseIds?: Obj;
  properties?: Obj;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * GitHub's `security-severity` (0–10) of a rule, by the zone of its threshold: a gap that
 * matters from a higher tier up guards a workload with more at stake. The formal risk
 * assessment control (required whatever the tier once two modifiers are High) scores as advanced.
 */
const ZONE_SEVERITY: Record<Zone | 'any', string> = { foundational: '5.0', standard: '6.0', advanced: '7.5', 'high-assurance': '8.5', any: '7.5' };

export function securitySeverity(control: ControlDef): string {
  return ZONE_SEVERITY[control.zone];
}

function pascal(slug: string): string {
  return slug
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((s) => s[0].toUpperCase() + s.slice(1))
    .join('');
}

/** POSIX relative path → URI reference (each segment percent-encoded). */
export function toUri(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/** `a.zip!/x/y.json` → `{ outer: 'a.zip', inner: 'x/y.json' }`. */
export function splitArchive(file: string): { outer: string; inner?: string } {
  const i = file.indexOf('!/');
  return i < 0 ? { outer: file } : { outer: file.slice(0, i), inner: file.slice(i + 2) };
}

function pos(n: number): number {
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) + 1 : 1;
}

/** 0-based core range → 1-based SARIF region. End column is the column after the last character. */
export function toRegion(r: Range): Obj {
  const startLine = pos(r.start.line);
  const startColumn = pos(r.start.character);
  let endLine = pos(r.end.line);
  let endColumn = pos(r.end.character);
  if (endLine < startLine || (endLine === startLine && endColumn < startColumn)) {
    endLine = startLine;
    endColumn = startColumn;
  }
  return { startLine, startColumn, endLine, endColumn };
}

function physical(file: string, range: Range): Obj {
  const { outer, inner } = splitArchive(file);
  const loc: Obj = { artifactLocation: { uri: toUri(outer), uriBaseId: '%SRCROOT%' } };
  if (inner === undefined) {
    loc.region = toRegion(range);
  } else {
    loc.region = { startLine: 1 };
    loc.properties = { archiveEntry: inner, archiveEntryRegion: toRegion(range) };
  }
  return loc;
}

function helpText(c: ControlDef): string {
  const prov = c.provisions.map((id) => `${id} (UK ${provisionById(id)?.uk ?? '?'})`).join(', ');
  const impl = IMPLEMENTATION_KEYS.filter((k) => c.implementations[k]).map((k) => `${IMPLEMENTATION_LABELS[k]}: ${c.implementations[k]}`);
  return [
    `${c.id} ${c.title}`,
    '',
    c.rationale,
    '',
    `How to meet it: ${c.remediation}`,
    ...(impl.length ? ['', ...impl] : []),
    '',
    `ETSI EN 304 223 provisions: ${prov}.`,
    ...(c.owasp.length ? [`OWASP: ${c.owasp.join(', ')}.`] : []),
  ].join('\n');
}

function helpMarkdown(c: ControlDef): string {
  const threshold = c.threshold === 'any' ? `any tier once ${c.minHighModifiers ?? 2} modifiers are High` : `${c.threshold} (${tierDef(c.threshold).pattern}) and above`;
  const rows = c.provisions.map((id) => {
    const p = provisionById(id);
    return `| ${id} | ${p?.uk ?? ''} | ${p ? `${p.modality}: ${p.summary}` : ''} |`;
  });
  const impl = IMPLEMENTATION_KEYS.filter((k) => c.implementations[k]).map((k) => `- **${IMPLEMENTATION_LABELS[k]}**: ${c.implementations[k]}`);
  const owasp = c.owasp.map((id) => `${id} ${owaspById(id)?.title ?? ''}`.trim());
  return [
    `## ${c.id} ${c.title}`,
    '',
    `Required from: ${threshold}. Zone: ${c.zone}. Dimension: ${c.dimension}.`,
    '',
    c.rationale,
    '',
    '### How to meet it',
    '',
    c.remediation,
    ...(impl.length ? ['', ...impl] : []),
    '',
    '### ETSI EN 304 223 provisions',
    '',
    '| EN | UK | Provision |',
    '| --- | --- | --- |',
    ...rows,
    ...(owasp.length ? ['', `OWASP: ${owasp.join(' · ')}`] : []),
    '',
    `Who acts: ${controlStakeholders(c).map((s) => STAKEHOLDER_LABELS[s]).join(', ')}.`,
  ].join('\n');
}

function joinUrl(base: string, rel: string): string {
  return base.endsWith('/') ? `${base}${rel}` : `${base}/${rel}`;
}

function rule(c: ControlDef, opts: SarifOptions): Obj & { id: string } {
  const helpPath = `docs/controls/${c.id}.md`;
  const r: Obj & { id: string } = {
    id: c.id,
    name: pascal(c.slug),
    shortDescription: { text: c.title },
    fullDescription: { text: c.rationale },
    help: { text: helpText(c), markdown: helpMarkdown(c) },
    defaultConfiguration: { level: 'warning' },
    properties: {
      tags: ['security', 'ai', `dimension:${c.dimension}`, `zone:${c.zone}`, ...c.provisions.map((p) => `etsi-en-304-223:${p}`), ...c.owasp.map((o) => `owasp:${o}`)],
      'security-severity': securitySeverity(c),
      precision: 'high',
      title: c.title,
      threshold: c.threshold,
      ...(c.minHighModifiers !== undefined ? { minHighModifiers: c.minHighModifiers } : {}),
      zone: c.zone,
      dimension: c.dimension,
      provisions: [...c.provisions],
      provisionsUk: c.provisions.map((p) => provisionById(p)?.uk ?? ''),
      owasp: [...c.owasp],
      stakeholders: controlStakeholders(c),
      helpPath,
    },
  };
  if (c.aliases?.length) r.deprecatedIds = [...c.aliases];
  if (opts.docsBaseUri) r.helpUri = joinUrl(opts.docsBaseUri, `${c.id}.md`);
  return r;
}

function related(list: readonly Evidence[]): Obj[] {
  return list.map((e, i) => ({ id: i + 1, physicalLocation: physical(e.file, e.range), message: { text: e.why } }));
}

function fixesOf(list: readonly Fix[]): Obj[] {
  const out: Obj[] = [];
  for (const fix of list) {
    // An edit inside an archive cannot be applied to the archive file: such fixes are left out.
    if (fix.edits.length === 0 || fix.edits.some((e) => splitArchive(e.file).inner !== undefined)) continue;
    const byFile = new Map<string, Obj[]>();
    for (const e of fix.edits) {
      const list = byFile.get(e.file) ?? [];
      list.push({ deletedRegion: toRegion(e.range), insertedContent: { text: e.newText } });
      byFile.set(e.file, list);
    }
    out.push({
      description: { text: fix.title },
      artifactChanges: [...byFile].map(([file, replacements]) => ({ artifactLocation: { uri: toUri(file), uriBaseId: '%SRCROOT%' }, replacements })),
      properties: { kind: fix.kind },
    });
  }
  return out;
}

function suppressionsOf(f: Finding): Obj[] | undefined {
  const s = f.suppressed;
  if (!s) return undefined;
  const out: Obj = {
    kind: s.kind === 'inline' ? 'inSource' : 'external',
    status: 'accepted',
    justification: s.reason,
  };
  if (s.location) out.location = { physicalLocation: physical(s.location.file, s.location.range) };
  const props: Obj = { source: s.kind === 'inline' ? 'inline comment' : 'ai-asset-register.yaml' };
  if (s.expires) props.expires = s.expires;
  if (s.approver) props.approver = s.approver;
  out.properties = props;
  return [out];
}

function resultOf(f: Finding, index: Map<string, number>, opts: SarifOptions): (Obj & { ruleId: string; ruleIndex: number }) | undefined {
  const ruleIndex = index.get(f.controlId);
  if (ruleIndex === undefined) return undefined;
  const r: Obj & { ruleId: string; ruleIndex: number } = {
    ruleId: f.controlId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.note ? `${f.message} ${f.note}` : f.message },
    locations: [{ physicalLocation: physical(f.file, f.range) }],
    partialFingerprints: { [FINGERPRINT_KEY]: f.id },
    properties: {
      workloadId: f.workloadId,
      workload: f.workloadName,
      effectiveTier: f.effectiveTier,
      zone: f.zone,
      status: f.status,
      provisions: [...f.provisions],
      provisionsUk: f.provisions.map((p) => provisionById(p)?.uk ?? ''),
      stakeholders: [...f.stakeholders],
    },
  };
  if (f.related.length > 0) r.relatedLocations = related(f.related);
  const fixes = fixesOf(f.fixes);
  if (fixes.length > 0) r.fixes = fixes;
  const sup = suppressionsOf(f);
  if (sup) r.suppressions = sup;
  if (opts.baselineIds) r.baselineState = opts.baselineIds.has(f.id) ? 'unchanged' : 'new';
  return r;
}

function notification(p: ParseProblem): Obj {
  return {
    level: LEVEL[p.severity],
    message: { text: p.message },
    locations: [{ physicalLocation: physical(p.file, p.range) }],
    descriptor: { id: p.code },
  };
}

export function toSarif(result: ScanResult, opts: SarifOptions = {}): SarifLog {
  const rules = CONTROLS.map((c) => rule(c, opts));
  const index = new Map<string, number>();
  CONTROLS.forEach((c, i) => {
    index.set(c.id, i);
    for (const a of c.aliases ?? []) if (!index.has(a)) index.set(a, i);
  });
  const results = result.findings.map((f) => resultOf(f, index, opts)).filter((r): r is NonNullable<typeof r> => r !== undefined);
  const codes = [...new Set(result.problems.map((p) => p.code))].sort();
  const invocation: Obj = {
    executionSuccessful: opts.executionSuccessful ?? true,
    toolExecutionNotifications: result.problems.map(notification),
  };
  if (opts.arguments) invocation.arguments = [...opts.arguments];
  const driver: SarifRun['tool']['driver'] = {
    name: 'ai-risk-gradient',
    fullName: `AI Risk Gradient ${result.tool.version}`,
    version: result.tool.version,
    semanticVersion: result.tool.version,
    informationUri: opts.informationUri ?? DEFAULT_INFORMATION_URI,
    rules,
  };
  if (codes.length > 0) driver.notifications = codes.map((id) => ({ id, shortDescription: { text: `Scan notice ${id}` } }));
  const run: SarifRun = {
    tool: { driver },
    invocations: [invocation],
    results,
    columnKind: 'utf16CodeUnits',
    properties: {
      root: result.root,
      filesScanned: result.filesScanned,
      workloads: result.workloads.length,
      coveragePercent: result.coverage.percent,
    },
  };
  if (opts.srcRootUri) run.originalUriBaseIds = { '%SRCROOT%': { uri: opts.srcRootUri.endsWith('/') ? opts.srcRootUri : `${opts.srcRootUri}/` } };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

export function toSarifText(result: ScanResult, opts: SarifOptions = {}): string {
  return `${JSON.stringify(toSarif(result, opts), null, 2)}\n`;
}

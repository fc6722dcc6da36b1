/**
 * Figures shared by the report formatters: counts per tier and zone, coverage per principle,
 * open and suppressed findings. Everything here is derived from the ScanResult alone; the
 * formatters print only what the scan gave them.
 */
import { PRINCIPLES, principleOf, provisionById } from '../catalogue';
import { MODIFIERS, TIERS, ZONES, type Assessment, type Finding, type ScanResult, type Severity, type Tier, type Workload, type Zone } from '../model';

export interface PrincipleCoverage {
  number: number;
  clause: string;
  title: string;
  applicable: number;
  covered: number;
  /** Percentage of applicable provisions covered, one decimal; undefined when none applies. */
  percent: number | undefined;
}

export interface ReportSummary {
  files: number;
  workloads: number;
  openFindings: number;
  suppressedFindings: number;
  bySeverity: Record<Severity, number>;
  /** Number of workloads at each effective tier. */
  effectiveTiers: Record<Tier, number>;
  /** Number of workloads at each baseline tier. */
  baselineTiers: Record<Tier, number>;
  zones: Record<Zone, number>;
  formalAssessments: number;
  coveragePercent: number;
  principles: PrincipleCoverage[];
  problems: Record<Severity, number>;
}

export function isOpen(f: Finding): boolean {
  return !f.suppressed;
}

export function assessmentOf(result: ScanResult, workloadId: string): Assessment | undefined {
  return result.assessments.find((a) => a.workloadId === workloadId);
}

export function workloadOf(result: ScanResult, workloadId: string): Workload | undefined {
  return result.workloads.find((w) => w.id === workloadId);
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** Coverage per principle of the repository's applicable provisions. */
export function principleCoverage(result: ScanResult): PrincipleCoverage[] {
  const covered = new Set(result.coverage.covered);
  return PRINCIPLES.map((p) => {
    const applicable = result.coverage.applicable.filter((id) => provisionById(id) !== undefined && principleOf(id).number === p.number);
    const ok = applicable.filter((id) => covered.has(id)).length;
    return {
      number: p.number,
      clause: p.clause,
      title: p.title,
      applicable: applicable.length,
      covered: ok,
      percent: applicable.length === 0 ? undefined : Math.round((ok / applicable.length) * 1000) / 10,
    };
  });
}

export function summarise(result: ScanResult): ReportSummary {
  const effectiveTiers = zeroes(TIERS);
  const baselineTiers = zeroes(TIERS);
  const zones = zeroes(ZONES);
  let formal = 0;
  for (const a of result.assessments) {
    effectiveTiers[a.effectiveTier]++;
    baselineTiers[a.baselineTier]++;
    zones[a.zone]++;
    if (a.formalRiskAssessmentRequired) formal++;
  }
  const bySeverity = zeroes<Severity>(['error', 'warning', 'info']);
  for (const f of result.findings) if (isOpen(f)) bySeverity[f.severity]++;
  const problems = zeroes<Severity>(['error', 'warning', 'info']);
  for (const p of result.problems) problems[p.severity]++;
  return {
    files: result.filesScanned,
    workloads: result.workloads.length,
    openFindings: result.findings.filter(isOpen).length,
    suppressedFindings: result.findings.filter((f) => !isOpen(f)).length,
    bySeverity,
    effectiveTiers,
    baselineTiers,
    zones,
    formalAssessments: formal,
    coveragePercent: result.coverage.percent,
    principles: principleCoverage(result),
    problems,
  };
}

/** Number of controls of an assessment that are missing or partial (what the CSV and tables call "missing"). */
export function missingCount(a: Assessment): number {
  return a.results.filter((r) => r.status === 'missing' || r.status === 'partial').length;
}

/** Modifiers rated High, in the fixed modifier order. */
export function highModifiers(a: Assessment): string[] {
  return MODIFIERS.filter((m) => a.modifiers[m]?.rating === 'high');
}

/** `infra/main.tf:12:5` (1-based, like editors print). */
export function where(file: string, line: number, character: number): string {
  return `${file}:${line + 1}:${character + 1}`;
}

export function zoneLabel(z: Zone): string {
  return z === 'high-assurance' ? 'high assurance' : z;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s];
}

/** Workloads sorted by effective tier (highest first), then name. */
export function workloadsByTier(result: ScanResult): Workload[] {
  const tierOf = (w: Workload) => {
    const a = assessmentOf(result, w.id);
    return a ? TIERS.indexOf(a.effectiveTier) : -1;
  };
  return [...result.workloads].sort((a, b) => tierOf(b) - tierOf(a) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

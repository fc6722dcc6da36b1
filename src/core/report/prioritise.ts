/**
 * The remediation list: one item per workload and control that is not yet satisfied, in the
 * order a team should work through them.
 *
 * Order: highest effective tier first; within a tier, the controls that would close the most
 * provisions of the workload (a provision closes when every other control citing it is
 * already met); then gaps with a finding before gaps that only need evidence; then items with
 * a safe automatic fix (quick wins); then severity; then control id and workload name.
 */
import { controlById } from '../catalogue';
import { TIERS, type ControlResult, type ScanResult, type Severity, type Tier, type Zone } from '../model';
import { isOpen, severityRank } from './common';

export interface RemediationItem {
  /** 1-based position in the list. */
  rank: number;
  controlId: string;
  title: string;
  workloadId: string;
  workloadName: string;
  effectiveTier: Tier;
  zone: Zone;
  /** `fix`: a file shows the gap; `evidence`: no file can show it, record evidence in the register. */
  action: 'fix' | 'evidence';
  status: ControlResult['status'];
  /** Worst severity of the open findings (absent for evidence items). */
  severity?: Severity;
  /** Provisions of the workload that become covered once this control is met. */
  closes: string[];
  /** All provisions the control cites. */
  provisions: string[];
  /** Open findings behind the item. */
  findings: string[];
  /** A safe automatic fix exists for at least one finding. */
  quickWin: boolean;
  /** Title of the first fix on offer, if any. */
  fix?: string;
}

function closesFor(results: readonly ControlResult[], target: ControlResult, uncovered: ReadonlySet<string>): string[] {
  return target.provisions
    .filter((p) => uncovered.has(p))
    .filter((p) => results.every((r) => r === target || r.status === 'met' || r.status === 'not-applicable' || !r.provisions.includes(p)))
    .sort();
}

export function prioritise(result: ScanResult): RemediationItem[] {
  const items: Omit<RemediationItem, 'rank'>[] = [];
  const names = new Map(result.workloads.map((w) => [w.id, w.name]));
  for (const a of result.assessments) {
    const covered = new Set(a.coverage.covered);
    const uncovered = new Set(a.coverage.applicable.filter((p) => !covered.has(p)));
    for (const r of a.results) {
      if (r.status === 'met' || r.status === 'not-applicable') continue;
      const all = result.findings.filter((f) => f.workloadId === a.workloadId && f.controlId === r.controlId);
      const open = all.filter(isOpen);
      // Every finding of the gap is suppressed: the team accepted it, it is not on the list.
      if (all.length > 0 && open.length === 0) continue;
      const action = r.status === 'needs-evidence' ? 'evidence' : 'fix';
      // A gap the detectors reported, but with no open finding left (severity turned off): skip it.
      if (action === 'fix' && open.length === 0) continue;
      const control = controlById(r.controlId);
      const fixes = open.flatMap((f) => f.fixes);
      const severity = open.length === 0 ? undefined : open.reduce<Severity>((s, f) => (severityRank(f.severity) > severityRank(s) ? f.severity : s), 'info');
      const item: Omit<RemediationItem, 'rank'> = {
        controlId: r.controlId,
        title: control?.title ?? r.controlId,
        workloadId: a.workloadId,
        workloadName: names.get(a.workloadId) ?? a.workloadId,
        effectiveTier: a.effectiveTier,
        zone: a.zone,
        action,
        status: r.status,
        closes: closesFor(a.results, r, uncovered),
        provisions: [...r.provisions],
        findings: open.map((f) => f.id),
        quickWin: fixes.some((x) => x.kind === 'safe' && x.edits.length > 0),
      };
      if (severity) item.severity = severity;
      if (fixes.length > 0) item.fix = fixes[0].title;
      items.push(item);
    }
  }
  items.sort(
    (x, y) =>
      TIERS.indexOf(y.effectiveTier) - TIERS.indexOf(x.effectiveTier) ||
      y.closes.length - x.closes.length ||
      (x.action === y.action ? 0 : x.action === 'fix' ? -1 : 1) ||
      Number(y.quickWin) - Number(x.quickWin) ||
      (y.severity ? severityRank(y.severity) : 0) - (x.severity ? severityRank(x.severity) : 0) ||
      x.controlId.localeCompare(y.controlId) ||
      x.workloadName.localeCompare(y.workloadName) ||
      x.workloadId.localeCompare(y.workloadId),
  );
  return items.map((it, i) => ({ rank: i + 1, ...it }));
}

/**
 * The asset register as CSV (RFC 4180): one row per workload, for spreadsheets and GRC tools.
 *
 * Cells are quoted when they hold a comma, quote or line break. A cell that a spreadsheet
 * would read as a formula (starting with = + - @, tab or carriage return) is prefixed with a
 * single quote, so opening the file never runs anything.
 */
import { MODIFIERS, type ScanResult } from '../model';
import { assessmentOf, missingCount } from './common';

export const CSV_COLUMNS = [
  'workload_id',
  'name',
  'kind',
  'root',
  'owner',
  'baseline_tier',
  ...MODIFIERS.map((m) => `modifier_${m}`),
  'effective_tier',
  'zone',
  'formal_risk_assessment',
  'missing_controls',
  'coverage_percent',
] as const;

export function csvCell(value: string | number | boolean | undefined): string {
  let s = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(result: ScanResult): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const w of result.workloads) {
    const a = assessmentOf(result, w.id);
    const cells: (string | number | boolean | undefined)[] = [w.id, w.name, w.kind, w.root, w.owner ?? ''];
    if (a) {
      cells.push(a.baselineTier, ...MODIFIERS.map((m) => a.modifiers[m]?.rating ?? ''), a.effectiveTier, a.zone, a.formalRiskAssessmentRequired ? 'required' : 'not required', missingCount(a), a.coverage.percent);
    } else {
      cells.push('', ...MODIFIERS.map(() => ''), '', '', '', '', '');
    }
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

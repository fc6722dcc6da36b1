/**
 * The JSON report: the ScanResult itself (every field, unchanged) plus a summary and the
 * remediation list, under a versioned schema (schemas/scan-result.schema.json).
 *
 * Compatibility: `reportVersion` changes its major number only when a field is removed or
 * changes meaning; new fields may appear in any version, so readers should ignore fields they
 * do not know. Positions stay 0-based as in the core (line / character in UTF-16 code units).
 */
import type { ScanResult } from '../model';
import { summarise, type ReportSummary } from './common';
import { prioritise, type RemediationItem } from './prioritise';

export const REPORT_VERSION = '1.0';
export const REPORT_SCHEMA_ID = 'https://ai-risk-gradient.invalid/schemas/scan-result.schema.json';

export type JsonReport = { $schema: string; reportVersion: string } & ScanResult & {
    summary: ReportSummary;
    remediation: RemediationItem[];
  };

export function toJsonReport(result: ScanResult): JsonReport {
  return {
    $schema: REPORT_SCHEMA_ID,
    reportVersion: REPORT_VERSION,
    ...result,
    summary: summarise(result),
    remediation: prioritise(result),
  };
}

export function toJsonText(result: ScanResult): string {
  return `${JSON.stringify(toJsonReport(result), null, 2)}\n`;
}

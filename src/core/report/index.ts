/** Report formatters: pure functions from a ScanResult to SARIF, JSON, Markdown, HTML and CSV, plus baselines and the remediation order. */
export { toSarif, toSarifText, securitySeverity, splitArchive, toRegion, toUri, DEFAULT_INFORMATION_URI, FINGERPRINT_KEY, SARIF_SCHEMA_URI } from './sarif';
export type { SarifLog, SarifOptions, SarifRun } from './sarif';
export { toJsonReport, toJsonText, REPORT_VERSION, REPORT_SCHEMA_ID } from './json';
export type { JsonReport } from './json';
export { toMarkdown } from './markdown';
export { toHtml } from './html';
export { toCsv, csvCell, CSV_COLUMNS } from './csv';
export { prioritise } from './prioritise';
export type { RemediationItem } from './prioritise';
export { applyBaseline, baselineOf, fixedSince, newSince, parseBaseline, writeBaseline, BaselineError, BASELINE_VERSION } from './baseline';
export type { Baseline, BaselineEntry } from './baseline';
export { summarise, principleCoverage } from './common';
export type { ReportSummary, PrincipleCoverage } from './common';

/**
 * Baselines: the fingerprints of the findings a team has accepted for now, so that CI can
 * report and gate on new findings only.
 *
 * The file is stable: sorted, no timestamps, no line numbers, no tool version — re-writing it
 * for the same findings gives the same bytes, and unrelated edits do not change it (finding ids
 * are built from control, workload, file and anchor address, not from positions).
 */
import type { Finding, ScanResult } from '../model';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  id: string;
  controlId: string;
  workloadId: string;
  file: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  tool: 'ai-risk-gradient';
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

/** The baseline of a result: every open (not suppressed) finding. */
export function baselineOf(result: ScanResult): Baseline {
  const seen = new Set<string>();
  const findings: BaselineEntry[] = [];
  for (const f of result.findings) {
    if (f.suppressed || seen.has(f.id)) continue;
    seen.add(f.id);
    findings.push({ id: f.id, controlId: f.controlId, workloadId: f.workloadId, file: f.file });
  }
  findings.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { version: BASELINE_VERSION, tool: 'ai-risk-gradient', findings };
}

/** The baseline file text for a result. */
export function writeBaseline(result: ScanResult): string {
  const b = baselineOf(result);
  // One entry per line keeps diffs of the file readable in review.
  const lines = b.findings.map((e) => `    ${JSON.stringify(e)}`);
  return `{\n  "version": ${b.version},\n  "tool": "ai-risk-gradient",\n  "findings": [${lines.length ? `\n${lines.join(',\n')}\n  ` : ''}]\n}\n`;
}

/** Reads a baseline file; throws BaselineError with a plain message when it is not one. */
export function parseBaseline(text: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BaselineError('not a baseline: expected an object');
  const o = data as Record<string, unknown>;
  if (o.version !== BASELINE_VERSION) throw new BaselineError(`unsupported baseline version ${JSON.stringify(o.version)} (this tool reads version ${BASELINE_VERSION})`);
  if (!Array.isArray(o.findings)) throw new BaselineError('not a baseline: "findings" must be a list');
  const findings: BaselineEntry[] = [];
  o.findings.forEach((e, i) => {
    if (typeof e === 'string') {
      findings.push({ id: e, controlId: '', workloadId: '', file: '' });
      return;
    }
    const x = e as Record<string, unknown> | null;
    if (!x || typeof x.id !== 'string') throw new BaselineError(`findings[${i}] has no "id"`);
    findings.push({ id: x.id, controlId: String(x.controlId ?? ''), workloadId: String(x.workloadId ?? ''), file: String(x.file ?? '') });
  });
  return { version: BASELINE_VERSION, tool: 'ai-risk-gradient', findings };
}

function idsOf(baseline: Baseline | string): Set<string> {
  const b = typeof baseline === 'string' ? parseBaseline(baseline) : baseline;
  return new Set(b.findings.map((e) => e.id));
}

/** Findings of the result that the baseline does not hold. */
export function newSince(result: ScanResult, baseline: Baseline | string): Finding[] {
  const known = idsOf(baseline);
  return result.findings.filter((f) => !known.has(f.id));
}

/** Baseline entries no finding of the result matches any more (fixed or gone). */
export function fixedSince(result: ScanResult, baseline: Baseline | string): BaselineEntry[] {
  const b = typeof baseline === 'string' ? parseBaseline(baseline) : baseline;
  const now = new Set(result.findings.map((f) => f.id));
  return b.findings.filter((e) => !now.has(e.id));
}

/** The result with only the findings that are new since the baseline; everything else unchanged. */
export function applyBaseline(result: ScanResult, baseline: Baseline | string): ScanResult {
  return { ...result, findings: newSince(result, baseline) };
}

/**
 * Suppressions: inline comments and register exceptions. A reason is required; past its
 * expiry a suppression no longer applies and the finding comes back with a note.
 *
 *   # ai-risk-gradient:ignore ARG-DAT-001 reason="keys are managed by the platform team" expires=2027-06-30
 *   // ai-risk-gradient:ignore ARG-NET-003 reason="egress goes through the corporate proxy"
 *
 * An inline suppression covers findings on its own line and on the next non-comment line.
 */
import { minimatch } from 'minimatch';
import type { Finding, ParseProblem, Range, Suppression } from '../model';
import type { RegisterException } from '../register/schema';

export interface InlineSuppression {
  file: string;
  line: number;
  /** Lines whose findings it covers. */
  covers: number[];
  controlIds: string[];
  reason?: string;
  expires?: string;
  range: Range;
  used: boolean;
}

const MARKER = /ai-risk-gradient:ignore\b(.*)$/;
const CONTROL_ID = /^ARG-(GOV|IAM|DAT|PRC|NET|SUP|MON)-\d{3}$/;

export function findInlineSuppressions(file: string, text: string, known: (id: string) => boolean, problems: ParseProblem[]): InlineSuppression[] {
  if (!text.includes('ai-risk-gradient:ignore')) return [];
  const out: InlineSuppression[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = MARKER.exec(lines[i]);
    if (!m) continue;
    const start = lines[i].indexOf('ai-risk-gradient:ignore');
    const range: Range = { start: { line: i, character: start }, end: { line: i, character: lines[i].length } };
    const rest = m[1];
    const reason = /reason\s*=\s*"([^"]*)"/.exec(rest)?.[1] ?? /reason\s*=\s*'([^']*)'/.exec(rest)?.[1];
    const expires = /expires\s*=\s*(\d{4}-\d{2}-\d{2})/.exec(rest)?.[1];
    const ids = rest.replace(/reason\s*=\s*("[^"]*"|'[^']*')/, '').split(/[\s,]+/).filter((t) => /^ARG-/i.test(t)).map((t) => t.toUpperCase());
    if (ids.length === 0) {
      problems.push({ file, range, severity: 'warning', code: 'suppression/no-control', message: 'This suppression names no control id (for example ARG-DAT-001), so it suppresses nothing.' });
      continue;
    }
    for (const id of ids) {
      if (!CONTROL_ID.test(id) || !known(id)) problems.push({ file, range, severity: 'warning', code: 'suppression/unknown-control', message: `Unknown control id ${id} in suppression.` });
    }
    if (!reason || !reason.trim()) {
      problems.push({ file, range, severity: 'warning', code: 'suppression/no-reason', message: 'A suppression needs a reason: add reason="why this is acceptable". It is not applied without one.' });
      continue;
    }
    const covers = [i];
    for (let j = i + 1; j < lines.length; j++) {
      const t = lines[j].trim();
      if (t === '' || t.startsWith('#') || t.startsWith('//') || t.startsWith('/*') || t.startsWith('*')) continue;
      covers.push(j);
      break;
    }
    out.push({ file, line: i, covers, controlIds: ids, reason: reason.trim(), expires, range, used: false });
  }
  return out;
}

function expired(expires: string | undefined, today: string): boolean {
  return expires !== undefined && expires < today;
}

/**
 * Marks findings suppressed. Returns the findings (a finding a suppression or an expired one
 * touches is a changed copy; the others are the same objects, which the caller may keep
 * between analyses) and problems for unused suppressions. `today` is YYYY-MM-DD.
 */
export function applySuppressions(
  findings: readonly Finding[],
  inline: InlineSuppression[],
  exceptions: readonly RegisterException[],
  registerFile: string | undefined,
  today: string,
  workloadNames: ReadonlyMap<string, string>,
): { findings: Finding[]; problems: ParseProblem[] } {
  const byFile = new Map<string, InlineSuppression[]>();
  for (const s of inline) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  const usedExceptions = new Set<number>();
  const out: Finding[] = [];
  for (const original of findings) {
    const candidates = inline.length === 0 ? [] : (byFile.get(original.file) ?? []).filter((s) => s.controlIds.includes(original.controlId) && s.covers.includes(original.range.start.line));
    if (candidates.length === 0 && exceptions.length === 0) {
      out.push(original);
      continue;
    }
    const f: Finding = { ...original };
    for (const s of candidates) {
      s.used = true;
      if (expired(s.expires, today)) {
        f.note = `A suppression of this finding expired on ${s.expires}.`;
        continue;
      }
      f.suppressed = { kind: 'inline', reason: s.reason ?? '', expires: s.expires, location: { file: s.file, range: s.range } } satisfies Suppression;
      break;
    }
    if (!f.suppressed) {
      exceptions.forEach((e, i) => {
        if (f.suppressed || e.control !== f.controlId) return;
        if (e.workload && e.workload !== f.workloadId && e.workload !== workloadNames.get(f.workloadId)) return;
        if (e.path && !minimatch(f.file.split('!/')[0], e.path, { dot: true })) return;
        usedExceptions.add(i);
        if (expired(e.expires, today)) {
          f.note = `The register exception for this finding expired on ${e.expires}.`;
          return;
        }
        f.suppressed = { kind: 'register', reason: e.reason, expires: e.expires, approver: e.approver };
      });
    }
    out.push(f.suppressed || f.note ? f : original);
  }
  const problems: ParseProblem[] = [];
  for (const s of inline) {
    if (!s.used) problems.push({ file: s.file, range: s.range, severity: 'info', code: 'suppression/unused', message: `This suppression of ${s.controlIds.join(', ')} matches no finding; remove it if the control is now met.` });
  }
  if (registerFile) {
    exceptions.forEach((e, i) => {
      if (!usedExceptions.has(i)) {
        problems.push({ file: registerFile, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'info', code: 'suppression/unused', message: `The register exception for ${e.control}${e.workload ? ` (${e.workload})` : ''} matches no finding.` });
      }
    });
  }
  return { findings: out, problems };
}

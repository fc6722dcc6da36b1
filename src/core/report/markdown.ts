/**
 * The assessment as Markdown (GitHub-flavoured): for pull-request comments, job summaries and
 * audit folders. Every value from the scan is escaped, so a file name or message can never
 * inject markup, links or HTML into the page.
 */
import { controlById, provisionById, tierDef } from '../catalogue';
import { MODIFIERS, TIERS, type Finding, type ScanResult } from '../model';
import { modifierWord } from '../evaluate';
import { assessmentOf, highModifiers, isOpen, missingCount, summarise, where, workloadsByTier, zoneLabel } from './common';
import { prioritise } from './prioritise';

/** Escapes text for Markdown inline content and table cells. */
export function md(s: string): string {
  return s
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*[\]<>|#!~]/g, (c) => `\\${c}`)
    .replace(/(^|\s)_|_(?=\s|$)/g, (m) => m.replace('_', '\\_'))
    .replace(/&/g, '&amp;');
}

/** A code span that stays a code span whatever the text holds. */
export function code(s: string): string {
  const clean = s.replace(/\r?\n|\r/g, ' ').replace(/\|/g, '\\|');
  const ticks = (clean.match(/`+/g) ?? []).reduce((n, t) => Math.max(n, t.length), 0);
  const fence = '`'.repeat(ticks + 1);
  return ticks > 0 ? `${fence} ${clean} ${fence}` : `${fence}${clean}${fence}`;
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function provisions(ids: readonly string[]): string {
  return ids.map((id) => `${id} (UK ${provisionById(id)?.uk ?? '?'})`).join(', ');
}

function findingLines(f: Finding): string[] {
  const title = f.title || controlById(f.controlId)?.title || '';
  // The heading already names the workload, tier and control; the line says what was found.
  const out = [`- **${f.severity}** ${code(f.controlId)} ${md(title)} — ${code(where(f.file, f.range.start.line, f.range.start.character))}`, `  ${md(f.detail || f.message)}`];
  if (f.note) out.push(`  - Note: ${md(f.note)}`);
  out.push(`  - Provisions: ${md(provisions(f.provisions))}`);
  for (const e of f.related) out.push(`  - Evidence: ${code(where(e.file, e.range.start.line, e.range.start.character))} ${md(e.why)}`);
  for (const x of f.fixes) out.push(`  - Fix${x.kind === 'safe' ? ' (safe, automatic)' : ' (review the edit)'}: ${md(x.title)}`);
  return out;
}

export function toMarkdown(result: ScanResult): string {
  const s = summarise(result);
  const out: string[] = [];
  out.push(`# AI risk assessment — ${md(result.root)}`, '');
  out.push(
    `Produced by AI Risk Gradient ${md(result.tool.version)} from ${s.files} files. ` +
      `${s.workloads} AI workload${s.workloads === 1 ? '' : 's'} · ${s.openFindings} open finding${s.openFindings === 1 ? '' : 's'} ` +
      `(${s.bySeverity.error} error, ${s.bySeverity.warning} warning, ${s.bySeverity.info} note) · ${s.suppressedFindings} suppressed · ` +
      `ETSI EN 304 223 provision coverage **${s.coveragePercent}%**` +
      (s.formalAssessments > 0 ? ` · **${s.formalAssessments} workload${s.formalAssessments === 1 ? ' needs' : 's need'} a formal risk assessment**` : '') +
      '.',
    '',
  );

  out.push('## Tier distribution', '');
  out.push(
    ...table(
      ['Tier', 'Pattern', 'Zone', 'Workloads (effective)', 'Workloads (baseline)'],
      TIERS.map((t) => [t, md(tierDef(t).pattern), zoneLabel(tierDef(t).zone), String(s.effectiveTiers[t]), String(s.baselineTiers[t])]),
    ),
    '',
  );

  out.push('## Inventory', '');
  if (result.workloads.length === 0) out.push('No AI workloads found.', '');
  else {
    const rows = workloadsByTier(result).map((w) => {
      const a = assessmentOf(result, w.id);
      if (!a) return [md(w.name), w.kind, code(w.root), md(w.owner ?? '—'), '', '', '', '', '', '', ''];
      const high = highModifiers(a).map((m) => `${modifierWord(m)}${a.modifiers[m as (typeof MODIFIERS)[number]].source === 'declared' ? '*' : ''}`);
      return [
        md(w.name),
        w.kind,
        code(w.root || '.'),
        md(w.owner ?? '—'),
        a.baselineTier,
        high.join(', ') || '—',
        `**${a.effectiveTier}**${a.override ? ' (override)' : ''}`,
        zoneLabel(a.zone),
        a.formalRiskAssessmentRequired ? '**required**' : 'no',
        String(missingCount(a)),
        `${a.coverage.percent}%`,
      ];
    });
    out.push(...table(['Workload', 'Kind', 'Root', 'Owner', 'Baseline', 'High modifiers', 'Effective', 'Zone', 'Formal risk assessment', 'Missing controls', 'Coverage'], rows));
    out.push('', '\\* declared in the AI asset register.', '');
  }

  out.push('## Coverage by principle', '');
  out.push(
    ...table(
      ['Principle', 'Clause', 'Covered', 'Applicable', 'Coverage'],
      s.principles.map((p) => [`P${p.number} ${md(p.title)}`, p.clause, String(p.covered), String(p.applicable), p.percent === undefined ? 'not applicable' : `${p.percent}%`]),
    ),
    '',
  );

  const plan = prioritise(result);
  out.push('## Remediation priorities', '');
  if (plan.length === 0) out.push('Nothing to remediate.', '');
  else {
    out.push('Highest effective tier first; within a tier, the controls that close the most provisions.', '');
    out.push(
      ...table(
        ['#', 'Tier', 'Workload', 'Control', 'Action', 'Closes', 'Quick win'],
        plan.map((p) => [
          String(p.rank),
          p.effectiveTier,
          md(p.workloadName),
          `${code(p.controlId)} ${md(p.title)}`,
          p.action === 'fix' ? `fix (${p.findings.length} finding${p.findings.length === 1 ? '' : 's'})` : 'record evidence in the register',
          p.closes.length ? md(p.closes.join(', ')) : '—',
          p.quickWin ? `yes: ${md(p.fix ?? '')}` : '—',
        ]),
      ),
      '',
    );
  }

  out.push('## Findings', '');
  const open = result.findings.filter(isOpen);
  if (open.length === 0) out.push('No open findings.', '');
  for (const w of workloadsByTier(result)) {
    const list = open.filter((f) => f.workloadId === w.id);
    if (list.length === 0) continue;
    const a = assessmentOf(result, w.id);
    out.push(`### ${md(w.name)}${a ? ` — ${a.effectiveTier} ${zoneLabel(a.zone)}` : ''}`, '');
    for (const f of list) out.push(...findingLines(f));
    out.push('');
  }
  const orphans = open.filter((f) => !result.workloads.some((w) => w.id === f.workloadId));
  if (orphans.length > 0) {
    out.push('### Other', '');
    for (const f of orphans) out.push(...findingLines(f));
    out.push('');
  }

  const suppressed = result.findings.filter((f) => f.suppressed);
  if (suppressed.length > 0) {
    out.push('## Suppressed findings', '');
    out.push(
      ...table(
        ['Control', 'Workload', 'Location', 'Where', 'Reason', 'Expires', 'Approver'],
        suppressed.map((f) => {
          const x = f.suppressed!;
          return [
            code(f.controlId),
            md(f.workloadName),
            code(where(f.file, f.range.start.line, f.range.start.character)),
            x.kind === 'inline' ? 'inline comment' : 'register exception',
            md(x.reason),
            md(x.expires ?? '—'),
            md(x.approver ?? '—'),
          ];
        }),
      ),
      '',
    );
  }

  if (result.problems.length > 0) {
    out.push('## Problems reading files', '');
    out.push(
      ...table(
        ['Severity', 'Location', 'Code', 'Message'],
        result.problems.map((p) => [p.severity === 'info' ? 'note' : p.severity, code(where(p.file, p.range.start.line, p.range.start.character)), code(p.code), md(p.message)]),
      ),
      '',
    );
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

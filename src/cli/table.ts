/** Plain-text renderings for the terminal: the scan summary and the control list. */
import { MODIFIERS, provisionLabel, type ControlDef, type ScanResult, type Severity } from '../core';

export interface Palette {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  green(s: string): string;
}

export function palette(color: boolean): Palette {
  const wrap = (code: number) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { bold: wrap(1), dim: wrap(2), red: wrap(31), yellow: wrap(33), cyan: wrap(36), green: wrap(32) };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function table(rows: string[][], header: string[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function sev(p: Palette, s: Severity): string {
  return s === 'error' ? p.red('error') : s === 'warning' ? p.yellow('warning') : p.dim('info');
}

export function formatTable(result: ScanResult, opts: { color: boolean; inventoryOnly?: boolean }): string {
  const p = palette(opts.color);
  const out: string[] = [];
  out.push(p.bold(`AI Risk Gradient ${result.tool.version} — ${result.root}`));
  out.push(`${result.filesScanned} files read · ${result.workloads.length} AI workloads · ${result.findings.filter((f) => !f.suppressed).length} open findings · provision coverage ${result.coverage.percent}%`);
  out.push('');
  if (result.workloads.length === 0) {
    out.push('No AI workloads found.');
  } else {
    const SHORT = { exposure: 'exp', dataSensitivity: 'data', autonomy: 'aut', integrationPrivilege: 'priv', physicalEffect: 'phys' } as const;
    const rows = result.workloads.map((w) => {
      const a = result.assessments.find((x) => x.workloadId === w.id);
      if (!a) return [w.name, w.kind, '', '', '', '', ''];
      const mods = MODIFIERS.filter((m) => a.modifiers[m].rating !== 'low').map((m) => `${SHORT[m]} ${a.modifiers[m].rating === 'high' ? 'H' : 'M'}${a.modifiers[m].source === 'declared' ? '*' : ''}`);
      const missing = a.results.filter((r) => r.status === 'missing' || r.status === 'partial').length;
      return [
        w.name.length > 48 ? `${w.name.slice(0, 47)}…` : w.name,
        a.baselineTier,
        `${a.effectiveTier}${a.formalRiskAssessmentRequired ? '!' : ''}`,
        a.zone,
        mods.join(' ') || '-',
        String(missing),
        `${a.coverage.percent}%`,
        w.owner ?? '-',
      ];
    });
    out.push(...table(rows, ['workload', 'base', 'eff.', 'zone', 'modifiers', 'missing', 'coverage', 'owner']));
    out.push(p.dim('modifiers: exp exposure · data sensitivity · aut autonomy · priv integration privilege · phys physical effect; H high, M medium, * declared'));
    out.push(p.dim('! formal risk assessment required (two or more high modifiers)'));
  }
  if (!opts.inventoryOnly) {
    const open = result.findings.filter((f) => !f.suppressed);
    if (open.length > 0) {
      out.push('');
      out.push(p.bold('Findings'));
      for (const w of result.workloads) {
        const list = open.filter((f) => f.workloadId === w.id);
        if (list.length === 0) continue;
        out.push(p.cyan(`  ${w.name}`));
        for (const f of list) {
          out.push(`    ${sev(p, f.severity)} ${f.controlId} ${f.title} — ${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`);
          out.push(`      ${f.detail} ${p.dim(`(${f.provisions.map(provisionLabel).join(', ')})`)}`);
          if (f.note) out.push(`      ${p.yellow(f.note)}`);
          if (f.fixes.length > 0) out.push(`      ${p.green('fix available:')} ${f.fixes[0].title}`);
        }
      }
    }
    const suppressed = result.findings.filter((f) => f.suppressed);
    if (suppressed.length > 0) out.push('', p.dim(`${suppressed.length} suppressed finding(s) (listed in --format json)`));
    const shown = result.problems.filter((x) => x.severity !== 'info');
    if (shown.length > 0) {
      out.push('');
      out.push(p.bold('Problems reading files'));
      for (const x of shown) out.push(`  ${sev(p, x.severity)} ${x.file}:${x.range.start.line + 1}:${x.range.start.character + 1} ${x.code} ${x.message}`);
    }
    const info = result.problems.length - shown.length;
    if (info > 0) out.push(p.dim(`${info} notice(s) (skipped files, unused suppressions) in --format json`));
  }
  return `${out.join('\n')}\n`;
}

export function formatControls(list: readonly ControlDef[], p: Palette): string {
  const rows = list.map((c) => [c.id, c.threshold === 'any' ? 'any' : c.threshold, c.zone, c.title, c.provisions.map(provisionLabel).join(' ')]);
  return `${table(rows, ['id', 'from', 'zone', 'control', 'provisions']).map((l, i) => (i === 0 ? p.bold(l) : l)).join('\n')}\n${list.length} controls\n`;
}

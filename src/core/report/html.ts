/**
 * The assessment as one self-contained HTML page: inline CSS, inline SVG charts, no script,
 * no font or image from anywhere else (a Content-Security-Policy meta tag forbids it too), so
 * the file opens offline and can be attached to an audit record. Every value from the scan is
 * HTML-escaped.
 */
import { controlById, provisionById, tierDef } from '../catalogue';
import { MODIFIERS, TIERS, type Finding, type ScanResult, type Severity, type Zone } from '../model';
import { modifierWord } from '../evaluate';
import { assessmentOf, highModifiers, isOpen, missingCount, summarise, where, workloadsByTier, zoneLabel, type PrincipleCoverage, type ReportSummary } from './common';
import { prioritise } from './prioritise';

export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const ZONE_COLOURS: Record<Zone, string> = {
  foundational: '#3f8f5f',
  standard: '#2f6fc0',
  advanced: '#c97a12',
  'high-assurance': '#b8323c',
};

const CSS = `
:root{--ink:#1d2430;--muted:#5b6575;--line:#d9dee6;--bg:#f6f7f9;--card:#fff;--err:#b8323c;--warn:#9a6400;--note:#4b5563}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1240px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}h3{font-size:15px;margin:18px 0 6px}
.sub{color:var(--muted);margin:0 0 18px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card .n{font-size:26px;font-weight:650;line-height:1.2}.card .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card.alert{border-color:var(--err)}.card.alert .n{color:var(--err)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px;margin-top:16px}
figure{margin:0;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
figcaption{font-weight:600;margin-bottom:6px}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.legend{display:flex;flex-wrap:wrap;gap:12px;font-size:12px;color:var(--muted);margin-top:4px}
.legend span::before{content:"";display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px;background:var(--c)}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden;font-size:13px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef1f5;font-weight:600}
tr:last-child td{border-bottom:0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eef1f5;padding:1px 4px;border-radius:4px;overflow-wrap:break-word}
.scroll{overflow-x:auto;border-radius:8px}
.tier{display:inline-block;min-width:30px;text-align:center;color:#fff;border-radius:4px;padding:0 5px;font-weight:650;font-size:12px}
.sev{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600;border:1px solid}
.sev.error{color:var(--err);border-color:var(--err)}.sev.warning{color:var(--warn);border-color:var(--warn)}.sev.info{color:var(--note);border-color:#9aa3af}
.finding{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--c,#9aa3af);border-radius:6px;padding:8px 12px;margin:8px 0}
.finding p{margin:4px 0}.finding ul{margin:4px 0;padding-left:18px;color:var(--muted)}
.yes{color:var(--err);font-weight:600}.muted{color:var(--muted)}.small{font-size:12px}.nw{white-space:nowrap}
footer{margin-top:36px;color:var(--muted);font-size:12px}
@media print{body{background:#fff}main{padding:0}.charts{grid-template-columns:1fr 1fr}figure,table,.finding{break-inside:avoid}}
`;

function tierBadge(t: (typeof TIERS)[number]): string {
  return `<span class="tier" style="background:${ZONE_COLOURS[tierDef(t).zone]}">${t}</span>`;
}

function sevBadge(s: Severity): string {
  return `<span class="sev ${s}">${s === 'info' ? 'note' : s}</span>`;
}

/** Vertical bars: workloads per effective tier, with the baseline count as an outline beside each. */
export function tierChart(s: ReportSummary): string {
  const W = 520;
  const H = 250;
  const left = 34;
  const bottom = 46;
  const top = 18;
  const plotH = H - top - bottom;
  const max = Math.max(1, ...TIERS.map((t) => Math.max(s.effectiveTiers[t], s.baselineTiers[t])));
  const step = (W - left - 10) / TIERS.length;
  const bw = Math.min(22, step / 2 - 4);
  const y = (n: number) => top + plotH - (n / max) * plotH;
  const parts: string[] = [];
  const ticks = max <= 5 ? Array.from({ length: max + 1 }, (_, i) => i) : [0, Math.round(max / 2), max];
  for (const t of ticks) {
    parts.push(`<line x1="${left}" x2="${W - 6}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e3e7ed"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#5b6575">${t}</text>`);
  }
  TIERS.forEach((t, i) => {
    const cx = left + step * i + step / 2;
    const colour = ZONE_COLOURS[tierDef(t).zone];
    const e = s.effectiveTiers[t];
    const b = s.baselineTiers[t];
    parts.push(
      `<rect x="${(cx - bw - 1).toFixed(1)}" y="${y(e).toFixed(1)}" width="${bw.toFixed(1)}" height="${(top + plotH - y(e)).toFixed(1)}" fill="${colour}" rx="2"><title>${t}: ${e} workload(s) at this effective tier</title></rect>`,
    );
    parts.push(
      `<rect x="${(cx + 1).toFixed(1)}" y="${y(b).toFixed(1)}" width="${bw.toFixed(1)}" height="${(top + plotH - y(b)).toFixed(1)}" fill="${colour}" fill-opacity="0.18" stroke="${colour}" stroke-dasharray="3 2" rx="2"><title>${t}: ${b} workload(s) at this baseline tier</title></rect>`,
    );
    if (e > 0) parts.push(`<text x="${(cx - bw / 2 - 1).toFixed(1)}" y="${(y(e) - 4).toFixed(1)}" font-size="11" font-weight="600" text-anchor="middle" fill="#1d2430">${e}</text>`);
    parts.push(`<text x="${cx.toFixed(1)}" y="${H - bottom + 16}" font-size="12" font-weight="600" text-anchor="middle" fill="#1d2430">${t}</text>`);
  });
  // Zone bands under the tier labels.
  const zones: Zone[] = ['foundational', 'standard', 'advanced', 'high-assurance'];
  zones.forEach((z, i) => {
    const x0 = left + step * (i * 2) + 3;
    const w = step * 2 - 6;
    parts.push(`<rect x="${x0.toFixed(1)}" y="${H - bottom + 24}" width="${w.toFixed(1)}" height="4" fill="${ZONE_COLOURS[z]}" rx="2"/>`);
    parts.push(`<text x="${(x0 + w / 2).toFixed(1)}" y="${H - bottom + 40}" font-size="11" text-anchor="middle" fill="#5b6575">${esc(zoneLabel(z))}</text>`);
  });
  parts.push(`<line x1="${left}" x2="${W - 6}" y1="${top + plotH}" y2="${top + plotH}" stroke="#9aa3af"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Workloads per tier: ${TIERS.map((t) => `${t} ${s.effectiveTiers[t]}`).join(', ')}">${parts.join('')}</svg>`;
}

/** Short names of the 13 principles for chart labels (the full title is the tooltip). */
const PRINCIPLE_SHORT: Record<number, string> = {
  1: 'Awareness',
  2: 'Secure design',
  3: 'Threats and risks',
  4: 'Human responsibility',
  5: 'Asset inventory',
  6: 'Infrastructure',
  7: 'Supply chain',
  8: 'Documentation',
  9: 'Testing',
  10: 'Communication',
  11: 'Updates and patches',
  12: 'Monitoring',
  13: 'Disposal',
};

/** Horizontal bars: share of the applicable provisions of each principle that is covered. */
export function principleChart(list: readonly PrincipleCoverage[]): string {
  const W = 540;
  const row = 19;
  const top = 6;
  const labelW = 180;
  const barW = W - labelW - 56;
  const H = top + row * list.length + 22;
  const parts: string[] = [];
  list.forEach((p, i) => {
    const y = top + i * row;
    const title = PRINCIPLE_SHORT[p.number] ?? p.title;
    parts.push(`<text x="0" y="${y + 13}" font-size="11.5" fill="#1d2430"><title>P${p.number} ${esc(p.title)} (${p.clause})</title>P${p.number} ${esc(title)}</text>`);
    parts.push(`<rect x="${labelW}" y="${y + 3}" width="${barW}" height="12" fill="#e8ebf0" rx="3"/>`);
    if (p.percent === undefined) {
      parts.push(`<text x="${labelW + barW + 6}" y="${y + 13}" font-size="11" fill="#8a93a3">n/a</text>`);
    } else {
      const colour = p.percent >= 80 ? '#3f8f5f' : p.percent >= 50 ? '#c97a12' : '#b8323c';
      const w = Math.max(p.percent > 0 ? 2 : 0, (p.percent / 100) * barW);
      parts.push(`<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="12" fill="${colour}" rx="3"><title>${p.covered} of ${p.applicable} applicable provisions covered</title></rect>`);
      parts.push(`<text x="${labelW + barW + 6}" y="${y + 13}" font-size="11" font-weight="600" fill="#1d2430">${p.percent}%</text>`);
    }
  });
  const axisY = top + row * list.length + 4;
  for (const pct of [0, 50, 100]) {
    const x = labelW + (pct / 100) * barW;
    parts.push(`<text x="${x.toFixed(1)}" y="${axisY + 12}" font-size="10" text-anchor="middle" fill="#8a93a3">${pct}%</text>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Provision coverage per principle">${parts.join('')}</svg>`;
}

function findingHtml(f: Finding): string {
  const title = f.title || controlById(f.controlId)?.title || '';
  const items: string[] = [];
  if (f.note) items.push(`<li>${esc(f.note)}</li>`);
  items.push(`<li>Provisions: ${f.provisions.map((p) => `${esc(p)} (UK ${esc(provisionById(p)?.uk ?? '?')})`).join(', ')}</li>`);
  for (const e of f.related) items.push(`<li>Evidence: <code>${esc(where(e.file, e.range.start.line, e.range.start.character))}</code> ${esc(e.why)}</li>`);
  for (const x of f.fixes) items.push(`<li>Fix${x.kind === 'safe' ? ' (safe, automatic)' : ' (review the edit)'}: ${esc(x.title)}</li>`);
  return `<div class="finding" style="--c:${ZONE_COLOURS[f.zone]}"><p>${sevBadge(f.severity)} <strong>${esc(f.controlId)}</strong> ${esc(title)} · <code>${esc(where(f.file, f.range.start.line, f.range.start.character))}</code></p><p>${esc(f.detail || f.message)}</p><ul>${items.join('')}</ul></div>`;
}

export function toHtml(result: ScanResult): string {
  const s = summarise(result);
  const plan = prioritise(result);
  const open = result.findings.filter(isOpen);
  const b: string[] = [];
  b.push(`<h1>AI risk assessment — ${esc(result.root)}</h1>`);
  b.push(`<p class="sub">Produced by AI Risk Gradient ${esc(result.tool.version)} from ${s.files} files. Tiers L1–L8 and controls follow the AI risk gradient; provisions are those of ETSI EN 304 223 (UK numbers beside them).</p>`);
  b.push('<section class="cards">');
  b.push(`<div class="card"><div class="n">${s.workloads}</div><div class="l">AI workloads</div></div>`);
  b.push(`<div class="card${s.bySeverity.error > 0 ? ' alert' : ''}"><div class="n">${s.openFindings}</div><div class="l">open findings · ${s.bySeverity.error} error · ${s.bySeverity.warning} warning · ${s.bySeverity.info} note</div></div>`);
  b.push(`<div class="card"><div class="n">${s.suppressedFindings}</div><div class="l">suppressed</div></div>`);
  b.push(`<div class="card"><div class="n">${s.coveragePercent}%</div><div class="l">provision coverage</div></div>`);
  b.push(`<div class="card${s.formalAssessments > 0 ? ' alert' : ''}"><div class="n">${s.formalAssessments}</div><div class="l">formal risk assessments required</div></div>`);
  b.push('</section>');

  b.push('<section class="charts">');
  b.push(
    `<figure><figcaption>Workloads per tier</figcaption>${tierChart(s)}<div class="legend"><span style="--c:#555">solid: effective tier</span><span style="--c:#ccc">dashed: baseline tier</span></div></figure>`,
  );
  b.push(`<figure><figcaption>Provision coverage per principle (ETSI EN 304 223)</figcaption>${principleChart(s.principles)}</figure>`);
  b.push('</section>');

  b.push('<h2>Inventory</h2>');
  if (result.workloads.length === 0) b.push('<p>No AI workloads found.</p>');
  else {
    b.push(
      '<div class="scroll"><table><thead><tr><th>Workload</th><th>Root</th><th>Owner</th><th>Baseline</th><th>High modifiers</th><th>Effective</th><th>Zone</th><th>Formal risk assessment</th><th>Missing controls</th><th>Coverage</th></tr></thead><tbody>',
    );
    for (const w of workloadsByTier(result)) {
      const a = assessmentOf(result, w.id);
      if (!a) {
        b.push(`<tr><td>${esc(w.name)}<div class="muted small">${esc(w.kind)}</div></td><td><code>${esc(w.root || '.')}</code></td><td>${esc(w.owner ?? '—')}</td><td colspan="7" class="muted">not assessed</td></tr>`);
        continue;
      }
      const high = highModifiers(a).map((m) => `${esc(modifierWord(m))}${a.modifiers[m as (typeof MODIFIERS)[number]].source === 'declared' ? '*' : ''}`);
      b.push(
        `<tr><td>${esc(w.name)}<div class="muted small">${esc(w.kind)}</div></td><td><code>${esc(w.root || '.')}</code></td><td>${esc(w.owner ?? '—')}</td><td>${tierBadge(a.baselineTier)}</td><td>${high.join(', ') || '—'}</td><td>${tierBadge(a.effectiveTier)}${a.override ? ' override' : ''}</td><td>${esc(zoneLabel(a.zone))}</td><td>${a.formalRiskAssessmentRequired ? '<span class="yes">required</span>' : 'no'}</td><td class="num">${missingCount(a)}</td><td class="num">${a.coverage.percent}%</td></tr>`,
      );
    }
    b.push('</tbody></table></div><p class="muted">* declared in the AI asset register.</p>');
  }

  b.push('<h2>Remediation priorities</h2>');
  if (plan.length === 0) b.push('<p>Nothing to remediate.</p>');
  else {
    b.push('<p class="muted">Highest effective tier first; within a tier, the controls that close the most provisions. Quick wins have a safe automatic fix.</p>');
    b.push('<div class="scroll"><table><thead><tr><th>#</th><th>Tier</th><th>Workload</th><th>Control</th><th>Action</th><th>Closes</th><th>Quick win</th></tr></thead><tbody>');
    for (const p of plan) {
      b.push(
        `<tr><td class="num">${p.rank}</td><td>${tierBadge(p.effectiveTier)}</td><td>${esc(p.workloadName)}</td><td><strong class="nw">${esc(p.controlId)}</strong> ${esc(p.title)}</td><td>${p.action === 'fix' ? `fix · ${p.findings.length} finding${p.findings.length === 1 ? '' : 's'}` : 'record evidence'}</td><td>${p.closes.length ? esc(p.closes.join(', ')) : '—'}</td><td>${p.quickWin ? `yes: ${esc(p.fix ?? '')}` : '—'}</td></tr>`,
      );
    }
    b.push('</tbody></table></div>');
  }

  b.push('<h2>Findings</h2>');
  if (open.length === 0) b.push('<p>No open findings.</p>');
  for (const w of workloadsByTier(result)) {
    const list = open.filter((f) => f.workloadId === w.id);
    if (list.length === 0) continue;
    const a = assessmentOf(result, w.id);
    b.push(`<h3>${a ? `${tierBadge(a.effectiveTier)} ` : ''}${esc(w.name)} <span class="muted">${a ? esc(zoneLabel(a.zone)) : ''} · ${list.length} open</span></h3>`);
    for (const f of list) b.push(findingHtml(f));
  }
  const orphans = open.filter((f) => !result.workloads.some((w) => w.id === f.workloadId));
  if (orphans.length > 0) {
    b.push('<h3>Other</h3>');
    for (const f of orphans) b.push(findingHtml(f));
  }

  const suppressed = result.findings.filter((f) => f.suppressed);
  if (suppressed.length > 0) {
    b.push('<h2>Suppressed findings</h2>');
    b.push('<div class="scroll"><table><thead><tr><th>Control</th><th>Workload</th><th>Location</th><th>Where</th><th>Reason</th><th>Expires</th><th>Approver</th></tr></thead><tbody>');
    for (const f of suppressed) {
      const x = f.suppressed!;
      b.push(
        `<tr><td><strong class="nw">${esc(f.controlId)}</strong></td><td>${esc(f.workloadName)}</td><td><code>${esc(where(f.file, f.range.start.line, f.range.start.character))}</code></td><td>${x.kind === 'inline' ? 'inline comment' : 'register exception'}</td><td>${esc(x.reason)}</td><td class="nw">${esc(x.expires ?? '—')}</td><td>${esc(x.approver ?? '—')}</td></tr>`,
      );
    }
    b.push('</tbody></table></div>');
  }

  if (result.problems.length > 0) {
    b.push('<h2>Problems reading files</h2>');
    b.push('<div class="scroll"><table><thead><tr><th>Severity</th><th>Location</th><th>Code</th><th>Message</th></tr></thead><tbody>');
    for (const p of result.problems) {
      b.push(`<tr><td>${sevBadge(p.severity)}</td><td><code>${esc(where(p.file, p.range.start.line, p.range.start.character))}</code></td><td><code>${esc(p.code)}</code></td><td>${esc(p.message)}</td></tr>`);
    }
    b.push('</tbody></table></div>');
  }
  b.push('<footer>This page is self-contained: it runs no script and loads nothing from the network. Secret values are never part of a scan result; only their kind and location are.</footer>');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>AI risk assessment — ${esc(result.root)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${b.join('\n')}
</main>
</body>
</html>
`;
}

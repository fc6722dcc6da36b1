/** Plain-word descriptions of workloads and findings shared by hover, tree, CodeLens and report. */
import type { Assessment, Finding, ScanResult, Workload } from '../core';
import { controlInfo, modifierWord, provisionLabel } from '../node/host-core';
import { zoneWord } from './convert';

/** Lookups into one ScanResult, built on first use and kept while the result is (a mirror composes a new one per change). */
export interface ResultIndex {
  workload(id: string): Workload | undefined;
  assessment(workloadId: string): Assessment | undefined;
  /** The workload's findings, in the result's order. */
  findingsOf(workloadId: string): readonly Finding[];
  /** Workloads anchored in a file. */
  anchoredIn(file: string): readonly Workload[];
  /** Ids of workloads with baseline evidence in a file. */
  evidencedIn(file: string): readonly string[];
}

const indexes = new WeakMap<ScanResult, ResultIndex>();

function group<T>(items: readonly T[], keys: (x: T) => Iterable<string>): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items)
    for (const k of keys(x)) {
      const list = m.get(k);
      if (list) list.push(x);
      else m.set(k, [x]);
    }
  return m;
}

/** At 50,000 files a result holds ~7,500 workloads and ~58,000 findings: never search it per item. */
export function indexOf(result: ScanResult): ResultIndex {
  let ix = indexes.get(result);
  if (ix) return ix;
  let workloads: Map<string, Workload> | undefined;
  let assessments: Map<string, Assessment> | undefined;
  let findings: Map<string, Finding[]> | undefined;
  let anchors: Map<string, Workload[]> | undefined;
  let evidence: Map<string, string[]> | undefined;
  ix = {
    workload: (id) => (workloads ??= new Map(result.workloads.map((w) => [w.id, w]))).get(id),
    assessment: (id) => (assessments ??= new Map(result.assessments.map((a) => [a.workloadId, a]))).get(id),
    findingsOf: (id) => (findings ??= group(result.findings, (f) => [f.workloadId])).get(id) ?? [],
    anchoredIn: (file) => (anchors ??= group(result.workloads, (w) => [w.anchor.file])).get(file) ?? [],
    evidencedIn: (file) =>
      (evidence ??= new Map([...group(result.assessments, (a) => new Set(a.baselineEvidence.flatMap((s) => s.evidence.map((e) => e.file))))].map(([f, list]) => [f, list.map((a) => a.workloadId)]))).get(file) ?? [],
  };
  indexes.set(result, ix);
  return ix;
}

export function assessmentOf(result: ScanResult, workloadId: string): Assessment | undefined {
  return indexOf(result).assessment(workloadId);
}

export function missingCount(result: ScanResult, workloadId: string): number {
  const a = assessmentOf(result, workloadId);
  if (!a) return 0;
  return a.results.filter((r) => r.status === 'missing' || r.status === 'partial').length;
}

/** `L7 → L8 · high assurance · 4 controls missing` */
export function badge(result: ScanResult, w: Workload): string {
  const a = assessmentOf(result, w.id);
  if (!a) return w.name;
  const tiers = a.baselineTier === a.effectiveTier ? a.effectiveTier : `${a.baselineTier} → ${a.effectiveTier}`;
  const n = missingCount(result, w.id);
  const gaps = n === 0 ? 'no controls missing' : `${n} control${n === 1 ? '' : 's'} missing`;
  return `${tiers} · ${zoneWord(a.zone)} · ${gaps}`;
}

function esc(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/** Markdown for a workload: tiers, modifiers with evidence, missing controls. */
export function workloadMarkdown(result: ScanResult, w: Workload): string {
  const a = assessmentOf(result, w.id);
  const out: string[] = [];
  out.push(`**AI Risk Gradient — ${esc(w.name)}** (${w.kind})`);
  if (!a) return out.join('\n\n');
  out.push(`Baseline **${a.baselineTier}** → effective **${a.effectiveTier}** · ${zoneWord(a.zone)}${a.override ? ` (override: ${esc(a.override.justification)})` : ''}${a.formalRiskAssessmentRequired ? ' · formal risk assessment required' : ''}`);
  const why = a.baselineEvidence.map((s) => `- ${s.tier}: ${esc(s.pattern)}`).slice(0, 4);
  if (why.length) out.push(`Why ${a.baselineTier}:\n${why.join('\n')}`);
  const mods = Object.values(a.modifiers)
    .filter((m) => m.rating !== 'low' || m.source === 'declared')
    .map((m) => `- ${modifierWord(m.modifier)}: **${m.rating}** (${m.source})${m.evidence[0] ? ` — ${esc(m.evidence[0].why)}` : m.justification ? ` — ${esc(m.justification)}` : ''}`);
  if (mods.length) out.push(`Risk modifiers:\n${mods.join('\n')}`);
  const missing = a.results.filter((r) => r.status === 'missing' || r.status === 'partial');
  if (missing.length) {
    const lines = missing.slice(0, 8).map((r) => `- \`${r.controlId}\` ${esc(controlInfo(r.controlId)?.title ?? '')} — ${r.provisions.map(provisionLabel).join(', ')}`);
    if (missing.length > 8) lines.push(`- … and ${missing.length - 8} more`);
    out.push(`Missing controls:\n${lines.join('\n')}`);
  }
  const evidence = a.results.filter((r) => r.status === 'needs-evidence').length;
  if (evidence) out.push(`${evidence} control(s) need evidence in the AI asset register.`);
  return out.join('\n\n');
}

export function findingMarkdown(f: Finding): string {
  const c = controlInfo(f.controlId);
  const out: string[] = [];
  out.push(`**${f.controlId} ${esc(c?.title ?? '')}** — ${f.status} for ${esc(f.workloadName)} (${f.effectiveTier}, ${zoneWord(f.zone)})`);
  out.push(`Provisions: ${f.provisions.map(provisionLabel).join(', ')}`);
  if (f.fixes.length) out.push(`Quick fix: ${f.fixes.map((x) => `${esc(x.title)}${x.kind === 'safe' ? '' : ' (review)'} — changes ${x.edits.length} place(s) in ${[...new Set(x.edits.map((e) => e.file))].join(', ')}`).join('; ')}`);
  else if (c?.remediation) out.push(`How to fix: ${esc(c.remediation)}`);
  if (f.note) out.push(esc(f.note));
  return out.join('\n\n');
}

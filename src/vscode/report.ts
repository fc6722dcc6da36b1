/** The assessment report webview: inventory, tiers, modifiers, controls, provision coverage. */
import * as vscode from 'vscode';
import type { ScanResult } from '../core';
import { controlInfo, modifierWord, MODIFIERS, provisionById } from '../node/host-core';
import type { Controller } from './controller';
import { findingVisible, workloadVisible } from './diagnostics';
import { zoneWord } from './convert';
import { indexOf } from './describe';

export interface ReportTarget {
  folder?: string;
  workloadId?: string;
}

interface Row {
  key: string;
  folder: string;
  folderUri: string;
  id: string;
  name: string;
  kind: string;
  root: string;
  owner?: string;
  baseline: string;
  effective: string;
  zone: string;
  formal: boolean;
  modifiers: { id: string; label: string; rating: string; source: string; why?: string }[];
  missing: number;
  needsEvidence: number;
  coverage: number;
  anchor: { uri: string; line: number; character: number };
  why: string[];
  controls: { id: string; title: string; status: string; summary: string; provisions: string[]; findings: { uri: string; file: string; line: number; character: number }[] }[];
}

export interface ReportData {
  generated: string;
  folders: string[];
  rows: Row[];
  provisions: { id: string; uk: string; summary: string; covered: boolean; controls: string[] }[];
  totals: { workloads: number; missing: number; coverage: number; files: number };
}

export function reportData(controller: Controller): ReportData {
  const rows: Row[] = [];
  const provisions = new Map<string, { covered: boolean; controls: Set<string> }>();
  let files = 0;
  for (const { model, result } of controller.results()) {
    const settings = controller.settings(model);
    files += result.filesScanned;
    for (const a of result.assessments) {
      if (!workloadVisible(result, a.workloadId, settings)) continue;
      const w = indexOf(result).workload(a.workloadId);
      if (!w) continue;
      const findings = indexOf(result).findingsOf(w.id).filter((f) => findingVisible(f, result, settings));
      rows.push({
        key: `${model.folder.uri.toString()}|${w.id}`,
        folder: model.folder.name,
        folderUri: model.folder.uri.toString(),
        id: w.id,
        name: w.name,
        kind: w.kind,
        root: w.root,
        owner: w.owner,
        baseline: a.baselineTier,
        effective: a.effectiveTier,
        zone: zoneWord(a.zone),
        formal: a.formalRiskAssessmentRequired,
        modifiers: MODIFIERS.map((m) => {
          const r = a.modifiers[m];
          return { id: m, label: modifierWord(m), rating: r?.rating ?? 'low', source: r?.source ?? 'default', why: r?.justification ?? r?.evidence[0]?.why };
        }),
        missing: a.results.filter((r) => r.status === 'missing' || r.status === 'partial').length,
        needsEvidence: a.results.filter((r) => r.status === 'needs-evidence').length,
        coverage: a.coverage.percent,
        anchor: { uri: model.uri(w.anchor.file).toString(), line: w.anchor.range.start.line, character: w.anchor.range.start.character },
        why: a.baselineEvidence.map((s) => `${s.tier}: ${s.pattern}`),
        controls: a.results
          .filter((r) => r.status !== 'not-applicable')
          .map((r) => ({
            id: r.controlId,
            title: controlInfo(r.controlId)?.title ?? '',
            status: r.status,
            summary: r.summary,
            provisions: r.provisions.map((p) => `${p} (UK ${provisionById(p)?.uk ?? '?'})`),
            findings: findings.filter((f) => f.controlId === r.controlId).map((f) => ({ uri: model.uri(f.file).toString(), file: f.file, line: f.range.start.line, character: f.range.start.character })),
          })),
      });
      for (const p of a.coverage.applicable) {
        const e = provisions.get(p) ?? { covered: true, controls: new Set<string>() };
        if (!a.coverage.covered.includes(p)) e.covered = false;
        for (const r of a.results) if (r.provisions.includes(p) && r.status !== 'not-applicable') e.controls.add(r.controlId);
        provisions.set(p, e);
      }
    }
  }
  const provisionRows = [...provisions.entries()]
    .map(([id, e]) => ({ id, uk: provisionById(id)?.uk ?? '', summary: provisionById(id)?.summary ?? '', covered: e.covered, controls: [...e.controls].sort() }))
    .sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }));
  const covered = provisionRows.filter((p) => p.covered).length;
  return {
    generated: new Date().toISOString(),
    folders: [...controller.models.values()].map((m) => m.folder.name),
    rows: rows.sort((a, b) => b.effective.localeCompare(a.effective) || a.name.localeCompare(b.name)),
    provisions: provisionRows,
    totals: { workloads: rows.length, missing: rows.reduce((n, r) => n + r.missing, 0), coverage: provisionRows.length ? Math.round((covered / provisionRows.length) * 100) : 100, files },
  };
}

/** The export: one ScanResult per folder (JSON); the core's formatters plug in here. */
export function exportJson(controller: Controller): string {
  const results: Record<string, ScanResult> = {};
  for (const { model, result } of controller.results()) results[model.folder.name] = result;
  const values = Object.values(results);
  return `${JSON.stringify(values.length === 1 ? values[0] : results, null, 2)}\n`;
}

function nonce(): string {
  let s = '';
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < 32; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}

export class ReportPanel implements vscode.Disposable {
  static current: ReportPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private focus: string | undefined;

  static show(context: vscode.ExtensionContext, controller: Controller, target?: ReportTarget): ReportPanel {
    const key = target?.workloadId ? `${target.folder ?? [...controller.models.values()][0]?.folder.uri.toString()}|${target.workloadId}` : undefined;
    if (ReportPanel.current) {
      ReportPanel.current.focus = key;
      ReportPanel.current.panel.reveal(vscode.ViewColumn.Active);
      ReportPanel.current.render();
      return ReportPanel.current;
    }
    const panel = vscode.window.createWebviewPanel('aiRiskGradient.report', 'AI Risk Assessment', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
      retainContextWhenHidden: true,
    });
    ReportPanel.current = new ReportPanel(panel, context, controller, key);
    return ReportPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly controller: Controller,
    focus: string | undefined,
  ) {
    this.focus = focus;
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      controller.onDidChange(() => this.render()),
      panel.webview.onDidReceiveMessage((m: { type: string; uri?: string; line?: number; character?: number; format?: string }) => {
        if (m.type === 'reveal' && m.uri) void vscode.commands.executeCommand('aiRiskGradient.reveal', { uri: m.uri, range: { start: { line: m.line ?? 0, character: m.character ?? 0 }, end: { line: m.line ?? 0, character: m.character ?? 0 } } });
        if (m.type === 'export') void vscode.commands.executeCommand('aiRiskGradient.exportReport', m.format ?? 'json');
        if (m.type === 'rescan') void vscode.commands.executeCommand('aiRiskGradient.assessWorkspace');
      }),
    );
    this.render();
  }

  /** What the page shows now (tests read it). */
  data(): ReportData {
    return reportData(this.controller);
  }

  render(): void {
    const webview = this.panel.webview;
    const media = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', f));
    const n = nonce();
    const json = JSON.stringify({ ...this.data(), focus: this.focus }).replace(/</g, '\\u003c');
    webview.html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; img-src ${webview.cspSource}; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${media('report.css')}">
<title>AI Risk Assessment</title></head>
<body>
<header>
  <h1>AI Risk Assessment</h1>
  <div class="toolbar">
    <input id="filter" type="search" placeholder="Filter by name, tier, control, provision…" aria-label="Filter">
    <label>Sort <select id="sort" aria-label="Sort"><option value="tier">Effective tier</option><option value="missing">Missing controls</option><option value="name">Name</option><option value="coverage">Coverage</option></select></label>
    <label><input id="gapsOnly" type="checkbox"> Only workloads with gaps</label>
    <button id="rescan" type="button">Re-assess</button>
    <button id="exportJson" type="button">Export JSON</button>
    <button id="exportMarkdown" type="button">Markdown</button>
    <button id="exportHtml" type="button">HTML</button>
    <button id="exportSarif" type="button">SARIF</button>
    <button id="exportCsv" type="button">CSV</button>
  </div>
</header>
<section id="summary"></section>
<section><h2>Inventory</h2><table id="inventory"><thead><tr><th>Workload</th><th>Kind</th><th>Baseline</th><th>Effective</th><th>Zone</th><th>High modifiers</th><th>Missing</th><th>Needs evidence</th><th>Coverage</th><th>Owner</th></tr></thead><tbody></tbody></table></section>
<section id="details"></section>
<section><h2>ETSI EN 304 223 provision coverage</h2><table id="provisions"><thead><tr><th>Provision</th><th>UK</th><th>Summary</th><th>Status</th><th>Controls</th></tr></thead><tbody></tbody></table></section>
<script nonce="${n}" id="data" type="application/json">${json}</script>
<script nonce="${n}" src="${media('report.js')}"></script>
</body></html>`;
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (ReportPanel.current === this) ReportPanel.current = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

/** Hover on flagged ranges and on the resources that make a workload an AI workload. */
import * as vscode from 'vscode';
import type { Range } from '../core';
import type { Controller } from './controller';
import { findingVisible } from './diagnostics';
import { findingMarkdown, indexOf, workloadMarkdown } from './describe';
import { toRange } from './convert';

function contains(r: Range, p: vscode.Position): boolean {
  return toRange(r).contains(p);
}

export class RiskHover implements vscode.HoverProvider {
  constructor(private readonly controller: Controller) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const model = this.controller.modelFor(document.uri);
    const rel = model?.rel(document.uri);
    const result = model?.result();
    if (!model || !rel || !result) return undefined;
    const settings = this.controller.settings(model);
    const parts: string[] = [];
    const findings = model.findingsFor(rel).filter((f) => findingVisible(f, model, settings) && contains(f.range, position));
    const workloadIds = new Set<string>();
    for (const f of findings.slice(0, 3)) {
      parts.push(findingMarkdown(f));
      workloadIds.add(f.workloadId);
    }
    // The AI resources themselves: the anchor and the places that set the baseline tier, in
    // the result's order of workloads.
    const ix = indexOf(result);
    const here = new Set<string>();
    for (const w of ix.anchoredIn(rel)) if (contains(w.anchor.range, position)) here.add(w.id);
    for (const id of ix.evidencedIn(rel)) if (ix.assessment(id)?.baselineEvidence.some((s) => s.evidence.some((e) => e.file === rel && contains(e.range, position)))) here.add(id);
    if (here.size > 0) for (const a of result.assessments) if (here.has(a.workloadId) && ix.workload(a.workloadId)) workloadIds.add(a.workloadId);
    for (const id of [...workloadIds].slice(0, 2)) {
      const w = ix.workload(id);
      if (w) parts.push(workloadMarkdown(result, w));
    }
    if (parts.length === 0) return undefined;
    const md = new vscode.MarkdownString(parts.join('\n\n---\n\n'));
    md.isTrusted = false;
    return new vscode.Hover(md);
  }
}

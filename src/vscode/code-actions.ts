/**
 * Quick-fixes per finding (apply the control's fix, suppress with a reason, record an
 * exception in the register, open the docs, fix all of this control in the file) and a
 * `source.fixAll.aiRiskGradient` action that applies every safe fix of the file.
 */
import * as vscode from 'vscode';
import type { Finding } from '../core';
import { controlInfo } from '../node/host-core';
import type { Controller } from './controller';
import { controlIdOf, findingOf, findingVisible } from './diagnostics';
import { commentSyntax, mergeEdits, toWorkspaceEdit } from './edits';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('aiRiskGradient');

export class FindingCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(private readonly controller: Controller) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const model = this.controller.modelFor(document.uri);
    const rel = model?.rel(document.uri);
    if (!model || !rel || !model.hasResult) return [];
    const settings = this.controller.settings(model);
    const visible = model.findingsFor(rel).filter((f) => findingVisible(f, model, settings));
    const actions: vscode.CodeAction[] = [];

    if (context.only && (FIX_ALL_KIND.contains(context.only) || context.only.contains(FIX_ALL_KIND))) {
      const fixAll = await this.fixAll(model, visible, 'Apply every safe AI Risk Gradient fix in this file', FIX_ALL_KIND);
      if (fixAll) actions.push(fixAll);
      return actions;
    }
    if (context.only && !vscode.CodeActionKind.QuickFix.contains(context.only) && !context.only.contains(vscode.CodeActionKind.QuickFix)) return actions;

    const done = new Set<string>();
    for (const diag of context.diagnostics) {
      const id = controlIdOf(diag);
      if (!id) continue;
      const f = findingOf(model, rel, diag);
      if (!f || done.has(f.id)) continue;
      done.add(f.id);
      let preferred = false;
      for (const fix of f.fixes) {
        const a = new vscode.CodeAction(fix.kind === 'safe' ? fix.title : `${fix.title} (review the change)`, vscode.CodeActionKind.QuickFix);
        a.diagnostics = [diag];
        a.edit = await toWorkspaceEdit(model, fix.edits);
        if (fix.kind === 'safe' && !preferred) {
          a.isPreferred = true;
          preferred = true;
        }
        actions.push(a);
      }
      const same = visible.filter((x) => x.controlId === id && x.fixes.length > 0);
      if (same.length > 1) {
        const all = await this.fixAll(model, same, `Fix all ${id} in this file (${same.length})`, vscode.CodeActionKind.QuickFix);
        if (all) {
          all.diagnostics = [diag];
          actions.push(all);
        }
      }
      if (commentSyntax(f.file)) {
        const s = new vscode.CodeAction(`Suppress ${id} here with a reason…`, vscode.CodeActionKind.QuickFix);
        s.diagnostics = [diag];
        s.command = { command: 'aiRiskGradient.suppressFinding', title: s.title, arguments: [document.uri, f.id] };
        actions.push(s);
      }
      const r = new vscode.CodeAction(`Record an exception for ${id} in the AI asset register…`, vscode.CodeActionKind.QuickFix);
      r.diagnostics = [diag];
      r.command = { command: 'aiRiskGradient.recordException', title: r.title, arguments: [document.uri, f.id] };
      actions.push(r);
      const d = new vscode.CodeAction(`Open the ${id} page: ${controlInfo(id)?.title ?? 'control'}`, vscode.CodeActionKind.QuickFix);
      d.diagnostics = [diag];
      d.command = { command: 'aiRiskGradient.openControlDocs', title: d.title, arguments: [id] };
      actions.push(d);
    }
    return actions;
  }

  private async fixAll(model: Parameters<typeof toWorkspaceEdit>[0], findings: readonly Finding[], title: string, kind: vscode.CodeActionKind): Promise<vscode.CodeAction | undefined> {
    const fixes = findings.map((f) => f.fixes.find((x) => x.kind === 'safe') ?? (kind === vscode.CodeActionKind.QuickFix ? f.fixes[0] : undefined)).filter((x): x is NonNullable<typeof x> => x !== undefined);
    if (fixes.length === 0) return undefined;
    const { edits } = mergeEdits(fixes);
    if (edits.length === 0) return undefined;
    const a = new vscode.CodeAction(title, kind);
    a.edit = await toWorkspaceEdit(model, edits);
    return a;
  }
}

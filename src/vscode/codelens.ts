/** A tier badge on each workload's anchor: `L7 → L8 · high assurance · 4 controls missing`. */
import * as vscode from 'vscode';
import type { Controller } from './controller';
import { badge, indexOf } from './describe';
import { workloadVisible } from './diagnostics';
import { toRange } from './convert';

export class TierCodeLens implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(private readonly controller: Controller) {
    controller.onDidChange(() => this.emitter.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const model = this.controller.modelFor(document.uri);
    const rel = model?.rel(document.uri);
    const result = model?.result();
    if (!model || !rel || !result) return [];
    const settings = this.controller.settings(model);
    if (!settings.codeLens) return [];
    return indexOf(result)
      .anchoredIn(rel)
      .filter((w) => workloadVisible(result, w.id, settings))
      .map(
        (w) =>
          new vscode.CodeLens(toRange(w.anchor.range), {
            title: `AI Risk Gradient: ${badge(result, w)}`,
            tooltip: `${w.name}: open the assessment report at this workload`,
            command: 'aiRiskGradient.showReport',
            arguments: [{ folder: model.folder.uri.toString(), workloadId: w.id }],
          }),
      );
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** Status bar: the highest effective tier in the workspace and the number of missing controls. */
import * as vscode from 'vscode';
import type { Tier } from '../core';
import { compareTiers } from '../node/host-core';
import type { Controller } from './controller';
import { findingVisible, workloadVisible } from './diagnostics';

export class RiskStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('aiRiskGradient.status', vscode.StatusBarAlignment.Left, 50);

  constructor(private readonly controller: Controller) {
    this.item.name = 'AI Risk Gradient';
    this.item.command = 'aiRiskGradient.showReport';
    this.item.text = '$(sync~spin) AI risk';
    this.item.tooltip = 'AI Risk Gradient is assessing the workspace';
    this.item.show();
    controller.onDidChange(() => this.update());
  }

  update(): void {
    let top: Tier | undefined;
    let workloads = 0;
    let missing = 0;
    let show = true;
    for (const { model, result } of this.controller.results()) {
      const settings = this.controller.settings(model);
      show = settings.statusBar;
      for (const a of result.assessments) {
        if (!workloadVisible(result, a.workloadId, settings)) continue;
        workloads++;
        if (!top || compareTiers(a.effectiveTier, top) > 0) top = a.effectiveTier;
      }
      missing += new Set(result.findings.filter((f) => findingVisible(f, result, settings)).map((f) => `${f.workloadId}|${f.controlId}`)).size;
    }
    if (!show) {
      this.item.hide();
      return;
    }
    if (!top) {
      this.item.text = '$(shield) AI: none found';
      this.item.tooltip = 'AI Risk Gradient found no AI workload in this workspace. Click for the report.';
    } else {
      this.item.text = `$(shield) AI ${top} · ${missing} missing`;
      this.item.tooltip = `Highest effective tier ${top} across ${workloads} AI workload${workloads === 1 ? '' : 's'}; ${missing} missing control${missing === 1 ? '' : 's'}. Click for the assessment report.`;
    }
    this.item.backgroundColor = top && compareTiers(top, 'L5') >= 0 && missing > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

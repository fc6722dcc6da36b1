/** Status bar: the highest effective tier in the workspace and the number of missing controls. */
import * as vscode from 'vscode';
import type { ScanResult, Tier } from '../core';
import { compareTiers } from '../node/host-core';
import type { Controller } from './controller';
import { findingVisible, workloadVisible } from './diagnostics';
import type { Settings } from './settings';

interface Summary {
  top: Tier | undefined;
  workloads: number;
  /** Distinct (workload, control) pairs among the visible findings. */
  missing: number;
}

/** Per result and settings: a folder whose results did not change is not counted again. */
const summaries = new WeakMap<ScanResult, { key: string; summary: Summary }>();

/** `open`: the model's count of (workload, control) pairs among open findings, right when nothing is filtered. */
function summary(result: ScanResult, settings: Settings, open: number): Summary {
  const key = JSON.stringify([settings.clouds, settings.showLowerZoneGaps]);
  const held = summaries.get(result);
  if (held && held.key === key) return held.summary;
  let top: Tier | undefined;
  let workloads = 0;
  for (const a of result.assessments) {
    if (!workloadVisible(result, a.workloadId, settings)) continue;
    workloads++;
    if (!top || compareTiers(a.effectiveTier, top) > 0) top = a.effectiveTier;
  }
  let missing = open;
  if (settings.clouds.length > 0 || !settings.showLowerZoneGaps) {
    const pairs = new Map<string, Set<string>>();
    for (const f of result.findings) {
      if (!findingVisible(f, result, settings)) continue;
      const controls = pairs.get(f.workloadId);
      if (controls) controls.add(f.controlId);
      else pairs.set(f.workloadId, new Set([f.controlId]));
    }
    missing = 0;
    for (const c of pairs.values()) missing += c.size;
  }
  const s = { top, workloads, missing };
  summaries.set(result, { key, summary: s });
  return s;
}

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
      const s = summary(result, settings, model.openControls);
      workloads += s.workloads;
      missing += s.missing;
      if (s.top && (!top || compareTiers(s.top, top) > 0)) top = s.top;
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

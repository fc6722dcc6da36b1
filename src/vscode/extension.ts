/**
 * AI Risk Gradient for VS Code: diagnostics while coding, tier assessment, quick-fix
 * remediation. A thin face over the core: every surface renders the same ScanResult.
 *
 * Activation loads no analysis code: the folders are analysed in worker threads, the surfaces
 * read the catalogue as data (src/node/host-core.ts), and the engine is required on first need
 * only (report formatters, explain pages, register edits, the in-process fallback).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { engineLoaded } from '../node/project-session';
import { FindingCodeActions } from './code-actions';
import { TierCodeLens } from './codelens';
import { EXPLAIN_SCHEME, ExplainProvider, registerCommands } from './commands';
import { Controller } from './controller';
import { hostEngineLoaded } from './engine';
import { RiskHover } from './hover';
import { ReportPanel, reportData, type ReportData } from './report';
import { RiskStatusBar } from './status';
import { InventoryTree } from './tree';

/** What `activate` returns: used by the integration tests, stable enough for other extensions. */
export interface ExtensionApi {
  controller: Controller;
  inventory: InventoryTree;
  status: RiskStatusBar;
  codeLens: TierCodeLens;
  hover: RiskHover;
  /** Resolves when the running scans are done and no edit waits for its debounce. */
  settled(): Promise<void>;
  reportData(): ReportData;
  reportPanel(): ReportPanel | undefined;
  /** Which parts of the engine this host has loaded: the commands' helpers, the in-process Project. */
  engineModules(): { hostEngine: boolean; inProcessEngine: boolean };
}

const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'vscode-remote' }, { scheme: 'vscode-vfs' }];

/** Set by the bundle's first and last lines (esbuild banner and footer): when the host started and ended evaluating this code. */
declare const __argBundleStart: number | undefined;
declare const __argBundleEnd: number | undefined;

const tenth = (ms: number): number => Math.round(ms * 10) / 10;

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('AI Risk Gradient');
  context.subscriptions.push(log);
  const controller = new Controller(context.extensionUri, path.join(context.extensionPath, 'dist'), log);
  context.subscriptions.push(controller);

  const inventory = new InventoryTree(controller);
  const view = vscode.window.createTreeView('aiRiskGradient.inventory', { treeDataProvider: inventory, showCollapseAll: true });
  const status = new RiskStatusBar(controller);
  const codeLens = new TierCodeLens(controller);
  const hover = new RiskHover(controller);
  controller.onDidChange(() => {
    let n = 0;
    for (const m of controller.models.values()) n += m.workloadCount;
    view.badge = n > 0 ? { value: n, tooltip: `${n} AI workload${n === 1 ? '' : 's'}` } : undefined;
  });
  context.subscriptions.push(
    inventory,
    view,
    status,
    codeLens,
    vscode.languages.registerCodeActionsProvider(SELECTOR, new FindingCodeActions(controller), { providedCodeActionKinds: FindingCodeActions.kinds }),
    vscode.languages.registerHoverProvider(SELECTOR, hover),
    vscode.languages.registerCodeLensProvider(SELECTOR, codeLens),
    vscode.workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, new ExplainProvider()),
  );
  registerCommands(context, controller);
  // Starts the scan: its worker parses; nothing is parsed on this thread before activate returns.
  controller.start();
  controller.stats.activationMs = tenth(performance.now() - t0);
  if (typeof __argBundleStart === 'number' && typeof __argBundleEnd === 'number') {
    controller.stats.moduleLoadMs = tenth(__argBundleEnd - __argBundleStart);
    controller.stats.activateWaitMs = tenth(t0 - __argBundleEnd);
  }
  log.appendLine(
    `AI Risk Gradient activated in ${controller.stats.activationMs} ms (bundle evaluated in ${controller.stats.moduleLoadMs} ms, activate() called ${controller.stats.activateWaitMs} ms later; ${vscode.workspace.workspaceFolders?.length ?? 0} folder(s), ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI)`,
  );

  return {
    controller,
    inventory,
    status,
    codeLens,
    hover,
    settled: () => controller.settled(),
    reportData: () => reportData(controller),
    reportPanel: () => ReportPanel.current,
    engineModules: () => ({ hostEngine: hostEngineLoaded(), inProcessEngine: engineLoaded() }),
  };
}

export function deactivate(): void {
  ReportPanel.current?.dispose();
}

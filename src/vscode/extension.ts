/**
 * AI Risk Gradient for VS Code: diagnostics while coding, tier assessment, quick-fix
 * remediation. A thin face over the core: every surface renders the same ScanResult.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FindingCodeActions } from './code-actions';
import { TierCodeLens } from './codelens';
import { EXPLAIN_SCHEME, ExplainProvider, registerCommands } from './commands';
import { Controller } from './controller';
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
}

const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'vscode-remote' }, { scheme: 'vscode-vfs' }];

/** Set by the bundle's first line (esbuild banner): when the host started loading this code. */
declare const __argBundleStart: number | undefined;

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
    const n = controller.results().reduce((k, r) => k + r.result.assessments.length, 0);
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
  controller.stats.activationMs = Math.round((performance.now() - t0) * 10) / 10;
  if (typeof __argBundleStart === 'number') controller.stats.moduleLoadMs = Math.round((t0 - __argBundleStart) * 10) / 10;
  log.appendLine(
    `AI Risk Gradient activated in ${controller.stats.activationMs} ms (code loaded in ${controller.stats.moduleLoadMs} ms; ${vscode.workspace.workspaceFolders?.length ?? 0} folder(s), ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI)`,
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
  };
}

export function deactivate(): void {
  ReportPanel.current?.dispose();
}

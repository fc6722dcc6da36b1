/** The commands of the extension. Those that take arguments also accept them from tests. */
import * as vscode from 'vscode';
import type { Finding, ScanResult } from '../core';
import { CONTROL_INFO } from '../node/host-core';
import type { Controller } from './controller';
import { docsUri } from './diagnostics';
import { hostEngine } from './engine';
import { isoDateIn, suppressionEdit, toWorkspaceEdit } from './edits';
import type { FolderModel } from './folder-model';
import { addException, updateRegister } from './register-file';
import { exportJson, ReportPanel, type ReportTarget } from './report';
import type { RevealTarget } from './tree';
import { toRange } from './convert';

export const EXPLAIN_SCHEME = 'ai-risk-gradient';

/** Read-only pages for `Explain Control…` (the explain pages load with the engine, on first use). */
export class ExplainProvider implements vscode.TextDocumentContentProvider {
  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = uri.path.replace(/^\/+/, '').replace(/\.txt$/, '');
    return hostEngine().explainControl(id) ?? `Unknown control ${id}.`;
  }
}

async function pickFolder(controller: Controller): Promise<FolderModel | undefined> {
  const models = [...controller.models.values()];
  if (models.length <= 1) return models[0];
  const active = vscode.window.activeTextEditor && controller.modelFor(vscode.window.activeTextEditor.document.uri);
  const pick = await vscode.window.showQuickPick(
    models.map((m) => ({ label: m.folder.name, description: m === active ? 'current' : undefined, model: m })),
    { placeHolder: 'Workspace folder' },
  );
  return pick?.model;
}

function findingById(controller: Controller, uri: vscode.Uri, findingId: string): { model: FolderModel; finding: Finding } | undefined {
  const model = controller.modelFor(uri);
  const finding = model?.result()?.findings.find((f) => f.id === findingId);
  return model && finding ? { model, finding } : undefined;
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Replaces a file's whole text through the editor (undoable when open) and saves it. */
async function writeWhole(uri: vscode.Uri, text: string): Promise<void> {
  const exists = await vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  await vscode.workspace.applyEdit(edit);
  await doc.save();
}

async function askReason(id: string, what: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `${what} ${id}`,
    prompt: 'Why is this gap acceptable? The reason is kept next to the suppression and shown in reports.',
    placeHolder: 'e.g. keys are managed by the platform team in the shared KMS account',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim().length < 5 ? 'Give a reason of a few words.' : undefined),
  });
}

async function askExpiry(): Promise<string | undefined | null> {
  const v = await vscode.window.showInputBox({
    title: 'Expiry (optional)',
    prompt: 'After this date the finding comes back. Leave empty for no expiry.',
    value: isoDateIn(180),
    ignoreFocusOut: true,
    validateInput: (s) => (s.trim() === '' || /^\d{4}-\d{2}-\d{2}$/.test(s.trim()) ? undefined : 'Write the date as YYYY-MM-DD.'),
  });
  if (v === undefined) return null; // cancelled
  return v.trim() || undefined;
}

export function registerCommands(context: vscode.ExtensionContext, controller: Controller): void {
  const reg = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn as (...args: unknown[]) => unknown));

  reg('aiRiskGradient.assessWorkspace', async () => {
    await controller.scanAll(true);
    const all = controller.results();
    const workloads = all.reduce((n, r) => n + r.result.assessments.length, 0);
    const tiers = all.flatMap((r) => r.result.assessments.map((a) => a.effectiveTier)).sort();
    const missing = all.reduce((n, r) => n + r.result.findings.filter((f) => !f.suppressed).length, 0);
    const msg = workloads === 0 ? 'AI Risk Gradient: no AI workload found.' : `AI Risk Gradient: ${workloads} AI workload${workloads === 1 ? '' : 's'}, highest tier ${tiers[tiers.length - 1]}, ${missing} finding${missing === 1 ? '' : 's'}.`;
    void vscode.window.showInformationMessage(msg, 'Show Report').then((a) => {
      if (a) void vscode.commands.executeCommand('aiRiskGradient.showReport');
    });
    return { workloads, missing };
  });

  reg('aiRiskGradient.showReport', async (target?: ReportTarget) => {
    await controller.whenIdle();
    return ReportPanel.show(context, controller, target);
  });

  reg('aiRiskGradient.assessCurrentFile', async () => {
    const doc = vscode.window.activeTextEditor?.document;
    const model = doc && controller.modelFor(doc.uri);
    const rel = doc && model?.rel(doc.uri);
    if (!doc || !model || !rel) {
      void vscode.window.showWarningMessage('AI Risk Gradient: open a file of the workspace first.');
      return undefined;
    }
    await model.ready();
    if (!(await model.includes(rel))) {
      void vscode.window.showInformationMessage(`AI Risk Gradient does not read ${rel} (no input kind claims it, or it is excluded).`);
      return { findings: 0, problems: 0 };
    }
    await controller.updateNow(doc);
    const findings = model.findingsFor(rel).filter((f) => !f.suppressed).length;
    const problems = model.problemsFor(rel).length;
    void vscode.window.showInformationMessage(`AI Risk Gradient: ${rel}: ${findings} finding${findings === 1 ? '' : 's'}, ${problems} other notice${problems === 1 ? '' : 's'}.`);
    return { findings, problems };
  });

  reg('aiRiskGradient.explainControl', async (id?: string) => {
    let controlId = typeof id === 'string' ? id : undefined;
    if (!controlId) {
      const pick = await vscode.window.showQuickPick(
        CONTROL_INFO.map((c) => ({ label: c.id, description: c.title, detail: c.threshold === 'any' ? `any tier with ${c.minHighModifiers ?? 2}+ High modifiers` : `${c.zone} zone, from ${c.threshold}`, id: c.id })),
        { placeHolder: 'Control to explain', matchOnDescription: true, matchOnDetail: true },
      );
      controlId = pick?.id;
    }
    if (!controlId) return undefined;
    const uri = vscode.Uri.from({ scheme: EXPLAIN_SCHEME, path: `/${controlId}.txt` });
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc;
  });

  reg('aiRiskGradient.openControlDocs', async (id: string) => {
    const uri = docsUri(context.extensionUri, id);
    try {
      await vscode.workspace.fs.stat(uri);
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.commands.executeCommand('aiRiskGradient.explainControl', id);
    }
  });

  reg('aiRiskGradient.reveal', async (target: RevealTarget) => {
    const uri = vscode.Uri.parse(target.uri);
    const range = toRange(target.range);
    const editor = await vscode.window.showTextDocument(uri, { selection: range, preserveFocus: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  });

  reg('aiRiskGradient.suppressFinding', async (uri: vscode.Uri, findingId: string, reasonArg?: string, expiresArg?: string) => {
    const hit = findingById(controller, uri, findingId);
    if (!hit) return false;
    const reason = reasonArg ?? (await askReason(hit.finding.controlId, 'Suppress'));
    if (!reason) return false;
    const expires = reasonArg !== undefined ? expiresArg : await askExpiry();
    if (expires === null) return false;
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.lineAt(Math.min(hit.finding.range.start.line, doc.lineCount - 1)).text;
    const edit = suppressionEdit(hit.finding, line, reason, expires);
    if (!edit) {
      void vscode.window.showWarningMessage(`${hit.finding.file} cannot hold a comment; record an exception in the AI asset register instead.`);
      return false;
    }
    return vscode.workspace.applyEdit(await toWorkspaceEdit(hit.model, [edit]));
  });

  reg('aiRiskGradient.recordException', async (uri: vscode.Uri, findingId: string, reasonArg?: string, expiresArg?: string) => {
    const hit = findingById(controller, uri, findingId);
    if (!hit) return false;
    const reason = reasonArg ?? (await askReason(hit.finding.controlId, 'Record an exception for'));
    if (!reason) return false;
    const expires = reasonArg !== undefined ? expiresArg : await askExpiry();
    if (expires === null) return false;
    const registerUri = hit.model.uri(hostEngine().REGISTER_FILE);
    const text = await readText(registerUri);
    let next: string;
    try {
      next = addException(text, { control: hit.finding.controlId, workload: hit.finding.workloadName, reason, expires });
    } catch (e) {
      void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
      return false;
    }
    await writeWhole(registerUri, next);
    return true;
  });

  reg('aiRiskGradient.updateRegister', async () => {
    const model = await pickFolder(controller);
    if (!model) return undefined;
    await model.ready();
    const result = model.result();
    if (!result) return undefined;
    const uri = model.uri(hostEngine().REGISTER_FILE);
    const text = await readText(uri);
    let update;
    try {
      update = updateRegister(text, result);
    } catch (e) {
      void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
      return undefined;
    }
    if (text !== update.text) await writeWhole(uri, update.text);
    await vscode.window.showTextDocument(uri, { preview: false });
    const parts = [`${update.added.length} added`, `${update.linked.length} linked by id`, `${update.vanished.length} marked vanished`];
    void vscode.window.showInformationMessage(`AI asset register updated: ${parts.join(', ')}.`);
    return update;
  });

  reg('aiRiskGradient.exportReport', async (format = 'json', target?: vscode.Uri) => {
    const kind = EXPORTS[format as keyof typeof EXPORTS] ? (format as keyof typeof EXPORTS) : 'json';
    const spec = EXPORTS[kind];
    const results = controller.results();
    if (results.length === 0) return undefined;
    let chosen = results[0];
    if (results.length > 1 && kind !== 'json') {
      const pick = await vscode.window.showQuickPick(results.map((r) => ({ label: r.model.folder.name, r })), { placeHolder: 'Export the report of which workspace folder?' });
      if (!pick) return undefined;
      chosen = pick.r;
    }
    const dest =
      target ??
      (await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(chosen.model.folder.uri, `ai-risk-report.${spec.ext}`),
        filters: { [spec.label]: [spec.ext] },
        saveLabel: 'Export',
      }));
    if (!dest) return undefined;
    const text = kind === 'json' ? exportJson(controller) : spec.render(chosen.result);
    await vscode.workspace.fs.writeFile(dest, new TextEncoder().encode(text));
    if (!target) void vscode.window.showInformationMessage(`AI Risk Gradient: ${spec.label} report written to ${vscode.workspace.asRelativePath(dest)}.`);
    return dest;
  });

  reg('aiRiskGradient.refreshInventory', () => controller.scanAll(false));
}

/** Report formats the webview and the command export; all rendered by the core's formatters (loaded on first export). */
const EXPORTS = {
  json: { label: 'JSON', ext: 'json', render: (r: ScanResult) => `${JSON.stringify(hostEngine().toJsonReport(r), null, 2)}\n` },
  markdown: { label: 'Markdown', ext: 'md', render: (r: ScanResult) => hostEngine().toMarkdown(r) },
  html: { label: 'HTML', ext: 'html', render: (r: ScanResult) => hostEngine().toHtml(r) },
  sarif: { label: 'SARIF', ext: 'sarif', render: (r: ScanResult) => hostEngine().toSarifText(r) },
  csv: { label: 'CSV', ext: 'csv', render: (r: ScanResult) => hostEngine().toCsv(r) },
} as const;

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { provisionById } from '../../src/core/catalogue';
import { api, closeAll, codeOf, ours, readText, restore, sameRange, terraformFinding, findingWithSafeFix, uriOf, waitFor } from './helpers';

describe('diagnostics and quick-fixes', function () {
  this.timeout(60000);
  afterEach(closeAll);

  it('shows a diagnostic for a Terraform file with a known missing control', async () => {
    const x = await api();
    const f = terraformFinding(x);
    const uri = uriOf(f.file);
    await vscode.window.showTextDocument(uri);
    const d = await waitFor(() => ours(uri).find((y) => codeOf(y) === f.controlId && sameRange(y.range, f)), `${f.controlId} on ${f.file}`);
    if (f.related.length > 0) assert.equal(d.relatedInformation?.length, f.related.length, 'related evidence is attached');
    assert.equal(d.source, 'ai-risk-gradient');
    assert.ok(typeof d.code === 'object' && d.code.target.path.endsWith(`/docs/controls/${f.controlId}.md`), 'code links to the bundled docs page');
    assert.ok(typeof d.code === 'object' && fs.existsSync(d.code.target.fsPath), 'the docs page is there');
    assert.ok(d.message.includes(f.workloadName), 'names the workload');
    assert.ok(d.message.includes(f.effectiveTier), 'names the effective tier');
    assert.ok(d.message.includes(f.controlId), 'names the control');
    const p = provisionById(f.provisions[0])!;
    assert.ok(d.message.includes(p.id) && d.message.includes(`UK ${p.uk}`), 'gives the provision with its UK number');
    const expected = f.severity === 'error' ? vscode.DiagnosticSeverity.Error : f.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
    assert.equal(d.severity, expected);
  });

  it('offers the fix as the preferred quick-fix, and applying it clears that finding', async () => {
    const x = await api();
    const f = findingWithSafeFix(x);
    const uri = uriOf(f.file);
    const original = await readText(uri);
    await vscode.window.showTextDocument(uri);
    const diag = await waitFor(() => ours(uri).find((y) => codeOf(y) === f.controlId && sameRange(y.range, f)), 'the diagnostic');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const safe = f.fixes.find((fx) => fx.kind === 'safe')!;
    const fix = actions.find((a) => a.title === safe.title);
    assert.ok(fix, `fix "${safe.title}" offered among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.isPreferred, true);
    assert.ok(fix.edit, 'the fix carries its edit');
    assert.ok(actions.some((a) => a.title.startsWith(`Suppress ${f.controlId}`)), 'suppression offered');
    assert.ok(actions.some((a) => a.title.startsWith(`Record an exception for ${f.controlId}`)), 'register exception offered');
    assert.ok(actions.some((a) => a.title.startsWith(`Open the ${f.controlId} page`)), 'docs offered');
    const before = ours(uri).filter((y) => codeOf(y) === f.controlId).length;
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const model = x.controller.modelFor(uri)!;
    await waitFor(() => !model.findingsFor(f.file).some((y) => y.id === f.id), 'the finding to clear after the fix');
    await waitFor(() => ours(uri).filter((y) => codeOf(y) === f.controlId).length < before, 'the diagnostic to go');
    await restore(x, uri, original);
    await waitFor(() => model.findingsFor(f.file).some((y) => y.id === f.id), 'the finding to come back after restoring the file');
  });

  it('updates diagnostics as the file is edited, without saving', async () => {
    const x = await api();
    const f = terraformFinding(x);
    const uri = uriOf(f.file);
    const editor = await vscode.window.showTextDocument(uri);
    const count = ours(uri).length;
    assert.ok(count > 0);
    const updates = x.controller.stats.fileUpdates;
    // Comment out every line: the resources vanish, and their findings with them.
    const doc = editor.document;
    const commented = doc.getText().split('\n').map((l) => (l.trim() ? `# ${l}` : l)).join('\n');
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), commented));
    await waitFor(() => ours(uri).filter((d) => /^ARG-/.test(codeOf(d) ?? '')).length === 0, 'findings to vanish from the edited buffer');
    assert.ok(x.controller.stats.fileUpdates > updates, 'an incremental update ran');
    assert.ok(doc.isDirty, 'nothing was saved');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => ours(uri).length === count, 'diagnostics to come back after revert');
  });

  it('follows files created and deleted on disk', async () => {
    const x = await api();
    const f = terraformFinding(x);
    // Copy the workload's whole folder: a new workload appears, with the same gap.
    const dir = f.file.replace(/\/[^/]+$/, '');
    const copyDir = uriOf(`${dir}-copy`);
    const copy = uriOf(`${dir}-copy/${f.file.split('/').pop()}`);
    await vscode.workspace.fs.copy(uriOf(dir), copyDir, { overwrite: true });
    await waitFor(() => ours(copy).some((d) => codeOf(d) === f.controlId), 'findings on the copied file', 20000);
    const model = x.controller.modelFor(copy)!;
    assert.ok(model.hasFile(`${dir}-copy/${f.file.split('/').pop()}`));
    await vscode.workspace.fs.delete(copyDir, { recursive: true });
    await waitFor(() => ours(copy).length === 0, 'diagnostics to go with the deleted folder');
    assert.ok(!model.paths().some((p) => p.startsWith(`${dir}-copy/`)), 'no file of the deleted folder is left in the model');
  });

  it('reports a broken file as a parse problem, not a crash', async () => {
    const x = await api();
    const rel = 'infra/broken/main.tf';
    const uri = uriOf(rel);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('resource "aws_sagemaker_endpoint" "x" {\n  name = \n  endpoint_config_name = [\n'));
    const d = await waitFor(() => ours(uri).find((y) => /^parse\//.test(codeOf(y) ?? '')), 'a parse problem diagnostic', 20000);
    assert.ok(d.range.start.line >= 0 && d.message.length > 0);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
    await waitFor(() => ours(uri).length === 0, 'problems to go with the file');
    assert.ok(x.controller.results()[0].result.workloads.length > 0);
  });

  it('suppresses a finding with an inline comment that carries the reason', async () => {
    const x = await api();
    const f = terraformFinding(x);
    const uri = uriOf(f.file);
    const original = await readText(uri);
    assert.ok(await vscode.commands.executeCommand('aiRiskGradient.suppressFinding', uri, f.id, 'accepted by the platform "risk" board', '2099-12-31'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.lineAt(f.range.start.line).text;
    assert.match(line, new RegExp(`^\\s*# ai-risk-gradient:ignore ${f.controlId} reason="accepted by the platform 'risk' board" expires=2099-12-31$`));
    const model = x.controller.modelFor(uri)!;
    await waitFor(() => model.findingsFor(f.file).find((y) => y.id === f.id)?.suppressed?.kind === 'inline', 'the finding to be suppressed');
    await waitFor(() => !ours(uri).some((d) => codeOf(d) === f.controlId && d.range.start.line === f.range.start.line + 1), 'its diagnostic to go');
    await restore(x, uri, original);
  });

  it('records an exception in the AI asset register', async () => {
    const x = await api();
    const f = terraformFinding(x);
    const uri = uriOf(f.file);
    const reg = uriOf('ai-asset-register.yaml');
    const original = await readText(reg);
    assert.ok(await vscode.commands.executeCommand('aiRiskGradient.recordException', uri, f.id, 'compensating control in the landing zone', '2099-06-30'));
    const text = await readText(reg);
    assert.ok(text.startsWith(original.split('\n')[0]), 'the hand-written header comment is kept');
    assert.ok(text.includes(`control: ${f.controlId}`) && text.includes('reason: compensating control in the landing zone') && text.includes('expires: 2099-06-30'), text);
    const model = x.controller.modelFor(uri)!;
    await waitFor(() => model.findingsFor(f.file).find((y) => y.id === f.id)?.suppressed?.kind === 'register', 'the finding to be covered by the exception');
    await restore(x, reg, original);
    await waitFor(() => model.findingsFor(f.file).find((y) => y.id === f.id && !y.suppressed), 'the finding back after the register is restored');
  });
});

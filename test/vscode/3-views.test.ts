import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import { compareTiers, controlById } from '../../src/core/catalogue';
import type { Tier } from '../../src/core/model';
import type { InventoryNode } from '../../src/vscode/tree';
import { api, closeAll, load, ours, readText, restore, uriOf, waitFor } from './helpers';

describe('inventory, CodeLens, hover, status bar, report and commands', function () {
  this.timeout(60000);
  afterEach(closeAll);

  it('the AI Inventory tree groups every workload under its effective tier', async () => {
    const x = await api();
    const { result } = x.controller.results()[0];
    const roots = x.inventory.getChildren();
    const tiers = roots.map((r) => (r.type === 'tier' ? r.tier : undefined));
    assert.ok(tiers.every((t) => t !== undefined));
    assert.deepEqual([...tiers].sort((a, b) => compareTiers(b as Tier, a as Tier)), tiers, 'highest tier first');
    const listed: string[] = [];
    for (const r of roots) {
      const item = x.inventory.getTreeItem(r);
      assert.match(String(item.label), /^L[1-8] · /);
      for (const w of x.inventory.getChildren(r)) {
        assert.equal(w.type, 'workload');
        if (w.type !== 'workload') continue;
        const a = result.assessments.find((y) => y.workloadId === w.workloadId)!;
        assert.equal(r.type === 'tier' && r.tier, a.effectiveTier);
        listed.push(w.workloadId);
        const wi = x.inventory.getTreeItem(w);
        assert.equal(wi.label, result.workloads.find((y) => y.id === w.workloadId)!.name);
        assert.equal(wi.command?.command, 'aiRiskGradient.reveal');
        const groups = x.inventory.getChildren(w).map((g) => (g.type === 'group' ? g.group : ''));
        assert.ok(groups.includes('modifiers') && groups.includes('evidence'), groups.join());
        assert.equal(groups.includes('missing'), a.results.some((y) => ['missing', 'partial', 'unresolved'].includes(y.status)));
      }
    }
    assert.deepEqual(listed.sort(), result.workloads.map((w) => w.id).sort());
  });

  it('clicking a missing control in the tree reveals its place', async () => {
    const x = await api();
    let target: InventoryNode | undefined;
    for (const r of x.inventory.getChildren())
      for (const w of x.inventory.getChildren(r))
        for (const g of x.inventory.getChildren(w))
          if (g.type === 'group' && g.group === 'missing') target ??= x.inventory.getChildren(g).find((l) => l.type === 'leaf' && l.file && l.range);
    assert.ok(target && target.type === 'leaf', 'a missing-control leaf with a location');
    const item = x.inventory.getTreeItem(target);
    assert.ok(controlById(String(item.label).split(' ')[0]), `label starts with a control id: ${item.label}`);
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const editor = await waitFor(() => vscode.window.activeTextEditor, 'an editor');
    assert.ok(editor.document.uri.path.endsWith(`/${target.file}`), editor.document.uri.path);
    assert.equal(editor.selection.start.line, target.range!.start.line);
  });

  it('puts a tier badge CodeLens on each workload anchor', async () => {
    const x = await api();
    const { result } = x.controller.results()[0];
    const w = result.workloads.find((y) => y.anchor.file.endsWith('.tf')) ?? result.workloads[0];
    const a = result.assessments.find((y) => y.workloadId === w.id)!;
    await load(uriOf(w.anchor.file));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uriOf(w.anchor.file));
    const mine = lenses.filter((l) => l.command?.command === 'aiRiskGradient.showReport');
    const lens = mine.find((l) => l.range.start.line === w.anchor.range.start.line);
    assert.ok(lens, `a lens on line ${w.anchor.range.start.line}: ${mine.map((l) => l.command?.title).join(' | ')}`);
    const tiers = a.baselineTier === a.effectiveTier ? a.effectiveTier : `${a.baselineTier} → ${a.effectiveTier}`;
    assert.match(lens.command!.title, new RegExp(`^AI Risk Gradient: ${tiers} · [a-z ]+ · (\\d+ controls? missing|no controls missing)$`));
  });

  it('hovers a flagged range with the workload, tiers, control and provisions', async () => {
    const x = await api();
    const { result } = x.controller.results()[0];
    const f = result.findings.find((y) => !y.suppressed && y.file.endsWith('.tf'))!;
    await load(uriOf(f.file));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uriOf(f.file), new vscode.Position(f.range.start.line, f.range.start.character));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(text.includes(f.controlId), text);
    assert.ok(text.includes(f.effectiveTier), text);
    assert.match(text, /UK \d/);
  });

  it('the status bar shows the highest effective tier and the missing count', async () => {
    const x = await api();
    const { result } = x.controller.results()[0];
    const top = result.assessments.map((a) => a.effectiveTier).sort(compareTiers).pop();
    assert.match(x.status.item.text, new RegExp(`AI ${top} · \\d+ missing`));
    assert.equal(x.status.item.command, 'aiRiskGradient.showReport');
  });

  it('Show Assessment Report opens a webview with every workload, and JSON export works', async () => {
    const x = await api();
    await vscode.commands.executeCommand('aiRiskGradient.showReport');
    const panel = x.reportPanel();
    assert.ok(panel, 'the report panel is open');
    assert.equal(panel.panel.title, 'AI Risk Assessment');
    const data = panel.data();
    const { result } = x.controller.results()[0];
    assert.equal(data.rows.length, result.workloads.length);
    assert.ok(data.provisions.length > 0 && data.provisions.every((p) => /^5\.\d/.test(p.id) && p.uk));
    assert.ok(panel.panel.webview.html.includes('report.js'));
    const out = vscode.Uri.file(path.join(os.tmpdir(), `arg-report-${process.pid}.json`));
    await vscode.commands.executeCommand('aiRiskGradient.exportReport', 'json', out);
    const exported = JSON.parse(await readText(out));
    assert.equal(exported.schemaVersion, 1);
    assert.equal(exported.workloads.length, result.workloads.length);
    panel.dispose();
  });

  it('exports the report as Markdown, HTML, SARIF and CSV through the core formatters', async () => {
    const base = path.join(os.tmpdir(), `arg-report-${process.pid}`);
    const md = await readText((await vscode.commands.executeCommand<vscode.Uri>('aiRiskGradient.exportReport', 'markdown', vscode.Uri.file(`${base}.md`)))!);
    assert.match(md, /^# /m);
    const html = await readText((await vscode.commands.executeCommand<vscode.Uri>('aiRiskGradient.exportReport', 'html', vscode.Uri.file(`${base}.html`)))!);
    assert.match(html, /^<!doctype html>/i);
    const sarif = JSON.parse(await readText((await vscode.commands.executeCommand<vscode.Uri>('aiRiskGradient.exportReport', 'sarif', vscode.Uri.file(`${base}.sarif`)))!));
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0].results.length > 0);
    const csv = await readText((await vscode.commands.executeCommand<vscode.Uri>('aiRiskGradient.exportReport', 'csv', vscode.Uri.file(`${base}.csv`)))!);
    assert.ok(csv.split(/\r?\n/).length > 2, csv.slice(0, 200));
  });

  it('Explain Control… shows the control in a read-only document', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('aiRiskGradient.explainControl', 'ARG-NET-004');
    assert.ok(doc.getText().startsWith(`ARG-NET-004  ${controlById('ARG-NET-004')!.title}`), doc.getText().slice(0, 200));
    assert.equal(doc.uri.scheme, 'ai-risk-gradient');
    assert.ok(doc.getText().includes('5.2.2-1'));
  });

  it('Assess Workspace and Assess Current File run and report counts', async () => {
    const x = await api();
    const scans = x.controller.stats.fullScans;
    const r = await vscode.commands.executeCommand<{ workloads: number; missing: number }>('aiRiskGradient.assessWorkspace');
    assert.equal(x.controller.stats.fullScans, scans + 1);
    const { result } = x.controller.results()[0];
    assert.equal(r.workloads, result.workloads.length);
    const f = result.findings.find((y) => y.file.endsWith('.tf') && !y.suppressed)!;
    await vscode.window.showTextDocument(uriOf(f.file));
    const c = await vscode.commands.executeCommand<{ findings: number }>('aiRiskGradient.assessCurrentFile');
    assert.equal(c.findings, x.controller.modelFor(uriOf(f.file))!.findingsFor(f.file).filter((y) => !y.suppressed).length);
    assert.ok(ours(uriOf(f.file)).length > 0);
  });

  it('Update AI Asset Register adds the discovered workloads and keeps hand-written fields', async () => {
    const x = await api();
    const reg = uriOf('ai-asset-register.yaml');
    const original = await readText(reg);
    const first = await vscode.commands.executeCommand<{ added: string[]; linked: string[] }>('aiRiskGradient.updateRegister');
    const text = await readText(reg);
    const { result } = x.controller.results()[0];
    const entries = (parseYaml(text) as { workloads: { id?: string; name: string }[] }).workloads ?? [];
    // An entry holds the workload's id, or (matched by its paths) gave the workload its name.
    for (const w of result.workloads) assert.ok(entries.some((e) => e.id === w.id || e.name === w.name), `register has ${w.id}`);
    assert.ok(!text.includes('status: vanished'), 'nothing the scan still finds is marked vanished');
    for (const owner of original.match(/owner: \S+/g) ?? []) assert.ok(text.includes(owner), `kept ${owner}`);
    assert.ok(text.includes(original.split('\n')[0]), 'kept the header comment');
    assert.ok(first.added.length + first.linked.length > 0);
    const second = await vscode.commands.executeCommand<{ added: string[]; linked: string[]; text: string }>('aiRiskGradient.updateRegister');
    assert.deepEqual([second.added, second.linked], [[], []], 'a second run changes nothing');
    assert.equal(second.text, await readText(reg));
    await restore(x, reg, original);
  });
});

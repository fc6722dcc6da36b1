import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import Ajv2020 from 'ajv/dist/2020';
import { parse as parseYaml } from 'yaml';
import { api, EXTENSION_ID, figure, root, uriOf } from './helpers';

describe('activation', () => {
  it('runs in a real extension host with the examples workspace open', () => {
    assert.ok(typeof vscode.version === 'string' && /^1\.\d+/.test(vscode.version), vscode.version);
    assert.equal(vscode.workspace.workspaceFolders?.length, 1);
    assert.ok(fs.existsSync(path.join(root().fsPath, 'ai-asset-register.yaml')), 'the examples copy has its register');
  });

  it('activates and scans the workspace into workloads', async () => {
    const x = await api();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    const results = x.controller.results();
    assert.equal(results.length, 1, 'one model per workspace folder');
    const { result } = results[0];
    assert.ok(result.filesScanned > 10, `files scanned: ${result.filesScanned}`);
    assert.ok(result.workloads.length >= 4, `workloads: ${result.workloads.map((w) => w.name).join(', ')}`);
    assert.equal(result.assessments.length, result.workloads.length);
    assert.ok(x.controller.stats.fullScans >= 1);
  });

  it('activates in a few milliseconds and parses nothing on the extension host thread', async () => {
    const x = await api();
    const { activationMs, moduleLoadMs } = x.controller.stats;
    figure('activation: activate() ms (before any file is parsed)', activationMs);
    figure('activation: bundle evaluation ms (before activate)', moduleLoadMs);
    assert.ok(activationMs >= 0, `activation time recorded: ${activationMs}`);
    assert.ok(moduleLoadMs >= 0, `bundle load time recorded: ${moduleLoadMs}`);
    // Generous bound for a loaded 2-core machine; the figure is reported against the 50 ms target.
    assert.ok(activationMs < 250, `activate() took ${activationMs} ms`);
    const model = [...x.controller.models.values()][0];
    assert.equal(model.backend, 'worker', `the folder's Project runs in a worker thread (${model.fallbackReason ?? ''})`);
    assert.ok(model.threadId !== undefined && model.workers.started >= 1);
  });

  it('registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    const all = await vscode.commands.getCommands(true);
    const missing = contributed.filter((c) => !all.includes(c));
    assert.deepEqual(missing, []);
    const titles = ext.packageJSON.contributes.commands.map((c: { category: string; title: string }) => `${c.category}: ${c.title}`);
    for (const t of ['AI Risk Gradient: Assess Workspace Risk Tiers', 'AI Risk Gradient: Show Assessment Report', 'AI Risk Gradient: Explain Control…', 'AI Risk Gradient: Update AI Asset Register', 'AI Risk Gradient: Assess Current File']) {
      assert.ok(titles.includes(t), `missing command title ${t}`);
    }
  });

  it('contributes the register schema for YAML validation, and the schema accepts the examples register', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const entries: { fileMatch: string; url: string }[] = ext.packageJSON.contributes.yamlValidation;
    const entry = entries.find((e) => e.fileMatch === 'ai-asset-register.yaml');
    assert.ok(entry, 'yamlValidation entry for ai-asset-register.yaml');
    const schemaPath = path.join(ext.extensionPath, entry.url);
    assert.ok(fs.existsSync(schemaPath), `${schemaPath} exists`);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
    const register = parseYaml(fs.readFileSync(uriOf('ai-asset-register.yaml').fsPath, 'utf8'), { schema: 'core' });
    assert.ok(validate(JSON.parse(JSON.stringify(register))), JSON.stringify(validate.errors));
    assert.equal(validate({ version: 1, workloads: [{ owner: 'x' }] }), false, 'a workload without a name is rejected');
  });

  it('contributes the activity-bar container, the inventory view and the injection grammar', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const c = ext.packageJSON.contributes;
    assert.ok(c.viewsContainers.activitybar.some((v: { id: string }) => v.id === 'aiRiskGradient'));
    assert.ok(c.views.aiRiskGradient.some((v: { id: string; name: string }) => v.id === 'aiRiskGradient.inventory' && v.name === 'AI Inventory'));
    for (const g of c.grammars as { path: string; scopeName: string }[]) {
      const grammar = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, g.path), 'utf8'));
      assert.equal(grammar.scopeName, g.scopeName);
      const id = new RegExp(grammar.repository['control-id'].match);
      assert.ok(id.test('# ai-risk-gradient:ignore ARG-DAT-001 reason="x"'));
      assert.ok(!id.test('ARG-XYZ-001'));
    }
    assert.ok(fs.existsSync(path.join(ext.extensionPath, 'media', 'activity.svg')));
  });
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeOf, load, terraformDiagnostics, uriOf, waitFor } from './helpers';

async function set(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('aiRiskGradient').update(key, value, vscode.ConfigurationTarget.Workspace);
}

describe('settings', function () {
  this.timeout(90000);
  afterEach(async () => {
    for (const k of ['inputs.terraform', 'severity.ownZone', 'codeLens.enabled', 'showLowerZoneGaps']) await set(k, undefined);
    const x = await api();
    await x.settled();
  });

  it('disabling Terraform removes the Terraform diagnostics, enabling brings them back', async () => {
    const x = await api();
    const before = terraformDiagnostics().reduce((n, [, d]) => n + d.length, 0);
    assert.ok(before > 0, 'there are Terraform diagnostics to start with');
    await set('inputs.terraform', false);
    await waitFor(() => terraformDiagnostics().length === 0, 'Terraform diagnostics to go', 30000);
    const { result } = x.controller.results()[0];
    assert.ok(!result.workloads.some((w) => w.kind === 'terraform'), 'no Terraform workload left');
    await set('inputs.terraform', true);
    await waitFor(() => terraformDiagnostics().reduce((n, [, d]) => n + d.length, 0) === before, 'Terraform diagnostics back', 30000);
  });

  it('the severity mapping changes the diagnostic severity', async () => {
    await api();
    const errors = () => terraformDiagnostics().flatMap(([, d]) => d).filter((d) => /^ARG-/.test(codeOf(d) ?? '') && d.severity === vscode.DiagnosticSeverity.Error).length;
    assert.ok(errors() > 0, 'some findings are errors by default');
    await set('severity.ownZone', 'info');
    await waitFor(() => errors() === 0, 'no error-level finding left', 30000);
  });

  it('codeLens.enabled = false hides the tier badges', async () => {
    const x = await api();
    const w = x.controller.results()[0].result.workloads[0];
    await load(uriOf(w.anchor.file));
    const count = async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uriOf(w.anchor.file))).filter((l) => l.command?.command === 'aiRiskGradient.showReport').length;
    assert.ok((await count()) > 0);
    await set('codeLens.enabled', false);
    await waitFor(async () => (await count()) === 0, 'no lens');
  });
});

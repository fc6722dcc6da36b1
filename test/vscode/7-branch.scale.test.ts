// Diagnostics follow a git checkout of another branch, in the real extension host (the
// `scale` session's first folder, a copy of examples/, is made a git repository here).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, codeOf, figure, ours, terraformFinding, waitFor } from './helpers';
import { findingsOn } from './scale-helpers';

describe('branch switch', function () {
  this.timeout(180000);
  let repo = '';
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'pipe' }).toString();

  it('diagnostics follow a git checkout: added, deleted and changed files, and back', async () => {
    const x = await api();
    const examples = x.controller.results()[0].result;
    // A: a Terraform file with a gap (changed on the branch), C: a file of another kind with
    // findings (deleted on the branch), B: A's folder copied (added on the branch).
    const a = terraformFinding(x).file;
    const c = examples.findings.find((f) => !f.suppressed && !f.file.endsWith('.tf') && /\.(ya?ml|json)$/.test(f.file))?.file;
    assert.ok(c, 'a non-Terraform file with findings');
    const aDir = path.posix.dirname(a);
    const b = `${aDir}-on-branch/${path.posix.basename(a)}`;
    const folder = vscode.workspace.workspaceFolders![0];
    repo = folder.uri.fsPath;
    assert.ok(!fs.existsSync(path.join(repo, '.git')), 'the folder is not a git repository yet');
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'main');
    git('checkout', '-q', '-b', 'feature');
    const abs = (rel: string) => path.join(repo, ...rel.split('/'));
    const aText = fs.readFileSync(abs(a), 'utf8');
    fs.writeFileSync(abs(a), aText.split('\n').map((l) => (l.trim() ? `# ${l}` : l)).join('\n'));
    fs.rmSync(abs(c));
    fs.cpSync(abs(aDir), abs(path.posix.dirname(b)), { recursive: true });
    fs.writeFileSync(abs(b), aText);
    git('add', '-A');
    git('commit', '-q', '-m', 'feature');
    git('checkout', '-q', 'main');

    // Back on main: what the folder held at the start. Wait for the model to see it.
    const m = x.controller.modelFor(folder.uri)!;
    await waitFor(() => !m.hasFile(b) && m.hasFile(c), 'the model on main', 60000);
    await x.settled();
    const uri = (rel: string) => m.uri(rel);
    const aCount = findingsOn(uri(a));
    const cCount = findingsOn(uri(c));
    assert.ok(aCount > 0 && cCount > 0, `findings on ${a} (${aCount}) and ${c} (${cCount}) before the checkout`);
    assert.equal(ours(uri(b)).length, 0);
    const switches = x.controller.stats.branchSwitches;

    let t0 = performance.now();
    git('checkout', '-q', 'feature');
    const control = terraformFinding(x).controlId;
    await waitFor(() => ours(uri(b)).some((d) => codeOf(d) === control) && ours(uri(c)).length === 0 && findingsOn(uri(a)) === 0, 'diagnostics of the feature branch', 60000);
    figure('branch switch → diagnostics ms', performance.now() - t0);
    await x.settled();
    assert.ok(x.controller.stats.branchSwitches > switches, 'the HEAD change was seen as a branch switch');
    assert.ok(m.hasFile(b) && !m.hasFile(c));

    t0 = performance.now();
    git('checkout', '-q', 'main');
    await waitFor(() => findingsOn(uri(a)) === aCount && findingsOn(uri(c)) === cCount && ours(uri(b)).length === 0, 'diagnostics of main again', 60000);
    figure('branch switch back → diagnostics ms', performance.now() - t0);
    await x.settled();
    assert.ok(!m.hasFile(b) && m.hasFile(c));
  });
});

// Microsoft's SARIF Multitool must accept our SARIF with no errors and no warnings. Its Linux
// binary ships inside an npm package; npm does not run that package's install script, so the
// test makes the binary executable itself. Nothing is downloaded.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toSarifText } from '../../../src/core';
import { nodeAssets } from '../../../src/node/assets';
import { nodeFileSource } from '../../../src/node/file-source';
import { Project } from '../../../src/core';

const TOOL = join(process.cwd(), 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

describe('SARIF Multitool validation', function () {
  this.timeout(180000);
  it('accepts the SARIF of the example estate with no errors and no warnings', async function () {
    assert.ok(existsSync(TOOL), '@microsoft/sarif-multitool-linux is a devDependency');
    chmodSync(TOOL, 0o755);
    const project = new Project({ assets: nodeAssets(), root: 'examples', today: () => '2026-12-01' });
    await project.loadAll(nodeFileSource(join(process.cwd(), 'examples')));
    const result = project.result();
    assert.ok(result.findings.length > 0, 'the example estate has findings to report');
    const dir = mkdtempSync(join(tmpdir(), 'arg-sarif-'));
    const input = join(dir, 'scan.sarif');
    const output = join(dir, 'validation.sarif');
    writeFileSync(input, toSarifText(result));
    const r = spawnSync(TOOL, ['validate', input, '-o', output], { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    const log = JSON.parse(readFileSync(output, 'utf8')) as { runs: { results?: { level?: string; ruleId?: string; message: { text?: string; id?: string } }[] }[] };
    const issues = (log.runs[0].results ?? []).filter((x) => x.level === 'error' || x.level === 'warning' || x.level === undefined);
    assert.deepEqual(issues.map((x) => `${x.level ?? 'warning'} ${x.ruleId}: ${x.message.text ?? x.message.id}`), []);
  });
});

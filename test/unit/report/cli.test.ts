// End-to-end checks of the report side of the CLI: formats, --output, gates, baselines,
// progress and exit codes, calling main(argv, io) on temporary folders.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { CONTROLS, TIERS, type ScanResult } from '../../../src/core';
import { EXIT, main, type Io } from '../../../src/cli/main';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(cwd: string, argv: string[], extra: Partial<Io> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false, errIsTTY: false, env: {}, cwd, ...extra });
  return { code, out: out.join(''), err: err.join('') };
}

const ENDPOINT_TF = `resource "aws_sagemaker_endpoint" "main" {
  name                 = "fraud"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.main.name
}

resource "aws_sagemaker_endpoint_configuration" "main" {
  name = "fraud"
  production_variants {
    variant_name = "v1"
    model_name   = "m"
  }
}
`;

const APP_PY = `import openai

client = openai.OpenAI()
`;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'arg-report-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

async function jsonOf(dir: string, extra: string[] = []): Promise<ScanResult> {
  const r = await cli(dir, ['scan', '.', '--format', 'json', ...extra]);
  assert.equal(r.code, EXIT.ok, r.err);
  return JSON.parse(r.out) as ScanResult;
}

const open = (r: ScanResult) => r.findings.filter((f) => !f.suppressed);

describe('report/cli', () => {
  const made: string[] = [];
  const make = (files: Record<string, string>) => {
    const d = folder(files);
    made.push(d);
    return d;
  };
  after(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  it('prints every format; json follows the report schema and sarif has one rule per control', async () => {
    const dir = make({ 'infra/main.tf': ENDPOINT_TF });
    const result = await jsonOf(dir);
    assert.ok(result.workloads.length >= 1, 'the endpoint is found');
    const schema = JSON.parse(readFileSync(join(process.cwd(), 'schemas/scan-result.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ strict: true }).compile(schema);
    assert.ok(validate(result), JSON.stringify(validate.errors?.slice(0, 3)));

    const sarif = JSON.parse((await cli(dir, ['scan', '.', '--format', 'sarif'])).out);
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].tool.driver.rules.length, CONTROLS.length);
    assert.equal(sarif.runs[0].results.length, result.findings.length);

    const md = await cli(dir, ['scan', '.', '--format', 'markdown']);
    assert.match(md.out, /^# AI risk assessment — \.\n/);
    const csv = await cli(dir, ['scan', '.', '--format', 'csv']);
    assert.equal(csv.out.split('\r\n').filter(Boolean).length, 1 + result.workloads.length);
    const html = await cli(dir, ['scan', '.', '--format', 'html']);
    assert.match(html.out, /^<!doctype html>[\s\S]*<svg[\s\S]*<\/html>\n$/);
  });

  it('writes --output files, says so on stderr unless --quiet', async () => {
    const dir = make({ 'infra/main.tf': ENDPOINT_TF });
    const r = await cli(dir, ['scan', '.', '--format', 'sarif', '--output', 'out/report.sarif']);
    assert.equal(r.code, EXIT.ok);
    assert.equal(r.out, '');
    assert.match(r.err, /wrote out\/report\.sarif/);
    assert.equal(JSON.parse(readFileSync(join(dir, 'out/report.sarif'), 'utf8')).version, '2.1.0');
    const q = await cli(dir, ['scan', '.', '--format', 'html', '--output', 'r.html', '--quiet']);
    assert.equal(q.code, EXIT.ok);
    assert.equal(q.err, '');
    assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), /<!doctype html>/);
  });

  it('gates by tier and by severity on open findings', async () => {
    const empty = make({ 'README.md': '# nothing here\n' });
    assert.equal((await cli(empty, ['scan', '.', '--fail-on', 'L1'])).code, EXIT.ok);
    assert.equal((await cli(empty, ['scan', '.', '--fail-on', 'warning'])).code, EXIT.ok);

    const dir = make({ 'infra/main.tf': ENDPOINT_TF });
    const result = await jsonOf(dir);
    const top = Math.max(...open(result).map((f) => TIERS.indexOf(f.effectiveTier)));
    assert.ok(top >= 0, 'precondition: the endpoint has open findings');
    const atTop = await cli(dir, ['scan', '.', '--fail-on', TIERS[top], '--format', 'json']);
    assert.equal(atTop.code, EXIT.gate);
    assert.match(atTop.err, new RegExp(`gate --fail-on ${TIERS[top]} failed`));
    if (top < 7) assert.equal((await cli(dir, ['scan', '.', '--fail-on', TIERS[top + 1]])).code, EXIT.ok);
    const hasError = open(result).some((f) => f.severity === 'error');
    assert.equal((await cli(dir, ['scan', '.', '--fail-on', 'error'])).code, hasError ? EXIT.gate : EXIT.ok);
    assert.equal((await cli(dir, ['scan', '.', '--fail-on', 'warning'])).code, EXIT.gate);
    // --quiet keeps the exit code and prints nothing.
    const quiet = await cli(dir, ['scan', '.', '--fail-on', 'warning', '--quiet']);
    assert.deepEqual([quiet.code, quiet.out, quiet.err], [EXIT.gate, '', '']);
  });

  it('--write-baseline then --baseline: only new findings are reported and gated', async () => {
    const dir = make({ 'infra/main.tf': ENDPOINT_TF });
    const w = await cli(dir, ['scan', '.', '--write-baseline', '.arg/baseline.json', '--quiet']);
    assert.equal(w.code, EXIT.ok);
    const text = readFileSync(join(dir, '.arg/baseline.json'), 'utf8');
    const before = await jsonOf(dir);
    assert.equal(JSON.parse(text).findings.length, open(before).length);

    const same = await cli(dir, ['scan', '.', '--baseline', '.arg/baseline.json', '--fail-on', 'warning', '--format', 'json']);
    assert.equal(same.code, EXIT.ok, same.err);
    assert.equal(open(JSON.parse(same.out) as ScanResult).length, 0);
    assert.match(same.err, /0 new finding\(s\), \d+ already known/);

    // A new AI workload appears: its findings are new, the old ones stay hidden.
    writeFileSync(join(dir, 'app.py'), APP_PY);
    const after = await jsonOf(dir);
    const fresh = open(after).filter((f) => !open(before).some((b) => b.id === f.id));
    assert.ok(fresh.length > 0, 'precondition: the new service brings findings');
    const gated = await cli(dir, ['scan', '.', '--baseline', '.arg/baseline.json', '--fail-on', 'warning', '--format', 'sarif']);
    assert.equal(gated.code, EXIT.gate);
    assert.match(gated.err, /failed \(new findings only\)/);
    const sarif = JSON.parse(gated.out);
    assert.deepEqual(
      sarif.runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => Object.values(r.partialFingerprints)[0]).sort(),
      fresh.map((f) => f.id).sort(),
    );
    assert.ok(sarif.runs[0].results.every((r: { baselineState: string }) => r.baselineState === 'new'));
    // Writing the baseline again for the same tree gives the same bytes.
    await cli(dir, ['scan', '.', '--write-baseline', 'b2.json', '--quiet']);
    await cli(dir, ['scan', '.', '--write-baseline', 'b3.json', '--quiet']);
    assert.equal(readFileSync(join(dir, 'b2.json'), 'utf8'), readFileSync(join(dir, 'b3.json'), 'utf8'));
  });

  it('exit 3 for a missing folder or an unusable baseline; exit 2 for bad options', async () => {
    const dir = make({ 'infra/main.tf': ENDPOINT_TF, 'bad.json': '{"version":9,"findings":[]}' });
    const missing = await cli(dir, ['scan', 'nope']);
    assert.equal(missing.code, EXIT.failure);
    const noFile = await cli(dir, ['scan', '.', '--baseline', 'absent.json']);
    assert.equal(noFile.code, EXIT.failure);
    assert.match(noFile.err, /--baseline absent\.json: no such file \(create one with --write-baseline\)/);
    const bad = await cli(dir, ['scan', '.', '--baseline', 'bad.json']);
    assert.equal(bad.code, EXIT.failure);
    assert.match(bad.err, /unsupported baseline version 9/);
    for (const argv of [
      ['scan', '.', '--format', 'pdf'],
      ['scan', '.', '--fail-on', 'L9'],
      ['scan', '.', '--fail-on', 'info'],
      ['scan', '.', '--baseline'],
      ['scan', '.', '--docs-url', 'docs/controls'],
      ['controls', '--baseline', 'x.json'],
      ['scan', '.', '--format', 'json', '--format', 'csv'],
    ]) {
      const r = await cli(dir, argv);
      assert.equal(r.code, EXIT.usage, argv.join(' '));
      assert.match(r.err, /\(see --help\)/);
    }
    const help = await cli(dir, ['--help']);
    assert.match(help.out, /--format FORMAT\s+table \(default\), json, sarif, markdown, html or csv/);
    assert.match(help.out, /--baseline FILE/);
  });

  it('--docs-url gives the SARIF rules absolute help links', async () => {
    const dir = make({ 'infra/main.tf': ENDPOINT_TF });
    const r = await cli(dir, ['scan', '.', '--format', 'sarif', '--docs-url', 'https://example.org/arg/controls/']);
    const rule = JSON.parse(r.out).runs[0].tool.driver.rules[0];
    assert.equal(rule.helpUri, `https://example.org/arg/controls/${rule.id}.md`);
  });

  it('shows progress on stderr only when stderr is a terminal, and timings with --verbose', async () => {
    const dir = make({ 'infra/main.tf': ENDPOINT_TF, 'app.py': APP_PY });
    const tty = await cli(dir, ['scan', '.', '--format', 'json'], { errIsTTY: true });
    assert.match(tty.err, /\rreading files 2\/2/);
    JSON.parse(tty.out); // stdout stays clean JSON
    const pipe = await cli(dir, ['scan', '.', '--format', 'json']);
    assert.doesNotMatch(pipe.err, /reading files/);
    const quiet = await cli(dir, ['scan', '.', '--quiet'], { errIsTTY: true });
    assert.equal(quiet.err, '');
    const verbose = await cli(dir, ['scan', '.', '--verbose', '--format', 'csv']);
    assert.match(verbose.err, /files 2 · .*parse [\d.]+ ms.*report [\d.]+ ms/);
  });
});

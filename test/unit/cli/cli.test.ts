// The CLI as a user meets it: help, version, explain, controls, usage errors and exit codes.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type Io } from '../../../src/cli/main';

function io(opts: Partial<Io> = {}): Io & { stdout: string; stderr: string } {
  const o = {
    stdout: '',
    stderr: '',
    out(t: string) {
      o.stdout += t;
    },
    err(t: string) {
      o.stderr += t;
    },
    isTTY: false,
    env: {},
    cwd: process.cwd(),
    ...opts,
  };
  return o;
}

describe('cli', () => {
  it('--help and --version', async () => {
    const a = io();
    assert.equal(await main(['--help'], a), 0);
    assert.match(a.stdout, /Usage:/);
    assert.match(a.stdout, /Exit codes/);
    const b = io();
    assert.equal(await main(['--version'], b), 0);
    assert.match(b.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('explain prints a control page and a provision page', async () => {
    const a = io();
    assert.equal(await main(['explain', 'ARG-DAT-001'], a), 0);
    assert.match(a.stdout, /ARG-DAT-001/);
    assert.match(a.stdout, /5\.2\.1-4/);
    assert.match(a.stdout, /AWS|aws/);
    const b = io();
    assert.equal(await main(['explain', '5.2.2-2'], b), 0);
    assert.match(b.stdout, /6\.2/);
    assert.match(b.stdout, /ARG-NET-002/);
    const c = io();
    assert.equal(await main(['explain', 'arg-dat-001'], c), 0, 'ids are case-insensitive');
  });

  it('bad arguments print one line and exit 2', async () => {
    for (const argv of [['explain', 'ARG-XXX-999'], ['explain'], ['scan', '--format', 'pdf'], ['scan', '--bogus'], ['frobnicate'], [], ['scan', '--fail-on', 'L9'], ['controls', '--tier', 'L0'], ['controls', '--dimension', 'FOO'], ['scan', '--output']]) {
      const a = io();
      assert.equal(await main(argv, a), 2, argv.join(' '));
      assert.equal(a.stderr.trim().split('\n').length, 1, `${argv.join(' ')}: ${a.stderr}`);
      assert.match(a.stderr, /^ai-risk-gradient: /);
      assert.equal(a.stdout, '');
    }
  });

  it('a missing folder exits 3', async () => {
    const a = io();
    assert.equal(await main(['scan', '/nonexistent/path/xyz'], a), 3);
    assert.match(a.stderr, /no such folder/);
  });

  it('controls lists the catalogue and filters by tier and dimension', async () => {
    const all = io();
    assert.equal(await main(['controls'], all), 0);
    assert.match(all.stdout, /ARG-IAM-001/);
    const l1 = io();
    await main(['controls', '--tier', 'L1', '--format', 'json'], l1);
    const list = JSON.parse(l1.stdout) as { id: string; threshold: string }[];
    assert.ok(list.length > 3);
    assert.ok(list.every((c) => c.threshold === 'L1' || c.threshold === 'any'));
    const iam = io();
    await main(['controls', '--dimension', 'iam', '--format', 'json'], iam);
    assert.ok((JSON.parse(iam.stdout) as { id: string }[]).every((c) => c.id.startsWith('ARG-IAM-')));
  });

  it('colour only on a terminal and never with NO_COLOR', async () => {
    const tty = io({ isTTY: true });
    await main(['controls'], tty);
    assert.match(tty.stdout, /\x1b\[/);
    const nc = io({ isTTY: true, env: { NO_COLOR: '1' } });
    await main(['controls'], nc);
    assert.doesNotMatch(nc.stdout, /\x1b\[/);
    const pipe = io();
    await main(['controls'], pipe);
    assert.doesNotMatch(pipe.stdout, /\x1b\[/);
  });

  it('scan of an empty folder runs end to end, json to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arg-cli-'));
    writeFileSync(join(dir, 'README.md'), '# nothing AI here\n');
    const a = io({ cwd: dir });
    assert.equal(await main(['scan', '.', '--format', 'json', '--output', 'out/result.json'], a), 0);
    const r = JSON.parse(readFileSync(join(dir, 'out/result.json'), 'utf8')) as { schemaVersion: number; workloads: unknown[] };
    assert.equal(r.schemaVersion, 1);
    assert.deepEqual(r.workloads, []);
    const t = io({ cwd: dir });
    assert.equal(await main(['scan'], t), 0);
    assert.match(t.stdout, /No AI workloads found/);
  });
});

// Secrets never leak: a workspace full of fake keys (test/fixtures/hostile/secrets) is scanned,
// and every output — the result itself, every report format, every CLI format, the register
// the CLI writes, every message — is searched for each key and for every 8-character piece of it.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Project, toCsv, toHtml, toJsonReport, toJsonText, toMarkdown, toSarifText, writeBaseline, type ScanResult } from '../../../src/core';
import { main, type Io } from '../../../src/cli/main';
import { nodeAssets } from '../../../src/node/assets';
import { nodeFileSource } from '../../../src/node/file-source';
import { PLUGINS } from '../../../src/core/parse';
import { initPlugins, parseWith } from './util';

const DIR = join(process.cwd(), 'test/fixtures/hostile/secrets');

// Assembled from pieces so this source file holds no key-shaped literal; the fixture holds them whole.
const KEYS: Record<string, string> = {
  openai: ['sk', 'proj', 'FAKEQ7rT2mW9kK4vB8nL3pZ6cY1hJ5dG0sA'].join('-'),
  anthropic: ['sk', 'ant', 'api03', 'FAKEHq8Lm2Vn6Rt4Wz9Kp3Jd7Fs1Gb5Nc0Ty'].join('-'),
  awsAccessKeyId: `AKIA${'FAKE7Q2M4N6P8R3T'}`,
  awsSecret: `FAKEsecret/${'9hQ2mV7kL4pW8zR3nT6yB1cJ5dG0s'}`,
  google: `AIza${'FAKESy3bQ9mL2vT7kW4pR8nZ6cJ1hD5gF0a'}`,
  github: `ghp_${'FAKEn4Jq8Rw2Lm6Tz0Vb3Kp7Hs1Dc5Gf9Ya2'}`,
  generic: `zq${'FAKE9c1e7b3d5f2a8e4c6b0d9f1a3e5c7b'}`,
};

/** Every 8-character piece of every key. */
function pieces(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [kind, key] of Object.entries(KEYS)) for (let i = 0; i + 8 <= key.length; i++) out.set(key.slice(i, i + 8), kind);
  return out;
}

function leaks(where: string, text: string): string[] {
  const found: string[] = [];
  for (const [kind, key] of Object.entries(KEYS)) if (text.includes(key)) found.push(`${where}: the whole ${kind} key`);
  for (const [piece, kind] of pieces()) if (text.includes(piece)) found.push(`${where}: "${piece}" of the ${kind} key`);
  return found;
}

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false, env: {}, cwd };
  return { io: value, out, err };
}

describe('robustness/secrets', function () {
  this.timeout(60_000);
  let result: ScanResult;
  let project: Project;

  before(async () => {
    await initPlugins();
    project = new Project({ assets: nodeAssets(), today: () => '2026-12-01' });
    await project.loadAll(nodeFileSource(DIR));
    result = project.result();
  });

  it('the fixture holds every key in every place it claims (so the test can fail)', () => {
    const where: Record<string, string[]> = {
      'infra/main.tf': Object.keys(KEYS),
      'k8s/deployment.yaml': ['openai', 'github', 'generic'],
      'k8s/secret.yaml': ['openai', 'anthropic', 'awsAccessKeyId', 'awsSecret', 'google'],
      'sol/Workflows/TriageTicket-3A9C1E5B-7D2F-4B6A-9E8C-1F0D2B3C4A5E.json': ['openai', 'anthropic', 'generic'],
      'app/agent.py': ['openai', 'anthropic', 'awsAccessKeyId', 'awsSecret', 'generic'],
      'web/chat.ts': ['openai', 'google', 'github', 'generic'],
      '.env': Object.keys(KEYS),
      '.mcp.json': ['github', 'openai', 'generic'],
    };
    for (const [file, kinds] of Object.entries(where)) {
      const text = readFileSync(join(DIR, file), 'utf8');
      for (const k of kinds) assert.ok(text.includes(KEYS[k]), `${file} holds the ${k} key`);
      assert.ok(project.paths().includes(file), `${file} is read by the scan`);
    }
  });

  it('the scan sees the credentials: findings point at the files that hold them', () => {
    const files = new Set(result.findings.map((f) => f.file));
    for (const f of ['infra/main.tf', 'k8s/deployment.yaml', 'app/agent.py', '.env']) assert.ok(files.has(f), `a finding in ${f} (got ${[...files].join(', ')})`);
    assert.ok(result.findings.some((f) => /credential|key|secret|token/i.test(f.message)));
  });

  it('JSON.stringify of the result holds no key and no 8-character piece of one', () => {
    assert.deepEqual(leaks('result', JSON.stringify(result)), []);
  });

  it('no report format holds a key or a piece of one', () => {
    const outputs: Record<string, string> = {
      sarif: toSarifText(result),
      json: JSON.stringify(toJsonReport(result)),
      jsonText: toJsonText(result),
      markdown: toMarkdown(result),
      html: toHtml(result),
      csv: toCsv(result),
      baseline: writeBaseline(result),
    };
    assert.deepEqual(Object.entries(outputs).flatMap(([k, v]) => leaks(k, v)), []);
  });

  it('no finding message, detail, related evidence, fix or problem holds a key or a piece of one', () => {
    const bad: string[] = [];
    for (const f of result.findings) {
      bad.push(...leaks(`${f.controlId} message`, f.message), ...leaks(`${f.controlId} detail`, f.detail), ...leaks(`${f.controlId} title`, f.title));
      for (const e of f.related) bad.push(...leaks(`${f.controlId} related.why`, e.why));
      for (const fix of f.fixes) bad.push(...leaks(`${f.controlId} fix`, JSON.stringify(fix)));
    }
    for (const file of project.paths()) {
      for (const p of project.problemsFor(file)) bad.push(...leaks(`problem ${p.code}`, p.message));
      for (const f of project.findingsFor(file)) bad.push(...leaks(`findingsFor ${file}`, JSON.stringify(f)));
    }
    for (const a of result.assessments) {
      bad.push(...leaks(`assessment ${a.workloadId}`, JSON.stringify(a)));
    }
    assert.deepEqual(bad, []);
  });

  it('no CLI output format holds a key or a piece of one (stdout and stderr)', async () => {
    const bad: string[] = [];
    for (const format of ['table', 'json', 'sarif', 'markdown', 'html', 'csv']) {
      const { io: cli, out, err } = io(process.cwd());
      const code = await main(['scan', DIR, '--format', format, '--verbose'], cli);
      assert.equal(code, 0, err.join(''));
      assert.ok(out.join('').length > 100, `${format} printed a report`);
      bad.push(...leaks(`cli ${format}`, out.join('')), ...leaks(`cli ${format} stderr`, err.join('')));
    }
    for (const format of ['table', 'json']) {
      const { io: cli, out, err } = io(process.cwd());
      assert.equal(await main(['inventory', DIR, '--format', format], cli), 0);
      bad.push(...leaks(`inventory ${format}`, out.join('') + err.join('')));
    }
    assert.deepEqual(bad, []);
  });

  it('the register the CLI writes (inventory --write) holds no key or piece of one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arg-rob-secrets-'));
    try {
      cpSync(DIR, dir, { recursive: true });
      const { io: cli, err } = io(dir);
      assert.equal(await main(['inventory', '.', '--write'], cli), 0, err.join(''));
      const register = readFileSync(join(dir, 'ai-asset-register.yaml'), 'utf8');
      assert.ok(register.includes('workloads'), 'a register was written');
      assert.deepEqual(leaks('register', register), []);
      // A baseline written by the CLI too.
      const { io: cli2 } = io(dir);
      assert.equal(await main(['scan', '.', '--write-baseline', 'baseline.json', '--quiet'], cli2), 0);
      assert.deepEqual(leaks('baseline', readFileSync(join(dir, 'baseline.json'), 'utf8')), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('secret facts keep the kind and place only, never the value', () => {
    const bad: string[] = [];
    let count = 0;
    // The facts are not output, but the `secret` facts promise to hold no value. Read them the way
    // each plugin gives them, from the fixture's own text.
    for (const file of project.paths()) {
      const plugin = PLUGINS.find((p) => p.matches(file))!;
      const parsed = parseWith(plugin, file, project.text(file) ?? '');
      for (const f of parsed.facts.filter((x) => x.kind === 'secret')) {
        count++;
        bad.push(...leaks(`secret fact ${f.id}`, JSON.stringify(f)));
      }
    }
    assert.ok(count >= 20, `${count} secret facts`);
    assert.deepEqual(bad, []);
  });
});

// docs/ci.md and .pre-commit-hooks.yaml stay runnable: their YAML parses, and every
// `ai-risk-gradient scan` command they show is accepted by the CLI (no usage error).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { EXIT, main } from '../../../src/cli/main';

const ROOT = process.cwd();
const doc = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');

function yamlBlocks(md: string): string[] {
  return [...md.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** The `ai-risk-gradient scan …` commands of a text, as argv (shell quoting and `&& …` removed). */
function scanCommands(text: string): string[][] {
  const out: string[][] = [];
  const flat = text.replace(/>\n\s+/g, ' ').replace(/\n\s{10,}(?=--)/g, ' ');
  for (const m of flat.matchAll(/ai-risk-gradient scan [^\n&#`]*/g)) {
    const line = m[0].replace(/\$\{\{[^}]*\}\}/g, 'x').trim();
    const argv = line.split(/\s+/).slice(1).map((a) => a.replace(/^["']|["']$/g, ''));
    out.push(argv);
  }
  return out;
}

describe('report/docs', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'arg-docs-'));
    mkdirSync(join(dir, '.ai-risk-gradient'));
    writeFileSync(join(dir, '.ai-risk-gradient/baseline.json'), '{"version":1,"tool":"ai-risk-gradient","findings":[]}\n');
    writeFileSync(join(dir, 'app.py'), 'import openai\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('every YAML snippet parses; the GitHub workflow uploads SARIF with the right permission', () => {
    const blocks = yamlBlocks(doc);
    assert.ok(blocks.length >= 3);
    const parsed = blocks.map((b) => parse(b) as Record<string, unknown>);
    const workflow = JSON.stringify(parsed.find((p) => p && 'jobs' in p));
    assert.match(workflow, /github\/codeql-action\/upload-sarif@v\d/);
    assert.match(workflow, /"sarif_file":"ai-risk-gradient\.sarif"/);
    assert.match(workflow, /"security-events":"write"/);
    const gitlab = parsed.find((p) => p && 'ai-risk-gradient' in p);
    assert.ok(gitlab, 'GitLab job');
  });

  it('every scan command in docs/ci.md is accepted by the CLI', async () => {
    const commands = scanCommands(doc).filter((c) => c[0] === 'scan' && c[1] === '.');
    assert.ok(commands.length >= 8, `found ${commands.length}`);
    for (const argv of commands) {
      const err: string[] = [];
      const code = await main(argv, { out: () => undefined, err: (t) => err.push(t), isTTY: false, env: {}, cwd: dir });
      assert.ok(code === EXIT.ok || code === EXIT.gate, `${argv.join(' ')} → ${code} ${err.join('')}`);
    }
  });

  it('the pre-commit hooks run the CLI with valid arguments', async () => {
    const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; args?: string[]; language: string; pass_filenames: boolean }[];
    assert.deepEqual(
      hooks.map((h) => h.id),
      ['ai-risk-gradient', 'ai-risk-gradient-system'],
    );
    for (const h of hooks) {
      assert.equal(h.pass_filenames, false);
      const [bin, ...rest] = h.entry.split(/\s+/);
      assert.equal(bin, 'ai-risk-gradient');
      const code = await main([...rest, ...(h.args ?? [])], { out: () => undefined, err: () => undefined, isTTY: false, env: {}, cwd: dir });
      assert.ok(code === EXIT.ok || code === EXIT.gate, `${h.id} → ${code}`);
    }
  });
});

// The folder tells what a file may touch: src/core knows nothing of editors, disks,
// processes or networks; adapters reach the core only through src/core/index.ts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = process.cwd();

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : n.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g)) out.push(m[1]);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) out.push(m[1]);
  for (const m of text.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out;
}

const FORBIDDEN_IN_CORE = /^(node:)?(vscode|fs|fs\/promises|child_process|http|https|http2|net|tls|dgram|dns|worker_threads|process|os|cluster)$/;

describe('architecture', () => {
  it('src/core imports no editor, file-system, process or network module', () => {
    const offenders: string[] = [];
    for (const f of tsFiles(join(ROOT, 'src/core'))) {
      for (const spec of imports(f)) if (FORBIDDEN_IN_CORE.test(spec)) offenders.push(`${relative(ROOT, f)} imports ${spec}`);
      // Comments and string literals are text, not code: a fix may insert "process.env.X" into user code.
      const text = readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
        .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
      if (/\bprocess\.(env|cwd|argv|exit|stdout|stderr)/.test(text)) offenders.push(`${relative(ROOT, f)} touches process`);
    }
    assert.deepEqual(offenders, []);
  });

  it('the import check itself catches a forbidden import', () => {
    assert.ok(FORBIDDEN_IN_CORE.test('node:fs'));
    assert.ok(FORBIDDEN_IN_CORE.test('vscode'));
    assert.ok(!FORBIDDEN_IN_CORE.test('yaml'));
    assert.deepEqual(imports(join(ROOT, 'src/node/file-source.ts')).filter((s) => FORBIDDEN_IN_CORE.test(s)), ['node:fs', 'node:fs/promises']);
  });

  it('the extension and the CLI use the core only through src/core/index.ts', () => {
    const offenders: string[] = [];
    for (const dir of ['src/vscode', 'src/cli']) {
      let list: string[] = [];
      try {
        list = tsFiles(join(ROOT, dir));
      } catch {
        continue;
      }
      for (const f of list) {
        for (const spec of imports(f)) if (/\/core\/./.test(spec) && !/\/core(\/index)?$/.test(spec)) offenders.push(`${relative(ROOT, f)} imports ${spec}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('the lint configuration forbids the same modules in src/core', () => {
    const config = readFileSync(join(ROOT, 'eslint.config.mjs'), 'utf8');
    for (const name of ['vscode', 'fs', 'child_process', 'http', 'net']) assert.ok(config.includes(`'${name}'`), name);
    assert.match(config, /files: \['src\/core\/\*\*\/\*\.ts'\]/);
  });
});

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONTROLS, PROVISIONS, controlsCiting } from '../../../src/core/catalogue/index';
import { renderDocs } from '../../../scripts/docs-render';

const ROOT = process.cwd();
const STALE = 'docs are stale: run `npm run docs` and check the result in';

describe('catalogue: generated docs', () => {
  const docs = renderDocs();

  it('renders one page per control plus the index and the provision table', () => {
    for (const c of CONTROLS) assert.ok(docs.has(`docs/controls/${c.id}.md`), c.id);
    assert.ok(docs.has('docs/provisions.md'));
    assert.equal(docs.size, CONTROLS.length + 2);
  });

  it('puts the facts of a control on its page', () => {
    const page = docs.get('docs/controls/ARG-DAT-001.md') ?? '';
    assert.match(page, /^# ARG-DAT-001: Encryption with customer-managed keys/m);
    assert.match(page, /\| Zone \| Foundational \(L1–L2\) \|/);
    assert.match(page, /\| Threshold tier \| L1 \(Embedded AI in SaaS\) \|/);
    assert.match(page, /\| 5\.2\.1-4\.2 \| 5\.4\.2 \| shall \| P5 /);
    assert.match(page, /\| AWS \| .*kms_key_arn/);
    assert.match(page, /- Terraform/);
  });

  it('lists every provision in the coverage table with its controls or its out-of-scope reason', () => {
    const table = docs.get('docs/provisions.md') ?? '';
    for (const p of PROVISIONS) {
      const row = table.split('\n').find((l) => l.startsWith(`| ${p.id} | ${p.uk} |`));
      assert.ok(row, `${p.id} missing`);
      const citing = controlsCiting(p.id);
      if (citing.length) for (const c of citing) assert.ok(row.includes(`[${c.id}]`), `${p.id} → ${c.id}`);
      else assert.ok(row.includes('out of scope:'), p.id);
    }
    assert.match(table, /## Secure design \(5\.1\)[\s\S]*### P1 5\.1\.1[\s\S]*## Secure end of life \(5\.5\)[\s\S]*### P13 5\.5\.1/);
  });

  it('matches the files checked into the tree', () => {
    const problems: string[] = [];
    for (const [rel, content] of docs) {
      const file = path.join(ROOT, rel);
      if (!fs.existsSync(file)) problems.push(`${rel} missing`);
      else if (fs.readFileSync(file, 'utf8') !== content) problems.push(`${rel} differs`);
    }
    const dir = path.join(ROOT, 'docs/controls');
    if (fs.existsSync(dir)) {
      for (const name of fs.readdirSync(dir)) {
        if (name.endsWith('.md') && !docs.has(`docs/controls/${name}`)) problems.push(`docs/controls/${name} has no control`);
      }
    }
    assert.deepEqual(problems, [], `${STALE}:\n  ${problems.join('\n  ')}`);
  });
});

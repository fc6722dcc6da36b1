// `inventory --write` (src/core/register/write.ts updateRegister) on a hostile
// ai-asset-register.yaml: bounded time, the library's own messages, no abort.
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import type { ScanResult } from '../../../src/core';
import { updateRegister } from '../../../src/core/register/write';
import { timed } from './util';

const RANGE = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

function result(names: string[]): ScanResult {
  return {
    schemaVersion: 1,
    tool: { name: 'ai-risk-gradient', version: 't' },
    root: '.',
    filesScanned: 1,
    workloads: names.map((n) => ({ id: `terraform:infra:${n}`, name: n, kind: 'terraform' as const, root: 'infra', members: [], anchor: { file: 'infra/main.tf', range: RANGE }, providers: [], links: [] })),
    assessments: [],
    findings: [],
    problems: [],
    coverage: { applicable: [], covered: [], percent: 100 },
    timings: {},
  };
}

/** The message updateRegister gave with the library's own duplicate-key check. */
function libraryMessage(text: string): string {
  return `the register is not valid YAML (${parseDocument(text).errors[0].message.split('\n')[0]}); fix it before updating`;
}

/** Generous on purpose (a shared 2-core machine): 2 x 10^4 keys took 6.5 s before the fix, 10^5 would take minutes. */
function budgetFor(text: string): number {
  return 4000 + (6000 * text.length) / (1024 * 1024);
}

describe('robustness/register-write', function () {
  this.timeout(120_000);

  it('a register with 10^5 keys in one map is updated in bounded time, keeping them all', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: 1`).join('\n');
    for (const text of [`version: 1\nworkloads: []\n${keys}\n`, `version: 1\nworkloads:\n  - name: a\n${keys.replace(/^/gm, '    ')}\n`]) {
      const { value: u, ms } = timed(() => updateRegister(text, result(['agent'])));
      assert.ok(ms < budgetFor(text), `${ms.toFixed(0)} ms`);
      assert.deepEqual(u.added, ['agent']);
      assert.match(u.text, /^ *k99999: 1$/m);
    }
  });

  it('duplicate keys are refused with the message and place the library gives', () => {
    const cases = [
      'version: 1\nversion: 2\nworkloads: []\n',
      'version: 1\nworkloads:\n  - name: a\n    owner: x\n    name: b\n',
      'version: 1\nworkloads: [{name: a, name: b}]\n',
      'version: 1\nworkloads:\n  - name: a\n    modifiers:\n    modifiers: {}\n',
      'version: 1\n? workloads\n: []\n? workloads\n: []\n',
    ];
    for (const text of cases) {
      assert.throws(() => updateRegister(text, result(['agent'])), (e: Error) => {
        assert.equal(e.message, libraryMessage(text));
        assert.match(e.message, /Map keys must be unique at line \d+, column \d+/);
        return true;
      });
    }
    // 10^5 of them: the first is named, in bounded time
    const many = `version: 1\nworkloads: []\n${'a: 1\n'.repeat(100_000)}`;
    const { ms } = timed(() => assert.throws(() => updateRegister(many, result([])), /Map keys must be unique at line 4, column 1:\); fix it before updating$/));
    assert.ok(ms < budgetFor(many), `${ms.toFixed(0)} ms`);
  });

  it('deep nesting is refused before parsing, with the place', () => {
    for (const [text, at] of [
      [`version: 1\nworkloads: ${'['.repeat(1_000)}`, 'line 2, column 112'],
      [`version: 1\nworkloads:\n${'- '.repeat(1_000)}x\n`, 'line 3, column 399'],
    ]) {
      assert.throws(
        () => updateRegister(text, result(['agent'])),
        (e: Error) => {
          assert.match(e.message, /^the register is not valid YAML \((Brackets nest|The YAML nests) more than \d+ levels deep here/);
          assert.ok(e.message.includes(at), e.message);
          return true;
        },
      );
    }
  });

  it('a register broken on every line of 10^5 is refused in bounded time with its first error', () => {
    const text = `version: 1\nworkloads: []\n${': :\n'.repeat(100_000)}`;
    const { ms } = timed(() => assert.throws(() => updateRegister(text, result([])), (e: Error) => e.message === libraryMessage(text.slice(0, 200))));
    assert.ok(ms < budgetFor(text), `${ms.toFixed(0)} ms`);
  });

  it('2 x 10^4 entries and 2 000 workloads: matched by id, name and declared name as before, in bounded time', () => {
    const entries = Array.from({ length: 20_000 }, (_, i) => `  - id: e${i}\n    name: entry ${i}\n`).join('');
    const declared = '  - name: hand\n    paths: ["apps/**"]\n    status: vanished\n  - name: hand\n    paths: ["other/**"]\n    status: vanished\n';
    const text = `version: 1\nworkloads:\n${entries}${declared}  - name: w 7\n`;
    const names = Array.from({ length: 2_000 }, (_, i) => `w ${i}`);
    const r = result([...names, 'hand']);
    r.workloads[r.workloads.length - 1] = { ...r.workloads[r.workloads.length - 1], kind: 'declared' as const };
    const { value: u, ms } = timed(() => updateRegister(text, r));
    assert.ok(ms < budgetFor(text) + 4000, `${ms.toFixed(0)} ms`);
    assert.equal(u.added.length, 1_999, 'all but "w 7" (matched by name) are new');
    assert.ok(!u.added.includes('w 7') && !u.added.includes('hand'));
    assert.equal(u.vanished.length, 20_000, 'the id entries no scan found');
    assert.deepEqual(u.returned, ['hand']);
    // "w 7" took its id; the first declared "hand" entry is the one found again, the second is kept as written
    assert.match(u.text, /- name: w 7\n {4}id: terraform:infra:w 7\n/);
    assert.match(u.text, /- name: hand\n {4}paths: \["apps\/\*\*"\]\n {2}- name: hand\n {4}paths: \["other\/\*\*"\]\n {4}status: vanished\n/);
  });
});

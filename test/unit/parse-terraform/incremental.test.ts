// Re-parsing a path after an edit reuses the blocks the edit did not touch (incremental.ts);
// the result must be exactly what a fresh parse of the new text gives.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { MEMO_MIN_CHARS, MEMO_PATHS, memoStats } from '../../../src/core/parse/terraform/incremental';
import { FIXTURES, init, parseText } from './helpers';

const SEED = process.env.TF_SEED ? Number(process.env.TF_SEED) : 20260612;
const MULT = process.env.TF_RUNS ? Number(process.env.TF_RUNS) : 1;

/** Real .tf shapes, repeated until the file is big enough to be kept in the memo. */
function bigFile(): string {
  const parts = ['shapes/main.tf', 'bedrock-stack/main.tf', 'azure/main.tf', 'gcp/main.tf'].map((p) => readFileSync(join(FIXTURES, p), 'utf8'));
  let text = parts.join('\n');
  let i = 0;
  while (text.length < MEMO_MIN_CHARS * 3) text += `\nresource "aws_s3_bucket" "extra_${i++}" {\n  bucket = "b-${i}"\n  tags = { owner = "team-${i}", n = ${i} }\n}\n`;
  return text;
}

function fresh(path: string, text: string) {
  memoStats.clear();
  return parseText(path, text);
}

describe('terraform incremental re-parse', function () {
  this.timeout(60_000);
  before(init);
  afterEach(() => memoStats.clear());

  it('a random series of edits gives what a fresh parse gives, after every edit', () => {
    const base = bigFile();
    // mostly edits that keep the file clean (the incremental road), some that break it
    const benign = fc.constantFrom('1', 'x', ' ', '\n', '\n\n', '# c\n', '', 'resource "aws_kms_key" "k" {\n  x = 1\n}\n', '\r\n', '\n\nlocals {\n  z = 2\n}\n');
    const breaking = fc.constantFrom('"', '{', '}', '/*', '*/', '${', '=', '[', ']', 'é');
    const edit = fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      del: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(6) }),
      ins: fc.oneof({ weight: 6, arbitrary: benign }, { weight: 1, arbitrary: breaking }),
    });
    let incremental = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        memoStats.clear();
        const path = 'inc/main.tf';
        let text = base;
        parseText(path, text);
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
          const got = parseText(path, text);
          if (memoStats.last === 'incremental') incremental++;
          const want = fresh(path, text);
          assert.deepEqual(got, want);
          // put the memo back as it was before the fresh parse
          parseText(path, text);
        }
      }),
      { seed: SEED, numRuns: Math.round(25 * MULT) },
    );
    assert.ok(incremental > 25, `only ${incremental} parses were incremental`);
  });

  it('one-character edits of a big file are incremental and exact', () => {
    const path = 'inc/big.tf';
    let text = bigFile();
    parseText(path, text);
    for (let i = 0; i < 30; i++) {
      // change a digit, and every third time also add a line after a closing brace
      const d = /\d/g;
      d.lastIndex = Math.floor((text.length * i) / 30);
      const m = d.exec(text);
      assert.ok(m);
      text = text.slice(0, m.index) + String((Number(m[0]) + 1) % 10) + text.slice(m.index + 1);
      if (i % 3 === 0) {
        const close = text.indexOf('}\n', m.index);
        if (close >= 0) text = text.slice(0, close + 2) + '\n' + text.slice(close + 2);
      }
      const got = parseText(path, text);
      assert.equal(memoStats.last, 'incremental', `edit ${i}`);
      assert.deepEqual(got, fresh(path, text));
      parseText(path, text);
    }
  });

  it('trusts the text it holds, not the caller: an unrelated text for the same path is read as itself', () => {
    const a = bigFile();
    const b = a.replace(/aws_s3_bucket/g, 'aws_kms_key').replace(/\n/g, '\n\n');
    parseText('same/main.tf', a);
    assert.deepEqual(parseText('same/main.tf', b), fresh('same/main.tf', b));
    parseText('same/main.tf', a);
    assert.deepEqual(parseText('same/main.tf', a), fresh('same/main.tf', a));
  });

  it('recovers through a broken intermediate text', () => {
    const path = 'broken/main.tf';
    const clean = bigFile();
    const at = clean.indexOf('\n', clean.length >> 1);
    const broken = clean.slice(0, at) + '\n  oops = "unclosed\n' + clean.slice(at);
    parseText(path, clean);
    const b = parseText(path, broken);
    assert.ok(b.problems.length > 0);
    assert.deepEqual(b, fresh(path, broken));
    // the memo keeps the last clean text: coming back to it is 'same', a fixed variant is incremental
    parseText(path, clean);
    parseText(path, broken);
    assert.deepEqual(parseText(path, clean), fresh(path, clean));
    parseText(path, clean);
    parseText(path, broken);
    const fixed = clean.slice(0, at) + '\n  oops = "closed"\n' + clean.slice(at);
    const back = parseText(path, fixed);
    assert.equal(memoStats.last, 'incremental');
    assert.deepEqual(back, fresh(path, fixed));
  });

  it('an unchanged block gives the same fact objects, and a later parse never changes an earlier result', () => {
    const path = 'share/main.tf';
    const text = bigFile();
    const first = parseText(path, text);
    const snapshot = structuredClone(first);
    const at = text.search(/\d/);
    const edited = text.slice(0, at) + String((Number(text[at]) + 1) % 10) + text.slice(at + 1);
    const second = parseText(path, edited);
    assert.equal(memoStats.last, 'incremental');
    assert.deepEqual(first, snapshot, 'the first result is untouched');
    assert.deepEqual(second, fresh(path, edited));
    const before = new Set(first.facts);
    const same = second.facts.filter((f) => before.has(f)).length;
    assert.ok(same >= second.facts.length - 3 && same < second.facts.length, `${same} of ${second.facts.length} facts are the same objects`);
  });

  it('is bounded: a few big paths, no small files', () => {
    const text = bigFile();
    for (let i = 0; i < MEMO_PATHS * 3; i++) parseText(`many/${i}/main.tf`, text);
    assert.equal(memoStats.paths(), MEMO_PATHS);
    memoStats.clear();
    for (let i = 0; i < 5; i++) parseText(`small/${i}/main.tf`, 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n');
    assert.equal(memoStats.paths(), 0);
  });
});

// appendBlock and indentUnitOf walk the text in place (they run for every finding whose fix
// adds a block or indents lines). These tests compare them with the straightforward versions
// they replaced (a LineIndex, trim(), a regex anchored at the end, a split into lines) on
// texts made to hit the edge cases: CRLF and lone CR, trailing blank lines, tabs, blank files.
import assert from 'node:assert/strict';
import { appendBlock, eolOf, indentUnitOf } from '../../../src/core/parse/terraform/edit';
import { LineIndex } from '../../../src/core/parse/terraform/parse';
import type { TextEdit } from '../../../src/core/model';

function appendBlockBefore(file: string, text: string, hclText: string): TextEdit {
  const eol = eolOf(text);
  const li = new LineIndex(text);
  const end = li.position(text.length);
  const block = hclText.replace(/\r?\n/g, eol).replace(/(\r?\n)+$/, '') + eol;
  if (text.trim() === '') return { file, range: { start: { line: 0, character: 0 }, end }, newText: block };
  const trailing = /(\r?\n)*$/.exec(text)?.[0] ?? '';
  const newlines = (trailing.match(/\n/g) ?? []).length;
  const prefix = newlines === 0 ? eol + eol : newlines === 1 ? eol : '';
  return { file, range: { start: end, end }, newText: prefix + block };
}

function indentUnitBefore(text: string): string {
  let min = Infinity;
  for (const line of text.split('\n')) {
    const m = /^([ \t]+)\S/.exec(line);
    if (!m) continue;
    if (m[1].startsWith('\t')) return '\t';
    min = Math.min(min, m[1].length);
  }
  return isFinite(min) && min > 0 && min <= 8 ? ' '.repeat(min) : '  ';
}

/** A small deterministic generator (the same texts on every run). */
function texts(n: number): string[] {
  const pieces = ['\n', '\r\n', '\r', ' ', '  ', '\t', '    ', 'a', 'resource "x" "y" {', '}', '\u00a0', '\ufeff', '😀', ' = 1', '         z'];
  let seed = 7;
  const rand = (k: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  const out = ['', '\n', '\r\n', '\n\n\n', ' \t\n', 'a', 'a\n', 'a\r\n\r\n', 'a\n\r\n', 'a\r\r\n', 'a\r', '\ta\n  b', '  a\n\tb', '\u00a0 a'];
  for (let i = 0; i < n; i++) {
    let t = '';
    const len = rand(30);
    for (let j = 0; j < len; j++) t += pieces[rand(pieces.length)];
    out.push(t);
  }
  return out;
}

describe('Terraform text edits: in-place walks match the versions they replaced', () => {
  const cases = texts(3000);
  it('appendBlock', () => {
    for (const t of cases) for (const hcl of ['resource "a" "b" {\n}\n', 'x {}\r\n\r\n']) assert.deepEqual(appendBlock('f.tf', t, hcl), appendBlockBefore('f.tf', t, hcl), JSON.stringify(t));
  });
  it('indentUnitOf', () => {
    for (const t of cases) assert.equal(indentUnitOf(t), indentUnitBefore(t), JSON.stringify(t));
  });
});

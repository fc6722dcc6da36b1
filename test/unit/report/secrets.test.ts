// Formatters print only what the scan result holds. The core never stores a secret value
// (only its kind and location); these tests check that no formatter adds one, and that a
// value slipped into a message is printed at most where the message is printed — never
// copied into other fields.
import assert from 'node:assert/strict';
import { toCsv, toHtml, toJsonText, toMarkdown, toSarifText, writeBaseline } from '../../../src/core/report';
import type { ScanResult } from '../../../src/core';
import { fixtureResult } from './fixture';

const SECRET_PATTERNS = [/AKIA[0-9A-Z]{16}/, /\bsk-[A-Za-z0-9_-]{20,}/, /\bghp_[A-Za-z0-9]{30,}/, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, /xox[bap]-[A-Za-z0-9-]{10,}/, /AIza[0-9A-Za-z_-]{35}/];

function all(result: ScanResult): Record<string, string> {
  return {
    sarif: toSarifText(result),
    json: toJsonText(result),
    markdown: toMarkdown(result),
    html: toHtml(result),
    csv: toCsv(result),
    baseline: writeBaseline(result),
  };
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe('report/secrets', () => {
  it('no formatter output holds anything shaped like a credential', () => {
    for (const [name, text] of Object.entries(all(fixtureResult()))) {
      for (const p of SECRET_PATTERNS) assert.doesNotMatch(text, p, `${name} matches ${p}`);
    }
  });

  it('the secret finding names the kind and place of the key, nothing more', () => {
    const out = all(fixtureResult());
    assert.match(out.markdown, /OpenAI API key literal/);
    assert.match(out.sarif, /OpenAI API key literal/);
    assert.match(out.markdown, /services\/assistant\/agent\.py:15:11/);
  });

  it('a value put into a finding field appears only where that field is printed', () => {
    const fake = ['sk', 'proj', 'Zx9'.repeat(8)].join('-'); // assembled so no literal key sits in the source
    // In the detail: the human formats and JSON print it; SARIF prints the full message instead.
    const r = fixtureResult();
    const f = r.findings.find((x) => x.controlId === 'ARG-IAM-002')!;
    f.detail = `${f.detail} ${fake}`;
    let out = all(r);
    assert.deepEqual(
      Object.fromEntries(Object.entries(out).map(([k, v]) => [k, count(v, fake)])),
      { sarif: 0, json: 1, markdown: 1, html: 1, csv: 0, baseline: 0 },
    );
    // In the full message: SARIF and JSON print it, nothing copies it elsewhere.
    const r2 = fixtureResult();
    const f2 = r2.findings.find((x) => x.controlId === 'ARG-IAM-002')!;
    f2.message = `${f2.message} ${fake}`;
    out = all(r2);
    assert.deepEqual(
      Object.fromEntries(Object.entries(out).map(([k, v]) => [k, count(v, fake)])),
      { sarif: 1, json: 1, markdown: 0, html: 0, csv: 0, baseline: 0 },
    );
  });
});

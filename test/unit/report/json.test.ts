import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { toJsonReport, toJsonText, REPORT_SCHEMA_ID } from '../../../src/core/report';
import { emptyResult, fixtureResult } from './fixture';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const schema = JSON.parse(readFileSync(join(process.cwd(), 'schemas/scan-result.schema.json'), 'utf8')) as Any;
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

function check(doc: unknown): void {
  assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

describe('report/json', () => {
  it('validates against schemas/scan-result.schema.json (fixture and empty scan)', () => {
    check(JSON.parse(toJsonText(fixtureResult())));
    check(JSON.parse(toJsonText(emptyResult())));
  });

  it('keeps every ScanResult field unchanged and adds a version, summary and remediation', () => {
    const result = fixtureResult();
    const doc = toJsonReport(result);
    assert.equal(doc.$schema, REPORT_SCHEMA_ID);
    assert.equal(schema.$id, REPORT_SCHEMA_ID);
    assert.match(doc.reportVersion, /^1\.\d+$/);
    for (const k of Object.keys(result) as (keyof typeof result)[]) assert.deepEqual(doc[k], result[k], k);
    assert.equal(doc.summary.workloads, 4);
    assert.equal(doc.summary.openFindings, 7);
    assert.equal(doc.summary.suppressedFindings, 2);
    assert.equal(doc.summary.effectiveTiers.L8, 1);
    assert.equal(doc.summary.effectiveTiers.L6, 1);
    assert.equal(doc.summary.baselineTiers.L7, 1);
    assert.equal(doc.summary.formalAssessments, 1);
    assert.equal(doc.summary.principles.length, 13);
    assert.ok(doc.remediation.length > 0);
  });

  it('the schema rejects what the core never produces', () => {
    const bad = (mutate: (d: Any) => void) => {
      const d = JSON.parse(toJsonText(fixtureResult())) as Any;
      mutate(d);
      return validate(d);
    };
    assert.equal(bad((d) => (d.findings[0].range.start.line = -1)), false);
    assert.equal(bad((d) => (d.findings[0].effectiveTier = 'L9')), false);
    assert.equal(bad((d) => (d.findings[0].secretValue = 'x')), false);
    assert.equal(bad((d) => delete d.findings[0].id), false);
    assert.equal(bad((d) => (d.reportVersion = '2.0')), false);
    assert.equal(bad((d) => (d.assessments[0].coverage.covered = ['not-a-provision'])), false);
  });

  it('per-principle coverage adds up to the repository coverage', () => {
    const doc = toJsonReport(fixtureResult());
    const applicable = doc.summary.principles.reduce((n, p) => n + p.applicable, 0);
    const covered = doc.summary.principles.reduce((n, p) => n + p.covered, 0);
    assert.equal(applicable, doc.coverage.applicable.length);
    assert.equal(covered, doc.coverage.covered.length);
    const p6 = doc.summary.principles.find((p) => p.number === 6)!;
    assert.ok(p6.applicable > 0);
    assert.ok(p6.percent !== undefined && p6.percent < 100);
    // Principle 1 (training) is never applicable: no control cites it.
    assert.equal(doc.summary.principles[0].applicable, 0);
    assert.equal(doc.summary.principles[0].percent, undefined);
  });
});

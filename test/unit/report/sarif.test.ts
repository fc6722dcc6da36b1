import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { CONTROLS, controlById, provisionById } from '../../../src/core';
import { toSarif, toRegion, toUri, splitArchive, FINGERPRINT_KEY, type SarifLog } from '../../../src/core/report';
import { AGENT_PY, ENDPOINT_TF, FLOW_IN_ZIP, emptyResult, fixtureResult, range } from './fixture';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The official OASIS schema (draft-04), read by Ajv 8 after mapping `id` → `$id`. */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/report/sarif-2.1.0.json'), 'utf8')) as Any;
  assert.equal(schema.title, 'Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

const validate = sarifValidator();

function run(log: SarifLog): Any {
  return log.runs[0] as Any;
}

function resultFor(log: SarifLog, controlId: string, file?: string): Any {
  const r = run(log).results.find((x: Any) => x.ruleId === controlId && (!file || x.locations[0].physicalLocation.artifactLocation.uri === file));
  assert.ok(r, `no result for ${controlId}`);
  return r;
}

describe('report/sarif', () => {
  it('is valid against the official SARIF 2.1.0 schema (fixture, empty scan, with docs URL and baseline)', () => {
    for (const log of [
      toSarif(fixtureResult()),
      toSarif(emptyResult()),
      toSarif(fixtureResult(), { docsBaseUri: 'https://example.org/arg/docs/controls/', srcRootUri: 'file:///work/repo', baselineIds: new Set(), arguments: ['scan', '.'] }),
    ]) {
      const ok = validate(JSON.parse(JSON.stringify(log)));
      assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    }
  });

  it('the schema check rejects a broken log (0-based line, unknown level)', () => {
    const log = JSON.parse(JSON.stringify(toSarif(fixtureResult()))) as Any;
    log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    assert.equal(validate(log), false);
    const log2 = JSON.parse(JSON.stringify(toSarif(fixtureResult()))) as Any;
    log2.runs[0].results[0].level = 'info';
    assert.equal(validate(log2), false);
  });

  it('has one rule per catalogue control with the catalogue data', () => {
    const log = toSarif(fixtureResult(), { docsBaseUri: 'https://example.org/docs/controls' });
    const rules = run(log).tool.driver.rules as Any[];
    assert.deepEqual(
      rules.map((r) => r.id),
      CONTROLS.map((c) => c.id),
    );
    const r = rules.find((x) => x.id === 'ARG-DAT-001')!;
    const c = controlById('ARG-DAT-001')!;
    assert.equal(r.name, 'EncryptionKeyManagement');
    assert.equal(r.shortDescription.text, c.title);
    assert.equal(r.fullDescription.text, c.rationale);
    assert.match(r.help.text, /How to meet it/);
    assert.match(r.help.markdown, /\| 5\.2\.1-4 \| 5\.4 \|/);
    assert.equal(r.helpUri, 'https://example.org/docs/controls/ARG-DAT-001.md');
    assert.equal(r.properties.threshold, c.threshold);
    assert.equal(r.properties.zone, c.zone);
    assert.equal(r.properties.dimension, 'DAT');
    assert.deepEqual(r.properties.provisions, c.provisions);
    assert.deepEqual(
      r.properties.provisionsUk,
      c.provisions.map((p) => provisionById(p)!.uk),
    );
    assert.deepEqual(r.properties.owasp, c.owasp);
    assert.match(r.properties['security-severity'], /^\d+\.\d$/);
    assert.ok(r.properties.tags.includes('security'));
    assert.equal(r.properties.helpPath, 'docs/controls/ARG-DAT-001.md');
    // Higher-zone controls score higher for GitHub.
    const sev = (id: string) => Number(rules.find((x) => x.id === id)!.properties['security-severity']);
    assert.ok(sev('ARG-NET-005') > sev('ARG-NET-001'));
    assert.ok(sev('ARG-NET-001') > sev('ARG-DAT-001'));
  });

  it('leaves helpUri out without a base URL (a relative path is not a valid helpUri)', () => {
    const rules = run(toSarif(fixtureResult())).tool.driver.rules as Any[];
    assert.ok(rules.every((r) => r.helpUri === undefined && r.properties.helpPath === `docs/controls/${r.id}.md`));
  });

  it('maps each finding to a result with rule index, level, 1-based region and fingerprint', () => {
    const result = fixtureResult();
    const log = toSarif(result);
    const results = run(log).results as Any[];
    assert.equal(results.length, result.findings.length);
    const rules = run(log).tool.driver.rules as Any[];
    for (const r of results) assert.equal(rules[r.ruleIndex].id, r.ruleId);
    const f = result.findings.find((x) => x.controlId === 'ARG-DAT-001')!;
    const r = resultFor(log, 'ARG-DAT-001');
    assert.equal(r.level, 'error');
    assert.equal(r.message.text, f.message);
    assert.deepEqual(r.locations[0].physicalLocation.region, { startLine: 13, startColumn: 3, endLine: 13, endColumn: 31 });
    assert.deepEqual(r.locations[0].physicalLocation.artifactLocation, { uri: ENDPOINT_TF, uriBaseId: '%SRCROOT%' });
    assert.deepEqual(r.partialFingerprints, { [FINGERPRINT_KEY]: f.id });
    assert.equal(r.properties.workloadId, f.workloadId);
    assert.equal(r.properties.effectiveTier, 'L8');
    assert.equal(r.properties.zone, 'high-assurance');
    assert.equal(resultFor(log, 'ARG-NET-001').level, 'warning');
    assert.equal(run(log).columnKind, 'utf16CodeUnits');
  });

  it('turns info severity into SARIF note, and a finding note into the message', () => {
    const result = fixtureResult();
    result.findings[0].severity = 'info';
    assert.equal(run(toSarif(result)).results[0].level, 'note');
    const r = resultFor(toSarif(result), 'ARG-PRC-001');
    assert.match(r.message.text, /suppression of this finding expired/);
  });

  it('gives related locations and fixes with deletedRegion / insertedContent', () => {
    const log = toSarif(fixtureResult());
    const r = resultFor(log, 'ARG-DAT-001');
    assert.equal(r.relatedLocations.length, 2);
    assert.equal(r.relatedLocations[1].physicalLocation.artifactLocation.uri, 'infra/sagemaker/kms.tf');
    assert.equal(r.relatedLocations[1].message.text, 'aws_kms_key.models exists and could be used');
    assert.deepEqual(r.relatedLocations.map((x: Any) => x.id), [1, 2]);
    assert.equal(r.fixes.length, 1);
    assert.equal(r.fixes[0].description.text, 'Set kms_key_arn to aws_kms_key.models.arn');
    const rep = r.fixes[0].artifactChanges[0].replacements[0];
    assert.deepEqual(rep.deletedRegion, { startLine: 12, startColumn: 1, endLine: 12, endColumn: 1 });
    assert.equal(rep.insertedContent.text, '  kms_key_arn = aws_kms_key.models.arn\n');
    const secret = resultFor(log, 'ARG-IAM-002');
    assert.equal(secret.fixes[0].properties.kind, 'unsafe');
    assert.equal(secret.fixes[0].artifactChanges[0].artifactLocation.uri, AGENT_PY);
  });

  it('reports a file inside a zip on the zip, with the inner path in properties, and drops fixes that edit inside it', () => {
    const log = toSarif(fixtureResult());
    const r = resultFor(log, 'ARG-GOV-002');
    const loc = r.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, 'solutions/hr%20onboarding.zip');
    assert.equal(loc.properties.archiveEntry, 'Workflows/Onboarding-1234.json');
    assert.deepEqual(loc.properties.archiveEntryRegion, { startLine: 21, startColumn: 7, endLine: 25, endColumn: 8 });
    assert.equal(r.fixes, undefined);
    // The register fix of the same workload edits a normal file and is kept.
    const gov1 = resultFor(log, 'ARG-GOV-001');
    assert.equal(gov1.fixes[0].artifactChanges[0].artifactLocation.uri, 'ai-asset-register.yaml');
    assert.deepEqual(splitArchive(FLOW_IN_ZIP), { outer: 'solutions/hr onboarding.zip', inner: 'Workflows/Onboarding-1234.json' });
  });

  it('carries suppressions: inline → inSource, register → external, with justification', () => {
    const log = toSarif(fixtureResult());
    const inline = resultFor(log, 'ARG-SUP-001');
    assert.equal(inline.suppressions[0].kind, 'inSource');
    assert.equal(inline.suppressions[0].justification, 'lockfile generated in the release job');
    assert.equal(inline.suppressions[0].location.physicalLocation.region.startLine, 5);
    const ext = resultFor(log, 'ARG-DAT-002');
    assert.equal(ext.suppressions[0].kind, 'external');
    assert.equal(ext.suppressions[0].status, 'accepted');
    assert.equal(ext.suppressions[0].properties.expires, '2027-03-31');
    assert.equal(ext.suppressions[0].properties.approver, 'ciso@example.com');
    assert.equal(resultFor(log, 'ARG-DAT-001').suppressions, undefined);
  });

  it('lists parse problems as tool execution notifications and names the driver', () => {
    const log = toSarif(fixtureResult(), { informationUri: 'https://example.org/arg' });
    const inv = run(log).invocations[0];
    assert.equal(inv.executionSuccessful, true);
    assert.equal(inv.toolExecutionNotifications.length, 2);
    const n = inv.toolExecutionNotifications[0];
    assert.equal(n.level, 'error');
    assert.equal(n.descriptor.id, 'parse/yaml-syntax');
    assert.deepEqual(n.locations[0].physicalLocation.region, { startLine: 7, startColumn: 4, endLine: 7, endColumn: 5 });
    assert.equal(inv.toolExecutionNotifications[1].level, 'note');
    const d = run(log).tool.driver;
    assert.equal(d.name, 'ai-risk-gradient');
    assert.equal(d.version, '0.1.0');
    assert.equal(d.informationUri, 'https://example.org/arg');
    assert.deepEqual(d.notifications.map((x: Any) => x.id), ['parse/yaml-syntax', 'scan/file-too-large']);
    assert.equal(run(toSarif(fixtureResult(), { executionSuccessful: false })).invocations[0].executionSuccessful, false);
  });

  it('marks results new / unchanged against a baseline', () => {
    const result = fixtureResult();
    const known = new Set([result.findings[0].id]);
    const results = run(toSarif(result, { baselineIds: known })).results as Any[];
    assert.equal(results[0].baselineState, 'unchanged');
    assert.ok(results.slice(1).every((r) => r.baselineState === 'new'));
    assert.equal((run(toSarif(result)).results as Any[])[0].baselineState, undefined);
  });

  it('keeps fingerprints stable when only line numbers move', () => {
    const a = fixtureResult();
    const b = fixtureResult();
    for (const f of b.findings) f.range = range(f.range.start.line + 7, f.range.start.character);
    const fp = (log: SarifLog) => (run(log).results as Any[]).map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    assert.deepEqual(fp(toSarif(a)), fp(toSarif(b)));
    assert.notDeepEqual(
      (run(toSarif(a)).results as Any[]).map((r) => r.locations[0].physicalLocation.region.startLine),
      (run(toSarif(b)).results as Any[]).map((r) => r.locations[0].physicalLocation.region.startLine),
    );
  });

  it('converts positions and paths safely', () => {
    assert.deepEqual(toRegion(range(0, 0, 0, 0)), { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    // An end before the start collapses to an empty region at the start.
    assert.deepEqual(toRegion({ start: { line: 4, character: 8 }, end: { line: 2, character: 0 } }), { startLine: 5, startColumn: 9, endLine: 5, endColumn: 9 });
    assert.equal(toUri('dir with space/a#b.tf'), 'dir%20with%20space/a%23b.tf');
    assert.equal(toUri('infra/main.tf'), 'infra/main.tf');
  });
});

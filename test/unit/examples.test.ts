// The bundled example estate is what the demo shows and what examples/README.md promises:
// each workload at the tier its README row gives, the register exception applied, no secret
// value in any output.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Project, toSarifText } from '../../src/core';
import { nodeAssets } from '../../src/node/assets';
import { nodeFileSource } from '../../src/node/file-source';

// [name part, baseline, effective, formal] — examples/README.md, "Workloads and the tier each one should get".
const README: [string, string, string, boolean][] = [
  ['Care Navigator', 'L5', 'L8', true],
  ['Readmission risk endpoint', 'L7', 'L7', false],
  ['Azure AI account letters', 'L4', 'L5', false],
  ['Radiology triage endpoint', 'L7', 'L7', false],
  ['llama-policy-assistant', 'L7', 'L8', false],
  ['intake-triage', 'L8', 'L8', true],
  ['care-coordinator', 'L8', 'L8', true],
  ['HR Payroll Sync', 'L3', 'L6', true],
  ['support-assistant', 'L5', 'L7', true],
  ['report-summariser', 'L4', 'L4', false],
  ['AI-assisted development', 'L2', 'L2', false],
];

describe('examples/ (the demo workspace)', function () {
  this.timeout(60000);
  it('every workload comes out at the tier its README row gives', async () => {
    const p = new Project({ assets: nodeAssets(), today: () => '2026-12-01', root: 'examples' });
    await p.loadAll(nodeFileSource(join(process.cwd(), 'examples')));
    const r = p.result();
    assert.equal(r.workloads.length, README.length, r.workloads.map((w) => w.name).join('\n'));
    for (const [name, base, eff, formal] of README) {
      const w = r.workloads.find((x) => x.name.includes(name));
      assert.ok(w, `no workload named like ${name}`);
      const a = r.assessments.find((x) => x.workloadId === w.id)!;
      assert.deepEqual([a.baselineTier, a.effectiveTier, a.formalRiskAssessmentRequired], [base, eff, formal], name);
    }
    const suppressed = r.findings.filter((f) => f.suppressed);
    assert.deepEqual(suppressed.map((f) => `${f.controlId} ${f.workloadName} ${f.suppressed?.kind}`), ['ARG-MON-004 Readmission risk endpoint register']);
    assert.deepEqual(r.problems.filter((x) => x.severity !== 'info').map((x) => `${x.file}: ${x.message}`), []);
    const out = JSON.stringify(r) + toSarifText(r);
    assert.ok(!/sk-proj-FAKE/.test(out) && !out.includes('FAKE0000') && !out.includes('FAKE~client'), 'the fake keys of the examples never appear');
    assert.ok(r.findings.some((f) => f.controlId === 'ARG-IAM-002' && f.file.startsWith('k8s/agents/')), 'the plain-text key in the agents manifest is reported (without its value)');
  });
});

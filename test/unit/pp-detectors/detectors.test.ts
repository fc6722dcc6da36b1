// The Power Platform / Agentforce detectors on the playbook's worked example and on shapes the
// fixture runner does not cover: zipped exports, Terraform DLP lists built by expressions,
// secrets never printed.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, readTree, zipTree } from '../parse-power-platform/helpers';
import { scanFiles } from '../helpers';

const MINE = ['ARG-DAT-002', 'ARG-GOV-002', 'ARG-GOV-004', 'ARG-IAM-002', 'ARG-IAM-003', 'ARG-PRC-002'];

function tree(dir: string): Record<string, string> {
  return Object.fromEntries(readTree(path.join(FIXTURES, dir), ''));
}

describe('Power Platform detectors on the worked example (solution-hr)', () => {
  it('the payroll flow lands at L6 and shows the approval, DLP and credential gaps it really has', async () => {
    const r = await scanFiles(tree('solution-hr'));
    const payroll = r.workloads.find((w) => w.name.startsWith('Payroll sync'))!;
    const a = r.assessments.find((x) => x.workloadId === payroll.id)!;
    assert.equal(a.effectiveTier, 'L6');
    const mine = r.findings.filter((f) => f.workloadId === payroll.id && MINE.includes(f.controlId));
    const by = (id: string) => mine.filter((f) => f.controlId === id);
    const gov = by('ARG-GOV-002');
    assert.equal(gov.length, 1);
    assert.match(gov[0].file, /PayrollSync/);
    assert.match(gov[0].message, /Update_worker_compensation_in_Dynamics_365_HR/);
    assert.equal(gov[0].fixes.length, 1);
    assert.equal(by('ARG-DAT-002').length, 1);
    assert.match(by('ARG-DAT-002')[0].message, /shared_dynamicsax/);
    const iam = by('ARG-IAM-002');
    assert.equal(iam.length, 1);
    assert.match(iam[0].message, /embedded/);
    // the flow is not an autonomous agent, and it takes no secret from the solution
    assert.deepEqual(by('ARG-GOV-004'), []);
    assert.deepEqual(by('ARG-IAM-003'), []);
    assert.equal(a.results.find((x) => x.controlId === 'ARG-IAM-003')?.status, 'met');
    // environment isolation: the production default of cr_FnOInstance
    assert.equal(by('ARG-PRC-002').length, 1);
    assert.match(by('ARG-PRC-002')[0].file, /cr_FnOInstance/);
    // the bonus flow has its approval
    const bonus = r.workloads.find((w) => w.name.startsWith('Bonus proposal'))!;
    assert.equal(r.assessments.find((x) => x.workloadId === bonus.id)!.results.find((x) => x.controlId === 'ARG-GOV-002')?.status, 'met');
  });

  it('the Copilot Studio agent of the solution is judged on its tool: GOV-002 per tool, GOV-004 once per agent', async () => {
    const r = await scanFiles(tree('solution-hr'));
    const bot = r.workloads.find((w) => w.name.startsWith('HR Helper'))!;
    const f = r.findings.filter((x) => x.workloadId === bot.id);
    assert.equal(f.filter((x) => x.controlId === 'ARG-GOV-002').length, 1);
    const g4 = f.filter((x) => x.controlId === 'ARG-GOV-004');
    assert.equal(g4.length, 1);
    assert.match(g4[0].file, /configuration\.json$/);
    assert.match(g4[0].message, /Update leave balance/);
  });

  it('inside a zipped solution the findings stay, on the inner files, but no fix is offered (the inner text cannot be edited)', async () => {
    const r = await scanFiles({ 'exports/HRAutomation_1_2_0_4.zip': zipTree(path.join(FIXTURES, 'solution-hr'), (n) => n.replace(/^Other\//, '')) });
    const gov = r.findings.filter((f) => f.controlId === 'ARG-GOV-002' && /PayrollSync/.test(f.file));
    assert.equal(gov.length, 1);
    assert.match(gov[0].file, /^exports\/HRAutomation_1_2_0_4\.zip!\//);
    assert.deepEqual(gov[0].fixes, []);
  });
});

describe('Power Platform detectors: secrets and unreadable values', () => {
  it('never prints a credential value in a message, a fix title or evidence', async () => {
    const files = { ...tree('legacy-package'), ...Object.fromEntries(Object.entries(tree('copilot-agent')).map(([k, v]) => [`agent/${k}`, v])), ...Object.fromEntries(Object.entries(tree('solution-hr')).map(([k, v]) => [`hr/${k}`, v])) };
    const r = await scanFiles(files, { forceEffectiveTier: 'L8' });
    const iam = r.findings.filter((f) => f.controlId === 'ARG-IAM-002');
    assert.ok(iam.some((f) => /openai-api-key/.test(f.message)), 'the key in the legacy flow is reported by kind');
    assert.ok(iam.some((f) => /topic "OrderLookup"/.test(f.message)), 'the key in the Copilot topic is reported');
    const text = JSON.stringify(r.findings.filter((f) => MINE.includes(f.controlId)).map((f) => [f.message, f.fixes.map((x) => x.title), f.related]));
    for (const value of ['sk-Rk7yQ2mWx9Lp4Tn8Vb3Hc6Jd1Fg5Zs0Ae2Uq7Io', '9f8e7d6c5b4a39281706f5e4d3c2b1a0', 'sk-proj-Zq3vT8wLm2Kp9Xr4Hs7Nd1Fb6Yc0Ju5Ge']) assert.ok(!text.includes(value), 'a secret value leaked');
    // the fix's new text holds a parameter reference, not the key
    const fix = iam.find((f) => /openai-api-key/.test(f.message))!.fixes[0];
    assert.ok(fix.edits.length > 0);
    for (const e of fix.edits) assert.ok(!/\bsk-(?:proj-)?[A-Za-z0-9]{16,}/.test(e.newText), 'the fix writes no key');
  });

  it('a Terraform DLP policy whose connector lists are expressions is unresolved, not missing', async () => {
    const files = {
      ...tree('legacy-package'),
      'infra/dlp.tf': `locals {\n  blocked = [for c in data.powerplatform_connectors.all.connectors : { id = c.id } if c.name == "http"]\n}\n\nresource "powerplatform_data_loss_prevention_policy" "tenant" {\n  display_name                      = "Tenant"\n  default_connectors_classification = "General"\n  environment_type                  = "AllEnvironments"\n  business_connectors               = []\n  non_business_connectors           = []\n  blocked_connectors                = local.blocked\n}\n`,
    };
    const r = await scanFiles(files, { forceEffectiveTier: 'L3', onlyControls: ['ARG-DAT-002'] });
    const f = r.findings.filter((x) => x.controlId === 'ARG-DAT-002');
    assert.equal(f.length, 1);
    assert.equal(f[0].status, 'unresolved');
    assert.equal(f[0].file, 'infra/dlp.tf');
  });

  it('the same policy with literal lists that block HTTP meets the HTTP part, and names what is left', async () => {
    const files = {
      ...tree('legacy-package'),
      'infra/dlp.tf': `resource "powerplatform_data_loss_prevention_policy" "tenant" {\n  display_name                      = "Tenant"\n  default_connectors_classification = "General"\n  environment_type                  = "AllEnvironments"\n  business_connectors               = []\n  non_business_connectors           = []\n  blocked_connectors = [\n    { id = "/providers/Microsoft.PowerApps/apis/Http" },\n    { id = "/providers/Microsoft.PowerApps/apis/shared_webcontents" },\n  ]\n}\n`,
    };
    const r = await scanFiles(files, { forceEffectiveTier: 'L3', onlyControls: ['ARG-DAT-002'] });
    const a = r.assessments[0].results.find((x) => x.controlId === 'ARG-DAT-002')!;
    // the legacy flow uses Teams only (not a business-data connector in the product's list), so HTTP blocked is enough
    assert.equal(a.status, 'met');
  });
});

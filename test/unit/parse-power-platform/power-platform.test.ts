import assert from 'node:assert/strict';
import * as path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { escalate } from '../../../src/core/catalogue/escalation';
import { get } from '../../../src/core/facts';
import type { Fact } from '../../../src/core/model';
import { powerPlatformPlugin } from '../../../src/core/parse/power-platform';
import { scan as fullScan } from '../../../src/core/project';
import { nodeAssets } from '../../../src/node/assets';
import { nodeFileSource } from '../../../src/node/file-source';
import { FIXTURES, draftNamed, fixtureFiles, grade, scan, zipTree } from './helpers';

const byAddress = (facts: Fact[], suffix: string) => {
  const f = facts.find((x) => x.address.endsWith(suffix));
  if (!f) throw new Error(`no fact ending ${suffix}; have ${facts.map((x) => x.address).join(', ')}`);
  return f;
};

/** Facts without their file (to compare an unpacked folder and its zip). */
const shape = (facts: Fact[]) =>
  facts
    .map((f) => ({ kind: f.kind, type: f.type, address: f.address, range: f.range, attributes: { ...f.attributes, archive: undefined, archivePath: undefined, flowFactId: undefined, package: undefined } }))
    .sort((a, b) => a.address.localeCompare(b.address));

describe('power platform: matching', () => {
  it('claims export files by path shape and leaves other JSON / XML alone', () => {
    const yes = [
      'exports/HR.zip',
      'sol/Other/Solution.xml',
      'sol/Other/Customizations.xml',
      'sol/Workflows/PayrollSync-8B3E2D41-5C6A-4F0E-9D7B-1A2B3C4D5E6F.json',
      'sol/Workflows/PayrollSync-8B3E2D41-5C6A-4F0E-9D7B-1A2B3C4D5E6F.json.data.xml',
      'sol/environmentvariabledefinitions/cr_x/environmentvariabledefinition.xml',
      'sol/bots/cr_hr/bot.xml',
      'sol/bots/cr_hr/configuration.json',
      'sol/botcomponents/cr_hr.topic.Greeting/data',
      'pkg/Microsoft.Flow/flows/4f6c2a9e-3b1d-4e8f-a7c5-2d9b0e1f3a6c/definition.json',
      'agent/settings.mcs.yml',
      'agent/actions/Send.mcs.yml',
    ];
    const no = ['package.json', 'src/Workflows/build.json', 'manifest.json', 'config/data', 'bots/x/bot.json', 'other/Solution.xml', '.github/workflows/ci.yml', 'tsconfig.json', 'data.xml'];
    for (const p of yes) assert.equal(powerPlatformPlugin.matches(p), true, p);
    for (const p of no) assert.equal(powerPlatformPlugin.matches(p), false, p);
    assert.equal(powerPlatformPlugin.binary, true);
  });
});

describe('power platform: the playbook worked example (payroll flow)', () => {
  const s = scan(fixtureFiles('solution-hr'));
  const flow = s.facts.find((f) => f.kind === 'flow' && f.name === 'Payroll sync')!;

  it('reads the flow with its trigger, connectors, AI operation and write actions', () => {
    assert.ok(flow, 'flow fact');
    assert.equal(flow.type, 'power-automate-flow');
    assert.equal(flow.attributes.triggerKind, 'dataverse-event');
    assert.equal(flow.attributes.solution, 'HRAutomation');
    assert.equal(flow.attributes.state, 'on');
    assert.deepEqual(flow.attributes.aiActions, ['Interpret_the_change_with_a_prompt']);
    assert.deepEqual(flow.attributes.writeActions, ['Update_worker_compensation_in_Dynamics_365_HR', 'Tell_the_employee']);
    assert.deepEqual(flow.attributes.writesWithoutApproval, flow.attributes.writeActions);
    assert.deepEqual(flow.attributes.connectors, ['shared_commondataserviceforapps', 'shared_dynamicsax', 'shared_office365']);
    assert.equal(get(flow, 'trigger.entity'), 'cr_payrollchangerequest');
    // name range points at the trigger key in the file (display name comes from .data.xml)
    const text = s.parsed.find((p) => p.file === flow.file)!;
    assert.ok(text);
    assert.equal(flow.nameRange!.start.line, 52);
  });

  it('keeps the run order and the nesting of actions', () => {
    const get1 = byAddress(s.facts, '/action/Get_the_employee_record');
    const ai = byAddress(s.facts, '/action/Interpret_the_change_with_a_prompt');
    const cond = byAddress(s.facts, '/action/Apply_the_salary_change');
    const upd = byAddress(s.facts, '/action/Update_worker_compensation_in_Dynamics_365_HR');
    const mail = byAddress(s.facts, '/action/Tell_the_employee');
    assert.deepEqual([get1, ai, cond, upd, mail].map((f) => f.attributes.order), [0, 1, 2, 3, 4]);
    assert.equal(upd.attributes.parent, 'Apply_the_salary_change');
    assert.deepEqual(mail.attributes.runAfter, ['Update_worker_compensation_in_Dynamics_365_HR']);
    assert.equal(ai.type, 'shared_commondataserviceforapps');
    assert.equal(ai.attributes.ai, true);
    assert.equal(ai.attributes.aiKind, 'ai-builder');
    assert.equal(ai.attributes.access, 'read');
    assert.equal(upd.type, 'shared_dynamicsax');
    assert.equal(upd.attributes.access, 'write');
    assert.deepEqual(upd.attributes.targets, ['USMF', 'PayrollWorkerFixedCompensationPlans']);
    assert.equal(get1.attributes.access, 'read');
    // exact ranges: the action's name range is its key in the JSON
    assert.deepEqual(upd.nameRange, { start: { line: 117, character: 12 }, end: { line: 117, character: 59 } });
    assert.ok(upd.attributeRanges?.operationId);
  });

  it('gives L3 and the three High modifiers of the playbook: autonomy, integration privilege, financial effect', () => {
    const d = draftNamed(s, /^Payroll sync \(flow, solution HRAutomation\)$/);
    assert.equal(d.kind, 'power-platform');
    assert.equal(d.anchorFactId, flow.id);
    const g = grade(s, d);
    assert.equal(g.tier, 'L3');
    assert.equal(g.ratings.autonomy, 'high');
    assert.equal(g.ratings.integrationPrivilege, 'high');
    assert.equal(g.ratings.physicalEffect, 'high');
    assert.notEqual(g.ratings.exposure, 'high');
    assert.equal(g.ratings.dataSensitivity, 'medium');
    const e = escalate(g.tier!, g.ratings);
    assert.deepEqual(e.highModifiers.sort(), ['autonomy', 'integrationPrivilege', 'physicalEffect']);
    assert.equal(e.effectiveTier, 'L6');
    assert.equal(e.formalRiskAssessmentRequired, true);
    // every signal carries evidence that points into a scanned file
    for (const sig of g.signals) {
      assert.ok(sig.evidence.length > 0);
      for (const ev of sig.evidence) assert.ok(s.all.byId(ev.factId!), ev.why);
    }
    const fin = g.signals.find((x) => x.modifier === 'physicalEffect')!;
    assert.match(fin.evidence[0].why, /financial/);
  });

  it('puts the flow, its actions, its connections and the solution connection references in the workload', () => {
    const d = draftNamed(s, /^Payroll sync/);
    const members = d.members.map((id) => s.all.byId(id)!);
    assert.ok(members.some((f) => f.kind === 'connection' && f.address === 'connectionreference:cr_shareddynamicsax_9c3e7'));
    assert.ok(members.some((f) => f.kind === 'connection' && f.attributes.runtimeSource === 'embedded'));
    assert.equal(members.filter((f) => f.kind === 'action').length, 5);
    assert.ok(!members.some((f) => f.kind === 'flow' && f.name !== 'Payroll sync'));
  });

  it('does not make a workload of a flow without AI, and gives it no tier signal', () => {
    const notify = s.facts.find((f) => f.kind === 'flow' && f.name === 'Notify manager')!;
    assert.ok(notify);
    assert.equal(notify.attributes.triggerKind, 'manual');
    assert.deepEqual(powerPlatformPlugin.tierSignals!(notify, s.all), []);
    assert.ok(!s.drafts.some((d) => /Notify manager/.test(d.name)));
  });

  it('sees an approval that gates the write (autonomy medium, not high)', () => {
    const bonus = s.facts.find((f) => f.kind === 'flow' && f.name === 'Bonus proposal')!;
    assert.equal(bonus.attributes.triggerKind, 'scheduled');
    assert.deepEqual(bonus.attributes.approvalActions, ['Ask_HR_to_approve']);
    assert.equal(bonus.attributes.approvalBeforeWrite, true);
    const rec = byAddress(s.facts, 'Bonus proposal/action/Record_the_bonus');
    assert.equal(rec.attributes.afterApproval, true);
    const g = grade(s, draftNamed(s, /^Bonus proposal/));
    assert.equal(g.tier, 'L3');
    assert.equal(g.ratings.autonomy, 'medium');
    const ai = byAddress(s.facts, 'Bonus proposal/action/Draft_bonus_proposal');
    assert.equal(ai.attributes.aiKind, 'llm-api');
    assert.equal(ai.attributes.afterApproval, false);
  });

  it('reads connection references, environment variables and the solution manifest', () => {
    const refs = s.facts.filter((f) => f.kind === 'connection' && f.attributes.source === 'customizations');
    assert.deepEqual(refs.map((f) => f.type).sort(), ['shared_azureopenai', 'shared_commondataserviceforapps', 'shared_dynamicsax', 'shared_office365']);
    const ax = refs.find((f) => f.type === 'shared_dynamicsax')!;
    assert.equal(ax.attributes.displayName, 'Fin & Ops Apps (Dynamics 365) production');
    const secretVar = s.facts.find((f) => f.kind === 'environment-variable' && f.name === 'cr_OpenAIKey')!;
    assert.equal(secretVar.type, 'Secret');
    assert.equal(secretVar.attributes.keyVaultReference, true);
    const str = s.facts.find((f) => f.kind === 'environment-variable' && f.name === 'cr_FnOInstance')!;
    assert.equal(str.type, 'String');
    assert.equal(str.attributes.defaultValue, 'https://contoso-prod.operations.dynamics.com');
    const manifest = s.facts.find((f) => f.type === 'power-platform-solution')!;
    assert.equal(manifest.attributes.uniqueName, 'HRAutomation');
    assert.equal(manifest.attributes.managed, false);
  });

  it('reads the Copilot Studio bot of the solution (bot.xml, configuration.json, components)', () => {
    const d = draftNamed(s, /^HR Helper \(Copilot Studio agent, solution HRAutomation\)$/);
    const g = grade(s, d);
    assert.equal(g.tier, 'L3');
    assert.equal(g.ratings.integrationPrivilege, 'high', 'Maker connection mode');
    assert.equal(g.ratings.autonomy, 'high', 'generative orchestration with a write tool and no confirmation');
    const bot = s.facts.find((f) => f.kind === 'bot' && f.attributes.schemaName === 'cr_hrHelper')!;
    assert.equal(bot.attributes.authenticationModeRaw, '2');
    const tool = s.facts.find((f) => f.kind === 'action' && f.attributes.agent === 'cr_hrHelper')!;
    assert.equal(tool.attributes.connectionMode, 'Maker');
    assert.equal(tool.attributes.operationId, 'UpdateRecord');
    assert.equal(tool.attributes.access, 'write');
    assert.ok(tool.attributeRanges?.connectionMode);
  });

  it('reads the same facts from the zipped solution (entries addressed archive.zip!/inner)', () => {
    const bytes = zipTree(path.join(FIXTURES, 'solution-hr'), (n) => n.replace(/^Other\/Solution\.xml$/, 'solution.xml').replace(/^Other\/Customizations\.xml$/, 'customizations.xml'));
    const z = scan(new Map([['exports/HRAutomation_1_2_0_4.zip', bytes]]));
    assert.equal(z.parsed.length, 1);
    assert.deepEqual(z.parsed[0].problems, []);
    const zflow = z.facts.find((f) => f.kind === 'flow' && f.name === 'Payroll sync')!;
    assert.equal(zflow.file, 'exports/HRAutomation_1_2_0_4.zip!/Workflows/PayrollSync-8B3E2D41-5C6A-4F0E-9D7B-1A2B3C4D5E6F.json');
    assert.equal(zflow.attributes.archive, 'exports/HRAutomation_1_2_0_4.zip');
    assert.equal(zflow.attributes.archivePath, 'Workflows/PayrollSync-8B3E2D41-5C6A-4F0E-9D7B-1A2B3C4D5E6F.json');
    assert.deepEqual(zflow.range, flow.range);
    assert.deepEqual(shape(z.facts.filter((f) => f.kind === 'flow' || f.kind === 'action')), shape(s.facts.filter((f) => f.kind === 'flow' || f.kind === 'action')));
    const g = grade(z, draftNamed(z, /^Payroll sync \(flow, solution HRAutomation\)$/));
    assert.deepEqual(escalate(g.tier!, g.ratings).effectiveTier, 'L6');
  });
});

describe('power platform: legacy package with a public HTTP trigger and a hard-coded key', () => {
  const SECRET = 'sk-Rk7yQ2mWx9Lp4Tn8Vb3Hc6Jd1Fg5Zs0Ae2Uq7Io';
  const s = scan(fixtureFiles('legacy-package', 'pkg'));

  it('reads the flow from definition.json', () => {
    const flow = s.facts.find((f) => f.kind === 'flow')!;
    assert.equal(flow.name, 'Ask ChatGPT from Teams');
    // the package manifest.json cannot be told from other manifest.json files by its path,
    // so an unpacked package is not named after it (a zipped one is)
    assert.equal(flow.attributes.package, undefined);
    assert.equal(flow.attributes.triggerKind, 'http-request');
    assert.equal(flow.attributes.publicHttpTrigger, true);
    const http = byAddress(s.facts, '/action/Ask_ChatGPT');
    assert.equal(http.type, 'Http');
    assert.equal(http.attributes.host, 'api.openai.com');
    assert.equal(http.attributes.ai, true);
    const teams = byAddress(s.facts, '/action/Reply_in_Teams');
    assert.equal(teams.type, 'shared_teams');
    const conn = s.facts.find((f) => f.kind === 'connection')!;
    assert.equal(conn.attributes.runtimeSource, 'embedded');
    const d = draftNamed(s, /^Ask ChatGPT from Teams \(flow\)$/);
    const g = grade(s, d);
    assert.equal(g.tier, 'L3');
    assert.equal(g.ratings.exposure, 'high');
    assert.equal(g.ratings.autonomy, 'high');
  });

  it('records the secret by kind and place, and never stores its value', () => {
    const sec = s.facts.filter((f) => f.kind === 'secret');
    assert.equal(sec.length, 1);
    assert.equal(sec[0].type, 'openai-api-key');
    assert.equal(sec[0].attributes.location, 'inputs.headers.Authorization');
    const defText = [...fixtureFiles('legacy-package', 'pkg')].find(([p]) => p.endsWith('definition.json'))![1] as string;
    const line = defText.split('\n')[sec[0].range.start.line];
    assert.ok(line.slice(sec[0].range.start.character).startsWith('"Bearer sk-'), line);
    const everything = JSON.stringify(s.parsed);
    assert.ok(!everything.includes(SECRET), 'secret value leaked into facts');
    assert.ok(!everything.includes(SECRET.slice(3, 15)), 'part of the secret leaked');
    const http = byAddress(s.facts, '/action/Ask_ChatGPT');
    assert.ok(http.hints?.includes('secret:inline'));
  });

  it('reads the zipped package the same way', () => {
    const z = scan(new Map([['downloads/ChatGPT_in_Teams.zip', zipTree(path.join(FIXTURES, 'legacy-package'))]]));
    assert.deepEqual(z.parsed[0].problems, []);
    assert.deepEqual(shape(z.facts), shape(s.facts));
    assert.ok(z.facts.every((f) => f.file.startsWith('downloads/ChatGPT_in_Teams.zip!/Microsoft.Flow/flows/')));
    assert.ok(draftNamed(z, /^Ask ChatGPT from Teams \(flow, package ChatGPT in Teams\)$/));
    assert.ok(!JSON.stringify(z.parsed).includes(SECRET));
  });
});

describe('power platform: broken input', () => {
  it('reports a JSON syntax error with its position and still reads what came before', () => {
    const s = scan(fixtureFiles('broken'));
    const p = s.parsed[0].problems.find((x) => x.code === 'parse/json-syntax')!;
    assert.ok(p, 'problem');
    assert.equal(p.severity, 'error');
    assert.deepEqual(p.range.start, { line: 18, character: 10 });
    const flow = s.facts.find((f) => f.kind === 'flow')!;
    assert.equal(flow.attributes.triggerKind, 'scheduled');
    assert.deepEqual(flow.attributes.aiActions, ['Summarise_with_AI']);
    assert.ok(s.drafts.some((d) => /^Broken \(flow\)$/.test(d.name)));
  });

  it('keeps going on a malformed XML file and never expands entities from a DOCTYPE', () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<environmentvariabledefinition schemaname="cr_x">\n  <type>100000000</type>\n  <defaultvalue>&lol2;</defaultvalue>\n  <description><unclosed></description>\n</environmentvariabledefinition>`;
    const r = powerPlatformPlugin.parse({ path: 'sol/environmentvariabledefinitions/cr_x/environmentvariabledefinition.xml', text: xml }, { maxFileBytes: 1e6, readText: () => undefined, paths: [] });
    const v = r.facts.find((f) => f.kind === 'environment-variable')!;
    assert.equal(v.attributes.defaultValue, '&lol2;');
    assert.ok(r.problems.some((p) => p.code === 'parse/xml-syntax' && p.range.start.line === 5));
  });
});

describe('power platform: hostile and unrelated zips', () => {
  const ctx = { maxFileBytes: 1e9, readText: () => undefined, paths: [] };

  it('yields nothing for an ordinary zip', () => {
    const bytes = zipSync({ 'README.md': strToU8('# hello'), 'src/index.js': strToU8('console.log(1)') });
    const r = powerPlatformPlugin.parse({ path: 'vendor/lib.zip', bytes }, ctx);
    assert.deepEqual(r.facts, []);
    assert.deepEqual(r.problems, []);
  });

  it('refuses entries that climb out of the archive', () => {
    const bytes = zipSync({ 'solution.xml': strToU8('<ImportExportXml/>'), '../../etc/evil.json': strToU8('{}') });
    const r = powerPlatformPlugin.parse({ path: 'x/evil.zip', bytes }, ctx);
    assert.deepEqual(r.facts, []);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].code, 'parse/zip-unsafe');
    assert.equal(r.problems[0].file, 'x/evil.zip');
    const abs = zipSync({ 'solution.xml': strToU8('<x/>'), 'C:\\Windows\\evil.json': strToU8('{}') });
    assert.equal(powerPlatformPlugin.parse({ path: 'abs.zip', bytes: abs }, ctx).problems[0].code, 'parse/zip-unsafe');
  });

  it('refuses a zip bomb from its declared size, before inflating anything', () => {
    const bytes = zipSync({ 'solution.xml': strToU8('<ImportExportXml/>'), 'Workflows/Big-0D1E2F3A-4B5C-4D6E-8F90-A1B2C3D4E5F6.json': strToU8('{"a":1}') });
    // Patch the central directory: declare 4 GB for the second entry (uncompressed size at +24).
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let patched = 0;
    for (let i = 0; i < bytes.length - 4; i++) {
      if (view.getUint32(i, true) === 0x02014b50) {
        const nameLen = view.getUint16(i + 28, true);
        const name = new TextDecoder().decode(bytes.subarray(i + 46, i + 46 + nameLen));
        if (name.startsWith('Workflows/')) {
          view.setUint32(i + 24, 0xfffffff0, true);
          patched++;
        }
      }
    }
    assert.equal(patched, 1);
    const t0 = Date.now();
    const r = powerPlatformPlugin.parse({ path: 'bomb.zip', bytes }, ctx);
    assert.ok(Date.now() - t0 < 500);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].code, 'parse/zip-too-large');
    assert.deepEqual(r.facts, []);
  });

  it('refuses a highly compressed entry (ratio check)', () => {
    const big = new Uint8Array(8 * 1024 * 1024).fill(32); // 8 MB of spaces: compresses > 1000:1
    const bytes = zipSync({ 'solution.xml': strToU8('<ImportExportXml/>'), 'customizations.xml': big });
    assert.ok(bytes.length < 100_000);
    const r = powerPlatformPlugin.parse({ path: 'ratio.zip', bytes }, ctx);
    assert.equal(r.problems[0]?.code, 'parse/zip-unsafe');
    assert.match(r.problems[0].message, /compression ratio/);
  });

  it('refuses an archive with 100 000 entries quickly', function () {
    this.timeout(60_000);
    const files: Record<string, [Uint8Array, { level: 0 }]> = {};
    const empty = new Uint8Array(0);
    for (let i = 0; i < 100_000; i++) files[`f/${i}.json`] = [empty, { level: 0 }];
    const bytes = zipSync(files);
    const t0 = Date.now();
    const r = powerPlatformPlugin.parse({ path: 'many.zip', bytes }, ctx);
    const ms = Date.now() - t0;
    assert.equal(r.problems[0]?.code, 'parse/zip-too-large');
    assert.ok(ms < 1000, `took ${ms} ms`);
  });

  it('reports a corrupt archive as a problem, not a throw', () => {
    const r = powerPlatformPlugin.parse({ path: 'junk.zip', bytes: new TextEncoder().encode('not a zip at all') }, ctx);
    assert.equal(r.problems[0].code, 'parse/zip-corrupt');
  });
});

describe('copilot studio agent source (*.mcs.yml)', () => {
  const s = scan(fixtureFiles('copilot-agent', 'agents/helpdesk'));

  it('reads settings, instructions, tools, topics and knowledge', () => {
    const bot = s.facts.find((f) => f.kind === 'bot')!;
    assert.equal(bot.name, 'Customer Helpdesk');
    assert.equal(bot.attributes.authenticationMode, 'None');
    assert.equal(bot.attributes.schemaName, 'cr5a1_customerHelpdesk');
    assert.equal(bot.attributeRanges?.authenticationMode?.start.line, 3);
    const cfg = s.facts.find((f) => f.type === 'copilot-studio-configuration')!;
    assert.equal(cfg.attributes.generativeOrchestration, true);
    assert.equal(cfg.attributes.contentModeration, 'Medium');
    const email = s.facts.find((f) => f.kind === 'action' && f.attributes.operationId === 'SendEmailV2')!;
    assert.equal(email.type, 'shared_office365');
    assert.equal(email.attributes.connectionMode, 'Maker');
    assert.equal(email.attributes.access, 'write');
    assert.equal(email.attributes.automaticInputs, 2);
    const mcp = s.facts.find((f) => f.type === 'copilot-mcp')!;
    assert.equal(mcp.attributes.mcp, true);
    assert.equal(mcp.attributes.ai, true);
    const know = s.facts.find((f) => f.type === 'copilot-knowledge')!;
    assert.equal(know.attributes.public, true);
    const refs = s.facts.filter((f) => f.kind === 'connection' && f.attributes.source === 'connectionreferences.mcs.yml');
    assert.equal(refs.length, 2);
    assert.ok(s.facts.every((f) => f.scope === 'pp:agent:agents/helpdesk'));
  });

  it('finds the literal API key in a topic HTTP request without storing it', () => {
    const sec = s.facts.filter((f) => f.kind === 'secret');
    assert.equal(sec.length, 1);
    assert.equal(sec[0].type, 'api-key');
    assert.ok(!JSON.stringify(s.parsed).includes('9f8e7d6c5b4a39281706f5e4d3c2b1a0'));
  });

  it('groups one workload with L3, public exposure, autonomous generative tools and a Maker connection', () => {
    const d = draftNamed(s, /^Customer Helpdesk \(Copilot Studio agent\)$/);
    assert.equal(d.root, 'agents/helpdesk');
    assert.equal(d.members.length, s.facts.length);
    const g = grade(s, d);
    assert.equal(g.tier, 'L3');
    assert.equal(g.ratings.exposure, 'high');
    assert.equal(g.ratings.autonomy, 'high');
    assert.equal(g.ratings.integrationPrivilege, 'high');
  });

  it('treats an agent that hands work to a connected agent as multi-agent (L8)', () => {
    const o = scan(fixtureFiles('copilot-orchestrator', 'agents/finance'));
    const g = grade(o, draftNamed(o, /^Finance Orchestrator/));
    assert.equal(g.tier, 'L8');
    assert.notEqual(g.ratings.exposure, 'high');
  });

  it('reports YAML syntax errors with positions', () => {
    const r = powerPlatformPlugin.parse({ path: 'a/settings.mcs.yml', text: 'schemaName: x\nauthenticationMode: [None\n' }, { maxFileBytes: 1e6, readText: () => undefined, paths: [] });
    assert.ok(r.problems.some((p) => p.code === 'parse/yaml-syntax'));
  });
});

describe('power platform: DLP policy export', () => {
  it('reads connector groups into a dlp-policy fact', () => {
    const text = JSON.stringify(
      {
        name: '2d7c1a9e-0b3f-4e5d-8c6a-9f1e3b5d7c0a',
        displayName: 'Tenant baseline',
        environmentType: 'AllEnvironments',
        defaultConnectorsClassification: 'General',
        connectorGroups: [
          { classification: 'Confidential', connectors: [{ id: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps', name: 'Microsoft Dataverse', type: 'Microsoft.PowerApps/apis' }] },
          { classification: 'General', connectors: [{ id: '/providers/Microsoft.PowerApps/apis/shared_rss', name: 'RSS', type: 'Microsoft.PowerApps/apis' }] },
          { classification: 'Blocked', connectors: [{ id: 'Http', name: 'HTTP', type: 'Microsoft.PowerApps/apis' }] },
        ],
      },
      null,
      2,
    );
    const r = powerPlatformPlugin.parse({ path: 'governance/dlp-policies/baseline.json', text }, { maxFileBytes: 1e6, readText: () => undefined, paths: [] });
    const f = r.facts[0];
    assert.equal(f.kind, 'dlp-policy');
    assert.deepEqual(f.attributes.businessConnectors, ['shared_commondataserviceforapps']);
    assert.deepEqual(f.attributes.blockedConnectors, ['Http']);
    assert.equal(f.attributes.httpBlocked, true);
  });
});

describe('power platform: the worked example through the whole scan', () => {
  it('lands the payroll flow at L6 with a formal risk assessment', async () => {
    const r = await fullScan(nodeFileSource(path.join(FIXTURES, 'solution-hr')), { assets: nodeAssets() });
    const w = r.workloads.find((x) => x.name === 'Payroll sync (flow, solution HRAutomation)')!;
    assert.ok(w, r.workloads.map((x) => x.name).join(' | '));
    assert.equal(w.kind, 'power-platform');
    const a = r.assessments.find((x) => x.workloadId === w.id)!;
    assert.equal(a.baselineTier, 'L3');
    assert.deepEqual([...a.highModifiers].sort(), ['autonomy', 'integrationPrivilege', 'physicalEffect']);
    assert.equal(a.effectiveTier, 'L6');
    assert.equal(a.formalRiskAssessmentRequired, true);
    assert.ok(!r.workloads.some((x) => /Notify manager/.test(x.name)));
  });
});

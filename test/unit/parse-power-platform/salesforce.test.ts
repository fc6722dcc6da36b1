import assert from 'node:assert/strict';
import { escalate } from '../../../src/core/catalogue/escalation';
import { salesforcePlugin } from '../../../src/core/parse/salesforce';
import { draftNamed, fixtureFiles, grade, scan } from './helpers';

describe('salesforce agentforce metadata', () => {
  const s = scan(fixtureFiles('agentforce', 'crm'));

  it('claims sfdx agent metadata by path shape only', () => {
    const yes = [
      'force-app/main/default/bots/A/A.bot-meta.xml',
      'force-app/main/default/bots/A/v1.botVersion-meta.xml',
      'force-app/main/default/genAiPlannerBundles/A/A.genAiPlannerBundle',
      'force-app/main/default/genAiFunctions/F/F.genAiFunction-meta.xml',
      'force-app/main/default/aiAuthoringBundles/B/B.agent',
      'force-app/main/default/flows/X.flow-meta.xml',
      'pkg/main/default/flows/X.flow-meta.xml',
    ];
    const no = ['flows/X.flow-meta.xml', 'docs/B.agent', 'force-app/main/default/classes/A.cls', 'sfdx-project.json', 'src/bots/A.xml'];
    for (const p of yes) assert.equal(salesforcePlugin.matches(p), true, p);
    for (const p of no) assert.equal(salesforcePlugin.matches(p), false, p);
  });

  it('reads the bot, its version, planner, topic, functions, flow, prompt template and credentials', () => {
    const bot = s.facts.find((f) => f.type === 'agentforce-bot')!;
    assert.equal(bot.attributes.agentType, 'EinsteinServiceAgent');
    assert.equal(bot.attributes.botUser, 'service_agent@00dxx0000001234.ext');
    assert.ok(bot.attributeRanges?.agentType);
    const version = s.facts.find((f) => f.type === 'agentforce-bot-version')!;
    assert.deepEqual(version.attributes.planners, ['Service_Agent']);
    const planner = s.facts.find((f) => f.type === 'agentforce-planner')!;
    assert.equal(planner.kind, 'agent');
    assert.equal(planner.attributes.plannerType, 'AiCopilot__ReAct');
    assert.deepEqual(planner.attributes.plugins, ['Order_Support']);
    const refund = s.facts.find((f) => f.address === 'sf:function:Issue_Refund')!;
    assert.equal(refund.attributes.invocationTargetType, 'flow');
    assert.equal(refund.attributes.invocationTarget, 'Issue_Refund_Flow');
    assert.equal(refund.attributes.isConfirmationRequired, false);
    assert.equal(refund.attributeRanges?.isConfirmationRequired?.start.line, 6);
    const flow = s.facts.find((f) => f.type === 'salesforce-flow')!;
    assert.deepEqual(flow.attributes.recordWrites, ['Refund__c', 'Order']);
    const nc = s.facts.find((f) => f.type === 'salesforce-named-credential')!;
    assert.equal(nc.attributes.endpoint, 'https://payments.contoso.example');
    assert.equal(nc.attributes.externalCredential, 'Payments_OAuth');
    assert.ok(s.facts.some((f) => f.type === 'salesforce-external-credential'));
    assert.ok(s.facts.some((f) => f.type === 'agentforce-prompt-template'));
  });

  it('groups the planner with its bot, topic, actions, target flow and prompt template', () => {
    const d = draftNamed(s, /^Service Agent \(Agentforce agent, crm\)$/);
    assert.equal(d.kind, 'salesforce');
    const types = d.members.map((id) => s.all.byId(id)!.type).sort();
    assert.deepEqual(types, [
      'agentforce-action',
      'agentforce-action',
      'agentforce-action',
      'agentforce-bot',
      'agentforce-bot-version',
      'agentforce-planner',
      'agentforce-prompt-template',
      'agentforce-topic',
      'salesforce-flow',
    ]);
  });

  it('rates a customer-facing agent that refunds without confirmation', () => {
    const g = grade(s, draftNamed(s, /^Service Agent/));
    assert.equal(g.tier, 'L3');
    assert.equal(g.ratings.exposure, 'high');
    assert.equal(g.ratings.autonomy, 'high');
    assert.equal(g.ratings.integrationPrivilege, 'high');
    assert.equal(g.ratings.physicalEffect, 'high');
    const aut = g.signals.find((x) => x.modifier === 'autonomy' && x.rating === 'high')!;
    assert.match(aut.evidence[0].why, /Issue_Refund_Flow writes Refund__c, Order/);
    assert.equal(escalate(g.tier!, g.ratings).effectiveTier, 'L7');
  });

  it('reads an Agent Script agent and its actions', () => {
    const agent = s.facts.find((f) => f.type === 'agentforce-agent-script')!;
    assert.equal(agent.attributes.developerName, 'Booking_Agent');
    assert.equal(agent.attributes.agentType, 'AgentforceEmployeeAgent');
    assert.equal(agent.attributes.customerFacing, false);
    const actions = s.facts.filter((f) => f.attributes.agentScript === 'Booking_Agent');
    assert.deepEqual(actions.map((a) => [a.name, a.attributes.invocationTargetType, a.attributes.invocationTarget, a.attributes.isConfirmationRequired ?? null]), [
      ['Find_Rooms', 'apex', 'RoomFinder', null],
      ['Book_Room', 'flow', 'Book_Room_Flow', true],
    ]);
    const book = actions[1];
    assert.equal(book.attributeRanges?.invocationTarget?.start.line, 34);
    const g = grade(s, draftNamed(s, /^Booking Agent \(Agentforce agent/));
    assert.equal(g.tier, 'L3');
    assert.equal(g.ratings.integrationPrivilege, 'high', 'default_agent_user');
    assert.equal(g.ratings.autonomy, 'medium', 'the booking asks the user first');
    assert.notEqual(g.ratings.exposure, 'high');
  });

  it('reports broken XML with a position and keeps the facts it can read', () => {
    const r = salesforcePlugin.parse(
      { path: 'force-app/main/default/genAiFunctions/X/X.genAiFunction-meta.xml', text: '<GenAiFunction>\n  <invocationTargetType>apex</invocationTargetType>\n  <isConfirmationRequired>false\n</GenAiFunction>' },
      { maxFileBytes: 1e6, readText: () => undefined, paths: [] },
    );
    assert.equal(r.facts[0].attributes.invocationTargetType, 'apex');
    assert.ok(r.problems.some((p) => p.code === 'parse/xml-syntax' && p.range.start.line === 2));
  });
});

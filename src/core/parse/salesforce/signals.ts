/**
 * Agentforce tier and modifier signals and workload grouping.
 *
 * Whether an action writes is decided from its target: a Salesforce flow target is looked up
 * among the scanned flows (record creates / updates / deletes, or actions that send); an
 * Apex or standard action is judged from its name (create, update, refund, pay … — a
 * heuristic, said so in the evidence); prompt templates and knowledge search read.
 */
import type { FactQuery } from '../../catalogue/types';
import { evidence, str } from '../../facts';
import type { Evidence, Fact, Tier } from '../../model';
import type { ModifierSignal, WorkloadDraft } from '../../plugin';
import { CONFIDENTIAL_NAME, FINANCIAL_NAME, REGULATED_NAME } from '../power-platform/connectors';

type TierOut = { tier: Tier; pattern: string; evidence: Evidence[] };

const WRITE_NAME = /(create|update|delete|insert|upsert|close|cancel|refund|pay|transfer|submit|approve|reject|send|post|reset|assign|book|issue|adjust|modify|change|escalate|reassign|email|register|enrol|terminate|grant|revoke|write|save)/i;
const READ_ACTIONS = /^(streamKnowledgeSearch|answerQuestionsWithKnowledge|searchKnowledge|identifyRecordByName|queryRecords|summarizeRecord|draftOrReviseEmail|getRecordDetails|generatePromptResponse)$/i;

function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export interface TargetJudgement {
  access: 'read' | 'write' | 'unknown';
  why: string;
  flow?: Fact;
  names: string[];
}

export function judgeTarget(action: Fact, all: FactQuery): TargetJudgement {
  const type = (str(action.attributes.invocationTargetType) ?? '').toLowerCase();
  const target = str(action.attributes.invocationTarget) ?? '';
  const label = `${str(action.attributes.label) ?? ''} ${str(action.attributes.developerName) ?? ''}`;
  if (type === 'flow') {
    const flow = all.byAddress(`sf:flow:${target}`).find((f) => f.scope === action.scope) ?? all.byAddress(`sf:flow:${target}`)[0];
    if (flow) {
      const writes = strs(flow.attributes.recordWrites);
      if (flow.attributes.writes === true) return { access: 'write', why: `its flow ${target} writes ${writes.length ? writes.join(', ') : 'records'}`, flow, names: [target, ...writes] };
      return { access: 'read', why: `its flow ${target} only reads`, flow, names: [target] };
    }
    return WRITE_NAME.test(`${target} ${label}`)
      ? { access: 'write', why: `its flow ${target} is named like a change (flow not in the scan)`, names: [target] }
      : { access: 'unknown', why: `its flow ${target} is not in the scan`, names: [target] };
  }
  if (type === 'generatepromptresponse' || type === 'prompt') return { access: 'read', why: 'it runs a prompt template', names: [target] };
  if (type === 'standardinvocableaction' && READ_ACTIONS.test(target)) return { access: 'read', why: `${target} reads`, names: [target] };
  if (WRITE_NAME.test(`${target} ${label}`)) return { access: 'write', why: `${type || 'its'} target ${target} is named like a change (judged from the name)`, names: [target, label] };
  return { access: 'unknown', why: `what ${target || 'the target'} does cannot be seen`, names: [target, label] };
}

export function sfTierSignals(fact: Fact, _all: FactQuery): TierOut[] {
  if (fact.kind === 'agent' && (fact.type === 'agentforce-planner' || fact.type === 'agentforce-agent-script')) {
    return [{ tier: 'L3', pattern: 'Agentforce agent built in Salesforce', evidence: [evidence(fact, `Agentforce agent "${fact.name}"`)] }];
  }
  if (fact.kind === 'bot' && fact.type === 'agentforce-bot' && fact.attributes.agentforce === true) {
    return [{ tier: 'L3', pattern: 'Agentforce agent built in Salesforce', evidence: [evidence(fact, `Agentforce bot "${fact.name}"`, 'agentType')] }];
  }
  if (fact.kind === 'action' && fact.type === 'agentforce-prompt-template') {
    return [{ tier: 'L3', pattern: 'Einstein prompt template that calls an LLM', evidence: [evidence(fact, `prompt template "${fact.name}"`)] }];
  }
  if (fact.kind === 'flow' && fact.type === 'salesforce-flow' && fact.attributes.ai === true) {
    return [{ tier: 'L3', pattern: 'Salesforce flow that calls an LLM', evidence: [evidence(fact, `flow "${fact.name}" runs ${strs(fact.attributes.aiActions).join(', ')}`)] }];
  }
  return [];
}

export function sfModifierSignals(fact: Fact, all: FactQuery): ModifierSignal[] {
  const out: ModifierSignal[] = [];
  const a = fact.attributes;
  if (fact.kind === 'bot' && fact.type === 'agentforce-bot') {
    const at = str(a.agentType) ?? '';
    if (/EinsteinServiceAgent|ServiceAgent/i.test(at) || /^ExternalCopilot$/i.test(str(a.botType) ?? '')) {
      out.push({ modifier: 'exposure', rating: 'high', evidence: [evidence(fact, `customer-facing agent (${at || str(a.botType)})`, at ? 'agentType' : 'type')] });
    }
    if (a.hasBotUser === true) out.push({ modifier: 'integrationPrivilege', rating: 'high', evidence: [evidence(fact, `runs as its own Salesforce user (${str(a.botUser)})`, 'botUser')] });
    return out;
  }
  if (fact.kind === 'agent' && fact.type === 'agentforce-agent-script') {
    if (a.customerFacing === true) out.push({ modifier: 'exposure', rating: 'high', evidence: [evidence(fact, `customer-facing agent (${str(a.agentType) ?? strs(a.connections).join(', ')})`, a.agentType ? 'agent_type' : 'connection')] });
    if (a.hasBotUser === true) out.push({ modifier: 'integrationPrivilege', rating: 'high', evidence: [evidence(fact, `runs as the agent user ${str(a.defaultAgentUser)}`, 'default_agent_user')] });
    return out;
  }
  if (fact.kind === 'action' && fact.type === 'agentforce-action') {
    const j = judgeTarget(fact, all);
    const confirm = a.isConfirmationRequired;
    if (j.access === 'write') {
      if (confirm !== true) {
        out.push({ modifier: 'autonomy', rating: 'high', evidence: [evidence(fact, `the agent can run "${fact.name}" without asking for confirmation, and ${j.why}`, a.isConfirmationRequired === undefined ? 'invocationTarget' : 'isConfirmationRequired')] });
      } else {
        out.push({ modifier: 'autonomy', rating: 'medium', evidence: [evidence(fact, `"${fact.name}" changes data but asks the user first`, 'isConfirmationRequired')] });
      }
      out.push({ modifier: 'integrationPrivilege', rating: 'medium', evidence: [evidence(fact, `"${fact.name}" changes Salesforce data: ${j.why}`, 'invocationTarget')] });
    }
    const names = [...j.names, ...(j.flow ? strs(j.flow.attributes.recordWrites) : [])].join(' ');
    if (REGULATED_NAME.test(names)) out.push({ modifier: 'dataSensitivity', rating: 'high', evidence: [evidence(fact, `"${fact.name}" works on regulated data (${names.trim()})`, 'invocationTarget')] });
    else if (CONFIDENTIAL_NAME.test(names)) out.push({ modifier: 'dataSensitivity', rating: 'medium', evidence: [evidence(fact, `"${fact.name}" works on HR, payroll or finance data (${names.trim()})`, 'invocationTarget')] });
    else if (j.access !== 'unknown' || str(a.invocationTargetType)) out.push({ modifier: 'dataSensitivity', rating: 'medium', evidence: [evidence(fact, `"${fact.name}" reaches CRM records`, 'invocationTarget')] });
    if (j.access === 'write' && FINANCIAL_NAME.test(names)) out.push({ modifier: 'physicalEffect', rating: 'high', evidence: [evidence(fact, `"${fact.name}" has a financial effect (${names.trim()})`, 'invocationTarget')] });
    return out;
  }
  if (fact.kind === 'connection' && fact.type === 'salesforce-named-credential') {
    out.push({ modifier: 'integrationPrivilege', rating: 'medium', evidence: [evidence(fact, `outbound integration through named credential ${fact.name}${a.endpoint ? ' to ' + str(a.endpoint) : ''}`, 'endpoint')] });
    return out;
  }
  if (fact.kind === 'flow' && fact.type === 'salesforce-flow' && a.ai === true && a.autonomous === true && a.writes === true) {
    out.push({ modifier: 'autonomy', rating: 'high', evidence: [evidence(fact, `runs on ${str(a.triggerType)} and writes with no person in the loop`, 'triggerType')] });
  }
  return out;
}

export function sfGroup(facts: readonly Fact[], all: FactQuery): WorkloadDraft[] {
  const drafts: WorkloadDraft[] = [];
  const used = new Set<string>();
  const byScope = new Map<string, Fact[]>();
  for (const f of facts) byScope.set(f.scope ?? '', [...(byScope.get(f.scope ?? '') ?? []), f]);
  for (const [scope, list] of byScope) {
    const root = scope.replace(/^sf:/, '');
    const find = (type: string, devName: string) => list.find((f) => f.type === type && str(f.attributes.developerName) === devName);
    const agents = list.filter((f) => f.kind === 'agent');
    for (const agent of agents) {
      const name = str(agent.attributes.developerName) ?? agent.name ?? 'agent';
      const members = new Set<string>([agent.id]);
      const add = (f: Fact | undefined) => {
        if (f) members.add(f.id);
      };
      // bots and versions that point at this planner (or share its name)
      const versions = list.filter((f) => f.type === 'agentforce-bot-version' && strs(f.attributes.planners).includes(name));
      versions.forEach(add);
      for (const b of list.filter((f) => f.type === 'agentforce-bot')) {
        const dev = str(b.attributes.developerName);
        if (strs(b.attributes.planners).includes(name) || dev === name || versions.some((v) => str(v.attributes.bot) === dev)) {
          add(b);
          list.filter((v) => v.type === 'agentforce-bot-version' && str(v.attributes.bot) === dev).forEach(add);
        }
      }
      const topics = strs(agent.attributes.plugins).map((p) => find('agentforce-topic', p));
      topics.forEach(add);
      const fnNames = new Set([...strs(agent.attributes.functions), ...topics.flatMap((t) => (t ? strs(t.attributes.functions) : []))]);
      const actions = list.filter(
        (f) =>
          f.type === 'agentforce-action' &&
          (fnNames.has(str(f.attributes.developerName) ?? '') ||
            str(f.attributes.planner) === name ||
            str(f.attributes.agentScript) === name ||
            (str(f.attributes.topic) !== undefined && topics.some((t) => t && str(t.attributes.developerName) === str(f.attributes.topic)))),
      );
      actions.forEach(add);
      for (const act of actions) {
        const j = judgeTarget(act, all);
        if (j.flow) add(j.flow);
        const tt = (str(act.attributes.invocationTargetType) ?? '').toLowerCase();
        if (tt === 'generatepromptresponse' || tt === 'prompt') add(find('agentforce-prompt-template', str(act.attributes.invocationTarget) ?? ''));
      }
      members.forEach((m) => used.add(m));
      const project = root === '.' ? '' : `, ${root.split('/')[0]}`;
      drafts.push({ kind: 'salesforce', name: `${agent.name ?? name} (Agentforce agent${project})`, root, members: [...members], anchorFactId: agent.id });
    }
    // Agentforce bots with no planner in the scan, AI flows and prompt templates on their own
    for (const f of list) {
      if (used.has(f.id)) continue;
      if ((f.type === 'agentforce-bot' && f.attributes.agentforce === true) || (f.type === 'salesforce-flow' && f.attributes.ai === true) || f.type === 'agentforce-prompt-template') {
        const what = f.type === 'agentforce-bot' ? 'Agentforce agent' : f.type === 'salesforce-flow' ? 'Salesforce flow' : 'prompt template';
        drafts.push({ kind: 'salesforce', name: `${f.name} (${what})`, root, members: [f.id], anchorFactId: f.id });
      }
    }
  }
  return drafts;
}

/**
 * Reading the Power Platform and Agentforce facts of a workload the way the detectors need
 * them: flows with their actions, Copilot Studio agents with their tools, the solution an
 * export belongs to, Agentforce actions with a judgement of whether they change data.
 */
import { scanIndex, scopeKey, str } from '../../../facts';
import type { Fact, Range } from '../../../model';
import { judgeTarget } from '../../../parse/salesforce/signals';
import type { DetectorContext, FactQuery } from '../../types';

/** Facts of the scan by scope, in scan order; once per analysis. Read-only: callers copy. */
function byScope(all: FactQuery): { get(scope: string | undefined): readonly Fact[] } {
  const index = scanIndex(all, 'pp-util:by-scope', (f) => scopeKey(f.scope));
  return { get: (scope) => index.get(scopeKey(scope)) };
}

export function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function flowsOf(ctx: DetectorContext): Fact[] {
  return ctx.facts.filter((f) => f.kind === 'flow' && f.provider === 'powerplatform' && f.type === 'power-automate-flow');
}

/** The actions of a flow in run order. */
export function actionsOf(ctx: DetectorContext, flow: Fact): Fact[] {
  const own = (f: Fact) => f.kind === 'action' && f.attributes.flowFactId === flow.id;
  let list = ctx.facts.filter(own);
  if (list.length === 0) {
    const actions = scanIndex(ctx.allFacts, 'pp-util:actions-by-flow', (f) => (f.kind === 'action' && typeof f.attributes.flowFactId === 'string' ? f.attributes.flowFactId : undefined), () => ctx.allFacts.byKind('action'));
    list = [...actions.get(flow.id)];
  }
  return [...list].sort((a, b) => num(a.attributes.order) - num(b.attributes.order));
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number.MAX_SAFE_INTEGER;
}

/** Facts of the scan that share a scope. */
export function scopeFacts(ctx: DetectorContext, scope: string | undefined): Fact[] {
  if (!scope) return [];
  return [...(byScope(ctx.allFacts).get(scope) ?? [])];
}

/** The folder (or `x.zip!`) a Power Platform scope belongs to. */
export function rootOfScope(scope: string | undefined): string | undefined {
  if (!scope) return undefined;
  const m = /^pp:(?:solution|package|agent|dlp):(.*)$/.exec(scope);
  if (m) return m[1];
  const b = /^pp:bot:(.*):[^:]*$/.exec(scope);
  return b ? b[1] : undefined;
}

/** The solution manifest marker of the export a fact came from, if the scan holds it. */
export function solutionOf(ctx: DetectorContext, fact: Fact): Fact | undefined {
  const root = rootOfScope(fact.scope);
  if (root === undefined) return undefined;
  // Indexed by scope: editing one solution re-evaluates its own export's workloads only.
  const all = ctx.allFacts;
  return scanIndex(all, 'pp-util:solution-by-scope', (f) => (f.type === 'power-platform-solution' ? f.scope : undefined), () => all.byType('power-platform-solution')).get(`pp:solution:${root}`)[0];
}

/** Environment variables defined by the solution a fact belongs to. */
export function environmentVariablesOf(ctx: DetectorContext, fact: Fact): Fact[] {
  const root = rootOfScope(fact.scope);
  if (root === undefined) return [];
  return (byScope(ctx.allFacts).get(`pp:solution:${root}`) ?? []).filter((f) => f.kind === 'environment-variable');
}

/** Whether a file's text mentions an environment variable's schema name as a flow parameter. */
export function references(ctx: DetectorContext, file: string, schemaName: string): boolean {
  const text = ctx.text(file);
  if (!text) return false;
  return text.includes(`(${schemaName})`) || text.includes(`"schemaName": "${schemaName}"`);
}

export interface CopilotAgent {
  /** The bot fact, when the export has one. */
  bot?: Fact;
  /** The configuration (generative orchestration setting), when the export has one. */
  config?: Fact;
  /** Tools the model can call (TaskDialog actions). */
  tools: Fact[];
  /** Topics and other actions of the agent. */
  topics: Fact[];
  anchor: { file: string; range: Range };
}

export function copilotAgentOf(ctx: DetectorContext): CopilotAgent | undefined {
  const bot = ctx.facts.find((f) => f.kind === 'bot' && f.type === 'copilot-studio-agent');
  const config = ctx.facts.find((f) => f.kind === 'agent' && f.type === 'copilot-studio-configuration');
  if (!bot && !config) return undefined;
  const scope = (bot ?? config)!.scope;
  const tools = ctx.facts.filter((f) => f.kind === 'action' && f.provider === 'powerplatform' && f.scope === scope && f.attributes.generative === true);
  const topics = ctx.facts.filter((f) => f.kind === 'action' && f.provider === 'powerplatform' && f.scope === scope && f.type === 'copilot-topic');
  const a = config ?? bot!;
  return { bot, config, tools, topics, anchor: { file: a.file, range: a.nameRange ?? a.range } };
}

/** A flow of the scan a Copilot tool invokes (by flow id), if present. */
export function flowOfTool(ctx: DetectorContext, tool: Fact): Fact | undefined {
  const id = str(tool.attributes.flowId)?.toLowerCase();
  if (!id) return undefined;
  const flows = scanIndex(ctx.allFacts, 'pp-util:flows-by-id', (f) => (f.kind === 'flow' && f.provider === 'powerplatform' ? str(f.attributes.flowId)?.toLowerCase() : undefined), () => ctx.allFacts.byKind('flow'));
  // The first flow of the scan with that id.
  return flows.get(id)[0];
}

export interface SfAction {
  fact: Fact;
  access: 'read' | 'write' | 'unknown';
  why: string;
  confirmed: boolean;
}

export function agentforceActionsOf(ctx: DetectorContext): SfAction[] {
  return ctx.facts
    .filter((f) => f.kind === 'action' && f.provider === 'salesforce' && f.type === 'agentforce-action')
    .map((fact) => {
      const j = judgeTarget(fact, ctx.allFacts);
      return { fact, access: j.access, why: j.why, confirmed: fact.attributes.isConfirmationRequired === true };
    });
}

export function agentforceAgentOf(ctx: DetectorContext): Fact | undefined {
  return ctx.facts.find((f) => f.kind === 'agent' && f.provider === 'salesforce') ?? ctx.facts.find((f) => f.kind === 'bot' && f.provider === 'salesforce' && f.type === 'agentforce-bot');
}

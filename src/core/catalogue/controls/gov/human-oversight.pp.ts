/**
 * ARG-GOV-004 for Copilot Studio: an agent with generative orchestration picks and runs its
 * tools by itself, so oversight has to sit on the tools. Reported once per agent, at the
 * orchestration setting, listing the tools the model can run without a person: tools that
 * write with no confirmation, MCP servers with no confirmation, and flows whose write steps
 * have no approval. Classic (topic-driven) orchestration only runs what the maker wrote and
 * meets the control. Power Automate flows are not autonomous agents: nothing is judged here.
 * No fix: the export key for a tool's confirmation setting is not confirmed.
 */
import { str } from '../../../facts';
import type { Evidence } from '../../../model';
import type { Detector, DetectorOutcome } from '../../types';
import { copilotAgentOf, flowOfTool, strs } from '../pp-util/facts';

export const ppDetector: Detector = {
  kind: 'pp',
  providers: ['powerplatform'],
  evaluate(ctx): DetectorOutcome[] {
    const agent = copilotAgentOf(ctx);
    if (!agent) return [];
    const { config, bot } = agent;
    const name = bot?.name ?? config?.name ?? 'agent';
    if (!config) {
      if (agent.tools.length === 0) return [];
      const at = bot!;
      return [{
        status: 'unresolved',
        message: `The export of agent "${name}" has no configuration, so whether the model chooses its ${agent.tools.length} tool(s) by itself cannot be seen.`,
        location: { file: at.file, range: at.nameRange ?? at.range },
        anchor: `${at.address}:oversight`,
      }];
    }
    const setting = config.attributeRanges?.['settings.GenerativeActionsEnabled'] ?? config.attributeRanges?.recognizer ?? config.nameRange ?? config.range;
    if (config.attributes.generativeOrchestration !== true) {
      return [{ status: 'met', message: `Agent "${name}" uses classic orchestration: it runs only the topics its maker wrote.`, evidence: [{ file: config.file, range: setting, why: 'generative orchestration is off', factId: config.id }] }];
    }
    const risky: Evidence[] = [];
    for (const tool of agent.tools) {
      const confirmed = tool.attributes.requiresConfirmation === true;
      const place = { file: tool.file, range: tool.nameRange ?? tool.range, factId: tool.id };
      if (tool.attributes.mcp === true && !confirmed) risky.push({ ...place, why: `MCP server "${tool.name}": the model can call any of its tools without a person confirming` });
      else if (tool.attributes.access === 'write' && !confirmed) risky.push({ ...place, why: `tool "${tool.name}" writes (${str(tool.attributes.operationId) ?? 'write'}) without confirmation` });
      else if (str(tool.attributes.actionKind) === 'InvokeFlowTaskAction') {
        const flow = flowOfTool(ctx, tool);
        const unguarded = flow ? strs(flow.attributes.writesWithoutApproval) : [];
        if (unguarded.length > 0) risky.push({ ...place, why: `tool "${tool.name}" runs flow "${flow!.name}", whose step ${unguarded[0]} writes with no approval` });
      }
    }
    if (risky.length === 0) {
      return [{ status: 'met', message: `Agent "${name}" chooses its tools by itself, and none of them acts without a person confirming.`, evidence: [{ file: config.file, range: setting, why: 'generative orchestration', factId: config.id }] }];
    }
    return [{
      status: 'missing',
      message: `Agent "${name}" uses generative orchestration, so the model decides when to run its tools, and ${risky.length} of them can act with no person confirming: ${risky.map((r) => r.why).join('; ')}. Require confirmation on these tools, or gate the flows behind an approval.`,
      location: { file: config.file, range: setting },
      anchor: `${config.address}:oversight`,
      evidence: risky,
    }];
  },
};

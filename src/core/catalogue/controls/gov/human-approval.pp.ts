/**
 * ARG-GOV-002 for Power Automate and Copilot Studio.
 *
 * Flows: a person must be in the loop before the first step that writes or sends. That is a
 * manual / instant trigger (someone starts each run), or an approval that waits for a person
 * (`shared_approvals` Start and wait for an approval) certain to have run before the write in
 * the run order — the reader works that out per action (`afterApproval`). A flow with no
 * write step meets the control. The fix puts an approval, and a stop on any answer but
 * "Approve", in front of the first unguarded write and chains its `runAfter` to them.
 *
 * Copilot Studio: a tool that writes must ask the user before it runs. No fix is offered: the
 * export key for a tool's confirmation setting is not confirmed (see the reader's README).
 */
import { str } from '../../../facts';
import type { Evidence } from '../../../model';
import type { Detector, DetectorOutcome } from '../../types';
import { actionsOf, copilotAgentOf, flowsOf, strs } from '../pp-util/facts';
import { flowApprovalFix } from '../pp-util/fixes';

const HUMAN_TRIGGERS = new Set(['manual', 'instant']);

export const ppDetector: Detector = {
  kind: 'pp',
  providers: ['powerplatform'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const flow of flowsOf(ctx)) {
      const a = flow.attributes;
      const triggerKind = str(a.triggerKind) ?? 'unknown';
      const writes = strs(a.writeActions);
      const unguarded = strs(a.writesWithoutApproval);
      const ev = (why: string): Evidence => ({ file: flow.file, range: flow.attributeRanges?.trigger ?? flow.nameRange ?? flow.range, why, factId: flow.id });
      if (writes.length === 0) {
        out.push({ status: 'met', message: `Flow "${flow.name}" has no step that writes or sends.`, evidence: [ev('no write or send step')] });
        continue;
      }
      if (HUMAN_TRIGGERS.has(triggerKind)) {
        out.push({ status: 'met', message: `Flow "${flow.name}" is started by a person (${triggerKind} trigger).`, evidence: [ev(`${triggerKind} trigger`)] });
        continue;
      }
      const actions = actionsOf(ctx, flow);
      if (unguarded.length === 0) {
        const approvals = actions.filter((f) => f.attributes.approval === true);
        out.push({
          status: 'met',
          message: `Every write step of flow "${flow.name}" runs after an approval.`,
          evidence: approvals.map((f) => ({ file: f.file, range: f.nameRange ?? f.range, why: `approval "${f.name}" waits for a person`, factId: f.id })),
        });
        continue;
      }
      const first = actions.find((f) => unguarded.includes(f.name ?? ''));
      if (!first) continue;
      const others = unguarded.filter((n) => n !== first.name);
      const what = str(first.attributes.operationId) ?? str(first.attributes.method) ?? 'a write';
      const trigWord = triggerKind.replace('-', ' ');
      const trig = triggerKind === 'unknown' ? 'its trigger' : `${/^[aeiou]/.test(trigWord) ? 'an' : 'a'} ${trigWord} trigger`;
      const fix = flowApprovalFix(ctx, flow, first);
      out.push({
        status: 'missing',
        message:
          `Flow "${flow.name}" runs on ${trig} and its step "${first.name}" (${what}) changes data with no approval before it` +
          (others.length ? `; ${others.length} more write step${others.length > 1 ? 's' : ''} (${others.join(', ')}) also run unapproved.` : '.') +
          ' Add a Start and wait for an approval step before it and continue only on "Approve".',
        location: { file: first.file, range: first.nameRange ?? first.range },
        anchor: `${flow.address}:approval-before-write`,
        evidence: [ev(`${triggerKind} trigger: no person starts the run`), ...others.slice(0, 5).flatMap((n) => {
          const f = actions.find((x) => x.name === n);
          return f ? [{ file: f.file, range: f.nameRange ?? f.range, why: `"${n}" also writes without an approval`, factId: f.id }] : [];
        })],
        fixes: fix ? [fix] : [],
      });
    }

    const agent = copilotAgentOf(ctx);
    if (agent) {
      if (agent.tools.length > 0 && agent.tools.every((t) => t.attributes.access === 'read' || t.attributes.access === 'none')) {
        out.push({ status: 'met', message: `The tools of agent "${agent.bot?.name ?? agent.config?.name}" only read.`, evidence: agent.tools.map((t) => ({ file: t.file, range: t.nameRange ?? t.range, why: `tool "${t.name}" reads`, factId: t.id })) });
      }
      for (const tool of agent.tools) {
        if (tool.attributes.access !== 'write') continue;
        if (tool.attributes.requiresConfirmation === true) {
          out.push({ status: 'met', message: `Tool "${tool.name}" asks the user before it runs.`, evidence: [{ file: tool.file, range: tool.attributeRanges?.confirmation ?? tool.nameRange ?? tool.range, why: 'confirmation required', factId: tool.id }] });
          continue;
        }
        out.push({
          status: 'missing',
          message: `Copilot Studio tool "${tool.name}" changes data (${str(tool.attributes.operationId) ?? 'a write operation'}) and nothing in the export makes the agent ask the user before it runs. Require confirmation on the tool, or move the step into a flow with an approval.`,
          location: { file: tool.file, range: tool.nameRange ?? tool.range },
          anchor: `${tool.address}:confirmation`,
        });
      }
    }
    return out;
  },
};

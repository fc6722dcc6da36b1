/**
 * ARG-GOV-004 for Agentforce: an agent's planner chooses which actions to run, so every action
 * that changes data must be held by a confirmation the runtime enforces. Reported once per
 * agent, at its planner or Agent Script, listing the write actions without confirmation; the
 * fix sets `isConfirmationRequired` / `require_user_confirmation` on all of them.
 */
import type { Detector, DetectorOutcome } from '../../types';
import { agentforceActionsOf, agentforceAgentOf } from '../pp-util/facts';
import { confirmationFix } from '../pp-util/fixes';

export const sfDetector: Detector = {
  kind: 'sf',
  providers: ['salesforce'],
  evaluate(ctx): DetectorOutcome[] {
    const agent = agentforceAgentOf(ctx);
    if (!agent) return [];
    const actions = agentforceActionsOf(ctx);
    const writes = actions.filter((a) => a.access === 'write');
    const open = writes.filter((a) => !a.confirmed);
    const where = { file: agent.file, range: agent.nameRange ?? agent.range };
    if (writes.length === 0) {
      if (actions.length === 0) return [];
      return [{ status: 'met', message: `None of the ${actions.length} actions of agent "${agent.name}" is known to change data.`, evidence: [{ ...where, why: 'read-only actions', factId: agent.id }] }];
    }
    if (open.length === 0) {
      return [{ status: 'met', message: `Every action of agent "${agent.name}" that changes data asks the user first.`, evidence: writes.map((a) => ({ file: a.fact.file, range: a.fact.attributeRanges?.isConfirmationRequired ?? a.fact.nameRange ?? a.fact.range, why: `"${a.fact.name}" requires confirmation`, factId: a.fact.id })) }];
    }
    const fix = confirmationFix(ctx, open.map((a) => a.fact), `Require confirmation on the ${open.length} action(s) that change data`);
    return [{
      status: 'missing',
      message: `The planner of agent "${agent.name}" can run ${open.length} action(s) that change data without anyone confirming: ${open.map((a) => `"${a.fact.name}" (${a.why})`).join('; ')}. Require confirmation on each, so the runtime stops for a person before it acts.`,
      location: where,
      anchor: `${agent.address}:oversight`,
      evidence: open.map((a) => ({ file: a.fact.file, range: a.fact.attributeRanges?.isConfirmationRequired ?? a.fact.nameRange ?? a.fact.range, why: `"${a.fact.name}" runs without confirmation`, factId: a.fact.id })),
      fixes: fix ? [fix] : [],
    }];
  },
};

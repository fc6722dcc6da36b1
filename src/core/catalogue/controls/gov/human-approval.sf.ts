/**
 * ARG-GOV-002 for Agentforce: every action that changes records or sends must ask the user
 * to confirm (`isConfirmationRequired` in GenAiFunction metadata and planner / plugin local
 * actions, `require_user_confirmation` in Agent Script). Whether an action writes comes from
 * its target: a Salesforce flow in the scan is read (record creates, updates, deletes,
 * sends); an Apex or standard action is judged from its name, and the message says so.
 * A record-triggered or scheduled Salesforce flow that calls an LLM and writes has no person
 * in the loop; it is reported without a fix (an approval process must be designed).
 * The fix sets the confirmation on the action.
 */
import { str } from '../../../facts';
import type { Detector, DetectorOutcome } from '../../types';
import { agentforceActionsOf } from '../pp-util/facts';
import { confirmationFix } from '../pp-util/fixes';

export const sfDetector: Detector = {
  kind: 'sf',
  providers: ['salesforce'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const a of agentforceActionsOf(ctx)) {
      const f = a.fact;
      const setting = f.file.endsWith('.agent') ? 'require_user_confirmation' : 'isConfirmationRequired';
      if (a.access !== 'write') {
        if (a.access === 'read') out.push({ status: 'met', message: `Action "${f.name}" only reads (${a.why}).`, evidence: [{ file: f.file, range: f.nameRange ?? f.range, why: a.why, factId: f.id }] });
        continue;
      }
      if (a.confirmed) {
        out.push({ status: 'met', message: `Action "${f.name}" changes data and asks the user first.`, evidence: [{ file: f.file, range: f.attributeRanges?.isConfirmationRequired ?? f.nameRange ?? f.range, why: `${setting} is true`, factId: f.id }] });
        continue;
      }
      const fix = confirmationFix(ctx, [f], `Require the user's confirmation before "${f.name}" runs`);
      out.push({
        status: 'missing',
        message: `Agentforce action "${f.name}" changes data (${a.why}) and runs without asking the user: ${setting} is ${f.attributes.isConfirmationRequired === false ? 'false' : 'not set'}. Set it to true.`,
        location: { file: f.file, range: f.attributeRanges?.isConfirmationRequired ?? f.nameRange ?? f.range },
        anchor: `${f.address}:confirmation`,
        fixes: fix ? [fix] : [],
      });
    }
    for (const flow of ctx.facts.filter((x) => x.kind === 'flow' && x.type === 'salesforce-flow')) {
      if (flow.attributes.ai !== true || flow.attributes.writes !== true) continue;
      if (flow.attributes.autonomous !== true) continue;
      out.push({
        status: 'missing',
        message: `Salesforce flow "${flow.name}" starts on ${str(flow.attributes.triggerType)} with no person involved, calls an LLM and writes records. Route the change through an approval process or a screen step a person completes.`,
        location: { file: flow.file, range: flow.attributeRanges?.triggerType ?? flow.nameRange ?? flow.range },
        anchor: `${flow.address}:approval`,
      });
    }
    return out;
  },
};

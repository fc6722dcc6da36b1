/**
 * ARG-GOV-001 from the register: the workload has an entry with a named owner. No quick-fix
 * writes an owner (a made-up owner would silence the check); the register command adds the
 * entry and a person fills in the owner.
 */
import type { Detector, DetectorOutcome } from '../../types';

const PLACEHOLDER = /^(todo|tbd|fixme|unknown|n\/a|-)\b/i;

export const registerDetector: Detector = {
  kind: 'register',
  providers: ['generic'],
  evaluate(ctx): DetectorOutcome[] {
    const w = ctx.workload;
    const reg = ctx.register;
    if (!reg) {
      return [{ status: 'missing', message: 'The repository has no AI asset register (ai-asset-register.yaml), so this workload has no recorded owner.', location: w.anchor, anchor: 'no-register' }];
    }
    if (!reg.entry) {
      return [{ status: 'missing', message: `The AI asset register has no entry for this workload (id ${w.id}).`, location: w.anchor, anchor: 'no-entry' }];
    }
    const { index, owner } = reg.entry;
    const range = reg.rangeOf(`workloads.${index}.owner`) ?? reg.rangeOf(`workloads.${index}`);
    if (!owner || PLACEHOLDER.test(owner.trim())) {
      return [{
        status: 'missing',
        message: owner ? `The register entry's owner "${owner}" is a placeholder; name the accountable person or team.` : 'The register entry names no owner.',
        location: range ? { file: reg.file, range } : w.anchor,
        anchor: 'no-owner',
        evidence: [{ file: w.anchor.file, range: w.anchor.range, why: 'the workload this entry describes' }],
      }];
    }
    return [{ status: 'met', message: `Recorded in the register with owner ${owner}.`, evidence: range ? [{ file: reg.file, range, why: `owner: ${owner}` }] : [] }];
  },
};

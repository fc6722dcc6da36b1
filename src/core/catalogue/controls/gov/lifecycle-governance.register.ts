/**
 * ARG-GOV-003 from the register: an owner and a review date that has not passed, and the
 * workload not marked vanished while its files are still in the repository.
 */
import type { Detector, DetectorOutcome } from '../../types';

export const registerDetector: Detector = {
  kind: 'register',
  providers: ['generic'],
  evaluate(ctx): DetectorOutcome[] {
    const reg = ctx.register;
    const w = ctx.workload;
    if (!reg || !reg.entry) {
      return [{ status: 'missing', message: 'No register entry records an owner and a review date for this workload, so nobody is due to review or offboard it.', location: w.anchor, anchor: 'no-entry' }];
    }
    const { index, reviewDate, status } = reg.entry;
    const at = (path: string) => reg.rangeOf(`workloads.${index}.${path}`) ?? reg.rangeOf(`workloads.${index}`);
    const out: DetectorOutcome[] = [];
    if (!reviewDate) {
      const r = at('name');
      out.push({ status: 'missing', message: 'The register entry has no reviewDate; set the date by which the owner reviews this workload.', location: r ? { file: reg.file, range: r } : w.anchor, anchor: 'no-review-date' });
    } else if (reviewDate < ctx.today) {
      const r = at('reviewDate');
      out.push({ status: 'missing', message: `The review date ${reviewDate} has passed; review the workload and set the next date.`, location: r ? { file: reg.file, range: r } : w.anchor, anchor: 'review-overdue' });
    }
    if (status === 'vanished') {
      const r = at('status');
      out.push({ status: 'partial', message: 'The register marks this workload vanished, but the scan still finds it; correct the status.', location: r ? { file: reg.file, range: r } : w.anchor, anchor: 'status-vanished' });
    }
    if (out.length === 0) out.push({ status: 'met', message: `Reviewed on schedule (next review ${reviewDate}).` });
    return out;
  },
};

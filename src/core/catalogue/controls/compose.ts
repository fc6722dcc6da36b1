/** Building blocks shared by detectors of every input kind. */
import type { InputKind, Provider } from '../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../types';

/** One check of a detector: appends its outcomes (per cloud, per object kind…). */
export type Check = (ctx: DetectorContext, out: DetectorOutcome[]) => void;

/** A detector that runs its checks in order, each appending to the same outcome list. */
export function checksDetector(kind: InputKind, providers: Provider[], ...checks: Check[]): Detector {
  return {
    kind,
    providers,
    evaluate(ctx: DetectorContext): DetectorOutcome[] {
      const out: DetectorOutcome[] = [];
      for (const check of checks) check(ctx, out);
      return out;
    },
  };
}

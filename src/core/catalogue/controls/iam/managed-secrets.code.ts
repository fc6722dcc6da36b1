/**
 * ARG-IAM-003 in application code. Literal keys in source are ARG-IAM-002's finding (one
 * literal, one finding); this check reports what the code does right: credentials read from
 * the injected environment or a secret store, or AI clients created without any key so the
 * SDK takes it from its environment. A service with literals gets no `met` from here.
 */
import type { Evidence } from '../../../model';
import type { Detector, DetectorOutcome } from '../../types';
import { calls, codeFiles } from '../code-util/facts';
import { credentialReads } from '../code-util/reads';
import { codeSecrets } from '../code-util/secrets';

export const codeDetector: Detector = {
  kind: 'code',
  providers: ['code'],
  evaluate(ctx): DetectorOutcome[] {
    if (codeSecrets(ctx.facts).length > 0) return [];
    const evidence: Evidence[] = [];
    for (const file of codeFiles(ctx.facts)) {
      for (const r of credentialReads(file, ctx.text(file))) {
        evidence.push({ file, range: r.range, why: r.kind === 'env' ? `reads ${r.what} from the environment at run time` : `takes credentials from ${r.what}` });
      }
    }
    if (evidence.length > 0) return [{ status: 'met', message: 'Credentials are read at run time from the environment or a secret store, not written in the source.', evidence: evidence.slice(0, 10) }];
    const clients = calls(ctx.facts, 'llm-client');
    if (clients.length === 0) return [];
    return [{
      status: 'met',
      message: 'AI clients are created without a key in the source; the SDK reads it from its environment at run time.',
      evidence: clients.slice(0, 5).map((f) => ({ file: f.file, range: f.nameRange ?? f.range, why: `${String(f.attributes.pattern)} gets no literal key`, factId: f.id })),
    }];
  },
};

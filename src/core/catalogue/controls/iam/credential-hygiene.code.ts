/**
 * ARG-IAM-002 in application code: no credential literals in source. Each secret the code
 * reader found (kind and place only, never the value) is a static key. Fix (unsafe, Python
 * and JS/TS only): read the key from the conventional environment variable instead, adding
 * `import os` where the module lacks it — offered only when the literal is a plain string of
 * its own, so the edited file re-parses without the secret.
 */
import type { Detector, DetectorOutcome } from '../../types';
import { codeSecrets, envFix, kindWords } from '../code-util/secrets';

export const codeDetector: Detector = {
  kind: 'code',
  providers: ['code'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const f of codeSecrets(ctx.facts)) {
      const kind = String(f.attributes.kind ?? f.type);
      const key = typeof f.attributes.key === 'string' ? ` (assigned to ${f.attributes.key})` : '';
      const fix = envFix(f, ctx.text(f.file));
      out.push({
        status: 'missing',
        message: `The source holds ${kindWords(kind)} as a literal${key}; anyone who can read the repository can use it. Rotate it and let the client take the key from the platform identity, the environment or a vault.`,
        location: { file: f.file, range: f.range },
        anchor: f.address,
        fixes: fix ? [fix] : undefined,
      });
    }
    if (out.length === 0 && ctx.facts.some((f) => f.kind === 'call' && (f.attributes.category === 'llm-client' || f.attributes.category === 'agent'))) {
      const clients = ctx.facts.filter((f) => f.kind === 'call' && f.attributes.category === 'llm-client').slice(0, 3);
      out.push({ status: 'met', message: 'No credential literal was found in the service\'s source.', evidence: clients.map((f) => ({ file: f.file, range: f.nameRange ?? f.range, why: `${String(f.attributes.pattern)} is created without a literal key`, factId: f.id })) });
    }
    return out;
  },
};

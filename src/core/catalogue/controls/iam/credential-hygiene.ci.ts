/**
 * ARG-IAM-002 in repository files: committed `.env` files, CI workflow values and MCP /
 * agent settings must not hold credential values. Each secret fact (kind and place only) is a
 * static key committed to the repository. No automatic fix: the value has to be rotated and
 * the file taken out of version control, which an edit cannot do.
 */
import type { Detector, DetectorOutcome } from '../../types';
import { kindWords, repoSecrets } from '../code-util/secrets';

const WHERE: Record<string, string> = {
  env: 'the committed environment file',
  ci: 'the CI workflow',
  'mcp-config': 'the MCP server configuration',
  'claude-settings': 'the coding agent settings',
};

export const ciDetector: Detector = {
  kind: 'ci',
  providers: ['generic', 'github'],
  evaluate(ctx): DetectorOutcome[] {
    return repoSecrets(ctx.facts).map((f) => {
      const kind = String(f.attributes.kind ?? f.type);
      const source = String(f.attributes.source);
      const key = typeof f.attributes.key === 'string' ? ` as ${f.attributes.key}` : '';
      return {
        status: 'missing',
        message: `${cap(WHERE[source] ?? "a committed file")} holds ${kindWords(kind)}${key}. Static keys in the repository outlive every rotation policy; revoke it and switch to a platform identity or an injected secret.`,
        location: { file: f.file, range: f.range },
        anchor: f.address,
      };
    });
  },
};

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

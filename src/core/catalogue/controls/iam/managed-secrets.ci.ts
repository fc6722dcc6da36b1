/**
 * ARG-IAM-003 in repository files: a committed `.env` file or a CI workflow that holds a
 * secret value keeps it outside any vault. (ARG-IAM-002 reports the same place as a static
 * key; this finding asks for the vault reference.) For a GitHub workflow the fix (unsafe)
 * replaces the literal with `${{ secrets.NAME }}` — the secret itself must then be created in
 * the repository or environment settings.
 */
import type { Fix, Range } from '../../../model';
import type { Detector, DetectorOutcome } from '../../types';
import { kindWords, repoSecrets } from '../code-util/secrets';
import { envName } from '../code-util/source';

export const ciDetector: Detector = {
  kind: 'ci',
  providers: ['generic', 'github'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const f of repoSecrets(ctx.facts)) {
      const source = String(f.attributes.source);
      const key = typeof f.attributes.key === 'string' ? f.attributes.key : undefined;
      const kind = kindWords(String(f.attributes.kind ?? f.type));
      if (source === 'env') {
        out.push({
          status: 'missing',
          message: `${key ?? 'A variable'} in this committed environment file carries ${kind} itself rather than being injected from a vault at deploy time.`,
          location: { file: f.file, range: f.range },
          anchor: f.address,
        });
      } else if (source === 'ci') {
        const fix = githubSecretFix(f.file, f.range, key, ctx.text(f.file));
        out.push({
          status: 'missing',
          message: `The pipeline sets ${key ?? 'a value'} to ${kind} written into the workflow instead of a reference to the CI secret store.`,
          location: { file: f.file, range: f.range },
          anchor: f.address,
          fixes: fix ? [fix] : undefined,
        });
      }
    }
    return out;
  },
};

function githubSecretFix(file: string, range: Range, key: string | undefined, text: string | undefined): Fix | undefined {
  if (!/^\.github\/workflows\//.test(file) || !key || text === undefined) return undefined;
  if (range.start.line !== range.end.line) return undefined;
  const name = envName(key);
  if (!/^[A-Z][A-Z0-9_]*$/.test(name) || name.startsWith('GITHUB_')) return undefined;
  return { title: `Reference the ${name} repository secret`, kind: 'unsafe', edits: [{ file, range, newText: `\${{ secrets.${name} }}` }] };
}

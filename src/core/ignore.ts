/**
 * Which paths a scan reads. Defaults skip dependency folders, VCS metadata, Terraform's
 * plugin cache and build outputs; users add `.gitignore`-style globs (settings, register,
 * `--exclude`). Pure: the adapter passes the patterns in.
 */
import { minimatch } from 'minimatch';

export const DEFAULT_EXCLUDES: readonly string[] = [
  '**/node_modules/**',
  '**/.git/**',
  '**/.hg/**',
  '**/.svn/**',
  '**/.terraform/**',
  '**/.venv/**',
  '**/venv/**',
  '**/site-packages/**',
  '**/__pycache__/**',
  '**/vendor/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/target/**',
  '**/.next/**',
  '**/coverage/**',
  '**/.vscode-test/**',
];

export interface IgnoreRules {
  isExcluded(path: string): boolean;
}

/**
 * Builds a matcher from globs. A pattern without a slash matches at any depth (`*.log`);
 * a trailing slash means a folder (`tmp/` → everything under any `tmp` folder); a leading `!`
 * re-includes.
 */
export function ignoreRules(patterns: readonly string[], useDefaults = true): IgnoreRules {
  const rules: { negate: boolean; match: (p: string) => boolean }[] = [];
  for (const raw of [...(useDefaults ? DEFAULT_EXCLUDES : []), ...patterns]) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    let pattern = negate ? line.slice(1) : line;
    if (pattern.startsWith('/')) pattern = pattern.slice(1);
    else if (!pattern.includes('/') || (pattern.endsWith('/') && !pattern.slice(0, -1).includes('/'))) pattern = `**/${pattern}`;
    if (pattern.endsWith('/')) pattern = `${pattern}**`;
    const globs = [pattern];
    if (!pattern.endsWith('/**')) globs.push(`${pattern}/**`);
    const matchers = globs.map((g) => new minimatch.Minimatch(g, { dot: true, nocase: false }));
    rules.push({ negate, match: (p) => matchers.some((m) => m.match(p)) });
  }
  return {
    isExcluded(path: string): boolean {
      let excluded = false;
      for (const rule of rules) if (rule.match(path)) excluded = !rule.negate;
      return excluded;
    },
  };
}

/**
 * ARG-SUP-001 from dependency manifests: every declared AI package is pinned exactly or
 * resolved by a committed lockfile, and some CI step or update bot scans the service's
 * ecosystem. A loose pin is reported on the dependency line with no automatic fix (a version
 * has to be chosen); a missing scanner is reported once per service on its manifest, and when
 * the repository has no Dependabot config the fix (unsafe) adds `.github/dependabot.yml` for
 * the service's ecosystems.
 */
import type { Fact, Fix } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { evidence, scanList } from '../../../facts';
import { TODO } from '../code-util/workflow';

const DEPENDABOT_ECO: Record<string, string> = { pypi: 'pip', npm: 'npm', go: 'gomod', maven: 'maven', nuget: 'nuget' };
/** Scanners tied to one ecosystem; every other dependency scanner counts for all. */
const SCANNER_ECO: Record<string, string> = { 'npm-audit': 'npm', 'pip-audit': 'pypi', safety: 'pypi', govulncheck: 'go', 'dotnet-vulnerable': 'nuget' };

function covers(step: Fact, eco: string): boolean {
  const tool = String(step.attributes.tool ?? '');
  if (tool === 'dependabot') {
    const list = Array.isArray(step.attributes.ecosystems) ? step.attributes.ecosystems.map(String) : [];
    const want = DEPENDABOT_ECO[eco];
    if (eco === 'pypi') return list.some((x) => x === 'pip' || x === 'uv' || x === 'pipenv' || x === 'poetry');
    if (eco === 'maven') return list.some((x) => x === 'maven' || x === 'gradle');
    return list.includes(want);
  }
  const only = SCANNER_ECO[tool];
  return only === undefined || only === eco;
}

function dir(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}

function dependabotFix(ctx: DetectorContext, manifests: Fact[]): Fix | undefined {
  if (ctx.text('.github/dependabot.yml') !== undefined || ctx.text('.github/dependabot.yaml') !== undefined) return undefined;
  const seen = new Set<string>();
  const lines = [`# ${TODO}: also enable Dependabot alerts and security updates in the repository settings`, 'version: 2', 'updates:'];
  for (const m of manifests) {
    const eco = String(m.attributes.ecosystem ?? '');
    let pe = DEPENDABOT_ECO[eco];
    if (!pe) continue;
    if (eco === 'maven' && /gradle/.test(m.file)) pe = 'gradle';
    const d = dir(m.file) === '.' ? '/' : `/${dir(m.file)}`;
    const key = `${pe}|${d}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`  - package-ecosystem: ${pe}`, `    directory: "${d}"`, '    schedule:', '      interval: weekly');
  }
  if (seen.size === 0) return undefined;
  return { title: 'Add a Dependabot configuration for this service', kind: 'unsafe', edits: [{ file: '.github/dependabot.yml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: lines.join('\n') + '\n' }] };
}

export const manifestsDetector: Detector = {
  kind: 'manifests',
  providers: ['code'],
  evaluate(ctx): DetectorOutcome[] {
    const deps = ctx.facts.filter((f) => f.kind === 'dependency');
    const manifests = ctx.facts.filter((f) => f.kind === 'manifest');
    if (deps.length === 0) return [];
    const out: DetectorOutcome[] = [];
    for (const d of deps) {
      const a = d.attributes;
      const name = String(a.name ?? d.type);
      if (a.pinned === true) out.push({ status: 'met', message: `${name} is pinned exactly.`, evidence: [evidence(d, `${name} ${String(a.version ?? '')}`.trim(), 'version')] });
      else if (a.lockfile === true) out.push({ status: 'met', message: `${name} is resolved by a committed lockfile.`, evidence: [evidence(d, `locked in ${String(a.lockfilePath ?? 'the lockfile')}`)] });
      else
        out.push({
          status: 'missing',
          message:
            a.version === null || a.version === undefined
              ? `${name} is declared without a version and no lockfile is committed, so every install may fetch a different release.`
              : `${name} is declared as "${String(a.version)}" and no lockfile is committed, so installs float to whatever release is newest.`,
          location: { file: d.file, range: d.range },
          anchor: d.address,
        });
    }
    // dependency scanning of the service's ecosystems
    const steps = [...scanList(ctx.allFacts, 'sup-003:manifests:scan-steps', (f) => f.kind === 'ci-step' && (f.type === 'dependency-scan' || (Array.isArray(f.attributes.categories) && f.attributes.categories.includes('dependency-scan'))), () => ctx.allFacts.byKind('ci-step'))];
    const ecos = [...new Set(deps.map((d) => String(d.attributes.ecosystem ?? '')))].filter(Boolean).sort();
    const uncovered = ecos.filter((e) => !steps.some((s) => covers(s, e)));
    const withAi = manifests.filter((m) => Array.isArray(m.attributes.aiPackages) && m.attributes.aiPackages.length > 0);
    const main = withAi[0] ?? manifests[0];
    if (uncovered.length === 0) out.push({ status: 'met', message: `Dependency scanning covers the service (${[...new Set(steps.map((s) => String(s.attributes.tool)))].join(', ')}).`, evidence: steps.slice(0, 3).map((s) => evidence(s, `${String(s.attributes.tool)} scans dependencies`)) });
    else if (main) {
      const partial = steps.length > 0;
      const fix = partial ? undefined : dependabotFix(ctx, withAi.length ? withAi : manifests);
      out.push({
        status: partial ? 'partial' : 'missing',
        message: partial
          ? `The CI scanners (${[...new Set(steps.map((s) => String(s.attributes.tool)))].join(', ')}) do not cover the ${uncovered.join(', ')} dependencies of this service.`
          : 'No CI step or update bot scans the dependencies of this service for known vulnerabilities.',
        location: { file: main.file, range: main.nameRange ?? main.range },
        anchor: `scan:${main.file}`,
        fixes: fix ? [fix] : undefined,
      });
    }
    return out;
  },
};

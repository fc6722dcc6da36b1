/**
 * ARG-PRC-001 from the repository files, for the repository workload (AI-assisted development
 * markers, coding agents in CI): changes reach the default branch only through a gate with
 * SAST and dependency scanning in CI, and a CODEOWNERS file names who reviews what.
 * Missing scanners are reported on the workflow that should run them (or on the marker when
 * the repository has no CI); for a GitHub workflow the fix (unsafe) appends a CodeQL or a
 * dependency-review job. Branch protection itself is outside the files (or in Terraform).
 */
import type { Fact, Fix, Location } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { evidence, perScan } from '../../../facts';
import { appendJob, TODO } from '../code-util/workflow';

const CODEQL_LANG: Record<string, string> = { python: 'python', javascript: 'javascript-typescript', typescript: 'javascript-typescript', go: 'go', java: 'java-kotlin', kotlin: 'java-kotlin', csharp: 'csharp' };

function categoriesOf(f: Fact): string[] {
  return Array.isArray(f.attributes.categories) ? f.attributes.categories.map(String) : [f.type];
}

function appliesTo(ctx: DetectorContext): boolean {
  return ctx.workload.kind === 'repository' || ctx.facts.some((f) => f.kind === 'marker');
}

/** The workflow a missing gate belongs in: a GitHub workflow run on pull requests, then any workflow. */
function targetWorkflow(workflows: Fact[]): Fact | undefined {
  const gh = workflows.filter((w) => w.attributes.provider === 'github');
  return gh.find((w) => w.attributes.pullRequest === true) ?? gh[0] ?? workflows[0];
}

function languages(ctx: DetectorContext): string[] {
  return [...perScan(ctx.allFacts, 'prc-review-gate:ci:languages', () => {
    const set = new Set<string>();
    for (const f of ctx.allFacts.byKind('import')) if (typeof f.attributes.language === 'string' && CODEQL_LANG[f.attributes.language]) set.add(CODEQL_LANG[f.attributes.language]);
    return [...set].sort();
  })];
}

/** The CI steps, workflows and CODEOWNERS files of the scan (scan order), found once per analysis. Read-only. */
function ciFacts(ctx: DetectorContext): { steps: readonly Fact[]; workflows: readonly Fact[]; owners: readonly Fact[] } {
  return perScan(ctx.allFacts, 'prc-review-gate:ci:facts', () => {
    const q = ctx.allFacts;
    return { steps: q.byKind('ci-step'), workflows: q.byKind('ci-workflow'), owners: q.byKind('codeowners') };
  });
}

function codeqlFix(ctx: DetectorContext, wf: Fact): Fix | undefined {
  const langs = languages(ctx);
  const text = ctx.text(wf.file);
  if (langs.length === 0 || text === undefined || wf.attributes.provider !== 'github') return undefined;
  const edit = appendJob(wf.file, text, 'codeql', (u) => [
    `# ${TODO}: check the languages, then make this job a required status check of the default branch`,
    'runs-on: ubuntu-latest',
    'permissions:',
    `${u}contents: read`,
    `${u}security-events: write`,
    'steps:',
    `${u}- uses: actions/checkout@v4`,
    `${u}- uses: github/codeql-action/init@v3`,
    `${u}  with:`,
    `${u}  ${u}languages: ${langs.join(', ')}`,
    `${u}- uses: github/codeql-action/analyze@v3`,
  ]);
  return edit ? { title: 'Add a CodeQL job to this workflow', kind: 'unsafe', edits: [edit] } : undefined;
}

function dependencyReviewFix(ctx: DetectorContext, wf: Fact): Fix | undefined {
  const text = ctx.text(wf.file);
  if (text === undefined || wf.attributes.provider !== 'github') return undefined;
  const prNote = wf.attributes.pullRequest === true ? '' : ' (the workflow must also run on pull_request)';
  const edit = appendJob(wf.file, text, 'dependency-review', (u) => [
    `# ${TODO}: make this job a required status check of the default branch${prNote}`,
    "if: github.event_name == 'pull_request'",
    'runs-on: ubuntu-latest',
    'permissions:',
    `${u}contents: read`,
    'steps:',
    `${u}- uses: actions/checkout@v4`,
    `${u}- uses: actions/dependency-review-action@v4`,
  ]);
  return edit ? { title: 'Add a dependency-review job to this workflow', kind: 'unsafe', edits: [edit] } : undefined;
}

export const ciDetector: Detector = {
  kind: 'ci',
  providers: ['github', 'generic'],
  evaluate(ctx): DetectorOutcome[] {
    if (!appliesTo(ctx)) return [];
    const ci = ciFacts(ctx);
    const steps = [...ci.steps];
    const workflows = [...ci.workflows];
    const wf = targetWorkflow(workflows);
    const where = (): Location => (wf ? { file: wf.file, range: wf.nameRange ?? wf.range } : ctx.workload.anchor);
    const out: DetectorOutcome[] = [];
    const prOf = (s: Fact) => workflows.find((w) => w.file === s.file)?.attributes.pullRequest;

    // SAST on application code
    const sast = steps.filter((s) => categoriesOf(s).includes('sast'));
    const appSast = sast.filter((s) => s.attributes.iac !== true);
    const gated = appSast.filter((s) => s.attributes.provider !== 'github' || prOf(s) === true);
    if (gated.length > 0) out.push({ status: 'met', message: `SAST runs in CI on changes (${[...new Set(gated.map((s) => String(s.attributes.tool)))].join(', ')}).`, evidence: gated.slice(0, 3).map((s) => evidence(s, `${String(s.attributes.tool)} scans the code`)) });
    else if (appSast.length > 0) {
      const s = appSast[0];
      out.push({ status: 'partial', message: `${String(s.attributes.tool)} scans the code, but its workflow does not run on pull requests, so findings arrive after the merge.`, location: { file: s.file, range: s.nameRange ?? s.range }, anchor: `sast-not-on-pr:${s.address}` });
    } else {
      const fix = wf ? codeqlFix(ctx, wf) : undefined;
      const iacOnly = sast.length > 0 ? ` Only infrastructure scanners (${[...new Set(sast.map((s) => String(s.attributes.tool)))].join(', ')}) run.` : '';
      out.push({ status: sast.length > 0 ? 'partial' : 'missing', message: `No CI step runs static analysis (SAST) on the application code before merge.${iacOnly}`, location: where(), anchor: 'no-sast', fixes: fix ? [fix] : undefined });
    }

    // dependency scanning
    const deps = steps.filter((s) => categoriesOf(s).includes('dependency-scan'));
    if (deps.length > 0) out.push({ status: 'met', message: `Dependencies are scanned (${[...new Set(deps.map((s) => String(s.attributes.tool)))].join(', ')}).`, evidence: deps.slice(0, 3).map((s) => evidence(s, `${String(s.attributes.tool)} checks dependencies`)) });
    else {
      const fix = wf ? dependencyReviewFix(ctx, wf) : undefined;
      out.push({ status: 'missing', message: 'No CI step or update bot scans dependencies for known vulnerabilities before merge.', location: where(), anchor: 'no-dependency-scan', fixes: fix ? [fix] : undefined });
    }

    // CODEOWNERS
    const owners = [...ci.owners];
    const withRules = owners.find((f) => Number(f.attributes.ruleCount ?? 0) > 0);
    if (withRules) out.push({ status: 'met', message: `${withRules.file} assigns reviewers to changes.`, evidence: [evidence(withRules, `${String(withRules.attributes.ruleCount)} ownership rule(s)`)] });
    else if (owners.length > 0) out.push({ status: 'missing', message: `${owners[0].file} has no ownership rule, so no review is requested from anyone.`, location: { file: owners[0].file, range: owners[0].nameRange ?? owners[0].range }, anchor: 'codeowners-empty' });
    else out.push({ status: 'missing', message: 'The repository has no CODEOWNERS file, so AI-assisted changes need no named reviewer.', location: ctx.workload.anchor, anchor: 'no-codeowners' });
    return out;
  },
};

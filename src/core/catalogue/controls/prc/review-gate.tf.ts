/**
 * ARG-PRC-001 in Terraform: when the repository is managed as code (GitHub provider) and shows
 * AI-assisted development (assistant markers, coding agents in CI), its default branch needs a
 * required review and required status checks before merge.
 * - `github_branch_protection` (and `_v3`): `required_pull_request_reviews` with at least one
 *   approval, `required_status_checks`;
 * - `github_repository_ruleset`: enforcement `active`, a `pull_request` rule with approvals and
 *   a `required_status_checks` rule;
 * - a `github_repository` with neither → missing, with a quick-fix that adds a protection.
 * Returns nothing when the repository shows no AI-assisted development or the scan has no
 * GitHub resources: the CI detector judges workflows and CODEOWNERS.
 */
import { get, scanList, str } from '../../../facts';
import type { Fact } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { hclBlock, q } from '../tf-net-util/hcl';
import { anywhere, appendBlocks, ev, fixOf, gap, label, met, refersTo, TODO, unknown } from '../tf-net-util';

const CODING_AGENT = /claude|copilot|codex|cursor|aider|gemini|coding-agent/i;

/**
 * Whether the repository shows AI-assisted development: an assistant's marker file (CLAUDE.md,
 * .cursorrules, AGENTS.md…; a Power Platform solution's marker is not one) or a coding agent in
 * a CI step. Both are indexed lists, so editing any other file (another CI step, a solution)
 * does not make every Terraform workload ask again.
 */
function aiAssisted(ctx: DetectorContext): boolean {
  const all = ctx.allFacts;
  if (scanList(all, 'prc-001:assistant-markers', (f) => f.kind === 'marker' && f.provider === 'code', () => all.byKind('marker')).length > 0) return true;
  return scanList(all, 'prc-001:coding-agent-steps', (f) => f.kind === 'ci-step' && CODING_AGENT.test(`${f.type} ${JSON.stringify(f.attributes.tool ?? '')}`), () => all.byKind('ci-step')).length > 0;
}

function approvals(v: unknown): number | 'unknown' | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  return 'unknown';
}

function judgeProtection(p: Fact): DetectorOutcome {
  const reviews = get(p, 'required_pull_request_reviews');
  const count = approvals(get(p, 'required_pull_request_reviews.required_approving_review_count'));
  const checks = get(p, 'required_status_checks');
  const n = reviews === undefined ? 0 : count === undefined ? 1 : count;
  if (n === 'unknown') return gap('unresolved', p, 'required_pull_request_reviews.required_approving_review_count', 'reviews', 'The number of required approvals is computed, so whether a review is required is unknown.');
  if (n < 1) return gap('missing', p, reviews === undefined ? undefined : 'required_pull_request_reviews.required_approving_review_count', 'reviews', 'The branch protection requires no approving review, so AI-written changes can merge unreviewed.');
  if (checks === undefined) return gap('partial', p, undefined, 'checks', 'The branch protection requires a review but no status checks, so security scanning does not have to pass before merge.', [ev(p, `${n} approving review(s) required`, 'required_pull_request_reviews')]);
  return met(`The default branch requires ${n} approving review(s) and passing status checks.`, [ev(p, 'required reviews', 'required_pull_request_reviews'), ev(p, 'required status checks', 'required_status_checks')]);
}

function judgeRuleset(r: Fact): DetectorOutcome {
  const enf = str(r.attributes.enforcement);
  if (unknown(r.attributes.enforcement)) return gap('unresolved', r, 'enforcement', 'ruleset', 'The ruleset enforcement is computed, so whether it applies is unknown.');
  if (enf !== 'active') return gap('missing', r, 'enforcement', 'ruleset', `The ruleset is not enforced (enforcement = "${enf ?? 'unset'}"), so its review rules do not block merges.`);
  const pr = get(r, 'rules.pull_request');
  const count = approvals(get(r, 'rules.pull_request.required_approving_review_count'));
  const checks = get(r, 'rules.required_status_checks');
  if (count === 'unknown') return gap('unresolved', r, 'rules.pull_request.required_approving_review_count', 'ruleset', 'The number of required approvals is computed, so whether a review is required is unknown.');
  if (pr === undefined || !count) return gap('missing', r, pr === undefined ? 'rules' : 'rules.pull_request', 'ruleset', 'The ruleset requires no approving review, so AI-written changes can merge unreviewed.');
  if (checks === undefined) return gap('partial', r, 'rules', 'ruleset', 'The ruleset requires a review but no status checks, so security scanning does not have to pass before merge.');
  return met(`The ruleset requires ${count} approving review(s) and passing status checks.`, [ev(r, 'pull_request rule', 'rules.pull_request'), ev(r, 'required_status_checks rule', 'rules.required_status_checks')]);
}

function protectionBlock(repo: Fact): string {
  const branch = str(repo.attributes.default_branch) ?? 'main';
  return hclBlock(`resource "github_branch_protection" "${label(`${repo.name ?? 'repo'}_default`)}"`, [
    ['repository_id', `${repo.address}.node_id`],
    ['pattern', q(branch)],
    ['enforce_admins', 'true'],
    { blank: true },
    { block: 'required_pull_request_reviews', items: [['required_approving_review_count', '1'], ['require_code_owner_reviews', 'true'], ['dismiss_stale_reviews', 'true']] },
    { blank: true },
    { block: 'required_status_checks', items: [['strict', 'true'], { comment: `${TODO}: name the SAST and dependency-scan checks that must pass` }, ['contexts', '[]']] },
  ]);
}

export const tfDetector: Detector = {
  kind: 'tf',
  providers: ['github'],
  evaluate(ctx) {
    if (!aiAssisted(ctx)) return [];
    const repos = anywhere(ctx, 'github_repository');
    const protections = anywhere(ctx, 'github_branch_protection', 'github_branch_protection_v3');
    const rulesets = anywhere(ctx, 'github_repository_ruleset');
    if (repos.length + protections.length + rulesets.length === 0) return [];
    const out: DetectorOutcome[] = [];
    for (const p of protections) out.push(judgeProtection(p));
    for (const r of rulesets) out.push(judgeRuleset(r));
    for (const repo of repos) {
      if (truth(repo.attributes.archived)) continue;
      if (protections.some((p) => refersTo(p, repo)) || rulesets.some((r) => refersTo(r, repo))) continue;
      out.push(gap('missing', repo, undefined, 'no-protection', 'The repository shows AI-assisted development but its default branch has no protection or ruleset, so changes can merge without review or checks.', [], [fixOf('Protect the default branch with a required review and status checks', 'unsafe', [appendBlocks(ctx, repo.file, [protectionBlock(repo)])])]));
    }
    return out;
  },
};

function truth(v: unknown): boolean {
  return v === true || v === 'true';
}

/**
 * The Kubernetes input plugin: plain manifests (YAML, multi-document, JSON, `List`s), Helm
 * charts (Chart.yaml, values.yaml, masked templates) and Kustomize overlays.
 * See parse.ts (facts), helm.ts, kustomize.ts, signals.ts and group.ts.
 */
import type { InputPlugin } from '../../plugin';
import { groupKubernetes } from './group';
import { linkKustomize } from './kustomize';
import { parseKubernetesFile } from './parse';
import { kubernetesModifierSignals, kubernetesTierSignals } from './signals';

/** Files other plugins own, or that are never manifests. */
const NOT_OURS: RegExp[] = [
  /(^|\/)ai-asset-register\.ya?ml$/i,
  /(^|\/)\.github\/workflows\//,
  /(^|\/)\.github\/(dependabot|release|labeler|FUNDING|ISSUE_TEMPLATE)/,
  /(^|\/)\.gitlab-ci\.ya?ml$/,
  /(^|\/)azure-pipelines[^/]*\.ya?ml$/,
  /(^|\/)bitbucket-pipelines\.ya?ml$/,
  /(^|\/)\.travis\.ya?ml$/,
  /(^|\/)\.circleci\//,
  /\.mcs\.ya?ml$/i,
  /(^|\/)(docker-)?compose[^/]*\.ya?ml$/i,
  /(^|\/)package(-lock)?\.json$/,
  /(^|\/)npm-shrinkwrap\.json$/,
  /(^|\/)(pnpm-lock|yarn\.lock|composer\.lock|bun\.lock)[^/]*$/,
  /(^|\/)[^/]*\.lock\.json$/,
  /(^|\/)tsconfig[^/]*\.json$/,
  /(^|\/)jsconfig[^/]*\.json$/,
  /\.tf\.json$/,
  /\.tfstate(\.backup)?$/,
  /\.ipynb$/,
  /(^|\/)Microsoft\.Flow\//,
  /(^|\/)Workflows\//,
  /(^|\/)botcomponents\//,
  /(^|\/)\.?mcp\.json$/,
  /(^|\/)(node_modules|\.git|\.venv|venv|__pycache__|dist|out)\//,
  /(^|\/)\.vscode\//,
  /(^|\/)\.devcontainer\//,
  /(^|\/)\.pre-commit-config\.ya?ml$/,
  /(^|\/)(\.eslintrc|\.prettierrc|\.babelrc|renovate|composer|appsettings[^/]*|launchSettings|cdk|lerna|nx|turbo|vercel|firebase|app)\.json$/,
  /(^|\/)(mkdocs|codecov|\.golangci|\.goreleaser|buf|pubspec|environment|serverless|\.readthedocs|\.yamllint|\.clang-format|dependabot)\.ya?ml$/,
];

export function matchesKubernetes(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  if (!/\.(ya?ml|json)$/i.test(p) && !/(^|\/)Kustomization$/.test(p)) return false;
  return !NOT_OURS.some((re) => re.test(p));
}

export const kubernetesPlugin: InputPlugin = {
  kind: 'k8s',
  title: 'Kubernetes',
  matches: matchesKubernetes,
  parse: (file, ctx) => parseKubernetesFile(file, ctx),
  link: (files, ctx) => linkKustomize(files, ctx),
  tierSignals: (fact, all) => kubernetesTierSignals(fact, all),
  modifierSignals: (fact, all) => kubernetesModifierSignals(fact, all),
  group: (facts, all) => groupKubernetes(facts, all),
};

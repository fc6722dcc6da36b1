/**
 * The input kinds the scan knows. A parser issue adds its folder and one line here.
 * Order matters only for `matches`: the first plugin that claims a path reads it.
 */
import type { InputPlugin } from '../plugin';
import { registerPlugin } from './register';
import { terraformPlugin } from './terraform';
import { kubernetesPlugin } from './kubernetes';
import { powerPlatformPlugin } from './power-platform';
import { salesforcePlugin } from './salesforce';
import { repoPlugin } from './repo';
import { manifestsPlugin } from './manifests';
import { codePlugin } from './code';

export const PLUGINS: readonly InputPlugin[] = [
  registerPlugin,
  terraformPlugin,
  repoPlugin,
  powerPlatformPlugin,
  salesforcePlugin,
  manifestsPlugin,
  codePlugin,
  kubernetesPlugin,
];

export function pluginFor(path: string, plugins: readonly InputPlugin[] = PLUGINS): InputPlugin | undefined {
  return plugins.find((p) => p.matches(path));
}

/**
 * ARG-PRC-002 in Terraform: stages of an AI system live apart.
 * - Power Platform (`powerplatform_environment` in Terraform): an AI environment of type
 *   Production needs a separate Sandbox / Developer environment to build in, and should be a
 *   managed environment (`powerplatform_managed_environment`).
 * - AWS / Azure / GCP: one root module that creates both production and development / test AI
 *   resources (by stage tags, labels or names) deploys them with one set of credentials into
 *   one account, subscription or project. A root module in a stage folder (`envs/prod`) is
 *   evidence of separation. Anything else cannot be judged from the files and gives nothing.
 */
import { perScan, scanIndex, str } from '../../../facts';
import type { Fact } from '../../../model';
import { tierSignals } from '../../../parse/terraform/signals';
import type { Detector, DetectorContext, DetectorOutcome, FactQuery } from '../../types';
import { anywhere, ev, gap, inScope, isDefinition, members, met, ofTypeIn, refersTo } from '../tf-net-util';
import { checksDetector } from '../compose';

type Stage = 'prod' | 'nonprod';

const PROD = /^(prod|production|prd|live)$/i;
const NONPROD = /^(dev|development|test|testing|qa|uat|staging|stage|stg|sandbox|sbx|preprod)$/i;
const STAGE_KEYS = /^(env|environment|stage|tier|workspace)$/i;

function stageOf(f: Fact): { stage: Stage; why: string; path?: string } | undefined {
  for (const k of ['tags', 'labels']) {
    const v = f.attributes[k];
    if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
    for (const [key, val] of Object.entries(v)) {
      if (!STAGE_KEYS.test(key) || typeof val !== 'string') continue;
      if (PROD.test(val)) return { stage: 'prod', why: `${key} = "${val}"`, path: `${k}.${key}` };
      if (NONPROD.test(val)) return { stage: 'nonprod', why: `${key} = "${val}"`, path: `${k}.${key}` };
    }
  }
  const names = [f.name ?? '', ...['name', 'agent_name', 'display_name', 'function_name'].map((k) => str(f.attributes[k]) ?? '')];
  for (const n of names) {
    const tokens = n.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
    if (tokens.some((t) => PROD.test(t))) return { stage: 'prod', why: `the name "${n}" marks production` };
    if (tokens.some((t) => NONPROD.test(t))) return { stage: 'nonprod', why: `the name "${n}" marks a non-production stage` };
  }
  return undefined;
}

function powerPlatform(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const envs = anywhere(ctx, 'powerplatform_environment');
  for (const e of members(ctx, 'powerplatform_environment')) {
    const type = str(e.attributes.environment_type);
    if (type === undefined) continue;
    if (/^(Sandbox|Developer|Trial)$/i.test(type)) {
      out.push(met(`The AI features run in a ${type} environment, apart from production.`, [ev(e, `environment_type = "${type}"`, 'environment_type')]));
      continue;
    }
    if (!/^Production$/i.test(type)) continue;
    const others = envs.filter((x) => x !== e && /^(Sandbox|Developer)$/i.test(str(x.attributes.environment_type) ?? ''));
    const managed = anywhere(ctx, 'powerplatform_managed_environment').find((m) => refersTo(m, e));
    if (others.length === 0) out.push(gap('missing', e, 'environment_type', 'no-dev-environment', 'The production environment with AI features has no Sandbox or Developer environment beside it, so agents and flows are built where production data lives.'));
    else if (!managed) out.push(gap('partial', e, 'environment_type', 'not-managed', 'Development happens in a separate environment, but the production environment is not a managed environment, so sharing limits, solution checks and pipelines are not enforced.', others.map((o) => ev(o, `${str(o.attributes.environment_type)} environment`, 'environment_type'))));
    else out.push(met('Production is a managed environment and development happens in a separate one.', [ev(managed, 'managed environment'), ...others.map((o) => ev(o, `${str(o.attributes.environment_type)} environment`, 'environment_type'))]));
  }
}

type Staged = { f: Fact; s: NonNullable<ReturnType<typeof stageOf>> };

/** Cloud resource types of each root module, in scan order: one pass over the scan per analysis. */
function cloudTypesByRoot(all: FactQuery): { get(root: string): string[] } {
  const index = scanIndex(all, 'prc-002:tf:cloud-resources-by-root', (f) => (f.kind === 'resource' && !isDefinition(f) && /^(aws|azurerm|azapi|google)_/.test(f.type) ? (f.scope ?? '.') : undefined));
  return { get: (root: string) => [...new Set(index.get(root).map((f) => f.type))] };
}

/** The AI resources of a root module and the stage each one names; once per root and analysis. */
function stagedOfRoot(ctx: DetectorContext, root: string): { ai: readonly Fact[]; staged: readonly Staged[] } {
  return perScan(ctx.allFacts, `prc-002:tf:staged:${root}`, () => {
    const resources = inScope(ctx, ...(cloudTypesByRoot(ctx.allFacts).get(root) ?? []));
    const ai = resources.filter((f) => tierSignals(f, ctx.allFacts).length > 0);
    const staged = ai.map((f) => ({ f, s: stageOf(f) })).filter((x) => x.s !== undefined) as Staged[];
    return { ai, staged };
  });
}

function clouds(ctx: DetectorContext, out: DetectorOutcome[]): void {
  const root = ctx.workload.root;
  const seg = root.split('/').find((s) => PROD.test(s) || NONPROD.test(s));
  const { ai, staged } = stagedOfRoot(ctx, root);
  const prod = staged.filter((x) => x.s.stage === 'prod');
  const non = staged.filter((x) => x.s.stage === 'nonprod');
  const mine = new Set(ctx.facts.map((f) => f.id));
  if (prod.length && non.length) {
    const aliases = ofTypeIn(ctx, 'provider', root).filter((p) => /\.[^.]+\.[^.]+$/.test(p.address));
    const target = non.find((x) => mine.has(x.f.id)) ?? prod.find((x) => mine.has(x.f.id));
    if (!target) return;
    const evid = [...prod.slice(0, 2), ...non.slice(0, 2)].map((x) => ev(x.f, x.s.why, x.s.path));
    if (aliases.length) out.push(gap('unresolved', target.f, target.s.path, 'mixed-stages', 'Production and non-production AI resources share one root module; aliased provider configurations may point them at different accounts, which the files do not show.', [...evid, ...aliases.map((a) => ev(a, 'aliased provider configuration'))]));
    else out.push(gap('missing', target.f, target.s.path, 'mixed-stages', 'Production and non-production AI resources are created by one root module with one provider configuration, so they share an account, subscription or project and its credentials.', evid));
    return;
  }
  if (seg && ai.some((f) => mine.has(f.id))) out.push(met(`The workload's root module lives in a stage folder (${root}), deployed on its own.`, [{ file: ctx.workload.anchor.file, range: ctx.workload.anchor.range, why: `root module ${root}` }]));
}

export const tfDetector: Detector = checksDetector('tf', ['aws', 'azure', 'gcp', 'powerplatform'], powerPlatform, clouds);

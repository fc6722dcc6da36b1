/**
 * ARG-MON-005 for Kubernetes, where manifests can show it: KServe InferenceServices roll out
 * as canaries (`canaryTrafficPercent`, which needs the Serverless deployment mode) and
 * Seldon deployments split, shadow or explain traffic (several predictors with `traffic`,
 * `shadow`, an `explainer`, or a Seldon Core 2 Experiment). Other workloads: nothing to judge
 * here. Fix: add `canaryTrafficPercent` to a KServe predictor, marked TODO.
 */
import type { Detector, DetectorOutcome } from '../../types';
import { TODO } from '../k8s-util/fixes';
import { editable, insertIntoMapping } from '../k8s-util/yaml-edit';
import { annotationsOf, apiGroupOf, ev, headerOf, isObj, loc } from '../k8s-util/workload';

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const f of ctx.facts) {
      if (f.kind !== 'k8s-object') continue;
      const group = apiGroupOf(f);
      const spec = isObj(f.attributes.spec) ? f.attributes.spec : {};
      if (group === 'serving.kserve.io' && f.type === 'InferenceService') {
        const predictor = isObj(spec.predictor) ? spec.predictor : undefined;
        if (!predictor) continue;
        const mode = String(annotationsOf(f)['serving.kserve.io/deploymentMode'] ?? '');
        if (predictor.canaryTrafficPercent !== undefined) {
          if (/RawDeployment|Standard/i.test(mode)) out.push({ status: 'partial', message: `${f.address} sets canaryTrafficPercent, but KServe ignores it in ${mode} mode; canary rollouts need Serverless mode or an external rollout controller.`, location: loc(f, 'spec.predictor.canaryTrafficPercent'), anchor: `${f.address}:canary` });
          else out.push({ status: 'met', message: `${f.address} rolls out new model versions as canaries.`, evidence: [ev(f, `canaryTrafficPercent: ${String(predictor.canaryTrafficPercent)}`, 'spec.predictor.canaryTrafficPercent')] });
          continue;
        }
        const text = ctx.text(f.file);
        const raw = /RawDeployment|Standard/i.test(mode);
        const edit = !raw && text && editable(f) ? insertIntoMapping(text, f, 'spec.predictor', [`canaryTrafficPercent: 10 # ${TODO}: share of traffic a new revision gets before it is promoted; watch its metrics, then raise to 100`]) : undefined;
        out.push({
          status: 'missing',
          message: raw
            ? `${f.address} runs in ${mode} mode without a canary rollout, so a new model version takes all traffic at once.`
            : `${f.address} has no canaryTrafficPercent, so a new model version takes all traffic at once.`,
          location: loc(f, 'spec.predictor'),
          anchor: `${f.address}:canary`,
          fixes: edit ? [{ title: 'Roll out new model versions as canaries', kind: 'unsafe', edits: [edit] }] : undefined,
        });
        continue;
      }
      if (group === 'machinelearning.seldon.io' && f.type === 'SeldonDeployment') {
        const preds = (Array.isArray(spec.predictors) ? spec.predictors : []).filter(isObj);
        const split = preds.length > 1 && preds.some((p) => p.traffic !== undefined);
        const shadow = preds.some((p) => p.shadow === true);
        const explainer = preds.some((p) => p.explainer !== undefined);
        if (split || shadow || explainer) out.push({ status: 'met', message: `${f.address} ${split ? 'splits traffic between predictors' : shadow ? 'runs a shadow predictor' : 'runs an explainer'} to watch model behaviour.`, evidence: [ev(f, 'predictors', 'spec.predictors')] });
        else out.push({ status: 'missing', message: `${f.address} serves a single predictor with no canary, shadow or explainer to compare behaviour against.`, location: loc(f, 'spec.predictors'), anchor: `${f.address}:canary` });
        continue;
      }
      if (group === 'mlops.seldon.io' && f.type === 'Model') {
        const experiments = ctx.allFacts.byType('Experiment').filter((e) => apiGroupOf(e) === 'mlops.seldon.io' && JSON.stringify(e.attributes.spec ?? {}).includes(`"${f.name ?? ''}"`));
        if (experiments.length) out.push({ status: 'met', message: `${f.address} takes part in a Seldon Experiment.`, evidence: experiments.map((e) => ev(e, 'Seldon Experiment')) });
        else out.push({ status: 'missing', message: `${f.address} is in no Seldon Experiment, so new versions are not compared with the current one.`, location: headerOf(f), anchor: `${f.address}:canary` });
      }
    }
    return out;
  },
};

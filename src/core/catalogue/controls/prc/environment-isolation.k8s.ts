/**
 * ARG-PRC-002 for Kubernetes: AI workloads run in a namespace of their own stage, not in
 * `default` or a system namespace. A namespace left out of the manifest (or set by a Helm
 * template) is decided when the manifest is applied, so it is `unresolved`, not missing. No
 * quick-fix: moving objects between namespaces changes how they reach each other.
 */
import type { Detector, DetectorOutcome } from '../../types';
import { aiObjects, ev, headerOf, loc, meta, namespaceOf } from '../k8s-util/workload';

const SYSTEM = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const f of aiObjects(ctx)) {
      const hints = f.hints ?? [];
      const written = meta(f).namespace;
      const ns = namespaceOf(f);
      if (hints.includes('namespace:templated')) {
        out.push({ status: 'unresolved', message: `The namespace of ${f.type} ${f.name ?? ''} is set by the chart at install time; make sure each stage installs into its own namespace.`, location: loc(f, 'metadata.namespace'), anchor: `${f.address}:namespace` });
        continue;
      }
      if (written === undefined && f.scope === 'default') {
        const chart = hints.some((h) => h.startsWith('helm:chart='));
        out.push({
          status: 'unresolved',
          message: chart
            ? `${f.type} ${f.name ?? ''} sets no namespace, so it lands in the release namespace chosen at install time; install each stage into its own namespace, never default.`
            : `${f.type} ${f.name ?? ''} sets no namespace, so it lands wherever it is applied — the default namespace unless the deploy step names one.`,
          location: headerOf(f),
          anchor: `${f.address}:namespace`,
        });
        continue;
      }
      if (ns === 'default' || SYSTEM.has(ns)) {
        out.push({
          status: 'missing',
          message: `${f.address} runs in the ${ns} namespace; give each stage (development, test, production) a namespace of its own with its own RBAC and network policies.`,
          location: loc(f, 'metadata.namespace'),
          anchor: `${f.address}:namespace`,
        });
        continue;
      }
      out.push({ status: 'met', message: `${f.address} runs in namespace ${ns}.`, evidence: [ev(f, `namespace ${ns}`, 'metadata.namespace')] });
    }
    return out;
  },
};

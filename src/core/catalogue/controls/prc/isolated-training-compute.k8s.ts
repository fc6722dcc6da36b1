/**
 * ARG-PRC-006 for Kubernetes: notebook, training and Ray pods are not published (no
 * LoadBalancer / NodePort Service or Ingress reaching them, no exposed Ray head), do not run as
 * root (`runAsUser: 0`, Jupyter `--allow-root`, `GRANT_SUDO`) and are not privileged. Egress
 * limits are ARG-NET-003's. Fix: turn `privileged` off.
 */
import type { Fact } from '../../../model';
import type { Detector, DetectorOutcome } from '../../types';
import { editable, valueRangeOf } from '../k8s-util/yaml-edit';
import { commandLine, containers, envOf, ev, inNamespace, isObj, k8sObjects, loc, namespaceOf, podTargets, rolesOf, selects } from '../k8s-util/workload';

const HEADS = ['spec.headGroupSpec', 'spec.rayClusterConfig.headGroupSpec', 'spec.rayClusterSpec.headGroupSpec'];

function exposingServices(all: { byType(t: string): readonly Fact[] }, f: Fact): Fact[] {
  const targets = podTargets(f);
  return inNamespace(all as never, 'Service', namespaceOf(f)).filter((s) => {
    const spec = isObj(s.attributes.spec) ? s.attributes.spec : {};
    if (spec.type !== 'LoadBalancer' && spec.type !== 'NodePort') return false;
    return targets.some((t) => t.labels !== 'unknown' && t.labels !== undefined && selects(spec.selector, t.labels, 'map'));
  });
}

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const f of k8sObjects(ctx)) {
      const roles = rolesOf(f);
      if (!roles.has('notebook') && !roles.has('training') && !roles.has('ray')) continue;
      const what = roles.has('notebook') ? 'notebook' : roles.has('ray') ? 'Ray' : 'training';
      const before = out.length;
      for (const s of exposingServices(ctx.allFacts, f))
        out.push({ status: 'missing', message: `${s.address} publishes the ${what} pods of ${f.address} outside the cluster (type ${String((s.attributes.spec as Record<string, unknown>).type)}).`, location: loc(s, 'spec.type'), anchor: `${f.address}:exposed:${s.address}` });
      const mine = k8sObjects(ctx).filter((s) => s.type === 'Service' && namespaceOf(s) === namespaceOf(f) && podTargets(f).some((t) => t.labels !== 'unknown' && t.labels !== undefined && selects(isObj(s.attributes.spec) ? s.attributes.spec.selector : undefined, t.labels, 'map')));
      for (const r of k8sObjects(ctx).filter((x) => ['Ingress', 'HTTPRoute', 'Route'].includes(x.type)))
        if ((r.references ?? []).some((ref) => mine.some((s) => s.address === ref)))
          out.push({ status: 'missing', message: `${r.address} publishes HTTP routes to the ${what} pods of ${f.address}.`, location: loc(r, 'spec'), anchor: `${f.address}:exposed:${r.address}` });
      for (const hp of HEADS) {
        const head = f.attributes.spec !== undefined ? hp.split('.').reduce<unknown>((v, k) => (isObj(v as never) ? (v as Record<string, unknown>)[k] : undefined), f.attributes) : undefined;
        if (isObj(head as never) && ['LoadBalancer', 'NodePort'].includes(String((head as Record<string, unknown>).serviceType)))
          out.push({ status: 'missing', message: `The Ray head of ${f.address} is published with serviceType ${String((head as Record<string, unknown>).serviceType)}; its dashboard and Jobs API accept unauthenticated jobs.`, location: loc(f, `${hp}.serviceType`), anchor: `${f.address}:ray-head` });
      }
      for (const c of containers(f)) {
        const name = String(c.container.name ?? '?');
        const sc = isObj(c.container.securityContext) ? c.container.securityContext : {};
        const psc = isObj(c.pod.spec.securityContext) ? c.pod.spec.securityContext : {};
        const user = sc.runAsUser ?? psc.runAsUser;
        if (user === 0 || user === '0')
          out.push({ status: 'missing', message: `Container ${name} of ${f.address} runs as root (runAsUser: 0).`, location: loc(f, sc.runAsUser !== undefined ? `${c.path}.securityContext.runAsUser` : `${c.pod.path}.securityContext.runAsUser`), anchor: `${f.address}:${name}:root` });
        if (/--allow-root\b/.test(commandLine(c.container)))
          out.push({ status: 'missing', message: `Container ${name} of ${f.address} starts Jupyter with --allow-root.`, location: loc(f, c.container.args !== undefined ? `${c.path}.args` : `${c.path}.command`), anchor: `${f.address}:${name}:allow-root` });
        const sudo = envOf(c).find((e) => e.name === 'GRANT_SUDO' && /^(yes|true|1)$/i.test(String(e.value ?? '')));
        if (sudo) out.push({ status: 'missing', message: `Container ${name} of ${f.address} grants its user sudo (GRANT_SUDO).`, location: loc(f, sudo.path), anchor: `${f.address}:${name}:sudo` });
        if (sc.privileged === true) {
          const path = `${c.path}.securityContext.privileged`;
          const text = ctx.text(f.file);
          const r = f.attributeRanges?.[path];
          const v = text && r && editable(f) ? valueRangeOf(text, r) : undefined;
          out.push({
            status: 'missing',
            message: `Container ${name} of ${f.address} is privileged.`,
            location: loc(f, path),
            anchor: `${f.address}:${name}:privileged`,
            fixes: v ? [{ title: 'Stop running the container privileged', kind: 'unsafe', edits: [{ file: f.file, range: v, newText: 'false' }] }] : undefined,
          });
        }
      }
      if (out.length === before) out.push({ status: 'met', message: `The ${what} pods of ${f.address} are not published, not root and not privileged.`, evidence: [ev(f, `${what} compute without public exposure or root`)] });
    }
    return out;
  },
};

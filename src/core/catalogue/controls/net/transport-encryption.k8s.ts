/**
 * ARG-NET-006 for Kubernetes: every Ingress, Gateway API route and OpenShift Route of the
 * workload terminates TLS — Ingress `spec.tls` (without `ssl-redirect: "false"`), an HTTPS /
 * TLS listener on the route's Gateway, Route `spec.tls` without plain-HTTP access. A Gateway
 * the repository does not define is `unresolved`. No quick-fix: a certificate must exist.
 */
import type { Detector, DetectorOutcome } from '../../types';
import { routesOf } from '../k8s-util/routes';
import { annotationsOf, ev, headerOf, isObj, loc, strings } from '../k8s-util/workload';

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const f of routesOf(ctx)) {
      const spec = isObj(f.attributes.spec) ? f.attributes.spec : {};
      if (f.type === 'Ingress') {
        const tls = Array.isArray(spec.tls) ? spec.tls.filter(isObj) : [];
        if (!tls.length) {
          out.push({ status: 'missing', message: `${f.address} serves the workload over plain HTTP: it has no spec.tls.`, location: loc(f, spec.rules !== undefined ? 'spec.rules' : 'spec'), anchor: `${f.address}:tls` });
          continue;
        }
        const covered = new Set(tls.flatMap((t) => strings(t.hosts)));
        const hosts = (Array.isArray(spec.rules) ? spec.rules : []).filter(isObj).map((r) => (typeof r.host === 'string' ? r.host : '')).filter(Boolean);
        const open = hosts.filter((h) => !covered.has(h) && !covered.has(`*.${h.split('.').slice(1).join('.')}`));
        if (open.length && covered.size) {
          out.push({ status: 'partial', message: `${f.address} terminates TLS but not for ${open.join(', ')}.`, location: loc(f, 'spec.tls'), anchor: `${f.address}:tls` });
          continue;
        }
        if (String(annotationsOf(f)['nginx.ingress.kubernetes.io/ssl-redirect'] ?? '') === 'false') {
          out.push({ status: 'partial', message: `${f.address} terminates TLS but still answers plain HTTP (ssl-redirect: "false").`, location: loc(f, 'metadata.annotations.nginx.ingress.kubernetes.io/ssl-redirect'), anchor: `${f.address}:tls` });
          continue;
        }
        out.push({ status: 'met', message: `${f.address} terminates TLS.`, evidence: [ev(f, 'spec.tls', 'spec.tls')] });
        continue;
      }
      if (f.type === 'Route') {
        const tls = isObj(spec.tls) ? spec.tls : undefined;
        if (!tls) out.push({ status: 'missing', message: `${f.address} serves the workload over plain HTTP: it has no spec.tls.`, location: loc(f, 'spec'), anchor: `${f.address}:tls` });
        else if (String(tls.insecureEdgeTerminationPolicy ?? '') === 'Allow') out.push({ status: 'partial', message: `${f.address} terminates TLS but allows plain HTTP (insecureEdgeTerminationPolicy: Allow).`, location: loc(f, 'spec.tls.insecureEdgeTerminationPolicy'), anchor: `${f.address}:tls` });
        else out.push({ status: 'met', message: `${f.address} terminates TLS.`, evidence: [ev(f, 'spec.tls', 'spec.tls')] });
        continue;
      }
      // Gateway API routes: the listeners of their parent Gateways.
      const parents = (Array.isArray(spec.parentRefs) ? spec.parentRefs : []).filter(isObj);
      for (const p of parents) {
        const ns = typeof p.namespace === 'string' ? p.namespace : (f.scope ?? 'default');
        const gw = ctx.allFacts.byAddress(`Gateway/${ns}/${String(p.name ?? '')}`).find((g) => g.type === 'Gateway');
        if (!gw) {
          out.push({ status: 'unresolved', message: `${f.address} attaches to Gateway ${String(p.name ?? '')}, which is not in the repository, so its TLS cannot be checked.`, location: loc(f, 'spec.parentRefs'), anchor: `${f.address}:tls:${String(p.name ?? '')}` });
          continue;
        }
        const gspec = isObj(gw.attributes.spec) ? gw.attributes.spec : {};
        const listeners = (Array.isArray(gspec.listeners) ? gspec.listeners : []).filter(isObj).filter((l) => p.sectionName === undefined || l.name === p.sectionName);
        const plain = listeners.filter((l) => l.protocol === 'HTTP');
        const secure = listeners.filter((l) => l.protocol === 'HTTPS' || l.protocol === 'TLS');
        if (plain.length)
          out.push({ status: secure.length ? 'partial' : 'missing', message: `${f.address} is served by ${gw.address} on a plain HTTP listener (${plain.map((l) => String(l.name ?? '')).join(', ')}).`, location: loc(f, 'spec.parentRefs'), anchor: `${f.address}:tls:${String(p.name ?? '')}`, evidence: [ev(gw, 'HTTP listener', 'spec.listeners')] });
        else if (secure.length) out.push({ status: 'met', message: `${f.address} is served over TLS by ${gw.address}.`, evidence: [ev(gw, 'HTTPS listener', 'spec.listeners')] });
      }
      if (!parents.length) out.push({ status: 'unresolved', message: `${f.address} names no parent Gateway, so its TLS cannot be checked.`, location: headerOf(f), anchor: `${f.address}:tls` });
    }
    return out;
  },
};

/**
 * ARG-NET-002 for Kubernetes: every public Ingress or Gateway API route of the workload is
 * rate limited — ingress-nginx `limit-rps` / `limit-rpm` / `limit-connections` /
 * `global-rate-limit`, HAProxy `rate-limit-requests`, a Traefik Middleware with `rateLimit`,
 * a Kong `rate-limiting` plugin, an Envoy Gateway BackendTrafficPolicy with `rateLimit`
 * targeting the route or its Gateway, or an Istio EnvoyFilter with a rate-limit filter. A
 * plugin or middleware the repository does not define is `unresolved`. Fix (ingress-nginx):
 * add `limit-rps` and `limit-connections` annotations with placeholder values marked TODO.
 */
import type { Evidence, Fact, TextEdit } from '../../../model';
import type { Detector, DetectorOutcome } from '../../types';
import { TODO } from '../k8s-util/fixes';
import { internalRoute, isNginx, routesOf } from '../k8s-util/routes';
import { editable, insertIntoMapping } from '../k8s-util/yaml-edit';
import { annotationsOf, apiGroupOf, ev, headerOf, inNamespace, isObj, namespaceOf } from '../k8s-util/workload';
import type { FactQuery } from '../../types';

const NGINX = ['limit-rps', 'limit-rpm', 'limit-connections', 'global-rate-limit'];

type Verdict = { status: 'met'; evidence: Evidence[] } | { status: 'unresolved'; why: string } | undefined;

function kong(all: FactQuery, f: Fact): Verdict {
  const v = annotationsOf(f)['konghq.com/plugins'];
  if (typeof v !== 'string') return undefined;
  const names = v.split(',').map((s) => s.trim()).filter(Boolean);
  const found = names.map((n) => [...inNamespace(all, 'KongPlugin', namespaceOf(f)), ...all.byType('KongClusterPlugin')].find((p) => p.name === n));
  const limiting = found.filter((p): p is Fact => !!p && /rate-limiting|response-ratelimiting/.test(String(p.attributes.plugin ?? '')));
  if (limiting.length) return { status: 'met', evidence: limiting.map((p) => ev(p, `Kong plugin ${String(p.attributes.plugin)}`, 'plugin')) };
  if (found.some((p) => !p)) return { status: 'unresolved', why: `uses Kong plugins (${names.join(', ')}) that are not all defined in the repository` };
  return undefined;
}

function traefik(all: FactQuery, f: Fact): Verdict {
  const v = annotationsOf(f)['traefik.ingress.kubernetes.io/router.middlewares'];
  if (typeof v !== 'string') return undefined;
  const refs = v.split(',').map((s) => s.trim().replace(/@kubernetescrd$/, '')).filter(Boolean);
  let unknown = false;
  const ev2: Evidence[] = [];
  for (const r of refs) {
    const m = all.byType('Middleware').find((x) => `${namespaceOf(x)}-${x.name ?? ''}` === r || x.name === r);
    if (!m) unknown = true;
    else if (isObj(m.attributes.spec) && m.attributes.spec.rateLimit !== undefined) ev2.push(ev(m, 'Traefik rateLimit middleware', 'spec.rateLimit'));
  }
  if (ev2.length) return { status: 'met', evidence: ev2 };
  return unknown ? { status: 'unresolved', why: `uses Traefik middlewares (${refs.join(', ')}) that are not all defined in the repository` } : undefined;
}

function gatewayPolicies(all: FactQuery, f: Fact): Verdict {
  const spec = isObj(f.attributes.spec) ? f.attributes.spec : {};
  const parents = (Array.isArray(spec.parentRefs) ? spec.parentRefs : []).filter(isObj).map((p) => String(p.name ?? ''));
  const hits: Evidence[] = [];
  for (const p of all.byType('BackendTrafficPolicy')) {
    if (apiGroupOf(p) !== 'gateway.envoyproxy.io') continue;
    const ps = isObj(p.attributes.spec) ? p.attributes.spec : {};
    if (ps.rateLimit === undefined) continue;
    const targets = [ps.targetRef, ...(Array.isArray(ps.targetRefs) ? ps.targetRefs : [])].filter(isObj);
    if (targets.some((t) => (t.kind === f.type && t.name === f.name && namespaceOf(p) === namespaceOf(f)) || (t.kind === 'Gateway' && parents.includes(String(t.name ?? '')))))
      hits.push(ev(p, 'Envoy Gateway rate limit', 'spec.rateLimit'));
  }
  for (const e of [...inNamespace(all, 'EnvoyFilter', namespaceOf(f)), ...inNamespace(all, 'EnvoyFilter', 'istio-system')])
    if (/ratelimit/i.test(JSON.stringify(e.attributes.spec ?? {}))) hits.push(ev(e, 'Envoy rate-limit filter', 'spec'));
  return hits.length ? { status: 'met', evidence: hits } : undefined;
}

function nginxFix(ctx: { text(file: string): string | undefined }, f: Fact): TextEdit | undefined {
  if (!editable(f) || !isNginx(f)) return undefined;
  const text = ctx.text(f.file);
  if (!text) return undefined;
  const lines = [`nginx.ingress.kubernetes.io/limit-rps: "10" # ${TODO}: requests per second per client address`, `nginx.ingress.kubernetes.io/limit-connections: "5" # ${TODO}: concurrent connections per client address`];
  if (f.attributeRanges?.['metadata.annotations']) return insertIntoMapping(text, f, 'metadata.annotations', lines);
  return insertIntoMapping(text, f, 'metadata', ['annotations:', ...lines.map((l) => `  ${l}`)]);
}

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const f of routesOf(ctx)) {
      if (internalRoute(f)) continue;
      const ann = annotationsOf(f);
      const nginx = NGINX.map((k) => `nginx.ingress.kubernetes.io/${k}`).filter((k) => ann[k] !== undefined);
      const haproxy = ['haproxy.org/rate-limit-requests', 'haproxy.router.openshift.io/rate-limit-connections'].filter((k) => ann[k] !== undefined);
      if (nginx.length || haproxy.length) {
        out.push({ status: 'met', message: `${f.address} is rate limited at the ingress.`, evidence: [...nginx, ...haproxy].map((k) => ev(f, `${k}: ${String(ann[k])}`, `metadata.annotations.${k}`)) });
        continue;
      }
      const v = kong(ctx.allFacts, f) ?? traefik(ctx.allFacts, f) ?? gatewayPolicies(ctx.allFacts, f);
      if (v?.status === 'met') {
        out.push({ status: 'met', message: `${f.address} is rate limited at the gateway.`, evidence: v.evidence });
        continue;
      }
      if (v?.status === 'unresolved') {
        out.push({ status: 'unresolved', message: `${f.address} ${v.why}, so its rate limit cannot be checked.`, location: headerOf(f), anchor: `${f.address}:rate-limit` });
        continue;
      }
      if (ann['alb.ingress.kubernetes.io/wafv2-acl-arn'] !== undefined) {
        out.push({ status: 'unresolved', message: `${f.address} attaches a WAF ACL whose rate-based rules are not in the repository.`, location: headerOf(f), anchor: `${f.address}:rate-limit` });
        continue;
      }
      const edit = nginxFix(ctx, f);
      out.push({
        status: 'missing',
        message: `${f.address} publishes the workload without a rate limit, so one client can flood the model with requests.`,
        location: headerOf(f),
        anchor: `${f.address}:rate-limit`,
        fixes: edit ? [{ title: 'Rate-limit the ingress (ingress-nginx annotations)', kind: 'unsafe', edits: [edit] }] : undefined,
      });
    }
    return out;
  },
};

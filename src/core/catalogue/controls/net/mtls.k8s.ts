/**
 * ARG-NET-005 for Kubernetes: Istio PeerAuthentication in STRICT mode covers the workload's
 * pods — a policy selecting them, else the namespace-wide one, else the mesh-wide one in
 * istio-system — or Linkerd meshes them with an authenticated default inbound policy.
 * Fixes: set an existing policy's mode to STRICT, or append a namespace-wide STRICT policy.
 */
import type { Fact } from '../../../model';
import type { Detector, DetectorOutcome } from '../../types';
import { appendDoc } from '../k8s-util/fixes';
import { editable, valueRangeOf, yamlString } from '../k8s-util/yaml-edit';
import { aiObjects, annotationsOf, ev, headerOf, inNamespace, isObj, loc, meta, namespaceObject, namespaceOf, namespaceWritten, podTargets, selectsTarget } from '../k8s-util/workload';

function modeOf(pa: Fact): unknown {
  const spec = isObj(pa.attributes.spec) ? pa.attributes.spec : {};
  return isObj(spec.mtls) ? spec.mtls.mode : undefined;
}

function hasSelector(pa: Fact): boolean {
  const spec = isObj(pa.attributes.spec) ? pa.attributes.spec : {};
  return isObj(spec.selector) && Object.keys(spec.selector).length > 0;
}

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    const byNs = new Map<string, Fact[]>();
    for (const f of aiObjects(ctx)) byNs.set(namespaceOf(f), [...(byNs.get(namespaceOf(f)) ?? []), f]);
    for (const [ns, objs] of byNs) {
      const first = objs[0];
      if (!first) continue;
      const pas = inNamespace(ctx.allFacts, 'PeerAuthentication', ns);
      const targets = objs.flatMap(podTargets);
      const specific = pas.filter((p) => hasSelector(p) && targets.some((t) => selectsTarget((p.attributes.spec as Record<string, never>).selector, t) === true));
      const wide = pas.filter((p) => !hasSelector(p));
      const mesh = inNamespace(ctx.allFacts, 'PeerAuthentication', 'istio-system').filter((p) => !hasSelector(p));
      const deciding = specific[0] ?? wide[0] ?? mesh[0];
      if (deciding) {
        const mode = modeOf(deciding);
        const spec = isObj(deciding.attributes.spec) ? deciding.attributes.spec : {};
        const ports = isObj(spec.portLevelMtls) ? Object.entries(spec.portLevelMtls).filter(([, v]) => isObj(v) && v.mode !== 'STRICT') : [];
        if (mode === 'STRICT' && !ports.length) {
          out.push({ status: 'met', message: `${deciding.address} enforces STRICT mutual TLS for the pods in namespace ${ns}.`, evidence: [ev(deciding, 'mtls.mode: STRICT', 'spec.mtls.mode')] });
          continue;
        }
        if (mode === 'STRICT') {
          out.push({ status: 'partial', message: `${deciding.address} is STRICT but relaxes mutual TLS on port ${ports.map(([p]) => p).join(', ')}.`, location: loc(deciding, 'spec.portLevelMtls'), anchor: `mtls:${ns}:ports` });
          continue;
        }
        if (typeof mode === 'object' && mode !== null) {
          out.push({ status: 'unresolved', message: `The mTLS mode of ${deciding.address} is a template value that could not be resolved.`, location: loc(deciding, 'spec.mtls.mode'), anchor: `mtls:${ns}` });
          continue;
        }
        const text = ctx.text(deciding.file);
        const r = deciding.attributeRanges?.['spec.mtls.mode'];
        const v = text && r && editable(deciding) ? valueRangeOf(text, r) : undefined;
        out.push({
          status: 'missing',
          message: `${deciding.address} sets mTLS to ${mode === undefined ? 'the inherited default' : String(mode)} for namespace ${ns}, so pods there accept plain-text connections.`,
          location: loc(deciding, r ? 'spec.mtls.mode' : undefined),
          anchor: `mtls:${ns}`,
          fixes: v ? [{ title: 'Set mTLS to STRICT', kind: 'unsafe', edits: [{ file: deciding.file, range: v, newText: 'STRICT' }] }] : undefined,
        });
        continue;
      }
      // Linkerd
      const nsObj = namespaceObject(ctx.allFacts, ns);
      const linkerd = objs.find((o) => /enabled/.test(String(annotationsOf(o)['linkerd.io/inject'] ?? ''))) ?? (nsObj && /enabled/.test(String(annotationsOf(nsObj)['linkerd.io/inject'] ?? '')) ? nsObj : undefined);
      if (linkerd) {
        const policy = String(annotationsOf(nsObj ?? linkerd)['config.linkerd.io/default-inbound-policy'] ?? annotationsOf(linkerd)['config.linkerd.io/default-inbound-policy'] ?? '');
        if (/authenticated/.test(policy)) out.push({ status: 'met', message: `Linkerd meshes namespace ${ns} and admits only authenticated (mTLS) callers.`, evidence: [ev(linkerd, 'linkerd.io/inject: enabled')] });
        else out.push({ status: 'partial', message: `Linkerd meshes the pods in namespace ${ns}, but its inbound policy still accepts plain-text callers; set config.linkerd.io/default-inbound-policy to all-authenticated.`, location: headerOf(linkerd), anchor: `mtls:${ns}` });
        continue;
      }
      const edit = appendDoc(ctx, first, [
        `# Mutual TLS required for every pod in this namespace (Istio).`,
        'apiVersion: security.istio.io/v1',
        'kind: PeerAuthentication',
        'metadata:',
        '  name: default',
        ...(namespaceWritten(first) ? [`  namespace: ${yamlString(String(meta(first).namespace))}`] : []),
        'spec:',
        '  mtls:',
        '    mode: STRICT',
      ]);
      out.push({
        status: 'missing',
        message: `No PeerAuthentication in STRICT mode covers namespace ${ns}, so its agents and model servers talk without mutual TLS.`,
        location: headerOf(first),
        anchor: `mtls:${ns}`,
        fixes: edit ? [{ title: `Require mutual TLS in namespace ${ns}`, kind: 'unsafe', edits: [edit] }] : undefined,
      });
    }
    return out;
  },
};

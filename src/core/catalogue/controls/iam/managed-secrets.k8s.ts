/**
 * ARG-IAM-003 for Kubernetes and Helm: credentials reach pods by reference
 * (`valueFrom.secretKeyRef`, `envFrom.secretRef`, Secret volumes, an external-secrets
 * operator), never as literals in env values, chart values or Secret manifests committed with
 * their data. Fix: turn a literal env value into a `secretKeyRef` to a Secret a person
 * creates outside the repository.
 */
import type { Evidence } from '../../../model';
import type { Detector, DetectorOutcome } from '../../types';
import { literalToSecretRef } from '../k8s-util/fixes';
import { secretLiterals } from '../k8s-util/secrets';
import { containers, envOf, ev, isObj, k8sObjects, podSpecs } from '../k8s-util/workload';

const EXTERNAL = new Set(['ExternalSecret', 'SecretProviderClass', 'SealedSecret', 'VaultStaticSecret', 'VaultDynamicSecret', 'InfisicalSecret', 'OnePasswordItem']);

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    const secretObjects = new Set<string>();
    for (const s of secretLiterals(ctx)) {
      if (s.owner?.type === 'Secret') {
        if (secretObjects.has(s.owner.id)) continue;
        secretObjects.add(s.owner.id);
        const field = s.path.split('.')[0] ?? 'data';
        out.push({
          status: 'missing',
          message: `${s.ownerAddress} is committed with its ${field} in the repository. Keep the values in a vault and sync them into the cluster (External Secrets, Sealed Secrets or a CSI driver).`,
          location: { file: s.owner.file, range: s.owner.attributeRanges?.[field] ?? s.fact.range },
          anchor: `${s.ownerAddress}:${field}`,
        });
        continue;
      }
      const fix = s.env && s.owner ? literalToSecretRef(ctx, s.owner, s.env.valuePath, s.env.name) : undefined;
      out.push({
        status: 'missing',
        message: s.env
          ? `${s.env.name} of container ${s.env.container} in ${s.ownerAddress} holds a literal ${s.kind}; reference it from a Secret with valueFrom.secretKeyRef.`
          : `A literal ${s.kind} is written in ${s.where}; pass it from a Secret the chart or manifest references instead.`,
        location: { file: s.fact.file, range: s.fact.range },
        anchor: `${s.ownerAddress}:${s.path}`,
        fixes: fix ? [fix] : undefined,
      });
    }
    if (out.length) return out;
    // Met: credentials come by reference.
    const evidence: Evidence[] = [];
    for (const f of k8sObjects(ctx)) {
      if (EXTERNAL.has(f.type)) evidence.push(ev(f, `${f.type} syncs secrets from an external store`));
      for (const c of containers(f)) {
        for (const e of envOf(c)) if (e.from?.startsWith('Secret:')) evidence.push(ev(f, `${e.name} is read from Secret ${e.from.slice(7)}`, e.path));
        const envFrom = c.container.envFrom;
        if (Array.isArray(envFrom))
          envFrom.forEach((x, i) => {
            if (isObj(x) && isObj(x.secretRef)) evidence.push(ev(f, `container ${String(c.container.name ?? '')} loads Secret ${String(x.secretRef.name ?? '')} with envFrom`, `${c.path}.envFrom.${i}`));
          });
      }
      for (const p of podSpecs(f)) {
        const vols = Array.isArray(p.spec.volumes) ? p.spec.volumes : [];
        vols.forEach((v, i) => {
          if (isObj(v) && (isObj(v.secret) || isObj(v.csi))) evidence.push(ev(f, `volume ${String(v.name ?? '')} mounts a Secret`, `${p.path}.volumes.${i}`));
        });
      }
    }
    if (!evidence.length) return [];
    return [{ status: 'met', message: 'Credentials reach the pods by Secret reference.', evidence }];
  },
};

/**
 * ARG-PRC-008 for Kubernetes: policy enforced at admission — the workload's Namespace object
 * (when the repository has it) carries `pod-security.kubernetes.io/enforce: restricted` or
 * `baseline`, or Kyverno / Gatekeeper policies in enforce mode are present — and each
 * container is hardened the way the restricted profile asks (runAsNonRoot,
 * allowPrivilegeEscalation: false, readOnlyRootFilesystem, capabilities drop ALL). Fixes:
 * add the enforce label, insert the missing securityContext settings.
 */
import type { Evidence, Fact, TextEdit } from '../../../model';
import { perScan } from '../../../facts';
import type { Detector, DetectorOutcome, FactQuery } from '../../types';
import { hardeningEdits, hardeningOf } from '../k8s-util/security-context';
import { editable, insertIntoMapping, valueRangeOf } from '../k8s-util/yaml-edit';
import { apiGroupOf, ev, headerOf, isObj, labelsOf, loc, mainContainers, namespaceObject, namespaceOf, podRunners, scanK8sOfGroups } from '../k8s-util/workload';

const PSA = 'pod-security.kubernetes.io/enforce';

/** Admission engines of the scan in enforce mode, as evidence: found once per analysis, copied per call. */
function enforcingPolicies(all: FactQuery): Evidence[] {
  return perScan(all, 'prc-008:k8s:enforcing-policies', () => findEnforcingPolicies(all)).map((e) => ({ ...e }));
}

function findEnforcingPolicies(all: FactQuery): Evidence[] {
  const out: Evidence[] = [];
  for (const f of scanK8sOfGroups(all, ['kyverno.io', 'constraints.gatekeeper.sh'])) {
    const group = apiGroupOf(f);
    const spec = isObj(f.attributes.spec) ? f.attributes.spec : {};
    if (group === 'kyverno.io' && (f.type === 'ClusterPolicy' || f.type === 'Policy')) {
      const action = String(spec.validationFailureAction ?? '');
      const rules = Array.isArray(spec.rules) ? spec.rules : [];
      const perRule = rules.some((r) => isObj(r) && isObj(r.validate) && /^enforce$/i.test(String(r.validate.failureAction ?? '')));
      if (/^enforce$/i.test(action) || perRule) out.push(ev(f, `Kyverno ${f.type} ${f.name ?? ''} enforces at admission`, 'spec'));
    }
    if (group === 'constraints.gatekeeper.sh') {
      const action = String(spec.enforcementAction ?? 'deny');
      if (action === 'deny') out.push(ev(f, `Gatekeeper constraint ${f.type}/${f.name ?? ''} denies violations at admission`, 'spec'));
    }
  }
  return out;
}

function labelEdit(text: string, ns: Fact): TextEdit | undefined {
  const current = labelsOf(ns)[PSA];
  if (current !== undefined) {
    const r = ns.attributeRanges?.[`metadata.labels.${PSA}`];
    const v = r ? valueRangeOf(text, r) : undefined;
    return v ? { file: ns.file, range: v, newText: 'restricted' } : undefined;
  }
  if (ns.attributeRanges?.['metadata.labels']) return insertIntoMapping(text, ns, 'metadata.labels', [`${PSA}: restricted`]);
  return insertIntoMapping(text, ns, 'metadata', ['labels:', `  ${PSA}: restricted`]);
}

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const runners = podRunners(ctx);
    if (!runners.length) return [];
    const out: DetectorOutcome[] = [];
    // Admission
    const engines = enforcingPolicies(ctx.allFacts);
    for (const ns of new Set(runners.map(namespaceOf))) {
      const obj = namespaceObject(ctx.allFacts, ns);
      const level = obj ? labelsOf(obj)[PSA] : undefined;
      if (obj && (level === 'restricted' || level === 'baseline')) {
        out.push({ status: 'met', message: `Namespace ${ns} enforces the ${level} Pod Security level.`, evidence: [ev(obj, `${PSA}: ${level}`, `metadata.labels.${PSA}`)] });
        continue;
      }
      if (engines.length) {
        out.push({ status: 'met', message: 'An admission policy engine enforces workload policy.', evidence: engines });
        continue;
      }
      if (!obj) continue;
      if (typeof level === 'object' && level !== null) {
        out.push({ status: 'unresolved', message: `The Pod Security level of namespace ${ns} is a template value that could not be resolved.`, location: loc(obj, `metadata.labels.${PSA}`), anchor: `${obj.address}:psa` });
        continue;
      }
      const text = ctx.text(obj.file);
      const edit = text && editable(obj) ? labelEdit(text, obj) : undefined;
      out.push({
        status: 'missing',
        message: level === undefined ? `Namespace ${ns} has no ${PSA} label and no admission policy engine is in the repository, so any pod spec is admitted.` : `Namespace ${ns} enforces only the ${String(level)} Pod Security level.`,
        location: level === undefined ? headerOf(obj) : loc(obj, `metadata.labels.${PSA}`),
        anchor: `${obj.address}:psa`,
        fixes: edit ? [{ title: `Enforce the restricted Pod Security level on namespace ${ns}`, kind: 'unsafe', edits: [edit] }] : undefined,
      });
    }
    // Containers
    for (const f of runners) {
      for (const c of mainContainers(f)) {
        const name = String(c.container.name ?? '?');
        const h = hardeningOf(c);
        const where = c.container.securityContext !== undefined ? loc(f, `${c.path}.securityContext`) : loc(f, `${c.path}.name`);
        if (h.unknown) {
          out.push({ status: 'unresolved', message: `The securityContext of container ${name} in ${f.address} comes from template values that could not be resolved.`, location: where, anchor: `${f.address}:${name}:securityContext` });
          continue;
        }
        if (!h.missing.length) {
          out.push({ status: 'met', message: `Container ${name} in ${f.address} is hardened.`, evidence: [ev(f, 'restricted securityContext', `${c.path}.securityContext`)] });
          continue;
        }
        const text = ctx.text(f.file);
        const edits = text ? hardeningEdits(text, f, c, h.missing) : undefined;
        out.push({
          status: h.missing.length === 4 ? 'missing' : 'partial',
          message: `Container ${name} in ${f.address} does not set ${h.missing.map((k) => (k === 'capabilities.drop' ? 'capabilities.drop: [ALL]' : k)).join(', ')}.`,
          location: where,
          anchor: `${f.address}:${name}:securityContext`,
          fixes: edits ? [{ title: `Harden the securityContext of container ${name}`, kind: 'unsafe', edits }] : undefined,
        });
      }
    }
    return out;
  },
};

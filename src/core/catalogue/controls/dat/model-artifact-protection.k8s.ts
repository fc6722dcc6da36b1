/**
 * ARG-DAT-004 for Kubernetes: model weights are not kept where others can change or take
 * them — no writable hostPath volume in model-serving, training, notebook or Ray pods; no
 * ReadWriteMany claim shared with pods of another workload; KServe `storageUri` not plain
 * `http://`; model volumes of serving containers mounted read-only. emptyDir is fine. Fix:
 * mount a serving container's model claim read-only.
 */
import { scanIndex, type ScanIndex } from '../../../facts';
import type { Detector, DetectorOutcome, FactQuery } from '../../types';
import { editable, insertIntoMapping } from '../k8s-util/yaml-edit';
import { at, ev, isObj, loc, namespaceOf, podSpecs, rolesOf, scanK8sObjects, strings } from '../k8s-util/workload';

/** The Kubernetes objects of the scan that reference each address (scan order); once per analysis. */
function referrers(all: FactQuery): ScanIndex {
  return scanIndex(all, 'dat-model-artifacts:k8s:referrers', (f) => (f.kind === 'k8s-object' && f.references?.length ? [...new Set(f.references)] : undefined), () => scanK8sObjects(all));
}

const MODEL_PATH = /model|weight|checkpoint|hf|huggingface|cache|ollama|\.ollama/i;

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    const members = new Set(ctx.facts.map((f) => f.id));
    for (const f of ctx.facts) {
      if (f.kind !== 'k8s-object') continue;
      const roles = rolesOf(f);
      if (!['serving', 'training', 'notebook', 'ray'].some((r) => roles.has(r as never))) continue;
      // KServe storage
      for (const p of ['spec.predictor.model.storageUri', 'spec.predictor.storageUri', 'spec.model.uri']) {
        const uri = at(f.attributes, p);
        if (typeof uri !== 'string') continue;
        if (/^http:\/\//i.test(uri)) out.push({ status: 'missing', message: `${f.address} downloads its model over plain HTTP (${uri.replace(/\?.*$/, '').replace(/\/\/[^/@]*@/, '//')}), where it can be read or swapped on the way.`, location: loc(f, p), anchor: `${f.address}:${p}` });
        else out.push({ status: 'met', message: `${f.address} loads its model from ${uri.split(':')[0]} storage.`, evidence: [ev(f, 'model storage location', p)] });
      }
      for (const pod of podSpecs(f)) {
        const vols = Array.isArray(pod.spec.volumes) ? pod.spec.volumes.filter(isObj) : [];
        const list = Array.isArray(pod.spec.containers) ? pod.spec.containers.filter(isObj) : [];
        const before = out.length;
        vols.forEach((v, i) => {
          const name = String(v.name ?? '');
          const mounts = list.flatMap((c, ci) => (Array.isArray(c.volumeMounts) ? c.volumeMounts : []).map((m, mi) => ({ c, ci, m, mi }))).filter((x) => isObj(x.m) && x.m.name === name);
          const writable = mounts.filter((x) => isObj(x.m) && x.m.readOnly !== true);
          if (isObj(v.hostPath)) {
            if (writable.length)
              out.push({ status: 'missing', message: `${f.address} mounts the node path ${String(v.hostPath.path ?? '')} writable; anything on the node, or the pod itself, can change the weights there.`, location: loc(f, `${pod.path}.volumes.${i}`), anchor: `${f.address}:volume:${name}` });
            return;
          }
          const claim = isObj(v.persistentVolumeClaim) ? v.persistentVolumeClaim.claimName : undefined;
          if (typeof claim !== 'string') return;
          const pvc = ctx.allFacts.byAddress(`PersistentVolumeClaim/${namespaceOf(f)}/${claim}`).find((x) => x.type === 'PersistentVolumeClaim');
          const modes = pvc && isObj(pvc.attributes.spec) ? strings(pvc.attributes.spec.accessModes) : [];
          if (pvc && modes.includes('ReadWriteMany')) {
            const others = referrers(ctx.allFacts).get(pvc.address).filter((o) => !members.has(o.id));
            if (others.length) {
              out.push({ status: 'missing', message: `${pvc.address} holding the model is ReadWriteMany and also mounted by ${others.map((o) => o.address).join(', ')}, outside this workload.`, location: loc(pvc, 'spec.accessModes'), anchor: `${f.address}:pvc:${claim}`, evidence: others.map((o) => ev(o, 'also mounts the claim')) });
              return;
            }
          }
          if (!roles.has('serving')) return;
          for (const w of writable) {
            if (!isObj(w.m) || !MODEL_PATH.test(`${String(w.m.mountPath ?? '')} ${name} ${claim}`)) continue;
            const mpath = `${pod.path}.containers.${w.ci}.volumeMounts.${w.mi}`;
            const text = ctx.text(f.file);
            const edit = text && editable(f) && w.m.readOnly === undefined ? insertIntoMapping(text, f, mpath, ['readOnly: true']) : undefined;
            out.push({
              status: 'partial',
              message: `Container ${String(w.c.name ?? '?')} of ${f.address} mounts the model claim ${claim} writable; a compromised server could change the weights it serves.`,
              location: loc(f, mpath),
              anchor: `${f.address}:mount:${name}:${String(w.c.name ?? w.ci)}`,
              fixes: edit ? [{ title: 'Mount the model volume read-only', kind: 'unsafe', edits: [edit] }] : undefined,
            });
          }
        });
        if (out.length === before && vols.length) out.push({ status: 'met', message: `The volumes of ${f.address} neither expose the node nor share model weights outside the workload.`, evidence: [ev(f, 'pod volumes', `${pod.path}.volumes`)] });
      }
    }
    return out;
  },
};


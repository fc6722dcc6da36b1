/**
 * ARG-PRC-009 for Kubernetes: agent and model-server containers have CPU and memory limits
 * (a runaway agent loop or a flood of requests then exhausts its own budget, not the node's or
 * the bill's), and Istio routes to the workload's Services set a timeout. Fix: insert
 * `resources.limits` with placeholder sizes marked TODO (a limit never below the request).
 */
import type { Fact, FactObject } from '../../../model';
import type { Detector, DetectorOutcome } from '../../types';
import { TODO } from '../k8s-util/fixes';
import { editable, insertIntoMapping } from '../k8s-util/yaml-edit';
import { ev, hasUnknown, inNamespace, isObj, k8sObjects, loc, mainContainers, namespaceOf, podRunners, rolesOf, strings } from '../k8s-util/workload';
import type { ContainerAt } from '../k8s-util/workload';

const PLACEHOLDER: Record<string, string> = { cpu: '"2"', memory: '8Gi' };

function scalar(v: unknown): string | undefined {
  return typeof v === 'string' ? (/^\d+(\.\d+)?$/.test(v) ? `"${v}"` : v) : typeof v === 'number' ? `"${v}"` : undefined;
}

function limitLines(c: ContainerAt, missing: string[]): string[] {
  const res = isObj(c.container.resources) ? c.container.resources : {};
  const req: FactObject = isObj(res.requests) ? res.requests : {};
  return missing.map((k) => `${k}: ${scalar(req[k]) ?? PLACEHOLDER[k]} # ${TODO}: size the ${k} limit for this container`);
}

function limitEdit(text: string, f: Fact, c: ContainerAt, missing: string[]) {
  if (!editable(f)) return undefined;
  const res = c.container.resources;
  const lines = limitLines(c, missing);
  if (res === undefined) return insertIntoMapping(text, f, c.path, ['resources:', '  limits:', ...lines.map((l) => `    ${l}`)]);
  if (!isObj(res)) return undefined;
  if (res.limits === undefined) return insertIntoMapping(text, f, `${c.path}.resources`, ['limits:', ...lines.map((l) => `  ${l}`)]);
  if (!isObj(res.limits)) return undefined;
  return insertIntoMapping(text, f, `${c.path}.resources.limits`, lines);
}

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    const runners = podRunners(ctx);
    const ai = runners.filter((f) => rolesOf(f).size > 0);
    for (const f of ai.length ? ai : runners) {
      for (const c of mainContainers(f)) {
        const name = String(c.container.name ?? '?');
        const res = c.container.resources;
        const limits = isObj(res) ? res.limits : undefined;
        if (hasUnknown(res)) {
          out.push({ status: 'unresolved', message: `The resource limits of container ${name} in ${f.address} come from template values that could not be resolved.`, location: loc(f, `${c.path}.resources`), anchor: `${f.address}:${name}:limits` });
          continue;
        }
        const missing = ['cpu', 'memory'].filter((k) => !isObj(limits) || limits[k] === undefined || limits[k] === null);
        if (!missing.length) {
          out.push({ status: 'met', message: `Container ${name} in ${f.address} has CPU and memory limits.`, evidence: [ev(f, 'resources.limits', `${c.path}.resources.limits`)] });
          continue;
        }
        const text = ctx.text(f.file);
        const edit = text ? limitEdit(text, f, c, missing) : undefined;
        out.push({
          status: missing.length === 2 ? 'missing' : 'partial',
          message: `Container ${name} in ${f.address} has no ${missing.join(' or ')} limit, so a runaway loop or a request flood can take the node's capacity and run up cost.`,
          location: loc(f, isObj(limits) ? `${c.path}.resources.limits` : isObj(res) ? `${c.path}.resources` : `${c.path}.name`),
          anchor: `${f.address}:${name}:limits`,
          fixes: edit ? [{ title: `Add resource limits to container ${name}`, kind: 'unsafe', edits: [edit] }] : undefined,
        });
      }
    }
    // Mesh timeouts on routes to the workload's Services.
    const services = k8sObjects(ctx).filter((s) => s.type === 'Service');
    for (const ns of new Set(services.map(namespaceOf))) {
      const names = services.filter((s) => namespaceOf(s) === ns).map((s) => s.name ?? '');
      for (const vs of inNamespace(ctx.allFacts, 'VirtualService', ns)) {
        const spec = isObj(vs.attributes.spec) ? vs.attributes.spec : {};
        const routes = Array.isArray(spec.http) ? spec.http : [];
        routes.forEach((r, i) => {
          if (!isObj(r)) return;
          const hosts = (Array.isArray(r.route) ? r.route : []).filter(isObj).map((d) => (isObj(d.destination) ? String(d.destination.host ?? '') : ''));
          const hit = hosts.some((h) => names.some((n) => h === n || h.startsWith(`${n}.`))) || strings(spec.hosts).some((h) => names.some((n) => h === n || h.startsWith(`${n}.`)));
          if (!hit) return;
          if (r.timeout === undefined)
            out.push({ status: 'partial', message: `${vs.address} routes to the workload without a timeout, so a stuck model or agent holds its callers.`, location: loc(vs, `spec.http.${i}`), anchor: `${vs.address}:http.${i}:timeout` });
          else out.push({ status: 'met', message: `${vs.address} sets a timeout of ${String(r.timeout)}.`, evidence: [ev(vs, `timeout ${String(r.timeout)}`, `spec.http.${i}.timeout`)] });
        });
      }
    }
    return out;
  },
};

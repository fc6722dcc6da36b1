/**
 * ARG-PRC-005 for Kubernetes: pods that execute agent-written code (agent-sandbox
 * Sandboxes, kagent SandboxAgents, agents with a code-interpreter / shell tool) run under a
 * sandbox RuntimeClass (gVisor, Kata); no agent or sandbox pod is privileged, mounts node
 * paths or shares the node's network, PID or IPC namespaces. Fixes: insert a
 * `runtimeClassName` placeholder, turn `privileged` / host namespaces off.
 */
import type { Fact } from '../../../model';
import type { Detector, DetectorOutcome } from '../../types';
import { TODO } from '../k8s-util/fixes';
import { editable, insertIntoMapping, valueRangeOf } from '../k8s-util/yaml-edit';
import { commandLine, containers, envOf, ev, headerOf, isExpr, isObj, loc, podSpecs, rolesOf } from '../k8s-util/workload';

const SANDBOX_RUNTIME = /gvisor|runsc|kata/i;
const CODE_EXEC = /code[-_]?interpreter|code[-_]?exec|sandbox|\be2b\b|kernel[-_]?gateway|python[-_]?repl|jupyter|shell[-_]?tool|mcp-server-shell|run[-_]?code/i;

function runsCode(f: Fact): boolean {
  if (rolesOf(f).has('sandbox')) return true;
  for (const c of containers(f)) {
    const parts = [String(c.container.image ?? ''), commandLine(c.container), ...envOf(c).map((e) => `${e.name}=${typeof e.value === 'string' ? e.value : ''}`)];
    if (parts.some((p) => CODE_EXEC.test(p))) return true;
  }
  return false;
}

function replaceBool(ctx: { text(file: string): string | undefined }, f: Fact, path: string, title: string) {
  if (!editable(f)) return undefined;
  const text = ctx.text(f.file);
  const r = f.attributeRanges?.[path];
  const v = text && r ? valueRangeOf(text, r) : undefined;
  return v ? [{ title, kind: 'unsafe' as const, edits: [{ file: f.file, range: v, newText: 'false' }] }] : undefined;
}

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const f of ctx.facts) {
      if (f.kind !== 'k8s-object') continue;
      const roles = rolesOf(f);
      if (!roles.has('agent') && !roles.has('mcp') && !roles.has('sandbox')) continue;
      const code = runsCode(f);
      for (const pod of podSpecs(f)) {
        const before = out.length;
        for (const k of ['hostNetwork', 'hostPID', 'hostIPC'])
          if (pod.spec[k] === true)
            out.push({ status: 'missing', message: `The agent pods of ${f.address} share the node's ${k.slice(4)} namespace (${k}: true).`, location: loc(f, `${pod.path}.${k}`), anchor: `${f.address}:${k}`, fixes: replaceBool(ctx, f, `${pod.path}.${k}`, `Turn ${k} off`) });
        const vols = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
        vols.forEach((v, i) => {
          if (isObj(v) && isObj(v.hostPath))
            out.push({ status: 'missing', message: `The agent pods of ${f.address} mount the node path ${String(v.hostPath.path ?? '')}; code they run can read or change the node.`, location: loc(f, `${pod.path}.volumes.${i}`), anchor: `${f.address}:volume:${String(v.name ?? i)}` });
        });
        for (const field of ['initContainers', 'containers']) {
          const raw = pod.spec[field];
          const list = Array.isArray(raw) ? raw : [];
          list.forEach((c, i) => {
            if (!isObj(c) || !isObj(c.securityContext) || c.securityContext.privileged !== true) return;
            const path = `${pod.path}.${field}.${i}.securityContext.privileged`;
            out.push({ status: 'missing', message: `Container ${String(c.name ?? '?')} of ${f.address} is privileged.`, location: loc(f, path), anchor: `${f.address}:${String(c.name ?? i)}:privileged`, fixes: replaceBool(ctx, f, path, 'Stop running the container privileged') });
          });
        }
        if (code) {
          const rc = pod.spec.runtimeClassName;
          if (isExpr(rc)) out.push({ status: 'unresolved', message: `The runtimeClassName of ${f.address} is a template value that could not be resolved.`, location: loc(f, `${pod.path}.runtimeClassName`), anchor: `${f.address}:runtimeClass` });
          else if (typeof rc === 'string' && SANDBOX_RUNTIME.test(rc)) out.push({ status: 'met', message: `${f.address} runs agent code under the sandbox runtime ${rc}.`, evidence: [ev(f, `runtimeClassName: ${rc}`, `${pod.path}.runtimeClassName`)] });
          else if (typeof rc === 'string') out.push({ status: 'partial', message: `${f.address} runs agent code under runtimeClassName ${rc}, which is not a known sandbox runtime (gVisor, Kata).`, location: loc(f, `${pod.path}.runtimeClassName`), anchor: `${f.address}:runtimeClass` });
          else {
            const text = ctx.text(f.file);
            const edit = text && editable(f) ? insertIntoMapping(text, f, pod.path, [`runtimeClassName: gvisor # ${TODO}: the sandbox RuntimeClass your cluster provides (gVisor runsc, Kata)`]) : undefined;
            out.push({
              status: 'missing',
              message: `${f.address} runs agent-written code without a sandbox runtime: no runtimeClassName (gVisor, Kata) is set, so the code shares the node's kernel.`,
              location: headerOf(f),
              anchor: `${f.address}:runtimeClass`,
              fixes: edit ? [{ title: 'Run the pods under a sandbox RuntimeClass', kind: 'unsafe', edits: [edit] }] : undefined,
            });
          }
        } else if (out.length === before) out.push({ status: 'met', message: `The agent pods of ${f.address} run without privilege or host access.`, evidence: [ev(f, 'no privileged containers, host paths or host namespaces')] });
      }
    }
    return out;
  },
};

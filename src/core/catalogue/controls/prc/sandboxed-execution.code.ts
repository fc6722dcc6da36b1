/**
 * ARG-PRC-005 in application code: code-execution and shell tools run model-written code
 * only inside a sandbox. Sandboxed executors (Docker executors, E2B, hosted code interpreters)
 * are met; shell / REPL tools, `subprocess(..., shell=True)` inside tools, AutoGen
 * `use_docker: False`, CrewAI `code_execution_mode="unsafe"` and smolagents' local executor
 * are misses — unless the service runs in a Kubernetes workload whose pods use a sandbox
 * runtime (gVisor, Kata). Fixes (unsafe, they need Docker or an E2B key where the code runs):
 * switch the framework's own setting to its sandboxed mode.
 */
import type { Fact, Fix } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { get, isExpr, str } from '../../../facts';
import { calls, callLoc, ev } from '../code-util/facts';
import { argsIn, callOpenAt, edit, enclosingOpen, findToken, insertArg, offsetOf, source } from '../code-util/source';

const SANDBOX_RUNTIME = /gvisor|runsc|kata/i;

/** A linked Kubernetes object whose pods run under a sandbox RuntimeClass. */
function sandboxedPods(ctx: DetectorContext): Fact | undefined {
  for (const link of ctx.workload.links) {
    for (const e of link.evidence) {
      const f = e.factId ? ctx.allFacts.byId(e.factId) : undefined;
      if (!f || f.provider !== 'k8s') continue;
      const rc = str(get(f, 'spec.template.spec.runtimeClassName')) ?? str(get(f, 'spec.runtimeClassName')) ?? str(get(f, 'spec.jobTemplate.spec.template.spec.runtimeClassName'));
      if (rc && SANDBOX_RUNTIME.test(rc)) return f;
    }
  }
  return undefined;
}

function fixFor(ctx: DetectorContext, f: Fact): Fix | undefined {
  const src = source(f.file, ctx.text(f.file));
  if (!src || src.lang !== 'python') return undefined;
  const s = offsetOf(src, f.range.start);
  const e = offsetOf(src, f.range.end);
  const p = String(f.attributes.pattern);
  if (p === 'code_execution_config') {
    const k = findToken(src, s, e, (t, i) => t.k === 'str' && t.v === 'use_docker' && src.toks[i + 1]?.v === ':' && src.toks[i + 2]?.v === 'False');
    if (k === undefined) return undefined;
    const v = src.toks[k + 2];
    return { title: 'Run the generated code in Docker (use_docker: True)', kind: 'unsafe', edits: [edit(src, v.s, v.e, 'True')] };
  }
  if (p === 'allow_code_execution') {
    const open = enclosingOpen(src, s);
    const mode = open !== undefined ? argsIn(src, open).find((a) => a.key === 'code_execution_mode') : undefined;
    if (!mode || !/^["']unsafe["']$/.test(src.text.slice(mode.vs, mode.ve))) return undefined;
    const q = src.text[mode.vs];
    return { title: 'Use CrewAI\'s Docker-based safe execution mode', kind: 'unsafe', edits: [edit(src, mode.vs, mode.ve, `${q}safe${q}`)] };
  }
  if (p === 'CodeAgent') {
    const open = callOpenAt(src, s);
    if (open === undefined) return undefined;
    const ex = argsIn(src, open).find((a) => a.key === 'executor_type');
    if (ex) {
      if (!/^["']local["']$/.test(src.text.slice(ex.vs, ex.ve))) return undefined;
      const q = src.text[ex.vs];
      return { title: 'Run the agent\'s code in a Docker executor', kind: 'unsafe', edits: [edit(src, ex.vs, ex.ve, `${q}docker${q}`)] };
    }
    return { title: 'Run the agent\'s code in a Docker executor', kind: 'unsafe', edits: [insertArg(src, open, 'executor_type="docker"')] };
  }
  return undefined;
}

function label(f: Fact): string {
  const p = String(f.attributes.pattern);
  if (p === 'code_execution_config') return 'code_execution_config with "use_docker": False';
  if (p === 'allow_code_execution') return 'allow_code_execution=True with code_execution_mode="unsafe"';
  if (p === 'CodeAgent') return 'CodeAgent with the local executor';
  return p;
}

export const codeDetector: Detector = {
  kind: 'code',
  providers: ['code'],
  evaluate(ctx): DetectorOutcome[] {
    const execs = calls(ctx.facts, 'code-exec');
    if (execs.length === 0) return [];
    const pods = sandboxedPods(ctx);
    const out: DetectorOutcome[] = [];
    for (const f of execs) {
      const p = String(f.attributes.pattern);
      const sb = f.attributes.sandbox;
      if (sb === true) {
        out.push({ status: 'met', message: `${p} runs code in a sandbox.`, evidence: [ev(f, f.attributes.hosted === true ? `${p}: the provider runs the code in its own sandbox` : `${p}: sandboxed executor`)] });
      } else if (isExpr(sb)) {
        out.push({ status: 'unresolved', message: `Whether ${p} runs code in Docker depends on a value that could not be read from the source.`, location: callLoc(f), anchor: `${f.file}:${f.address}` });
      } else if (pods) {
        out.push({ status: 'met', message: `${p} runs code inside pods with a sandbox runtime (${pods.address}).`, evidence: [ev(f, `${p} executes code`), ev(pods, 'the pods run under a sandbox RuntimeClass', 'spec.template.spec.runtimeClassName')] });
      } else {
        const where = f.attributes.inTool === true ? ` inside the tool${typeof f.attributes.toolName === 'string' ? ` ${f.attributes.toolName}` : ''}` : '';
        const fix = fixFor(ctx, f);
        out.push({
          status: 'missing',
          message: `${label(f)}${where} runs model-chosen code or commands in the agent's own process, with its credentials, files and network. Move execution into a sandbox (a Docker or microVM executor, E2B, a hosted code interpreter, or pods under gVisor / Kata).`,
          location: callLoc(f),
          anchor: `${f.file}:${f.address}`,
          fixes: fix ? [fix] : undefined,
        });
      }
    }
    return out;
  },
};

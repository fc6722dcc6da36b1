/**
 * ARG-NET-004 for Kubernetes: nothing serves a model without checking who is calling.
 * - vLLM: `--api-key` in the command line or a `VLLM_API_KEY` variable (vLLM reads it when
 *   the flag is absent); fix: add `VLLM_API_KEY` from a Secret (placeholder name, TODO).
 * - SGLang, llama.cpp server, Text Generation Inference: `--api-key` (or `API_KEY` / `LLAMA_API_KEY`).
 * - Triton: `--http-restricted-api` / `--grpc-restricted-protocol`.
 * - Ollama has no authentication of its own (its image listens on 0.0.0.0): it needs
 *   `OLLAMA_HOST` bound to localhost and an authenticating proxy sidecar.
 * - KServe: `security.opendatahub.io/enable-auth: "false"` is a miss (fix: "true"); without
 *   the annotation, an Istio RequestAuthentication / AuthorizationPolicy selecting the
 *   predictor counts, else it is partial.
 * An authenticating proxy sidecar (oauth2-proxy, kube-rbac-proxy, Envoy, nginx…) in the
 * pod counts for every server.
 */
import type { Fact, Fix } from '../../../model';
import type { Detector, DetectorOutcome } from '../../types';
import { TODO, secretNameFor } from '../k8s-util/fixes';
import { appendToSequence, editable, insertIntoMapping, valueRangeOf } from '../k8s-util/yaml-edit';
import { annotationsOf, apiGroupOf, commandLine, containers, envOf, ev, headerOf, inNamespace, isExpr, isObj, loc, podTargets, selectsTarget } from '../k8s-util/workload';
import type { ContainerAt } from '../k8s-util/workload';

const PROXY = /oauth2-proxy|kube-rbac-proxy|envoyproxy|(^|\/)envoy(:|@|$)|(^|\/)nginx|openresty|caddy|traefik|pomerium|authelia|litellm/i;

interface Server {
  name: string;
  test(c: ContainerAt): boolean;
  authed(c: ContainerAt, cmd: string, env: Set<string>): boolean;
  vllm?: boolean;
}

const SERVERS: Server[] = [
  { name: 'vLLM', vllm: true, test: (c) => /vllm/i.test(String(c.container.image ?? '')) || /\bvllm\s+serve\b|vllm\.entrypoints/.test(commandLine(c.container)), authed: (_c, cmd, env) => /--api-key\b/.test(cmd) || env.has('VLLM_API_KEY') },
  { name: 'SGLang', test: (c) => /sglang/i.test(String(c.container.image ?? '')) || /sglang\.launch_server/.test(commandLine(c.container)), authed: (_c, cmd) => /--api-key\b/.test(cmd) },
  { name: 'llama.cpp server', test: (c) => /llama\.cpp|llama-cpp|llamacpp/i.test(String(c.container.image ?? '')) || /\bllama-server\b/.test(commandLine(c.container)), authed: (_c, cmd, env) => /--api-key(-file)?\b/.test(cmd) || env.has('LLAMA_API_KEY') },
  { name: 'Text Generation Inference', test: (c) => /text-generation-inference/i.test(String(c.container.image ?? '')) || /text-generation-launcher/.test(commandLine(c.container)), authed: (_c, cmd, env) => /--api-key\b/.test(cmd) || env.has('API_KEY') },
  { name: 'Triton Inference Server', test: (c) => /tritonserver/i.test(String(c.container.image ?? '')), authed: (_c, cmd) => /--(http-restricted-api|grpc-restricted-protocol)\b/.test(cmd) },
];

function vllmFix(ctx: { text(file: string): string | undefined }, f: Fact, c: ContainerAt): Fix | undefined {
  if (!editable(f)) return undefined;
  const text = ctx.text(f.file);
  if (!text) return undefined;
  const item = ['name: VLLM_API_KEY', 'valueFrom:', '  secretKeyRef:', `    name: ${secretNameFor(f)} # ${TODO}: create this Secret with the API key clients must send`, '    key: vllm-api-key'];
  const env = c.container.env;
  const edit = env === undefined ? insertIntoMapping(text, f, c.path, ['env:', `  - ${item[0]}`, ...item.slice(1).map((l) => `    ${l}`)]) : Array.isArray(env) ? appendToSequence(text, f, `${c.path}.env`, item) : undefined;
  return edit ? { title: 'Require an API key (VLLM_API_KEY from a Secret)', kind: 'unsafe', edits: [edit] } : undefined;
}

export const k8sDetector: Detector = {
  kind: 'k8s',
  providers: ['k8s'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    for (const f of ctx.facts) {
      if (f.kind !== 'k8s-object') continue;
      const all = containers(f);
      const proxy = all.find((c) => PROXY.test(String(c.container.image ?? '')));
      for (const c of all) {
        const name = String(c.container.name ?? '?');
        const cmd = commandLine(c.container);
        const envs = envOf(c);
        const env = new Set(envs.map((e) => e.name));
        const image = String(c.container.image ?? '');
        if (/(^|\/)ollama\/ollama(:|@|$)/i.test(image) || /\bollama\s+serve\b/.test(cmd)) {
          const host = envs.find((e) => e.name === 'OLLAMA_HOST');
          const local = host && typeof host.value === 'string' && /^(https?:\/\/)?(127\.0\.0\.1|localhost)(:|$)/.test(host.value);
          if (host && isExpr(host.value)) out.push({ status: 'unresolved', message: `OLLAMA_HOST of container ${name} in ${f.address} is a template value that could not be resolved.`, location: loc(f, host.path), anchor: `${f.address}:${name}:auth` });
          else if (local && proxy) out.push({ status: 'met', message: `Ollama in ${f.address} listens on localhost behind the ${String(proxy.container.name ?? 'proxy')} sidecar.`, evidence: [ev(f, 'OLLAMA_HOST on localhost', host?.path)] });
          else
            out.push({
              status: 'missing',
              message: local
                ? `Ollama in ${f.address} listens on localhost but no authenticating proxy sidecar fronts it; Ollama has no authentication of its own.`
                : `Ollama in container ${name} of ${f.address} listens on every interface${host ? ' (OLLAMA_HOST)' : ' (the image default)'} and has no authentication of its own; bind it to localhost behind an authenticating proxy.`,
              location: host ? loc(f, host.path) : loc(f, `${c.path}.image`),
              anchor: `${f.address}:${name}:auth`,
            });
          continue;
        }
        const server = SERVERS.find((s) => s.test(c));
        if (!server) continue;
        if (server.authed(c, cmd, env)) {
          out.push({ status: 'met', message: `${server.name} in ${f.address} requires an API key.`, evidence: [ev(f, 'API key required', `${c.path}.args`)] });
          continue;
        }
        if (proxy && proxy !== c) {
          out.push({ status: 'met', message: `${server.name} in ${f.address} is fronted by the ${String(proxy.container.name ?? 'proxy')} sidecar.`, evidence: [ev(f, 'authenticating proxy sidecar', `${proxy.path}.image`)] });
          continue;
        }
        if (/\$\(|\{\{/.test(cmd) && /api.?key/i.test(cmd)) {
          out.push({ status: 'unresolved', message: `Whether ${server.name} in ${f.address} requires an API key depends on values that could not be resolved.`, location: loc(f, `${c.path}.args`), anchor: `${f.address}:${name}:auth` });
          continue;
        }
        const fix = server.vllm ? vllmFix(ctx, f, c) : undefined;
        out.push({
          status: 'missing',
          message: server.vllm
            ? `vLLM in container ${name} of ${f.address} starts without --api-key or VLLM_API_KEY, so it answers anyone who reaches it.`
            : `${server.name} in container ${name} of ${f.address} starts without authentication, so it answers anyone who reaches it.`,
          location: loc(f, c.container.args !== undefined ? `${c.path}.args` : `${c.path}.image`),
          anchor: `${f.address}:${name}:auth`,
          fixes: fix ? [fix] : undefined,
        });
      }
      // KServe
      if (apiGroupOf(f) === 'serving.kserve.io' && (f.type === 'InferenceService' || f.type === 'LLMInferenceService')) {
        const key = 'security.opendatahub.io/enable-auth';
        const v = annotationsOf(f)[key];
        const path = `metadata.annotations.${key}`;
        if (v !== undefined && isExpr(v)) out.push({ status: 'unresolved', message: `${key} of ${f.address} is a template value that could not be resolved.`, location: loc(f, path), anchor: `${f.address}:auth` });
        else if (v !== undefined && String(v).toLowerCase() === 'false') {
          const text = ctx.text(f.file);
          const r = f.attributeRanges?.[path];
          const vr = text && r && editable(f) ? valueRangeOf(text, r) : undefined;
          out.push({
            status: 'missing',
            message: `${f.address} turns authentication off (${key}: "false"); the model answers unauthenticated calls.`,
            location: loc(f, path),
            anchor: `${f.address}:auth`,
            fixes: vr ? [{ title: 'Require authentication on the InferenceService', kind: 'unsafe', edits: [{ file: f.file, range: vr, newText: '"true"' }] }] : undefined,
          });
        } else if (v !== undefined && String(v).toLowerCase() === 'true') out.push({ status: 'met', message: `${f.address} requires authentication (${key}).`, evidence: [ev(f, `${key}: "true"`, path)] });
        else {
          const t = podTargets(f)[0];
          const mesh = t ? [...inNamespace(ctx.allFacts, 'RequestAuthentication', f.scope ?? 'default'), ...inNamespace(ctx.allFacts, 'AuthorizationPolicy', f.scope ?? 'default')].filter((p) => selectsTarget(isObj(p.attributes.spec) ? p.attributes.spec.selector : undefined, t) === true) : [];
          if (mesh.length) out.push({ status: 'met', message: `Istio policies authenticate calls to ${f.address}.`, evidence: mesh.map((p) => ev(p, `${p.type} selects the predictor`)) });
          else
            out.push({
              status: 'partial',
              message: `No authentication is visible for ${f.address}: KServe has none by default. Set ${key}: "true" (OpenShift AI) or add an Istio RequestAuthentication and AuthorizationPolicy for its pods.`,
              location: headerOf(f),
              anchor: `${f.address}:auth`,
            });
        }
      }
    }
    return out;
  },
};

import assert from 'node:assert/strict';
import type { Fact } from '../../../src/core/model';
import { kubernetesPlugin } from '../../../src/core/parse/kubernetes';
import type { Scan } from './helpers';
import { byAddress, scan, textAt } from './helpers';

function tiers(s: Scan, address: string): string[] {
  return kubernetesPlugin.tierSignals!(byAddress(s.facts, address), s.query).map((t) => `${t.tier} ${t.pattern}`);
}

function mods(s: Scan, address: string): string[] {
  return kubernetesPlugin.modifierSignals!(byAddress(s.facts, address), s.query).map((m) => `${m.modifier}=${m.rating}`);
}

function draftOf(s: Scan, factAddress: string) {
  const f = byAddress(s.facts, factAddress);
  return s.drafts.find((d) => d.members.includes(f.id));
}

function addresses(s: Scan, ids: string[]): string[] {
  return ids.map((id) => (s.query.byId(id) as Fact).address).sort();
}

describe('kubernetes: tier signals', () => {
  const serving = scan('serving');
  const agents = scan('agents');

  it('sees model servers by image and by custom resource', () => {
    assert.deepEqual(tiers(serving, 'Deployment/ml/vllm'), ['L7 runs the vLLM model server', 'L6 requests GPUs']);
    assert.deepEqual(tiers(serving, 'StatefulSet/serving/tgi'), ['L7 runs Hugging Face Text Generation Inference']);
    assert.deepEqual(tiers(serving, 'Deployment/llm/ollama'), ['L7 runs the Ollama model server']);
    assert.deepEqual(tiers(serving, 'Deployment/serving/triton'), ['L7 runs NVIDIA Triton Inference Server']);
    assert.equal(tiers(serving, 'InferenceService/models/sklearn-iris')[0], 'L7 KServe InferenceService serves a model');
    assert.equal(tiers(serving, 'RayService/ray/text-summarizer')[0], 'L7 KubeRay RayService runs Ray Serve');
    assert.ok(tiers(serving, 'RayCluster/ray/training').includes('L6 KubeRay RayCluster runs distributed Ray compute'));
    assert.ok(tiers(serving, 'RayCluster/ray/training').includes('L6 requests GPUs'));
    assert.deepEqual(tiers(serving, 'Service/ml/vllm'), []);
    assert.deepEqual(tiers(serving, 'Namespace/ml'), []);
  });

  it('points evidence at the line that shows it', () => {
    const f = byAddress(serving.facts, 'Deployment/ml/vllm');
    const t = kubernetesPlugin.tierSignals!(f, serving.query)[0]!;
    assert.equal(t.evidence[0]?.file, 'vllm.yaml');
    assert.equal(textAt(serving.texts.get('vllm.yaml')!, t.evidence[0]!.range), 'image: vllm/vllm-openai:v0.6.3');
    assert.equal(t.evidence[0]?.factId, f.id);
  });

  it('sees agents: kagent CRDs, agent env, and a multi-agent delegation as L8', () => {
    assert.deepEqual(tiers(agents, 'Agent/kagent/triage-agent'), ['L5 kagent Agent runs an LLM agent with tools', 'L8 agent delegates work to other agents']);
    assert.deepEqual(tiers(agents, 'Agent/kagent/fixer-agent'), ['L5 kagent Agent runs an LLM agent with tools']);
    assert.deepEqual(tiers(agents, 'RemoteMCPServer/kagent/github-tools'), ['L5 kagent RemoteMCPServer gives agents MCP tools']);
    assert.ok(tiers(agents, 'CronJob/ops/nightly-report-agent').includes('L5 environment variable MCP_SERVER_URL points at agent tooling'));
    assert.ok(tiers(agents, 'Deployment/research/lab').includes('L6 runs a Jupyter notebook server'));
  });

  it('sees GPU requests alone as an L6 hint', () => {
    const s = scan(
      new Map([
        [
          'job.yaml',
          'apiVersion: batch/v1\nkind: Job\nmetadata: {name: train, namespace: ml}\nspec:\n  template:\n    spec:\n      containers:\n        - name: t\n          image: registry.example.com/trainer:1\n          resources:\n            limits:\n              amd.com/gpu: 2\n',
        ],
      ]),
    );
    assert.deepEqual(tiers(s, 'Job/ml/train'), ['L6 requests GPUs']);
  });
});

describe('kubernetes: modifier signals', () => {
  const serving = scan('serving');
  const agents = scan('agents');

  it('rates a LoadBalancer Service that selects the vLLM pods as high exposure, on the Service line', () => {
    const svc = byAddress(serving.facts, 'Service/ml/vllm');
    const m = kubernetesPlugin.modifierSignals!(svc, serving.query);
    assert.equal(m.length, 1);
    assert.equal(m[0]?.modifier, 'exposure');
    assert.equal(m[0]?.rating, 'high');
    assert.match(m[0]?.evidence[0]?.why ?? '', /Deployment\/ml\/vllm/);
    assert.equal(textAt(serving.texts.get('vllm.yaml')!, m[0]!.evidence[0]!.range), 'type: LoadBalancer');
  });

  it('reads KServe auth and visibility, Ollama and Ray binds', () => {
    assert.deepEqual(mods(serving, 'InferenceService/models/sklearn-iris'), ['exposure=high']);
    assert.deepEqual(mods(serving, 'InferenceService/models/internal-llm'), ['exposure=low']);
    assert.deepEqual(mods(serving, 'Deployment/llm/ollama'), ['exposure=high']);
    assert.deepEqual(mods(serving, 'RayService/ray/text-summarizer'), ['exposure=high', 'exposure=high']);
    assert.deepEqual(mods(serving, 'RayCluster/ray/training'), []);
    assert.deepEqual(mods(serving, 'Deployment/ml/vllm'), ['dataSensitivity=high']);
  });

  it('reads Jupyter without a token, host networking, RBAC and scheduled agents', () => {
    assert.deepEqual(mods(agents, 'Deployment/research/lab'), ['exposure=high', 'exposure=high', 'integrationPrivilege=high']);
    assert.deepEqual(mods(agents, 'ClusterRoleBinding/reporter-admin'), ['integrationPrivilege=high']);
    assert.deepEqual(mods(agents, 'Role/ops/read-secrets'), ['integrationPrivilege=high']);
    assert.deepEqual(mods(agents, 'CronJob/ops/nightly-report-agent'), ['autonomy=high']);
    assert.deepEqual(mods(agents, 'Agent/kagent/triage-agent'), ['autonomy=medium']);
    assert.deepEqual(mods(agents, 'Agent/kagent/fixer-agent'), ['autonomy=low']);
  });

  it('rates an internal load balancer lower than a public one', () => {
    const s = scan(
      new Map([
        [
          'svc.yaml',
          'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    networking.gke.io/load-balancer-type: Internal\nspec:\n  type: LoadBalancer\n  selector: {app: x}\n',
        ],
      ]),
    );
    assert.deepEqual(mods(s, 'Service/default/s'), ['exposure=medium']);
  });
});

describe('kubernetes: grouping', () => {
  it('groups an app with its companions and leaves unrelated objects out', () => {
    const s = scan('serving');
    const d = draftOf(s, 'Deployment/ml/vllm')!;
    assert.equal(d.kind, 'kubernetes');
    assert.equal(d.name, 'vllm (namespace ml)');
    assert.equal(d.root, '.');
    assert.equal(d.anchorFactId, 'vllm.yaml#Deployment/ml/vllm');
    assert.deepEqual(addresses(s, d.members), [
      'Deployment/ml/vllm',
      'NetworkPolicy/ml/vllm-ingress',
      'Secret/ml/vllm-keys',
      'Service/ml/vllm',
      'ServiceAccount/ml/vllm',
      'secret:Deployment/ml/vllm:spec.template.spec.containers.0.env.1.value',
      'secret:Secret/ml/vllm-keys:stringData.OPENAI_API_KEY',
      'secret:Secret/ml/vllm-keys:stringData.hf-token',
    ]);
    assert.equal(s.drafts.some((x) => x.members.includes('vllm.yaml#Service/ml/unrelated')), false);
    // a TGI StatefulSet and its Service from a List
    assert.deepEqual(addresses(s, draftOf(s, 'StatefulSet/serving/tgi')!.members), ['Service/serving/tgi', 'StatefulSet/serving/tgi']);
    // the InferenceService joins the ServingRuntime it names
    assert.equal(draftOf(s, 'InferenceService/models/sklearn-iris'), draftOf(s, 'ServingRuntime/models/kserve-sklearnserver'));
  });

  it('only makes drafts for groups with a tier signal', () => {
    const s = scan(new Map([['a.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {app: web}}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx:1.27}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {type: LoadBalancer, selector: {app: web}}\n']]));
    assert.deepEqual(s.drafts, []);
  });

  it('joins RBAC bound to the workload service account, and makes a multi-agent system one workload', () => {
    const s = scan('agents');
    const cron = draftOf(s, 'CronJob/ops/nightly-report-agent')!;
    assert.deepEqual(addresses(s, cron.members), ['ClusterRoleBinding/reporter-admin', 'CronJob/ops/nightly-report-agent', 'Role/ops/read-secrets', 'RoleBinding/ops/reporter-secrets', 'ServiceAccount/ops/reporter']);
    const team = draftOf(s, 'Agent/kagent/triage-agent')!;
    assert.equal(team, draftOf(s, 'Agent/kagent/fixer-agent'));
    assert.equal(team.anchorFactId, 'kagent.yaml#Agent/kagent/triage-agent');
    assert.deepEqual(addresses(s, team.members), ['Agent/kagent/fixer-agent', 'Agent/kagent/triage-agent', 'ModelConfig/kagent/default-model-config', 'RemoteMCPServer/kagent/github-tools']);
  });

  it('makes a Helm chart one workload rooted at the chart folder', () => {
    const s = scan('helm');
    assert.equal(s.drafts.length, 1);
    const d = s.drafts[0]!;
    assert.equal(d.name, 'support-agent (Helm chart)');
    assert.equal(d.root, 'agent-chart');
    assert.equal(d.anchorFactId, 'agent-chart/templates/deployment.yaml#Deployment/default/support-agent');
    const kinds = d.members.map((id) => s.query.byId(id)!.type).sort();
    assert.deepEqual(kinds, ['ConfigMap', 'Deployment', 'HelmChart', 'Service', 'openai-api-key', 'openai-api-key']);
    const svc = s.facts.find((f) => f.type === 'Service')!;
    assert.deepEqual(mods(s, svc.address), ['exposure=high']);
  });

  it('makes each Kustomize overlay its own workload', () => {
    const s = scan('kustomize');
    const names = s.drafts.map((d) => d.name).sort();
    assert.deepEqual(names, ['sglang (namespace llm-dev)', 'sglang (namespace llm-prod)']);
    const prod = s.drafts.find((d) => d.name.includes('llm-prod'))!;
    assert.equal(prod.root, 'overlays/prod');
    assert.deepEqual(addresses(s, prod.members), ['Deployment/llm-prod/sglang', 'Kustomization/overlays/prod', 'Service/llm-prod/sglang']);
    const svc = byAddress(s.facts, 'Service/llm-prod/sglang');
    assert.deepEqual(kubernetesPlugin.modifierSignals!(svc, s.query).map((m) => m.rating), ['high']);
  });
});

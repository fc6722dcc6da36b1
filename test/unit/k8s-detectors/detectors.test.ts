// Behaviour of the Kubernetes detectors beyond the fixture folders: Helm values that cannot
// be resolved, selector matching, secrets never printed.
import assert from 'node:assert/strict';
import type { ScanResult } from '../../../src/core';
import { scanFiles } from '../helpers';

async function findings(files: Record<string, string>, id: string): Promise<ScanResult['findings']> {
  const r = await scanFiles(files, { forceEffectiveTier: 'L8', onlyControls: [id] });
  assert.deepEqual(r.problems.filter((p) => p.severity === 'error'), []);
  return r.findings.filter((f) => f.controlId === id);
}

const CHART = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: llm\nversion: 0.1.0\nappVersion: "0.6.3"\n',
  'chart/values.yaml': 'image:\n  repository: vllm/vllm-openai\n  tag: v0.6.3\n',
  'chart/templates/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ include "llm.fullname" . }}',
    '  labels:',
    '    {{- include "llm.labels" . | nindent 4 }}',
    'spec:',
    '  selector:',
    '    matchLabels:',
    '      {{- include "llm.selectorLabels" . | nindent 6 }}',
    '  template:',
    '    metadata:',
    '      labels:',
    '        {{- include "llm.selectorLabels" . | nindent 8 }}',
    '    spec:',
    '      containers:',
    '        - name: vllm',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
    '          securityContext:',
    '            {{- include "llm.securityContext" . | nindent 12 }}',
    '          resources:',
    '            {{- toYaml .Values.resources | nindent 12 }}',
    '',
  ].join('\n'),
};

const POLICY = (selector: string): string =>
  ['---', 'apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: egress', '  namespace: ml', 'spec:', '  podSelector:', selector, '  policyTypes: [Egress]', '  egress:', '    - to:', '        - ipBlock:', '            cidr: 10.0.0.0/8', ''].join('\n');

const VLLM = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: vllm', '  namespace: ml', 'spec:', '  template:', '    metadata:', '      labels:', '        app: vllm', '        tier: gpu', '    spec:', '      containers:', '        - name: vllm', '          image: vllm/vllm-openai:v0.6.3', ''].join('\n');

describe('k8s detectors', () => {
  it('report Helm values they cannot resolve as unresolved, never missing', async () => {
    const sc = await findings(CHART, 'ARG-PRC-008');
    assert.deepEqual(sc.map((f) => f.status), ['unresolved']);
    // `toYaml .Values.resources` with nothing in values.yaml: left to whoever installs the chart.
    const lim = await findings(CHART, 'ARG-PRC-009');
    assert.deepEqual(lim.map((f) => f.status), ['unresolved']);
    assert.deepEqual(lim[0]?.fixes, [], 'no fix is offered inside a Helm template');
    // The pod labels come from an include: whether a policy selects them is unknown.
    const withPolicy = { ...CHART, 'chart/templates/np.yaml': POLICY('    matchLabels:\n      app: llm').replace('  namespace: ml\n', '') };
    assert.deepEqual((await findings(withPolicy, 'ARG-NET-003')).map((f) => f.status), ['unresolved']);
    // The image is resolved from values: judged.
    const img = await findings(CHART, 'ARG-SUP-002');
    assert.deepEqual(img.map((f) => `${f.status}:${f.file}:${f.range.start.line + 1}`), ['missing:chart/templates/deployment.yaml:18']);
  });

  it('match NetworkPolicy selectors against the pod labels (matchLabels and matchExpressions)', async () => {
    const cases: [string, number][] = [
      ['    matchLabels:\n      app: vllm', 0],
      ['    matchLabels:\n      app: vllm\n      tier: cpu', 1],
      ['    matchExpressions:\n      - {key: tier, operator: In, values: [gpu, tpu]}', 0],
      ['    matchExpressions:\n      - {key: tier, operator: NotIn, values: [gpu]}', 1],
      ['    {}', 0],
    ];
    for (const [sel, n] of cases) assert.equal((await findings({ 'm.yaml': VLLM + POLICY(sel) }, 'ARG-NET-003')).length, n, sel);
    // A policy in another namespace does not count.
    assert.equal((await findings({ 'm.yaml': VLLM + POLICY('    {}').replace('namespace: ml', 'namespace: other') }, 'ARG-NET-003')).length, 1);
  });

  it('name the kind and place of a literal credential, never its value', async () => {
    const value = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';
    const text = VLLM + '          env:\n            - name: OPENAI_API_KEY\n              value: ' + value + '\n';
    for (const id of ['ARG-IAM-002', 'ARG-IAM-003']) {
      const f = await findings({ 'm.yaml': text }, id);
      assert.equal(f.length, 1, id);
      assert.match(f[0]?.message ?? '', /OpenAI API key/);
      assert.ok(!JSON.stringify(f).includes(value), `${id} leaks the value`);
    }
  });

  it('judge nothing for a workload without the objects a control is about', async () => {
    // No Ingress / route: nothing to rate-limit; no KServe / Seldon: no canary check.
    assert.deepEqual(await findings({ 'm.yaml': VLLM }, 'ARG-NET-002'), []);
    assert.deepEqual(await findings({ 'm.yaml': VLLM }, 'ARG-MON-005'), []);
    // vLLM is not an agent: per-agent identity does not apply.
    assert.deepEqual(await findings({ 'm.yaml': VLLM }, 'ARG-IAM-004'), []);
  });
});

import assert from 'node:assert/strict';
import { get, isExpr } from '../../../src/core/facts';
import { maskTemplate } from '../../../src/core/parse/kubernetes/helm';
import { byAddress, parseOne, scan, textAt } from './helpers';

describe('kubernetes: Helm charts', () => {
  const s = scan('helm');
  const deployText = s.texts.get('agent-chart/templates/deployment.yaml')!;

  it('masks template actions without moving anything', () => {
    const m = maskTemplate(deployText);
    assert.equal(m.masked.length, deployText.length);
    assert.deepEqual(m.masked.split('\n').map((l) => l.length), deployText.split('\n').map((l) => l.length));
    const lines = m.masked.split('\n');
    assert.equal(lines[6], '    #{- include "support-agent.labels" . | nindent 4 }}');
    assert.match(lines[8] ?? '', /^  replicas: H+$/);
    assert.equal(m.masked.includes('{{ .Values'), false);
  });

  it('emits a helm-chart fact from Chart.yaml', () => {
    const chart = s.facts.find((f) => f.kind === 'helm-chart')!;
    assert.equal(chart.address, 'HelmChart/support-agent');
    assert.equal(chart.file, 'agent-chart/Chart.yaml');
    assert.equal(chart.attributes.appVersion, '1.8.0');
    assert.equal(chart.scope, 'agent-chart');
  });

  it('reads templates with include / toYaml / range / if / with and substitutes values', () => {
    const f = s.files.find((x) => x.file === 'agent-chart/templates/deployment.yaml')!;
    assert.deepEqual(f.problems, []);
    const d = f.facts.find((x) => x.type === 'Deployment')!;
    assert.ok(d.hints?.includes('helm:templated'));
    assert.ok(d.hints?.includes('helm:chart=agent-chart'));
    assert.equal(get(d, 'spec.replicas'), 1);
    const c = (p: string) => get(d, `spec.template.spec.containers.0.${p}`);
    // "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
    assert.equal(c('image'), 'ghcr.io/example/langgraph-api:1.8.0');
    assert.equal(c('imagePullPolicy'), 'IfNotPresent');
    assert.deepEqual(c('resources'), { limits: { cpu: '1', memory: '1Gi' } });
    assert.deepEqual(get(d, 'spec.template.spec.nodeSelector'), { 'kubernetes.io/os': 'linux' });
    assert.ok(isExpr(get(d, 'metadata.name')));
    assert.ok(isExpr(get(d, 'metadata.labels')));
    assert.ok(isExpr(c('env.1.name')), 'a value inside range stays unknown');
    // positions are the template's own
    assert.equal(textAt(deployText, d.attributeRanges!['spec.template.spec.containers.0.image']!), 'image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"');
  });

  it('redacts secrets that reach a template from values.yaml, and the value in values.yaml itself', () => {
    const json = JSON.stringify(s.files);
    assert.equal(json.includes('sk-proj-FAKEfakeFAKEfake9876543210wxyz'), false);
    const secrets = s.facts.filter((f) => f.kind === 'secret');
    assert.deepEqual(secrets.map((x) => [x.file, x.type]).sort(), [
      ['agent-chart/templates/deployment.yaml', 'openai-api-key'],
      ['agent-chart/values.yaml', 'openai-api-key'],
    ]);
    const values = secrets.find((x) => x.file === 'agent-chart/values.yaml')!;
    assert.equal(textAt(s.texts.get('agent-chart/values.yaml')!, values.range).startsWith('apiKey:'), true);
  });

  it('substitutes service type from values and keeps an unknown selector unknown', () => {
    const svc = s.facts.find((f) => f.type === 'Service')!;
    assert.equal(get(svc, 'spec.type'), 'LoadBalancer');
    assert.equal(get(svc, 'spec.ports.0.port'), 8080);
    assert.ok(isExpr(get(svc, 'spec.selector')));
    assert.deepEqual(svc.references, []);
  });

  it('reads a template whose whole body is inside if / range without problems', () => {
    const f = s.files.find((x) => x.file === 'agent-chart/templates/configmap.yaml')!;
    assert.deepEqual(f.problems, []);
    assert.equal(f.facts.length, 1);
    assert.equal(f.facts[0]?.type, 'ConfigMap');
  });

  it('keeps unknown template values unknown and never crashes on odd templates', () => {
    const chart = { 'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n', 'c/values.yaml': 'port: 80\nflag: true\n' };
    const text = [
      '{{- /* a comment',
      '   spanning lines */ -}}',
      '{{- $name := include "c.name" . -}}',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: {{ $name }}',
      '  annotations: {{- toYaml .Values.missing | nindent 4 }}',
      'spec:',
      '  type: {{ if .Values.flag }}NodePort{{ else }}ClusterIP{{ end }}',
      '  ports:',
      '    - port: {{ .Values.port }}',
      '      name: {{ .Values.nope | default "http" }}',
      '  {{- with .Values.unclosed',
      '',
    ].join('\n');
    const r = parseOne('c/templates/svc.yaml', text, chart);
    assert.deepEqual(r.problems, []);
    const svc = r.facts[0]!;
    assert.ok(isExpr(get(svc, 'spec.type')));
    assert.equal(get(svc, 'spec.ports.0.port'), 80);
    assert.equal(get(svc, 'spec.ports.0.name'), 'http');
    assert.ok(isExpr(get(svc, 'metadata.name')));
  });
});

describe('kubernetes: Kustomize', () => {
  const s = scan('kustomize');

  it('applies namespace, images and patches of each overlay to the base objects', () => {
    const prod = byAddress(s.facts, 'Deployment/llm-prod/sglang');
    const dev = byAddress(s.facts, 'Deployment/llm-dev/sglang');
    assert.equal(prod.file, 'base/deployment.yaml');
    assert.equal(prod.scope, 'llm-prod');
    assert.equal(get(prod, 'spec.template.spec.containers.0.image'), 'lmsysorg/sglang:v0.4.1-cu124');
    assert.equal(get(prod, 'spec.replicas'), 3, 'JSON 6902 patch');
    assert.equal(
      get(dev, 'spec.template.spec.containers.0.image'),
      'registry.internal/mirror/sglang@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    );
    assert.equal(get(dev, 'spec.replicas'), 1);
    assert.ok(prod.hints?.includes('kustomize:base=overlays/prod'));
    // ranges still point into the base file
    const base = s.texts.get('base/deployment.yaml')!;
    assert.equal(textAt(base, prod.attributeRanges!['spec.template.spec.containers.0.image']!), 'image: lmsysorg/sglang:latest');
  });

  it('applies strategic-merge patch files and drops the partial objects they hold', () => {
    assert.equal(get(byAddress(s.facts, 'Service/llm-prod/sglang'), 'spec.type'), 'LoadBalancer');
    assert.equal(get(byAddress(s.facts, 'Service/llm-dev/sglang'), 'spec.type'), undefined);
    assert.equal(s.facts.some((f) => f.file === 'overlays/prod/service-lb.yaml' && f.kind === 'k8s-object'), false);
    assert.equal(s.facts.some((f) => f.address === 'Deployment/default/sglang'), false);
  });

  it('leaves files no kustomization reaches as they are', () => {
    const texts = new Map([
      ['app/kustomization.yaml', 'resources: [a.yaml]\nnamespace: x\n'],
      ['app/a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n'],
      ['other/b.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n'],
    ]);
    const r = scan(texts);
    assert.ok(r.facts.some((f) => f.address === 'ConfigMap/x/a'));
    assert.ok(r.facts.some((f) => f.address === 'ConfigMap/default/b'));
  });
});

import assert from 'node:assert/strict';
import { get, isExpr } from '../../../src/core/facts';
import type { Fact } from '../../../src/core/model';
import { kubernetesPlugin } from '../../../src/core/parse/kubernetes';
import { readYamlDocuments } from '../../../src/core/parse/yaml-util';
import { byAddress, parseOne, scan, textAt } from './helpers';

const objects = (facts: Fact[]): Fact[] => facts.filter((f) => f.kind === 'k8s-object');

describe('kubernetes: matches', () => {
  it('takes manifests and leaves files other plugins own', () => {
    for (const p of ['k8s/deploy.yaml', 'a/b.yml', 'manifest.json', 'charts/x/templates/svc.yaml', 'overlays/prod/kustomization.yaml', 'values.yaml'])
      assert.equal(kubernetesPlugin.matches(p), true, p);
    for (const p of [
      'ai-asset-register.yaml',
      '.github/workflows/ci.yml',
      '.gitlab-ci.yml',
      'azure-pipelines.yml',
      'bot/topic.mcs.yml',
      'docker-compose.yml',
      'docker-compose.prod.yaml',
      'compose.yaml',
      'package.json',
      'web/package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'main.tf.json',
      'pnpm-lock.yaml',
      'nb.ipynb',
      'solution/Workflows/flow-1234.json',
      'src/Microsoft.Flow/flows/x/definition.json',
      'solution/botcomponents/a/data.json',
      'mcp.json',
      '.vscode/mcp.json',
      '.mcp.json',
      'deploy.py',
    ])
      assert.equal(kubernetesPlugin.matches(p), false, p);
  });
});

describe('kubernetes: plain manifests', () => {
  const s = scan('serving');
  const vllmText = s.texts.get('vllm.yaml') ?? '';

  it('reads every document of a multi-document file with comments and a leading ---', () => {
    const f = s.files.find((x) => x.file === 'vllm.yaml');
    assert.ok(f);
    assert.deepEqual(f.problems, []);
    assert.deepEqual(objects(f.facts).map((x) => x.address), [
      'Namespace/ml',
      'ServiceAccount/ml/vllm',
      'Secret/ml/vllm-keys',
      'Deployment/ml/vllm',
      'Service/ml/vllm',
      'NetworkPolicy/ml/vllm-ingress',
      'Service/ml/unrelated',
    ]);
  });

  it('gives exact 0-based ranges for key paths, names and documents', () => {
    const d = byAddress(s.facts, 'Deployment/ml/vllm');
    assert.equal(d.type, 'Deployment');
    assert.equal(d.provider, 'k8s');
    assert.equal(d.scope, 'ml');
    assert.equal(d.name, 'vllm');
    assert.equal(d.id, 'vllm.yaml#Deployment/ml/vllm');
    const image = d.attributeRanges?.['spec.template.spec.containers.0.image'];
    assert.ok(image);
    assert.equal(textAt(vllmText, image), 'image: vllm/vllm-openai:v0.6.3');
    assert.equal(vllmText.split('\n')[image.start.line]?.trim(), 'image: vllm/vllm-openai:v0.6.3');
    assert.equal(textAt(vllmText, d.nameRange!), 'vllm');
    assert.equal(textAt(vllmText, d.attributeRanges!['spec.template.spec.containers.0.resources.limits.nvidia.com/gpu']!), 'nvidia.com/gpu: 1');
    assert.ok(textAt(vllmText, d.range).startsWith('apiVersion: apps/v1\nkind: Deployment'));
    assert.ok(textAt(vllmText, d.range).endsWith('claimName: vllm-cache'));
    assert.equal((d.attributes.spec as { replicas: number }).replicas, 2);
  });

  it('uses Kind/name for cluster-scoped kinds and default for a missing namespace', () => {
    const ns = byAddress(s.facts, 'Namespace/ml');
    assert.equal(ns.scope, undefined);
    const r = parseOne('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules: []\n');
    assert.deepEqual(r.facts.map((f) => f.address), ['ConfigMap/default/x', 'ClusterRole/reader']);
    assert.equal(r.facts[0]?.scope, 'default');
  });

  it('records references: service accounts, secrets, claims and selectors', () => {
    const d = byAddress(s.facts, 'Deployment/ml/vllm');
    assert.deepEqual([...(d.references ?? [])].sort(), ['PersistentVolumeClaim/ml/vllm-cache', 'Secret/ml/vllm-keys', 'ServiceAccount/ml/vllm']);
    assert.deepEqual(byAddress(s.facts, 'Service/ml/vllm').references, ['selector:app.kubernetes.io/name=vllm']);
    assert.deepEqual(byAddress(s.facts, 'InferenceService/models/sklearn-iris').references, ['ServiceAccount/models/kserve-sa', 'ServingRuntime/models/kserve-sklearnserver']);
  });

  it('turns classification labels and annotations into hints', () => {
    assert.deepEqual(byAddress(s.facts, 'Deployment/ml/vllm').hints, ['data:pii']);
  });

  it('reads JSON manifests with positions', () => {
    const f = byAddress(s.facts, 'Deployment/llm/ollama');
    const text = s.texts.get('ollama.json') ?? '';
    assert.equal(f.file, 'ollama.json');
    assert.equal(textAt(text, f.attributeRanges!['spec.template.spec.containers.0.image']!), '"image": "ollama/ollama:0.3.12"');
    assert.equal(textAt(text, f.nameRange!), '"ollama"');
  });

  it('turns the items of a List into objects with their own ranges', () => {
    const sts = byAddress(s.facts, 'StatefulSet/serving/tgi');
    const svc = byAddress(s.facts, 'Service/serving/tgi');
    const text = s.texts.get('list.yaml') ?? '';
    assert.equal(textAt(text, sts.attributeRanges!['spec.template.spec.containers.0.image']!), 'image: ghcr.io/huggingface/text-generation-inference:2.4.0');
    assert.ok(textAt(text, sts.range).startsWith('apiVersion: apps/v1'));
    assert.ok(textAt(text, svc.range).startsWith('apiVersion: v1\n    kind: Service'));
    assert.equal(s.facts.some((f) => f.type === 'List'), false);
  });

  it('reads CRLF files without carriage returns in values and with the right columns', () => {
    const f = byAddress(s.facts, 'Deployment/serving/triton');
    const image = get(f, 'spec.template.spec.containers.0.image');
    assert.equal(image, 'nvcr.io/nvidia/tritonserver:24.08-py3');
    const r = f.attributeRanges!['spec.template.spec.containers.0.image']!;
    assert.deepEqual(r, { start: { line: 11, character: 10 }, end: { line: 11, character: 10 + 'image: nvcr.io/nvidia/tritonserver:24.08-py3'.length } });
    assert.deepEqual(f.nameRange, { start: { line: 4, character: 8 }, end: { line: 4, character: 14 } });
  });

  it('reads anchors, aliases and merge keys', () => {
    const r = parseOne(
      'anchors.yaml',
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: a}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - &base',
        '          name: one',
        '          image: ollama/ollama:latest',
        '        - <<: *base',
        '          name: two',
      ].join('\n'),
    );
    assert.deepEqual(r.problems, []);
    const cs = get(r.facts[0], 'spec.template.spec.containers');
    assert.deepEqual(cs, [
      { name: 'one', image: 'ollama/ollama:latest' },
      { name: 'two', image: 'ollama/ollama:latest' },
    ]);
  });

  it('reads a generated 3,000-line manifest quickly and completely', () => {
    const docs: string[] = [];
    let lines = 0;
    let i = 0;
    while (lines < 3000) {
      const doc = [
        '---',
        `# service ${i}`,
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: app-${i}`,
        '  namespace: bulk',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        `        - name: c${i}`,
        `          image: registry.example.com/team/app-${i}:1.${i}`,
        '          env:',
        '            - name: LOG_LEVEL',
        '              value: info',
      ];
      docs.push(...doc);
      lines += doc.length;
      i++;
    }
    const text = docs.join('\n') + '\n';
    const t0 = Date.now();
    const r = parseOne('bulk.yaml', text);
    const ms = Date.now() - t0;
    assert.equal(r.problems.length, 0);
    assert.equal(r.facts.length, i);
    const last = r.facts[r.facts.length - 1]!;
    assert.equal(last.address, `Deployment/bulk/app-${i - 1}`);
    const line = text.split('\n')[last.attributeRanges!['spec.template.spec.containers.0.image']!.start.line];
    assert.equal(line?.trim(), `image: registry.example.com/team/app-${i - 1}:1.${i - 1}`);
    assert.ok(ms < 3000, `took ${ms} ms`);
  });
});

describe('kubernetes: broken and hostile files', () => {
  const s = scan('hostile');

  it('reports a syntax error at the broken document and still reads the others', () => {
    const f = s.files.find((x) => x.file === 'broken.yaml')!;
    assert.deepEqual(objects(f.facts).map((x) => x.address), ['ConfigMap/default/first', 'ConfigMap/default/third']);
    assert.equal(f.problems.length, 1);
    const p = f.problems[0]!;
    assert.equal(p.code, 'parse/yaml-syntax');
    assert.equal(p.file, 'broken.yaml');
    // The unclosed `[` is on line 17 (0-based 16); the parser notices it at the next item.
    assert.ok(p.range.start.line >= 16 && p.range.start.line <= 17, JSON.stringify(p.range));
    assert.equal(s.facts.some((x) => x.name === 'broken'), false);
  });

  it('refuses an alias bomb quickly with a problem', () => {
    const text = s.texts.get('alias-bomb.yaml')!;
    const t0 = Date.now();
    const r = parseOne('alias-bomb.yaml', text);
    const ms = Date.now() - t0;
    assert.ok(ms < 500, `took ${ms} ms`);
    assert.deepEqual(r.facts, []);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0]?.code, 'parse/yaml-alias-limit');
    assert.ok((r.problems[0]?.range.start.line ?? 0) >= 5);
  });

  it('caps alias expansion by size as well as by count', () => {
    const big = Array.from({ length: 200 }, (_, i) => `v${i}`).join(', ');
    const text = `a: &a [${big}]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b]\n`;
    const r = readYamlDocuments(text, 'x.yaml');
    assert.equal(r.documents[0]?.refused, true);
    assert.equal(r.problems[0]?.code, 'parse/yaml-alias-limit');
  });

  it('survives unterminated strings, tabs and deep nesting without throwing', () => {
    for (const text of ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: "unterminated\n', 'apiVersion: v1\nkind: Pod\nspec:\n\tcontainers: []\n', `apiVersion: v1\nkind: Pod\nx: ${'['.repeat(3000)}`]) {
      const r = parseOne('bad.yaml', text);
      assert.ok(r.problems.length >= 1);
      assert.ok(r.problems.every((p) => p.file === 'bad.yaml' && p.range.start.line >= 0));
    }
  });
});

describe('kubernetes: files that are not manifests', () => {
  it('gives no facts and no problems for OpenAPI, CI files given by mistake and JSONC', () => {
    const s = scan('notk8s');
    const ctxFiles = ['openapi.yaml', '.github/workflows/ci.yml', 'settings.json'];
    for (const p of ctxFiles) {
      const r = parseOne(p, s.texts.get(p)!);
      assert.deepEqual(r.facts, [], p);
      assert.deepEqual(r.problems, [], p);
    }
  });

  it('stays silent on broken YAML that is not a manifest, but not on a broken manifest', () => {
    const notManifest = 'settings:\n  retries: [1, 2\n  name: x\n';
    assert.ok(readYamlDocuments(notManifest, 'x.yaml').problems.length > 0, 'the text really is broken');
    assert.deepEqual(parseOne('config/app.yaml', notManifest).problems, []);
    const manifest = 'apiVersion: v1\nkind: ConfigMap\n' + notManifest;
    assert.equal(parseOne('config/cm.yaml', manifest).problems[0]?.code, 'parse/yaml-syntax');
  });
});

describe('kubernetes: secrets', () => {
  const s = scan('serving');
  const json = JSON.stringify(s.files);

  it('never keeps a secret value and reports where it was', () => {
    for (const v of ['sk-proj-FAKEfakeFAKEfake0123456789abcd', 'hf_FAKEfakeFAKEfakeFAKEfakeFAKEfake01', 'my-very-secret-admin-pass-001']) assert.equal(json.includes(v), false, v);
    const secret = byAddress(s.facts, 'Secret/ml/vllm-keys');
    assert.ok(isExpr(get(secret, 'stringData.OPENAI_API_KEY')));
    const kinds = s.facts.filter((f) => f.kind === 'secret').map((f) => [f.type, f.attributes.path]);
    assert.deepEqual(kinds, [
      ['openai-api-key', 'stringData.OPENAI_API_KEY'],
      ['huggingface-token', 'stringData.hf-token'],
      ['generic-secret', 'spec.template.spec.containers.0.env.1.value'],
    ]);
    const envSecret = s.facts.find((f) => f.kind === 'secret' && f.attributes.path === 'spec.template.spec.containers.0.env.1.value')!;
    const vllm = s.texts.get('vllm.yaml')!;
    assert.equal(textAt(vllm, envSecret.range), 'value: "my-very-secret-admin-pass-001"');
    assert.equal(envSecret.range.start.line, vllm.split('\n').findIndex((l) => l.includes('my-very-secret-admin-pass-001')));
    assert.equal(envSecret.attributes.object, 'Deployment/ml/vllm');
  });

  it('decodes Secret data only to classify it, and leaves references alone', () => {
    const key = Buffer.from('sk-ant-FAKEfakeFAKEfake0123456789').toString('base64');
    const r = parseOne(
      's.yaml',
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  key: ${key}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox\n      env:\n        - name: API_KEY_FILE\n          value: /var/run/key\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}\n`,
    );
    assert.equal(JSON.stringify(r).includes(key), false);
    assert.deepEqual(r.facts.filter((f) => f.kind === 'secret').map((f) => f.type), ['anthropic-api-key']);
    const pod = byAddress(r.facts, 'Pod/default/p');
    assert.equal(get(pod, 'spec.containers.0.env.0.value'), '/var/run/key');
    assert.ok(pod.references?.includes('Secret/default/db'));
  });
});

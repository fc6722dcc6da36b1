import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { applyEdits } from '../../../src/core/edits';
import type { Fact } from '../../../src/core/model';
import { parseKubernetesFile } from '../../../src/core/parse/kubernetes/parse';
import { containers } from '../../../src/core/parse/kubernetes/pods';
import { hardeningEdits, hardeningOf } from '../../../src/core/catalogue/controls/k8s-util/security-context';
import { appendDocument, appendToSequence, editable, indentStep, insertIntoMapping, valueRangeOf } from '../../../src/core/catalogue/controls/k8s-util/yaml-edit';

function parse(text: string, path = 'm.yaml'): Fact[] {
  const r = parseKubernetesFile({ path, text }, { maxFileBytes: 0, readText: () => undefined, paths: [path] });
  assert.deepEqual(r.problems, []);
  return r.facts.filter((f) => f.kind === 'k8s-object');
}

function values(text: string): unknown[] {
  const docs = parseAllDocuments(text);
  for (const d of docs) assert.deepEqual(d.errors, [], `YAML errors in:\n${text}`);
  return docs.map((d) => d.toJS());
}

const FOUR = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '    name: server # the model server',
  'spec:',
  '    template:',
  '        spec:',
  '            containers:',
  '                -   name: vllm',
  '                    image: vllm/vllm-openai:v0.6.3  # pinned later',
  '                    env:',
  '                        -   name: A',
  '                            value: "1"',
  '            # trailing comment of the pod spec',
  '',
].join('\n');

describe('k8s-util yaml edits', () => {
  it('measures the indentation step the file uses', () => {
    assert.equal(indentStep(FOUR), 4);
    assert.equal(indentStep('a:\n  b:\n    c: 1\n'), 2);
    assert.equal(indentStep('a: 1\n'), 2);
  });

  it('inserts keys into a block mapping with the file\'s indentation and keeps comments', () => {
    const [f] = parse(FOUR);
    assert.ok(f);
    const e = insertIntoMapping(FOUR, f, 'spec.template.spec.containers.0', ['securityContext:', '  runAsNonRoot: true']);
    assert.ok(e);
    const out = applyEdits(FOUR, [e]);
    assert.match(out, /\n {20}securityContext:\n {24}runAsNonRoot: true\n/);
    assert.ok(out.includes('# pinned later') && out.includes('# the model server') && out.includes('# trailing comment of the pod spec'));
    const [doc] = values(out) as { spec: { template: { spec: { containers: { securityContext: unknown; env: unknown[] }[] } } } }[];
    assert.deepEqual(doc?.spec.template.spec.containers[0]?.securityContext, { runAsNonRoot: true });
    assert.equal(doc?.spec.template.spec.containers[0]?.env.length, 1);
  });

  it('appends to a block sequence at the items\' column', () => {
    const [f] = parse(FOUR);
    assert.ok(f);
    const e = appendToSequence(FOUR, f, 'spec.template.spec.containers.0.env', ['name: B', 'value: "2"']);
    assert.ok(e);
    const [doc] = values(applyEdits(FOUR, [e])) as { spec: { template: { spec: { containers: { env: unknown[] }[] } } } }[];
    assert.deepEqual(doc?.spec.template.spec.containers[0]?.env, [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
  });

  it('refuses flow collections instead of breaking them', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: x}}\nspec:\n  containers: [{name: c, image: ollama/ollama:0.3.12, env: [{name: A, value: b}]}]\n';
    const [f] = parse(text);
    assert.ok(f);
    assert.equal(insertIntoMapping(text, f, 'metadata', ['annotations: {}']), undefined);
    assert.equal(insertIntoMapping(text, f, 'spec.containers.0', ['resources: {}']), undefined);
    assert.equal(appendToSequence(text, f, 'spec.containers.0.env', ['name: C']), undefined);
  });

  it('appends a document after ---, adding the missing line break', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a';
    const out = applyEdits(text, [appendDocument(text, 'm.yaml', ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: b'])]);
    assert.equal(out, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n');
    const ended = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n';
    assert.equal(applyEdits(ended, [appendDocument(ended, 'm.yaml', ['kind: X'])]), `${ended}kind: X\n`);
  });

  it('keeps CRLF line endings', () => {
    const text = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n    - name: c\r\n      image: ollama/ollama:0.3.12\r\n';
    const [f] = parse(text);
    assert.ok(f);
    const e = insertIntoMapping(text, f, 'spec', ['automountServiceAccountToken: false']);
    assert.ok(e);
    const out = applyEdits(text, [e, appendDocument(text, 'm.yaml', ['kind: X'])]);
    assert.ok(!/[^\r]\n/.test(out), 'every line break is CRLF');
    assert.equal((values(out)[0] as { spec: { automountServiceAccountToken: boolean } }).spec.automountServiceAccountToken, false);
  });

  it('finds the value part of a key for replacement and leaves the comment', () => {
    const text = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\nspec:\n  mtls:\n    mode: PERMISSIVE # migrating\n';
    const [f] = parse(text);
    const r = f?.attributeRanges?.['spec.mtls.mode'];
    assert.ok(r);
    const v = valueRangeOf(text, r);
    assert.ok(v);
    assert.equal(applyEdits(text, [{ file: 'm.yaml', range: v, newText: 'STRICT' }]).split('\n')[6], '    mode: STRICT # migrating');
  });

  it('does not edit Helm templates, JSON manifests or Kustomize results', () => {
    const base = { id: 'x', kind: 'k8s-object' as const, provider: 'k8s' as const, type: 'Pod', address: 'Pod/d/p', attributes: {}, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    assert.equal(editable({ ...base, file: 'a.yaml' }), true);
    assert.equal(editable({ ...base, file: 'a.json' }), false);
    assert.equal(editable({ ...base, file: 'c/templates/a.yaml', hints: ['helm:chart=c', 'helm:templated'] }), false);
    assert.equal(editable({ ...base, file: 'base/a.yaml', hints: ['kustomize:base=overlays/prod'] }), false);
  });

  it('hardens a container whose capabilities block ends its securityContext (two inserts at one place)', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: mcp',
      'spec:',
      '  containers:',
      '    - name: server',
      '      image: mcp/fetch:latest',
      '      securityContext:',
      '        allowPrivilegeEscalation: true',
      '        capabilities:',
      '          add: ["NET_BIND_SERVICE"]',
      '',
    ].join('\n');
    const [f] = parse(text);
    assert.ok(f);
    const c = containers(f)[0];
    assert.ok(c);
    const h = hardeningOf(c);
    assert.deepEqual(h.missing, ['runAsNonRoot', 'allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'capabilities.drop']);
    const edits = hardeningEdits(text, f, c, h.missing);
    assert.ok(edits);
    const out = applyEdits(text, edits);
    const [doc] = values(out) as { spec: { containers: { securityContext: unknown }[] } }[];
    assert.deepEqual(doc?.spec.containers[0]?.securityContext, {
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
    });
    const [again] = parse(out);
    assert.ok(again);
    const c2 = containers(again)[0];
    assert.ok(c2);
    assert.deepEqual(hardeningOf(c2).missing, []);
  });
});

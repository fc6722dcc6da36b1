// Kustomize linking, memoised: when one file changes, the outputs of the overlays and bases it
// does not touch are the same objects as before, and every output equals a fresh link of
// freshly parsed files.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ParsedFile } from '../../../src/core/model';
import { kubernetesPlugin } from '../../../src/core/parse/kubernetes';
import { contextFor } from './helpers';

const link = (files: ParsedFile[], texts: Map<string, string>): ParsedFile[] => kubernetesPlugin.link?.(files, contextFor(texts)) ?? files;
const parse = (p: string, texts: Map<string, string>): ParsedFile => kubernetesPlugin.parse({ path: p, text: texts.get(p) }, contextFor(texts));

function app(name: string, ns: string, tag: string, replicas: number): [string, string][] {
  return [
    [`${name}/base/kustomization.yaml`, 'resources:\n  - deployment.yaml\n  - service.yaml\n'],
    [
      `${name}/base/deployment.yaml`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: app\n          image: vllm/vllm-openai:v0.6.0\n          env:\n            - name: OPENAI_API_KEY\n              value: sk-proj-FAKEfakeFAKEfake0123456789abcd\n`,
    ],
    [`${name}/base/service.yaml`, `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n`],
    [
      `${name}/overlay/kustomization.yaml`,
      `resources:\n  - ../base\nnamespace: ${ns}\nimages:\n  - name: vllm/vllm-openai\n    newTag: ${tag}\npatches:\n  - path: replicas.yaml\n  - target:\n      kind: Deployment\n    patch: |-\n      - op: add\n        path: /spec/template/spec/containers/-\n        value: {name: sidecar, image: vllm/vllm-openai:v0.5.0}\n`,
    ],
    [`${name}/overlay/replicas.yaml`, `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: ${replicas}\n`],
    [`${name}/dev/kustomization.yaml`, `resources:\n  - ../base\nnamespace: ${ns}-dev\n`],
  ];
}

function workspace(): Map<string, string> {
  return new Map([...app('alpha', 'a', 'v0.6.1', 2), ...app('beta', 'b', 'v0.6.2', 3), ['plain/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n']]);
}

/** The pipeline's view: parse the files that changed, keep the others' parse objects. */
function reparse(prev: ParsedFile[], texts: Map<string, string>, changed: Set<string>): ParsedFile[] {
  return prev.map((f) => (changed.has(f.file) ? parse(f.file, texts) : f));
}

const fresh = (texts: Map<string, string>): ParsedFile[] => link([...texts.keys()].sort().map((p) => parse(p, texts)), texts);

describe('kubernetes: kustomize link, memoised', () => {
  it('gives the same objects again for unchanged input, and fresh results where an overlay changed', () => {
    const texts = workspace();
    const parsed = [...texts.keys()].sort().map((p) => parse(p, texts));
    const out1 = link(parsed, texts);
    const again = link(parsed, texts);
    again.forEach((f, i) => assert.equal(f, out1[i], f.file));
    assert.equal(out1.find((f) => f.file === 'alpha/base/deployment.yaml')?.facts.some((x) => x.scope === 'a'), true, 'the overlay applies');

    // Edit alpha's overlay namespace.
    const overlay = 'alpha/overlay/kustomization.yaml';
    texts.set(overlay, (texts.get(overlay) ?? '').replace('namespace: a\n', 'namespace: a2\n'));
    const parsed2 = reparse(parsed, texts, new Set([overlay]));
    const out2 = link(parsed2, texts);
    assert.deepEqual(out2, fresh(texts));
    out2.forEach((f, i) => {
      const before = out1[i];
      if (f.file.startsWith('beta/') || f.file.startsWith('plain/')) assert.equal(f, before, `${f.file} keeps its identity`);
      if (f.file === 'alpha/base/deployment.yaml') {
        assert.notEqual(f, before);
        assert.ok(f.facts.some((x) => x.scope === 'a2'));
      }
    });

    // Edit a patch file of beta: only beta's reached files change.
    const patch = 'beta/overlay/replicas.yaml';
    texts.set(patch, (texts.get(patch) ?? '').replace('replicas: 3', 'replicas: 5'));
    const parsed3 = reparse(parsed2, texts, new Set([patch]));
    const out3 = link(parsed3, texts);
    assert.deepEqual(out3, fresh(texts));
    out3.forEach((f, i) => {
      if (f.file.startsWith('alpha/') || f.file.startsWith('plain/')) assert.equal(f, out2[i], `${f.file} keeps its identity`);
    });
    const deploy = out3.find((f) => f.file === 'beta/base/deployment.yaml');
    assert.notEqual(deploy, out2.find((f) => f.file === 'beta/base/deployment.yaml'));
    assert.ok(deploy?.facts.some((x) => x.attributes.spec && (x.attributes.spec as { replicas?: number }).replicas === 5));
  });

  it('agrees with a fresh link after any sequence of edits, and keeps untouched apps (property)', () => {
    const edits: [string, string, (t: string) => string][] = [
      ['namespace', 'overlay/kustomization.yaml', (t) => t.replace(/namespace: (\S+)/, (_, n: string) => `namespace: ${n}x`)],
      ['image tag', 'overlay/kustomization.yaml', (t) => t.replace(/newTag: (\S+)/, (_, v: string) => `newTag: ${v}1`)],
      ['replicas patch', 'overlay/replicas.yaml', (t) => t.replace(/replicas: (\d+)/, (_, n: string) => `replicas: ${Number(n) + 1}`)],
      ['drop the service', 'base/kustomization.yaml', (t) => t.replace('  - service.yaml\n', '')],
      ['add the service', 'base/kustomization.yaml', (t) => (t.includes('service.yaml') ? t : `${t}  - service.yaml\n`)],
      ['base image', 'base/deployment.yaml', (t) => t.replace(/image: vllm\/vllm-openai:(\S+)\n/, (_, v: string) => `image: vllm/vllm-openai:${v}.1\n`)],
      ['dev namespace', 'dev/kustomization.yaml', (t) => t.replace(/namespace: (\S+)/, (_, n: string) => `namespace: ${n}y`)],
      ['no change', 'base/service.yaml', (t) => t],
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('alpha', 'beta'), fc.nat(edits.length - 1)), { minLength: 1, maxLength: 6 }), (steps) => {
        const texts = workspace();
        let parsed = [...texts.keys()].sort().map((p) => parse(p, texts));
        let out = link(parsed, texts);
        for (const [name, e] of steps) {
          const [, file, change] = edits[e] ?? edits[0]!;
          const p = `${name}/${file}`;
          const before = texts.get(p) ?? '';
          texts.set(p, change(before));
          const changed = new Set(texts.get(p) === before ? [] : [p]);
          parsed = reparse(parsed, texts, changed);
          const next = link(parsed, texts);
          assert.deepEqual(next, fresh(texts));
          const other = name === 'alpha' ? 'beta/' : 'alpha/';
          next.forEach((f, i) => {
            if (f.file.startsWith(other) || f.file.startsWith('plain/') || changed.size === 0) assert.equal(f, out[i], `${f.file} after ${name} ${edits[e]?.[0]}`);
          });
          out = next;
        }
      }),
      { numRuns: 60, seed: 20260612 },
    );
  });
});

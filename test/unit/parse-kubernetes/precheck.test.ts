// The cheap check that skips files which cannot hold a manifest: it must never change what the
// reader gives — no Kubernetes document dropped in any syntax, no problem lost.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ParsedFile } from '../../../src/core/model';
import { mayHoldManifest, parseKubernetesFile } from '../../../src/core/parse/kubernetes/parse';
import { contextFor } from './helpers';

const CHART = 'apiVersion: v2\nname: demo\nversion: 0.1.0\n';
const VALUES = 'image:\n  tag: "1.0"\n';

function both(path: string, text: string): { checked: ParsedFile; full: ParsedFile } {
  const files = new Map([
    ['chart/Chart.yaml', CHART],
    ['chart/values.yaml', VALUES],
    [path, text],
  ]);
  return {
    checked: parseKubernetesFile({ path, text }, contextFor(files)),
    full: parseKubernetesFile({ path, text }, contextFor(files), { precheck: false }),
  };
}

describe('kubernetes: the pre-check for files that are not manifests', () => {
  it('keeps a Kubernetes document in every way YAML and JSON can spell one', () => {
    const cm = 'kind: ConfigMap\nmetadata:\n  name: a\n';
    const cases: [string, string][] = [
      ['k8s/plain.yaml', `apiVersion: v1\n${cm}`],
      ['k8s/quoted.yaml', `"apiVersion": v1\n'kind': ConfigMap\nmetadata: {name: a}\n`],
      ['k8s/flow.yaml', '{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n'],
      ['k8s/obj.json', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}'],
      ['k8s/escaped.json', '{"\\u0061piVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}'],
      ['k8s/escaped.yaml', `"\\x61piVersion": v1\n${cm}`],
      ['k8s/escaped-break.yaml', `? "api\\\n  Version"\n: v1\n${cm}`],
      ['k8s/tagged.yaml', `!!str apiVersion: v1\n${cm}`],
      ['k8s/merged.yaml', `base: &b\n  apiVersion: v1\n  kind: ConfigMap\n<<: *b\nmetadata:\n  name: a\n`],
      ['k8s/list.yaml', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n'],
      ['k8s/later.yaml', `# a comment\nsettings: {a: 1}\n---\napiVersion: v1\n${cm}`],
      ['k8s/kubeconfig.yaml', 'apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: sk-proj-FAKEfakeFAKEfake0123456789abcd\n'],
      ['chart/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n'],
      ['k8s/crlf.yaml', `apiVersion: v1\r\n${cm.replace(/\n/g, '\r\n')}`],
    ];
    for (const [path, text] of cases) {
      const { checked, full } = both(path, text);
      assert.ok(full.facts.length > 0, `the case really is a manifest: ${path}`);
      assert.ok(mayHoldManifest(text), path);
      assert.deepEqual(checked, full, path);
    }
  });

  it('skips plain configuration files, and keeps every problem of the ones it does not skip', () => {
    const config = 'server:\n  port: 8080\n  hosts:\n    - a.example.com\n    - b.example.com\nlogging: {level: info}\n';
    assert.equal(mayHoldManifest(config), false);
    assert.deepEqual(both('config/app.yaml', config).checked, { file: 'config/app.yaml', kind: 'k8s', language: 'yaml', facts: [], problems: [] });
    const laughs = 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    const deepBlock = Array.from({ length: 260 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n';
    const deepFlow = `a: ${'['.repeat(300)}${']'.repeat(300)}\n`;
    for (const [path, text] of [
      ['config/laughs.yaml', laughs],
      ['config/deep.yaml', deepBlock],
      ['config/flow.yaml', deepFlow],
      ['config/deep.json', '{"a":'.repeat(2000) + '1' + '}'.repeat(2000)],
    ] as const) {
      const { checked, full } = both(path, text);
      assert.ok(full.problems.length > 0, `the full read reports on ${path}`);
      assert.ok(mayHoldManifest(text), path);
      assert.deepEqual(checked, full, path);
    }
  });

  it('never changes what the reader gives, for manifests, other YAML and random edits of both (property)', () => {
    const key = fc.constantFrom('apiVersion', 'kind', 'metadata', 'name', 'spec', 'items', '"apiVersion"', '"\\x61piVersion"', 'data', 'a', '- a', '? a', '<<');
    const value = fc.constantFrom('v1', 'ConfigMap', 'Pod', 'List', '{name: a}', '[a, b]', '&x v', '*x', '"q"', "'s'", '!!str x', '|', '{{ .Values.x }}', '', '[[[', '{"a":', 'sk-proj-FAKEfakeFAKEfake0123456789abcd');
    const line = fc.tuple(fc.nat(8), key, value, fc.constantFrom('', ' # c')).map(([indent, k, v, c]) => `${' '.repeat(indent)}${k}: ${v}${c}`);
    const doc = fc.array(fc.oneof({ arbitrary: line, weight: 8 }, { arbitrary: fc.constantFrom('---', '# note', '', '- x', '  - y: 1'), weight: 2 }), { maxLength: 14 }).map((ls) => ls.join('\n'));
    const header = fc.constantFrom('apiVersion: v1\nkind: ConfigMap\n', '"apiVersion": v1\nkind: Pod\n', '{"apiVersion": "v1", "kind": "Service"}\n', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n');
    const manifest = fc.tuple(fc.array(doc, { maxLength: 1 }), header, fc.constantFrom('metadata:\n  name: a\n', 'metadata: {name: {{ .Values.n }}}\n', ''), doc).map(([before, h, m, rest]) => `${before.map((d) => `${d}\n---\n`).join('')}${h}${m}${rest.replace(/^ +/gm, (sp) => `  ${sp}`)}`);
    const text = fc.oneof(doc, manifest);
    const path = fc.constantFrom('k8s/a.yaml', 'k8s/a.json', 'chart/templates/a.yaml', 'config/app.yaml');
    const edit = fc.tuple(fc.nat(), fc.constantFrom('', 'apiVersion', '\\', '*', '\n', '[', '{', '- ', '\t', '"')).map(
      ([p, s]) =>
        (t: string): string =>
          t.slice(0, p % (t.length + 1)) + s + t.slice((p % (t.length + 1)) + (s ? 0 : 1)),
    );
    let skipped = 0;
    let kept = 0;
    fc.assert(
      fc.property(path, text, fc.array(edit, { maxLength: 3 }), (p, original, edits) => {
        const t = edits.reduce((acc, e) => e(acc), original);
        const { checked, full } = both(p, t);
        assert.deepEqual(checked, full);
        if (!mayHoldManifest(t)) skipped++;
        if (full.facts.some((f) => f.kind === 'k8s-object')) kept++;
      }),
      { numRuns: 600, seed: 20260611 },
    );
    assert.ok(skipped > 20 && kept > 20, `skipped ${skipped}, manifests ${kept}`);
  });
});

// Charts are read once and shared by their templates across parse contexts (the pipeline gives
// every file its own): what a template gives must not depend on which templates were read
// before it, every read must still go through the file's context, and an edited
// Chart.yaml / values.yaml must be seen.
import assert from 'node:assert/strict';
import type { ParsedFile } from '../../../src/core/model';
import type { ParseContext } from '../../../src/core/plugin';
import { kubernetesPlugin } from '../../../src/core/parse/kubernetes';

const TEMPLATE = (name: string): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: "{{ .Values.image }}"\n      env:\n        {{- toYaml .Values.env | nindent 8 }}\n`;

function workspace(values: string): Map<string, string> {
  return new Map([
    ['chart/Chart.yaml', 'apiVersion: v2\nname: demo\nversion: 0.1.0\n'],
    ['chart/values.yaml', values],
    ['chart/templates/a.yaml', TEMPLATE('a')],
    ['chart/templates/b.yaml', TEMPLATE('b')],
  ]);
}

const VALUES = 'image: vllm/vllm-openai:v0.6.0\nenv:\n  - name: OPENAI_API_KEY\n    value: sk-proj-FAKEfakeFAKEfake0123456789abcd\n';

/** A parse with a context of its own, as the pipeline does it; returns the result and what it read. */
function parseAlone(files: Map<string, string>, path: string): { parsed: ParsedFile; reads: Set<string> } {
  const reads = new Set<string>();
  const ctx: ParseContext = {
    maxFileBytes: 5_000_000,
    readText: (p) => {
      reads.add(p);
      return files.get(p);
    },
    paths: [...files.keys()],
  };
  return { parsed: kubernetesPlugin.parse({ path, text: files.get(path) }, ctx), reads };
}

describe('kubernetes: charts shared by their templates', () => {
  it('gives each template the same result whatever was read before it, and records the chart reads', () => {
    const files = workspace(VALUES);
    const a1 = parseAlone(files, 'chart/templates/a.yaml');
    const b1 = parseAlone(files, 'chart/templates/b.yaml');
    const a2 = parseAlone(files, 'chart/templates/a.yaml');
    assert.deepEqual(a2.parsed, a1.parsed);
    for (const r of [a1, b1, a2]) {
      assert.ok(r.reads.has('chart/Chart.yaml') && r.reads.has('chart/values.yaml'), 'the chart files are read through the context');
      const secrets = r.parsed.facts.filter((f) => f.kind === 'secret');
      assert.deepEqual(
        secrets.map((s) => s.attributes.path),
        ['spec.containers.0.env.0.value'],
        'the secret from toYaml is found in every template',
      );
      assert.equal(JSON.stringify(r.parsed).includes('sk-proj-FAKE'), false, 'and never kept');
    }
    // b read after a: the same as b read first in a fresh workspace.
    assert.deepEqual(b1.parsed.facts.map((f) => f.attributes), parseAlone(workspace(VALUES), 'chart/templates/b.yaml').parsed.facts.map((f) => f.attributes));
  });

  it('sees an edited values.yaml and Chart.yaml', () => {
    const files = workspace(VALUES);
    const image = (r: ParsedFile): unknown => (r.facts.find((f) => f.type === 'Pod')?.attributes.spec as { containers: { image: string }[] }).containers[0]?.image;
    assert.equal(image(parseAlone(files, 'chart/templates/a.yaml').parsed), 'vllm/vllm-openai:v0.6.0');
    files.set('chart/values.yaml', VALUES.replace('v0.6.0', 'v0.7.0'));
    assert.equal(image(parseAlone(files, 'chart/templates/a.yaml').parsed), 'vllm/vllm-openai:v0.7.0');
    files.set('chart/Chart.yaml', 'apiVersion: v2\nname: renamed\nversion: 0.2.0\n');
    const hints = parseAlone(files, 'chart/templates/a.yaml').parsed.facts[0]?.hints ?? [];
    assert.ok(hints.includes('helm:chart=chart'));
    files.delete('chart/Chart.yaml');
    assert.equal(
      parseAlone(files, 'chart/templates/a.yaml').parsed.facts.some((f) => (f.hints ?? []).includes('helm:templated')),
      true,
      'still a template by its folder, but no chart any more',
    );
    assert.equal(
      parseAlone(files, 'chart/templates/a.yaml').parsed.facts.some((f) => (f.hints ?? []).includes('helm:chart=chart')),
      false,
    );
  });
});

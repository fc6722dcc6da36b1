// The fast YAML reader against the `yaml`-based one: wherever the fast reader answers, its
// answer must be exactly readYamlDocuments' (values, ranges and value ranges in the same
// order, offsets, hook calls); where it does not, the caller falls back. Fixtures, Helm
// templates with the value hook, hand-picked range rules, every short combination of line
// kinds, and generated (and randomly edited) manifests.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { readYaml, readYamlFast } from '../../../src/core/parse/kubernetes/fast-yaml';
import { maskTemplate, templateValueHook } from '../../../src/core/parse/kubernetes/helm';
import type { ChartInfo } from '../../../src/core/parse/kubernetes/helm';
import type { YamlReadResult } from '../../../src/core/parse/yaml-util';
import { readYamlDocuments } from '../../../src/core/parse/yaml-util';

/** The documents as JSON (key order included; positionAt left out). */
const docs = (r: YamlReadResult): string => JSON.stringify(r.documents);

/** Fast and slow agree, or fast declines; returns whether fast answered. */
function agree(text: string, label = JSON.stringify(text)): boolean {
  const fast = readYamlFast(text, 'f.yaml');
  if (!fast) return false;
  const slow = readYamlDocuments(text, 'f.yaml');
  assert.deepEqual(slow.problems, [], `fast answered for a text yaml reports problems on: ${label}`);
  assert.equal(docs(fast), docs(slow), label);
  for (const o of [0, Math.floor(text.length / 2), text.length]) assert.deepEqual(fast.positionAt(o), slow.positionAt(o));
  return true;
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yamlFiles(full, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(full);
  }
  return out;
}

describe('kubernetes: fast YAML reader', () => {
  it('agrees with readYamlDocuments on every fixture and example, and reads most of them', () => {
    const files = [...yamlFiles(path.join(process.cwd(), 'test/fixtures')), ...yamlFiles(path.join(process.cwd(), 'examples'))];
    let fast = 0;
    for (const f of files) if (agree(fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, ''), f)) fast++;
    assert.ok(files.length > 100, `${files.length} files`);
    assert.ok(fast / files.length > 0.8, `fast on ${fast} of ${files.length}`);
    // The plain manifests of the reader's own fixtures all go the fast way.
    for (const f of ['serving/vllm.yaml', 'agents/kagent.yaml', 'kustomize/base/deployment.yaml'].map((p) => path.join(process.cwd(), 'test/fixtures/parse/kubernetes', p)))
      if (fs.existsSync(f) && !/&|\*|\||>-?\n/.test(fs.readFileSync(f, 'utf8'))) assert.ok(readYamlFast(fs.readFileSync(f, 'utf8'), f), f);
  });

  it('gives Helm templates (masked, with the value hook) what readYamlDocuments gives', () => {
    const chartDir = path.join(process.cwd(), 'test/fixtures/parse/kubernetes/helm/agent-chart');
    const values = readYamlDocuments(fs.readFileSync(path.join(chartDir, 'values.yaml'), 'utf8'), 'values.yaml').documents[0]?.value;
    const chart: ChartInfo = { dir: '', name: 'agent-chart', version: '0.1.0', appVersion: '1.0', values: (values ?? {}) as ChartInfo['values'] };
    const templates = [...yamlFiles(path.join(process.cwd(), 'test/fixtures')).filter((f) => /\/templates\//.test(f))];
    const extra = [
      'spec:\n  resources:\n    {{- toYaml .Values.resources | nindent 4 }}\n  image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n  replicas: {{ .Values.replicaCount }}\n',
      'metadata:\n  name: {{ include "x.fullname" . }}\n  labels:\n    {{- include "x.labels" . | nindent 4 }}\n{{- if .Values.enabled }}\nspec:\n  a: [{{ .Values.a }}, b]\n  c:\n{{- end }}\n',
      '{{- with .Values.env }}\nenv:\n  - name: X\n    value: {{ .X | quote }}\n  -\n{{- end }}\n',
    ];
    let fast = 0;
    for (const [i, text] of [...templates.map((f) => fs.readFileSync(f, 'utf8')), ...extra].entries()) {
      const mask = maskTemplate(text);
      const calls = { fast: 0, slow: 0 };
      const hookFor = (k: 'fast' | 'slow') => {
        const hook = templateValueHook(text, mask, chart);
        return (ctx: Parameters<typeof hook>[0]) => {
          calls[k]++;
          return hook(ctx);
        };
      };
      const f = readYamlFast(mask.masked, 't.yaml', hookFor('fast'));
      const s = readYamlDocuments(mask.masked, 't.yaml', { valueHook: hookFor('slow') });
      if (!f) continue;
      fast++;
      assert.equal(docs(f), docs(s), `template ${i}`);
      assert.equal(calls.fast, calls.slow, `hook calls, template ${i}`);
    }
    assert.ok(fast >= extra.length, `fast on ${fast} templates`);
  });

  it('follows yaml on where nodes end: comments, empty values, trailing comments, documents', () => {
    const cases = [
      // a comment deeper than its collection joins the value before it (also after blank lines)
      'a:\n  b: 1\n    # joins b\n\n    # joins too\nc: 2\n',
      'a:\n  b: 1\n  # stays in a (same column)\nc: 2\n',
      // comments at the end of a nested collection stay in it when one is as deep as it
      'a:\n  b:\n    c: 1\n    # deep\n  # mid\n# top\n',
      'a:\n  b:\n    c: 1\n  # mid only\nd: 1\n',
      'x:\n- a\n# after the sequence\ny: 1\n',
      // empty values followed by comments: next key, dedent, marker, end of text
      'a:\n  # c\nb: 1\n',
      'a:\n    # deep\n  # shallow\n\nb: 1\n',
      'a:\n  b:\n  # c\nc: 1\n',
      'a:\n  b:\n    # c\nd: 1\n',
      'a: # same line\nb: 1\n',
      'a:\n# c\n---\nb:\n  c:\n  # c\n---\n',
      'a:\n  b:\n  # c',
      // empty sequence items, with and without comments around them
      '- a\n-\n-   \n# before\n-\n- # same line\n-\n  # after\n',
      // documents: markers, empty documents, comments only
      '---\n---   # c\n\n---\na: 1\n',
      '# only a comment\n',
      '',
      '---\n',
      'a: 1\n---\n',
      // flow sequences, quoting, typing
      'a: [1, "two", \'thr\'\'ee\', 0x1F, 0o17, .inf, -.Inf, .nan, 1e3, 1., ~, True, NULL]\nb: [ a , b ]\nc: []\nd: {}\ne: { }\n',
      '"q": 1\n\'s\': 2\n1: a\n1.50: b\ntrue: c\nnull: d\n',
      'k: \u00a0\u00a0\nj: x\u00a0\n- bad\n',
      'k:  \u00a0\n',
      'nvidia.com/gpu: 1\nurl: http://x:80/a#b\ntime: 12:30\nv: a - b\nw: -x\nz: --x\n',
      // indented roots, compact and same-column sequences
      '  a: 1\n  b:\n  - x\n  - y: 1\n    z: 2\n',
      '- - x\n',
      '- a: 1\n  b:\n    - c\n-\n  d: 2\n',
    ];
    let fast = 0;
    for (const t of cases) {
      if (agree(t)) fast++;
      agree(t.replace(/\n/g, '\r\n'), `CRLF ${JSON.stringify(t)}`);
    }
    assert.ok(fast >= cases.length - 3, `fast on ${fast} of ${cases.length}`);
  });

  it('declines what it does not read, so yaml reads it', () => {
    for (const t of [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |\n  text\n',
      'a: >\n  text\n',
      'a: "esc\\n"\n',
      'a: 1\rb: 2\n',
      'a:\tb\n',
      'a: 1\na: 2\n',
      '1: a\n01: b\n',
      '<<: {a: 1}\n',
      '__proto__: x\n',
      'a: {b: 1}\n',
      'a: [[1]]\n',
      'a: [-]\n',
      'a: [b,]\n',
      'a: b: c\n',
      'a: "unterminated\n',
      'a: b\n  c\n',
      '%YAML 1.2\n---\na: 1\n',
      '--- a\n',
      'plain scalar root\n',
      '{"apiVersion": "v1"}\n',
      '? a\n: b\n',
      `${'x'.repeat(1100)}: 1\n`,
      Array.from({ length: 120 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
    ]) {
      assert.equal(readYamlFast(t, 'f.yaml'), undefined, JSON.stringify(t.slice(0, 60)));
      // …and readYaml still gives yaml's answer.
      assert.equal(docs(readYaml(t, 'f.yaml')), docs(readYamlDocuments(t, 'f.yaml')));
    }
  });

  it('agrees on every combination of two lines of the common kinds at columns 0–4 (LF and CRLF), and of three at 0 and 2', () => {
    const kinds = ['k%:', 'k%: v', '-', '- v', '- k%: v', '- k%:', '# c', '', '---', 'k%: # c', '- # c', 'k%: [a, "b"]'];
    let fast = 0;
    let total = 0;
    for (const [count, indents] of [
      [2, [0, 1, 2, 3, 4]],
      [3, [0, 2]],
    ] as const) {
      const per = kinds.length * indents.length;
      for (let x = 0; x < per ** count; x++) {
        const lines: string[] = [];
        let y = x;
        for (let l = 0; l < count; l++) {
          const kind = kinds[y % kinds.length] ?? '';
          y = Math.floor(y / kinds.length);
          const indent = indents[y % indents.length] ?? 0;
          y = Math.floor(y / indents.length);
          lines.push(kind === '---' ? kind : ' '.repeat(indent) + kind.replace('%', String(l)));
        }
        for (const end of count === 2 ? ['\n', '', '\r\n'] : ['\n', '']) {
          total++;
          if (agree(lines.join(end === '\r\n' ? end : '\n') + end)) fast++;
        }
      }
    }
    assert.ok(fast > total / 4, `fast on ${fast} of ${total}`);
  });

  it('agrees on generated manifests, LF or CRLF, with and without random edits (property)', () => {
    let fast = 0;
    let runs = 0;
    fc.assert(
      fc.property(yamlText(), fc.array(edit(), { maxLength: 3 }), fc.constantFrom('lf', 'crlf', 'mixed'), (text, edits, breaks) => {
        runs++;
        let t = text;
        for (const e of edits) t = e(t);
        if (breaks === 'crlf') t = t.replace(/\n/g, '\r\n');
        else if (breaks === 'mixed') t = t.replace(/\n/g, (nl, at: number) => (at % 2 ? '\r\n' : nl));
        if (agree(t)) fast++;
      }),
      { numRuns: 1500, seed: 20260610 },
    );
    assert.ok(fast > runs / 4, `fast on ${fast} of ${runs}`);
  });
});

// ───────────────────────────── generators ─────────────────────────────

const SCALARS = ['a', 'b c', 'nginx:1.27', '1', '-1', '0o17', '0x1F', '1e3', '.5', '1.0', '.inf', '.nan', 'true', 'False', 'null', '~', 'x:y', 'http://a/b', 'a#b', '"q"', '"a: b"', "'s'", "'it''s'", '[]', '{}', '[a, b]', '["x", 1, true]', '[ a , "b" ]', 'nvidia.com/gpu', '12:30', '-x', '0755', '+1', 'é', '日本', '\u00a0', 'a\u00a0'];
const RISKY = ['|', '>', '&a x', '*a', '!t x', '@x', 'a: b', '- y', '[a]b', '"esc\\"', '[-]', '{a: 1}'];
const KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace', 'spec', 'image', 'a', 'b', 'x.y', 'nvidia.com/gpu', '"quoted"', "'single'", '-k', 'a b', '1', 'true'];

interface Line {
  column: number;
  text: string;
}

type Tree = { t: 'scalar'; v: string } | { t: 'map'; entries: [string, Tree][] } | { t: 'seq'; items: Tree[] };

const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ t: fc.constant('scalar' as const), v: fc.oneof({ arbitrary: fc.constantFrom(...SCALARS), weight: 20 }, { arbitrary: fc.constantFrom(...RISKY), weight: 1 }) }),
    fc.record({ t: fc.constant('map' as const), entries: fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('tree')), { minLength: 1, maxLength: 4 }) }),
    fc.record({ t: fc.constant('seq' as const), items: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }) }),
  ),
})).tree;

/** Choices the serialiser draws from (indent widths, comments, blanks, trailing text). */
const styleArb = fc.array(fc.nat(1000), { minLength: 64, maxLength: 64 });

function serialise(tree: Tree, style: number[]): string {
  let k = 0;
  const pick = (n: number): number => (style[k++ % style.length] ?? 0) % n;
  const lines: Line[] = [];
  const extras = (column: number): void => {
    const r = pick(12);
    if (r === 0) lines.push({ column: pick(column + 5), text: '# note' });
    else if (r === 1) lines.push({ column: 0, text: '' });
    else if (r === 2) lines.push({ column: pick(column + 5), text: '#' });
  };
  const trail = (): string => ['', '', '', ' # t', '  ', ' #'][pick(6)] ?? '';
  // `lead`: where the node's first line starts when a `- ` already stands before it (compact).
  const emit = (node: Tree, column: number, lead: { column: number; text: string } | undefined): void => {
    if (node.t === 'scalar') {
      lines.push({ column, text: `${node.v}${trail()}` });
      return;
    }
    const seen = new Set<string>();
    const items: [string, Tree][] = node.t === 'map' ? node.entries.filter(([key]) => !seen.has(key) && (seen.add(key), true)) : node.items.map((v) => ['', v]);
    items.forEach(([key, value], i) => {
      const at = i === 0 && lead ? lead : { column, text: '' };
      if (!(i === 0 && lead)) extras(column);
      const head = `${at.text}${node.t === 'map' ? `${key}:` : '-'}`;
      if (value.t === 'scalar') {
        lines.push({ column: at.column, text: `${head} ${value.v}${trail()}` });
      } else if (node.t === 'seq' && (value.t === 'map' || pick(4) === 0) && pick(2) === 0) {
        emit(value, column + 2, { column: at.column, text: `${head} ` }); // compact `- key: value`, `- - x`
      } else {
        lines.push({ column: at.column, text: `${head}${trail()}` });
        const step = node.t === 'map' && value.t === 'seq' && pick(2) === 0 ? 0 : ([2, 2, 4, 1][pick(4)] ?? 2);
        emit(value, column + step, undefined);
      }
    });
  };
  const docsCount = 1 + pick(2);
  const out: string[] = [];
  for (let d = 0; d < docsCount; d++) {
    lines.length = 0;
    if (d > 0 || pick(3) === 0) lines.push({ column: 0, text: ['---', '--- # doc', '---  '][pick(3)] ?? '---' });
    if (pick(4) === 0) lines.push({ column: 0, text: '# header' });
    if (pick(8) !== 0) emit(tree.t === 'scalar' ? { t: 'map', entries: [['k', tree]] } : tree, 0, undefined);
    out.push(lines.map((l) => (l.text ? ' '.repeat(l.column) + l.text : '')).join('\n'));
  }
  return out.join('\n') + (['\n', '', '\n\n', '\n# tail\n'][pick(4)] ?? '\n');
}

function yamlText(): fc.Arbitrary<string> {
  return fc.tuple(treeArb, styleArb).map(([t, s]) => serialise(t, s));
}

/** A random edit: delete, insert a YAML-significant piece, or cut a span. */
function edit(): fc.Arbitrary<(t: string) => string> {
  return fc.oneof(
    fc.nat().map((p) => (t: string) => t.slice(0, p % (t.length + 1)) + t.slice((p % (t.length + 1)) + 1)),
    fc.tuple(fc.nat(), fc.constantFrom(' ', '\n', ':', '-', '#', '"', "'", '[', ']', ',', '  ', 'x', '---\n', '\n  # c\n')).map(([p, s]) => (t: string) => t.slice(0, p % (t.length + 1)) + s + t.slice(p % (t.length + 1))),
    fc.tuple(fc.nat(), fc.nat(40)).map(([p, n]) => (t: string) => t.slice(0, p % (t.length + 1)) + t.slice((p % (t.length + 1)) + n)),
  );
}

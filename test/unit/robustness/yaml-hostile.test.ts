// Hostile YAML through src/core/parse/yaml-util.ts (the Kubernetes, Helm and Copilot Studio
// readers) and its `parseYamlDocument` (the register updater): duplicate keys are found in one
// pass at the offsets the `yaml` library gives, and nesting that could abort the process inside
// the library is refused before parsing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments, parseDocument, type YAMLError } from 'yaml';
import { MAX_YAML_FLOW_DEPTH } from '../../../src/core/parse/code/text';
import { MAX_PROBLEMS, MAX_YAML_DEPTH, duplicateKeys, parseYamlDocument, readYamlDocuments, yamlNestingBeyond } from '../../../src/core/parse/yaml-util';
import { timed } from './util';

const SEED = process.env.ROB_SEED ? Number(process.env.ROB_SEED) : 20260611;

/** Keys that repeat in the ways the library's offsets differ: empty keys, explicit keys, props, flow, comments, CRLF. */
const TRICKY = [
  'a: 1\na: 2\n',
  'a:\na: 1',
  'a:\r\na: 1',
  'a: \na: 1',
  'a:\n\n\na: 1',
  'a:\n# c\na: 1',
  'a:   # c\na: 1',
  'x:\n  b:\nx: 1',
  '- a:\n  a: 1',
  'a: &x\na: 1',
  'a: !!str\na: 1',
  'q:\n  a:\n\n  a: 1',
  '&x a: 1\n&y a: 2\n',
  '!!str a: 1\n!!str a: 2\n',
  '? a\n: 1\n? a\n: 2\n',
  '?\n: 1\n?\n: 2\n',
  '? # c\n: 1\n? # d\n  # e\n: 2\n',
  ': 1\n: 2\n',
  '{a: 1, a: 2}',
  '{&q a: 1, !!str a: 2}',
  '{? , ? }',
  '{a: , a: 1}',
  '{a:, a: 1}',
  '{a, a}',
  '[a: 1, a: 2]',
  '? {a: 1, a: 2}\n: x\n',
  '1: a\n1.0: b\n0x1: c\n',
  '.nan: a\n.nan: b\n',
  '~: a\nnull: b\n: c\n',
  '<<: *a\n<<: *b\n',
  'a: &n 1\n*n : 2\n',
  '"a": 1\n\'a\': 2\n',
  'a: 1\n---\na: 2\na: 3\n---\nb: {b: 1, b: 2}\n',
  'spec:\n  containers:\n  - name: a\n    name: b\n    image: x\n  containers: []\n',
];

/** Fragments for random text that often repeats keys. */
const FRAGMENTS = ['a', 'b', 'a', '1', '1.0', '"a"', "'a'", '~', '', ' ', '\n', '\n', '\n  ', '\r\n', ':', ': ', '? ', '?', '- ', '-', '{', '}', '[', ']', ', ', '# c', ' # c', '&x ', '*x', '!!str ', '---\n', '|\n  t\n', '.nan', 'a: ', 'a:\n', '  a: ', '- a: '];
const soup = fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 30 }).map((parts) => parts.join(''));

/** The problems readYamlDocuments should give for the library's errors (its own check on). */
function expectedSyntaxProblems(text: string): string[] {
  const r = readYamlDocuments(text, 'f.yaml');
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const errors = Array.isArray(docs) ? docs.flatMap((d) => d.errors) : [];
  return errors.map((e) => key(r.positionAt(e.pos[0]), `YAML syntax error (${e.code}): ${e.message}`)).sort();
}

function key(at: { line: number; character: number }, message: string): string {
  return `${at.line}:${at.character} ${message}`;
}

function syntaxProblems(text: string): string[] {
  return readYamlDocuments(text, 'f.yaml')
    .problems.filter((p) => p.code === 'parse/yaml-syntax')
    .map((p) => key(p.range.start, p.message))
    .sort();
}

function errorsOf(errors: YAMLError[]): string[] {
  return errors.map((e) => JSON.stringify([e.code, e.message, e.pos, e.linePos ?? null]));
}

/** `parseYamlDocument` gives the library's errors (as a multiset) and the same document. */
function assertSameAsLibrary(text: string, options: { prettyErrors?: boolean; keepSourceTokens?: boolean }, ordered = false): void {
  const ours = parseYamlDocument(text, options);
  const theirs = parseDocument(text, options);
  const a = errorsOf(ours.errors);
  const b = errorsOf(theirs.errors);
  if (ordered) assert.deepEqual(a, b, JSON.stringify(text));
  else assert.deepEqual(a.sort(), b.sort(), JSON.stringify(text));
  assert.deepEqual(ours.contents?.toJSON() ?? null, theirs.contents?.toJSON() ?? null, JSON.stringify(text));
}

describe('robustness/yaml-hostile', function () {
  this.timeout(120_000);
  // Time budgets are generous (a shared 2-core machine): the library's own check took 40 s here.

  describe('duplicate keys', () => {
    it('readYamlDocuments reports the duplicates the yaml library reports, with its message and position', () => {
      let withDuplicates = 0;
      for (const text of TRICKY) {
        const expected = expectedSyntaxProblems(text);
        if (expected.some((p) => p.includes('DUPLICATE_KEY'))) withDuplicates++;
        assert.deepEqual(syntaxProblems(text), expected, JSON.stringify(text));
      }
      assert.ok(withDuplicates >= TRICKY.length - 4, `${withDuplicates} of the tricky texts repeat a key`);
      // and the document reads as before: the later key wins
      const doc = readYamlDocuments('a: 1\nb: 2\na: 3\n', 'f.yaml').documents[0];
      assert.deepEqual(doc.value, { a: 3, b: 2 });
      assert.equal(doc.hasErrors, true);
      assert.equal(doc.refused, false);
    });

    it('on random text, readYamlDocuments and duplicateKeys agree with the library', () => {
      let duplicates = 0;
      fc.assert(
        fc.property(soup, (text) => {
          const expected = expectedSyntaxProblems(text);
          if (expected.some((p) => p.includes('DUPLICATE_KEY'))) duplicates++;
          assert.deepEqual(syntaxProblems(text), expected);
          const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, keepSourceTokens: true });
          const withCheck = parseAllDocuments(text, { prettyErrors: false });
          if (!Array.isArray(docs) || !Array.isArray(withCheck)) return;
          docs.forEach((d, i) => {
            const theirs = (withCheck[i]?.errors ?? []).filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]);
            assert.deepEqual(duplicateKeys(d.contents), theirs.sort((x, y) => x - y));
          });
        }),
        { seed: SEED, numRuns: 3000 },
      );
      assert.ok(duplicates > 50, `${duplicates} random texts repeated a key`);
    });

    it('10^5 repeated keys list 200 problems, count the rest and refuse the document, as before, in bounded time', () => {
      const text = 'a: 1\n'.repeat(100_000);
      const { value: r, ms } = timed(() => readYamlDocuments(text, 'f.yaml'));
      assert.ok(ms < 8000, `${ms.toFixed(0)} ms`);
      assert.equal(r.problems.length, MAX_PROBLEMS + 1);
      assert.ok(r.problems.slice(0, MAX_PROBLEMS).every((p, i) => p.message === 'YAML syntax error (DUPLICATE_KEY): Map keys must be unique' && p.range.start.line === i + 1));
      assert.equal(r.problems[MAX_PROBLEMS].message, `${100_000 - 1 - MAX_PROBLEMS} more YAML problems in this file are not listed (at most ${MAX_PROBLEMS} are).`);
      assert.equal(r.problems[MAX_PROBLEMS].range.start.line, MAX_PROBLEMS + 1);
      assert.equal(r.documents[0].refused, true);
      // a few are listed and the document is still read
      const few = readYamlDocuments('a: 1\n'.repeat(MAX_PROBLEMS + 1), 'f.yaml');
      assert.equal(few.problems.length, MAX_PROBLEMS);
      assert.deepEqual(few.documents[0].value, { a: 1 });
    });

    it('5 x 10^4 distinct keys: readYamlDocuments and parseYamlDocument in bounded time, no problem', () => {
      const text = Array.from({ length: 50_000 }, (_, i) => `k${i}: v`).join('\n');
      const read = timed(() => readYamlDocuments(text, 'f.yaml'));
      assert.ok(read.ms < 8000, `readYamlDocuments ${read.ms.toFixed(0)} ms`);
      assert.deepEqual(read.value.problems, []);
      assert.equal(Object.keys(read.value.documents[0].value as object).length, 50_000);
      const parsed = timed(() => parseYamlDocument(text));
      assert.ok(parsed.ms < 8000, `parseYamlDocument ${parsed.ms.toFixed(0)} ms`);
      assert.deepEqual(parsed.value.errors, []);
      // one repeat at the end is still found, where the library puts it
      const repeated = `${text}\nk7: again\n`;
      const errors = parseYamlDocument(repeated).errors;
      assert.equal(errors.length, 1);
      assert.equal(errors[0].code, 'DUPLICATE_KEY');
      assert.equal(errors[0].pos[0], repeated.lastIndexOf('k7:'));
      assert.match(errors[0].message, /^Map keys must be unique at line 50001, column 1:\n/);
    });

    it('parseYamlDocument gives the errors and the document parseDocument gives', () => {
      for (const text of TRICKY) {
        for (const options of [{}, { prettyErrors: false }, { keepSourceTokens: true }]) assertSameAsLibrary(text, options, true);
      }
      fc.assert(
        fc.property(soup, fc.boolean(), (text, pretty) => assertSameAsLibrary(text, { prettyErrors: pretty })),
        { seed: SEED, numRuns: 3000 },
      );
    });
  });

  describe('deep nesting', () => {
    /** Inputs that aborted Node (exit 134) when the `yaml` library parsed them twice in one process. */
    const lines = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join('\n');
    const HOSTILE: Record<string, string> = {
      'brackets on lines': '{\n'.repeat(999),
      'brackets on one line': `a: ${'['.repeat(3_000)}`,
      '"- " items on one line': `${'- '.repeat(1_000)}x`,
      '"? " keys on one line': `${'? '.repeat(2_000)}a`,
      '"-" and tab': `${'-\t'.repeat(1_000)}x`,
      '"-" indented two more each line': lines(1_000, (i) => `${' '.repeat(2 * i)}-`),
      'the same with lone CR': lines(1_000, (i) => `${' '.repeat(2 * i)}-`).replace(/\n/g, '\r'),
      'ten "- " a line, indented': lines(100, (i) => `${' '.repeat(20 * i)}${'- '.repeat(10)}`),
      '"-" lines inside a bracket': `[\n${lines(1_000, (i) => `${' '.repeat(2 * i)}-`)}`,
      '"- " items after a bracket': `[\n${'- '.repeat(3_000)}`,
      'after a document marker': `--- ${'- '.repeat(1_000)}x`,
      'with anchors between': `${'- &a '.repeat(1_000)}x`,
    };
    /** At the limits: still read. */
    const AT_LIMIT: Record<string, string> = {
      brackets: `${'['.repeat(MAX_YAML_FLOW_DEPTH)}${']'.repeat(MAX_YAML_FLOW_DEPTH)}`,
      '"- " items': `${'- '.repeat(MAX_YAML_DEPTH - 1)}x`,
      '"-" indented': lines(MAX_YAML_DEPTH / 2, (i) => `${' '.repeat(2 * i)}-`),
      'items and brackets': `${'- '.repeat(MAX_YAML_DEPTH - MAX_YAML_FLOW_DEPTH - 1)}${'['.repeat(MAX_YAML_FLOW_DEPTH)}${']'.repeat(MAX_YAML_FLOW_DEPTH)}`,
    };

    it('the register, CI and Copilot Studio readers refuse every such input too, six times in one process', () => {
      const script = `
        const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
        const { PLUGINS } = require(input.parse);
        const out = {};
        for (const path of ['ai-asset-register.yaml', '.github/workflows/ci.yml', 'agent.mcs.yml']) {
          const plugin = PLUGINS.find((p) => p.matches(path));
          out[path] = [];
          for (const [name, text] of Object.entries(input.texts))
            for (let i = 0; i < 6; i++) {
              const r = plugin.parse({ path, text }, { maxFileBytes: 1e8, readText: () => undefined, paths: [path] });
              if (i === 0) out[path].push([name, r.problems.map((p) => p.code)]);
            }
        }
        process.stdout.write(JSON.stringify(out));`;
      const r = spawnSync(process.execPath, ['-e', script], { input: JSON.stringify({ parse: join(__dirname, '../../../src/core/parse/index.js'), texts: HOSTILE }), encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
      assert.equal(r.status, 0, `child exited ${r.status ?? r.signal}: ${r.stderr.slice(0, 500)}`);
      const out = JSON.parse(r.stdout) as Record<string, [string, string[]][]>;
      for (const [path, results] of Object.entries(out)) {
        assert.equal(results.length, Object.keys(HOSTILE).length, path);
        for (const [name, codes] of results) assert.ok(codes.some((c) => /yaml-too-deep$/.test(c)), `${path}: ${name} gave ${codes.join(', ')}`);
      }
    });

    /** Runs `script` in a child `node` (an abort there is a failed test, not a dead mocha). */
    function child(script: string, input: object, flags: string[] = []): { status: number | null; signal: string | null; out: unknown; stderr: string } {
      const modules = { util: join(__dirname, '../../../src/core/parse/yaml-util.js'), write: join(__dirname, '../../../src/core/register/write.js') };
      const r = spawnSync(process.execPath, [...flags, '-e', script], { input: JSON.stringify({ modules, ...input }), encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
      let out: unknown;
      try {
        out = JSON.parse(r.stdout);
      } catch {
        out = r.stdout.slice(0, 500);
      }
      return { status: r.status, signal: r.signal, out, stderr: r.stderr.slice(0, 500) };
    }

    const READ_ALL = `
      const { modules, texts, times } = JSON.parse(require('fs').readFileSync(0, 'utf8'));
      const { readYamlDocuments, parseYamlDocument } = require(modules.util);
      const { updateRegister } = require(modules.write);
      const empty = { workloads: [], assessments: [] };
      const out = {};
      for (const [name, text] of Object.entries(texts)) {
        const seen = [];
        for (let k = 0; k < times; k++) {
          seen.push(readYamlDocuments(text, 'k8s/a.yaml').problems.map((p) => p.code).join(',') || 'read');
          seen.push(parseYamlDocument(text).errors.map((e) => e.code).join(',') || 'parsed');
          try { updateRegister(text, empty); seen.push('updated'); } catch (e) { seen.push(/nests? more than/.test(e.message) ? 'refused' : 'other'); }
        }
        out[name] = [...new Set(seen)].sort();
      }
      process.stdout.write(JSON.stringify(out));`;

    it('every form that aborted the process is refused before parsing, however often it is read', () => {
      const r = child(READ_ALL, { texts: HOSTILE, times: 6 });
      assert.equal(r.status, 0, `child exited ${r.status ?? r.signal}: ${r.stderr}`);
      const expected = Object.fromEntries(Object.keys(HOSTILE).map((k) => [k, ['RESOURCE_EXHAUSTION', 'parse/yaml-too-deep', 'refused']]));
      assert.deepEqual(r.out, expected);
    });

    it('nesting at the limits is read, many times, even with 40% of the usual stack', () => {
      const r = child(READ_ALL, { texts: AT_LIMIT, times: 6 }, ['--stack-size=400']);
      assert.equal(r.status, 0, `child exited ${r.status ?? r.signal}: ${r.stderr}`);
      const out = r.out as Record<string, string[]>;
      for (const name of Object.keys(AT_LIMIT)) {
        // the YAML is valid but not a register: read, parsed, and the updater rejects its shape
        assert.deepEqual(out[name]?.filter((s) => s !== 'other'), ['parsed', 'read'], name);
      }
    });

    it('the problem points at the bracket or indicator that goes too deep', () => {
      const cases: [string, string, string][] = [
        [HOSTILE['brackets on lines'], '{', `Brackets nest more than ${MAX_YAML_FLOW_DEPTH} levels deep here; the file was not read.`],
        [HOSTILE['"- " items on one line'], '-', `The YAML nests more than ${MAX_YAML_DEPTH} levels deep here (indentation, "- " items and brackets); the file was not read.`],
        [HOSTILE['"-" indented two more each line'], '-', ''],
        [HOSTILE['"? " keys on one line'], '?', ''],
      ];
      for (const [text, char, message] of cases) {
        const r = readYamlDocuments(text, 'a.yaml');
        assert.equal(r.problems.length, 1);
        const p = r.problems[0];
        assert.equal(p.code, 'parse/yaml-too-deep');
        assert.equal(p.severity, 'error');
        if (message) assert.equal(p.message, message);
        assert.equal(text.split(/\r\n|\n|\r/)[p.range.start.line][p.range.start.character], char);
        assert.deepEqual(r.documents, []);
      }
      // where: the 101st bracket, the 200th "- " (the document is level 1)
      assert.deepEqual(readYamlDocuments(HOSTILE['brackets on lines'], 'a.yaml').problems[0].range.start, { line: MAX_YAML_FLOW_DEPTH, character: 0 });
      assert.deepEqual(readYamlDocuments(HOSTILE['"- " items on one line'], 'a.yaml').problems[0].range.start, { line: 0, character: 2 * (MAX_YAML_DEPTH - 1) });
      // parseYamlDocument: an empty document with one error there, pretty as the library's are
      const doc = parseYamlDocument(HOSTILE['"- " items on one line']);
      assert.equal(doc.contents, null);
      assert.equal(doc.errors.length, 1);
      assert.deepEqual(doc.errors[0].pos, [2 * (MAX_YAML_DEPTH - 1), 2 * (MAX_YAML_DEPTH - 1) + 1]);
      assert.deepEqual(doc.errors[0].linePos?.[0], { line: 1, col: 2 * (MAX_YAML_DEPTH - 1) + 1 });
      assert.match(doc.errors[0].message, /^The YAML nests more than 200 levels deep here .*; the text was not parsed at line 1, column 399:\n/);
    });

    it('levels close with their lines: siblings, documents and brackets that close are not added up', () => {
      const half = `${'- '.repeat(150)}x`;
      assert.equal(yamlNestingBeyond(`${half}\n${half}\n${half}\n`), undefined, 'sibling lines');
      assert.equal(yamlNestingBeyond(`${half}\n---\n${half}\n...\n${half}\n`), undefined, 'documents');
      assert.equal(yamlNestingBeyond(`a: ${'['.repeat(90)}${']'.repeat(90)}\n`.repeat(1000)), undefined, 'closed brackets');
      assert.equal(yamlNestingBeyond(`{\n${'  "a": {\n'.repeat(90)}${'  }\n'.repeat(90)}}\n`), undefined, 'pretty-printed JSON counts its brackets once');
      assert.equal(yamlNestingBeyond(`a: |\n${lines(1000, () => '  - - - - - x')}\n`), undefined, 'lines of a block scalar at one indentation');
      // but nesting under a line does add up
      assert.ok(yamlNestingBeyond(`${half}\n${' '.repeat(300)}${half}\n`), 'a line under the deepest item');
      assert.ok(yamlNestingBeyond(`${'- '.repeat(150)}${'['.repeat(60)}`), 'brackets after items');
    });

    it('no fixture or example comes near the limits', () => {
      const files: string[] = [];
      const walk = (dir: string): void => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const p = join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else if (/\.(ya?ml|json)$/i.test(e.name)) files.push(p);
        }
      };
      walk(join(process.cwd(), 'test/fixtures'));
      walk(join(process.cwd(), 'examples'));
      assert.ok(files.length > 100, `${files.length} files`);
      for (const f of files) {
        // a quarter of the limits: well inside them
        assert.equal(yamlNestingBeyond(readFileSync(f, 'utf8'), MAX_YAML_FLOW_DEPTH / 4, MAX_YAML_DEPTH / 4), undefined, f);
      }
    });
  });
});

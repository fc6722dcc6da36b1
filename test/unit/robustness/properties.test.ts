// Property-based tests: every input plugin, fed arbitrary text, arbitrary bytes, token soup
// and mutated real files, never throws, never hangs, and reports only valid positions.
// Then whole scans of mutated workspaces keep the same promises.
//
// Seeds are fixed so the suite is repeatable; set ROB_SEED (and ROB_RUNS, a multiplier) to
// explore: `ROB_SEED=$RANDOM ROB_RUNS=10 npx mocha ...`.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { PLUGINS } from '../../../src/core/parse';
import type { ParsedFile } from '../../../src/core';
import type { InputPlugin } from '../../../src/core/plugin';
import { MAX_READER_PROBLEMS } from '../../../src/core/parse/code/text';
import { projectOf, scanFiles } from '../helpers';
import { budgetMs, initPlugins, isRegisterAliasThrow, knownFree, mutate, withoutKnown, parsedFileProblems, parseWith, resultProblems, seedFiles, setSlack, timed, timedAsync, type Mutation, type Seed } from './util';

const SEED = process.env.ROB_SEED ? Number(process.env.ROB_SEED) : 20260601;
const MULT = process.env.ROB_RUNS ? Number(process.env.ROB_RUNS) : 2;
const runs = (n: number): number => Math.max(1, Math.round(n * MULT));

/** Paths each plugin claims, beyond those of the fixtures. */
const EXTRA_PATHS = [
  'ai-asset-register.yaml',
  'infra/main.tf',
  'infra/main.tf.json',
  'infra/terraform.tfvars',
  '.github/workflows/ci.yml',
  '.mcp.json',
  'CODEOWNERS',
  'CLAUDE.md',
  'sol/Workflows/Flow-0D1E2F3A-4B5C-4D6E-8F90-A1B2C3D4E5F6.json',
  'sol/Workflows/Flow-0D1E2F3A-4B5C-4D6E-8F90-A1B2C3D4E5F6.json.data.xml',
  'sol/Other/Solution.xml',
  'sol/Other/Customizations.xml',
  'sol/bots/b/bot.xml',
  'sol/bots/b/configuration.json',
  'sol/botcomponents/c/data',
  'agent/agent.mcs.yml',
  'export.zip',
  'force-app/main/default/bots/A/A.bot-meta.xml',
  'force-app/main/default/genAiFunctions/F/F.genAiFunction-meta.xml',
  'force-app/main/default/aiAuthoringBundles/B/B.agent',
  'package.json',
  'requirements.txt',
  'pyproject.toml',
  'pom.xml',
  'go.mod',
  'uv.lock',
  'app/agent.py',
  'web/chat.ts',
  'web/chat.js',
  'nb/analysis.ipynb',
  'src/Main.java',
  '.env',
  'k8s/deploy.yaml',
  'k8s/deploy.json',
  'k8s/kustomization.yaml',
];

/** Pieces of the formats the readers know; random sequences of them reach deeper parser states than random characters. */
const TOKENS = [
  '{', '}', '[', ']', '(', ')', '"', "'", '`', ':', '=', ',', ';', '\n', '\n  ', '  ', '\t', '\r\n', '\r', '-', '- ', '#', '//', '/*', '*/',
  '<', '>', '</', '/>', '<?xml version="1.0"?>', '<!DOCTYPE x [<!ENTITY e "eeee">]>', '&e;', '<![CDATA[', ']]>', '&amp;', '&#0;', '&#x110000;',
  '&a ', '*a', '<<: *a', '!!binary ', '!Ref ', '|', '>-', '? ', '---\n', '...\n', '%YAML 1.2\n', '${', '${var.x}', '{{', '}}', '{{ .Values.x }}', '%{ if x }', '<<EOT\n', '\nEOT\n',
  '\\', '\\u', '\\uD800', '\u0000', '\uFEFF', '\uD800', '\uDC00', '\u2028', 'é', '😀', 'a', 'key', 'value', 'true', 'null', '1e999', '-0', '0x1F', '9007199254740993',
  'resource "aws_sagemaker_endpoint" "e" ', 'variable "v" ', 'module "m" ', 'source = "./m"', 'dynamic "x" ', 'for_each = ', 'count = ', 'data.x.y', 'var.x', 'local.y',
  'apiVersion: v1\n', 'apiVersion: apps/v1\n', 'kind: Deployment\n', 'kind: List\n', 'items:\n', 'metadata:\n', 'spec:\n', 'containers:\n', 'image: vllm/vllm-openai\n', 'env:\n', 'valueFrom:\n',
  '"definition"', '"actions"', '"type": "Http"', '"inputs"', '"headers"', '"triggers"', '"runAfter"', '"properties"', '"connectionReferences"', '"$schema"',
  'kind: AdaptiveDialog\n', 'beginDialog:\n', 'actions:\n', 'import openai\n', 'from openai import OpenAI\n', 'OpenAI(', 'client.chat.completions.create(', 'def ', 'class ', 'async ', 'require(', "import { Anthropic } from '@anthropic-ai/sdk';\n",
  '"cells"', '"source"', '"cell_type"', '[tool.poetry.dependencies]\n', '[[package]]\n', 'openai==1.0\n', '<dependency>', '<artifactId>', 'require (\n', '"dependencies"', '"openai": "^4"',
  'workloads:\n', '  - name: ', 'tier: L7\n', 'exceptions:\n', 'settings:\n', 'exclude:\n', 'owner: ', 'api_key = ', 'OPENAI_API_KEY=', 'mcpServers', '"command"', '"env"',
  '<Bot>', '<botVersions>', '<GenAiFunction>', '<invocationTarget>', 'topic ', 'actions:', 'reasoning:', 'ai-risk-gradient:ignore ARG-DAT-001 reason', ' ',
];

const mutationArb: fc.Arbitrary<Mutation[]> = fc.array(
  fc.record({
    op: fc.constantFrom('delChar', 'insChar', 'dupChar', 'delRange', 'dupRange', 'delLine', 'dupLine', 'swapLines', 'insToken', 'truncate', 'indent', 'dedent'),
    at: fc.nat(),
    len: fc.integer({ min: 1, max: 64 }),
    tok: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 3 })),
  }),
  { minLength: 1, maxLength: 10 },
);

/**
 * Readers whose ranges must end inside the text or at its end, with no one-character overshoot
 * (BUG-END-OVERSHOOT is fixed for them), and that list at most MAX_READER_PROBLEMS problems
 * per file (BUG-PROBLEM-FLOOD).
 */
const STRICT = new Set(['register', 'ci', 'pp', 'sf', 'manifests', 'code']);

function check(plugin: InputPlugin, path: string, content: string | Uint8Array, files?: Record<string, string>): void {
  checked(plugin, path, content, files);
}

/** `check`, returning what the plugin parsed (undefined where a known bug made it throw). */
function checked(plugin: InputPlugin, path: string, content: string | Uint8Array, files?: Record<string, string>): ParsedFile | undefined {
  if (!STRICT.has(plugin.kind)) return checkWith(plugin, path, content, files);
  setSlack(0);
  try {
    const parsed = checkWith(plugin, path, content, files);
    if (parsed) assert.ok(parsed.problems.length <= MAX_READER_PROBLEMS + 1, `${plugin.kind} listed ${parsed.problems.length} problems for ${path}`);
    return parsed;
  } finally {
    setSlack(1);
  }
}

function checkWith(plugin: InputPlugin, path: string, content: string | Uint8Array, files?: Record<string, string>): ParsedFile | undefined {
  const size = typeof content === 'string' ? content.length : content.length;
  const { value, ms } = timed(() => {
    try {
      return parseWith(plugin, path, content, files);
    } catch (e) {
      if (isRegisterAliasThrow(plugin.kind, e)) return undefined; // BUG-REGISTER-ALIAS, see known-bugs.test.ts
      throw new Error(`${plugin.kind} threw on ${path}: ${e instanceof Error ? e.stack : String(e)}`);
    }
  });
  if (!value) return undefined;
  const parsed = value;
  assert.ok(ms < budgetMs(size), `${plugin.kind} took ${ms.toFixed(0)} ms on ${size} characters of ${path}`);
  const text = typeof content === 'string' ? content : plugin.binary ? undefined : new TextDecoder().decode(content);
  const bad = withoutKnown(parsedFileProblems(parsed, path, text), path, text);
  assert.deepEqual(bad, [], `${plugin.kind} on ${path}`);
  return parsed;
}

describe('robustness/properties', function () {
  this.timeout(120_000);
  let seeds: Seed[] = [];
  const pathsOf = new Map<InputPlugin, string[]>();

  before(async () => {
    await initPlugins();
    seeds = seedFiles();
    for (const p of PLUGINS) {
      const own = [...new Set([...EXTRA_PATHS, ...seeds.map((s) => s.path)])].filter((x) => PLUGINS.find((q) => q.matches(x)) === p);
      pathsOf.set(p, own);
    }
  });

  it('every plugin has real fixtures and claimed paths to fuzz', () => {
    for (const p of PLUGINS) {
      assert.ok((pathsOf.get(p) ?? []).length > 0, `no path for ${p.kind}`);
      if (p.kind !== 'register') assert.ok(seeds.some((s) => s.plugin === p), `no fixture for ${p.kind}`);
    }
    assert.ok(seeds.some((s) => s.path === 'ai-asset-register.yaml'), 'the examples register is a seed');
  });

  for (const plugin of PLUGINS) {
    describe(`${plugin.kind} (${plugin.title})`, () => {
      it('arbitrary strings: no throw, bounded time, valid positions', () => {
        const paths = pathsOf.get(plugin)!;
        fc.assert(
          fc.property(fc.constantFrom(...paths), fc.string({ unit: 'binary', maxLength: 400 }), (path, text) => check(plugin, path, text)),
          { numRuns: runs(25), seed: SEED },
        );
      });

      it('arbitrary bytes: no throw, bounded time, valid positions', () => {
        const paths = pathsOf.get(plugin)!;
        fc.assert(
          fc.property(fc.constantFrom(...paths), fc.uint8Array({ maxLength: 600 }), (path, bytes) => check(plugin, path, bytes)),
          { numRuns: runs(15), seed: SEED },
        );
      });

      it('token soup of the formats it reads: no throw, bounded time, valid positions', () => {
        const paths = pathsOf.get(plugin)!;
        fc.assert(
          fc.property(fc.constantFrom(...paths), fc.array(fc.constantFrom(...TOKENS), { maxLength: 120 }), (path, toks) => check(plugin, path, toks.join(''))),
          { numRuns: runs(40), seed: SEED },
        );
      });

      it('mutated real files: no throw, bounded time, valid positions', function () {
        const own = seeds.filter((s) => s.plugin === plugin);
        if (own.length === 0) {
          // The register has one real file (examples/); it is in `seeds` under its own name.
          assert.equal(plugin.kind, 'register');
        }
        const pool = own.length > 0 ? own : seeds.filter((s) => s.path === 'ai-asset-register.yaml');
        assert.ok(pool.length > 0);
        const others = Object.fromEntries(seeds.filter((s) => s.plugin === plugin).map((s) => [s.path, s.text]));
        fc.assert(
          fc.property(fc.nat({ max: pool.length - 1 }), mutationArb, (i, muts) => {
            const s = pool[i];
            check(plugin, s.path, mutate(s.text, muts), others);
          }),
          { numRuns: runs(60), seed: SEED },
        );
      });

      if (STRICT.has(plugin.kind)) {
        it('a broken line repeated thousands of times: bounded time, a bounded number of problems, valid positions', () => {
          const paths = pathsOf.get(plugin)!;
          fc.assert(
            fc.property(fc.constantFrom(...paths), fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 6 }), fc.integer({ min: 500, max: 3000 }), (path, toks, times) => {
              const parsed = checked(plugin, path, `${toks.join('')}\n`.repeat(times));
              const last = parsed?.problems[MAX_READER_PROBLEMS];
              if (last) assert.match(last.message, /^\d+ more problems? in this file (is|are) not listed/, `${plugin.kind} on ${path}`);
            }),
            { numRuns: runs(10), seed: SEED },
          );
        });
      }
    });
  }

  it('pp: a real solution zip with random byte damage is read or refused, never thrown on', () => {
    const plugin = PLUGINS.find((p) => p.kind === 'pp')!;
    const members = seeds.filter((s) => s.source.startsWith('test/fixtures/parse/power-platform/solution-hr/'));
    assert.ok(members.length > 3);
    // A solution zip holds solution.xml and customizations.xml at its root (the unpacked form puts them under Other/).
    const nameOf = (s: Seed) => s.source.replace('test/fixtures/parse/power-platform/solution-hr/', '').replace(/^Other\/Solution\.xml$/, 'solution.xml').replace(/^Other\/Customizations\.xml$/, 'customizations.xml');
    const zip = zipSync(Object.fromEntries(members.map((s) => [nameOf(s), new TextEncoder().encode(s.text)])));
    // Sanity: the undamaged archive gives facts.
    const clean = parseWith(plugin, 'export.zip', zip);
    assert.ok(clean.facts.length > 0, JSON.stringify(clean.problems));
    fc.assert(
      fc.property(
        fc.array(fc.record({ op: fc.constantFrom('flip', 'del', 'ins', 'cut'), at: fc.nat(), v: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 }),
        (ops) => {
          let b = zip;
          for (const o of ops) {
            const at = o.at % Math.max(1, b.length);
            if (o.op === 'flip') {
              b = b.slice();
              b[at] = o.v;
            } else if (o.op === 'del') b = new Uint8Array([...b.subarray(0, at), ...b.subarray(at + 1)]);
            else if (o.op === 'ins') b = new Uint8Array([...b.subarray(0, at), o.v, ...b.subarray(at)]);
            else b = b.slice(0, at);
          }
          check(plugin, 'export.zip', b);
        },
      ),
      { numRuns: runs(40), seed: SEED },
    );
  });

  it('whole scans of mutated workspaces: no throw, bounded time, valid positions', async () => {
    const pool = seeds;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ i: fc.nat({ max: pool.length - 1 }), muts: mutationArb }), { minLength: 1, maxLength: 6 }), async (picks) => {
        const files: Record<string, string> = {};
        for (const { i, muts } of picks) {
          const s = pool[i];
          files[s.path] = mutate(s.text, muts);
        }
        const size = Object.values(files).reduce((n, t) => n + t.length, 0);
        const { value: result, ms } = await timedAsync(async () => {
          try {
            return await scanFiles(files);
          } catch (e) {
            throw new Error(`the scan threw on ${Object.keys(files).join(', ')}: ${e instanceof Error ? e.stack : String(e)}`);
          }
        });
        assert.ok(ms < budgetMs(size, 4000), `the scan took ${ms.toFixed(0)} ms on ${size} characters`);
        assert.doesNotThrow(() => JSON.stringify(result));
        assert.deepEqual(knownFree(resultProblems(result, files), files), [], Object.keys(files).join(', '));
      }),
      { numRuns: runs(25), seed: SEED },
    );
  });

  it('setFile with a run of edits (each a mutation of the last) on a loaded project keeps its promises', async () => {
    const ex = seeds.filter((s) => s.source.startsWith('examples/'));
    const base = Object.fromEntries(ex.map((s) => [s.path, s.text]));
    const project = await projectOf(base);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: ex.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 5 }), async (i, edits) => {
        const s = ex[i];
        const files = { ...base };
        let text = s.text;
        try {
          for (const muts of edits) {
            text = mutate(text, muts);
            files[s.path] = text;
            const { value: change, ms } = timed(() => project.setFile(s.path, text));
            assert.ok(ms < budgetMs(text.length, 3000), `setFile took ${ms.toFixed(0)} ms`);
            assert.ok(change.changedFiles.includes(s.path));
            assert.deepEqual(knownFree(resultProblems(project.result(), files), files), [], s.path);
          }
        } finally {
          project.setFile(s.path, s.text);
        }
      }),
      { numRuns: runs(10), seed: SEED },
    );
  });

  it('a whole scan of the examples with every file mutated keeps its promises', async () => {
    const ex = seeds.filter((s) => s.source.startsWith('examples/'));
    assert.ok(ex.length > 20);
    await fc.assert(
      fc.asyncProperty(fc.array(mutationArb, { minLength: ex.length, maxLength: ex.length }), async (all) => {
        const files = Object.fromEntries(ex.map((s, k) => [s.path, mutate(s.text, all[k])]));
        const result = await scanFiles(files);
        assert.deepEqual(knownFree(resultProblems(result, files), files), []);
      }),
      { numRuns: runs(6), seed: SEED },
    );
  });
});

import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/edits';
import { addImportOs, argsIn, boundTo, callOpenAt, envName, importsOs, insertArg, methodCalls, plainLiteralAt, source } from '../../../src/core/catalogue/controls/code-util/source';
import { appendJob } from '../../../src/core/catalogue/controls/code-util/workflow';
import { credentialReads } from '../../../src/core/catalogue/controls/code-util/reads';
import { PositionMap } from '../../../src/core/parse/code/text';

function insertInto(file: string, text: string, callName: string, item: string): string {
  const src = source(file, text)!;
  const open = callOpenAt(src, text.indexOf(callName))!;
  assert.ok(open !== undefined, 'call found');
  return applyEdits(text, [insertArg(src, open, item)]);
}

function rangeOfText(text: string, needle: string) {
  const pm = new PositionMap(text);
  const s = text.indexOf(needle);
  return pm.range(s, s + needle.length);
}

describe('code-util: inserting an argument', () => {
  it('adds a keyword to a one-line call after the last argument', () => {
    assert.equal(insertInto('a.py', 'x = AgentExecutor(agent=a, tools=t)\n', 'AgentExecutor', 'max_iterations=10'), 'x = AgentExecutor(agent=a, tools=t, max_iterations=10)\n');
  });
  it('keeps a trailing comma on one line', () => {
    assert.equal(insertInto('a.py', 'x = Foo(a, b,)\n', 'Foo', 'k=1'), 'x = Foo(a, b, k=1)\n');
  });
  it('fills empty parentheses', () => {
    assert.equal(insertInto('a.py', 'agent = CodeAgent()\n', 'CodeAgent', 'executor_type="docker"'), 'agent = CodeAgent(executor_type="docker")\n');
  });
  it('puts the argument on its own line in a call written one argument per line, with or without a trailing comma', () => {
    const a = 'x = Foo(\n    a=1,\n    b=2,\n)\n';
    assert.equal(insertInto('a.py', a, 'Foo', 'k=3'), 'x = Foo(\n    a=1,\n    b=2,\n    k=3,\n)\n');
    const b = 'x = Foo(\n    a=1,\n    b=2\n)\n';
    assert.equal(insertInto('a.py', b, 'Foo', 'k=3'), 'x = Foo(\n    a=1,\n    b=2,\n    k=3\n)\n');
  });
  it('adds a property to a JS object literal argument', () => {
    const text = "const t = tool({\n  name: 'x',\n  execute: async () => 1,\n});\n";
    const src = source('t.ts', text)!;
    const open = callOpenAt(src, text.indexOf('tool'))!;
    assert.equal(src.toks[open + 1].v, '{');
    assert.equal(applyEdits(text, [insertArg(src, open + 1, 'needsApproval: true')]), "const t = tool({\n  name: 'x',\n  execute: async () => 1,\n  needsApproval: true,\n});\n");
  });
  it('reads first-level arguments only, skipping nested brackets and comments', () => {
    const text = 'f(a, k={"x": 1, "y": [1, 2]}, m=g(z=1))  # k=2\n';
    const src = source('a.py', text)!;
    const args = argsIn(src, callOpenAt(src, 0)!);
    assert.deepEqual(args.map((a) => a.key ?? '_'), ['_', 'k', 'm']);
    assert.equal(text.slice(args[1].vs, args[1].ve), '{"x": 1, "y": [1, 2]}');
  });
  it('finds the name a call is bound to and the methods called on it', () => {
    const text = 'graph = StateGraph(S)\napp = graph.compile()\napp.invoke({"q": 1})\nother.invoke(1)\n# app.invoke(2)\n';
    const src = source('g.py', text)!;
    assert.equal(boundTo(src, text.indexOf('StateGraph')), 'graph');
    assert.equal(methodCalls(src, 'app', ['invoke']).length, 1);
  });
});

describe('code-util: secret literals', () => {
  const key = 'sk-proj-Qm7Rt2Vx9Lp4Hs8Kd1Nf6Bw3Zc5Yg0Ja';
  it('accepts a plain literal that is exactly the key', () => {
    const text = `c = OpenAI(api_key="${key}")\n`;
    assert.ok(plainLiteralAt(source('a.py', text)!, rangeOfText(text, key)));
  });
  it('refuses f-strings, longer strings, triple quotes and comments', () => {
    for (const text of [`h = f"${key}"\n`, `h = "Bearer ${key}"\n`, `h = """${key}"""\n`, `# api_key="${key}"\n`]) {
      assert.equal(plainLiteralAt(source('a.py', text)!, rangeOfText(text, key)), undefined, text);
    }
    const tpl = 'const k = `${prefix}' + key + '`;\n';
    assert.equal(plainLiteralAt(source('a.ts', tpl)!, rangeOfText(tpl, key)), undefined);
  });
  it('names environment variables in upper snake case', () => {
    assert.equal(envName('apiKey'), 'API_KEY');
    assert.equal(envName('openai.api_key'), 'OPENAI_API_KEY');
    assert.equal(envName('SERVICE_TOKEN'), 'SERVICE_TOKEN');
  });
});

describe('code-util: import os', () => {
  const add = (text: string) => applyEdits(text, [addImportOs(source('m.py', text)!)]);
  it('goes before the first import, after a docstring', () => {
    assert.equal(add('"""Doc."""\nfrom openai import OpenAI\n'), '"""Doc."""\nimport os\nfrom openai import OpenAI\n');
  });
  it('goes after __future__ imports', () => {
    assert.equal(add('from __future__ import annotations\nX = 1\n'), 'from __future__ import annotations\nimport os\nX = 1\n');
  });
  it('goes after a shebang when the module has no imports', () => {
    assert.equal(add('#!/usr/bin/env python\nTOKEN = "x"\n'), '#!/usr/bin/env python\nimport os\nTOKEN = "x"\n');
  });
  it('knows when os is already bound', () => {
    assert.equal(importsOs(source('m.py', 'import os\n')!), true);
    assert.equal(importsOs(source('m.py', 'import os.path as p\nfrom os import environ\n')!), false);
  });
});

describe('code-util: appending a workflow job', () => {
  it('uses the file\'s indentation and keeps the trailing newline', () => {
    const text = 'on: [pull_request]\njobs:\n    test:\n        runs-on: ubuntu-latest\n        steps:\n            - run: make\n';
    const e = appendJob('.github/workflows/ci.yml', text, 'test', (u) => ['runs-on: ubuntu-latest', 'steps:', `${u}- run: lint`])!;
    const out = applyEdits(text, [e]);
    assert.equal(out, text.replace(/\n$/, '') + '\n    test-2:\n        runs-on: ubuntu-latest\n        steps:\n            - run: lint\n');
  });
  it('gives up on flow-style or missing jobs and on broken YAML', () => {
    assert.equal(appendJob('w.yml', 'jobs: {a: {runs-on: x}}\n', 'j', () => ['x: 1']), undefined);
    assert.equal(appendJob('w.yml', 'on: push\n', 'j', () => ['x: 1']), undefined);
    assert.equal(appendJob('w.yml', 'jobs:\n  a: [\n', 'j', () => ['x: 1']), undefined);
  });
});

describe('code-util: where credentials come from', () => {
  it('finds environment reads of credential names in each language', () => {
    const cases: [string, string][] = [
      ['a.py', 'import os\nk = os.environ["OPENAI_API_KEY"]\nt = os.getenv("SLACK_TOKEN")\n'],
      ['a.ts', 'const k = process.env.OPENAI_API_KEY;\nconst t = process.env["GITHUB_TOKEN"];\n'],
      ['a.go', 'package main\nimport "os"\nvar k = os.Getenv("ANTHROPIC_API_KEY")\nvar t = os.Getenv("SERVICE_TOKEN")\n'],
      ['A.java', 'class A { String k = System.getenv("OPENAI_API_KEY"); String t = System.getenv("API_TOKEN"); }\n'],
      ['A.cs', 'var k = Environment.GetEnvironmentVariable("AZURE_OPENAI_API_KEY"); var t = Environment.GetEnvironmentVariable("BOT_TOKEN");\n'],
    ];
    for (const [file, text] of cases) assert.equal(credentialReads(file, text).filter((r) => r.kind === 'env').length, 2, file);
  });
  it('ignores other variables and names in comments or strings', () => {
    const text = 'import os\nregion = os.environ["AWS_REGION"]\n# os.environ["OPENAI_API_KEY"]\nnote = "os.getenv(\'OPENAI_API_KEY\')"\n';
    assert.deepEqual(credentialReads('a.py', text), []);
  });
  it('finds secret-store clients', () => {
    const text = 'import boto3\nsm = boto3.client("secretsmanager")\nkey = sm.get_secret_value(SecretId="openai")["SecretString"]\n';
    assert.deepEqual(credentialReads('a.py', text).map((r) => r.what), ['get_secret_value']);
  });
});

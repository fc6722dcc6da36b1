import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { codePlugin } from '../../../src/core/parse/code';
import { calls, ctxOf, FIXTURES, ofKind, parseFixture, parseText, textAt, types } from './helpers';

describe('parse-code: JavaScript / TypeScript', () => {
  it('reads ESM, require() and dynamic import(), not regex literals, templates or comments', () => {
    const ts = parseFixture('lang/mcp-client.ts');
    assert.deepEqual(types(ofKind(ts, 'import')), ['@modelcontextprotocol/sdk']);
    assert.deepEqual(types(calls(ts)), ['mcp-client']);
    const cjs = parseFixture('lang/loader.cjs');
    assert.deepEqual(types(ofKind(cjs, 'import')), ['@anthropic-ai/sdk', '@openai/agents', 'openai']);
    assert.equal(ofKind(cjs, 'import').find((f) => f.type === '@openai/agents')!.attributes.dynamic, true);
    assert.ok(calls(cjs, 'agent').some((f) => f.attributes.pattern === 'run()'));
    assert.equal(calls(cjs, 'loop-cap')[0].attributes.value, 3);
    const neg = parseText('a.ts', "// import OpenAI from 'openai'\nconst s = \"require('openai')\";\nconst r = /import x from 'anthropic'/;\nconst t = `import('langchain')`;\nconst openai = 1;\n");
    assert.equal(neg.facts.length, 0);
  });

  it('reads the Vercel AI SDK: tools with and without approval, step caps, prefixed @ai-sdk packages', () => {
    const rel = 'repo/web/src/chat.ts';
    const text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
    const pf = parseFixture(rel);
    assert.deepEqual(types(ofKind(pf, 'import')), ['@ai-sdk/openai', 'ai']);
    const tools = calls(pf, 'tool');
    assert.deepEqual(tools.map((f) => f.attributes.toolName), ['lookupOrder', 'cancelOrder']);
    assert.equal(tools[1].attributes.needsApproval, true);
    assert.equal(calls(pf, 'human-approval')[0].attributes.pattern, 'needsApproval');
    const cap = calls(pf, 'loop-cap')[0];
    assert.equal(cap.attributes.steps, 5);
    assert.equal(textAt(text, cap), 'stopWhen: stepCountIs(5)');
    assert.deepEqual(calls(pf, 'tool-use')[0].attributes.toolNames, ['lookupOrder', 'cancelOrder']);
  });

  it('skips minified bundles quickly with an info problem', () => {
    const line = 'var a=require("openai");' + 'function f(n){return n+1};'.repeat(60_000);
    const t0 = Date.now();
    const pf = parseText('dist2/app.js', line);
    const ms = Date.now() - t0;
    assert.equal(pf.facts.length, 0);
    assert.equal(pf.problems[0].code, 'parse/minified-skipped');
    assert.equal(pf.problems[0].severity, 'info');
    assert.ok(ms < 200, `took ${ms} ms`);
    assert.equal(parseText('x/vendor.min.js', 'import OpenAI from "openai"').problems[0].code, 'parse/minified-skipped');
  });

  it('never reads dependency or build folders', () => {
    for (const p of ['node_modules/openai/index.js', 'a/venv/lib/x.py', '.venv/x.py', 'lib/site-packages/x.py', 'vendor/x.go', 'dist/x.js', 'build/x.ts']) assert.equal(codePlugin.matches(p), false, p);
    for (const p of ['src/app.ts', 'x.py', 'a/b.go', 'A.java', 'b.kt', 'c.cs', 'n.ipynb', 'm.mjs']) assert.equal(codePlugin.matches(p), true, p);
    assert.equal(codePlugin.matches('types/index.d.ts'), false);
  });
});

describe('parse-code: Go, Java, Kotlin, C#', () => {
  it('Go: import blocks with aliases, major-version suffixes, no imports from comments or strings', () => {
    const pf = parseFixture('lang/agent.go');
    const imps = ofKind(pf, 'import');
    assert.deepEqual(types(imps), ['github.com/modelcontextprotocol/go-sdk', 'github.com/openai/openai-go']);
    assert.equal(imps[0].attributes.module, 'github.com/openai/openai-go/v3');
    assert.equal(imps[0].attributes.ecosystem, 'go');
    assert.deepEqual(types(calls(pf)), ['llm-client', 'mcp-server', 'timeout']);
  });

  it('Java: imports and @Tool methods with money-moving names', () => {
    const pf = parseFixture('lang/Assistant.java');
    assert.deepEqual(types(ofKind(pf, 'import')), ['com.openai:openai-java', 'dev.langchain4j:langchain4j']);
    const tools = calls(pf, 'tool');
    assert.equal(tools.length, 1);
    assert.equal(tools[0].attributes.toolName, 'transferFunds');
    assert.deepEqual(tools[0].attributes.effects, ['payment']);
  });

  it('Kotlin imports without semicolons', () => {
    const pf = parseFixture('lang/Agent.kt');
    assert.deepEqual(types(ofKind(pf, 'import')), ['com.anthropic:anthropic-java']);
    assert.equal(ofKind(pf, 'import')[0].attributes.language, 'kotlin');
  });

  it('C#: using directives (not using statements), auto-invoked functions, kernel functions', () => {
    const pf = parseFixture('lang/Program.cs');
    assert.deepEqual(types(ofKind(pf, 'import')), ['azure.ai.openai', 'microsoft.semantickernel', 'modelcontextprotocol']);
    assert.equal(calls(pf, 'auto-approve')[0].attributes.pattern, 'autoInvoke');
    const tool = calls(pf, 'tool')[0];
    assert.equal(tool.attributes.toolName, 'SendEmail');
    assert.deepEqual(tool.attributes.effects, ['email']);
  });
});

describe('parse-code: unreadable content', () => {
  it('non-UTF-8 bytes give one info problem; text with replacement characters is still read', () => {
    const bytes = fs.readFileSync(path.join(FIXTURES, 'lang/latin1.py'));
    const text = new TextDecoder('utf-8').decode(bytes);
    const pf = codePlugin.parse({ path: 'lang/latin1.py', text }, ctxOf(['lang/latin1.py']));
    assert.ok(pf.problems.every((p) => p.code !== 'parse/not-utf8'), 'the project, which has the bytes, reports the encoding');
    const marked = codePlugin.parse({ path: 'agent.py', text: '# caf\ufffd\nimport openai\n' }, ctxOf(['agent.py']));
    assert.ok(marked.facts.some((f) => f.kind === 'import' && f.type === 'openai'), 'one odd character does not hide the import');
    const fromBytes = codePlugin.parse({ path: 'lang/latin1.py', bytes }, ctxOf(['lang/latin1.py']));
    assert.equal(fromBytes.problems[0].code, 'parse/not-utf8');
  });

  it('binary content gives no facts and one info problem', () => {
    const pf = parseText('bin.py', 'import openai\u0000\u0001\u0002');
    assert.equal(pf.facts.length, 0);
    assert.deepEqual(pf.problems.map((p) => p.code), ['parse/binary']);
  });

  it('never throws on hostile input', () => {
    const nasty = ['"""', "'''unterminated", '`${`${`', '/*', 'import', 'from', 'from . import', '@', '@tool', 'tools=', 'x = (((((', '}}}}', 'require(', 'import(', '\\', 'using', 'import ('];
    for (const p of ['a.py', 'a.ts', 'a.go', 'a.java', 'a.cs', 'a.ipynb']) for (const t of nasty) assert.doesNotThrow(() => parseText(p, t), `${p}: ${t}`);
  });
});

describe('parse-code: random input', () => {
  it('terminates without throwing on random syntax soup in every language', () => {
    const soup = fc.stringMatching(/^[a-z @$`'"(){}\[\]:;=,.\\#/*\n\t_0-9-]{0,80}$/);
    for (const p of ['a.py', 'a.ts', 'a.go', 'a.java', 'a.kt', 'a.cs', 'a.ipynb', 'requirements.txt', 'pyproject.toml', 'package.json', 'pom.xml', 'go.mod', 'build.gradle', '.github/workflows/x.yml', '.mcp.json', '.env', 'CODEOWNERS']) {
      fc.assert(
        fc.property(soup, (t) => {
          const pf = parseText(p, t);
          return Array.isArray(pf.facts) && Array.isArray(pf.problems);
        }),
        { numRuns: 150 },
      );
    }
  });
});

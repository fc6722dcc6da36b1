import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { calls, FIXTURES, ofKind, parseFixture, parseText, parseTree, textAt, types } from './helpers';

describe('parse-code: Python imports', () => {
  it('reads imports inside try blocks and functions, and maps them to AI packages', () => {
    const src = [
      'import os',
      'try:',
      '    import anthropic as ant',
      'except ImportError:',
      '    ant = None',
      'def load():',
      '    from langchain_openai import ChatOpenAI',
      '    from google import genai',
      '    import google.generativeai as legacy',
      '    from a2a.server import A2AServer',
      '    return ChatOpenAI',
      'import sklearn, vertexai',
    ].join('\n');
    const pf = parseText('app/x.py', src);
    assert.deepEqual(types(ofKind(pf, 'import')), ['a2a-sdk', 'anthropic', 'google-cloud-aiplatform', 'google-genai', 'google-generativeai', 'langchain-openai', 'scikit-learn']);
    const ant = ofKind(pf, 'import').find((f) => f.type === 'anthropic')!;
    assert.equal(ant.attributes.module, 'anthropic');
    assert.equal(ant.attributes.alias, 'ant');
    assert.equal(ant.attributes.ecosystem, 'pypi');
    assert.equal(ant.attributes.language, 'python');
    assert.deepEqual(ant.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 27 } });
  });

  it('ignores names in comments, docstrings and strings, and variables called openai', () => {
    const pf = parseFixture('repo/services/support-agent/support_agent/agent.py');
    const imported = types(ofKind(pf, 'import'));
    assert.deepEqual(imported, ['openai', 'openai-agents']);
    assert.ok(!imported.includes('crewai'), 'the commented-out crewai import must not count');
    assert.ok(!imported.includes('anthropic'), 'the docstring mention must not count');
    const neg = parseText('x.py', 'openai = 3\nprint(openai)\ns = "import openai"\n# import openai\nx = """\nimport langchain\n"""\n');
    assert.equal(neg.facts.length, 0);
  });

  it('does not report relative imports or unrelated packages', () => {
    const pf = parseText('x.py', 'from . import openai\nfrom .agents import Agent\nimport requests\nfrom google.cloud import storage\n');
    assert.equal(ofKind(pf, 'import').length, 0);
  });

  it('treats `agents` as openai-agents only with an SDK export, a declared dependency and no local package of that name', () => {
    // a local agents/ package beside the file, SDK not declared: not the SDK
    const local = parseTree('lang/ambiguous');
    assert.equal(local.flatMap((p) => ofKind(p, 'import')).length, 0);
    // `import agents` + `agents.Agent(...)`, no local package: the SDK
    const sdk = parseFixture('lang/sdk/uses_sdk.py');
    assert.deepEqual(types(ofKind(sdk, 'import')), ['openai-agents']);
    // no SDK export imported and no dependency: not the SDK
    const plain = parseText('svc/main.py', 'from agents import helpers\n', ['svc/main.py']);
    assert.equal(ofKind(plain, 'import').length, 0);
    // declared in the service's pyproject: the SDK, even without a known export
    const texts = new Map([['svc/pyproject.toml', '[project]\nname="s"\ndependencies=["openai-agents>=0.2"]\n']]);
    const declared = parseText('svc/main.py', 'from agents import set_tracing_disabled\n', ['svc/main.py', 'svc/pyproject.toml'], texts);
    assert.deepEqual(types(ofKind(declared, 'import')), ['openai-agents']);
    // a local package shadows the name: both a known export and the dependency are needed
    const shadow = parseText('svc/main.py', 'from agents import Agent\n', ['svc/main.py', 'svc/agents/__init__.py']);
    assert.equal(ofKind(shadow, 'import').length, 0);
    const shadowDeclared = parseText('svc/main.py', 'from agents import Agent\n', ['svc/main.py', 'svc/agents/__init__.py', 'svc/pyproject.toml'], texts);
    assert.deepEqual(types(ofKind(shadowDeclared, 'import')), ['openai-agents']);
  });

  it('reads importlib.import_module and __import__ with literal names', () => {
    const pf = parseText('x.py', 'import importlib\nm = importlib.import_module("openai")\nc = __import__("cohere")\n');
    const imps = ofKind(pf, 'import');
    assert.deepEqual(types(imps), ['cohere', 'openai']);
    assert.ok(imps.every((f) => f.attributes.dynamic === true));
  });
});

describe('parse-code: Python call patterns', () => {
  it('finds agents, tools, handoffs, approvals, loop caps and shell tools with exact ranges', () => {
    const rel = 'repo/services/support-agent/support_agent/agent.py';
    const text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
    const pf = parseFixture(rel);
    const c = calls(pf);
    assert.deepEqual(types(c), ['agent', 'code-exec', 'human-approval', 'llm-client', 'loop-cap', 'multi-agent', 'timeout', 'tool', 'tool-use']);
    const refund = c.find((f) => f.type === 'tool' && f.attributes.toolName === 'refund_payment')!;
    assert.deepEqual(refund.attributes.effects, ['payment']);
    const diag = c.find((f) => f.type === 'tool' && f.attributes.toolName === 'run_diagnostics')!;
    assert.equal(diag.attributes.needsApproval, true);
    const exec = calls(pf, 'code-exec')[0];
    assert.equal(exec.attributes.sandbox, false);
    assert.equal(exec.attributes.toolName, 'run_diagnostics');
    assert.equal(textAt(text, exec), 'subprocess.run(command, shell=True, capture_output=True, text=True)');
    const cap = calls(pf, 'loop-cap')[0];
    assert.equal(cap.attributes.value, 8);
    assert.equal(textAt(text, cap), 'max_turns=8');
    assert.equal(textAt(text, { range: cap.attributeRanges!.value }), '8');
    const client = calls(pf, 'llm-client')[0];
    assert.equal(textAt(text, { range: client.nameRange! }), 'AsyncOpenAI');
    assert.equal(client.attributes.package, 'openai');
    assert.ok(calls(pf, 'multi-agent').some((f) => f.attributes.pattern === 'handoffs'));
  });

  it('reads AutoGen: auto-reply without a human, local code execution, group chat, caps', () => {
    const pf = parseFixture('lang/autogen_chat.py');
    const auto = calls(pf, 'auto-approve');
    assert.equal(auto.length, 1);
    assert.equal(auto[0].attributes.value, 'NEVER');
    assert.equal(calls(pf, 'human-approval')[0].attributes.value, 'ALWAYS');
    const exec = calls(pf, 'code-exec');
    assert.equal(exec.length, 1, 'code_execution_config=False must not count');
    assert.equal(exec[0].attributes.sandbox, false);
    assert.deepEqual(calls(pf, 'multi-agent').map((f) => f.attributes.pattern), ['GroupChat', 'GroupChatManager']);
    assert.deepEqual(calls(pf, 'loop-cap').map((f) => f.attributes.value), [10, 12]);
  });

  it('reads CrewAI: hierarchical crew, delegation, unsafe code execution, human input', () => {
    const pf = parseFixture('lang/crew.py');
    const multi = calls(pf, 'multi-agent').map((f) => f.attributes.pattern);
    for (const p of ['Crew', 'Process.hierarchical', 'allow_delegation', 'manager_llm']) assert.ok(multi.includes(p), p);
    const exec = calls(pf, 'code-exec')[0];
    assert.equal(exec.attributes.pattern, 'allow_code_execution');
    assert.equal(exec.attributes.sandbox, false);
    assert.equal(calls(pf, 'human-approval')[0].attributes.pattern, 'human_input');
    assert.equal(calls(pf, 'loop-cap')[0].attributes.value, 15);
  });

  it('reads LangGraph: supervisor, interrupt_before, recursion limits (None = unbounded)', () => {
    const pf = parseFixture('lang/langgraph_app.py');
    assert.ok(calls(pf, 'multi-agent').some((f) => f.attributes.pattern === 'create_supervisor'));
    assert.equal(calls(pf, 'human-approval')[0].attributes.pattern, 'interrupt_before');
    const caps = calls(pf, 'loop-cap');
    assert.deepEqual(caps.map((f) => f.attributes.value), [25, null]);
    assert.equal(caps[1].attributes.unbounded, true);
    assert.ok(!('unbounded' in caps[0].attributes));
  });

  it('reads MCP servers and their tools, raw tool loops and computer-use tool types', () => {
    const mcp = parseFixture('lang/mcp_server.py');
    assert.equal(calls(mcp, 'mcp-server').length, 1);
    const tools = calls(mcp, 'tool');
    assert.deepEqual(tools.map((f) => f.attributes.toolName), ['delete_file', 'run_command']);
    assert.ok((tools[0].attributes.effects as string[]).includes('write'));
    assert.equal(calls(mcp, 'code-exec')[0].attributes.pattern, 'os.popen');
    const loop = parseFixture('lang/raw_loop.py');
    const tl = calls(loop, 'tool-loop')[0];
    assert.equal(tl.attributes.unbounded, true, 'the loop sits in while True with no cap');
    assert.equal(calls(loop, 'computer-use')[0].attributes.toolType, 'computer_20250124');
  });

  it('reads boto3 Bedrock clients anywhere, with the service name and guardrail parameters', () => {
    const pf = parseFixture('lang/bedrock.py');
    const clients = calls(pf).filter((f) => f.attributes.sdk === 'boto3');
    assert.deepEqual(clients.map((f) => f.attributes.service), ['bedrock-runtime', 'bedrock-agent-runtime']);
    assert.deepEqual(clients.map((f) => f.type), ['llm-client', 'agent']);
    assert.ok(calls(pf, 'guardrail').some((f) => f.attributes.pattern === 'guardrailIdentifier' && f.attributes.value === 'gr-123'));
    assert.equal(ofKind(pf, 'import').length, 0, 'boto3 itself is not an AI package');
  });

  it('reads the Claude Agent SDK permission mode as auto-approval', () => {
    const pf = parseFixture('lang/claude_sdk.py');
    const a = calls(pf, 'auto-approve')[0];
    assert.equal(a.attributes.mode, 'bypassPermissions');
    assert.ok(calls(pf, 'agent').some((f) => f.attributes.pattern === 'query()'));
  });

  it('counts generic words (Agent(, tools=, timeout=) only in files that import an AI package', () => {
    const pf = parseText('x.py', 'import requests\nagent = Agent(tools=[x], timeout=3, max_iterations=None)\n@tool\ndef f():\n    pass\n');
    assert.equal(pf.facts.length, 0);
  });

  it('reads a generated 20,000-line Python file quickly', () => {
    const lines: string[] = ['from openai import OpenAI', 'client = OpenAI()'];
    for (let i = 0; lines.length < 20_000; i++) {
      lines.push(`def handler_${i}(event, context):`, `    """Handle event ${i}; mentions import anthropic only in text."""`, `    value = {"id": ${i}, "name": "item-${i}"}  # comment openai`, `    return client.chat.completions.create(model="m", messages=[value], timeout=${i % 50})`);
    }
    const text = lines.join('\n');
    const t0 = Date.now();
    const pf = parseText('gen/big.py', text);
    const ms = Date.now() - t0;
    console.log(`      20,000-line Python file parsed in ${ms} ms`);
    assert.equal(ofKind(pf, 'import').length, 1);
    assert.ok(calls(pf, 'timeout').length > 4000);
    assert.ok(ms < 5000, `took ${ms} ms`);
  });
});

describe('parse-code: notebooks', () => {
  it('reads code cells only, skips shell magics, and maps ranges into the .ipynb JSON', () => {
    const rel = 'lang/analysis.ipynb';
    const text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
    const pf = parseFixture(rel);
    assert.equal(pf.language, 'jupyter');
    const imps = ofKind(pf, 'import');
    assert.deepEqual(types(imps), ['openai', 'transformers'], 'the markdown cell and the !pip line do not count');
    for (const f of imps) assert.equal(f.attributes.notebook, true);
    const tf = imps.find((f) => f.type === 'transformers')!;
    assert.equal(textAt(text, tf), 'from transformers import pipeline');
    const pipe = calls(pf, 'inference')[0];
    assert.equal(textAt(text, pipe), 'pipeline(\\"sentiment-analysis\\")', 'escaped quotes inside the JSON string are covered');
    const client = calls(pf, 'llm-client')[0];
    assert.equal(textAt(text, client), 'OpenAI()');
  });

  it('reports a broken notebook instead of throwing', () => {
    const pf = parseText('n.ipynb', '{"cells": [{"cell_type": "code", "source": ["import openai\\n"');
    assert.ok(pf.problems.some((p) => p.code === 'parse/notebook-json'));
  });
});

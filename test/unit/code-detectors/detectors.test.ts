import assert from 'node:assert/strict';
import type { Fact } from '../../../src/core/model';
import { codeDetector as iam002Code } from '../../../src/core/catalogue/controls/iam/credential-hygiene.code';
import { codeDetector as iam003Code } from '../../../src/core/catalogue/controls/iam/managed-secrets.code';
import { ciDetector as reviewGate } from '../../../src/core/catalogue/controls/prc/review-gate.ci';
import { manifestsDetector as pins } from '../../../src/core/catalogue/controls/sup/pinned-scanned-dependencies.manifests';
import { codeDetector as sandbox } from '../../../src/core/catalogue/controls/prc/sandboxed-execution.code';
import { codeDetector as oversight } from '../../../src/core/catalogue/controls/gov/human-oversight.code';
import { codeDetector as cascade } from '../../../src/core/catalogue/controls/prc/cascade-containment.code';
import { applyEdits } from '../../../src/core/edits';
import { build } from './helpers';

const KEY = 'sk-proj-Qm7Rt2Vx9Lp4Hs8Kd1Nf6Bw3Zc5Yg0Ja';

describe('ARG-IAM-002 code detector', () => {
  it('never puts the key value in a message or an edit', () => {
    const { ctx } = build({ 'app.py': `from openai import OpenAI\nclient = OpenAI(api_key="${KEY}")\n` });
    const out = iam002Code.evaluate(ctx);
    assert.equal(out.length, 1);
    assert.ok(!JSON.stringify(out).includes(KEY.slice(8)), 'no part of the key is reported');
    assert.equal(out[0].fixes?.[0].edits.some((e) => e.newText.includes('os.environ["OPENAI_API_KEY"]')), true);
  });
  it('reports a key in a comment or inside a longer string without offering an edit', () => {
    for (const text of [`from openai import OpenAI\n# OpenAI(api_key="${KEY}")\nc = OpenAI()\n`, `from openai import OpenAI\nh = {"Authorization": "Bearer ${KEY}"}\n`]) {
      const out = iam002Code.evaluate(build({ 'app.py': text }).ctx).filter((o) => o.status === 'missing');
      assert.equal(out.length, 1, text);
      assert.equal(out[0].fixes, undefined);
    }
  });
  it('offers no edit for Go, where the fix would need an import block', () => {
    const text = `package main\n\nimport "github.com/openai/openai-go/option"\n\nvar opt = option.WithAPIKey("${KEY}")\n`;
    const out = iam002Code.evaluate(build({ 'main.go': text }).ctx).filter((o) => o.status === 'missing');
    assert.equal(out.length, 1);
    assert.equal(out[0].fixes, undefined);
  });
  it('adds import os only once per edit and keeps an existing one', () => {
    const text = `import os\nfrom openai import OpenAI\nc = OpenAI(api_key="${KEY}")\n`;
    const out = iam002Code.evaluate(build({ 'app.py': text }).ctx);
    const fixed = applyEdits(text, out[0].fixes![0].edits);
    assert.equal(fixed, 'import os\nfrom openai import OpenAI\nc = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n');
  });
});

describe('ARG-IAM-003 code detector', () => {
  it('stays silent where IAM-002 reports a literal, so one literal gives one finding', () => {
    const { ctx } = build({ 'app.py': `import os\nfrom openai import OpenAI\nc = OpenAI(api_key="${KEY}")\nt = os.environ["SLACK_TOKEN"]\n` });
    assert.deepEqual(iam003Code.evaluate(ctx), []);
  });
  it('is met with the environment reads as evidence', () => {
    const { ctx } = build({ 'app.py': 'import os\nfrom openai import OpenAI\nc = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n' });
    const out = iam003Code.evaluate(ctx);
    assert.equal(out[0].status, 'met');
    assert.equal(out[0].evidence?.[0].range.start.line, 2);
  });
});

describe('ARG-PRC-001 review gate', () => {
  const marker = { 'CLAUDE.md': '# notes\n', CODEOWNERS: '* @acme/dev\n' };
  it('judges only the repository workload', () => {
    const { ctx } = build({ ...marker, 'app.py': 'import openai\n' }, 'code');
    ctx.facts = ctx.facts.filter((f) => f.kind !== 'marker');
    assert.deepEqual(reviewGate.evaluate(ctx), []);
  });
  it('is partial when the only SAST workflow does not run on pull requests, or only IaC scanners run', () => {
    const sched = 'name: nightly\non:\n  schedule:\n    - cron: "0 3 * * *"\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: github/codeql-action/init@v3\n      - uses: github/codeql-action/analyze@v3\n      - uses: actions/dependency-review-action@v4\n';
    let out = reviewGate.evaluate(build({ ...marker, '.github/workflows/nightly.yml': sched }, 'repository').ctx);
    assert.deepEqual(out.filter((o) => o.status !== 'met').map((o) => o.status), ['partial']);
    const iac = 'name: iac\non: [pull_request]\njobs:\n  tf:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: bridgecrewio/checkov-action@master\n      - run: npm audit\n';
    out = reviewGate.evaluate(build({ ...marker, '.github/workflows/iac.yml': iac }, 'repository').ctx);
    const gap = out.filter((o) => o.status !== 'met');
    assert.equal(gap.length, 1);
    assert.equal(gap[0].status, 'partial');
    assert.match(gap[0].message, /checkov/);
  });
  it('offers no CodeQL job when no language is known', () => {
    const wf = 'name: ci\non: [pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n      - run: npm audit\n';
    const out = reviewGate.evaluate(build({ ...marker, '.github/workflows/ci.yml': wf }, 'repository').ctx).filter((o) => o.status === 'missing');
    assert.equal(out.length, 1);
    assert.equal(out[0].anchor, 'no-sast');
    assert.equal(out[0].fixes, undefined);
  });
});

describe('ARG-SUP-001 manifests detector', () => {
  it('accepts a caret range resolved by a lockfile beside the manifest', () => {
    const pkg = '{\n  "name": "a",\n  "dependencies": { "openai": "^4.67.0" }\n}\n';
    const dependabot = 'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: "/"\n    schedule:\n      interval: weekly\n';
    const { ctx } = build({ 'package.json': pkg, '.github/dependabot.yml': dependabot }, 'code', ['package-lock.json']);
    const out = pins.evaluate(ctx);
    assert.deepEqual(out.map((o) => o.status), ['met', 'met']);
    assert.match(out[0].message, /lockfile/);
  });
  it('does not overwrite an existing Dependabot file', () => {
    const dependabot = 'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: "/"\n    schedule:\n      interval: weekly\n';
    const out = pins.evaluate(build({ 'requirements.txt': 'openai==1.51.0\n', '.github/dependabot.yml': dependabot }).ctx);
    const gap = out.find((o) => o.status !== 'met')!;
    assert.equal(gap.status, 'partial');
    assert.equal(gap.fixes, undefined);
  });
});

describe('ARG-PRC-005 code detector', () => {
  it('switches a smolagents CodeAgent to a Docker executor', () => {
    // The reader does not emit CodeAgent yet; the fact below has the shape its withArgs() gives.
    const text = 'from smolagents import CodeAgent\nagent = CodeAgent(tools=[], model=m)\n';
    const { ctx } = build({ 'a.py': text });
    const fact: Fact = { id: 'a.py#call CodeAgent', kind: 'call', provider: 'code', type: 'code-exec', address: 'call CodeAgent', file: 'a.py', range: { start: { line: 1, character: 8 }, end: { line: 1, character: 37 } }, nameRange: { start: { line: 1, character: 8 }, end: { line: 1, character: 17 } }, attributes: { category: 'code-exec', pattern: 'CodeAgent', language: 'python', sandbox: false } };
    assert.equal(text.split('\n')[1].indexOf('CodeAgent'), 8);
    ctx.facts = [...ctx.facts, fact];
    const out = sandbox.evaluate(ctx);
    assert.equal(out.length, 1);
    assert.equal(applyEdits(text, out[0].fixes![0].edits), 'from smolagents import CodeAgent\nagent = CodeAgent(tools=[], model=m, executor_type="docker")\n');
  });
  it('reports an execution setting that cannot be read as unresolved', () => {
    const text = 'from autogen import UserProxyAgent\nu = UserProxyAgent("u", code_execution_config={"use_docker": settings.docker})\n';
    const out = sandbox.evaluate(build({ 'a.py': text, 'requirements.txt': 'pyautogen==0.2.35\n' }).ctx);
    assert.deepEqual(out.map((o) => o.status), ['unresolved']);
  });
});

describe('ARG-GOV-004 code detector', () => {
  it('reports the skip-permissions flag without a fix', () => {
    const text = 'import subprocess\nfrom claude_agent_sdk import query\nsubprocess.run(["claude", "-p", "fix it", "--dangerously-skip-permissions"])\n';
    const out = oversight.evaluate(build({ 'a.py': text, 'requirements.txt': 'claude-agent-sdk==0.1.4\n' }).ctx);
    const miss = out.filter((o) => o.status === 'missing');
    assert.equal(miss.length, 1);
    assert.equal(miss[0].fixes, undefined);
  });
  it('does not count an approval on one tool for another tool', () => {
    const text = [
      'import stripe, smtplib',
      'from agents import Agent, function_tool',
      '',
      '@function_tool(needs_approval=True)',
      'def refund(pi: str) -> str:',
      '    return stripe.Refund.create(payment_intent=pi).id',
      '',
      '@function_tool',
      'def send_email(to: str) -> str:',
      '    smtplib.SMTP("x").sendmail("a", [to], "hi")',
      '    return "ok"',
      '',
      'agent = Agent(name="a", tools=[refund, send_email])',
      '',
    ].join('\n');
    const out = oversight.evaluate(build({ 'a.py': text, 'requirements.txt': 'openai-agents==0.6.1\n' }).ctx);
    assert.deepEqual(out.map((o) => `${o.status}:${o.location?.range.start.line ?? '-'}`).sort(), ['met:-', 'missing:7']);
  });
});

describe('ARG-PRC-009 code detector', () => {
  it('accepts an AutoGen team bounded by a termination condition', () => {
    const text = 'from autogen_agentchat.teams import RoundRobinGroupChat\nfrom autogen_agentchat.conditions import MaxMessageTermination\nteam = RoundRobinGroupChat([a, b], termination_condition=MaxMessageTermination(10))\n';
    const out = cascade.evaluate(build({ 'a.py': text, 'requirements.txt': 'autogen-agentchat==0.4.0\n' }).ctx);
    assert.deepEqual(out.map((o) => o.status), ['met']);
  });
  it('offers no config edit when the graph is invoked with a config variable', () => {
    const text = 'from langgraph.prebuilt import create_react_agent\nagent = create_react_agent(m, tools)\nagent.invoke(inputs, cfg)\n';
    const out = cascade.evaluate(build({ 'a.py': text, 'requirements.txt': 'langgraph==0.2.60\n' }).ctx);
    assert.equal(out.length, 1);
    assert.equal(out[0].status, 'missing');
    assert.equal(out[0].fixes, undefined);
  });
});

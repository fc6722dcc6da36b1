import assert from 'node:assert/strict';
import type { Fact } from '../../../src/core/model';
import { manifestsPlugin } from '../../../src/core/parse/manifests';
import { normalizePypi, packageForDependency, stripGoMajor } from '../../../src/core/parse/code/packages';
import { ofKind, parseText, parseTree } from './helpers';

const byFile = (dir: string) => {
  const m = new Map<string, Fact[]>();
  for (const pf of parseTree(dir)) m.set(pf.file, pf.facts);
  return m;
};
const dep = (facts: Fact[] | undefined, name: string) => {
  const f = (facts ?? []).find((x) => x.kind === 'dependency' && x.type === name);
  assert.ok(f, `no dependency ${name}`);
  return f;
};

describe('parse-code: manifests', () => {
  const m = byFile('manifests');

  it('normalises names: PEP 503, Go major versions, NuGet case, Maven/npm families', () => {
    assert.equal(normalizePypi('Llama_Index.Core'), 'llama-index-core');
    assert.equal(stripGoMajor('github.com/openai/openai-go/v3'), 'github.com/openai/openai-go');
    assert.equal(packageForDependency('npm', '@langchain/langgraph-swarm')?.role, 'multi-agent');
    assert.equal(packageForDependency('npm', '@ai-sdk/anthropic')?.role, 'llm-client');
    assert.equal(packageForDependency('maven', 'dev.langchain4j:langchain4j-open-ai')?.name, 'dev.langchain4j:langchain4j');
    assert.equal(packageForDependency('nuget', 'anthropic.bedrock')?.name, 'anthropic');
    assert.equal(packageForDependency('pypi', 'requests'), undefined);
  });

  it('requirements.txt: pins, hashes, extras, markers, VCS eggs, bad lines', () => {
    const facts = m.get('py/requirements.txt')!;
    assert.equal(dep(facts, 'openai').attributes.pinned, true);
    assert.equal(dep(facts, 'anthropic').attributes.pinned, false);
    assert.equal(dep(facts, 'anthropic').attributes.declaredAs, 'Anthropic');
    const lc = dep(facts, 'langchain-community');
    assert.deepEqual(lc.attributes.extras, ['extras']);
    assert.equal(lc.attributes.version, '==0.3.1');
    assert.equal(dep(facts, 'llama-index-core').attributes.declaredAs, 'llama_index.core');
    assert.equal(dep(facts, 'pyautogen').attributes.pinned, true, 'a VCS URL pinned to a commit');
    assert.equal(dep(facts, 'crewai').attributes.version, null);
    assert.equal(dep(facts, 'a2a-sdk').attributes.role, 'multi-agent');
    assert.ok(!facts.some((f) => f.type === 'requests'), 'non-AI packages give no dependency fact');
    const manifest = ofKind(facts, 'manifest')[0];
    assert.equal(manifest.attributes.lockfile, true);
    assert.equal(manifest.attributes.lockfilePath, 'py/uv.lock');
    const pf = parseTree('manifests').find((p) => p.file === 'py/requirements.txt')!;
    const bad = pf.problems.find((p) => p.code === 'parse/requirements-syntax');
    assert.ok(bad, 'the invalid line is reported');
    assert.equal(bad!.range.start.line, 14);
    assert.equal(dep(m.get('py/requirements-dev.txt'), 'langsmith').attributes.section, 'dev');
    assert.equal(dep(m.get('py/constraints.txt'), 'openai').attributes.constraint, true);
  });

  it('pyproject.toml (PEP 621, optional deps, dependency groups) and Poetry', () => {
    const facts = byFile('repo').get('services/support-agent/pyproject.toml')!;
    const manifest = ofKind(facts, 'manifest')[0];
    assert.equal(manifest.attributes.projectName, 'support-agent');
    assert.equal(manifest.attributes.lockfile, false);
    assert.equal(dep(facts, 'openai-agents').attributes.pinned, true);
    assert.equal(dep(facts, 'openai').attributes.version, '>=1.40');
    assert.equal(dep(facts, 'nemoguardrails').attributes.group, 'optional:guard');
    assert.equal(dep(facts, 'langsmith').attributes.section, 'dev');
    assert.equal(dep(facts, 'openai').range.start.line, 11);
    const poetry = m.get('poetry/pyproject.toml')!;
    assert.equal(ofKind(poetry, 'manifest')[0].attributes.projectName, 'rag-service');
    assert.equal(dep(poetry, 'openai').attributes.pinned, true);
    assert.equal(dep(poetry, 'langchain').attributes.version, '^0.3');
    assert.equal(dep(poetry, 'langchain').attributes.pinned, false);
    assert.equal(dep(poetry, 'llama-index').attributes.source, 'vcs');
    assert.equal(dep(poetry, 'langsmith').attributes.section, 'dev');
    assert.equal(dep(poetry, 'anthropic').attributes.section, 'prod', 'the main group is production');
    assert.ok(!poetry.some((f) => f.type === 'python'));
    assert.equal(dep(poetry, 'openai').attributes.lockfile, true);
  });

  it('Pipfile and setup.cfg', () => {
    const pip = m.get('pipenv/Pipfile')!;
    assert.equal(dep(pip, 'openai').attributes.pinned, true);
    assert.equal(dep(pip, 'transformers').attributes.version, '>=4.44');
    assert.equal(dep(pip, 'guardrails-ai').attributes.section, 'dev');
    const cfg = m.get('setupcfg/setup.cfg')!;
    assert.equal(dep(cfg, 'semantic-kernel').attributes.pinned, true);
    assert.equal(dep(cfg, 'langsmith').attributes.section, 'dev');
    assert.equal(ofKind(cfg, 'manifest')[0].attributes.projectName, 'legacy-bot');
  });

  it('package.json with a lockfile beside it', () => {
    const facts = byFile('repo').get('web/package.json')!;
    assert.equal(dep(facts, 'ai').attributes.pinned, true);
    assert.equal(dep(facts, '@ai-sdk/openai').attributes.pinned, false);
    assert.equal(dep(facts, '@ai-sdk/openai').attributes.lockfile, true);
    assert.equal(dep(facts, '@anthropic-ai/claude-code').attributes.section, 'dev');
    assert.equal(dep(facts, '@anthropic-ai/claude-code').attributes.role, 'coding-agent');
  });

  it('go.mod: blocks, single requires, indirect, major-version suffixes, go.sum', () => {
    const facts = m.get('go/go.mod')!;
    const oa = dep(facts, 'github.com/openai/openai-go');
    assert.equal(oa.attributes.declaredAs, 'github.com/openai/openai-go/v3');
    assert.equal(oa.attributes.pinned, true);
    assert.equal(dep(facts, 'github.com/mark3labs/mcp-go').attributes.indirect, true);
    assert.equal(dep(facts, 'github.com/tmc/langchaingo').attributes.version, 'v0.1.13');
    assert.equal(ofKind(facts, 'manifest')[0].attributes.lockfilePath, 'go/go.sum');
  });

  it('pom.xml: properties, BOMs, version ranges, test scope', () => {
    const facts = m.get('maven/pom.xml')!;
    assert.equal(dep(facts, 'dev.langchain4j:langchain4j-open-ai').attributes.version, '1.0.0');
    assert.equal(dep(facts, 'dev.langchain4j:langchain4j-open-ai').attributes.pinned, true);
    assert.equal(dep(facts, 'org.springframework.ai:spring-ai-bom').attributes.bom, true);
    const oa = dep(facts, 'com.openai:openai-java');
    assert.equal(oa.attributes.pinned, false);
    assert.equal(oa.attributes.section, 'dev');
    assert.equal(dep(facts, 'org.springframework.ai:spring-ai-starter-mcp-client').attributes.versionFrom, 'managed');
    assert.equal(ofKind(facts, 'manifest')[0].attributes.projectName, 'com.acme:assistant');
  });

  it('build.gradle and build.gradle.kts', () => {
    const g = m.get('gradle/build.gradle')!;
    assert.equal(dep(g, 'dev.langchain4j:langchain4j-bom').attributes.bom, true);
    assert.equal(dep(g, 'com.anthropic:anthropic-java').attributes.version, '2.1.0');
    assert.equal(dep(g, 'com.openai:openai-java').attributes.pinned, false);
    assert.equal(dep(g, 'com.openai:openai-java').attributes.section, 'dev');
    assert.ok(!g.some((f) => f.type === 'com.google.genai:google-genai'), 'commented-out lines do not count');
    const k = m.get('gradlekts/build.gradle.kts')!;
    assert.equal(dep(k, 'software.amazon.awssdk:bedrockruntime').attributes.pinned, true);
    assert.equal(dep(k, 'io.modelcontextprotocol.sdk:mcp').attributes.role, 'mcp');
  });

  it('csproj with central package versions, Directory.Packages.props, packages.config', () => {
    const app = m.get('dotnet/src/App/App.csproj')!;
    const sk = dep(app, 'microsoft.semantickernel');
    assert.equal(sk.attributes.version, '1.30.0');
    assert.equal(sk.attributes.versionFrom, 'Directory.Packages.props');
    assert.equal(dep(app, 'azure.ai.openai').attributes.pinned, true);
    assert.equal(dep(app, 'anthropic.bedrock').attributes.pinned, false);
    assert.equal(dep(m.get('dotnet/Directory.Packages.props'), 'modelcontextprotocol').attributes.pinned, true);
    const legacy = m.get('legacy/packages.config')!;
    assert.equal(dep(legacy, 'openai').attributes.version, '2.0.0');
    assert.equal(dep(legacy, 'microsoft.ml').attributes.section, 'dev');
  });

  it('broken manifests give positioned problems and what could be read, never a throw', () => {
    const files = parseTree('broken');
    const codes = (f: string) => files.find((p) => p.file === f)!.problems.map((p) => p.code);
    assert.ok(codes('package.json').includes('parse/json-syntax'));
    assert.ok(codes('pyproject.toml').includes('parse/toml-syntax'));
    assert.ok(codes('pom.xml').includes('parse/xml-syntax'));
    assert.ok(codes('go.mod').includes('parse/gomod-syntax'));
    const pkg = files.find((p) => p.file === 'package.json')!;
    assert.deepEqual(ofKind(pkg, 'dependency').map((f) => f.type), ['openai']);
    assert.ok(pkg.problems.every((p) => p.range.start.line >= 0 && p.file === 'package.json'));
    for (const p of files) assert.equal(ofKind(p, 'manifest').length, 1);
    for (const name of ['requirements.txt', 'pyproject.toml', 'Pipfile', 'setup.cfg', 'package.json', 'go.mod', 'pom.xml', 'build.gradle', 'x.csproj', 'packages.config'])
      for (const t of ['', '\u0000\u0001', '[[[', '<', '{"a":', 'require (', '= = =', '"""']) assert.doesNotThrow(() => parseText(name, t), `${name}: ${JSON.stringify(t)}`);
  });

  it('matches manifest names cheaply and never under dependency folders', () => {
    assert.equal(manifestsPlugin.matches('node_modules/openai/package.json'), false);
    assert.equal(manifestsPlugin.matches('a/.venv/lib/pyproject.toml'), false);
    assert.equal(manifestsPlugin.matches('requirements/prod.txt'), true);
    assert.equal(manifestsPlugin.matches('notes.txt'), false);
  });
});

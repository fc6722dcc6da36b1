import assert from 'node:assert/strict';
import type { Fact } from '../../../src/core/model';
import { repoPlugin } from '../../../src/core/parse/repo';
import { ofKind, parseText, parseTree } from './helpers';

const all = () => parseTree('repo').flatMap((p) => p.facts);
const steps = (facts: Fact[], file?: string) => ofKind(facts, 'ci-step').filter((f) => file === undefined || f.file === file);

describe('parse-code: CI workflows', () => {
  it('classifies GitHub Actions steps: SAST, dependency and secret scanning, IaC, review gates', () => {
    const facts = all();
    const wf = ofKind(facts, 'ci-workflow').find((f) => f.file === '.github/workflows/ci.yml')!;
    assert.equal(wf.attributes.provider, 'github');
    assert.equal(wf.attributes.name, 'CI');
    assert.equal(wf.attributes.pullRequest, true);
    const s = steps(facts, '.github/workflows/ci.yml');
    const tools = s.map((f) => `${f.type}:${f.attributes.tool}`);
    assert.deepEqual(tools, ['dependency-scan:pip-audit', 'sast:codeql', 'sast:codeql', 'secret-scan:gitleaks', 'sast:trivy', 'dependency-scan:trivy', 'review:environment']);
    assert.equal(s.find((f) => f.attributes.tool === 'trivy' && f.type === 'sast')!.attributes.iac, true);
    assert.ok(!s.some((f) => String(f.attributes.uses ?? '').startsWith('actions/checkout')), 'unclassified steps give no facts');
    const codeql = s.find((f) => f.attributes.tool === 'codeql')!;
    assert.equal(codeql.range.start.line, 21);
    const dependabot = steps(facts, '.github/dependabot.yml')[0];
    assert.equal(dependabot.type, 'dependency-scan');
    assert.deepEqual(dependabot.attributes.ecosystems, ['pip', 'npm']);
  });

  it('reads an AI agent in CI with its permission arguments, job permissions and triggers', () => {
    const agent = steps(all(), '.github/workflows/claude.yml')[0];
    assert.equal(agent.type, 'ai-agent');
    assert.equal(agent.attributes.tool, 'claude-code');
    assert.equal(agent.attributes.maxTurns, 10);
    assert.deepEqual(agent.attributes.allowedTools, ['Bash', 'Edit', 'Read']);
    assert.deepEqual(agent.attributes.broadTools, ['Bash', 'Edit']);
    assert.deepEqual(agent.attributes.writePermissions, ['contents', 'pull-requests', 'issues']);
    assert.deepEqual(agent.attributes.untrustedTriggers, ['issue_comment', 'pull_request_review_comment']);
    assert.equal(agent.attributes.apiKeyFromSecret, true);
  });

  it('reads GitLab CI templates, scripts and manual jobs', () => {
    const yml = [
      'include:',
      '  - template: Security/SAST.gitlab-ci.yml',
      '  - template: Jobs/Secret-Detection.gitlab-ci.yml',
      'stages: [test, deploy]',
      'variables:',
      '  OPENAI_API_KEY: "sk-proj-Hq8Wm2Lx5Vb9Nc3Zr7Tk1Yp4Gd6Fs0Ja2Ue5Io8Pl"',
      'audit:',
      '  stage: test',
      '  script:',
      '    - npm ci',
      '    - npm audit --audit-level=high',
      'deploy:',
      '  stage: deploy',
      '  when: manual',
      '  script: ["./deploy.sh"]',
      '.hidden:',
      '  script: [semgrep ci]',
    ].join('\n');
    const pf = parseText('.gitlab-ci.yml', yml);
    assert.equal(ofKind(pf, 'ci-workflow')[0].attributes.provider, 'gitlab');
    assert.deepEqual(steps(pf.facts).map((f) => `${f.type}:${f.attributes.tool}`), ['sast:gitlab-sast', 'secret-scan:gitlab-secret-detection', 'dependency-scan:npm-audit', 'review:manual-job']);
    const secret = ofKind(pf, 'secret')[0];
    assert.equal(secret.type, 'openai-api-key');
    assert.ok(!JSON.stringify(pf).includes('sk-proj-Hq8'));
  });

  it('reads Azure Pipelines tasks, scripts, stages and approvals', () => {
    const yml = [
      'trigger: [main]',
      'stages:',
      '  - stage: build',
      '    jobs:',
      '      - job: scan',
      '        steps:',
      '          - task: AdvancedSecurity-Codeql-Init@1',
      '          - script: pip install pip-audit && pip-audit',
      '          - task: ManualValidation@0',
      '  - stage: release',
      '    jobs:',
      '      - deployment: ship',
      '        environment: prod',
      '        strategy:',
      '          runOnce:',
      '            deploy:',
      '              steps:',
      '                - bash: gitleaks detect',
    ].join('\n');
    const pf = parseText('azure-pipelines.yml', yml);
    assert.deepEqual(steps(pf.facts).map((f) => `${f.type}:${f.attributes.tool}`), ['sast:codeql', 'dependency-scan:pip-audit', 'review:manual-validation', 'review:environment', 'secret-scan:gitleaks']);
  });

  it('broken YAML gives problems with positions, not a throw', () => {
    const pf = parseText('.github/workflows/bad.yml', 'name: x\non: [push\njobs:\n  a: {');
    assert.ok(pf.problems.some((p) => p.code === 'parse/yaml-syntax' && p.range.start.line >= 1));
    assert.doesNotThrow(() => parseText('.github/workflows/empty.yml', ''));
    assert.doesNotThrow(() => parseText('.github/workflows/list.yml', '- a\n- b\n'));
  });
});

describe('parse-code: repository markers', () => {
  it('recognises AI-assisted development markers by path', () => {
    const cases: [string, string | undefined][] = [
      ['.github/copilot-instructions.md', 'copilot-instructions'],
      ['.cursorrules', 'cursor-rules'],
      ['.cursor/rules/style.mdc', 'cursor-rules'],
      ['CLAUDE.md', 'claude-md'],
      ['packages/api/CLAUDE.md', 'claude-md'],
      ['AGENTS.md', 'agents-md'],
      ['.aider.conf.yml', 'aider-config'],
      ['.windsurfrules', 'windsurf-rules'],
      ['.continue/config.yaml', 'continue-config'],
      ['README.md', undefined],
      ['docs/agents.md', undefined],
    ];
    for (const [p, type] of cases) {
      if (!type) {
        assert.equal(repoPlugin.matches(p), false, p);
        continue;
      }
      const pf = parseText(p, '# rules\nBe careful.\n');
      assert.equal(ofKind(pf, 'marker')[0]?.type, type, p);
    }
  });

  it('reads permissive Claude Code settings', () => {
    const marker = ofKind(all(), 'marker').find((f) => f.type === 'claude-settings')!;
    assert.equal(marker.attributes.defaultMode, 'bypassPermissions');
    assert.equal(marker.attributes.bypassPermissions, true);
    assert.deepEqual(marker.attributes.broadAllows, ['Bash(*)']);
    assert.equal(marker.attributeRanges!['permissions.defaultMode'].start.line, 3);
    const tame = parseText('.claude/settings.json', '{"permissions": {"allow": ["Bash(npm run test:*)"], "defaultMode": "default"}}');
    const t = ofKind(tame, 'marker')[0];
    assert.equal(t.attributes.bypassPermissions, undefined);
    assert.deepEqual(t.attributes.broadAllows, []);
  });

  it('reads MCP configs: server names, local vs remote, env secrets flagged not stored', () => {
    const markers = ofKind(all(), 'marker').filter((f) => f.type === 'mcp-config');
    const root = markers.find((f) => f.file === '.mcp.json')!;
    assert.deepEqual(root.attributes.serverNames, ['filesystem', 'github', 'docs']);
    assert.equal(root.attributes.localServers, 2);
    assert.equal(root.attributes.remoteServers, 1);
    const servers = root.attributes.servers as { name: string; package?: string; host?: string; command?: string }[];
    assert.equal(servers[0].package, '@modelcontextprotocol/server-filesystem');
    assert.equal(servers[1].command, 'docker');
    assert.equal(servers[2].host, 'mcp.example.org');
    const vscode = markers.find((f) => f.file === '.vscode/mcp.json')!;
    assert.equal(vscode.attributes.tool, 'vscode');
    assert.equal(vscode.attributes.promptedInputs, 1);
    assert.ok(!all().some((f) => f.kind === 'secret' && f.file === '.vscode/mcp.json'), '${input:…} references are not secrets');
  });

  it('reads CODEOWNERS rules and flags owners that are not handles or e-mails', () => {
    const pf = parseTree('repo').find((p) => p.file === 'CODEOWNERS')!;
    const co = ofKind(pf, 'codeowners')[0];
    assert.equal(co.attributes.ruleCount, 4);
    assert.equal(co.attributes.hasDefaultRule, true);
    assert.deepEqual((co.attributes.rules as { pattern: string }[]).map((r) => r.pattern), ['*', '/services/', '/web/**/*.ts', 'docs/*']);
    assert.equal(co.attributeRanges!['rules.1'].start.line, 2);
    assert.equal(pf.problems[0].code, 'parse/codeowners-owner');
    assert.equal(pf.problems[0].range.start.line, 3);
    assert.equal(repoPlugin.matches('.github/CODEOWNERS'), true);
    assert.equal(repoPlugin.matches('src/CODEOWNERS'), false);
  });
});

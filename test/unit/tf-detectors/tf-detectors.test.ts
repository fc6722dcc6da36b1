// Behaviour of the Terraform detectors beyond the fixture cases: unknown values stay
// unresolved, module instances are judged once, fixes keep the file's indentation and line
// endings, secrets never reach a message, and account-level companions count anywhere.
import assert from 'node:assert/strict';
import { applyEdits, type Finding } from '../../../src/core';
import { scanFiles } from '../helpers';

async function findings(files: Record<string, string>, control: string, tier: 'L8' | 'L5' = 'L8'): Promise<Finding[]> {
  const r = await scanFiles(files, { forceEffectiveTier: tier, onlyControls: [control] });
  assert.deepEqual(r.problems.filter((p) => p.severity === 'error'), []);
  return r.findings.filter((f) => f.controlId === control);
}

const AGENT = (role: string) => `resource "aws_bedrockagent_agent" "a" {
  agent_name              = "a"
  agent_resource_role_arn = ${role}
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
  instruction             = "Answer questions about orders."
}
`;

describe('terraform detectors', () => {
  describe('unknown stays unknown', () => {
    it('ARG-DAT-001: a key from an unset variable is unresolved, not missing', async () => {
      const f = await findings({ 'main.tf': 'variable "key" {}\n' + AGENT('"arn:aws:iam::111122223333:role/a"').replace('  instruction', '  customer_encryption_key_arn = var.key\n  instruction') }, 'ARG-DAT-001');
      assert.deepEqual(f.map((x) => x.status), ['unresolved']);
      assert.equal(f[0].range.start.line, 5);
    });

    it('ARG-DAT-001: a key variable with a literal ARN default counts as a customer-managed key', async () => {
      const f = await findings({ 'main.tf': 'variable "key" {\n  default = "arn:aws:kms:eu-west-1:111122223333:key/0000"\n}\n' + AGENT('"arn:aws:iam::111122223333:role/a"').replace('  instruction', '  customer_encryption_key_arn = var.key\n  instruction') }, 'ARG-DAT-001');
      assert.deepEqual(f, []);
    });

    it('ARG-IAM-004: a role from an unset variable is unresolved', async () => {
      const f = await findings({ 'main.tf': 'variable "role" {}\n' + AGENT('var.role') }, 'ARG-IAM-004');
      assert.deepEqual(f.map((x) => x.status), ['unresolved']);
    });

    it('ARG-IAM-005: a policy read from a file cannot be judged and is unresolved', async () => {
      const files = {
        'main.tf':
          AGENT('aws_iam_role.a.arn') +
          'resource "aws_iam_role" "a" {\n  name = "a"\n  assume_role_policy = "{}"\n}\n' +
          'resource "aws_iam_role_policy" "a" {\n  role   = aws_iam_role.a.id\n  policy = file("${path.module}/agent-policy.json")\n}\n',
      };
      const f = await findings(files, 'ARG-IAM-005');
      assert.deepEqual(f.map((x) => x.status), ['unresolved']);
      assert.match(f[0].message, /cannot be read/);
    });

    it('ARG-IAM-005: an explicit Deny or a boundary without IAM rights removes the finding', async () => {
      const role = (extra: string) =>
        AGENT('aws_iam_role.a.arn') +
        `resource "aws_iam_role" "a" {\n  name = "a"\n  assume_role_policy = "{}"\n${extra}}\n` +
        'resource "aws_iam_role_policy" "a" {\n  role = aws_iam_role.a.id\n  policy = jsonencode({\n    Statement = [\n      { Effect = "Allow", Action = ["iam:*", "bedrock:InvokeModel"], Resource = "*" },\n    ]\n  })\n}\n';
      assert.equal((await findings({ 'main.tf': role('') }, 'ARG-IAM-005')).length, 1);
      const boundary = 'resource "aws_iam_policy" "b" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["bedrock:*"], Resource = "*" }] })\n}\n';
      assert.deepEqual(await findings({ 'main.tf': role('  permissions_boundary = aws_iam_policy.b.arn\n') + boundary }, 'ARG-IAM-005'), []);
      const deny = 'resource "aws_iam_role_policy" "deny" {\n  role = aws_iam_role.a.id\n  policy = jsonencode({ Statement = [{ Effect = "Deny", Action = ["iam:*"], Resource = "*" }] })\n}\n';
      assert.deepEqual(await findings({ 'main.tf': role('') + deny }, 'ARG-IAM-005'), []);
    });
  });

  describe('local modules', () => {
    it('judges the instantiated copy once, at the module file, and not the definition', async () => {
      const files = {
        'main.tf': 'module "agent" {\n  source = "./modules/agent"\n  name   = "orders"\n}\n',
        'modules/agent/main.tf':
          'variable "name" {}\n' +
          'resource "aws_iam_role" "this" {\n  name = var.name\n  assume_role_policy = "{}"\n}\n' +
          AGENT('aws_iam_role.this.arn').replace('"a" {', '"this" {'),
      };
      const f = await findings(files, 'ARG-IAM-004');
      assert.deepEqual(f.map((x) => `${x.file}:${x.range.start.line + 1}`), ['modules/agent/main.tf:2']);
      assert.match(f[0].message, /module\.agent\.aws_iam_role\.this/);
    });
  });

  describe('fixes', () => {
    it('keep CRLF line endings and tab indentation', async () => {
      const text = 'resource "azurerm_cognitive_account" "a" {\r\n\tname                  = "oai"\r\n\tlocation              = "uksouth"\r\n\tresource_group_name   = "rg"\r\n\tkind                  = "OpenAI"\r\n\tsku_name              = "S0"\r\n}\r\n';
      const f = await findings({ 'main.tf': text }, 'ARG-IAM-002');
      assert.equal(f.length, 1);
      const out = applyEdits(text, f[0].fixes[0].edits);
      assert.ok(out.includes('\tlocal_auth_enabled = false\r\n'), out);
      assert.ok(!/[^\r]\n/.test(out), 'every line ends with CRLF');
    });

    it('append the variable a fix introduces only when the module does not declare it', async () => {
      const base = 'resource "aws_iam_role" "a" {\n  name               = "a"\n  assume_role_policy = "{}"\n}\n' + AGENT('aws_iam_role.a.arn');
      const without = await findings({ 'main.tf': base }, 'ARG-IAM-004');
      assert.ok(without[0].fixes[0].edits.some((e) => e.newText.includes('variable "agent_permissions_boundary_arn"')));
      const withVar = await findings({ 'main.tf': base, 'variables.tf': 'variable "agent_permissions_boundary_arn" {\n  type = string\n}\n' }, 'ARG-IAM-004');
      assert.ok(!withVar[0].fixes[0].edits.some((e) => e.newText.includes('variable "')));
      assert.equal(withVar[0].fixes[0].edits.length, 1);
    });

    it('ARG-DAT-001: a new key gets a name that is not taken', async () => {
      const text = 'resource "aws_kms_key" "a" {\n  enable_key_rotation = true\n}\n' + AGENT('"arn:aws:iam::111122223333:role/a"');
      const f = await findings({ 'main.tf': text }, 'ARG-DAT-001');
      const out = applyEdits(text, f[0].fixes[0].edits);
      assert.match(out, /customer_encryption_key_arn = aws_kms_key\.a_2\.arn/);
      assert.match(out, /resource "aws_kms_key" "a_2" \{/);
    });
  });

  describe('secrets', () => {
    it('never put a literal credential into a message or a fix', async () => {
      const secret = 'sk-proj-TESTVALUE1234567890abcdefghij';
      const text = `resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role          = "arn:aws:iam::111122223333:role/f"\n  environment {\n    variables = {\n      OPENAI_API_KEY = "${secret}"\n    }\n  }\n}\n`;
      for (const c of ['ARG-IAM-002', 'ARG-IAM-003']) {
        const f = await findings({ 'main.tf': text }, c);
        assert.equal(f.length, 1, c);
        assert.equal(f[0].range.start.line, 5);
        assert.ok(!JSON.stringify(f).includes(secret), `${c} leaks the value`);
      }
    });
  });

  describe('heredoc policies', () => {
    it('ARG-IAM-005 points at the offending action inside heredoc JSON', async () => {
      const text =
        AGENT('aws_iam_role.a.arn') +
        'resource "aws_iam_role" "a" {\n  name = "a"\n  assume_role_policy = "{}"\n}\n' +
        'resource "aws_iam_policy" "p" {\n  policy = <<EOT\n{\n  "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "iam:UpdateAssumeRolePolicy"], "Resource": "*"}]\n}\nEOT\n}\n' +
        'resource "aws_iam_role_policy_attachment" "p" {\n  role       = aws_iam_role.a.name\n  policy_arn = aws_iam_policy.p.arn\n}\n';
      const f = await findings({ 'main.tf': text }, 'ARG-IAM-005');
      assert.equal(f.length, 1);
      const line = text.split('\n')[f[0].range.start.line];
      assert.equal(line.slice(f[0].range.start.character, f[0].range.end.character), '"iam:UpdateAssumeRolePolicy"');
    });
  });

  describe('account-level companions', () => {
    it('ARG-MON-001 counts Security Hub and GuardDuty from another root module of the scan', async () => {
      const ws = { 'ml/main.tf': 'resource "aws_sagemaker_endpoint" "e" {\n  name                 = "e"\n  endpoint_config_name = "c"\n}\n' };
      assert.equal((await findings(ws, 'ARG-MON-001')).length, 1);
      const withBaseline = { ...ws, 'baseline/main.tf': 'resource "aws_securityhub_account" "this" {}\n\nresource "aws_guardduty_detector" "this" {\n  enable = true\n}\n' };
      assert.deepEqual(await findings(withBaseline, 'ARG-MON-001'), []);
    });

    it('ARG-DAT-002 says nothing about workloads without Power Platform resources', async () => {
      const f = await findings({ 'main.tf': AGENT('"arn:aws:iam::111122223333:role/a"') }, 'ARG-DAT-002');
      assert.deepEqual(f, []);
    });
  });
});

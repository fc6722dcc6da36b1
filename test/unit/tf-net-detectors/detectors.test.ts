// Terraform detectors of the NET and PRC controls: the verdicts the fixture runner cannot show
// (met / unresolved / not-applicable, module instances, indentation of fixes).
import assert from 'node:assert/strict';
import { applyEdits, type ControlStatus, type ScanResult } from '../../../src/core';
import { scanFiles } from '../helpers';

const LAMBDA_ROLE = `
resource "aws_iam_role" "fn" {
  name = "fn"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "fn" {
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["bedrock:InvokeModel"], Resource = "*" }]
  })
}
`;

const VPC = `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_security_group" "fn" {
  name   = "fn"
  vpc_id = aws_vpc.main.id

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;

const FN_IN_VPC = `
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = aws_iam_role.fn.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "fn.zip"

  vpc_config {
    subnet_ids         = [aws_subnet.a.id]
    security_group_ids = [aws_security_group.fn.id]
  }
}
`;

async function scan(files: Record<string, string>, control: string): Promise<ScanResult> {
  return scanFiles(files, { forceEffectiveTier: 'L8', onlyControls: [control] });
}

function statusOf(r: ScanResult, control: string): ControlStatus[] {
  return r.assessments.flatMap((a) => a.results.filter((x) => x.controlId === control).map((x) => x.status));
}

function findingsOf(r: ScanResult, control: string) {
  return r.findings.filter((f) => f.controlId === control);
}

describe('terraform NET / PRC detectors', () => {
  describe('ARG-NET-001 private service isolation', () => {
    it('reads endpoint services from a literal for_each set', async () => {
      const r = await scan({ 'main.tf': LAMBDA_ROLE + VPC + FN_IN_VPC + `
resource "aws_vpc_endpoint" "ai" {
  for_each            = toset(["bedrock-runtime", "bedrock-agent-runtime"])
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.\${each.value}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
}
` }, 'ARG-NET-001');
      assert.deepEqual(statusOf(r, 'ARG-NET-001'), ['met']);
    });

    it('does not count an endpoint of another VPC', async () => {
      const r = await scan({ 'main.tf': LAMBDA_ROLE + VPC + FN_IN_VPC + `
resource "aws_vpc" "other" {
  cidr_block = "10.9.0.0/16"
}

resource "aws_vpc_endpoint" "elsewhere" {
  vpc_id            = aws_vpc.other.id
  service_name      = "com.amazonaws.eu-west-1.bedrock-runtime"
  vpc_endpoint_type = "Interface"
}
` }, 'ARG-NET-001');
      assert.deepEqual(findingsOf(r, 'ARG-NET-001').map((f) => f.status), ['missing']);
    });

    it('reports unresolved, never missing, for a computed public access flag', async () => {
      const r = await scan({ 'main.tf': `
variable "public" {
  type = bool
}

resource "azurerm_cognitive_account" "oai" {
  name                          = "oai"
  location                      = "westeurope"
  resource_group_name           = "rg"
  kind                          = "OpenAI"
  sku_name                      = "S0"
  public_network_access_enabled = var.public
}
` }, 'ARG-NET-001');
      assert.deepEqual(findingsOf(r, 'ARG-NET-001').map((f) => f.status), ['unresolved']);
    });

    it('accepts a default-deny network ACL', async () => {
      const r = await scan({ 'main.tf': `
resource "azurerm_cognitive_account" "oai" {
  name                = "oai"
  location            = "westeurope"
  resource_group_name = "rg"
  kind                = "OpenAI"
  sku_name            = "S0"

  network_acls {
    default_action = "Deny"
    ip_rules       = ["203.0.113.0/24"]
  }
}
` }, 'ARG-NET-001');
      assert.deepEqual(statusOf(r, 'ARG-NET-001'), ['met']);
    });

    it('is unresolved when a perimeter restricts Vertex AI but its projects cannot be matched', async () => {
      const r = await scan({ 'main.tf': `
variable "project_number" {
  type = string
}

resource "google_vertex_ai_endpoint" "e" {
  name         = "e"
  display_name = "e"
  location     = "europe-west4"
  project      = "acme"
}

resource "google_access_context_manager_service_perimeter" "p" {
  parent = "accessPolicies/1"
  name   = "accessPolicies/1/servicePerimeters/p"
  title  = "p"

  status {
    resources           = ["projects/\${var.project_number}"]
    restricted_services = ["aiplatform.googleapis.com"]
  }
}
` }, 'ARG-NET-001');
      assert.deepEqual(findingsOf(r, 'ARG-NET-001').map((f) => f.status), ['unresolved']);
    });

    it('writes the fix in the file\'s own indentation (tabs)', async () => {
      const text = 'resource "azurerm_cognitive_account" "oai" {\n\tname     = "oai"\n\tkind     = "OpenAI"\n\tsku_name = "S0"\n}\n';
      const r = await scan({ 'main.tf': text }, 'ARG-NET-001');
      const [f] = findingsOf(r, 'ARG-NET-001');
      const fixed = applyEdits(text, f.fixes[0].edits);
      assert.match(fixed, /\n\tpublic_network_access_enabled = false\n\}/);
      assert.match(fixed, /\n\tsubnet_id {11}= var\.private_endpoint_subnet_id\n/);
      assert.match(fixed, /\n\tprivate_service_connection \{\n\t\tname /);
      assert.doesNotMatch(fixed, /\n {2}\S/);
    });
  });

  describe('ARG-NET-002 gateway', () => {
    it('gives nothing to judge when the workload has no front door', async () => {
      const r = await scan({ 'main.tf': LAMBDA_ROLE + FN_IN_VPC.replace(/\n  vpc_config \{[\s\S]*?\n  \}\n/, '\n') }, 'ARG-NET-002');
      assert.deepEqual(statusOf(r, 'ARG-NET-002'), ['not-applicable']);
    });
  });

  describe('ARG-NET-003 egress', () => {
    it('accepts open security groups on subnets without a route out (a new VPC\'s main table)', async () => {
      const r = await scan({ 'main.tf': LAMBDA_ROLE + VPC + FN_IN_VPC }, 'ARG-NET-003');
      assert.deepEqual(statusOf(r, 'ARG-NET-003'), ['met']);
    });

    it('accepts a Network Firewall in the VPC', async () => {
      const r = await scan({ 'main.tf': LAMBDA_ROLE + VPC + FN_IN_VPC + `
resource "aws_networkfirewall_firewall" "egress" {
  name                = "egress"
  firewall_policy_arn = "arn:aws:network-firewall:eu-west-1:123456789012:firewall-policy/egress"
  vpc_id              = aws_vpc.main.id

  subnet_mapping {
    subnet_id = aws_subnet.a.id
  }
}
` }, 'ARG-NET-003');
      assert.deepEqual(statusOf(r, 'ARG-NET-003'), ['met']);
    });

    it('is unresolved when the security groups come from variables', async () => {
      const r = await scan({ 'main.tf': LAMBDA_ROLE + `
variable "sg_ids" {
  type = list(string)
}

variable "subnet_ids" {
  type = list(string)
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = aws_iam_role.fn.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "fn.zip"

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.sg_ids
  }
}
` }, 'ARG-NET-003');
      assert.deepEqual(findingsOf(r, 'ARG-NET-003').map((f) => f.status), ['unresolved']);
    });
  });

  describe('ARG-NET-004 / ARG-NET-005', () => {
    it('treats SageMaker endpoints as IAM-authenticated', async () => {
      const r = await scan({ 'main.tf': 'resource "aws_sagemaker_endpoint" "e" {\n  name                 = "e"\n  endpoint_config_name = "c"\n}\n' }, 'ARG-NET-004');
      assert.deepEqual(statusOf(r, 'ARG-NET-004'), ['met']);
    });

    it('leaves mTLS to Kubernetes when Terraform shows no mesh or cluster', async () => {
      const r = await scan({ 'main.tf': 'resource "aws_sagemaker_endpoint" "e" {\n  name                 = "e"\n  endpoint_config_name = "c"\n}\n' }, 'ARG-NET-005');
      assert.deepEqual(statusOf(r, 'ARG-NET-005'), ['not-applicable']);
    });
  });

  describe('ARG-PRC-001 review gate', () => {
    it('needs AI-assisted-development markers before judging GitHub resources', async () => {
      const files = { 'main.tf': LAMBDA_ROLE + FN_IN_VPC, 'github.tf': 'resource "github_repository" "r" {\n  name = "r"\n}\n' };
      const without = await scan(files, 'ARG-PRC-001');
      assert.deepEqual(findingsOf(without, 'ARG-PRC-001'), []);
      const withMarker = await scan({ ...files, 'AGENTS.md': '# Agents\nRun the tests before proposing a change.\n' }, 'ARG-PRC-001');
      assert.ok(findingsOf(withMarker, 'ARG-PRC-001').some((f) => f.file === 'github.tf' && f.status === 'missing'));
    });
  });

  describe('ARG-PRC-002 environment isolation', () => {
    it('is unresolved when aliased providers may point stages at different accounts', async () => {
      const agent = (n: string) => `
resource "aws_iam_role" "${n}" {
  name               = "${n}"
  assume_role_policy = "{}"
}

resource "aws_bedrockagent_agent" "${n}" {
  agent_name              = "${n.replace('_', '-')}"
  agent_resource_role_arn = aws_iam_role.${n}.arn
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
}
`;
      const r = await scan({ 'main.tf': 'provider "aws" {\n  alias  = "prod"\n  region = "eu-west-1"\n}\n' + agent('bot_prod') + agent('bot_dev') }, 'ARG-PRC-002');
      assert.ok(findingsOf(r, 'ARG-PRC-002').length > 0);
      assert.ok(findingsOf(r, 'ARG-PRC-002').every((f) => f.status === 'unresolved'));
    });

    it('counts a root module in a stage folder as separated', async () => {
      const r = await scan({ 'envs/prod/main.tf': 'resource "aws_sagemaker_endpoint" "e" {\n  name                 = "e"\n  endpoint_config_name = "c"\n}\n' }, 'ARG-PRC-002');
      assert.deepEqual(statusOf(r, 'ARG-PRC-002'), ['met']);
    });
  });

  describe('ARG-PRC-003 kill switch', () => {
    it('is partial when alarms exist but nothing cuts the agent off', async () => {
      const r = await scan({ 'main.tf': `
resource "aws_iam_role" "a" {
  name               = "a"
  assume_role_policy = "{}"
}

resource "aws_bedrockagent_agent" "a" {
  agent_name              = "a"
  agent_resource_role_arn = aws_iam_role.a.arn
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
}

resource "aws_sns_topic" "t" {
  name = "t"
}

resource "aws_cloudwatch_metric_alarm" "m" {
  alarm_name          = "m"
  namespace           = "AWS/Bedrock"
  metric_name         = "Invocations"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 100
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.t.arn]
}
` }, 'ARG-PRC-003');
      assert.deepEqual(findingsOf(r, 'ARG-PRC-003').map((f) => f.status), ['partial']);
    });
  });

  describe('ARG-PRC-006 isolated compute', () => {
    it('judges module instances and points into the module file', async () => {
      const r = await scan({
        'main.tf': 'module "research" {\n  source = "./modules/notebook"\n}\n',
        'modules/notebook/main.tf': 'resource "aws_sagemaker_notebook_instance" "nb" {\n  name          = "nb"\n  role_arn      = "arn:aws:iam::123456789012:role/nb"\n  instance_type = "ml.t3.medium"\n  root_access   = "Disabled"\n}\n',
      }, 'ARG-PRC-006');
      const fs = findingsOf(r, 'ARG-PRC-006');
      assert.equal(fs.length, 1);
      assert.equal(fs[0].file, 'modules/notebook/main.tf');
      assert.match(fs[0].message, /direct internet access/);
      assert.doesNotMatch(fs[0].message, /root access/);
    });

    it('is unresolved for a computed setting', async () => {
      const r = await scan({ 'main.tf': 'variable "mode" {\n  type = string\n}\n\nresource "aws_sagemaker_domain" "d" {\n  domain_name             = "d"\n  auth_mode               = "IAM"\n  vpc_id                  = "vpc-1"\n  subnet_ids              = ["subnet-1"]\n  app_network_access_type = var.mode\n}\n' }, 'ARG-PRC-006');
      assert.deepEqual(findingsOf(r, 'ARG-PRC-006').map((f) => f.status), ['unresolved']);
    });
  });

  describe('ARG-PRC-007 decommissioning', () => {
    it('accepts the default KMS deletion window', async () => {
      const r = await scan({ 'main.tf': 'resource "aws_kms_key" "k" {\n  description = "agent"\n}\n\nresource "aws_bedrockagent_agent" "a" {\n  agent_name                  = "a"\n  agent_resource_role_arn     = "arn:aws:iam::123456789012:role/a"\n  foundation_model            = "anthropic.claude-3-haiku-20240307-v1:0"\n  customer_encryption_key_arn = aws_kms_key.k.arn\n}\n' }, 'ARG-PRC-007');
      assert.deepEqual(statusOf(r, 'ARG-PRC-007'), ['met']);
    });
  });
});

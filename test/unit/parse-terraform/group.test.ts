import assert from 'node:assert/strict';
import { terraformPlugin } from '../../../src/core/parse/terraform';
import { init, scan, scanFixture } from './helpers';

describe('terraform grouping', () => {
  before(init);

  it('splits two unrelated AI stacks in one root into two workloads', () => {
    const s = scanFixture('two-stacks');
    const drafts = terraformPlugin.group!(s.facts, s.q);
    assert.equal(drafts.length, 2, JSON.stringify(drafts.map((d) => d.name)));
    const ep = drafts.find((d) => d.anchorFactId === s.byAddr('aws_sagemaker_endpoint.ep').id)!;
    const agent = drafts.find((d) => d.anchorFactId === s.byAddr('aws_bedrockagent_agent.helper').id)!;
    assert.ok(ep && agent);
    assert.equal(ep.kind, 'terraform');
    assert.equal(ep.root, '.');
    assert.equal(ep.name, 'SageMaker endpoint ep (root module)');
    assert.equal(agent.name, 'Bedrock agent helper (root module)');
    const ids = (addrs: string[]) => addrs.map((a) => s.byAddr(a).id);
    for (const id of ids(['aws_sagemaker_model.m', 'aws_sagemaker_endpoint_configuration.cfg', 'aws_kms_key.endpoint', 'aws_iam_role.sm'])) assert.ok(ep.members.includes(id), id);
    for (const id of ids(['aws_iam_role.agent', 'aws_iam_role_policy.agent'])) assert.ok(agent.members.includes(id), id);
    assert.ok(!agent.members.includes(s.byAddr('aws_kms_key.endpoint').id));
    assert.ok(!ep.members.includes(s.byAddr('aws_cloudtrail.org').id) && !agent.members.includes(s.byAddr('aws_cloudtrail.org').id), 'account-level resources are left out');
    assert.ok(!ep.members.includes(s.byAddr('aws_vpc_endpoint.bedrock').id) && !agent.members.includes(s.byAddr('aws_vpc_endpoint.bedrock').id), 'same VPC is not enough');
    assert.ok(ep.members.includes(s.byAddr('aws_subnet.a').id), 'shared plumbing is attached where referenced');
  });

  it('a KMS key referenced by the endpoint configuration joins its workload', () => {
    const s = scan({
      'ml/main.tf': 'resource "aws_kms_key" "k" {}\nresource "aws_sagemaker_endpoint_configuration" "c" {\n  kms_key_arn = aws_kms_key.k.arn\n}\nresource "aws_kms_key" "other" {}\n',
    });
    const [d, ...rest] = terraformPlugin.group!(s.facts, s.q);
    assert.equal(rest.length, 0);
    assert.ok(d.members.includes(s.byAddr('aws_kms_key.k').id));
    assert.ok(!d.members.includes(s.byAddr('aws_kms_key.other').id));
    assert.equal(d.root, 'ml');
    assert.equal(d.name, 'SageMaker endpoint configuration c (ml)');
  });

  it('a root with no AI resource gives no workload', () => {
    const s = scanFixture('non-ai');
    assert.deepEqual(terraformPlugin.group!(s.facts, s.q), []);
  });

  it('groups module instances in the caller scope and anchors on the strongest tier', () => {
    const s = scanFixture('bedrock-stack');
    const drafts = terraformPlugin.group!(s.facts, s.q);
    assert.equal(drafts.length, 1, JSON.stringify(drafts.map((d) => d.name)));
    const d = drafts[0];
    assert.equal(d.root, '.');
    assert.equal(d.anchorFactId, s.byAddr('module.support_agent.aws_bedrockagent_agent.this', '.').id);
    assert.equal(d.name, 'Bedrock agent module.support_agent.this (root module)');
    assert.ok(d.members.includes(s.byAddr('aws_kms_key.agent', '.').id), 'the caller key passed in joins');
    assert.ok(d.members.includes(s.byAddr('module.support_agent', '.').id));
    assert.ok(!d.members.some((m) => m.includes('#aws_bedrockagent_agent.this')), 'definition copies are not members');
    assert.ok(!d.members.includes(s.byAddr('module.vpc', '.').id));
  });

  it('anchors a multi-agent system on its L8 fact', () => {
    const s = scan({
      'ma.tf': 'resource "aws_bedrockagent_agent" "worker" {\n  agent_name = "w"\n}\nresource "aws_bedrockagent_agent" "boss" {\n  agent_name = "b"\n  agent_collaboration = "SUPERVISOR"\n}\nresource "aws_bedrockagent_agent_collaborator" "link" {\n  agent_id = aws_bedrockagent_agent.boss.agent_id\n  agent_descriptor {\n    alias_arn = aws_bedrockagent_agent.worker.agent_arn\n  }\n}\n',
    });
    const drafts = terraformPlugin.group!(s.facts, s.q);
    assert.equal(drafts.length, 1);
    assert.equal(drafts[0].anchorFactId, s.byAddr('aws_bedrockagent_agent.boss').id);
    assert.equal(drafts[0].members.length, 3);
  });

  it('attaches AI API enablement to the scope’s AI workloads, or stands alone', () => {
    const gcp = scanFixture('gcp');
    const drafts = terraformPlugin.group!(gcp.facts, gcp.q);
    const svc = gcp.byAddr('google_project_service.vertex').id;
    assert.equal(drafts.length, 4, JSON.stringify(drafts.map((d) => d.name)));
    assert.ok(drafts.every((d) => d.members.includes(svc)));
    const alone = scan({ 'g.tf': 'resource "google_project_service" "ai" {\n  service = "aiplatform.googleapis.com"\n}\n' });
    const [only] = terraformPlugin.group!(alone.facts, alone.q);
    assert.equal(only.anchorFactId, alone.byAddr('google_project_service.ai').id);
  });
});

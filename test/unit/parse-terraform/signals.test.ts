import assert from 'node:assert/strict';
import type { Fact, ModifierId, Rating, Tier } from '../../../src/core/model';
import { terraformPlugin } from '../../../src/core/parse/terraform';
import { init, scan, scanFixture, type Scan } from './helpers';

function tiers(s: Scan, f: Fact): Tier[] {
  return terraformPlugin.tierSignals!(f, s.q).map((x) => x.tier);
}

function mods(s: Scan, f: Fact, m: ModifierId): Rating[] {
  return terraformPlugin.modifierSignals!(f, s.q).filter((x) => x.modifier === m).map((x) => x.rating);
}

describe('terraform tier signals', () => {
  before(init);

  it('AWS: endpoint stack L7, agent L5, supervisor and collaborator L8, notebook L6, Lambda with Bedrock role L4', () => {
    const s = scan({
      'aws.tf': [
        'resource "aws_sagemaker_endpoint" "e" {\n  endpoint_config_name = "c"\n}',
        'resource "aws_bedrockagent_agent" "a" {\n  agent_name = "a"\n}',
        'resource "aws_bedrockagent_agent" "sup" {\n  agent_name          = "sup"\n  agent_collaboration = "SUPERVISOR"\n}',
        'resource "aws_bedrockagent_agent_collaborator" "c" {\n  agent_id = aws_bedrockagent_agent.sup.agent_id\n}',
        'resource "aws_sagemaker_notebook_instance" "n" {\n  name = "n"\n}',
        'resource "aws_bedrockagentcore_agent_runtime" "a2a" {\n  protocol_configuration {\n    server_protocol = "A2A"\n  }\n}',
        'resource "aws_iam_role" "fn" {\n  name = "fn"\n}',
        'data "aws_iam_policy_document" "invoke" {\n  statement {\n    actions   = ["bedrock:InvokeModel*"]\n    resources = ["arn:aws:bedrock:*::foundation-model/*"]\n  }\n}',
        'resource "aws_iam_role_policy" "fn" {\n  role   = aws_iam_role.fn.id\n  policy = data.aws_iam_policy_document.invoke.json\n}',
        'resource "aws_lambda_function" "chat" {\n  function_name = "chat"\n  role          = aws_iam_role.fn.arn\n}',
        'resource "aws_lambda_function" "plain" {\n  function_name = "plain"\n}',
        'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}',
      ].join('\n\n') + '\n',
    });
    assert.deepEqual(tiers(s, s.byAddr('aws_sagemaker_endpoint.e')), ['L7']);
    assert.deepEqual(tiers(s, s.byAddr('aws_bedrockagent_agent.a')), ['L5']);
    assert.deepEqual(tiers(s, s.byAddr('aws_bedrockagent_agent.sup')), ['L8']);
    assert.deepEqual(tiers(s, s.byAddr('aws_bedrockagent_agent_collaborator.c')), ['L8']);
    assert.deepEqual(tiers(s, s.byAddr('aws_sagemaker_notebook_instance.n')), ['L6']);
    assert.deepEqual(tiers(s, s.byAddr('aws_bedrockagentcore_agent_runtime.a2a')), ['L8']);
    const chat = terraformPlugin.tierSignals!(s.byAddr('aws_lambda_function.chat'), s.q);
    assert.equal(chat[0].tier, 'L4');
    assert.equal(chat[0].evidence.length, 2, 'the compute and the policy statement');
    assert.equal(chat[0].evidence[1].file, 'aws.tf');
    assert.equal(chat[0].evidence[1].range.start.line, s.byAddr('data.aws_iam_policy_document.invoke').attributeRanges!.statement.start.line);
    assert.deepEqual(tiers(s, s.byAddr('aws_lambda_function.plain')), []);
    assert.deepEqual(tiers(s, s.byAddr('aws_s3_bucket.b')), [], 'non-AI resources give no signal');
    const sup = terraformPlugin.tierSignals!(s.byAddr('aws_bedrockagent_agent.sup'), s.q)[0];
    assert.equal(sup.evidence[0].range.start.line, s.byAddr('aws_bedrockagent_agent.sup').attributeRanges!.agent_collaboration.start.line);
    assert.ok(sup.pattern.length > 10 && sup.pattern.endsWith('.'));
  });

  it('Azure: OpenAI account L4, provisioned deployment L7, capability host L5, ML workspace L6, online endpoint L7', () => {
    const s = scanFixture('azure');
    assert.deepEqual(tiers(s, s.byAddr('azurerm_cognitive_account.openai')), ['L4']);
    assert.deepEqual(tiers(s, s.byAddr('azurerm_cognitive_deployment.gpt')), ['L7']);
    assert.deepEqual(tiers(s, s.byAddr('azapi_resource.caphost')), ['L5']);
    assert.deepEqual(tiers(s, s.byAddr('azurerm_machine_learning_workspace.ml')), ['L6']);
    assert.deepEqual(tiers(s, s.byAddr('azapi_resource.online')), ['L7']);
    assert.deepEqual(tiers(s, s.byAddr('azurerm_resource_group.rg')), []);
    const std = scan({ 'a.tf': 'resource "azurerm_cognitive_deployment" "d" {\n  model {\n    name = "gpt-4o-mini"\n  }\n  sku {\n    name = "GlobalStandard"\n  }\n}\n' });
    assert.deepEqual(tiers(std, std.byAddr('azurerm_cognitive_deployment.d')), ['L4']);
  });

  it('GCP: Vertex endpoint L7, reasoning engine L5, workbench and feature store L6, AI API enablement L4', () => {
    const s = scanFixture('gcp');
    assert.deepEqual(tiers(s, s.byAddr('google_vertex_ai_endpoint.ep')), ['L7']);
    assert.deepEqual(tiers(s, s.byAddr('google_vertex_ai_reasoning_engine.agent')), ['L5']);
    assert.deepEqual(tiers(s, s.byAddr('google_workbench_instance.wb')), ['L6']);
    assert.deepEqual(tiers(s, s.byAddr('google_vertex_ai_featurestore.fs')), ['L6']);
    assert.deepEqual(tiers(s, s.byAddr('google_project_service.vertex')), ['L4']);
    assert.deepEqual(tiers(s, s.byAddr('google_service_account.agent')), []);
  });

  it('Power Platform: an environment only counts when its generative AI features are on', () => {
    const s = scan({ 'pp.tf': 'resource "powerplatform_environment" "on" {\n  allow_bing_search = true\n}\nresource "powerplatform_environment" "off" {\n  display_name = "plain"\n}\n' });
    assert.deepEqual(tiers(s, s.byAddr('powerplatform_environment.on')), ['L3']);
    assert.deepEqual(tiers(s, s.byAddr('powerplatform_environment.off')), []);
    assert.equal(s.byAddr('powerplatform_environment.on').provider, 'powerplatform');
  });

  it('module instances carry the signals, the module directory copies do not', () => {
    const s = scanFixture('bedrock-stack');
    assert.deepEqual(tiers(s, s.byAddr('module.support_agent.aws_bedrockagent_agent.this', '.')), ['L5']);
    assert.deepEqual(tiers(s, s.q.byAddress('aws_bedrockagent_agent.this', 'modules/agent')[0]), []);
    assert.deepEqual(tiers(s, s.byAddr('module.vpc', '.')), [], 'a VPC registry module is not an AI module');
    const reg = scan({ 'r.tf': 'module "agents" {\n  source  = "aws-ia/bedrock/aws"\n  version = "0.0.20"\n}\n' });
    assert.deepEqual(tiers(reg, reg.byAddr('module.agents')), ['L4']);
  });
});

describe('terraform modifier signals', () => {
  before(init);

  it('exposure: defaults and explicit settings, with evidence ranges', () => {
    const az = scanFixture('azure');
    const openai = az.byAddr('azurerm_cognitive_account.openai');
    const sig = terraformPlugin.modifierSignals!(openai, az.q).find((m) => m.modifier === 'exposure')!;
    assert.equal(sig.rating, 'high');
    assert.match(sig.evidence[0].why, /defaults to true/);
    assert.deepEqual(sig.evidence[0].range, openai.nameRange);
    assert.deepEqual(mods(az, az.byAddr('azurerm_machine_learning_workspace.ml'), 'exposure'), ['low']);
    const online = terraformPlugin.modifierSignals!(az.byAddr('azapi_resource.online'), az.q).find((m) => m.modifier === 'exposure')!;
    assert.equal(online.rating, 'high');
    assert.equal(online.evidence[0].range.start.line, az.byAddr('azapi_resource.online').attributeRanges!['body.properties.publicNetworkAccess'].start.line);

    const aws = scan({
      'x.tf': [
        'resource "aws_lambda_function_url" "u" {\n  function_name      = "f"\n  authorization_type = "NONE"\n}',
        'resource "aws_sagemaker_notebook_instance" "n" {\n  name = "n"\n}',
        'resource "aws_sagemaker_notebook_instance" "p" {\n  direct_internet_access = "Disabled"\n}',
        'resource "aws_bedrockagentcore_agent_runtime" "pub" {\n  network_configuration {\n    network_mode = "PUBLIC"\n  }\n}',
        'resource "aws_api_gateway_method" "m" {\n  http_method   = "POST"\n  authorization = "NONE"\n}',
      ].join('\n') + '\n',
    });
    const url = terraformPlugin.modifierSignals!(aws.byAddr('aws_lambda_function_url.u'), aws.q)[0];
    assert.equal(url.rating, 'high');
    assert.equal(url.evidence[0].range.start.line, 2);
    assert.deepEqual(mods(aws, aws.byAddr('aws_sagemaker_notebook_instance.n'), 'exposure'), ['high']);
    assert.deepEqual(mods(aws, aws.byAddr('aws_sagemaker_notebook_instance.p'), 'exposure'), ['low']);
    assert.deepEqual(mods(aws, aws.byAddr('aws_bedrockagentcore_agent_runtime.pub'), 'exposure'), ['high']);
    assert.deepEqual(mods(aws, aws.byAddr('aws_api_gateway_method.m'), 'exposure'), ['high']);

    const gcp = scanFixture('gcp');
    assert.deepEqual(mods(gcp, gcp.byAddr('google_vertex_ai_endpoint.ep'), 'exposure'), ['high']);
    assert.deepEqual(mods(gcp, gcp.byAddr('google_workbench_instance.wb'), 'exposure'), ['low']);
  });

  it('exposure follows resolved variables through a module', () => {
    const s = scanFixture('bedrock-stack');
    assert.deepEqual(mods(s, s.byAddr('module.support_agent.aws_bedrockagentcore_agent_runtime.rt', '.'), 'exposure'), ['low']);
  });

  it('data sensitivity: classification tags, names, HBI flags and data capture', () => {
    const gcp = scanFixture('gcp');
    const ep = terraformPlugin.modifierSignals!(gcp.byAddr('google_vertex_ai_endpoint.ep'), gcp.q).find((m) => m.modifier === 'dataSensitivity')!;
    assert.equal(ep.rating, 'high', 'patient in the display name');
    assert.match(ep.evidence[0].why, /patient/);
    const fs = mods(gcp, gcp.byAddr('google_vertex_ai_featurestore.fs'), 'dataSensitivity');
    assert.ok(fs.includes('high') && fs.includes('medium'), JSON.stringify(fs));
    const az = scanFixture('azure');
    assert.ok(mods(az, az.byAddr('azurerm_machine_learning_workspace.ml'), 'dataSensitivity').includes('high'));
    assert.ok(mods(az, az.byAddr('azurerm_cognitive_account.openai'), 'dataSensitivity').includes('high'), 'payroll in the name');
    const two = scanFixture('two-stacks');
    const cfg = two.byAddr('aws_sagemaker_endpoint_configuration.cfg');
    const cap = terraformPlugin.modifierSignals!(cfg, two.q).find((m) => m.modifier === 'dataSensitivity')!;
    assert.equal(cap.rating, 'medium');
    assert.deepEqual(cap.evidence[0].range, cfg.attributeRanges!.data_capture_config);
    const conf = scan({ 'c.tf': 'resource "aws_s3_bucket" "b" {\n  tags = { Confidentiality = "Internal" }\n}\n' });
    assert.deepEqual(mods(conf, conf.byAddr('aws_s3_bucket.b'), 'dataSensitivity'), ['medium']);
  });

  it('integration privilege: wildcard policies, write actions, Owner, roles/editor, local auth', () => {
    const two = scanFixture('two-stacks');
    const p = terraformPlugin.modifierSignals!(two.byAddr('aws_iam_role_policy.agent'), two.q).find((m) => m.modifier === 'integrationPrivilege')!;
    assert.equal(p.rating, 'high');
    assert.match(p.evidence[0].why, /"\*"/);
    assert.equal(p.evidence[0].range.start.line, two.byAddr('aws_iam_role_policy.agent').attributeRanges!['policy.Statement.0'].start.line);
    const shapes = scanFixture('shapes');
    assert.deepEqual(mods(shapes, shapes.byAddr('aws_iam_policy.encoded'), 'integrationPrivilege'), ['high'], 's3:PutObject on *');
    assert.deepEqual(mods(shapes, shapes.byAddr('aws_iam_policy.heredoc'), 'integrationPrivilege'), [], 'read-only on one bucket');
    const az = scanFixture('azure');
    assert.deepEqual(mods(az, az.byAddr('azurerm_role_assignment.owner'), 'integrationPrivilege'), ['high']);
    assert.deepEqual(mods(az, az.byAddr('azurerm_cognitive_account.openai'), 'integrationPrivilege'), ['medium'], 'local auth defaults to on');
    const gcp = scanFixture('gcp');
    assert.deepEqual(mods(gcp, gcp.byAddr('google_project_iam_member.editor'), 'integrationPrivilege'), ['high']);
    const admin = scan({ 'r.tf': 'resource "aws_iam_role" "r" {\n  name = "r"\n}\nresource "aws_iam_role_policy_attachment" "a" {\n  role       = aws_iam_role.r.name\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n' });
    assert.deepEqual(mods(admin, admin.byAddr('aws_iam_role.r'), 'integrationPrivilege'), ['high']);
    assert.deepEqual(mods(admin, admin.byAddr('aws_iam_role_policy_attachment.a'), 'integrationPrivilege'), ['high']);
  });

  it('autonomy: an agent without approval is medium, RETURN_CONTROL / user input lowers it', () => {
    const s = scan({
      'a.tf': [
        'resource "aws_bedrockagent_agent" "free" {\n  agent_name = "free"\n}',
        'resource "aws_bedrockagent_agent" "careful" {\n  agent_name = "careful"\n}',
        'resource "aws_bedrockagent_agent_action_group" "confirm" {\n  agent_id = aws_bedrockagent_agent.careful.agent_id\n  action_group_executor {\n    custom_control = "RETURN_CONTROL"\n  }\n}',
        'resource "aws_bedrockagent_agent_action_group" "ask" {\n  agent_id                      = aws_bedrockagent_agent.careful.agent_id\n  parent_action_group_signature = "AMAZON.UserInput"\n}',
      ].join('\n') + '\n',
    });
    assert.deepEqual(mods(s, s.byAddr('aws_bedrockagent_agent.free'), 'autonomy'), ['medium']);
    const careful = terraformPlugin.modifierSignals!(s.byAddr('aws_bedrockagent_agent.careful'), s.q).find((m) => m.modifier === 'autonomy')!;
    assert.equal(careful.rating, 'low');
    assert.equal(careful.evidence[1].factId, s.byAddr('aws_bedrockagent_agent_action_group.confirm').id);
    assert.deepEqual(mods(s, s.byAddr('aws_bedrockagent_agent_action_group.ask'), 'autonomy'), ['low']);
  });

  it('physical effect: payment tools and IoT', () => {
    const s = scanFixture('bedrock-stack');
    const refunds = terraformPlugin.modifierSignals!(s.byAddr('module.support_agent.aws_bedrockagent_agent_action_group.refunds', '.'), s.q).find((m) => m.modifier === 'physicalEffect')!;
    assert.equal(refunds.rating, 'high');
    assert.match(refunds.evidence[0].why, /refund/);
    assert.equal(refunds.evidence[0].file, 'modules/agent/main.tf');
    const iot = scan({ 'i.tf': 'resource "aws_iot_topic_rule" "r" {\n  name = "r"\n}\nresource "aws_lambda_function" "report" {\n  function_name = "weekly-report"\n}\n' });
    assert.deepEqual(mods(iot, iot.byAddr('aws_iot_topic_rule.r'), 'physicalEffect'), ['high']);
    assert.deepEqual(mods(iot, iot.byAddr('aws_lambda_function.report'), 'physicalEffect'), []);
  });
});

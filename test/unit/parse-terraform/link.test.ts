import assert from 'node:assert/strict';
import { get, isExpr, isRef } from '../../../src/core/facts';
import { terraformPlugin } from '../../../src/core/parse/terraform';
import { init, scan, scanFixture } from './helpers';

describe('terraform link', () => {
  before(init);

  describe('variables, tfvars and locals', () => {
    const s = () => scanFixture('shapes');

    it('applies terraform.tfvars and *.auto.tfvars over defaults, ignoring other tfvars', () => {
      const r = s();
      assert.equal(r.byAddr('var.prefix').attributes.value, 'acme');
      assert.ok(r.byAddr('var.prefix').hints!.includes('value:tfvars'));
      assert.equal(r.byAddr('var.region').attributes.value, 'eu-central-1');
      assert.equal(r.byAddr('provider.aws').attributes.region, 'eu-central-1');
      assert.deepEqual(r.byAddr('var.ports').attributes.value, [443, 8443]);
      assert.ok(r.byAddr('var.ports').hints!.includes('value:default'));
    });

    it('resolves locals and string interpolation of known values', () => {
      const r = s();
      assert.equal(r.byAddr('local.name').attributes.value, 'acme-ai');
      assert.equal(r.byAddr('aws_s3_bucket.data').attributes.bucket, 'acme-ai-data');
      assert.equal(r.byAddr('aws_kms_key.k').attributes.description, 'key for acme-ai');
      assert.deepEqual(r.byAddr('aws_s3_bucket.data').attributes.tags, { data_classification: 'confidential', owner: 'ml-team' });
      assert.ok(r.byAddr('aws_s3_bucket.data').hints!.includes('data:confidential'), 'hints recomputed after resolution');
    });

    it('keeps what stays unknown as an expression and references as $ref', () => {
      const r = s();
      assert.ok(isExpr(r.byAddr('local.upper_names').attributes.value));
      assert.ok(isExpr(get(r.byAddr('aws_security_group.web'), 'ingress.from_port')));
      assert.ok(isRef(r.byAddr('output.bucket').attributes.value));
      assert.equal(r.byAddr('aws_instance.script').attributes.user_data, '#!/bin/bash\necho "hello acme"\n', 'a heredoc with known interpolations becomes text');
    });

    it('a later auto.tfvars wins, in name order; an unset variable stays unknown', () => {
      const r = scan({
        'env/main.tf': 'variable "a" {\n  default = "d"\n}\nvariable "u" {}\nresource "aws_s3_bucket" "b" {\n  bucket = "${var.a}-${var.u}"\n  acl    = var.a\n}\n',
        'env/terraform.tfvars': 'a = "base"\n',
        'env/a.auto.tfvars': 'a = "first"\n',
        'env/b.auto.tfvars.json': '{ "a": "second" }',
      });
      const b = r.byAddr('aws_s3_bucket.b');
      assert.equal(b.attributes.acl, 'second');
      assert.ok(isExpr(b.attributes.bucket));
      assert.ok(r.byAddr('var.u').hints!.includes('value:unset'));
    });

    it('reads tfvars through the context when they were not handed over', () => {
      const files = {
        'x/main.tf': 'variable "a" {\n  default = 1\n}\nresource "aws_sqs_queue" "q" {\n  delay_seconds = var.a\n}\n',
        'x/terraform.tfvars': 'a = 7\n',
      };
      const r = scan({ 'x/main.tf': files['x/main.tf'] });
      assert.equal(r.byAddr('aws_sqs_queue.q').attributes.delay_seconds, 1);
      // same scan, with the tfvars only reachable through ctx.readText
      const ctx = { maxFileBytes: 1e6, readText: (p: string) => (files as Record<string, string>)[p], paths: Object.keys(files) };
      const linked = terraformPlugin.link!([terraformPlugin.parse({ path: 'x/main.tf', text: files['x/main.tf'] }, ctx)], ctx);
      assert.equal(linked[0].facts.find((f) => f.address === 'aws_sqs_queue.q')!.attributes.delay_seconds, 7);
    });

    it('resolves interpolation in the JSON syntax', () => {
      const r = scanFixture('tfjson');
      assert.equal(r.byAddr('aws_sagemaker_endpoint_configuration.cfg').attributes.name, 'cfg-prod');
    });

    it('carries references through locals so grouping sees them', () => {
      const r = scan({
        'm.tf': 'locals {\n  role = aws_iam_role.r.arn\n}\nresource "aws_iam_role" "r" {\n  name = "r"\n}\nresource "aws_sagemaker_model" "m" {\n  execution_role_arn = local.role\n}\n',
      });
      const m = r.byAddr('aws_sagemaker_model.m');
      assert.deepEqual(m.attributes.execution_role_arn, { $ref: 'aws_iam_role.r.arn' });
      assert.ok(m.references!.includes('aws_iam_role.r'));
    });

    it('is stable when linked twice', () => {
      const r = scanFixture('bedrock-stack');
      const ctx = { maxFileBytes: 1e6, readText: () => undefined, paths: [] };
      const again = terraformPlugin.link!(r.files, ctx).flatMap((p) => p.facts);
      assert.equal(again.filter((f) => f.hints!.includes('module:instance')).length, r.facts.filter((f) => f.hints!.includes('module:instance')).length);
    });
  });

  describe('modules', () => {
    it('instantiates a local module in the caller scope with inputs resolved', () => {
      const r = scanFixture('bedrock-stack');
      const agent = r.byAddr('module.support_agent.aws_bedrockagent_agent.this', '.');
      assert.equal(agent.file, 'modules/agent/main.tf', 'ranges stay in the module file');
      assert.equal(agent.range.start.line, 29);
      assert.equal(agent.attributes.agent_name, 'support_bot');
      assert.deepEqual(agent.attributes.customer_encryption_key_arn, { $ref: 'aws_kms_key.agent.arn' }, 'a caller reference keeps the caller address');
      assert.deepEqual(agent.attributes.agent_resource_role_arn, { $ref: 'module.support_agent.aws_iam_role.agent.arn' });
      assert.ok(agent.references!.includes('aws_kms_key.agent'));
      assert.ok(agent.references!.includes('module.support_agent.aws_iam_role.agent'));
      assert.ok(agent.references!.includes('module.support_agent'));
      assert.ok(agent.hints!.includes('module:instance'));
      assert.equal(agent.id, 'modules/agent/main.tf#module.support_agent.aws_bedrockagent_agent.this@.');
      const role = r.byAddr('module.support_agent.aws_iam_role.agent', '.');
      assert.equal(role.attributes.name, 'support_bot-role', 'module locals see the module inputs');
      const rt = r.byAddr('module.support_agent.aws_bedrockagentcore_agent_runtime.rt', '.');
      assert.equal(get(rt, 'network_configuration.network_mode'), 'VPC', 'tfvars → caller var → module input → conditional');
    });

    it('marks the module directory copies so they are not counted twice', () => {
      const r = scanFixture('bedrock-stack');
      const own = r.q.byAddress('aws_bedrockagent_agent.this', 'modules/agent')[0];
      assert.ok(own.hints!.includes('module:definition'));
      assert.ok(isExpr(own.attributes.agent_name), 'a variable without a default stays unknown in the definition');
      assert.equal(get(own, 'network_configuration.network_mode') ?? null, null);
      const ownRt = r.q.byAddress('aws_bedrockagentcore_agent_runtime.rt', 'modules/agent')[0];
      assert.equal(get(ownRt, 'network_configuration.network_mode'), 'PUBLIC', 'the definition uses the defaults');
    });

    it('marks registry modules unresolved and keeps their source', () => {
      const r = scanFixture('bedrock-stack');
      const vpc = r.byAddr('module.vpc', '.');
      assert.ok(vpc.hints!.includes('module:unresolved'));
      assert.equal(vpc.attributes.source, 'terraform-aws-modules/vpc/aws');
      const local = r.byAddr('module.support_agent', '.');
      assert.ok(local.hints!.includes('module:local'));
      assert.ok(local.hints!.includes('module:dir:modules/agent'));
    });

    it('follows nested local modules and counts instances of count/for_each calls as multi', () => {
      const r = scan({
        'root/main.tf': 'module "outer" {\n  source = "../mods/outer"\n  count  = 2\n  n      = "x"\n}\n',
        'mods/outer/main.tf': 'variable "n" {}\nmodule "inner" {\n  source = "../inner"\n  label  = "${var.n}-inner"\n}\n',
        'mods/inner/main.tf': 'variable "label" {}\nresource "aws_sqs_queue" "q" {\n  name = var.label\n}\n',
      });
      const q = r.byAddr('module.outer.module.inner.aws_sqs_queue.q', 'root');
      assert.equal(q.attributes.name, 'x-inner');
      assert.ok(q.references!.includes('module.outer.module.inner'));
      const outerCallInstance = r.byAddr('module.outer.module.inner', 'root');
      assert.ok(outerCallInstance.hints!.includes('multi:true'));
    });

    it('does not loop on a module that calls itself', () => {
      const r = scan({ 'a/main.tf': 'module "self" {\n  source = "./"\n}\nresource "aws_sqs_queue" "q" {}\n' });
      assert.ok(r.facts.length >= 2);
    });
  });
});

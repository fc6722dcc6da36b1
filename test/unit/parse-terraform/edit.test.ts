import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { get } from '../../../src/core/facts';
import type { Fact } from '../../../src/core/model';
import { appendBlock, applyEdits, insertInBlock, replaceAttribute } from '../../../src/core/parse/terraform';
import { FIXTURES, init, parseText } from './helpers';

function reparse(path: string, text: string, address: string): Fact {
  const pf = parseText(path, text);
  assert.deepEqual(pf.problems, [], text);
  const f = pf.facts.find((x) => x.address === address);
  assert.ok(f, `${address} after edit`);
  return f;
}

describe('terraform edits', () => {
  before(init);
  const path = 'two-stacks/main.tf';
  const text = readFileSync(join(FIXTURES, path), 'utf8');
  const fact = () => parseText(path, text).facts.find((f) => f.address === 'aws_sagemaker_endpoint_configuration.cfg')!;

  it('inserts an attribute at the end of a resource with the file indentation', () => {
    const e = insertInBlock(fact(), undefined, ['tags = { owner = "ml" }'], text)!;
    const out = applyEdits(text, [e]);
    const f = reparse(path, out, 'aws_sagemaker_endpoint_configuration.cfg');
    assert.deepEqual(f.attributes.tags, { owner: 'ml' });
    assert.match(out, /\n {2}tags = \{ owner = "ml" \}\n\}\n/);
    assert.equal(f.attributeRanges!.tags.start.character, 2);
  });

  it('inserts into a nested block, and a nested block into the resource', () => {
    const e1 = insertInBlock(fact(), 'data_capture_config', ['kms_key_id = aws_kms_key.endpoint.arn'], text)!;
    const e2 = insertInBlock(fact(), 'production_variants', ['initial_instance_count = 2'], text)!;
    const out = applyEdits(text, [e1, e2]);
    const f = reparse(path, out, 'aws_sagemaker_endpoint_configuration.cfg');
    assert.deepEqual(get(f, 'data_capture_config.kms_key_id'), { $ref: 'aws_kms_key.endpoint.arn' });
    assert.equal(get(f, 'production_variants.initial_instance_count'), 2);
    assert.equal(f.attributeRanges!['data_capture_config.kms_key_id'].start.character, 4);
    const e3 = insertInBlock(fact(), undefined, ['async_inference_config {', '  output_config {', '    s3_output_path = "s3://out/"', '  }', '}'], text)!;
    const f3 = reparse(path, applyEdits(text, [e3]), 'aws_sagemaker_endpoint_configuration.cfg');
    assert.equal(get(f3, 'async_inference_config.output_config.s3_output_path'), 's3://out/');
    assert.equal(f3.attributeRanges!['async_inference_config.output_config.s3_output_path'].start.character, 6);
  });

  it('opens up single-line and empty blocks', () => {
    const src = 'resource "aws_kms_key" "k" {}\nresource "aws_s3_bucket" "b" { bucket = "x" }\n';
    const pf = parseText('s.tf', src);
    const k = pf.facts[0];
    const b = pf.facts[1];
    const out = applyEdits(src, [insertInBlock(k, undefined, ['enable_key_rotation = true'], src)!, insertInBlock(b, undefined, ['force_destroy = false'], src)!]);
    assert.equal(reparse('s.tf', out, 'aws_kms_key.k').attributes.enable_key_rotation, true);
    const nb = reparse('s.tf', out, 'aws_s3_bucket.b');
    assert.equal(nb.attributes.bucket, 'x');
    assert.equal(nb.attributes.force_destroy, false);
  });

  it('keeps CRLF line endings and tab indentation', () => {
    const src = 'resource "aws_kms_key" "k" {\r\n\tdescription = "x"\r\n}\r\n';
    const k = parseText('c.tf', src).facts[0];
    const out = applyEdits(src, [insertInBlock(k, undefined, ['enable_key_rotation = true'], src)!]);
    assert.equal(out, 'resource "aws_kms_key" "k" {\r\n\tdescription = "x"\r\n\tenable_key_rotation = true\r\n}\r\n');
    assert.equal(reparse('c.tf', out, 'aws_kms_key.k').attributes.enable_key_rotation, true);
  });

  it('replaces an attribute value', () => {
    const e = replaceAttribute(fact(), 'data_capture_config.initial_sampling_percentage', '10', text)!;
    const f = reparse(path, applyEdits(text, [e]), 'aws_sagemaker_endpoint_configuration.cfg');
    assert.equal(get(f, 'data_capture_config.initial_sampling_percentage'), 10);
    const e2 = replaceAttribute(fact(), 'kms_key_arn', '"arn:aws:kms:eu-west-1:1:key/abc"', text)!;
    const f2 = reparse(path, applyEdits(text, [e2]), 'aws_sagemaker_endpoint_configuration.cfg');
    assert.equal(f2.attributes.kms_key_arn, 'arn:aws:kms:eu-west-1:1:key/abc');
    assert.equal(replaceAttribute(fact(), 'no_such_attribute', '1', text), undefined);
    assert.equal(replaceAttribute(fact(), 'data_capture_config', '1', text), undefined, 'a block has no value to replace');
  });

  it('appends a block after one blank line', () => {
    const hcl = 'resource "aws_cloudwatch_log_group" "ep" {\n  retention_in_days = 365\n}';
    const out = applyEdits(text, [appendBlock(path, text, hcl)]);
    assert.ok(out.endsWith('}\n\nresource "aws_cloudwatch_log_group" "ep" {\n  retention_in_days = 365\n}\n'));
    assert.equal(reparse(path, out, 'aws_cloudwatch_log_group.ep').attributes.retention_in_days, 365);
    const noEol = 'resource "a_b" "c" {}';
    assert.equal(applyEdits(noEol, [appendBlock('n.tf', noEol, 'resource "a_b" "d" {}')]), 'resource "a_b" "c" {}\n\nresource "a_b" "d" {}\n');
    const crlf = 'resource "a_b" "c" {}\r\n';
    assert.equal(applyEdits(crlf, [appendBlock('n.tf', crlf, 'resource "a_b" "d" {\n  x = 1\n}')]), 'resource "a_b" "c" {}\r\n\r\nresource "a_b" "d" {\r\n  x = 1\r\n}\r\n');
    assert.equal(applyEdits('', [appendBlock('e.tf', '', 'resource "a_b" "d" {}')]), 'resource "a_b" "d" {}\n');
  });

  it('works on module files through an instance fact', () => {
    const src = readFileSync(join(FIXTURES, 'bedrock-stack/modules/agent/main.tf'), 'utf8');
    const agent = parseText('bedrock-stack/modules/agent/main.tf', src).facts.find((f) => f.address === 'aws_bedrockagent_agent.this')!;
    const out = applyEdits(src, [insertInBlock(agent, undefined, ['guardrail_configuration {', '  guardrail_identifier = "g"', '  guardrail_version    = "1"', '}'], src)!]);
    const f = reparse('m.tf', out, 'aws_bedrockagent_agent.this');
    assert.equal(get(f, 'guardrail_configuration.guardrail_identifier'), 'g');
  });
});

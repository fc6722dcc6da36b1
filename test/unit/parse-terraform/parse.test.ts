import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { get, isExpr, isRef } from '../../../src/core/facts';
import type { Fact, ParsedFile } from '../../../src/core/model';
import { terraformPlugin } from '../../../src/core/parse/terraform';
import { FIXTURES, init, parseText } from './helpers';

function fact(pf: ParsedFile, address: string): Fact {
  const f = pf.facts.find((x) => x.address === address);
  assert.ok(f, `no ${address}; have ${pf.facts.map((x) => x.address).join(', ')}`);
  return f;
}

describe('terraform parse', () => {
  before(init);

  it('claims Terraform files only', () => {
    for (const p of ['main.tf', 'a/b/x.tf.json', 'terraform.tfvars', 'prod.auto.tfvars', 'x.tfvars.json']) assert.ok(terraformPlugin.matches(p), p);
    for (const p of ['main.tf.bak', 'values.yaml', 'tf', 'main.json']) assert.ok(!terraformPlugin.matches(p), p);
  });

  describe('real-world shapes', () => {
    let pf: ParsedFile;
    before(() => {
      pf = parseText('shapes/main.tf', readFileSync(join(FIXTURES, 'shapes/main.tf'), 'utf8'));
    });

    it('reads every top-level block without problems, skipping commented-out ones', () => {
      assert.deepEqual(pf.problems, []);
      const addresses = pf.facts.map((f) => f.address);
      for (const a of ['terraform', 'provider.aws', 'provider.aws.west', 'var.region', 'local.name', 'local.tags', 'aws_kms_key.k', 'aws_iam_policy.heredoc', 'aws_s3_bucket.data', 'aws_security_group.web', 'aws_instance.script', 'output.bucket']) {
        assert.ok(addresses.includes(a), a);
      }
      assert.ok(!addresses.includes('aws_s3_bucket.commented_out'));
      const ids = new Set(pf.facts.map((f) => f.id));
      assert.equal(ids.size, pf.facts.length, 'ids are unique');
      assert.equal(fact(pf, 'aws_kms_key.k').id, 'shapes/main.tf#aws_kms_key.k');
      assert.equal(fact(pf, 'aws_kms_key.k').scope, 'shapes');
    });

    it('gives kinds, types, providers and ranges', () => {
      const k = fact(pf, 'aws_kms_key.k');
      assert.equal(k.kind, 'resource');
      assert.equal(k.type, 'aws_kms_key');
      assert.equal(k.provider, 'aws');
      assert.equal(k.name, 'k');
      assert.equal(k.range.start.line, 47);
      assert.equal(k.range.end.line, 50);
      assert.deepEqual(k.nameRange, { start: { line: 47, character: 0 }, end: { line: 47, character: 26 } });
      assert.deepEqual(k.attributeRanges!['enable_key_rotation'].start, { line: 49, character: 2 });
      assert.equal(fact(pf, 'var.region').kind, 'variable');
      assert.equal(fact(pf, 'local.name').kind, 'locals');
      assert.equal(fact(pf, 'provider.aws.west').attributes.region, 'us-west-2');
      assert.equal(fact(pf, 'terraform').attributes.required_version, '>= 1.6');
      assert.deepEqual(get(fact(pf, 'terraform'), 'required_providers.aws.source'), 'hashicorp/aws');
    });

    it('decodes heredoc JSON and jsonencode policies, keeping references as markers', () => {
      const h = fact(pf, 'aws_iam_policy.heredoc');
      const st = get(h, 'policy.Statement.0');
      assert.equal(get(st, 'Effect'), 'Allow');
      assert.deepEqual(get(st, 'Action'), ['s3:GetObject']);
      const res = get(st, 'Resource');
      assert.ok(isExpr(res), 'a partly known string stays an expression');
      assert.match((res as { $expr: string }).$expr, /aws_s3_bucket\.data\.arn/);
      assert.ok(h.references!.includes('aws_s3_bucket.data'));
      const e = fact(pf, 'aws_iam_policy.encoded');
      assert.deepEqual(get(e, 'policy.Statement.Action'), ['bedrock:InvokeModel', 's3:PutObject']);
      assert.equal(get(e, 'policy.Statement.Resource'), '*');
      assert.ok(e.attributeRanges!['policy.Statement.0.Action'], 'ranges inside jsonencode');
      assert.equal(e.attributeRanges!['policy.Statement.0.Action'].start.line, 74);
    });

    it('keeps a plain heredoc as text and interpolated heredocs as expressions', () => {
      const i = fact(pf, 'aws_instance.script');
      assert.ok(isExpr(i.attributes.user_data));
      assert.ok(i.hints!.includes('multi:true'));
      assert.equal(i.attributes.count, 2);
      const text = parseText('x.tf', 'resource "null_resource" "n" {\n  triggers = {\n    s = <<-EOT\n      line one\n        indented\n    EOT\n  }\n}\n');
      assert.equal(get(text.facts[0], 'triggers.s'), 'line one\n  indented\n');
    });

    it('records dynamic blocks and repeated nested blocks with paths', () => {
      const sg = fact(pf, 'aws_security_group.web');
      const ingress = sg.attributes.ingress as unknown[];
      assert.equal(ingress.length, 1);
      assert.deepEqual(get(sg, 'ingress.cidr_blocks'), ['0.0.0.0/0']);
      assert.ok(isExpr(get(sg, 'ingress.from_port')), 'the iterator value is unknown');
      assert.ok(!sg.references!.some((r) => r.startsWith('ingress')), 'an iterator is not a reference');
      assert.ok(sg.hints!.includes('dynamic:ingress'));
      assert.equal((sg.attributes.egress as unknown[]).length, 2);
      assert.equal(sg.attributeRanges!['egress'].start.line, 95);
      assert.equal(sg.attributeRanges!['egress.0'].start.line, 95);
      assert.equal(sg.attributeRanges!['egress.1'].start.line, 99);
      assert.equal(sg.attributeRanges!['egress.1.from_port'].start.line, 100);
    });

    it('marks for expressions and unresolved variables for the linker', () => {
      assert.ok(isExpr(fact(pf, 'local.upper_names').attributes.value));
      assert.deepEqual(fact(pf, 'provider.aws').attributes.region, { $ref: 'var.region' });
      assert.ok(isExpr(fact(pf, 'local.name').attributes.value));
      assert.deepEqual(fact(pf, 'output.bucket').attributes.value, { $ref: 'aws_s3_bucket.data.bucket' });
      assert.deepEqual(fact(pf, 'output.bucket').references, ['aws_s3_bucket.data']);
    });

    it('derives data hints from tags', () => {
      const t = parseText('a.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = "payroll-exports"\n  tags = { data_classification = "confidential", three = "x" }\n}\n');
      assert.deepEqual(
        t.facts[0].hints!.filter((h) => h.startsWith('data:')),
        ['data:confidential', 'data:payroll'],
      );
    });
  });

  it('handles CRLF line endings and all comment styles', () => {
    const src = ['# hash', '// slashes', '/* block', '   comment */', 'resource "aws_kms_key" "k" { # trailing', '  description = "x" // c', '  /* inner */ enable_key_rotation = true', '}', ''].join('\r\n');
    const pf = parseText('crlf.tf', src);
    assert.deepEqual(pf.problems, []);
    const k = pf.facts[0];
    assert.equal(k.attributes.description, 'x');
    assert.equal(k.attributes.enable_key_rotation, true);
    assert.equal(k.range.start.line, 4);
    assert.equal(k.range.end.line, 7);
    assert.deepEqual(k.attributeRanges!.description, { start: { line: 5, character: 2 }, end: { line: 5, character: 19 } });
  });

  it('reads string escapes and keeps literal template markers', () => {
    const pf = parseText('e.tf', 'locals {\n  a = "q\\"uote\\n $${not_interp} \\u00e9"\n  b = "${aws_kms_key.k.arn}"\n  c = -5\n  d = !false\n  e = "x" == "x" ? "yes" : "no"\n}\n');
    const v = (n: string) => pf.facts.find((f) => f.address === `local.${n}`)!.attributes.value;
    assert.equal(v('a'), 'q"uote\n ${not_interp} é');
    assert.ok(isRef(v('b')));
    assert.equal(v('c'), -5);
    assert.equal(v('d'), true);
    assert.equal(v('e'), 'yes');
  });

  it('reads the JSON syntax with positions', () => {
    const src = readFileSync(join(FIXTURES, 'tfjson/main.tf.json'), 'utf8');
    const pf = parseText('tfjson/main.tf.json', src);
    assert.deepEqual(pf.problems, []);
    const cfg = fact(pf, 'aws_sagemaker_endpoint_configuration.cfg');
    assert.equal(cfg.provider, 'aws');
    assert.deepEqual(cfg.attributes.kms_key_arn, { $ref: 'aws_kms_key.capture.arn' });
    assert.ok(cfg.references!.includes('aws_kms_key.capture'));
    assert.ok(isExpr(cfg.attributes.name));
    assert.equal(get(cfg, 'production_variants.instance_type'), 'ml.g5.xlarge');
    assert.equal(cfg.nameRange!.start.line, 10);
    assert.equal(cfg.attributeRanges!['kms_key_arn'].start.line, 12);
    assert.equal(cfg.attributeRanges!['kms_key_arn'].start.character, 8);
    assert.ok(cfg.hints!.includes('data:pii'));
    assert.ok(pf.facts.some((f) => f.address === 'provider.aws.us'));
    assert.equal(fact(pf, 'var.env').attributes.default, 'prod');
  });

  it('reports JSON syntax errors at their position and keeps what was read', () => {
    const pf = parseText('bad.tf.json', '{\n  "resource": {\n    "aws_kms_key": { "a": { "enable_key_rotation": true } },\n    "aws_s3_bucket": { "b": { "bucket": "x", }\n  }\n}\n');
    assert.equal(pf.problems.length, 1);
    assert.equal(pf.problems[0].code, 'parse/terraform-syntax');
    assert.equal(pf.problems[0].range.start.line, 3);
    assert.ok(pf.facts.some((f) => f.address === 'aws_kms_key.a' && !f.hints!.includes('parse:incomplete')));
    assert.ok(pf.facts.some((f) => f.address === 'aws_s3_bucket.b' && f.hints!.includes('parse:incomplete')));
  });

  describe('broken and half-typed files', () => {
    let pf: ParsedFile;
    before(() => {
      pf = parseText('broken/half-typed.tf', readFileSync(join(FIXTURES, 'broken/half-typed.tf'), 'utf8'));
    });

    it('still yields every complete block', () => {
      const complete = pf.facts.filter((f) => !f.hints!.includes('parse:incomplete')).map((f) => f.address);
      assert.deepEqual(complete.sort(), ['aws_iam_role.last', 'aws_kms_key.complete', 'aws_sqs_queue.fine_after']);
      assert.equal(fact(pf, 'aws_sqs_queue.fine_after').attributes.name, 'still-read');
      assert.equal(fact(pf, 'aws_iam_role.last').attributes.name, 'last-role');
    });

    it('keeps the readable parts of the broken blocks, marked incomplete', () => {
      const typing = fact(pf, 'aws_sagemaker_endpoint_configuration.typing');
      assert.ok(typing.hints!.includes('parse:incomplete'));
      assert.equal(typing.attributes.name, 'half');
      const s3 = fact(pf, 'aws_s3_bucket.unclosed_string');
      assert.equal(s3.attributes.acl, 'private', 'the line after an unclosed string is still read');
      const sns = fact(pf, 'aws_sns_topic.missing_brace');
      assert.equal(sns.attributes.name, 'no-closing-brace');
      assert.equal(sns.range.end.line, 20, 'an unclosed block ends at its last written line');
    });

    it('reports each problem at the right line with a plain message', () => {
      const lines = pf.problems.map((p) => [p.range.start.line + 1, p.message] as const);
      assert.ok(pf.problems.every((p) => p.code === 'parse/terraform-syntax' && p.severity === 'error' && p.file === 'broken/half-typed.tf'));
      assert.deepEqual(
        lines.map(([l]) => l),
        [7, 11, 21],
        JSON.stringify(lines),
      );
      assert.match(lines[0][1], /kms_key_arn.*no value/);
      assert.match(lines[1][1], /unclosed string/);
      assert.match(lines[2][1], /expected '}' to close the block resource "aws_sns_topic" "missing_brace" opened at line 19/);
    });

    it('names the inner block or object that lost its brace, and a value missing at the end of the file', () => {
      const nested = parseText('n.tf', 'resource "aws_x" "a" {\n  vpc_config {\n    subnets = ["a"]\n  name = "x"\n}\n\nresource "aws_y" "b" {\n  n = 1\n}\n');
      assert.deepEqual(nested.problems.map((p) => [p.range.start.line, p.message]), [[3, "expected '}' to close the block vpc_config opened at line 2"]]);
      assert.ok(nested.facts.some((f) => f.address === 'aws_y.b' && !f.hints!.includes('parse:incomplete')));
      const obj = parseText('o.tf', 'resource "aws_x" "a" {\n  tags = {\n    a = "b"\n}\n');
      assert.match(obj.problems[0].message, /close the object opened at line 2/);
      const eof = parseText('e.tf', 'resource "aws_kms_key" "ok" {}\n\nresource "aws_x" "a" {\n  name = \n');
      assert.ok(eof.problems.some((p) => p.range.start.line === 3 && /'name' has no value/.test(p.message)), JSON.stringify(eof.problems));
      assert.ok(eof.facts.some((f) => f.address === 'aws_kms_key.ok'));
    });

    it('never throws on hostile input', () => {
      for (const src of ['', '}}}}', '{', 'resource', 'resource "a" {', '"unterminated', 'x = <<EOT\nno end', '/* never closed', 'locals { a = ', '\u0000\u0001binary', 'a = [' + '['.repeat(500)]) {
        const r = parseText('h.tf', src);
        assert.ok(Array.isArray(r.facts));
        if (src.trim() && !['resource'].includes(src)) assert.ok(r.problems.length > 0 || r.facts.length >= 0);
      }
      const heredoc = parseText('h.tf', 'resource "a_b" "c" {\n  x = <<EOT\nno end\n');
      assert.ok(heredoc.problems.some((p) => /heredoc <<EOT/.test(p.message) && p.range.start.line === 1));
      const comment = parseText('h.tf', 'resource "a_b" "c" {}\n/* never closed\n');
      assert.ok(comment.problems.some((p) => /comment/.test(p.message) && p.range.start.line === 1));
      assert.ok(comment.facts.some((f) => f.address === 'a_b.c'));
    });
  });

  it('parses a generated 5,000-line file quickly', () => {
    const blocks: string[] = [];
    let lines = 0;
    let i = 0;
    while (lines < 5000) {
      blocks.push(`resource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}"\n  tags = {\n    team = "t${i % 7}"\n    n    = ${i}\n  }\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }] })\n}\n`);
      lines += 8;
      i++;
    }
    const src = blocks.join('');
    const t0 = Date.now();
    const pf = parseText('big.tf', src);
    const ms = Date.now() - t0;
    console.log(`      5,000-line file: ${pf.facts.length} blocks in ${ms} ms`);
    assert.equal(pf.facts.length, i);
    assert.deepEqual(pf.problems, []);
    assert.ok(ms < 5000, `took ${ms} ms`);
  });

  it('reports an oversized file instead of reading it', () => {
    const r = terraformPlugin.parse({ path: 'x.tf', text: 'a'.repeat(100) }, { maxFileBytes: 10, readText: () => undefined, paths: [] });
    assert.equal(r.problems[0].code, 'scan/file-too-large');
  });
});

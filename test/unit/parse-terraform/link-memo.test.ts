// The memoised linker (TerraformLinker) against a fresh link: after any series of changes the
// result is the same, and what a change cannot reach comes back as the same objects.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ParsedFile } from '../../../src/core/model';
import type { ParseContext } from '../../../src/core/plugin';
import { terraformPlugin } from '../../../src/core/parse/terraform';
import { linkTerraform, TerraformLinker } from '../../../src/core/parse/terraform/link';
import { init } from './helpers';

const SEED = process.env.TF_SEED ? Number(process.env.TF_SEED) : 20260613;
const MULT = process.env.TF_RUNS ? Number(process.env.TF_RUNS) : 1;

/** Each path and the texts it may have (undefined: the file is absent). */
const VARIANTS: Record<string, (string | undefined)[]> = {
  'envs/a/main.tf': [
    'module "app" {\n  source = "../../modules/app"\n  name = var.name\n  size = local.size\n}\nlocals {\n  size = 3\n}\n',
    'module "app" {\n  source = "../../modules/app"\n  name = "${var.name}-x"\n  size = 5\n}\nmodule "net" {\n  source = "../../modules/net"\n  cidr = "10.1.0.0/16"\n}\n',
    'resource "aws_s3_bucket" "b" {\n  bucket = var.name\n}\n',
  ],
  'envs/a/variables.tf': ['variable "name" {\n  default = "alpha"\n}\n', 'variable "name" {}\n', undefined],
  'envs/a/terraform.tfvars': ['name = "from-tfvars"\n', undefined, 'name = "other"\nsize = 9\n'],
  'envs/b/main.tf': [
    'module "net" {\n  source = "../../modules/net"\n  cidr = var.cidr\n}\nvariable "cidr" {\n  default = "10.0.0.0/16"\n}\n',
    'module "net" {\n  source = "../../modules/net"\n  cidr = "192.168.0.0/16"\n  count = 2\n}\n',
    undefined,
  ],
  'modules/app/main.tf': [
    'variable "name" {}\nvariable "size" {\n  default = 1\n}\nresource "aws_sagemaker_endpoint" "e" {\n  name = var.name\n  tags = { size = var.size }\n}\nmodule "net" {\n  source = "../net"\n  cidr = "172.16.0.0/12"\n}\n',
    'variable "name" {}\nresource "aws_lambda_function" "f" {\n  function_name = "${var.name}-fn"\n}\n',
  ],
  'modules/net/main.tf': [
    'variable "cidr" {}\nresource "aws_vpc" "v" {\n  cidr_block = var.cidr\n}\nlocals {\n  tag = "net-${var.cidr}"\n}\n',
    'variable "cidr" {\n  default = "0.0.0.0/0"\n}\nresource "aws_security_group" "sg" {\n  ingress {\n    cidr_blocks = [var.cidr]\n  }\n}\n',
    'resource "aws_vpc" "v" {\n  cidr_block = "10.9.0.0/16"\n}\nmodule "loop" {\n  source = "../app"\n  name = "loop"\n}\n',
  ],
  'solo/main.tf': [
    'resource "aws_kms_key" "k" {\n  description = "k"\n}\n',
    'resource "aws_kms_key" "k" {\n  description = local.d\n}\nlocals {\n  d = "dd"\n}\n',
    // locals that read each other: values depend on which is worked out first
    'locals {\n  a = "${local.b}-a"\n  b = "${local.a}-b"\n}\nresource "aws_kms_key" "k" {\n  description = local.b\n}\nresource "aws_kms_key" "j" {\n  description = local.a\n}\n',
  ],
  'solo/extra.tf': [undefined, 'resource "aws_s3_bucket" "x" {\n  bucket = local.a\n}\n', 'locals {\n  e = 1\n}\n'],
};
/** Read through the context only (never handed to link): an auto tfvars of envs/b. */
const CTX_ONLY = 'envs/b/prod.auto.tfvars';
const CTX_VARIANTS = [undefined, 'cidr = "10.50.0.0/16"\n', 'cidr = "10.60.0.0/16"\n'];

type State = { choice: Record<string, number>; ctxChoice: number };

class Workspace {
  parsed = new Map<string, ParsedFile>();
  private pathsMemo: { key: string; paths: string[] } | undefined;
  /** `stablePaths`: the same paths array while the set of paths is the same, as a Project gives. */
  constructor(
    public state: State,
    private readonly stablePaths = false,
  ) {}
  text(path: string): string | undefined {
    return path === CTX_ONLY ? CTX_VARIANTS[this.state.ctxChoice] : VARIANTS[path][this.state.choice[path]];
  }
  ctx(): ParseContext {
    let paths = [...Object.keys(VARIANTS), CTX_ONLY].filter((p) => this.text(p) !== undefined);
    if (this.stablePaths) {
      const key = paths.join('\n');
      if (this.pathsMemo?.key !== key) this.pathsMemo = { key, paths };
      paths = this.pathsMemo.paths;
    }
    return { maxFileBytes: 1e6, readText: (p) => this.text(p), paths };
  }
  /** ParsedFiles, re-parsing only paths whose text changed (the others keep their objects). */
  files(): ParsedFile[] {
    const out: ParsedFile[] = [];
    for (const p of Object.keys(VARIANTS)) {
      const t = this.text(p);
      if (t === undefined) {
        this.parsed.delete(p);
        continue;
      }
      let pf = this.parsed.get(p);
      if (!pf || (pf as ParsedFile & { text?: string }).text !== t) {
        pf = Object.assign(terraformPlugin.parse({ path: p, text: t }, this.ctx()), { text: t });
        this.parsed.set(p, pf);
      }
      out.push(pf);
    }
    return out;
  }
}

const initial = (): State => ({ choice: Object.fromEntries(Object.keys(VARIANTS).map((p) => [p, 0])), ctxChoice: 0 });

describe('terraform link memo', function () {
  this.timeout(60_000);
  before(init);

  for (const stable of [false, true])
    it(`after any series of changes: the same result as a fresh link; unchanged input gives the same objects${stable ? ' (paths array kept while the same: the small-edit road)' : ''}`, () => {
      checkSeries(stable);
    });

  function checkSeries(stable: boolean): void {
    const paths = Object.keys(VARIANTS);
    const change = fc.oneof(
      fc.record({ path: fc.constantFrom(...paths), to: fc.nat(3) }),
      fc.record({ path: fc.constant(CTX_ONLY), to: fc.nat(2) }),
    );
    let reused = 0;
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 10 }), (changes) => {
        const ws = new Workspace(initial(), stable);
        const linker = new TerraformLinker();
        linker.link(ws.files(), ws.ctx());
        for (const c of changes) {
          if (c.path === CTX_ONLY) ws.state.ctxChoice = c.to % CTX_VARIANTS.length;
          else ws.state.choice[c.path] = c.to % VARIANTS[c.path].length;
          const files = ws.files();
          const ctx = ws.ctx();
          const got = linker.link(files, ctx);
          reused += linker.stats.reused;
          assert.deepEqual(got, linkTerraform(files, ctx));
          // nothing changed since: every output is the very same object, no directory redone
          const again = linker.link([...files], ctx);
          assert.equal(again.length, got.length);
          again.forEach((pf, i) => assert.equal(pf, got[i], pf.file));
          assert.equal(linker.stats.redone, 0);
        }
      }),
      { seed: SEED, numRuns: Math.round(150 * MULT) },
    );
    assert.ok(reused > 100, `directory runs reused only ${reused} times`);
  }

  it('within a redone directory, facts whose inputs and reads are unchanged are the same objects', () => {
    const ws = new Workspace(initial());
    ws.state.choice['solo/main.tf'] = 1;
    const linker = new TerraformLinker();
    const first = linker.link(ws.files(), ws.ctx());
    ws.state.choice['solo/extra.tf'] = 2; // a new local in the directory: nothing reads it
    const second = linker.link(ws.files(), ws.ctx());
    assert.equal(linker.stats.redone, 1);
    const k1 = first.find((p) => p.file === 'solo/main.tf')!.facts;
    const k2 = second.find((p) => p.file === 'solo/main.tf')!.facts;
    k1.forEach((f, i) => assert.equal(k2[i], f, f.address));
    ws.state.choice['solo/extra.tf'] = 1;
    const third = linker.link(ws.files(), ws.ctx());
    assert.deepEqual(third, linkTerraform(ws.files(), ws.ctx()));
  });

  it('a change reaches its directory and the roots that call it, nothing else', () => {
    const ws = new Workspace(initial());
    const linker = new TerraformLinker();
    const before = linker.link(ws.files(), ws.ctx());
    const byFile = (xs: ParsedFile[]) => new Map(xs.map((x) => [x.file, x]));

    // a root that no one calls: only its own files change
    ws.state.choice['solo/main.tf'] = 1;
    const afterSolo = byFile(linker.link(ws.files(), ws.ctx()));
    for (const pf of before) {
      if (pf.file === 'solo/main.tf') assert.notEqual(afterSolo.get(pf.file), pf);
      else assert.equal(afterSolo.get(pf.file), pf, pf.file);
    }
    assert.equal(linker.stats.redone, 1);

    // a module: its directory and every root instantiating it (through app too) are redone
    const prev = afterSolo;
    ws.state.choice['modules/net/main.tf'] = 1;
    const afterNet = byFile(linker.link(ws.files(), ws.ctx()));
    assert.equal(afterNet.get('solo/main.tf'), prev.get('solo/main.tf'));
    for (const f of ['modules/net/main.tf', 'envs/b/main.tf', 'envs/a/main.tf', 'modules/app/main.tf']) assert.notEqual(afterNet.get(f), prev.get(f), f);
    assert.equal(linker.stats.redone, 3, 'modules/net, envs/a (via app), envs/b');

    // a tfvars text read through the context only
    ws.state.ctxChoice = 1;
    const files = ws.files();
    const afterCtx = linker.link(files, ws.ctx());
    assert.deepEqual(afterCtx, linkTerraform(files, ws.ctx()));
    assert.equal(linker.stats.redone, 1, 'envs/b only');
    const cidr = afterCtx.find((p) => p.file === 'envs/b/main.tf')!.facts.find((f) => f.address === 'var.cidr')!;
    assert.equal(cidr.attributes.value, '10.50.0.0/16');
  });
});

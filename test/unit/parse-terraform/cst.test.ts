// The fast HCL reader (cst.ts) against tree-sitter: whenever it gives a tree, tree-sitter parses
// the same text without an error into the same tree, and the plugin's facts and problems are the
// ones the tree-sitter path gives. Inputs: every fixture and example, HCL generated from the
// grammar, and random edits of real files (which make many files the reader must decline).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { cstOptions, parseCst, type SyntaxNode } from '../../../src/core/parse/terraform/cst';
import { parseHcl } from '../../../src/core/parse/terraform/treesitter';
import { memoStats } from '../../../src/core/parse/terraform/incremental';
import { terraformPlugin } from '../../../src/core/parse/terraform';
import { ctxFor, init } from './helpers';

const SEED = process.env.TF_SEED ? Number(process.env.TF_SEED) : 20260611;
const MULT = process.env.TF_RUNS ? Number(process.env.TF_RUNS) : 1;
const runs = (n: number) => Math.max(1, Math.round(n * MULT));

/** Tree-sitter nodes the converters never read and the fast reader does not make. */
const SKIP = new Set(['comment', 'template_literal', 'quoted_template_start', 'quoted_template_end', 'heredoc_start', 'heredoc_identifier', 'template_interpolation_start', 'template_interpolation_end']);

interface Norm {
  t: string;
  r?: string;
  k: Norm[];
  ops?: string[];
  f?: (number | undefined)[];
}

function norm(n: SyntaxNode, root = false): Norm {
  const o: Norm = { t: n.type, k: [] };
  if (!root) o.r = `${n.startIndex}-${n.endIndex} ${n.startPosition.row}:${n.startPosition.column}-${n.endPosition.row}:${n.endPosition.column}`;
  for (const c of n.namedChildren) if (c && !SKIP.has(c.type)) o.k.push(norm(c));
  if (n.type === 'binary_operation' || n.type === 'unary_operation') o.ops = n.children.filter((c) => c && c.type !== 'comment').map((c) => c!.type);
  if (n.type === 'object_elem') o.f = [n.childForFieldName('key')?.startIndex, n.childForFieldName('val')?.startIndex];
  return o;
}

/** Undefined when the fast reader declines; otherwise asserts it agrees with tree-sitter and returns true. */
function agrees(text: string): boolean {
  const mine = parseCst(text);
  if (!mine) return false;
  const tree = parseHcl(text);
  assert.ok(tree);
  try {
    assert.equal(tree.rootNode.hasError, false, `the fast reader accepted text tree-sitter rejects:\n${text}`);
    assert.deepEqual(norm(mine, true), norm(tree.rootNode, true), `trees differ for:\n${text}`);
  } finally {
    tree.delete();
  }
  return true;
}

function parseBoth(path: string, text: string) {
  const ctx = ctxFor({ [path]: text });
  memoStats.clear();
  cstOptions.enabled = false;
  try {
    const slow = terraformPlugin.parse({ path, text }, ctx);
    cstOptions.enabled = true;
    const fast = terraformPlugin.parse({ path, text }, ctx);
    return { slow, fast };
  } finally {
    cstOptions.enabled = true;
    memoStats.clear();
  }
}

function hclFiles(dir: string, out: { path: string; text: string }[] = []): { path: string; text: string }[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) hclFiles(p, out);
    else if (/\.(tf|tfvars)$/.test(name)) out.push({ path: p.slice(process.cwd().length + 1), text: readFileSync(p, 'utf8') });
  }
  return out;
}

// ───────────── a generator of HCL from the grammar ─────────────

const ws = fc.constantFrom('', ' ', ' ', '  ', '\n', '\n  ', '\t', ' # note\n', ' // note\n', ' /* c */ ', '\r\n', ' /* a\nb */ ');
const ident = fc.constantFrom('a', 'b', 'x_1', 'for_each', 'in', 'if', 'for', 'true', 'null', 'aws_s3_bucket', 'var', 'local', 'data', 'module', 'each', 'count', 'self', 'dynamic', 'content', 'iterator', 'a-b', 'p::f', 'tags', 'name', 'policy', 'é', '_x');
const number = fc.constantFrom('0', '1', '42', '1.5', '0x1F', '1.5e3', '1.5e', '007', '1e5', '3.');
const strPiece = fc.constantFrom('a', ' ', 'text', '\\n', '\\"', '\\\\', '\\u00e9', '\\U0001F600', '\\u00', 'é', '😀', '$', '$$', '$${x}', '$$${x}', '%', '%%{', '%%%{', '#', '//', '}', '{', "'", '\\q', '%{ if a }x%{ endif }', '\n');
const binop = fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '&&', '||');
const cat = (...parts: fc.Arbitrary<string>[]) => fc.tuple(...parts).map((xs) => xs.join(''));
const lit = (s: string) => fc.constant(s);

const { expr } = fc.letrec<{ expr: string; str: string; heredoc: string; postfix: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    number,
    fc.constantFrom('true', 'false', 'null'),
    tie('str'),
    cat(ident, fc.array(tie('postfix'), { maxLength: 3 }).map((xs) => xs.join(''))),
    cat(ident, ws, lit('('), fc.array(tie('expr'), { maxLength: 3 }).map((xs) => xs.join(', ')), fc.constantFrom('', ',', '...'), lit(')')),
    cat(lit('['), ws, fc.array(tie('expr'), { maxLength: 3 }).map((xs) => xs.join(', ')), fc.constantFrom('', ','), ws, lit(']')),
    cat(lit('{'), ws, fc.array(cat(fc.oneof(ident, tie('str'), cat(lit('('), tie('expr'), lit(')'))), ws, fc.constantFrom('=', ':'), ws, tie('expr'), fc.constantFrom('\n', ', ', ' ', ',\n')), { maxLength: 3 }).map((xs) => xs.join('')), lit('}')),
    cat(lit('[for '), ident, fc.constantFrom('', ', v'), lit(' in '), tie('expr'), lit(' : '), tie('expr'), fc.constantFrom('', ' if x'), lit(']')),
    cat(lit('{for k, v in '), tie('expr'), lit(' : '), tie('expr'), lit(' => '), tie('expr'), fc.constantFrom('', '...'), fc.constantFrom('', ' if v'), lit('}')),
    cat(fc.constantFrom('-', '!', '- ', '!!'), tie('expr')),
    cat(tie('expr'), ws, binop, ws, tie('expr')),
    cat(tie('expr'), ws, lit('?'), ws, tie('expr'), ws, lit(':'), ws, tie('expr')),
    cat(lit('('), ws, tie('expr'), ws, lit(')'), fc.array(tie('postfix'), { maxLength: 2 }).map((xs) => xs.join(''))),
    tie('heredoc'),
  ),
  postfix: fc.oneof(cat(lit('.'), ident), fc.constantFrom('.0', '.12', '[*]', '.*', '[0]', '["k"]', ' .a', '[ * ]', '...'), cat(lit('['), tie('expr'), lit(']'))),
  str: cat(lit('"'), fc.array(fc.oneof(strPiece, cat(fc.constantFrom('${', '${~', '${ '), tie('expr'), fc.constantFrom('}', '~}', ' }'))), { maxLength: 4 }).map((xs) => xs.join('')), lit('"')),
  heredoc: cat(
    fc.constantFrom('<<EOF\n', '<<-EOT\n', '<<EOF  \n', '<< EOF\n', '<<EOF x\n'),
    fc.array(fc.oneof(fc.constantFrom('line\n', '  {"a": 1}\n', 'EOF\n', 'EOT\n', 'EOFX ${a}\n', '  EOT\n', '$${x}\n', '%{ for x in y }\n', '\n'), cat(lit('v = ${'), tie('expr'), lit('}\n'))), { maxLength: 3 }).map((xs) => xs.join('')),
    fc.constantFrom('EOF\n', '  EOT\n', 'EOF', 'EOT\n', 'EOF \n'),
  ),
}));

const attribute = cat(ident, ws, fc.constantFrom('=', '=', ' = ', ':', '=='), ws, expr, fc.constantFrom('\n', '\n', ' # c\n', ''));
const { block } = fc.letrec<{ block: string }>((tie) => ({
  block: cat(
    fc.constantFrom('resource', 'data', 'module', 'variable', 'output', 'locals', 'provider', 'terraform', 'dynamic', 'lifecycle', 'x'),
    fc.array(fc.constantFrom(' "aws_s3_bucket"', ' "b"', ' c', ' "${x}"', ' "a b"', ' "\\q"'), { maxLength: 3 }).map((xs) => xs.join('')),
    ws,
    lit('{'),
    ws,
    fc.array(fc.oneof({ depthSize: 'small' }, attribute, tie('block')), { maxLength: 4 }).map((xs) => xs.join('')),
    fc.constantFrom('}', '}\n', ' }\n'),
  ),
}));
const file = fc.array(fc.oneof(block, block, attribute, ws), { maxLength: 5 }).map((xs) => xs.join('\n'));

describe('terraform fast reader agrees with tree-sitter', function () {
  this.timeout(120_000);
  before(init);

  it('on every fixture and example: same trees, same facts and problems', () => {
    const files = [...hclFiles(join(process.cwd(), 'test/fixtures')), ...hclFiles(join(process.cwd(), 'examples'))];
    assert.ok(files.length > 50, `only ${files.length} files`);
    let accepted = 0;
    for (const f of files) {
      if (agrees(f.text)) accepted++;
      const { slow, fast } = parseBoth(f.path, f.text);
      assert.deepEqual(fast, slow, f.path);
    }
    // most real files are clean and must take the fast road
    assert.ok(accepted > files.length * 0.8, `${accepted} of ${files.length} accepted`);
  });

  it('on HCL generated from the grammar', () => {
    let accepted = 0;
    let total = 0;
    fc.assert(
      fc.property(file, (text) => {
        total++;
        if (agrees(text)) accepted++;
        const { slow, fast } = parseBoth('gen/main.tf', text);
        assert.deepEqual(fast, slow);
      }),
      { seed: SEED, numRuns: runs(600) },
    );
    // the generator must reach both roads for the test to mean something
    assert.ok(accepted > total * 0.15 && accepted < total, `${accepted} of ${total} accepted`);
  });

  it('on random edits of real files (many of them broken)', () => {
    const files = hclFiles(join(process.cwd(), 'test/fixtures/parse/terraform')).filter((f) => f.text.length < 20_000);
    const tokens = ['"', '{', '}', '[', ']', '(', ')', '$', '${', '%{', '\n', ' ', '#', '/*', '*/', '=', ',', '.', 'a', '1', '<<EOF\n', '\nEOF\n', '\\', '?', ':', '-', '!', '==', '~', 'é', '\r\n', 'for ', ' in ', 'if ', '...', '[*]', '.*', 'true', '$$$', '\u00a0'];
    const edit = fc.record({ file: fc.nat(files.length - 1), at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat(4), ins: fc.constantFrom(...tokens, '') });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const base = files[edits[0].file];
        let text = base.text;
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
        }
        agrees(text);
        const { slow, fast } = parseBoth(base.path, text);
        assert.deepEqual(fast, slow);
      }),
      { seed: SEED, numRuns: runs(400) },
    );
  });

  it('declines what it cannot be sure of', () => {
    for (const t of ['x = "a\nb"', 'x = "%{ if a }b%{ endif }"', 'x = "$$${a}"', 'x = 1\u00a0', 'x = "\\q"', 'x = <<EOF\nEOF', 'x = <<EOF\n${\na}\nEOF\n', 'x = [for]', 'a = 1 /* open', 'x = "\0"']) {
      assert.equal(parseCst(t), undefined, JSON.stringify(t));
    }
    for (const t of ['x = "a"\n', 'resource "a" "b" {\n  x = [for v in var.l : v if v != ""]\n}\n', 'x = <<EOF\n${a}\nEOF\n']) assert.ok(agrees(t), JSON.stringify(t));
  });
});

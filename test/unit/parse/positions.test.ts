// The readers' ranges use shared, frozen positions (src/core/parse/position.ts): one object per
// (line, character) for the whole scan instead of one per range end. The 10,000-file bench
// corpus holds 389,000 positions but 11,000 distinct pairs, so this is 15 MB of its heap. These
// tests fail when a reader (or the Terraform linker, or an incremental re-parse) starts making
// positions of its own again, and when sharing would let one range's change move another.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Fact, ParsedFile, Position, Range } from '../../../src/core/model';
import { PLUGINS, pluginFor } from '../../../src/core/parse';
import { pooledPositions, position, range, SharedLineMap } from '../../../src/core/parse/position';
import type { FileContent, ParseContext } from '../../../src/core/plugin';
import { nodeAssets } from '../../../src/node/assets';

const ROOT = process.cwd();

function readTree(dir: string, base: string, out: Map<string, Uint8Array>): void {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) readTree(full, base, out);
    else out.set(relative(base, full).split('\\').join('/'), readFileSync(full));
  }
}

/** Parses (and links, per kind) a folder the way a scan does, without the Project around it. */
function parseFolder(dir: string): ParsedFile[] {
  const raw = new Map<string, Uint8Array>();
  readTree(join(ROOT, dir), join(ROOT, dir), raw);
  const texts = new Map<string, string>();
  for (const [p, b] of raw) texts.set(p, new TextDecoder().decode(b));
  const paths = [...raw.keys()].sort();
  const ctx: ParseContext = { maxFileBytes: 5_000_000, paths, readText: (p) => texts.get(p) };
  const byPlugin = new Map<(typeof PLUGINS)[number], ParsedFile[]>();
  for (const p of paths) {
    const plugin = pluginFor(p);
    if (!plugin) continue;
    const b = raw.get(p)!;
    const content: FileContent = plugin.binary && b[0] === 0x50 && b[1] === 0x4b ? { path: p, bytes: b } : { path: p, text: texts.get(p) };
    const list = byPlugin.get(plugin) ?? [];
    list.push(plugin.parse(content, ctx));
    byPlugin.set(plugin, list);
  }
  const out: ParsedFile[] = [];
  for (const [plugin, files] of byPlugin) out.push(...files, ...(plugin.link ? plugin.link(files, ctx) : []));
  return out;
}

function rangesOf(f: Fact): [string, Range][] {
  const out: [string, Range][] = [['range', f.range]];
  if (f.nameRange) out.push(['nameRange', f.nameRange]);
  for (const [k, r] of Object.entries(f.attributeRanges ?? {})) out.push([`attributeRanges.${k}`, r]);
  return out;
}

function isShared(p: Position): boolean {
  return Object.isFrozen(p) && position(p.line, p.character) === p;
}

describe('shared positions', () => {
  before(async () => {
    for (const p of PLUGINS) if (p.init) await p.init(nodeAssets());
  });

  it('gives one frozen object per (line, character)', () => {
    const a = position(12, 4);
    assert.equal(position(12, 4), a);
    assert.deepEqual(a, { line: 12, character: 4 });
    assert.notEqual(position(12, 5), a);
    assert.ok(Object.isFrozen(a));
    const r = range(3, 1, 3, 9);
    assert.equal(r.start, position(3, 1));
    assert.equal(r.end, position(3, 9));
    assert.deepEqual(new SharedLineMap('ab\ncd').range(1, 4), { start: { line: 0, character: 1 }, end: { line: 1, character: 1 } });
    assert.equal(new SharedLineMap('ab\ncd').position(4), position(1, 1));
  });

  it('refuses a change in place, which would move every range that shares the position', () => {
    const p = position(7, 2);
    assert.throws(() => {
      (p as { line: number }).line = 8;
    }, TypeError);
    assert.equal(position(7, 2).line, 7);
  });

  it('leaves positions outside the pooled area (a minified line, a negative offset) as fresh objects', () => {
    for (const [l, c] of [
      [3, 50_000],
      [200_000, 1],
      [-1, 0],
      [1.5, 2],
    ]) {
      const p = position(l, c);
      assert.deepEqual(p, { line: l, character: c });
      assert.ok(!Object.isFrozen(p));
      assert.notEqual(position(l, c), p);
    }
  });

  it('keeps the pool bounded: past its limit it starts again and the old positions stay valid', () => {
    const kept = position(0, 1);
    for (let line = 0; line < 1200; line++) for (let c = 0; c < 300; c++) position(line, c);
    assert.ok(pooledPositions() <= 1 << 18, `the pool holds ${pooledPositions()}`);
    assert.deepEqual(kept, { line: 0, character: 1 });
    assert.ok(Object.isFrozen(kept));
  });

  for (const dir of ['test/fixtures/parse/terraform', 'test/fixtures/parse/kubernetes', 'test/fixtures/parse/code', 'test/fixtures/parse/power-platform', 'examples']) {
    it(`every fact range of ${dir} (parsed and linked) ends on shared positions`, () => {
      const files = parseFolder(dir);
      let n = 0;
      const bad: string[] = [];
      for (const pf of files)
        for (const f of pf.facts)
          for (const [where, r] of rangesOf(f)) {
            n += 2;
            if (!isShared(r.start) || !isShared(r.end)) bad.push(`${f.id} ${where} ${JSON.stringify(r)}`);
          }
      assert.ok(n > 100, `only ${n} positions in ${dir}`);
      assert.deepEqual(bad.slice(0, 10), []);
    });
  }

  it('shares positions across files, and an incremental Terraform re-parse keeps them shared', () => {
    const tf = PLUGINS.find((p) => p.kind === 'tf')!;
    const text = (name: string, extra: string) => `resource "aws_s3_bucket" "${name}" {\n  bucket = "${name}"\n${extra}}\n\nresource "aws_sqs_queue" "q" {\n  name = "q"\n}\n`;
    const ctx: ParseContext = { maxFileBytes: 5_000_000, paths: ['a/main.tf', 'b/main.tf'], readText: () => undefined };
    const a = tf.parse({ path: 'a/main.tf', text: text('alpha', '') }, ctx);
    const b = tf.parse({ path: 'b/main.tf', text: text('beta', '') }, ctx);
    assert.equal(a.facts[0].range.start, b.facts[0].range.start);
    assert.equal(a.facts[0].attributeRanges!.bucket.start, b.facts[0].attributeRanges!.bucket.start);
    // Lines added above the queue move it down: the incremental parse shifts its ranges.
    const edited = tf.parse({ path: 'a/main.tf', text: text('alpha', '  tags = {}\n  force_destroy = true\n') }, ctx);
    const queue = edited.facts.find((f) => f.address === 'aws_sqs_queue.q')!;
    assert.equal(queue.range.start.line, 6);
    for (const [where, r] of rangesOf(queue)) assert.ok(isShared(r.start) && isShared(r.end), where);
    const fresh = tf.parse({ path: 'c/main.tf', text: text('alpha', '  tags = {}\n  force_destroy = true\n') }, { ...ctx, paths: ['c/main.tf'] });
    assert.deepEqual(
      rangesOf(queue).map(([k, r]) => [k, r]),
      rangesOf(fresh.facts.find((f) => f.address === 'aws_sqs_queue.q')!).map(([k, r]) => [k, r]),
    );
  });
});

// The extension's project worker: a Project in a worker thread that answers load / setFile /
// delete with deltas. A mirror fed only by those deltas must equal a Project given the same
// operations in-process; edits are serialised and coalesced; a cancelled load ends its thread;
// a worker that cannot start falls back to in-process; the delta tracker finds unchanged
// workloads by identity and, failing that, by value.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus } from '../../../bench/generate';
import { Project, type ScanResult } from '../../../src/core';
import type { Assessment, Workload } from '../../../src/core/model';
import { nodeAssets } from '../../../src/node/assets';
import { nodeFileSource } from '../../../src/node/file-source';
import { writeFileSync } from 'node:fs';
import { deepEqual as sameData } from '../../../src/core/equal';
import { Interner } from '../../../src/node/host-mirror';
import { DeltaTracker, mergeDelta, MirrorBuild, ProjectMirror, ProjectSession, splitDelta, type ProjectDelta, type SessionOp } from '../../../src/node/project-worker';

const EXAMPLES = join(process.cwd(), 'examples');
const TODAY = '2026-12-01';

const plain = (r: ScanResult | undefined) => {
  assert.ok(r, 'a result');
  // Structured clone keeps `undefined` members that JSON drops: compare both as JSON.
  return JSON.parse(JSON.stringify({ ...r, timings: {} }));
};

function assertSame(mirror: ProjectMirror, local: Project, what: string): void {
  assert.deepEqual(plain(mirror.result()), plain(local.result()), `${what}: the mirror's result is the Project's`);
  const open = new Set(local.result().findings.filter((f) => !f.suppressed).map((f) => `${f.workloadId}|${f.controlId}`));
  assert.equal(mirror.openControls, open.size, `${what}: open (workload, control) pairs`);
  assert.deepEqual(mirror.paths(), local.paths(), `${what}: paths`);
  for (const f of new Set([...local.paths(), ...mirror.filesWithResults()])) {
    assert.deepEqual(JSON.parse(JSON.stringify(mirror.findingsFor(f))), JSON.parse(JSON.stringify(local.findingsFor(f))), `${what}: findings of ${f}`);
    assert.deepEqual(JSON.parse(JSON.stringify(mirror.problemsFor(f))), JSON.parse(JSON.stringify(local.problemsFor(f))), `${what}: problems of ${f}`);
  }
}

async function localExamples(): Promise<Project> {
  const p = new Project({ assets: nodeAssets(), root: 'examples', today: () => TODAY });
  await p.loadAll(nodeFileSource(EXAMPLES));
  return p;
}

/** A loaded worker session over examples/ with a mirror fed by its deltas. */
async function loadedSession(): Promise<{ session: ProjectSession; mirror: ProjectMirror; deltas: { d: ProjectDelta; op: SessionOp }[] }> {
  const session = new ProjectSession();
  const mirror = new ProjectMirror();
  const deltas: { d: ProjectDelta; op: SessionOp }[] = [];
  session.onDelta = (d, op) => {
    deltas.push({ d, op });
    if (!d.reset) mirror.apply(d);
  };
  mirror.apply(await session.load({ root: EXAMPLES, rootLabel: 'examples', today: TODAY }));
  return { session, mirror, deltas };
}

describe('project worker: a Project in a worker thread, answered with deltas', function () {
  this.timeout(120000);

  it('a mirror fed by the deltas equals the Project through a load, edits, a new file, deletes and the register', async () => {
    const progress: [number, number][] = [];
    const session = new ProjectSession();
    assert.equal(session.kind, 'worker');
    assert.ok(session.threadId !== undefined);
    const mirror = new ProjectMirror();
    session.onDelta = (d) => {
      if (!d.reset) mirror.apply(d);
    };
    const first = await session.load({ root: EXAMPLES, rootLabel: 'examples', today: TODAY }, { onProgress: (done, total) => progress.push([done, total]) });
    assert.equal(first.reset, true);
    mirror.apply(first);
    const local = await localExamples();
    assertSame(mirror, local, 'after the load');
    assert.ok(progress.length > 0 && progress[progress.length - 1][0] === progress[progress.length - 1][1]);
    const withResults = mirror.filesWithResults().length;
    const workloads = mirror.result()!.workloads.length;
    assert.ok(withResults > 10 && workloads > 5);

    const tf = local.result().findings.find((f) => f.file.endsWith('.tf') && !f.suppressed)!.file;
    const original = local.text(tf)!;
    const commented = original
      .split('\n')
      .map((l) => `# ${l}`)
      .join('\n');
    const register = 'ai-asset-register.yaml';
    const registerText = local.text(register)!;
    const k8s = local.result().findings.find((f) => f.file.endsWith('.yaml') && f.file.startsWith('k8s/'))!.file;
    const steps: [string, () => Promise<ProjectDelta | undefined>, () => void][] = [
      ['comment a Terraform file out', () => session.setFile(tf, commented), () => local.setFile(tf, commented)],
      ['a new Terraform workload', () => session.setFile('infra/new-stack/main.tf', original), () => local.setFile('infra/new-stack/main.tf', original)],
      ['an unclaimed file', () => session.setFile('infra/new-stack/README.md', '# notes'), () => local.setFile('infra/new-stack/README.md', '# notes')],
      ['the register loses its workloads', () => session.setFile(register, registerText.replace(/^workloads:[\s\S]*?(?=^\w)/m, 'workloads: []\n')), () => local.setFile(register, registerText.replace(/^workloads:[\s\S]*?(?=^\w)/m, 'workloads: []\n'))],
      ['delete a folder and a manifest at once', () => session.deleteFiles(['infra/new-stack/main.tf', 'infra/new-stack/README.md', k8s]), () => ['infra/new-stack/main.tf', 'infra/new-stack/README.md', k8s].forEach((p) => local.deleteFile(p))],
      ['restore from bytes', () => session.setFile(tf, new TextEncoder().encode(original)), () => local.setFile(tf, new TextEncoder().encode(original))],
      ['restore the register and the manifest', () => session.setFile(register, registerText).then(() => session.setFile(k8s, readFileSync(join(EXAMPLES, k8s), 'utf8'))), () => (local.setFile(register, registerText), local.setFile(k8s, readFileSync(join(EXAMPLES, k8s), 'utf8')))],
    ];
    for (const [what, remote, inProcess] of steps) {
      const d = await remote();
      inProcess();
      assert.ok(d && !d.reset, `${what}: a delta`);
      assertSame(mirror, local, what);
    }
    // A one-file edit sends that file's lists and the workloads it touched, not everything.
    const d = (await session.setFile(tf, commented))!;
    local.setFile(tf, commented);
    assertSame(mirror, local, 'the edit again');
    assert.ok(d.files.length > 0 && d.files.length < withResults, `files in the delta: ${d.files.length} of ${withResults}`);
    assert.ok(d.upserts.length < workloads, `workloads in the delta: ${d.upserts.length} of ${workloads}`);
    assert.equal(d.addedPaths.length + d.removedPaths.length, 0);
    // The same text again: nothing is analysed.
    const same = (await session.setFile(tf, commented))!;
    assert.equal(same.unchanged, true);
    assert.deepEqual([same.files, same.upserts], [[], []]);
    session.close();
  });

  it('a large delta comes in parts, one per host task, and the mirror still equals the Project', async () => {
    const root = mkdtempSync(join(tmpdir(), 'arg-pw-'));
    generateCorpus(root, { files: 600, seed: 7 });
    const session = new ProjectSession();
    const mirror = new ProjectMirror();
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const d = await session.load({ root, rootLabel: 'tiers', today: TODAY });
    clearInterval(ticker);
    mirror.apply(d);
    const parts = session.lastDeltaParts;
    assert.ok(parts > 2, `${parts} parts`);
    const local = new Project({ assets: nodeAssets(), root: 'tiers', today: () => TODAY });
    await local.loadAll(nodeFileSource(root));
    assertSame(mirror, local, 'a delta in parts');
    assert.ok(turns > 0, 'the host ran timers while the load was on');
    session.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('a load taken part by part builds a mirror beside the old one: equal entries keep their objects, only changed files are named', async () => {
    const root = mkdtempSync(join(tmpdir(), 'arg-pw-'));
    generateCorpus(root, { files: 600, seed: 11 });
    const options = { root, rootLabel: 'c', today: TODAY };
    const local = async () => {
      const p = new Project({ assets: nodeAssets(), root: 'c', today: () => TODAY });
      await p.loadAll(nodeFileSource(root));
      return p;
    };
    /** One load in a fresh worker, its parts taken one by one into a build over `base`. */
    const load = async (base: ProjectMirror | undefined) => {
      const session = new ProjectSession();
      const build = new MirrorBuild(base);
      let parts = 0;
      let cloned = true;
      let ranBetween = true;
      let immediate = false;
      session.onPart = (part, op, info) => {
        assert.equal(op.kind, 'load');
        // Each part in a task of its own: what the previous part scheduled has run.
        if (parts > 0 && !immediate) ranBetween = false;
        immediate = false;
        setImmediate(() => (immediate = true));
        parts++;
        cloned &&= info.cloned;
        build.part(part, info.cloned);
      };
      const last = await session.load(options);
      session.close();
      return { build, last, parts, cloned, ranBetween, touched: build.finish() };
    };

    const first = await load(undefined);
    assert.ok(first.parts > 2, `${first.parts} parts`);
    assert.ok(first.ranBetween, 'the host ran other work between two parts');
    assert.ok(first.cloned);
    assert.equal(first.last.reset, true);
    const before = await local();
    assertSame(first.build.mirror, before, 'a mirror built part by part');
    assert.deepEqual(first.touched.sort(), first.build.mirror.filesWithResults().sort(), 'a first load names every file with results');
    // Cloned parts share their repeated strings and lists of strings: the findings of one
    // control cite the same list of provisions.
    assert.ok(first.build.mirror.internedValues > 0);
    const findings = first.build.mirror.result()!.findings;
    const byControl = new Map<string, typeof findings>();
    for (const f of findings) byControl.set(f.controlId, [...(byControl.get(f.controlId) ?? []), f]);
    const [, many] = [...byControl].find(([, fs]) => fs.length > 1 && fs[0].provisions.length > 0 && sameData(fs[0].provisions, fs[1].provisions))!;
    assert.ok(many[0].provisions === many[1].provisions, 'one shared list');
    assert.ok(Object.isFrozen(findings.find((f) => f.related.length === 0)?.related), 'empty lists are one frozen list');

    // Nothing changed on disk: no file is named, and the old objects are kept.
    const again = await load(first.build.mirror);
    assert.deepEqual(again.touched, [], 'an unchanged re-scan names no file');
    const some = first.build.mirror.filesWithResults()[0];
    assert.ok(again.build.mirror.findingsFor(some) === first.build.mirror.findingsFor(some), 'an equal file keeps its lists');
    const w = first.build.mirror.result()!.workloads[0];
    assert.ok(again.build.mirror.workload(w.id) === w, 'an equal workload keeps its object');
    assertSame(again.build.mirror, before, 'the kept mirror');

    // One Terraform file with findings loses them (commented out): the files named are exactly
    // those whose findings or problems differ between the two Projects.
    const tf = findings.find((f) => f.file.endsWith('.tf') && !f.suppressed)!.file;
    const text = readFileSync(join(root, tf), 'utf8');
    writeFileSync(join(root, tf), text.split('\n').map((l) => `# ${l}`).join('\n'));
    const changed = await load(again.build.mirror);
    const after = await local();
    assertSame(changed.build.mirror, after, 'after a change on disk');
    const lists = (p: Project, f: string) => JSON.stringify([p.findingsFor(f), p.problemsFor(f)]);
    const expected = [...new Set([...before.paths(), ...after.paths()])].filter((f) => lists(before, f) !== lists(after, f));
    assert.ok(expected.includes(tf));
    assert.deepEqual(changed.touched.sort(), expected.sort());
    rmSync(root, { recursive: true, force: true });
  });

  it('an edit taken part by part changes the mirror as the joined delta does', async () => {
    const session = new ProjectSession();
    const mirror = new ProjectMirror();
    const touched = new Set<string>();
    let lastOp: SessionOp | undefined;
    session.onPart = (part, op, info) => {
      lastOp = op;
      mirror.applyPart(part, { cloned: info.cloned, touched: op.kind === 'load' ? new Set() : touched });
    };
    const loaded = await session.load({ root: EXAMPLES, rootLabel: 'examples', today: TODAY });
    assert.equal(loaded.reset, true);
    const local = await localExamples();
    assertSame(mirror, local, 'loaded');
    const tf = local.result().findings.find((f) => f.file.endsWith('.tf') && !f.suppressed)!.file;
    const d = await session.setFile(tf, '');
    local.setFile(tf, '');
    assert.equal(lastOp?.kind, 'setFile');
    assert.ok(d && !d.reset);
    assertSame(mirror, local, 'after an edit');
    assert.ok(touched.has(tf), 'the edited file is named');
    const original = readFileSync(join(EXAMPLES, tf), 'utf8');
    await session.setFile(tf, original);
    local.setFile(tf, original);
    assertSame(mirror, local, 'restored');
    assert.ok(local.findingsFor(tf).length > 0);
    // A part that brings the file's lists again, equal but new objects (what a re-analysis
    // that found the same sends): the held objects stay and the file is not named.
    touched.clear();
    const held = mirror.findingsFor(tf);
    const again = { ...d, reset: false, files: [{ file: tf, findings: structuredClone(held), problems: structuredClone(mirror.problemsFor(tf)) }], upserts: [], removed: [], order: undefined, addedPaths: [], removedPaths: [] };
    mirror.applyPart(again, { cloned: true, touched });
    assert.deepEqual([...touched], []);
    assert.ok(mirror.findingsFor(tf) === held);
    assertSame(mirror, local, 'after an equal part');
    session.close();
  });

  it('deepEqual compares plain data as the mirror needs; the interner shares strings and short lists, never unique texts', () => {
    assert.ok(sameData({ a: [1, { b: 'x' }], c: null }, { a: [1, { b: 'x' }], c: null }));
    assert.ok(!sameData({ a: 1 }, { a: 1, b: 2 }));
    assert.ok(!sameData({ a: 1, b: undefined }, { a: 1 }), 'a member set to undefined is not a missing one');
    assert.ok(!sameData([1, 2], { 0: 1, 1: 2 }));
    assert.ok(!sameData([1, [2]], [1, [3]]));
    const t = new Interner();
    const a = t.value({ id: 'f1', message: 'm', controlId: 'ARG-DAT-001', provisions: ['5.2.1-4', '5.2.2-1'], related: [] as string[], nested: { file: 'x.tf' } });
    const b = t.value({ id: 'f2', message: 'm', controlId: 'ARG-DAT-001', provisions: ['5.2.1-4', '5.2.2-1'], related: [] as string[], nested: { file: 'x.tf' } });
    assert.ok(a.provisions === b.provisions && a.related === b.related);
    assert.ok(Object.isFrozen(a.related));
    assert.deepEqual(b, { id: 'f2', message: 'm', controlId: 'ARG-DAT-001', provisions: ['5.2.1-4', '5.2.2-1'], related: [], nested: { file: 'x.tf' } });
    // Interned: the control id, the two provisions, the file and the list; not the ids or messages.
    assert.equal(t.size, 5);
  });

  it('serialises edits and coalesces a waiting edit of the same path (latest wins)', async () => {
    const { session, mirror, deltas } = await loadedSession();
    const local = await localExamples();
    const tf = local.result().findings.find((f) => f.file.endsWith('.tf') && !f.suppressed)!.file;
    const other = local.result().findings.find((f) => f.file.endsWith('.tf') && !f.file.startsWith(tf.split('/').slice(0, 2).join('/')))!.file;
    const text = local.text(tf)!;
    const v = (n: number) => `${text}\n# edit ${n}\n`;
    deltas.length = 0;
    // The first goes to the worker at once; the next two wait and collapse into the last.
    const all = [session.setFile(tf, v(1)), session.setFile(tf, v(2)), session.setFile(other, '# gone'), session.setFile(tf, v(3))];
    assert.equal(session.pendingOps, 3, 'one running, two waiting (the edits of tf collapsed)');
    // A delete of a waiting path replaces its edit; setting it again after the delete wins.
    const del = session.deleteFiles([other]);
    const back = session.setFile(other, local.text(other)!);
    const results = await Promise.all([...all, del, back]);
    assert.ok(results.every((r) => r !== undefined), 'every caller hears back');
    const ran = deltas.map(({ op }) => (op.kind === 'setFile' ? `${op.rel}:${typeof op.content === 'string' ? op.content.slice(-9).trim() : 'bytes'}` : `delete:${op.kind === 'delete' ? op.rels.join(',') : ''}`));
    assert.equal(deltas.length, 3, `ran: ${ran.join(' | ')}`);
    assert.ok(ran[0].endsWith('# edit 1') && ran[1].endsWith('# edit 3'), ran.join(' | '));
    local.setFile(tf, v(3));
    assertSame(mirror, local, 'after the coalesced edits');
    await session.idle();
    assert.equal(session.pendingOps, 0);
    session.close();
    assert.equal(await session.setFile(tf, text), undefined, 'a closed session answers nothing');
  });

  it('a cancelled load rejects at once and its worker thread ends', async () => {
    const session = new ProjectSession({ graceMs: 200 });
    let exited = 0;
    session.onExit = () => exited++;
    const abort = new AbortController();
    const started = Date.now();
    const pending = session.load({ root: join(process.cwd(), 'test/fixtures') }, { signal: abort.signal, onProgress: () => abort.abort() });
    await assert.rejects(pending, (e: Error) => e.name === 'AbortError');
    const until = Date.now() + 3000;
    while (exited === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    assert.equal(exited, 1, 'the worker ended');
    assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
    assert.ok(session.isClosed);
    const before = new AbortController();
    before.abort();
    const unused = new ProjectSession();
    await assert.rejects(unused.load({ root: EXAMPLES }, { signal: before.signal }), (e: Error) => e.name === 'AbortError');
    unused.close();
  });

  it('runs in-process when no worker can start, with the same results', async () => {
    const session = new ProjectSession({ script: join(process.cwd(), 'no-such-dir', 'project-worker.js') });
    const mirror = new ProjectMirror();
    session.onDelta = (d) => {
      if (!d.reset) mirror.apply(d);
    };
    mirror.apply(await session.load({ root: EXAMPLES, rootLabel: 'examples', today: TODAY }));
    assert.equal(session.kind, 'in-process');
    assert.match(session.fallbackReason ?? '', /worker/);
    const local = await localExamples();
    assertSame(mirror, local, 'in-process');
    const tf = local.result().findings.find((f) => f.file.endsWith('.tf'))!.file;
    await session.setFile(tf, '');
    local.setFile(tf, '');
    assertSame(mirror, local, 'in-process edit');
    session.close();
  });

  it('a delta split into parts joins back into the same delta', async () => {
    const session = new ProjectSession();
    const full = await session.load({ root: EXAMPLES, rootLabel: 'examples', today: TODAY });
    session.close();
    const parts = splitDelta(full, 20);
    assert.ok(parts.length > 3, `${parts.length} parts`);
    assert.ok(parts.slice(0, -1).every((p) => p.order === undefined), 'the order comes with the last part');
    assert.deepEqual(JSON.parse(JSON.stringify(mergeDelta(parts))), JSON.parse(JSON.stringify(full)));
    assert.deepEqual(splitDelta(full, 1e9), [full]);
  });

  it('the delta tracker takes the same objects as unchanged, compares new ones by value', () => {
    const workload = (id: string, tier = 'L3'): { w: Workload; a: Assessment } => ({
      w: { id, name: id, kind: 'terraform', root: id, members: [], anchor: { file: `${id}/main.tf`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }, providers: ['aws'], links: [] },
      a: { workloadId: id, baselineTier: tier, effectiveTier: tier, results: [], requiredControls: [], highModifiers: [] } as unknown as Assessment,
    });
    let current: { w: Workload; a: Assessment }[] = [workload('one'), workload('two')];
    const fake = {
      result: () => ({ workloads: current.map((x) => x.w), assessments: current.map((x) => x.a), findings: [], problems: [], coverage: { applicable: [], covered: [], percent: 100 }, filesScanned: 0, timings: {}, root: '.', tool: { name: 'ai-risk-gradient', version: '0' } }),
      findingsFor: () => [],
      problemsFor: () => [],
      paths: () => [],
      text: () => undefined,
    } as unknown as Project;
    const tracker = new DeltaTracker(fake);
    assert.equal(tracker.full(0).upserts.length, 2);
    // The same objects: nothing to send, nothing compared by value.
    let d = tracker.after([], [], 0);
    assert.deepEqual([d.upserts.length, d.removed, d.order, tracker.comparedByValue], [0, [], undefined, 0]);
    // New objects with the same content (a core that rebuilds everything): compared, not sent.
    current = current.map((x) => structuredClone(x));
    d = tracker.after([], [], 0);
    assert.deepEqual([d.upserts.length, tracker.comparedByValue], [0, 2]);
    // One changed, one gone, one new.
    current = [workload('one', 'L5'), workload('three')];
    d = tracker.after([], [], 0);
    assert.deepEqual(
      d.upserts.map((u) => `${u.workload.id}:${u.assessment.effectiveTier}`),
      ['one:L5', 'three:L3'],
    );
    assert.deepEqual(d.removed, ['two']);
    assert.deepEqual(d.order, ['one', 'three']);
  });
});

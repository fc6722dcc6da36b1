// Files no reader claims still matter to readers that ask whether they exist: a lockfile
// beside a manifest means the dependencies are locked.
import assert from 'node:assert/strict';
import { projectOf } from '../helpers';

const manifest = JSON.stringify({ name: 'svc', version: '1.0.0', dependencies: { openai: '^4.67.0' } }, null, 2);

describe('paths given to readers', () => {
  it('a committed lockfile is seen by the manifest reader, in a full load and after edits', async () => {
    const locked = await projectOf({ 'svc/package.json': manifest, 'svc/package-lock.json': '{"lockfileVersion": 3}\n', 'svc/index.js': "import OpenAI from 'openai';\n" });
    const fact = () => manifestFact(locked);
    assert.equal(fact()?.attributes.lockfile, true);
    locked.deleteFile('svc/package-lock.json');
    assert.equal(fact()?.attributes.lockfile, false, 'deleting the lockfile is noticed');
    locked.setFile('svc/package-lock.json', '{"lockfileVersion": 3}\n');
    assert.equal(fact()?.attributes.lockfile, true, 'adding it back is noticed');
  });

  it('without a lockfile the manifest says so', async () => {
    const p = await projectOf({ 'svc/package.json': manifest, 'svc/index.js': "import OpenAI from 'openai';\n" });
    assert.equal(manifestFact(p)?.attributes.lockfile, false);
  });
});

function manifestFact(p: Awaited<ReturnType<typeof projectOf>>) {
  const w = p.result().workloads.find((x) => x.kind === 'code');
  assert.ok(w, 'the service is a workload');
  const id = w.members.find((m) => m.endsWith('#manifest'));
  return id ? factById(p, id) : undefined;
}

function factById(p: Awaited<ReturnType<typeof projectOf>>, id: string) {
  // The project keeps facts per file internally; the test reads them there.
  return (p as unknown as { entries: Map<string, { parsed: { facts: { id: string; attributes: Record<string, unknown> }[] } }> }).entries
    .get(id.split('#')[0])
    ?.parsed.facts.find((f) => f.id === id);
}

import assert from 'node:assert/strict';
import { applyBaseline, BaselineError, fixedSince, newSince, parseBaseline, writeBaseline } from '../../../src/core/report';
import { fixtureResult, range } from './fixture';

describe('report/baseline', () => {
  it('writes the open findings only, sorted, and the same bytes every time', () => {
    const result = fixtureResult();
    const text = writeBaseline(result);
    const b = parseBaseline(text);
    const open = result.findings.filter((f) => !f.suppressed);
    assert.equal(b.findings.length, open.length);
    const ids = b.findings.map((e) => e.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(writeBaseline(fixtureResult()), text);
    const shuffled = fixtureResult();
    shuffled.findings.reverse();
    assert.equal(writeBaseline(shuffled), text);
    assert.ok(text.endsWith('\n'));
    assert.doesNotMatch(text, /"line"|version":\s*"/);
  });

  it('does not change when only positions or messages change', () => {
    const moved = fixtureResult();
    for (const f of moved.findings) {
      f.range = range(f.range.start.line + 3, 0);
      f.message = `${f.message} (reworded)`;
    }
    assert.equal(writeBaseline(moved), writeBaseline(fixtureResult()));
  });

  it('newSince gives the findings the baseline does not hold', () => {
    const before = fixtureResult();
    const baseline = writeBaseline(before);
    assert.deepEqual(newSince(before, baseline).filter((f) => !f.suppressed), []);
    const after = fixtureResult();
    const extra = { ...after.findings[0], id: 'feedfacefeedface', controlId: 'ARG-MON-001' };
    after.findings.push(extra);
    const fresh = newSince(after, baseline);
    assert.deepEqual(
      fresh.filter((f) => !f.suppressed).map((f) => f.id),
      ['feedfacefeedface'],
    );
    assert.equal(applyBaseline(after, baseline).findings.filter((f) => !f.suppressed).length, 1);
    assert.equal(applyBaseline(after, baseline).workloads.length, after.workloads.length);
  });

  it('a finding that was suppressed when the baseline was written counts as new once its suppression ends', () => {
    const before = fixtureResult();
    const baseline = writeBaseline(before);
    const after = fixtureResult();
    const f = after.findings.find((x) => x.controlId === 'ARG-DAT-002')!;
    delete f.suppressed;
    assert.deepEqual(
      newSince(after, baseline).filter((x) => !x.suppressed).map((x) => x.controlId),
      ['ARG-DAT-002'],
    );
  });

  it('fixedSince lists baseline entries that are gone', () => {
    const before = fixtureResult();
    const baseline = parseBaseline(writeBaseline(before));
    const after = fixtureResult();
    const gone = after.findings.shift()!;
    assert.deepEqual(
      fixedSince(after, baseline).map((e) => e.id),
      [gone.id],
    );
  });

  it('rejects files that are not baselines with a plain message', () => {
    assert.throws(() => parseBaseline('not json'), BaselineError);
    assert.throws(() => parseBaseline('[]'), /expected an object/);
    assert.throws(() => parseBaseline('{"version":2,"findings":[]}'), /unsupported baseline version 2/);
    assert.throws(() => parseBaseline('{"version":1,"findings":[{}]}'), /findings\[0\] has no "id"/);
    // A plain list of ids is accepted too (hand-written baselines).
    assert.equal(parseBaseline('{"version":1,"findings":["abc"]}').findings[0].id, 'abc');
  });
});

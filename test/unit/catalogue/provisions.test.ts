import assert from 'node:assert/strict';
import { STAKEHOLDERS } from '../../../src/core/model';
import {
  CONTROLS,
  PHASES,
  PRINCIPLES,
  PROVISIONS,
  controlsCiting,
  principleByRef,
  principleOf,
  provisionById,
  provisionByUk,
  provisionsOf,
} from '../../../src/core/catalogue/index';

describe('catalogue: principles', () => {
  it('has the 13 principles with EN clauses 5.1.1 … 5.5.1 in order', () => {
    assert.equal(PRINCIPLES.length, 13);
    assert.deepEqual(
      PRINCIPLES.map((p) => p.clause),
      ['5.1.1', '5.1.2', '5.1.3', '5.1.4', '5.2.1', '5.2.2', '5.2.3', '5.2.4', '5.2.5', '5.3.1', '5.4.1', '5.4.2', '5.5.1'],
    );
    assert.deepEqual(PRINCIPLES.map((p) => p.number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it('puts each principle in the lifecycle phase its clause belongs to', () => {
    for (const p of PRINCIPLES) {
      const phase = PHASES.find((ph) => p.clause.startsWith(ph.clause + '.'));
      assert.ok(phase, `no phase for ${p.clause}`);
      assert.equal(p.phase, phase.id, `P${p.number}`);
    }
    assert.deepEqual(
      PRINCIPLES.map((p) => p.phase),
      ['design', 'design', 'design', 'design', 'development', 'development', 'development', 'development', 'development', 'deployment', 'maintenance', 'maintenance', 'end-of-life'],
    );
  });

  it('names stakeholders from the shared vocabulary for every principle', () => {
    for (const p of PRINCIPLES) {
      assert.ok(p.stakeholders.length > 0, `P${p.number}`);
      for (const s of p.stakeholders) assert.ok((STAKEHOLDERS as readonly string[]).includes(s), `P${p.number}: ${s}`);
    }
  });

  it('finds a principle by number, P-reference or clause', () => {
    assert.equal(principleByRef(6)?.clause, '5.2.2');
    assert.equal(principleByRef('P6')?.number, 6);
    assert.equal(principleByRef('p13')?.clause, '5.5.1');
    assert.equal(principleByRef('5.2.2')?.number, 6);
    assert.equal(principleByRef('P14'), undefined);
    assert.equal(principleByRef('5.2.6'), undefined);
  });
});

describe('catalogue: provisions', () => {
  it('has 72 provisions with the per-principle counts of the standard', () => {
    assert.equal(PROVISIONS.length, 72);
    assert.deepEqual(
      PRINCIPLES.map((p) => provisionsOf(p.number).length),
      [5, 9, 7, 5, 7, 6, 6, 6, 6, 5, 4, 4, 2],
    );
  });

  it('has unique, well-formed EN designators and UK numbers', () => {
    const ids = new Set<string>();
    const uks = new Set<string>();
    for (const p of PROVISIONS) {
      assert.match(p.id, /^5\.[1-5]\.[1-5]-\d+(\.\d+)?$/, p.id);
      assert.match(p.uk, /^\d{1,2}\.\d+(\.\d+)?$/, p.uk);
      assert.ok(!ids.has(p.id), `duplicate ${p.id}`);
      assert.ok(!uks.has(p.uk), `duplicate UK ${p.uk}`);
      ids.add(p.id);
      uks.add(p.uk);
    }
  });

  it('derives each UK number from its principle and EN provision number', () => {
    for (const p of PROVISIONS) {
      const pr = principleOf(p);
      assert.equal(p.id.split('-')[0], pr.clause, p.id);
      assert.equal(p.uk, `${pr.number}.${p.id.split('-')[1]}`, p.id);
    }
  });

  it('gives every provision stakeholders, a modality and a summary', () => {
    for (const p of PROVISIONS) {
      assert.ok(p.stakeholders.length > 0, p.id);
      for (const s of p.stakeholders) assert.ok((STAKEHOLDERS as readonly string[]).includes(s), `${p.id}: ${s}`);
      assert.ok(p.modality === 'shall' || p.modality === 'should', p.id);
      assert.ok(p.summary.length > 20 && p.summary.endsWith('.'), p.id);
    }
  });

  it('keeps the shall/should split of the reference for every principle', () => {
    const shall = PRINCIPLES.map((pr) => provisionsOf(pr.number).filter((p) => p.modality === 'shall').length);
    assert.deepEqual(shall, [4, 8, 5, 1, 6, 5, 6, 3, 2, 4, 2, 1, 2]);
  });

  it('looks provisions up by EN designator and UK number', () => {
    assert.equal(provisionById('5.2.2-2')?.uk, '6.2');
    assert.equal(provisionByUk('6.2')?.id, '5.2.2-2');
    assert.equal(provisionByUk('5.4.1')?.id, '5.2.1-4.1');
    assert.equal(provisionById('5.2.2-9'), undefined);
    assert.equal(principleOf('5.5.1-2').number, 13);
    assert.throws(() => principleOf('9.9.9-9'));
  });

  it('has every provision either cited by a control or out of scope with a reason, never both', () => {
    const problems: string[] = [];
    for (const p of PROVISIONS) {
      const cited = controlsCiting(p.id).length > 0;
      const oos = p.outOfScope !== undefined && p.outOfScope.trim().length > 10;
      if (!cited && !oos) problems.push(`${p.id} is neither cited nor out of scope`);
      if (cited && p.outOfScope !== undefined) problems.push(`${p.id} is cited by ${controlsCiting(p.id).map((c) => c.id).join(', ')} but marked out of scope`);
    }
    assert.deepEqual(problems, []);
  });

  it('cites only provisions that exist', () => {
    const unknown = CONTROLS.flatMap((c) => c.provisions.filter((id) => !provisionById(id)).map((id) => `${c.id}: ${id}`));
    assert.deepEqual(unknown, []);
  });
});

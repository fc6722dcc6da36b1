import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIMENSIONS, INPUT_KINDS, ZONES } from '../../../src/core/model';
import {
  CONTROLS,
  PLAYBOOK_ROWS,
  controlById,
  controlStakeholders,
  dimensionDef,
  owaspById,
  principleOf,
  provisionById,
  zoneOf,
} from '../../../src/core/catalogue/index';

/** The fixed rows of the starting catalogue (id → zone and threshold tier). */
const STARTING_CATALOGUE: Record<string, [string, string]> = {
  'ARG-IAM-001': ['foundational', 'L1'], 'ARG-IAM-002': ['foundational', 'L1'], 'ARG-DAT-001': ['foundational', 'L1'],
  'ARG-MON-001': ['foundational', 'L1'], 'ARG-MON-002': ['foundational', 'L1'], 'ARG-GOV-001': ['foundational', 'L1'],
  'ARG-PRC-001': ['foundational', 'L2'], 'ARG-SUP-001': ['foundational', 'L2'], 'ARG-NET-001': ['standard', 'L3'],
  'ARG-NET-002': ['standard', 'L3'], 'ARG-NET-003': ['standard', 'L3'], 'ARG-DAT-002': ['standard', 'L3'],
  'ARG-GOV-002': ['standard', 'L3'], 'ARG-IAM-003': ['standard', 'L3'], 'ARG-PRC-002': ['standard', 'L3'],
  'ARG-GOV-003': ['standard', 'L4'], 'ARG-IAM-004': ['advanced', 'L5'], 'ARG-IAM-005': ['advanced', 'L5'],
  'ARG-PRC-003': ['advanced', 'L5'], 'ARG-PRC-004': ['advanced', 'L5'], 'ARG-GOV-004': ['advanced', 'L5'],
  'ARG-PRC-005': ['advanced', 'L5'], 'ARG-PRC-006': ['advanced', 'L6'], 'ARG-SUP-002': ['advanced', 'L6'],
  'ARG-DAT-003': ['advanced', 'L6'], 'ARG-PRC-007': ['advanced', 'L6'], 'ARG-MON-003': ['advanced', 'L5'],
  'ARG-NET-004': ['high-assurance', 'L7'], 'ARG-NET-005': ['high-assurance', 'L7'], 'ARG-PRC-008': ['high-assurance', 'L7'],
  'ARG-MON-004': ['high-assurance', 'L7'], 'ARG-DAT-004': ['high-assurance', 'L7'], 'ARG-MON-005': ['high-assurance', 'L7'],
  'ARG-IAM-006': ['high-assurance', 'L8'], 'ARG-PRC-009': ['high-assurance', 'L8'], 'ARG-GOV-005': ['any', 'any'],
};

/** Provisions the starting catalogue lists per control; the catalogue may add more but not drop these. */
const STARTING_PROVISIONS: Record<string, string[]> = {
  'ARG-IAM-001': ['5.2.2-1', '5.1.2-6', '5.2.1-2'], 'ARG-IAM-002': ['5.2.1-2', '5.2.2-1'],
  'ARG-DAT-001': ['5.2.1-4', '5.2.1-4.2', '5.2.2-1'], 'ARG-MON-001': ['5.1.3-4', '5.4.1-1'], 'ARG-MON-002': ['5.4.2-1', '5.1.2-3'],
  'ARG-GOV-001': ['5.2.1-1'], 'ARG-PRC-001': ['5.2.5-1', '5.2.3-1'], 'ARG-SUP-001': ['5.2.3-1', '5.1.2-4'],
  'ARG-NET-001': ['5.2.2-1', '5.2.2-3'], 'ARG-NET-002': ['5.2.2-2'], 'ARG-NET-003': ['5.2.2-1', '5.1.2-6'],
  'ARG-DAT-002': ['5.2.1-4', '5.1.2-6'], 'ARG-GOV-002': ['5.1.4-1', '5.1.4-3'], 'ARG-IAM-003': ['5.2.1-4', '5.2.2-1'],
  'ARG-PRC-002': ['5.2.2-3'], 'ARG-GOV-003': ['5.2.1-1', '5.5.1-2'], 'ARG-IAM-004': ['5.1.2-6', '5.2.2-1'],
  'ARG-IAM-005': ['5.1.2-6', '5.2.2-1'], 'ARG-PRC-003': ['5.1.4-3', '5.2.2-5'], 'ARG-PRC-004': ['5.1.2-2', '5.2.1-4.1'],
  'ARG-GOV-004': ['5.1.4-1', '5.1.4-3'], 'ARG-PRC-005': ['5.1.2-6', '5.2.2-3'], 'ARG-PRC-006': ['5.2.2-3'],
  'ARG-SUP-002': ['5.2.3-1', '5.2.4-1.2', '5.2.1-2'], 'ARG-DAT-003': ['5.2.4-2', '5.2.1-2'], 'ARG-PRC-007': ['5.5.1-2', '5.5.1-1'],
  'ARG-MON-003': ['5.4.2-1', '5.4.2-2'], 'ARG-NET-004': ['5.2.2-1', '5.2.2-2'], 'ARG-NET-005': ['5.2.2-1'],
  'ARG-PRC-008': ['5.1.3-1', '5.2.2-3'], 'ARG-MON-004': ['5.2.5-4', '5.4.2-2'], 'ARG-DAT-004': ['5.2.1-4.2'],
  'ARG-MON-005': ['5.4.2-3', '5.4.2-4'], 'ARG-IAM-006': ['5.2.2-1'], 'ARG-PRC-009': ['5.1.2-2'], 'ARG-GOV-005': ['5.1.3-1', '5.1.2-1'],
};

const ID_RE = /^ARG-(GOV|IAM|DAT|PRC|NET|SUP|MON)-\d{3}$/;

describe('catalogue: controls', () => {
  it('has unique, well-formed ids whose middle part is the dimension', () => {
    const seen = new Set<string>();
    for (const c of CONTROLS) {
      assert.match(c.id, ID_RE, c.id);
      assert.equal(c.id.split('-')[1], c.dimension, c.id);
      assert.ok(!seen.has(c.id), `duplicate ${c.id}`);
      seen.add(c.id);
    }
  });

  it('keeps aliases well-formed and never colliding with an id or another alias', () => {
    const ids = new Set(CONTROLS.map((c) => c.id));
    const aliases = new Set<string>();
    for (const c of CONTROLS) {
      for (const a of c.aliases ?? []) {
        assert.match(a, ID_RE, `${c.id} alias ${a}`);
        assert.ok(!ids.has(a), `${c.id} alias ${a} is the id of a control`);
        assert.ok(!aliases.has(a), `alias ${a} used twice`);
        aliases.add(a);
        assert.equal(controlById(a)?.id, c.id);
      }
    }
  });

  it('is sorted by id and found by id, case-insensitively', () => {
    const ids = CONTROLS.map((c) => c.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(controlById('ARG-NET-002')?.slug, 'api-gateway-rate-limit');
    assert.equal(controlById(' arg-iam-005 ')?.id, 'ARG-IAM-005');
    assert.equal(controlById('ARG-NET-999'), undefined);
  });

  it('contains every row of the starting catalogue with its zone and threshold', () => {
    for (const [id, [zone, threshold]] of Object.entries(STARTING_CATALOGUE)) {
      const c = controlById(id);
      assert.ok(c, `missing ${id}`);
      assert.equal(c.zone, zone, `${id} zone`);
      assert.equal(c.threshold, threshold, `${id} threshold`);
      for (const p of STARTING_PROVISIONS[id]) assert.ok(c.provisions.includes(p), `${id} dropped provision ${p}`);
    }
  });

  it('numbers added controls after the starting ones of their dimension, without gaps', () => {
    for (const dim of DIMENSIONS) {
      const nums = CONTROLS.filter((c) => c.dimension === dim).map((c) => Number(c.id.slice(-3)));
      assert.deepEqual(nums, nums.map((_, i) => i + 1), dim);
    }
  });

  it('has a zone consistent with the threshold tier', () => {
    for (const c of CONTROLS) {
      if (c.threshold === 'any') {
        assert.equal(c.zone, 'any', c.id);
        assert.ok(c.minHighModifiers !== undefined && c.minHighModifiers >= 1, `${c.id} needs minHighModifiers`);
      } else {
        assert.equal(c.zone, zoneOf(c.threshold), c.id);
      }
    }
  });

  it('has at least one control of every dimension in every zone', () => {
    const missing: string[] = [];
    for (const dim of DIMENSIONS) {
      for (const zone of ZONES) {
        if (!CONTROLS.some((c) => c.dimension === dim && c.zone === zone)) missing.push(`${dim}/${zone}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('covers every row of the playbook translation table, from the row\'s zone and with one of its principles', () => {
    assert.equal(PLAYBOOK_ROWS.length, 14);
    for (const row of PLAYBOOK_ROWS) {
      const impl = CONTROLS.filter((c) => c.playbookControl === row.control);
      assert.ok(impl.length > 0, `no control implements "${row.control}"`);
      for (const c of impl) {
        assert.equal(c.zone, row.zone, `${c.id} implements "${row.control}" from another zone`);
        const principles = new Set(c.provisions.map((p) => principleOf(p).number));
        assert.ok(row.principles.some((n) => principles.has(n)), `${c.id} cites none of P${row.principles.join(', P')}`);
      }
    }
    const rows = new Set(PLAYBOOK_ROWS.map((r) => r.control));
    for (const c of CONTROLS) if (c.playbookControl) assert.ok(rows.has(c.playbookControl), `${c.id}: unknown row "${c.playbookControl}"`);
  });

  it('cites existing provisions without duplicates and existing OWASP ids', () => {
    for (const c of CONTROLS) {
      assert.ok(c.provisions.length > 0, c.id);
      assert.equal(new Set(c.provisions).size, c.provisions.length, `${c.id} duplicate provision`);
      for (const p of c.provisions) assert.ok(provisionById(p), `${c.id}: unknown provision ${p}`);
      for (const o of c.owasp) assert.ok(owaspById(o), `${c.id}: unknown OWASP id ${o}`);
      assert.ok(controlStakeholders(c).length > 0, c.id);
    }
  });

  it('declares where each control can be seen, with register controls marked as such', () => {
    const kinds = new Set<string>([...INPUT_KINDS, 'evidence']);
    for (const c of CONTROLS) {
      assert.ok(c.seenIn.length > 0, c.id);
      for (const k of c.seenIn) assert.ok(kinds.has(k), `${c.id}: ${k}`);
      if (c.seenIn.includes('evidence')) assert.ok(c.seenIn.includes('register'), `${c.id}: evidence lives in the register`);
    }
    assert.deepEqual(controlById('ARG-GOV-001')?.seenIn, ['register']);
    assert.deepEqual(controlById('ARG-GOV-005')?.seenIn, ['register', 'evidence']);
  });

  it('gives every control a dimension, title, rationale and remediation, and file-visible controls platform notes', () => {
    for (const c of CONTROLS) {
      assert.ok(dimensionDef(c.dimension), c.id);
      assert.ok(c.title.length > 5, c.id);
      assert.ok(c.rationale.length > 60, `${c.id} rationale`);
      assert.ok(c.remediation.length > 30, `${c.id} remediation`);
      assert.ok(Array.isArray(c.detectors), c.id);
      const fileVisible = c.seenIn.some((k) => k !== 'register' && k !== 'evidence');
      if (fileVisible) assert.ok(Object.keys(c.implementations).length > 0, `${c.id} has no implementation notes`);
    }
  });

  it('keeps one file per control at controls/<dim>/<slug>.ts with the detectors line on its own', () => {
    const dir = path.join(process.cwd(), 'src/core/catalogue/controls');
    for (const c of CONTROLS) {
      const file = path.join(dir, c.dimension.toLowerCase(), `${c.slug}.ts`);
      assert.ok(fs.existsSync(file), `${c.id}: ${file} missing`);
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(text.includes(`id: '${c.id}'`), `${file} does not hold ${c.id}`);
      assert.match(text, /^\s*detectors: \[/m, `${file}: detectors property not on its own line`);
    }
    const slugs = CONTROLS.map((c) => `${c.dimension}/${c.slug}`);
    assert.equal(new Set(slugs).size, slugs.length, 'duplicate slug');
  });
});

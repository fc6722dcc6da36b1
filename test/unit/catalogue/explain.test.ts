import assert from 'node:assert/strict';
import { CONTROLS, PROVISIONS, controlsCiting, explainControl, explainProvision, explainableIds } from '../../../src/core/catalogue/index';

describe('catalogue: explain pages', () => {
  it('explains a control: title, zone, threshold, provisions with UK numbers, OWASP, per-cloud fixes', () => {
    const page = explainControl('ARG-NET-002');
    assert.ok(page);
    assert.match(page, /^ARG-NET-002 {2}API gateway with authentication and rate limits/);
    assert.match(page, /Dimension: Network \(NET\)/);
    assert.match(page, /Zone: Standard \(L3–L4\)\. Required from effective tier L3/);
    assert.match(page, /5\.2\.2-2 \(UK 6\.2, shall\): Protect externally reachable APIs/);
    assert.match(page, /LLM10:2025 {2}Unbounded Consumption/);
    assert.match(page, /AWS: Front the AI API with API Gateway/);
    assert.match(page, /Azure: .*API Management/);
    assert.match(page, /Google Cloud: .*Apigee/);
    assert.match(page, /Who must act: developer, system operator/);
    assert.match(page, /Playbook control: API gateway & rate limiting/);
    assert.match(page, /Docs: docs\/controls\/ARG-NET-002\.md/);
    assert.doesNotMatch(page, /\x1b\[/, 'no terminal colour codes');
  });

  it('explains the formal risk assessment as driven by High modifiers, not a tier', () => {
    const page = explainControl('arg-gov-005');
    assert.ok(page);
    assert.match(page, /Required at any tier once 2 or more risk modifiers are rated High/);
    assert.match(page, /register/);
  });

  it('returns undefined for an unknown control or provision', () => {
    assert.equal(explainControl('ARG-XYZ-001'), undefined);
    assert.equal(explainProvision('5.9.9-1'), undefined);
    assert.equal(explainProvision('P14'), undefined);
    assert.equal(explainProvision('UK 99.1'), undefined);
  });

  it('explains a provision by EN designator with the citing controls', () => {
    const page = explainProvision('5.2.2-2');
    assert.ok(page);
    assert.match(page, /^5\.2\.2-2 {2}\(UK Code of Practice 6\.2\) {2}shall/);
    assert.match(page, /Principle 6 \(5\.2\.2\): Secure the infrastructure\. Phase: secure development\./);
    assert.match(page, /Who must act: developer/);
    for (const c of controlsCiting('5.2.2-2')) assert.ok(page.includes(c.id), c.id);
    assert.ok(page.includes('ARG-NET-002'));
  });

  it('finds the same provision by UK number', () => {
    assert.equal(explainProvision('6.2'), explainProvision('5.2.2-2'));
    assert.equal(explainProvision('UK 6.2'), explainProvision('5.2.2-2'));
    assert.equal(explainProvision('UK 5.4.1'), explainProvision('5.2.1-4.1'));
  });

  it('shows the reason for an out-of-scope provision', () => {
    const page = explainProvision('5.1.1-1');
    assert.ok(page);
    assert.match(page, /No control of this product addresses it\./);
    assert.match(page, /Out of scope: Staff training/);
    assert.match(page, /organisation/);
  });

  it('explains a principle by P-number or clause, listing its provisions', () => {
    const page = explainProvision('P6');
    assert.ok(page);
    assert.equal(explainProvision('5.2.2'), page);
    assert.match(page, /^P6 {2}5\.2\.2 {2}Secure the infrastructure/);
    assert.match(page, /Provisions \(6\)/);
    for (const p of PROVISIONS.filter((x) => x.principle === 6)) assert.ok(page.includes(`${p.id} (UK ${p.uk}`), p.id);
    assert.match(page, /controls: .*ARG-NET-002/);
  });

  it('names the provision a clause could also mean as a UK number', () => {
    const page = explainProvision('5.4.1');
    assert.ok(page);
    assert.match(page, /^P11 /);
    assert.match(page, /also the UK Code number of provision 5\.2\.1-4\.1/);
  });

  it('has a page for every control and every provision', () => {
    for (const c of CONTROLS) assert.ok(explainControl(c.id)?.includes(c.title), c.id);
    for (const p of PROVISIONS) assert.ok(explainProvision(p.id)?.includes(p.summary), p.id);
    assert.equal(explainableIds().length, CONTROLS.length + PROVISIONS.length + 13);
  });
});

/**
 * Plain-text pages for the CLI `explain` command: a control, a provision, or a principle
 * with its provisions. No colours, no terminal codes; lines are left unwrapped.
 */
import { CONTROLS, controlById } from './controls/index';
import { dimensionDef } from './dimensions';
import { IMPLEMENTATION_KEYS, IMPLEMENTATION_LABELS, INPUT_KIND_LABELS, PHASE_LABELS, stakeholderList } from './labels';
import { controlsCiting, controlStakeholders } from './lookup';
import { owaspById } from './owasp';
import { PRINCIPLES, principleByRef } from './principles';
import { PROVISIONS, principleOf, provisionById, provisionByUk, provisionsOf } from './provisions';
import { tierDef, ZONE_TITLES } from './tiers';
import type { ControlDef, Principle, Provision } from './types';

function thresholdLine(c: ControlDef): string {
  if (c.threshold === 'any') {
    return `Required at any tier once ${c.minHighModifiers ?? '?'} or more risk modifiers are rated High.`;
  }
  const t = tierDef(c.threshold);
  return `Zone: ${ZONE_TITLES[t.zone]}. Required from effective tier ${t.tier} (${t.pattern}) upward.`;
}

function controlRef(c: ControlDef): string {
  const when = c.threshold === 'any' ? `with ${c.minHighModifiers ?? '?'}+ High modifiers` : `from ${c.threshold}`;
  return `${c.id}  ${c.title} (${when})`;
}

function provisionLine(p: Provision): string {
  return `${p.id} (UK ${p.uk}, ${p.modality}): ${p.summary}`;
}

export function explainControl(id: string): string | undefined {
  const c = controlById(id);
  if (!c) return undefined;
  const dim = dimensionDef(c.dimension);
  const out: string[] = [];
  out.push(`${c.id}  ${c.title}`);
  if (c.aliases?.length) out.push(`Also known as: ${c.aliases.join(', ')}`);
  out.push(`Dimension: ${dim.title} (${dim.id})`);
  out.push(thresholdLine(c));
  if (c.threshold !== 'any' && c.minHighModifiers !== undefined) {
    out.push(`Also required at any tier once ${c.minHighModifiers} or more risk modifiers are rated High.`);
  }
  if (c.playbookControl) out.push(`Playbook control: ${c.playbookControl}`);
  out.push('');
  out.push('Why it matters');
  out.push(`  ${c.rationale}`);
  out.push('');
  out.push('ETSI EN 304 223 provisions');
  for (const pid of c.provisions) {
    const p = provisionById(pid);
    out.push(`  ${p ? provisionLine(p) : `${pid} (unknown provision)`}`);
  }
  const who = controlStakeholders(c);
  if (who.length) out.push(`Who must act: ${stakeholderList(who)}`);
  if (c.owasp.length) {
    out.push('');
    out.push('OWASP');
    for (const o of c.owasp) out.push(`  ${o}  ${owaspById(o)?.title ?? ''}`.trimEnd());
  }
  out.push('');
  out.push('How to fix');
  out.push(`  ${c.remediation}`);
  const impls = IMPLEMENTATION_KEYS.filter((k) => c.implementations[k]);
  if (impls.length) {
    out.push('');
    out.push('Per platform');
    for (const k of impls) out.push(`  ${IMPLEMENTATION_LABELS[k]}: ${c.implementations[k]}`);
  }
  out.push('');
  out.push(`Shown by: ${c.seenIn.map((k) => INPUT_KIND_LABELS[k]).join('; ')}`);
  if (c.detectors.length) {
    out.push(`Checked automatically in: ${[...new Set(c.detectors.map((d) => INPUT_KIND_LABELS[d.kind]))].join('; ')}`);
  } else {
    out.push('Checked automatically in: none in this version; evidence can be linked from the AI asset register.');
  }
  out.push(`Docs: docs/controls/${c.id}.md`);
  return out.join('\n') + '\n';
}

function provisionPage(p: Provision): string {
  const pr = principleOf(p);
  const out: string[] = [];
  out.push(`${p.id}  (UK Code of Practice ${p.uk})  ${p.modality}`);
  out.push(`Principle ${pr.number} (${pr.clause}): ${pr.title}. Phase: ${PHASE_LABELS[pr.phase]}.`);
  out.push('');
  out.push(p.summary);
  out.push('');
  out.push(`Who must act: ${stakeholderList(p.stakeholders)}`);
  const citing = controlsCiting(p.id);
  out.push('');
  if (citing.length) {
    out.push('Controls that address it');
    for (const c of citing) out.push(`  ${controlRef(c)}`);
  } else {
    out.push('No control of this product addresses it.');
  }
  if (p.outOfScope) {
    out.push(`Out of scope: ${p.outOfScope}`);
  }
  return out.join('\n') + '\n';
}

function principlePage(pr: Principle, note?: string): string {
  const out: string[] = [];
  out.push(`P${pr.number}  ${pr.clause}  ${pr.title}`);
  out.push(`Phase: ${PHASE_LABELS[pr.phase]}. Primarily for: ${stakeholderList(pr.stakeholders)}.`);
  if (note) out.push(note);
  out.push('');
  const provs = provisionsOf(pr.number);
  out.push(`Provisions (${provs.length})`);
  for (const p of provs) {
    out.push(`  ${provisionLine(p)}`);
    const citing = controlsCiting(p.id);
    if (citing.length) out.push(`      controls: ${citing.map((c) => c.id).join(', ')}`);
    else if (p.outOfScope) out.push(`      out of scope: ${p.outOfScope}`);
  }
  return out.join('\n') + '\n';
}

/**
 * A provision by EN designator (`5.2.2-2`) or UK number (`6.2`, `UK 6.2`), or a principle by
 * `P6` or EN clause (`5.2.2`). An EN clause that is also a UK number (`5.4.1`) shows the
 * principle and names the provision it could also mean.
 */
export function explainProvision(ref: string): string | undefined {
  const s = ref.trim();
  const byId = provisionById(s);
  if (byId) return provisionPage(byId);
  const ukOnly = /^uk\s*/i.test(s) ? s.replace(/^uk\s*/i, '') : undefined;
  if (ukOnly !== undefined) {
    const p = provisionByUk(ukOnly);
    return p ? provisionPage(p) : undefined;
  }
  const pr = principleByRef(s);
  if (pr) {
    const alsoUk = /^\d/.test(s) ? provisionByUk(s) : undefined;
    const note = alsoUk
      ? `Note: ${s} is also the UK Code number of provision ${alsoUk.id}; run explain ${alsoUk.id} for that provision.`
      : undefined;
    return principlePage(pr, note);
  }
  const uk = provisionByUk(s);
  if (uk) return provisionPage(uk);
  return undefined;
}

/** Canonical ids the explain command understands (controls, provisions, principles), for completion and "did you mean". */
export function explainableIds(): string[] {
  return [...CONTROLS.map((c) => c.id), ...PROVISIONS.map((p) => p.id), ...PRINCIPLES.map((p) => `P${p.number}`)];
}

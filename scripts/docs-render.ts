/**
 * Renders the catalogue documentation in memory: one page per control under docs/controls/,
 * an index of the controls, and the provision coverage table docs/provisions.md.
 * `gen-docs.ts` writes the result; a unit test compares it with the files in the tree.
 */
import {
  CONTROLS,
  IMPLEMENTATION_KEYS,
  IMPLEMENTATION_LABELS,
  INPUT_KIND_LABELS,
  PHASES,
  PRINCIPLES,
  PROVISIONS,
  ZONE_TITLES,
  controlStakeholders,
  controlsCiting,
  dimensionDef,
  owaspById,
  principleOf,
  provisionById,
  provisionsOf,
  stakeholderList,
  tierDef,
  type ControlDef,
} from '../src/core/catalogue/index';
import { ZONES } from '../src/core/model';

const GENERATED = '<!-- Generated from src/core/catalogue by `npm run docs`. Do not edit by hand. -->';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function thresholdText(c: ControlDef): string {
  if (c.threshold === 'any') return `any tier, once ${c.minHighModifiers ?? '?'} or more modifiers are High`;
  return `${c.threshold} (${tierDef(c.threshold).pattern})`;
}

function zoneText(c: ControlDef): string {
  return c.zone === 'any' ? 'any zone' : ZONE_TITLES[c.zone];
}

export function renderControl(c: ControlDef): string {
  const dim = dimensionDef(c.dimension);
  const L: string[] = [GENERATED, '', `# ${c.id}: ${c.title}`, ''];
  L.push('| | |', '|---|---|');
  L.push(`| Id | \`${c.id}\` |`);
  if (c.aliases?.length) L.push(`| Older ids | ${c.aliases.map((a) => `\`${a}\``).join(', ')} |`);
  L.push(`| Dimension | ${dim.title} (${dim.id}) |`);
  L.push(`| Zone | ${zoneText(c)} |`);
  L.push(`| Threshold tier | ${cell(thresholdText(c))} |`);
  if (c.threshold !== 'any' && c.minHighModifiers !== undefined) {
    L.push(`| Also required | at any tier once ${c.minHighModifiers} or more modifiers are High |`);
  }
  if (c.playbookControl) L.push(`| Playbook control | ${cell(c.playbookControl)} |`);
  L.push('');
  L.push('## Why it matters', '', c.rationale, '');
  L.push('## ETSI EN 304 223 provisions', '');
  L.push('| EN 304 223 | UK Code | Modality | Principle | Summary |', '|---|---|---|---|---|');
  for (const id of c.provisions) {
    const p = provisionById(id);
    if (!p) {
      L.push(`| ${id} | ? | ? | ? | unknown provision |`);
      continue;
    }
    const pr = principleOf(p);
    L.push(`| ${p.id} | ${p.uk} | ${p.modality} | P${pr.number} ${cell(pr.title)} | ${cell(p.summary)} |`);
  }
  L.push('');
  const who = controlStakeholders(c);
  if (who.length) L.push(`Who must act: ${stakeholderList(who)}.`, '');
  if (c.owasp.length) {
    L.push('## OWASP', '');
    for (const o of c.owasp) L.push(`- ${o} ${owaspById(o)?.title ?? ''}`.trimEnd());
    L.push('');
  }
  const impls = IMPLEMENTATION_KEYS.filter((k) => c.implementations[k]);
  if (impls.length) {
    L.push('## What to look for', '', '| Platform | What to look for |', '|---|---|');
    for (const k of impls) L.push(`| ${IMPLEMENTATION_LABELS[k]} | ${cell(c.implementations[k] ?? '')} |`);
    L.push('');
  }
  L.push('## How to fix', '', c.remediation, '');
  L.push('## Where it can be seen', '');
  for (const k of c.seenIn) L.push(`- ${INPUT_KIND_LABELS[k]}`);
  L.push('');
  if (c.detectors.length) {
    L.push('Automatic checks:', '');
    for (const d of c.detectors) L.push(`- ${INPUT_KIND_LABELS[d.kind]}${d.providers.length ? ` (${d.providers.join(', ')})` : ''}`);
  } else {
    L.push('Automatic checks: none in this version. Evidence for it can be linked from the AI asset register.');
  }
  L.push('');
  return L.join('\n');
}

export function renderControlIndex(): string {
  const L: string[] = [GENERATED, '', '# Controls', ''];
  L.push('Each control has a threshold tier: a workload needs it when its effective tier is at or above that tier.', '');
  for (const zone of [...ZONES, 'any'] as const) {
    const list = CONTROLS.filter((c) => c.zone === zone);
    if (!list.length) continue;
    L.push(`## ${zone === 'any' ? 'Any zone (by High modifiers)' : ZONE_TITLES[zone]}`, '');
    L.push('| Id | Control | Dimension | Threshold | Provisions |', '|---|---|---|---|---|');
    const sorted = [...list].sort((a, b) =>
      a.threshold === b.threshold ? (a.id < b.id ? -1 : 1) : a.threshold < b.threshold ? -1 : 1,
    );
    for (const c of sorted) {
      L.push(`| [${c.id}](${c.id}.md) | ${cell(c.title)} | ${dimensionDef(c.dimension).title} | ${c.threshold === 'any' ? `${c.minHighModifiers ?? '?'}+ High` : c.threshold} | ${c.provisions.join(', ')} |`);
    }
    L.push('');
  }
  return L.join('\n');
}

export function renderProvisions(): string {
  const cited = PROVISIONS.filter((p) => controlsCiting(p.id).length > 0).length;
  const oos = PROVISIONS.filter((p) => p.outOfScope).length;
  const L: string[] = [GENERATED, '', '# ETSI EN 304 223 provision coverage', ''];
  L.push(
    'Every provision of ETSI EN 304 223 with the controls of AI Risk Gradient that address it. The EN designator is the canonical id; the UK Code of Practice number is shown beside it. Summaries are our own words.',
    '',
  );
  L.push(`- Provisions: ${PROVISIONS.length} in ${PRINCIPLES.length} principles`);
  L.push(`- Addressed by at least one control: ${cited}`);
  L.push(`- Out of scope for this product: ${oos}`, '');
  for (const phase of PHASES) {
    const prs = PRINCIPLES.filter((p) => p.phase === phase.id);
    if (!prs.length) continue;
    L.push(`## ${phase.title} (${phase.clause})`, '');
    for (const pr of prs) {
      L.push(`### P${pr.number} ${pr.clause} ${pr.title}`, '');
      L.push(`Primarily for: ${stakeholderList(pr.stakeholders)}.`, '');
      L.push('| EN 304 223 | UK Code | Modality | Who | Summary | Controls |', '|---|---|---|---|---|---|');
      for (const p of provisionsOf(pr.number)) {
        const citing = controlsCiting(p.id);
        const controls = citing.length
          ? citing.map((c) => `[${c.id}](controls/${c.id}.md)`).join(', ')
          : `out of scope: ${p.outOfScope ?? 'no reason recorded'}`;
        L.push(`| ${p.id} | ${p.uk} | ${p.modality} | ${stakeholderList(p.stakeholders)} | ${cell(p.summary)} | ${cell(controls)} |`);
      }
      L.push('');
    }
  }
  return L.join('\n');
}

/** Relative path (POSIX) → file content. */
export function renderDocs(): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of CONTROLS) out.set(`docs/controls/${c.id}.md`, renderControl(c));
  out.set('docs/controls/README.md', renderControlIndex());
  out.set('docs/provisions.md', renderProvisions());
  return out;
}

/**
 * Fix builders for the Power Platform and Agentforce detectors. Each one computes its edits
 * from the fact's ranges and the file's text, applies them to a copy, reads the copy again
 * with the same reader the scan uses, and offers the fix only when the result parses and
 * the reread facts show the gap closed. Files inside archives cannot be edited (no text).
 */
import { offsetAt } from '../../../edits';
import { str } from '../../../facts';
import type { Fact, Fix } from '../../../model';
import { classifyPath, readPpText } from '../../../parse/power-platform/read';
import { classifySfPath, readSfText } from '../../../parse/salesforce/read';
import type { DetectorContext } from '../../types';
import { approvalBeforeAction, secretToParameter } from './flow-edit';
import { type OffsetEdit, applyOffsetEdits, toTextEdits } from './json-edit';
import { elementAt, setAgentScriptConfirmation, setChildText } from './xml-edit';

/** Facts of a file read again from new text, or undefined when it does not parse cleanly. */
export function rereadPp(ctx: DetectorContext, file: string, text: string): Fact[] | undefined {
  const kind = classifyPath(file);
  if (!kind || kind === 'zip') return undefined;
  const r = readPpText(file, text, kind, { readText: (p) => ctx.text(p) });
  if (r.problems.some((p) => p.severity === 'error' || /syntax/.test(p.code))) return undefined;
  return r.facts;
}

export function rereadSf(file: string, text: string): Fact[] | undefined {
  const kind = classifySfPath(file);
  if (!kind) return undefined;
  const r = readSfText(file, text, kind);
  if (r.problems.some((p) => p.severity === 'error' || /syntax/.test(p.code))) return undefined;
  return r.facts;
}

function editable(ctx: DetectorContext, file: string): string | undefined {
  if (file.includes('!/')) return undefined;
  return ctx.text(file);
}

/** Gate a flow's write action on an approval. */
export function flowApprovalFix(ctx: DetectorContext, flow: Fact, action: Fact): Fix | undefined {
  const text = editable(ctx, action.file);
  const name = action.name;
  if (!text || !name) return undefined;
  const stepLabel = name.replace(/_/g, ' ');
  const built = approvalBeforeAction(text, name, { flowName: flow.name ?? 'flow', stepLabel });
  if (!built) return undefined;
  const after = applyOffsetEdits(text, built.edits);
  const facts = rereadPp(ctx, action.file, after);
  const again = facts?.find((f) => f.kind === 'action' && f.name === name && str(f.attributes.flow) === str(action.attributes.flow));
  if (!again || again.attributes.afterApproval !== true) return undefined;
  return {
    title: `Insert an approval before "${stepLabel}" and stop the run unless it is approved`,
    kind: 'unsafe',
    edits: toTextEdits(action.file, text, built.edits),
  };
}

/** Replace a credential literal in a flow action with an environment-variable parameter. */
export function secretParameterFix(ctx: DetectorContext, secret: Fact, prefix: string): Fix | undefined {
  const text = editable(ctx, secret.file);
  if (!text) return undefined;
  const owner = str(secret.attributes.owner) ?? '';
  const m = /\/action\/([^/]+)$/.exec(owner);
  if (!m) return undefined;
  const location = str(secret.attributes.location) ?? '';
  const leaf = location.split('.').pop() ?? 'secret';
  const words = `${m[1]} ${leaf}`.replace(/[^A-Za-z0-9]+/g, ' ').trim();
  const displayName = words;
  const schemaName = `${prefix}_${words.split(' ').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`.slice(0, 90);
  const built = secretToParameter(text, { displayName, schemaName, literalOffset: offsetAt(text, secret.range.start) });
  if (!built) return undefined;
  const after = applyOffsetEdits(text, built.edits);
  const facts = rereadPp(ctx, secret.file, after);
  if (!facts) return undefined;
  if (facts.some((f) => f.kind === 'secret' && str(f.attributes.owner) === owner && str(f.attributes.location) === location)) return undefined;
  return {
    title: `Read the ${str(secret.attributes.kind) ?? 'credential'} from environment variable ${schemaName} instead of the flow`,
    kind: 'unsafe',
    edits: toTextEdits(secret.file, text, built.edits),
  };
}

/** Offset edit that makes an Agentforce action ask the user before it runs. */
function confirmationEdit(text: string, action: Fact): OffsetEdit | undefined {
  if (action.file.endsWith('.agent')) return setAgentScriptConfirmation(text, offsetAt(text, (action.nameRange ?? action.range).start));
  const el = elementAt(text, offsetAt(text, action.range.start));
  if (!el) return undefined;
  return setChildText(text, el, 'isConfirmationRequired', 'true');
}

/** Set confirmation on one or more Agentforce actions (files may differ). */
export function confirmationFix(ctx: DetectorContext, actions: readonly Fact[], title: string): Fix | undefined {
  const byFile = new Map<string, Fact[]>();
  for (const a of actions) byFile.set(a.file, [...(byFile.get(a.file) ?? []), a]);
  const edits: Fix['edits'] = [];
  for (const [file, list] of byFile) {
    const text = editable(ctx, file);
    if (!text) return undefined;
    const offsetEdits: OffsetEdit[] = [];
    for (const a of list) {
      const e = confirmationEdit(text, a);
      if (!e) return undefined;
      offsetEdits.push(e);
    }
    let after: string;
    try {
      after = applyOffsetEdits(text, offsetEdits);
    } catch {
      return undefined;
    }
    const facts = rereadSf(file, after);
    if (!facts) return undefined;
    for (const a of list) {
      const again = facts.find((f) => f.address === a.address);
      if (!again || again.attributes.isConfirmationRequired !== true) return undefined;
    }
    edits.push(...toTextEdits(file, text, offsetEdits));
  }
  return edits.length > 0 ? { title, kind: 'safe', edits } : undefined;
}

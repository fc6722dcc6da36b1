/**
 * Container hardening: what a container's securityContext (with its pod's) leaves open, and
 * the edits that close it — inserted keys or replaced booleans, with the file's indentation.
 */
import type { Fact, FactObject, TextEdit } from '../../../model';
import { appendToSequence, editable, insertIntoMapping, valueRangeOf } from './yaml-edit';
import { hasUnknown, isObj, strings } from './workload';
import type { ContainerAt } from './workload';

export interface Hardening {
  missing: string[];
  unknown: boolean;
}

export const HARDENING_KEYS = ['runAsNonRoot', 'allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'capabilities.drop'] as const;

function numberish(v: unknown): number | undefined {
  return typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Which of the restricted settings a container lacks. */
export function hardeningOf(c: ContainerAt): Hardening {
  const sc = c.container.securityContext;
  const psc = c.pod.spec.securityContext;
  if ((sc !== undefined && !isObj(sc)) || hasUnknown(sc) || (psc !== undefined && !isObj(psc)) || hasUnknown(psc)) return { missing: [], unknown: true };
  const s: FactObject = isObj(sc) ? sc : {};
  const p: FactObject = isObj(psc) ? psc : {};
  const missing: string[] = [];
  const user = numberish(s.runAsUser) ?? numberish(p.runAsUser);
  const nonRoot = s.runAsNonRoot === true || (s.runAsNonRoot === undefined && p.runAsNonRoot === true) || (user !== undefined && user > 0 && s.runAsNonRoot !== false);
  if (!nonRoot) missing.push('runAsNonRoot');
  if (s.allowPrivilegeEscalation !== false) missing.push('allowPrivilegeEscalation');
  if (s.readOnlyRootFilesystem !== true) missing.push('readOnlyRootFilesystem');
  const caps = isObj(s.capabilities) ? s.capabilities : {};
  if (!strings(caps.drop).some((x) => x.toUpperCase() === 'ALL')) missing.push('capabilities.drop');
  return { missing, unknown: false };
}

const WANT: Record<string, string> = { runAsNonRoot: 'true', allowPrivilegeEscalation: 'false', readOnlyRootFilesystem: 'true' };

/** Edits that add the missing settings to a container; undefined when the text cannot be edited blind. */
export function hardeningEdits(text: string, f: Fact, c: ContainerAt, missing: readonly string[]): TextEdit[] | undefined {
  if (!editable(f)) return undefined;
  const scPath = `${c.path}.securityContext`;
  const ranges = f.attributeRanges ?? {};
  const sc = isObj(c.container.securityContext) ? c.container.securityContext : undefined;
  if (!sc) {
    if (c.container.securityContext !== undefined) return undefined;
    const lines = ['securityContext:'];
    for (const k of missing) if (WANT[k]) lines.push(`  ${k}: ${WANT[k]}`);
    if (missing.includes('capabilities.drop')) lines.push('  capabilities:', '    drop:', '      - ALL');
    const e = insertIntoMapping(text, f, c.path, lines);
    return e ? [e] : undefined;
  }
  const edits: TextEdit[] = [];
  const newKeys: string[] = [];
  for (const k of missing) {
    if (!WANT[k]) continue;
    if (sc[k] === undefined) newKeys.push(`${k}: ${WANT[k]}`);
    else {
      const r = ranges[`${scPath}.${k}`];
      const v = r ? valueRangeOf(text, r) : undefined;
      if (!v) return undefined;
      edits.push({ file: f.file, range: v, newText: WANT[k] ?? '' });
    }
  }
  let capEdit: TextEdit | undefined;
  if (missing.includes('capabilities.drop')) {
    const caps = sc.capabilities;
    if (caps === undefined) newKeys.push('capabilities:', '  drop:', '    - ALL');
    else if (!isObj(caps)) return undefined;
    else if (caps.drop === undefined) capEdit = insertIntoMapping(text, f, `${scPath}.capabilities`, ['drop:', '  - ALL']);
    else capEdit = appendToSequence(text, f, `${scPath}.capabilities.drop`, ['ALL']);
    if (caps !== undefined && !capEdit) return undefined;
  }
  const scEdit = newKeys.length ? insertIntoMapping(text, f, scPath, newKeys) : undefined;
  if (newKeys.length && !scEdit) return undefined;
  if (capEdit && scEdit && capEdit.range.start.line === scEdit.range.start.line && capEdit.range.start.character === scEdit.range.start.character) {
    edits.push({ ...capEdit, newText: capEdit.newText + scEdit.newText });
  } else {
    if (capEdit) edits.push(capEdit);
    if (scEdit) edits.push(scEdit);
  }
  return edits;
}

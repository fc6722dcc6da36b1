/**
 * Creates or updates `ai-asset-register.yaml` from a scan without losing anything written by
 * hand: comments, field order and every field a person set stay as they were. New workloads
 * are appended (with their id, name, the tier the scan found as a comment and an empty owner
 * to fill in); entries the scan no longer finds are marked `status: vanished`, never deleted.
 */
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq, type Document } from 'yaml';
import type { Assessment, ScanResult } from '../model';
import { parseYamlDocument } from '../parse/yaml-util';

export interface RegisterUpdate {
  text: string;
  added: string[];
  vanished: string[];
  /** Entries found again after being marked vanished. */
  returned: string[];
}

const HEADER = [
  ' AI asset register — the inventory of AI workloads in this repository (ETSI EN 304 223 5.2.1-1).',
  ' Written by `ai-risk-gradient inventory --write`; hand-written fields and comments are kept.',
  ' Fill in an owner for each workload; declare modifiers, overrides, evidence and exceptions here.',
].join('\n');

export function updateRegister(existing: string | undefined, result: ScanResult): RegisterUpdate {
  // `parseYamlDocument`, not `parseDocument`: the register may be hostile (its duplicate-key
  // check is linear, deep nesting is refused before parsing, errors carry no stack traces).
  const doc: Document = existing && existing.trim() ? parseYamlDocument(existing) : parseDocument('version: 1\nworkloads: []\n');
  if (!existing || !existing.trim()) doc.commentBefore = HEADER;
  if (doc.errors.length > 0) throw new Error(`the register is not valid YAML (${doc.errors[0].message.split('\n')[0]}); fix it before updating`);
  if (!isMap(doc.contents)) throw new Error('the register must be a mapping with version and workloads');
  const root = doc.contents as YAMLMap;
  if (!root.has('version')) root.set('version', 1);
  const found: unknown = root.get('workloads', true);
  let list: YAMLSeq;
  if (isSeq(found)) list = found;
  else {
    list = new YAMLSeq();
    root.set('workloads', list);
  }
  if (list.flow) list.flow = false;

  // Lookups by id and name, built once (a search of the list per workload is quadratic on a
  // large register): the last entry with an id or name wins, the first declared one by name.
  const byId = new Map<string, YAMLMap>();
  const byName = new Map<string, YAMLMap>();
  const declaredByName = new Map<string, YAMLMap>();
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const id = item.get('id');
    const name = item.get('name');
    if (typeof id === 'string') byId.set(id, item);
    if (typeof name === 'string') {
      byName.set(name, item);
      if (!declaredByName.has(name) && item.get('paths')) declaredByName.set(name, item);
    }
  }
  const assessments = new Map<string, Assessment>();
  for (const a of result.assessments) if (!assessments.has(a.workloadId)) assessments.set(a.workloadId, a);

  const added: string[] = [];
  const returned: string[] = [];
  const seen = new Set<YAMLMap>();
  for (const w of result.workloads) {
    const a = assessments.get(w.id);
    const entry = byId.get(w.id) ?? (w.kind === 'declared' ? undefined : byName.get(w.name)) ?? declaredByName.get(w.name);
    if (entry) {
      seen.add(entry);
      if (!entry.has('id') && w.kind !== 'declared') entry.set('id', w.id);
      if (entry.get('status') === 'vanished') {
        entry.delete('status');
        returned.push(w.name);
      }
      continue;
    }
    const node = doc.createNode({ id: w.id, name: w.name, owner: '' }) as YAMLMap;
    node.delete('owner');
    if (a) node.commentBefore = ` ${w.kind} · ${w.root} · found at ${a.effectiveTier} (baseline ${a.baselineTier}) — add owner and reviewDate`;
    list.items.push(node);
    seen.add(node);
    added.push(w.name);
  }
  const vanished: string[] = [];
  for (const item of list.items) {
    if (!isMap(item) || seen.has(item)) continue;
    const status = item.get('status');
    if (status === 'retired' || status === 'vanished') continue;
    if (item.get('paths')) continue; // declared by hand with globs: kept as the person wrote it
    item.set('status', 'vanished');
    vanished.push(String(item.get('name') ?? item.get('id') ?? '?'));
  }
  return { text: doc.toString({ lineWidth: 0, flowCollectionPadding: false }), added, vanished, returned };
}

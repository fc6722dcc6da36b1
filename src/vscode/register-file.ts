/**
 * Edits of `ai-asset-register.yaml` that keep what people wrote by hand: comments, order,
 * unknown-to-us fields. Works on the YAML document model, never by regenerating the file.
 * yaml and minimatch come with the engine, loaded on the first edit (see engine.ts).
 */
import type { Document, YAMLMap, YAMLSeq } from 'yaml';
import type { RegisterException, ScanResult, Workload } from '../core';
import { hostEngine } from './engine';

const HEADER = [
  ' AI asset register (playbook step 1): one entry per AI workload with its accountable owner,',
  ' declared risk modifiers, tier overrides with justification, evidence for controls no file',
  ' can show, and exceptions with reason and expiry. Written by AI Risk Gradient; edit freely.',
].join('\n');

function load(text: string | undefined): Document {
  // One-pass duplicate-key check and deep nesting refused: a hostile register cannot stall or abort the host.
  const { parseYamlDocument, yaml } = hostEngine();
  const doc = parseYamlDocument(text && text.trim() ? text : 'version: 1\n', { keepSourceTokens: false });
  if (doc.errors.length > 0) throw new Error(`ai-asset-register.yaml does not parse: ${doc.errors[0].message}`);
  if (!yaml.isMap(doc.contents)) throw new Error('ai-asset-register.yaml must hold a mapping at the top (version, workloads, exceptions).');
  if (!doc.has('version')) doc.set('version', 1);
  if (!text || !text.trim()) doc.commentBefore = HEADER;
  return doc;
}

function seq(doc: Document, key: string): YAMLSeq {
  const { yaml } = hostEngine();
  const existing = doc.get(key, true);
  if (yaml.isSeq(existing)) return existing;
  const s = new yaml.YAMLSeq();
  doc.set(key, s);
  return s;
}

/** Appends an exception; returns the new file text. */
export function addException(text: string | undefined, exception: RegisterException): string {
  const doc = load(text);
  const list = seq(doc, 'exceptions');
  const entry: Record<string, string> = { control: exception.control };
  if (exception.workload) entry.workload = exception.workload;
  if (exception.path) entry.path = exception.path;
  entry.reason = exception.reason;
  if (exception.approver) entry.approver = exception.approver;
  if (exception.expires) entry.expires = exception.expires;
  list.add(doc.createNode(entry));
  return doc.toString({ lineWidth: 0 });
}

function str(m: YAMLMap, k: string): string | undefined {
  const v = m.get(k);
  return typeof v === 'string' ? v : undefined;
}

function tierLine(result: ScanResult, w: Workload): string {
  const a = result.assessments.find((x) => x.workloadId === w.id);
  if (!a) return ` ${w.kind} workload in ${w.root || '.'}`;
  const raised = a.highModifiers.length ? ` (high: ${a.highModifiers.join(', ')})` : '';
  const tiers = a.baselineTier === a.effectiveTier ? a.effectiveTier : `${a.baselineTier} → ${a.effectiveTier}`;
  return ` ${tiers}${raised} · ${w.kind} · ${w.anchor.file}`;
}

export interface RegisterUpdate {
  text: string;
  added: string[];
  linked: string[];
  vanished: string[];
}

function strings(m: YAMLMap, k: string): string[] {
  const { yaml } = hostEngine();
  const v = m.get(k);
  if (!yaml.isSeq(v)) return [];
  return v.items.map((i) => (yaml.isScalar(i) ? i.value : i)).filter((x): x is string => typeof x === 'string');
}

/** The files a workload is made of: its anchor and the files of its member facts (`file#address`). */
function filesOf(w: Workload): string[] {
  return [w.anchor.file, ...w.members.map((m) => m.slice(0, m.indexOf('#') < 0 ? undefined : m.indexOf('#')))];
}

/** Same rule as the inventory: the id, else the `paths` globs, else the name of an entry without id. */
function matches(e: YAMLMap, w: Workload): boolean {
  const id = str(e, 'id');
  if (id && id === w.id) return true;
  const paths = strings(e, 'paths');
  const { minimatch } = hostEngine();
  if (paths.length > 0) return filesOf(w).some((f) => paths.some((g) => minimatch(f.split('!/')[0], g, { dot: true }) || minimatch(f, g, { dot: true })));
  return !id && str(e, 'name') === w.name;
}

/**
 * Brings the register in line with a scan: every workload the scan found gets an entry
 * (matched the way the inventory matches: by id, then by `paths` globs, then by name); an
 * entry matched by name only gets the workload's `id`, so a rename keeps the link; an entry
 * with an id that matches nothing is marked `vanished`. Hand-written fields (owner,
 * modifiers, evidence, reviewDate…) are never touched.
 */
export function updateRegister(text: string | undefined, result: ScanResult): RegisterUpdate {
  const doc = load(text);
  const list = seq(doc, 'workloads');
  const { yaml } = hostEngine();
  if (!doc.has('exceptions')) doc.set('exceptions', new yaml.YAMLSeq());
  const entries = list.items.filter((i): i is YAMLMap => yaml.isMap(i));
  const taken = new Set<string>();
  const added: string[] = [];
  const linked: string[] = [];
  const vanished: string[] = [];
  for (const e of entries) {
    const status = str(e, 'status');
    if (status === 'retired') continue;
    const matched = result.workloads.filter((w) => !taken.has(w.id) && matches(e, w));
    for (const w of matched) taken.add(w.id);
    if (matched.length === 0) {
      const id = str(e, 'id');
      if (id && status !== 'vanished') {
        e.set('status', 'vanished');
        vanished.push(str(e, 'name') ?? id);
      }
      continue;
    }
    if (!str(e, 'id') && strings(e, 'paths').length === 0 && matched.length === 1) {
      // Put the id first, where a reader looks for it.
      e.items.unshift(doc.createPair('id', matched[0].id));
      linked.push(matched[0].name);
    }
    if (status === 'vanished') e.set('status', 'active');
  }
  for (const w of result.workloads) {
    if (taken.has(w.id)) continue;
    const node = doc.createNode({ id: w.id, name: w.name, paths: [w.root && w.root !== '.' ? `${w.root}/**` : '**'], status: 'active' }) as YAMLMap;
    node.commentBefore = `${tierLine(result, w)}\n TODO: name an accountable owner (owner: team@example.com)`;
    list.add(node);
    added.push(w.name);
  }
  return { text: doc.toString({ lineWidth: 0 }), added, linked, vanished };
}

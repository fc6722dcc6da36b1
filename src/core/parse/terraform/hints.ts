/**
 * Data-classification hints from what a block says about itself: classification tags and
 * labels (`data_classification = "pii"`, `confidentiality = "high"`), and words in its name,
 * tags or labels (payroll, patient, card …). Words are matched as whole tokens of names, so
 * `hr` matches `hr-records` but not `three`.
 */
import type { Fact, FactValue } from '../../model';
import { isPlainObject } from './util';

/** Word → hint (whole tokens of names, tags and labels). */
const WORDS = new Map<string, string>();
for (const [hint, words] of [
  ['data:pii', 'pii gdpr'],
  ['data:phi', 'phi hipaa health healthcare medical clinical'],
  ['data:patient', 'patient patients ehr emr'],
  ['data:payroll', 'payroll salary salaries wages'],
  ['data:hr', 'hr hris employee employees personnel'],
  ['data:finance', 'finance financial banking ledger accounting'],
  ['data:card', 'card cards pci cardholder pan'],
  ['data:regulated', 'regulated restricted sox ssn'],
] as const) {
  for (const w of words.split(' ')) WORDS.set(w, hint);
}

/** Values of a classification tag → hint. */
const LEVELS: [RegExp, string][] = [
  [/^(regulated|restricted|highly[-_ ]?confidential|secret|top[-_ ]?secret|sensitive|high|critical)$/, 'data:regulated'],
  [/^(confidential|private|medium)$/, 'data:confidential'],
  [/^(internal|internal[-_ ]?only|low)$/, 'data:internal'],
  [/^(public|open|none)$/, 'data:public'],
];

const CLASS_KEY = /(classification|sensitivity|confidentiality|data[-_]?class|data[-_]?type|data[-_]?category|compliance|dataclass)/i;
const TAG_KEYS = ['tags', 'tags_all', 'labels', 'default_tags', 'resource_tags', 'user_labels'];
const NAME_KEYS = ['name', 'display_name', 'bucket', 'table_name', 'friendly_name', 'endpoint_name', 'model_name', 'feature_group_name', 'domain_name', 'agent_name', 'knowledge_base_name'];

function tokens(s: string): string[] {
  return s
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Hints of each string seen, since the same names and tag values come back in file after file. */
const wordCache = new Map<string, readonly string[]>();
const NO_HINTS: readonly string[] = [];

function wordHintsOf(s: string): readonly string[] {
  let hit = wordCache.get(s);
  if (hit) return hit;
  let found: string[] | undefined;
  for (const t of tokens(s)) {
    const h = WORDS.get(t);
    if (h && !found?.includes(h)) (found ??= []).push(h);
  }
  hit = found ?? NO_HINTS;
  if (wordCache.size >= 20_000) wordCache.clear();
  wordCache.set(s, hit);
  return hit;
}

function wordHints(s: string, out: Set<string>): void {
  for (const h of wordHintsOf(s)) out.add(h);
}

const classKeyCache = new Map<string, boolean>();

function isClassKey(k: string): boolean {
  let hit = classKeyCache.get(k);
  if (hit === undefined) {
    hit = CLASS_KEY.test(k);
    if (classKeyCache.size >= 20_000) classKeyCache.clear();
    classKeyCache.set(k, hit);
  }
  return hit;
}

function levelHints(s: string, out: Set<string>): void {
  const v = s.trim().toLowerCase();
  for (const [re, h] of LEVELS) if (re.test(v)) out.add(h);
  wordHints(s, out);
}

function scanTags(v: FactValue | undefined, out: Set<string>): void {
  if (Array.isArray(v)) {
    for (const x of v) scanTags(x, out);
    return;
  }
  if (!isPlainObject(v)) return;
  // default_tags { tags = {…} } and similar nesting
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string') {
      if (isClassKey(k)) levelHints(x, out);
      else wordHints(x, out);
      wordHints(k, out);
    } else if (typeof x === 'boolean' && x && isClassKey(k) === false) {
      // `pii = true`
      wordHints(k, out);
    } else if (isPlainObject(x) || Array.isArray(x)) scanTags(x, out);
  }
}

/** Structural hints are kept; `data:*` hints are recomputed from the current attributes. */
export function computeHints(f: Fact): string[] {
  const out = new Set<string>((f.hints ?? []).filter((h) => !h.startsWith('data:')));
  const data = new Set<string>();
  if (f.kind === 'resource' || f.kind === 'data' || f.kind === 'module' || f.kind === 'provider') {
    for (const k of TAG_KEYS) scanTags(f.attributes[k], data);
    if (f.name) wordHints(f.name, data);
    for (const k of NAME_KEYS) {
      const v = f.attributes[k];
      if (typeof v === 'string') wordHints(v, data);
    }
    for (const k in f.attributes) {
      const v = f.attributes[k];
      if (typeof v === 'string' && isClassKey(k)) levelHints(v, data);
    }
  }
  for (const h of data) out.add(h);
  return [...out].sort();
}

/** How sensitive a set of data hints is. */
export function sensitivityOf(hints: readonly string[]): 'high' | 'medium' | 'low' | undefined {
  const high = ['data:pii', 'data:phi', 'data:patient', 'data:payroll', 'data:hr', 'data:finance', 'data:card', 'data:regulated'];
  if (hints.some((h) => high.includes(h))) return 'high';
  if (hints.some((h) => h === 'data:confidential' || h === 'data:internal')) return 'medium';
  if (hints.includes('data:public')) return 'low';
  return undefined;
}

/**
 * Data-classification hints from what a block says about itself: classification tags and
 * labels (`data_classification = "pii"`, `confidentiality = "high"`), and words in its name,
 * tags or labels (payroll, patient, card …). Words are matched as whole tokens of names, so
 * `hr` matches `hr-records` but not `three`.
 */
import type { Fact, FactValue } from '../../model';
import { isPlainObject } from './util';

/** Word → hint. High-sensitivity words first. */
const WORDS: [RegExp, string][] = [
  [/^(pii|gdpr)$/, 'data:pii'],
  [/^(phi|hipaa|health|healthcare|medical|clinical)$/, 'data:phi'],
  [/^(patient|patients|ehr|emr)$/, 'data:patient'],
  [/^(payroll|salary|salaries|wages)$/, 'data:payroll'],
  [/^(hr|hris|employee|employees|personnel)$/, 'data:hr'],
  [/^(finance|financial|banking|ledger|accounting)$/, 'data:finance'],
  [/^(card|cards|pci|cardholder|pan)$/, 'data:card'],
  [/^(regulated|restricted|sox|ssn)$/, 'data:regulated'],
];

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

function wordHints(s: string, out: Set<string>): void {
  for (const t of tokens(s)) for (const [re, h] of WORDS) if (re.test(t)) out.add(h);
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
      if (CLASS_KEY.test(k)) levelHints(x, out);
      else wordHints(x, out);
      wordHints(k, out);
    } else if (typeof x === 'boolean' && x && CLASS_KEY.test(k) === false) {
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
    for (const [k, v] of Object.entries(f.attributes)) {
      if (typeof v === 'string' && CLASS_KEY.test(k)) levelHints(v, data);
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

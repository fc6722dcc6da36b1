import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Fact, ParsedFile } from '../../../src/core/model';
import type { ParseContext, WorkloadDraft } from '../../../src/core/plugin';
import { factQuery } from '../../../src/core/facts';
import type { FactQuery } from '../../../src/core/catalogue/types';
import { kubernetesPlugin } from '../../../src/core/parse/kubernetes';

export const FIXTURES = path.join(process.cwd(), 'test/fixtures/parse/kubernetes');

function walk(dir: string, base: string, out: Map<string, string>): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    const rel = base ? `${base}/${e.name}` : e.name;
    if (e.isDirectory()) walk(full, rel, out);
    else out.set(rel, fs.readFileSync(full, 'utf8').replace(/^\uFEFF/, ''));
  }
}

export function contextFor(files: Map<string, string>, maxFileBytes = 5_000_000): ParseContext {
  return { maxFileBytes, readText: (p) => files.get(p), paths: [...files.keys()] };
}

export interface Scan {
  files: ParsedFile[];
  facts: Fact[];
  query: FactQuery;
  drafts: WorkloadDraft[];
  texts: Map<string, string>;
}

/** Parses every matching file of a fixture folder (or of given texts) like the pipeline would. */
export function scan(subdirOrTexts: string | Map<string, string>): Scan {
  let texts: Map<string, string>;
  if (typeof subdirOrTexts === 'string') {
    texts = new Map();
    walk(path.join(FIXTURES, subdirOrTexts), '', texts);
  } else texts = subdirOrTexts;
  const ctx = contextFor(texts);
  let files = [...texts.keys()].filter((p) => kubernetesPlugin.matches(p)).map((p) => kubernetesPlugin.parse({ path: p, text: texts.get(p) }, ctx));
  files = kubernetesPlugin.link ? kubernetesPlugin.link(files, ctx) : files;
  const facts = files.flatMap((f) => f.facts);
  const query = factQuery(facts);
  const drafts = kubernetesPlugin.group ? kubernetesPlugin.group(facts, query) : [];
  return { files, facts, query, drafts, texts };
}

export function parseOne(p: string, text: string, others: Record<string, string> = {}): ParsedFile {
  const texts = new Map(Object.entries({ ...others, [p]: text }));
  return kubernetesPlugin.parse({ path: p, text }, contextFor(texts));
}

export function byAddress(facts: Fact[], address: string): Fact {
  const f = facts.find((x) => x.address === address);
  if (!f) throw new Error(`no fact ${address}; have ${facts.map((x) => x.address).join(', ')}`);
  return f;
}

/** Text of a range in a file (0-based, inclusive start, exclusive end). */
export function textAt(text: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split('\n');
  if (r.start.line === r.end.line) return (lines[r.start.line] ?? '').slice(r.start.character, r.end.character);
  const out = [(lines[r.start.line] ?? '').slice(r.start.character)];
  for (let l = r.start.line + 1; l < r.end.line; l++) out.push(lines[l] ?? '');
  out.push((lines[r.end.line] ?? '').slice(0, r.end.character));
  return out.join('\n');
}

/**
 * Test helpers: read fixture folders from disk, zip them in memory with fflate, and run the
 * Power Platform / Salesforce plugins over a set of files the way the scan does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { zipSync } from 'fflate';
import { factQuery } from '../../../src/core/facts';
import type { Fact, ModifierId, ParsedFile, Rating, Tier } from '../../../src/core/model';
import type { InputPlugin, ModifierSignal, WorkloadDraft } from '../../../src/core/plugin';
import type { FactQuery } from '../../../src/core/catalogue/types';
import { powerPlatformPlugin } from '../../../src/core/parse/power-platform';
import { salesforcePlugin } from '../../../src/core/parse/salesforce';

export const FIXTURES = path.join(process.cwd(), 'test/fixtures/parse/power-platform');

/** Every file under `dir`, keyed `prefix/relative/path`. */
export function readTree(dir: string, prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(`${prefix ? prefix + '/' : ''}${path.relative(dir, p).split(path.sep).join('/')}`, fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** Zips a fixture folder (entry names relative to the folder), optionally mapping names. */
export function zipTree(dir: string, rename: (name: string) => string = (n) => n): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, text] of readTree(dir, '')) files[rename(name)] = new TextEncoder().encode(text);
  return zipSync(files, { level: 6 });
}

export const PLUGINS: InputPlugin[] = [powerPlatformPlugin, salesforcePlugin];

export interface Scan {
  parsed: ParsedFile[];
  facts: Fact[];
  all: FactQuery;
  drafts: WorkloadDraft[];
  unclaimed: string[];
}

export function scan(files: Map<string, string | Uint8Array>): Scan {
  const texts = new Map<string, string>();
  // Like the scan: only files some plugin claims are read, so only their text is available.
  for (const [p, v] of files) if (typeof v === 'string' && PLUGINS.some((pl) => pl.matches(p))) texts.set(p, v);
  const ctx = { maxFileBytes: 50 * 1024 * 1024, readText: (p: string) => texts.get(p), paths: [...files.keys()] };
  const parsed: ParsedFile[] = [];
  const unclaimed: string[] = [];
  for (const [p, v] of files) {
    const plugin = PLUGINS.find((pl) => pl.matches(p));
    if (!plugin) {
      unclaimed.push(p);
      continue;
    }
    parsed.push(plugin.parse(typeof v === 'string' ? { path: p, text: v } : { path: p, bytes: v }, ctx));
  }
  const facts = parsed.flatMap((f) => f.facts);
  const all = factQuery(facts);
  const drafts: WorkloadDraft[] = [];
  for (const pl of PLUGINS) drafts.push(...(pl.group?.(parsed.filter((f) => f.kind === pl.kind).flatMap((f) => f.facts), all) ?? []));
  return { parsed, facts, all, drafts, unclaimed };
}

const RANK: Record<Rating, number> = { low: 0, medium: 1, high: 2 };
const TIER_N = (t: Tier) => Number(t.slice(1));

/** What the assessment sees for one draft: the highest tier and the highest rating per modifier. */
export function grade(s: Scan, draft: WorkloadDraft): { tier?: Tier; patterns: string[]; ratings: Partial<Record<ModifierId, Rating>>; signals: ModifierSignal[] } {
  let tier: Tier | undefined;
  const patterns: string[] = [];
  const ratings: Partial<Record<ModifierId, Rating>> = {};
  const signals: ModifierSignal[] = [];
  for (const id of draft.members) {
    const f = s.all.byId(id);
    if (!f) continue;
    const pl = PLUGINS.find((p) => p.kind === (f.provider === 'salesforce' ? 'sf' : 'pp'))!;
    for (const t of pl.tierSignals?.(f, s.all) ?? []) {
      patterns.push(t.pattern);
      if (!tier || TIER_N(t.tier) > TIER_N(tier)) tier = t.tier;
    }
    for (const m of pl.modifierSignals?.(f, s.all) ?? []) {
      signals.push(m);
      if (ratings[m.modifier] === undefined || RANK[m.rating] > RANK[ratings[m.modifier]!]) ratings[m.modifier] = m.rating;
    }
  }
  return { tier, patterns, ratings, signals };
}

export function draftNamed(s: Scan, re: RegExp): WorkloadDraft {
  const d = s.drafts.find((x) => re.test(x.name));
  if (!d) throw new Error(`no workload matching ${re}; have: ${s.drafts.map((x) => x.name).join(' | ')}`);
  return d;
}

export function fixtureFiles(name: string, prefix = name): Map<string, string | Uint8Array> {
  return readTree(path.join(FIXTURES, name), prefix);
}

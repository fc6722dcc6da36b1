/** Building a DetectorContext straight from the code, manifest and repository readers, without the whole pipeline. */
import type { DetectorContext } from '../../../src/core/catalogue/types';
import { factQuery } from '../../../src/core/facts';
import type { Fact, Workload } from '../../../src/core/model';
import type { ParseContext } from '../../../src/core/plugin';
import { codePlugin } from '../../../src/core/parse/code';
import { manifestsPlugin } from '../../../src/core/parse/manifests';
import { repoPlugin } from '../../../src/core/parse/repo';

export interface Built {
  ctx: DetectorContext;
  facts: Fact[];
}

/** Parses `files` (all paths, also those no reader claims, are in `ctx.paths`) into one workload holding every fact. */
export function build(files: Record<string, string>, kind: Workload['kind'] = 'code', extraPaths: string[] = []): Built {
  const paths = [...Object.keys(files), ...extraPaths].sort();
  const pctx: ParseContext = { maxFileBytes: 1_000_000, readText: (p) => files[p], paths };
  const facts: Fact[] = [];
  for (const [path, text] of Object.entries(files)) {
    for (const p of [repoPlugin, manifestsPlugin, codePlugin]) if (p.matches(path)) facts.push(...p.parse({ path, text }, pctx).facts);
  }
  const anchor = facts[0] ?? { file: 'x', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  const workload: Workload = { id: `${kind}:.`, name: 'test', kind, root: '.', members: facts.map((f) => f.id), anchor: { file: anchor.file, range: anchor.range }, providers: ['code'], links: [] };
  const ctx: DetectorContext = {
    workload,
    assessment: { baselineTier: 'L5', effectiveTier: 'L8', zone: 'high-assurance', modifiers: {} as DetectorContext['assessment']['modifiers'], highModifiers: [] },
    facts,
    allFacts: factQuery(facts),
    text: (p) => files[p],
    today: '2026-12-01',
  };
  return { ctx, facts };
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { factQuery } from '../../../src/core/facts';
import type { Fact, ParsedFile } from '../../../src/core/model';
import type { ParseContext } from '../../../src/core/plugin';
import { terraformPlugin } from '../../../src/core/parse/terraform';
import { nodeAssets } from '../../../src/node/assets';

export const FIXTURES = join(process.cwd(), 'test/fixtures/parse/terraform');

let ready: Promise<void> | undefined;
export function init(): Promise<void> {
  ready ??= terraformPlugin.init!(nodeAssets());
  return ready;
}

export function ctxFor(files: Record<string, string>): ParseContext {
  return { maxFileBytes: 5_000_000, readText: (p) => files[p], paths: Object.keys(files) };
}

export function parseText(path: string, text: string): ParsedFile {
  return terraformPlugin.parse({ path, text }, ctxFor({ [path]: text }));
}

/** Reads a fixture folder into `{ relative path → text }` (paths relative to the folder). */
export function readTree(dir: string): Record<string, string> {
  const root = join(FIXTURES, dir);
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (terraformPlugin.matches(name)) out[relative(root, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}

export interface Scan {
  files: ParsedFile[];
  facts: Fact[];
  q: ReturnType<typeof factQuery>;
  byAddr(address: string, scope?: string): Fact;
}

export function scan(files: Record<string, string>): Scan {
  const ctx = ctxFor(files);
  const parsed = Object.entries(files).map(([path, text]) => terraformPlugin.parse({ path, text }, ctx));
  const linked = terraformPlugin.link!(parsed, ctx);
  const facts = linked.flatMap((p) => p.facts);
  const q = factQuery(facts);
  return {
    files: linked,
    facts,
    q,
    byAddr(address, scope) {
      const f = q.byAddress(address, scope)[0];
      if (!f) throw new Error(`no fact ${address} in scope ${scope ?? '*'}; have ${facts.map((x) => `${x.scope}:${x.address}`).join(', ')}`);
      return f;
    },
  };
}

export function scanFixture(dir: string): Scan {
  return scan(readTree(dir));
}

/** Test helpers: read a fixture folder the way an adapter would and parse it with this area's plugins. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Fact, ParsedFile } from '../../../src/core/model';
import type { FileContent, InputPlugin, ParseContext } from '../../../src/core/plugin';
import { codePlugin } from '../../../src/core/parse/code';
import { manifestsPlugin } from '../../../src/core/parse/manifests';
import { repoPlugin } from '../../../src/core/parse/repo';

export const FIXTURES = path.resolve(process.cwd(), 'test/fixtures/parse/code');
export const PLUGINS: InputPlugin[] = [repoPlugin, manifestsPlugin, codePlugin];

function walk(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(root, rel));
    else out.push(rel);
  }
  return out.sort();
}

export interface Tree {
  files: FileContent[];
  ctx: ParseContext;
}

export function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

export function loadTree(dir: string): Tree {
  const root = path.join(FIXTURES, dir);
  const paths = walk(root);
  const texts = new Map<string, string>();
  const files = paths.map((p) => {
    const text = decode(fs.readFileSync(path.join(root, p)));
    texts.set(p, text);
    return { path: p, text };
  });
  return { files, ctx: ctxOf(paths, texts) };
}

export function ctxOf(paths: string[], texts = new Map<string, string>()): ParseContext {
  return { maxFileBytes: 5_000_000, paths, readText: (p) => texts.get(p) };
}

export function parseTree(dir: string): ParsedFile[] {
  const { files, ctx } = loadTree(dir);
  const out: ParsedFile[] = [];
  for (const f of files) {
    const plugin = PLUGINS.find((p) => p.matches(f.path));
    if (plugin) out.push(plugin.parse(f, ctx));
  }
  return out;
}

/** Parses one fixture file (path relative to the fixtures folder) with the plugin that claims it. */
export function parseFixture(rel: string, extraPaths: string[] = []): ParsedFile {
  const full = path.join(FIXTURES, rel);
  const text = decode(fs.readFileSync(full));
  const plugin = PLUGINS.find((p) => p.matches(rel));
  if (!plugin) throw new Error(`no plugin claims ${rel}`);
  return plugin.parse({ path: rel, text }, ctxOf([rel, ...extraPaths], new Map([[rel, text]])));
}

export function parseText(p: string, text: string, paths: string[] = [p], texts = new Map<string, string>()): ParsedFile {
  const plugin = PLUGINS.find((x) => x.matches(p));
  if (!plugin) throw new Error(`no plugin claims ${p}`);
  return plugin.parse({ path: p, text }, ctxOf(paths, texts));
}

export const ofKind = (pf: ParsedFile | Fact[], kind: string): Fact[] => (Array.isArray(pf) ? pf : pf.facts).filter((f) => f.kind === kind);
export const calls = (pf: ParsedFile, category?: string): Fact[] => ofKind(pf, 'call').filter((f) => category === undefined || f.type === category);
export const types = (facts: Fact[]): string[] => [...new Set(facts.map((f) => f.type))].sort();

/** The text a fact's range covers. */
export function textAt(text: string, f: { range: { start: { line: number; character: number }; end: { line: number; character: number } } }): string {
  const lines = text.split('\n');
  const { start, end } = f.range;
  if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
  return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
}

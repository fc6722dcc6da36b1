/**
 * Code services: a service is the folder of the nearest dependency manifest above a file
 * (`pyproject.toml`, `package.json`, `go.mod`, `requirements*.txt`, `pom.xml`, `*.csproj`, …);
 * a file with no manifest above it is its own folder's service. Parsers compute this from
 * `ctx.paths` and store it in `Fact.scope`; grouping recomputes it from manifest facts when a
 * fact carries no scope.
 */
import type { ParseContext } from '../../plugin';
import { basename, dirname, inIgnoredFolder, joinPath, parentDir } from './text';

/** Whether a file name marks the root of a code service. */
export function isServiceManifest(name: string): boolean {
  return (
    name === 'pyproject.toml' ||
    name === 'package.json' ||
    name === 'go.mod' ||
    name === 'pom.xml' ||
    name === 'Pipfile' ||
    name === 'setup.py' ||
    name === 'setup.cfg' ||
    name === 'build.gradle' ||
    name === 'build.gradle.kts' ||
    /^requirements.*\.txt$/i.test(name) ||
    /\.(csproj|fsproj|vbproj)$/i.test(name)
  );
}

/** The service folder a manifest stands for (`requirements/base.txt` → the folder above `requirements/`). */
export function manifestRoot(path: string): string {
  const dir = dirname(path);
  if (/\.txt$/i.test(path) && basename(dir) === 'requirements') return parentDir(dir) ?? '.';
  return dir;
}

export interface PathIndex {
  paths: Set<string>;
  /** Service roots (folders holding a service manifest). */
  roots: Set<string>;
  /** Every folder that holds at least one file, with its ancestors. */
  dirs: Set<string>;
  /** Manifest paths per service root. */
  manifests: Map<string, string[]>;
}

const cache = new WeakMap<readonly string[], PathIndex>();

export function pathIndex(paths: readonly string[]): PathIndex {
  const hit = cache.get(paths);
  if (hit) return hit;
  const idx: PathIndex = { paths: new Set(paths), roots: new Set(), dirs: new Set(), manifests: new Map() };
  for (const p of paths) {
    for (let d: string | undefined = dirname(p); d !== undefined && !idx.dirs.has(d); d = parentDir(d)) idx.dirs.add(d);
    if (inIgnoredFolder(p)) continue;
    const name = basename(p);
    if (isServiceManifest(name) || (/\.txt$/i.test(p) && basename(dirname(p)) === 'requirements')) {
      const root = manifestRoot(p);
      idx.roots.add(root);
      const list = idx.manifests.get(root) ?? [];
      list.push(p);
      idx.manifests.set(root, list);
    }
  }
  cache.set(paths, idx);
  return idx;
}

/** The nearest root in `roots` at or above the folder of `path`; the file's own folder when none. */
export function serviceRootFor(path: string, roots: ReadonlySet<string>): string {
  for (let d: string | undefined = dirname(path); d !== undefined; d = parentDir(d)) if (roots.has(d)) return d;
  return dirname(path);
}

export function serviceRoot(path: string, ctx: ParseContext): string {
  return serviceRootFor(path, pathIndex(ctx.paths).roots);
}

/** Manifest files in the folders from `path`'s folder up to the repository root. */
export function manifestsAbove(path: string, ctx: ParseContext): string[] {
  const idx = pathIndex(ctx.paths);
  const out: string[] = [];
  for (let d: string | undefined = dirname(path); d !== undefined; d = parentDir(d)) out.push(...(idx.manifests.get(d) ?? []));
  return out;
}

/** Whether a Python package `name` exists locally beside `path` or at its service root. */
export function localPythonPackage(path: string, name: string, ctx: ParseContext): boolean {
  const idx = pathIndex(ctx.paths);
  const candidates = new Set([dirname(path), serviceRoot(path, ctx)]);
  for (const d of candidates) {
    if (idx.paths.has(joinPath(d, `${name}.py`)) || idx.dirs.has(joinPath(d, name))) return true;
  }
  return false;
}

const LANGUAGE_NAMES: Record<string, string> = {
  python: 'Python',
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  go: 'Go',
  java: 'Java',
  kotlin: 'Kotlin',
  csharp: 'C#',
  pypi: 'Python',
  npm: 'JavaScript',
  maven: 'Java',
  nuget: 'C#',
};

export function languageName(id: string): string {
  return LANGUAGE_NAMES[id] ?? id;
}

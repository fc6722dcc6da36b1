/** Reading the code reader's facts in detectors: calls by category, places, containment. */
import type { Evidence, Fact, Location, Range } from '../../../model';
import { evidence, rangeOf } from '../../../facts';

export function calls(facts: readonly Fact[], ...categories: string[]): Fact[] {
  return facts.filter((f) => f.kind === 'call' && categories.includes(String(f.attributes.category ?? f.type)));
}

export function category(f: Fact): string {
  return String(f.attributes.category ?? f.type);
}

export function pattern(f: Fact): string {
  return String(f.attributes.pattern ?? f.type);
}

/** Where a call's squiggle goes: its name (the constructor / key), falling back to the whole call. */
export function callLoc(f: Fact, path?: string): Location {
  return { file: f.file, range: path ? rangeOf(f, path) : (f.nameRange ?? f.range) };
}

export function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Whether `inner` lies within `outer` (same file). */
export function within(inner: Fact, outer: Fact): boolean {
  if (inner.file !== outer.file || inner === outer) return false;
  return !before(inner.range.start, outer.range.start) && !before(outer.range.end, inner.range.end);
}

export function ev(f: Fact, why: string, path?: string): Evidence {
  return evidence(f, why, path);
}

/** One line per file and line, in file order: stable anchors that survive edits elsewhere. */
export function sortByPlace(facts: readonly Fact[]): Fact[] {
  return [...facts].sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export function pkg(f: Fact): string {
  return typeof f.attributes.package === 'string' ? f.attributes.package : '';
}

/** Files of the workload holding code facts. */
export function codeFiles(facts: readonly Fact[]): string[] {
  return [...new Set(facts.filter((f) => f.kind === 'import' || f.kind === 'call').map((f) => f.file))].sort();
}

/**
 * Reads `ai-asset-register.yaml` into one `register` fact. Validation errors become problems
 * at the exact place in the YAML, in plain words; an invalid register is ignored as a whole
 * (the scan runs with defaults) but its problems are shown.
 */
import { parseDocument, isMap, isSeq, type Node } from 'yaml';
import type { FactObject, ParsedFile, ParseProblem, Range } from '../../model';
import type { InputPlugin } from '../../plugin';
import { REGISTER_FILE, registerSchema } from '../../register/schema';
import { LineMap } from '../../lines';

export const registerPlugin: InputPlugin = {
  kind: 'register',
  title: 'AI asset register',
  matches: (path) => path === REGISTER_FILE || path.endsWith(`/${REGISTER_FILE}`),
  parse(file): ParsedFile {
    const text = file.text ?? '';
    const problems: ParseProblem[] = [];
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    // Positions from our own line table: yaml's LineCounter misses line breaks inside tokens it
    // rejects, which would shift every later position.
    const lines = new LineMap(text);
    const toRange = (start: number, end: number): Range => lines.range(start, Math.max(start, end));
    for (const e of doc.errors) {
      problems.push({ file: file.path, range: toRange(e.pos[0], e.pos[1]), severity: 'error', code: 'register/yaml-syntax', message: `The register is not valid YAML: ${e.message.split('\n')[0]}` });
    }
    const whole: Range = toRange(0, text.length);
    if (problems.length > 0) return { file: file.path, kind: 'register', language: 'yaml', facts: [], problems };
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // Unresolved aliases and alias bombs: refused, with a place to look.
      problems.push({ file: file.path, range: whole, severity: 'error', code: 'register/yaml-alias', message: `The register cannot be read: ${e instanceof Error ? e.message : String(e)}.` });
      return { file: file.path, kind: 'register', language: 'yaml', facts: [], problems };
    }
    const parsed = registerSchema.safeParse(value ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
        const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
        for (const key of keys) {
          const at = key === undefined ? path : [...path, key];
          const node = nodeAt(doc.contents as Node | null, at);
          const range = node?.range ? toRange(node.range[0], node.range[1]) : whole;
          const where = path.length ? path.join('.') : 'the top level';
          const message = key === undefined ? plain(issue.message) : `unknown field "${key}"`;
          problems.push({ file: file.path, range, severity: 'error', code: 'register/invalid', message: `Register: ${where}: ${message}` });
        }
      }
      return { file: file.path, kind: 'register', language: 'yaml', facts: [], problems };
    }
    const ranges: Record<string, Range> = {};
    collectRanges(doc.contents as Node | null, '', ranges, toRange);
    return {
      file: file.path,
      kind: 'register',
      language: 'yaml',
      facts: [
        {
          id: `${file.path}#register`,
          kind: 'register',
          provider: 'generic',
          type: 'ai-asset-register',
          address: 'register',
          file: file.path,
          range: whole,
          attributes: JSON.parse(JSON.stringify(parsed.data)) as FactObject,
          attributeRanges: ranges,
          scope: file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '.',
        },
      ],
      problems,
    };
  },
};

function plain(message: string): string {
  return message.replace(/^Invalid input: /, '').replace(/^Unrecognized key/, 'unknown field');
}

function nodeAt(node: Node | null, path: (string | number)[]): Node | undefined {
  let current: Node | null | undefined = node;
  let last: Node | undefined = node ?? undefined;
  for (const key of path) {
    if (isMap(current)) {
      const pair = current.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) return last;
      last = (pair.key as Node) ?? last;
      current = pair.value as Node | null;
      if (current) last = current;
    } else if (isSeq(current) && typeof key === 'number') {
      current = current.items[key] as Node | null;
      if (current) last = current;
    } else {
      return last;
    }
  }
  return last;
}

function collectRanges(node: Node | null, prefix: string, out: Record<string, Range>, toRange: (a: number, b: number) => Range): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = String((pair.key as { value?: unknown } | null)?.value ?? '');
      const path = prefix ? `${prefix}.${key}` : key;
      const k = pair.key as Node | null;
      const v = pair.value as Node | null;
      const start = k?.range?.[0] ?? v?.range?.[0];
      const end = v?.range?.[1] ?? k?.range?.[1];
      if (start !== undefined && end !== undefined) out[path] = toRange(start, end);
      collectRanges(v, path, out, toRange);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const n = item as Node | null;
      const path = prefix ? `${prefix}.${i}` : String(i);
      if (n?.range) out[path] = toRange(n.range[0], n.range[1]);
      collectRanges(n, path, out, toRange);
    });
  }
}

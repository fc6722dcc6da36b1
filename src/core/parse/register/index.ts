/**
 * Reads `ai-asset-register.yaml` into one `register` fact. Validation errors become problems
 * at the exact place in the YAML, in plain words; an invalid register is ignored as a whole
 * (the scan runs with defaults) but its problems are shown.
 */
import { parseDocument, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { FactObject, ParsedFile, ParseProblem, Range } from '../../model';
import type { InputPlugin } from '../../plugin';
import { REGISTER_FILE, registerSchema } from '../../register/schema';
import { SharedLineMap as LineMap } from '../position';
import { ProblemSink, withoutStackTraces } from '../code/text';
import { yamlNestingBeyond } from '../yaml-util';

export const registerPlugin: InputPlugin = {
  kind: 'register',
  title: 'AI asset register',
  matches: (path) => path === REGISTER_FILE || path.endsWith(`/${REGISTER_FILE}`),
  parse(file): ParsedFile {
    const text = file.text ?? '';
    const problems: ParseProblem[] = [];
    // At most MAX_READER_PROBLEMS are listed (and only those are placed in the document): a
    // register broken on every line would otherwise give one problem per line.
    const sink = new ProblemSink(file.path, problems);
    const invalid = (): ParsedFile => {
      sink.close();
      return { file: file.path, kind: 'register', language: 'yaml', facts: [], problems };
    };
    const lines = new LineMap(text);
    const toRange = (start: number, end: number): Range => lines.range(start, Math.max(start, end));
    // Brackets, indentation and '- ' ladders alike: too deep a nesting aborts Node inside yaml.
    const deep = yamlNestingBeyond(text);
    if (deep) {
      problems.push({ file: file.path, range: toRange(deep.offset, deep.offset + 1), severity: 'error', code: 'register/yaml-too-deep', message: `${deep.message}, so the register was not read.` });
      return invalid();
    }
    // Positions come from our own line table (`lines`): yaml's LineCounter misses line breaks
    // inside tokens it rejects, which would shift every later position. Duplicate keys are found
    // by `duplicateKeys`: yaml's own check compares each key with every earlier one of its map
    // (20 000 keys took 3.7 s).
    const doc = withoutStackTraces(() => parseDocument(text, { prettyErrors: false, uniqueKeys: false, logLevel: 'error' }));
    const syntax = doc.errors.map((e) => ({ start: e.pos[0], end: e.pos[1], message: e.message.split('\n')[0] }));
    syntax.push(...duplicateKeys(doc.contents as Node | null).map((at) => ({ start: at, end: at + 1, message: 'Map keys must be unique' })));
    syntax.sort((a, b) => a.start - b.start);
    for (const e of syntax) sink.add(() => ({ file: file.path, range: toRange(e.start, e.end), severity: 'error', code: 'register/yaml-syntax', message: `The register is not valid YAML: ${e.message}` }));
    const whole: Range = toRange(0, text.length);
    if (problems.length > 0) return invalid();
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // Unresolved aliases and alias bombs: refused, with a place to look.
      problems.push({ file: file.path, range: whole, severity: 'error', code: 'register/yaml-alias', message: `The register cannot be read: ${e instanceof Error ? e.message : String(e)}.` });
      return invalid();
    }
    const parsed = registerSchema.safeParse(value ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
        const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
        for (const key of keys) {
          sink.add(() => {
            const at = key === undefined ? path : [...path, key];
            const node = nodeAt(doc.contents as Node | null, at);
            const range = node?.range ? toRange(node.range[0], node.range[1]) : whole;
            const where = path.length ? path.join('.') : 'the top level';
            const message = key === undefined ? plain(issue.message) : `unknown field "${key}"`;
            return { file: file.path, range, severity: 'error', code: 'register/invalid', message: `Register: ${where}: ${message}` };
          });
        }
      }
      return invalid();
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

/**
 * Offsets of the keys that repeat an earlier key of their map (equal scalar values, as yaml's
 * `uniqueKeys` compares them), in one pass per map. Nesting is walked with an explicit stack.
 */
function duplicateKeys(root: Node | null): number[] {
  const out: number[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const k = pair.key;
        if (isScalar(k) && !(typeof k.value === 'number' && Number.isNaN(k.value))) {
          if (seen.has(k.value)) out.push(k.range?.[0] ?? 0);
          else seen.add(k.value);
        }
        stack.push(pair.value, k);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return out.sort((a, b) => a - b);
}

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

/**
 * Import statements per language, read from tokens (so comments and strings never count).
 * Every import is returned; matching against the AI package table happens in the caller.
 */
import type { Token } from './tokenize';

export interface RawImport {
  /** Module as written: `openai`, `google`, `@openai/agents`, `github.com/openai/openai-go/v3`. */
  module: string;
  /** Names imported from it (`from x import a, b`, `import { a } from 'x'`). */
  names: string[];
  /** Local alias of the module itself (`import openai as oa`, `import * as ns`). */
  alias?: string;
  /** Offsets of the whole statement. */
  s: number;
  e: number;
  /** Relative import (`from . import x`): never an AI package. */
  relative?: boolean;
  dynamic?: boolean;
}

function isStmtStart(toks: readonly Token[], i: number): boolean {
  if (i === 0) return true;
  const p = toks[i - 1];
  return p.k === 'nl' || (p.k === 'op' && (p.v === ';' || p.v === ':'));
}

function dotted(toks: readonly Token[], i: number): [string, number] {
  // returns [name, index after]
  if (toks[i]?.k !== 'id') return ['', i];
  let name = toks[i].v;
  let j = i + 1;
  while (toks[j]?.k === 'op' && toks[j].v === '.' && toks[j + 1]?.k === 'id') {
    name += '.' + toks[j + 1].v;
    j += 2;
  }
  return [name, j];
}

const stmtEnd = (t: Token | undefined) => !t || t.k === 'nl' || (t.k === 'op' && t.v === ';');

export function pythonImports(toks: readonly Token[]): RawImport[] {
  const out: RawImport[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.k !== 'id' || t.d !== 0 || !isStmtStart(toks, i)) continue;
    if (t.v === 'import') {
      let j = i + 1;
      for (;;) {
        const [mod, after] = dotted(toks, j);
        if (!mod) break;
        j = after;
        let alias: string | undefined;
        if (toks[j]?.k === 'id' && toks[j].v === 'as' && toks[j + 1]?.k === 'id') {
          alias = toks[j + 1].v;
          j += 2;
        }
        out.push({ module: mod, names: [], alias, s: t.s, e: toks[j - 1].e });
        if (toks[j]?.k === 'op' && toks[j].v === ',') j++;
        else break;
      }
      i = j - 1;
    } else if (t.v === 'from') {
      let j = i + 1;
      let relative = false;
      while (toks[j]?.k === 'op' && (toks[j].v === '.' || toks[j].v === '...')) {
        relative = true;
        j++;
      }
      const [mod, after] = dotted(toks, j);
      j = after;
      if (!(toks[j]?.k === 'id' && toks[j].v === 'import')) continue;
      j++;
      const names: string[] = [];
      const paren = toks[j]?.k === 'op' && toks[j].v === '(';
      if (paren) j++;
      while (j < toks.length) {
        const n = toks[j];
        if (paren ? n.k === 'op' && n.v === ')' : stmtEnd(n)) break;
        if (n.k === 'id' && n.v !== 'as' && !(toks[j - 1]?.k === 'id' && toks[j - 1].v === 'as')) names.push(n.v);
        else if (n.k === 'op' && n.v === '*') names.push('*');
        j++;
      }
      const end = toks[Math.min(j, toks.length - 1)];
      out.push({ module: mod, names, s: t.s, e: paren && end ? end.e : toks[j - 1].e, relative: relative || !mod });
      i = j;
    }
  }
  return out;
}

export function jsImports(toks: readonly Token[]): RawImport[] {
  const out: RawImport[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.k !== 'id') continue;
    const prev = toks[i - 1];
    const afterDot = prev?.k === 'op' && (prev.v === '.' || prev.v === '?.');
    if (afterDot) continue;
    const next = toks[i + 1];
    if ((t.v === 'import' || t.v === 'require') && next?.k === 'op' && next.v === '(') {
      const arg = toks[i + 2];
      const close = toks[i + 3];
      if (arg?.k === 'str' && close?.k === 'op' && (close.v === ')' || close.v === ',')) {
        out.push({ module: arg.v, names: requireNames(toks, i), s: t.s, e: close.e, dynamic: t.v === 'import' });
      }
      continue;
    }
    if (t.v === 'import' || (t.v === 'export' && next?.k === 'op' && (next.v === '{' || next.v === '*'))) {
      if (next?.k === 'op' && next.v === '.') continue; // import.meta
      if (t.v === 'import' && next?.k === 'str') {
        out.push({ module: next.v, names: [], s: t.s, e: next.e });
        continue;
      }
      const names: string[] = [];
      let alias: string | undefined;
      let j = i + 1;
      let found = false;
      for (; j < toks.length && j < i + 400; j++) {
        const n = toks[j];
        if (n.k === 'op' && n.v === ';') break;
        if (n.k === 'id' && n.v === 'from' && toks[j + 1]?.k === 'str') {
          out.push({ module: toks[j + 1].v, names, alias, s: t.s, e: toks[j + 1].e });
          found = true;
          j++;
          break;
        }
        if (n.k === 'id' && (n.v === 'import' || n.v === 'export' || n.v === 'const' || n.v === 'function')) break;
        if (n.k === 'id' && n.v !== 'type' && n.v !== 'as' && n.v !== 'typeof') {
          if (toks[j - 1]?.k === 'id' && toks[j - 1].v === 'as') {
            if (toks[j - 2]?.k === 'op' && toks[j - 2].v === '*') alias = n.v;
            continue;
          }
          names.push(n.v);
        }
      }
      if (found) i = j;
    }
  }
  return out;
}

/** Names bound by `const { a, b } = require('x')` / `const x = require('x')`. */
function requireNames(toks: readonly Token[], at: number): string[] {
  let j = at - 1;
  if (toks[j]?.k === 'id' && toks[j].v === 'await') j--;
  if (!(toks[j]?.k === 'op' && toks[j].v === '=')) return [];
  j--;
  if (toks[j]?.k === 'id') return [toks[j].v];
  if (toks[j]?.k === 'op' && toks[j].v === '}') {
    const names: string[] = [];
    for (let k = j - 1; k >= 0 && k > j - 100; k--) {
      const n = toks[k];
      if (n.k === 'op' && n.v === '{') break;
      if (n.k === 'id' && !(toks[k + 1]?.k === 'op' && toks[k + 1].v === ':')) names.unshift(n.v);
    }
    return names;
  }
  return [];
}

export function goImports(toks: readonly Token[]): RawImport[] {
  const out: RawImport[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.k !== 'id' || t.v !== 'import' || t.d !== 0) continue;
    let j = i + 1;
    const one = (k: number): number => {
      let alias: string | undefined;
      if (toks[k]?.k === 'id' || (toks[k]?.k === 'op' && (toks[k].v === '.' || toks[k].v === '_'))) {
        alias = toks[k].v;
        k++;
      }
      if (toks[k]?.k === 'str') {
        out.push({ module: toks[k].v, names: [], alias, s: toks[k].s, e: toks[k].e });
        return k + 1;
      }
      return k + 1;
    };
    if (toks[j]?.k === 'op' && toks[j].v === '(') {
      j++;
      while (j < toks.length && !(toks[j].k === 'op' && toks[j].v === ')')) {
        if (toks[j].k === 'op' && toks[j].v === ';') {
          j++;
          continue;
        }
        j = one(j);
      }
    } else j = one(j);
    i = j - 1;
  }
  return out;
}

/** Java and Kotlin (`import a.b.C`, `import static a.b.C.m`, `import a.b.*`, `import a.b.C as D`). */
export function jvmImports(toks: readonly Token[]): RawImport[] {
  const out: RawImport[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.k !== 'id' || t.v !== 'import' || t.d !== 0) continue;
    let j = i + 1;
    if (toks[j]?.k === 'id' && toks[j].v === 'static') j++;
    const [mod, after] = dotted(toks, j);
    if (!mod) continue;
    j = after;
    let e = toks[j - 1].e;
    if (toks[j]?.k === 'op' && toks[j].v === '.' && toks[j + 1]?.k === 'op' && toks[j + 1].v === '*') {
      e = toks[j + 1].e;
      j += 2;
    }
    out.push({ module: mod, names: [], s: t.s, e });
    i = j - 1;
  }
  return out;
}

/** C# `using A.B;`, `global using A.B;`, `using static A.B;`, `using X = A.B;` (not `using (…)` / `using var`). */
export function csharpImports(toks: readonly Token[]): RawImport[] {
  const out: RawImport[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.k !== 'id' || t.v !== 'using') continue;
    let j = i + 1;
    if (toks[j]?.k === 'id' && toks[j].v === 'static') j++;
    if (toks[j]?.k === 'id' && toks[j + 1]?.k === 'op' && toks[j + 1].v === '=') j += 2;
    const [mod, after] = dotted(toks, j);
    if (!mod || !(toks[after]?.k === 'op' && toks[after].v === ';')) continue;
    out.push({ module: mod, names: [], s: t.s, e: toks[after].e });
    i = after;
  }
  return out;
}

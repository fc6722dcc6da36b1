/**
 * The application-code input kind: AI SDK imports, notable calls (clients, tools, agents,
 * multi-agent set-ups, code execution, approvals, loop caps, guardrails…) and secret-looking
 * literals in Python, JavaScript/TypeScript, Go, Java/Kotlin, C# and Jupyter notebooks.
 */
import type { Fact, FactObject, ParsedFile, ParseProblem, Range } from '../../model';
import type { FileContent, InputPlugin, ParseContext } from '../../plugin';
import { csharpImports, goImports, jsImports, jvmImports, pythonImports, type RawImport } from './imports';
import { notebookCode } from './notebook';
import { ecosystemOfLang, normalizeName, packageForModule, type AiPackage } from './packages';
import { findPatterns, shellHitsFromTools, type CallHit } from './patterns';
import { assignedSecretKind, strongSecrets, type SecretHit } from './secrets';
import { localPythonPackage, manifestsAbove, serviceRoot } from './service';
import { codeGroup, codeModifierSignals, codeTierSignals } from './signals';
import { type Lang, type Token, tokenizeCLike, tokenizePython } from './tokenize';
import { AddressBook, inIgnoredFolder, looksMinified, PositionMap, problem, unreadable } from './text';

const EXT_LANG: Record<string, Lang> = {
  py: 'python',
  pyw: 'python',
  ipynb: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescript',
  go: 'go',
  java: 'java',
  kt: 'kotlin',
  cs: 'csharp',
};

function langOf(path: string): Lang | undefined {
  if (/\.d\.[mc]?ts$/.test(path)) return undefined;
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return undefined;
  return EXT_LANG[path.slice(dot + 1).toLowerCase()];
}

type ImportLang = 'python' | 'js' | 'go' | 'java' | 'csharp';
function importLang(lang: Lang): ImportLang {
  if (lang === 'javascript' || lang === 'typescript') return 'js';
  if (lang === 'kotlin' || lang === 'groovy') return 'java';
  return lang as ImportLang;
}

const WEB_MODULES: Record<ImportLang, RegExp> = {
  python: /^(fastapi|flask|starlette|aiohttp|sanic|quart|litestar|django)(\.|$)/,
  js: /^(express|fastify|hono|koa|@nestjs\/(core|common)|@hono\/node-server|elysia)(\/|$)/,
  go: /^(net\/http|github\.com\/(gin-gonic\/gin|labstack\/echo|gofiber\/fiber))/,
  java: /^(org\.springframework\.(web|boot)|io\.ktor\.server|jakarta\.ws\.rs|io\.micronaut\.http)/,
  csharp: /^Microsoft\.AspNetCore/,
};

/** Where offsets of the parsed text land in the file (notebooks map through their JSON). */
interface Mapper {
  range(s: number, e: number): Range;
}

function tokensFor(text: string, lang: Lang): Token[] {
  return lang === 'python' ? tokenizePython(text) : tokenizeCLike(text, lang);
}

function rawImports(toks: Token[], lang: Lang): RawImport[] {
  switch (importLang(lang)) {
    case 'python': {
      const list = pythonImports(toks);
      // importlib.import_module("x") / __import__("x")
      for (let i = 0; i < toks.length - 2; i++) {
        const t = toks[i];
        if (t.k !== 'id') continue;
        const isDyn = (t.v === 'import_module' && toks[i - 1]?.v === '.' && toks[i - 2]?.v === 'importlib') || (t.v === '__import__' && toks[i - 1]?.v !== '.');
        if (isDyn && toks[i + 1].v === '(' && toks[i + 2].k === 'str') list.push({ module: toks[i + 2].v, names: [], s: (t.v === '__import__' ? t : toks[i - 2]).s, e: toks[i + 2].e, dynamic: true });
      }
      return list;
    }
    case 'js':
      return jsImports(toks);
    case 'go':
      return goImports(toks);
    case 'java':
      return jvmImports(toks);
    case 'csharp':
      return csharpImports(toks);
  }
}

interface Resolved {
  imp: RawImport;
  pkg: AiPackage;
  /** Normalised package name (the fact type). */
  name: string;
}

/**
 * Answers of `dependencyDeclared` per path list, each kept with the manifest text it was found
 * in: a manifest edited in place (same paths) is searched again, and its text is read every
 * time, so the project knows the code file reads it (and parses it again after such an edit).
 */
const declaredCache = new WeakMap<readonly string[], Map<string, { text: string; found: boolean }>>();

/** Whether a manifest of the file's service (or above) declares dependency `dep`. */
function dependencyDeclared(path: string, dep: string, ctx: ParseContext): boolean {
  let m = declaredCache.get(ctx.paths);
  if (!m) declaredCache.set(ctx.paths, (m = new Map()));
  let re: RegExp | undefined;
  for (const manifest of manifestsAbove(path, ctx)) {
    const key = `${manifest}|${dep}`;
    const text = ctx.readText(manifest) ?? '';
    let hit = m.get(key);
    if (hit === undefined || hit.text !== text) {
      re ??= new RegExp(`(^|[^A-Za-z0-9])${dep.replace(/[-_.]/g, '[-_.]')}([^A-Za-z0-9]|$)`, 'im');
      hit = { text, found: re.test(text) };
      m.set(key, hit);
    }
    if (hit.found) return true;
  }
  return false;
}

function resolveImports(path: string, raws: RawImport[], lang: Lang, toks: Token[], ctx: ParseContext): Resolved[] {
  const il = importLang(lang);
  const out: Resolved[] = [];
  for (const imp of raws) {
    if (imp.relative || !imp.module) continue;
    const candidates: { module: string; names: string[] }[] = [];
    if (il === 'python') for (const n of imp.names) if (n !== '*') candidates.push({ module: `${imp.module}.${n}`, names: [n] });
    candidates.push({ module: imp.module, names: imp.names });
    const seen = new Set<string>();
    for (const c of candidates) {
      const pkg = packageForModule(il, c.module);
      if (!pkg) continue;
      if (pkg.ambiguous && il === 'python' && !ambiguousAccepted(path, imp, pkg, toks, ctx)) continue;
      const name = pkg.prefix && il === 'js' ? npmName(c.module) : pkg.name;
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({ imp, pkg, name: normalizeName(pkg.ecosystem, name) });
      if (c.module === imp.module) break;
    }
  }
  return out;
}

function npmName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * `agents` / `swarm` are common local package names. Accept the import as the SDK when a
 * known export is used or the dependency is declared — and, when a local package of that name
 * sits beside the file or at its service root, only when both hold.
 */
function ambiguousAccepted(path: string, imp: RawImport, pkg: AiPackage, toks: Token[], ctx: ParseContext): boolean {
  const top = pkg.imports[0];
  const exports = new Set(pkg.ambiguous!.exports);
  let usesExport = imp.names.some((n) => exports.has(n));
  if (!usesExport && imp.names.length === 0) {
    const local = imp.alias ?? top;
    for (let i = 0; i < toks.length - 2; i++) {
      if (toks[i].k === 'id' && toks[i].v === local && toks[i + 1].v === '.' && exports.has(toks[i + 2].v)) {
        usesExport = true;
        break;
      }
    }
  }
  const declared = dependencyDeclared(path, pkg.name, ctx);
  const local = localPythonPackage(path, top, ctx);
  return local ? declared && usesExport : declared || usesExport;
}

export function parseCode(file: FileContent, ctx: ParseContext): ParsedFile {
  const path = file.path;
  const lang = langOf(path);
  const out: ParsedFile = { file: path, kind: 'code', facts: [], problems: [] };
  if (!lang) return out;
  out.language = path.endsWith('.ipynb') ? 'jupyter' : lang === 'javascript' && /x$/.test(path) ? 'javascriptreact' : lang === 'typescript' && /x$/.test(path) ? 'typescriptreact' : lang;
  try {
    const r = unreadable(path, file.text, file.bytes);
    if (r.problem) {
      out.problems.push(r.problem);
      return out;
    }
    const fileText = r.text!;
    if (fileText.length > ctx.maxFileBytes) {
      out.problems.push(problem(path, 'scan/file-too-large', `The file is larger than ${ctx.maxFileBytes} bytes and was not read.`));
      return out;
    }
    if (lang !== 'python' && looksMinified(path, fileText)) {
      out.problems.push(problem(path, 'parse/minified-skipped', 'The file looks minified or generated (very long lines), so it was not read for AI patterns.'));
      return out;
    }
    const pm = new PositionMap(fileText);
    let text = fileText;
    let mapper: Mapper = pm;
    const notebook = path.endsWith('.ipynb');
    if (notebook) {
      const nb = notebookCode(fileText);
      for (const e of nb.errors.slice(0, 3)) out.problems.push(problem(path, 'parse/notebook-json', `The notebook is not valid JSON: ${e.message}`, 'warning', pm.range(e.offset, e.offset)));
      if (nb.language && nb.language.toLowerCase() !== 'python') {
        out.problems.push(problem(path, 'parse/notebook-language', `The notebook's kernel language is ${nb.language}; only Python notebooks are read.`));
        return out;
      }
      text = nb.code;
      mapper = {
        range: (s, e) => {
          const fs = nb.map[Math.min(s, nb.map.length - 1)];
          const lastIdx = Math.max(s, e - 1);
          const lastOff = nb.map[Math.min(lastIdx, nb.map.length - 1)];
          const esc = fileText[lastOff] === '\\' ? (fileText[lastOff + 1] === 'u' ? 6 : 2) : 1;
          return pm.range(fs, e > s ? lastOff + esc : fs);
        },
      };
    }
    const scope = serviceRoot(path, ctx);
    const toks = tokensFor(text, lang);
    const raws = rawImports(toks, lang);
    const resolved = resolveImports(path, raws, lang, toks, ctx);
    const il = importLang(lang);
    const web = raws.map((r) => (WEB_MODULES[il].test(r.module) ? r.module : undefined)).find((x) => x !== undefined);
    const book = new AddressBook();
    const language = lang;
    const base = (kind: Fact['kind'], type: string, addr: string, s: number, e: number, attrs: FactObject, ns?: number, ne?: number): Fact => {
      const address = book.take(addr);
      return {
        id: `${path}#${address}`,
        kind,
        provider: 'code',
        type,
        address,
        file: path,
        range: mapper.range(s, e),
        nameRange: ns !== undefined && ne !== undefined ? mapper.range(ns, ne) : undefined,
        attributes: attrs,
        scope,
      };
    };

    // imports
    const names = new Map<string, string>();
    const packages = new Set<string>();
    const roles = new Set<string>();
    for (const r of resolved) {
      packages.add(r.name);
      roles.add(r.pkg.role);
      for (const n of r.imp.names) names.set(n, r.name);
      if (r.imp.alias) names.set(r.imp.alias, r.name);
      const attrs: FactObject = { module: r.imp.module, language, ecosystem: ecosystemOfLang(il), role: r.pkg.role, package: r.name };
      if (r.imp.names.length) attrs.names = r.imp.names.slice(0, 30);
      if (r.imp.alias) attrs.alias = r.imp.alias;
      if (r.imp.dynamic) attrs.dynamic = true;
      if (notebook) attrs.notebook = true;
      out.facts.push(base('import', r.name, `import ${r.name}`, r.imp.s, r.imp.e, attrs));
    }
    // JS: `import x from 'openai'` binds x to the package; also mark default/namespace imports
    for (const r of resolved) if (il === 'js') for (const n of r.imp.names) names.set(n, r.name);

    // patterns
    const hits: CallHit[] = findPatterns({ text, toks, lang, roles, packages, names, web });
    hits.push(...shellHitsFromTools(hits));
    for (const h of hits) {
      const attrs: FactObject = { category: h.category, pattern: h.pattern, language, ...h.attrs };
      const pkg = h.pkg ?? guessPackage(h, resolved);
      if (pkg) attrs.package = pkg;
      if (notebook) attrs.notebook = true;
      const f = base('call', h.category, `call ${h.pattern}`, h.s, h.e, attrs, h.ns, h.ne);
      if (h.vs !== undefined && h.ve !== undefined) f.attributeRanges = { value: mapper.range(h.vs, h.ve) };
      out.facts.push(f);
    }

    // secrets: strong patterns anywhere in the file, and literals assigned to credential-named keys
    const secrets: (SecretHit & { key?: string; native: boolean })[] = strongSecrets(fileText).map((h) => ({ ...h, native: true }));
    for (let i = 0; i + 2 < toks.length; i++) {
      const t = toks[i];
      if (t.k !== 'id' && t.k !== 'str') continue;
      const op = toks[i + 1];
      if (!(op.k === 'op' && (op.v === '=' || op.v === ':' || op.v === ':='))) continue;
      const v = toks[i + 2];
      if (v.k !== 'str') continue;
      const after = toks[i + 3];
      if (after && after.k === 'op' && !(after.v === ',' || after.v === ')' || after.v === '}' || after.v === ';' || after.v === ']')) continue; // "…" + x
      const kind = assignedSecretKind(t.v, v.v);
      if (!kind) continue;
      const range = mapper.range(v.s, v.e);
      const pos = pm.lineStart(range.start.line) + range.start.character;
      const endPos = pm.lineStart(range.end.line) + range.end.character;
      if (secrets.some((x) => x.s < endPos && pos < x.e)) continue;
      secrets.push({ kind, s: pos, e: endPos, key: t.v, native: true });
    }
    for (const sh of secrets) {
      const attrs: FactObject = { kind: sh.kind, language };
      if (sh.key) attrs.key = sh.key;
      const address = book.take(`secret ${sh.kind}`);
      out.facts.push({ id: `${path}#${address}`, kind: 'secret', provider: 'code', type: sh.kind, address, file: path, range: pm.range(sh.s, sh.e), attributes: attrs, scope });
    }
  } catch (err) {
    out.facts = [];
    out.problems.push(internalProblem(path, err));
  }
  return out;
}

function internalProblem(path: string, err: unknown): ParseProblem {
  return problem(path, 'internal/parse-code', `The code reader failed on this file (${err instanceof Error ? err.name : 'error'}); no facts were taken from it.`, 'warning');
}

/** The package a call belongs to, when the file imports exactly one package of a fitting role. */
function guessPackage(h: CallHit, resolved: Resolved[]): string | undefined {
  const want: Record<string, string[]> = {
    'llm-client': ['llm-client'],
    agent: ['agent-framework', 'llm-client'],
    'multi-agent': ['multi-agent', 'agent-framework'],
    'mcp-server': ['mcp'],
    'mcp-client': ['mcp', 'agent-framework'],
    training: ['training'],
    inference: ['training', 'serving'],
    serving: ['serving', 'training'],
    guardrail: ['guardrail'],
  };
  const roles = want[h.category];
  if (!roles) return undefined;
  for (const role of roles) {
    const names = [...new Set(resolved.filter((r) => r.pkg.role === role).map((r) => r.name))];
    if (names.length === 1) return names[0];
    if (names.length > 1) return undefined;
  }
  return undefined;
}

export const codePlugin: InputPlugin = {
  kind: 'code',
  title: 'Application code',
  matches(path: string): boolean {
    if (inIgnoredFolder(path)) return false;
    return langOf(path) !== undefined;
  },
  parse: parseCode,
  tierSignals: codeTierSignals,
  modifierSignals: codeModifierSignals,
  group: (facts, all) => codeGroup(facts, all, 'code'),
};

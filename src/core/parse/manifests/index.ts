/**
 * Dependency manifests: one `manifest` fact per file (ecosystem, lockfile beside it, project
 * name) and one `dependency` fact per declared AI package (normalised name, version spec as
 * written, whether it is pinned exactly, prod or dev). Broken manifests give problems with
 * positions; nothing here throws.
 */
import type { Fact, FactObject, ParsedFile } from '../../model';
import type { FileContent, InputPlugin, ParseContext } from '../../plugin';
import { parseJson, prop, type JNode } from '../code/jsonc';
import { normalizeName, packageForDependency, type Ecosystem } from '../code/packages';
import { manifestRoot, pathIndex } from '../code/service';
import { codeGroup, codeModifierSignals, codeTierSignals } from '../code/signals';
import { tokenizeCLike, type Token } from '../code/tokenize';
import { AddressBook, basename, dirname, inIgnoredFolder, joinPath, parentDir, PositionMap, problem, ProblemSink, unreadable } from '../code/text';
import { parseToml, tget, type TomlResult, type TValue } from './toml';
import { child, children, descendants, parseXml, textOf, type XElement } from './xml';

interface Entry {
  name: string;
  version: string | null;
  /** Offsets of the entry and of its name / version. */
  s: number;
  e: number;
  ns: number;
  ne: number;
  vs?: number;
  ve?: number;
  section: 'prod' | 'dev';
  pinned: boolean;
  extra?: FactObject;
}

interface Reader {
  ecosystem: Ecosystem;
  entries: Entry[];
  /** The file's problems, bounded (a file broken on every line lists `MAX_READER_PROBLEMS`). */
  sink: ProblemSink;
  projectName?: string;
  nameAt?: [number, number];
  pm: PositionMap;
  file: string;
}

const LOCKFILES: Record<Ecosystem, string[]> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'],
  pypi: ['poetry.lock', 'uv.lock', 'Pipfile.lock', 'pdm.lock', 'pylock.toml'],
  go: ['go.sum'],
  nuget: ['packages.lock.json'],
  maven: ['gradle.lockfile'],
};

function findLockfile(path: string, eco: Ecosystem, ctx: ParseContext): string | undefined {
  const idx = pathIndex(ctx.paths);
  const names = basename(path) === 'Pipfile' ? ['Pipfile.lock'] : LOCKFILES[eco];
  // workspaces keep one lockfile at the top: look in the folder and its ancestors (go.sum only beside go.mod)
  for (let d: string | undefined = dirname(path); d !== undefined; d = eco === 'go' ? undefined : parentDir(d)) {
    for (const n of names) if (idx.paths.has(joinPath(d, n))) return joinPath(d, n);
  }
  return undefined;
}

// ───────────── PyPI ─────────────

const PEP508 = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/;

function pypiPinned(spec: string | null): boolean {
  if (!spec) return false;
  const s = spec.trim().replace(/^\((.*)\)$/, '$1').trim();
  return /^===?\s*[A-Za-z0-9.+!_-]+$/.test(s) && !s.includes('*');
}

/** One PEP 508 requirement at offset `at` of the file. */
function pep508(r: Reader, req: string, at: number, section: Entry['section'], extra: FactObject = {}): Entry | undefined {
  const m = PEP508.exec(req);
  if (!m || (m[3].trim() && !/^[<>=!~(@;,]/.test(m[3].trim()))) return undefined;
  const lead = req.length - req.trimStart().length;
  let rest = m[3];
  const semi = rest.indexOf(';');
  if (semi >= 0) {
    extra.markers = rest.slice(semi + 1).trim();
    rest = rest.slice(0, semi);
  }
  rest = rest.trim();
  let version: string | null = rest || null;
  let pinned = pypiPinned(version);
  if (rest.startsWith('@')) {
    extra.source = 'url';
    version = null;
    pinned = /@[0-9a-f]{40}\b/.test(rest);
  }
  if (m[2]) extra.extras = m[2].slice(1, -1).split(',').map((x) => x.trim()).filter(Boolean);
  const ns = at + lead;
  const vIdx = version ? req.indexOf(rest, lead + m[1].length) : -1;
  return { name: m[1], version, s: at + lead, e: at + req.trimEnd().length, ns, ne: ns + m[1].length, vs: vIdx >= 0 ? at + vIdx : undefined, ve: vIdx >= 0 ? at + vIdx + rest.length : undefined, section, pinned, extra };
}

function readRequirements(r: Reader, text: string, ctx: ParseContext): void {
  const dev = /(^|[-_/.])(dev|test|tests|testing|lint|docs|ci)([-_.]|\.txt$)/i.test(r.file.replace(/^.*\//, '')) || /requirements\/(dev|test|tests|lint|docs)/i.test(r.file);
  const constraint = /constraints[^/]*\.txt$/i.test(r.file);
  let offset = 0;
  const lines = text.split('\n');
  let hashed = 0;
  let reqs = 0;
  for (let li = 0; li < lines.length; li++) {
    let line = lines[li];
    const start = offset;
    offset += line.length + 1;
    // joined continuation lines
    while (/\\\s*$/.test(line) && li + 1 < lines.length) {
      li++;
      line = line.replace(/\\\s*$/, ' ') + lines[li];
      offset += lines[li].length + 1;
    }
    let body = line.replace(/\r$/, '');
    const hash = body.search(/(^|\s)#/);
    if (hash >= 0) body = body.slice(0, hash);
    if (!body.trim()) continue;
    const trimmed = body.trim();
    if (trimmed.startsWith('-')) {
      const m = /^(-e|--editable)\s+(\S+)/.exec(trimmed);
      if (m) {
        const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(m[2]);
        if (egg) {
          const at = start + body.indexOf(egg[1]);
          r.entries.push({ name: egg[1], version: null, s: start, e: start + body.trimEnd().length, ns: at, ne: at + egg[1].length, section: dev ? 'dev' : 'prod', pinned: /@[0-9a-f]{40}/.test(m[2]), extra: { source: 'vcs', editable: true } });
        }
      }
      continue; // -r / -c / --index-url and other options
    }
    if (/^(git\+|hg\+|svn\+|bzr\+|https?:|file:)/.test(trimmed)) {
      const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(trimmed);
      if (egg) {
        const at = start + body.indexOf(egg[1]);
        r.entries.push({ name: egg[1], version: null, s: start, e: start + body.trimEnd().length, ns: at, ne: at + egg[1].length, section: dev ? 'dev' : 'prod', pinned: /@[0-9a-f]{40}/.test(trimmed), extra: { source: 'url' } });
      }
      continue;
    }
    if (/\.(whl|tar\.gz|zip)$/.test(trimmed) || /^\.{0,2}\//.test(trimmed)) continue; // local archives / paths
    const noOpts = body.replace(/\s--hash[=\s]\S+/g, (h) => {
      hashed++;
      return ' '.repeat(h.length);
    });
    reqs++;
    const entry = pep508(r, noOpts.replace(/\s--?\S+.*$/, ''), start, dev ? 'dev' : 'prod', constraint ? { constraint: true } : {});
    if (!entry) {
      const col = body.length - body.trimStart().length;
      r.sink.add(() => problem(r.file, 'parse/requirements-syntax', `This line is not a requirement pip can read: ${JSON.stringify(trimmed.slice(0, 40))}.`, 'warning', r.pm.range(start + col, start + body.trimEnd().length)));
      continue;
    }
    r.entries.push(entry);
  }
  if (reqs > 0 && hashed >= reqs) for (const e of r.entries) e.extra = { ...(e.extra ?? {}), hashes: true };
  void ctx;
}

function tomlStrings(v: TValue | undefined): { v: string; s: number; e: number }[] {
  if (!v || v.t !== 'array') return [];
  return v.v.filter((x): x is TValue & { t: 'string' } => x.t === 'string').map((x) => ({ v: x.v, s: x.s, e: x.e }));
}

function tomlErrors(r: Reader, { errors, omitted, firstOmitted }: TomlResult): void {
  const make = (e: { offset: number; message: string }) => problem(r.file, 'parse/toml-syntax', `TOML syntax error: ${e.message}`, 'warning', r.pm.range(e.offset, e.offset + 1));
  for (const e of errors) r.sink.add(() => make(e));
  if (firstOmitted) r.sink.skip(omitted, () => make(firstOmitted));
}

const DEV_GROUP = /^(dev|devel|develop|development|test|tests|testing|lint|linting|docs|doc|typing|types|ci|check|format)$/i;

function readPyproject(r: Reader, text: string): void {
  const toml = parseToml(text);
  const { root } = toml;
  tomlErrors(r, toml);
  const quoteOffset = (x: { s: number; e: number }) => x.s + (text.startsWith('"""', x.s) || text.startsWith("'''", x.s) ? 3 : 1);
  const add = (x: { v: string; s: number; e: number }, section: Entry['section'], extra: FactObject) => {
    const e = pep508(r, x.v, quoteOffset(x), section, extra);
    if (e) {
      e.s = x.s;
      e.e = x.e;
      r.entries.push(e);
    }
  };
  const name = tget(root, 'project', 'name') ?? tget(root, 'tool', 'poetry', 'name');
  if (name?.t === 'string') {
    r.projectName = name.v;
    r.nameAt = [name.s, name.e];
  }
  for (const x of tomlStrings(tget(root, 'project', 'dependencies'))) add(x, 'prod', {});
  const opt = tget(root, 'project', 'optional-dependencies');
  if (opt?.t === 'table') for (const [g, list] of opt.v) for (const x of tomlStrings(list)) add(x, DEV_GROUP.test(g) ? 'dev' : 'prod', { group: `optional:${g}` });
  const groups = tget(root, 'dependency-groups');
  if (groups?.t === 'table') for (const [g, list] of groups.v) for (const x of tomlStrings(list)) add(x, 'dev', { group: g });
  for (const x of tomlStrings(tget(root, 'tool', 'uv', 'dev-dependencies'))) add(x, 'dev', { group: 'uv-dev' });
  const poetry = (t: TValue | undefined, section: Entry['section'], group: string) => {
    if (t?.t !== 'table') return;
    for (const [dep, v] of t.v) {
      if (dep.toLowerCase() === 'python') continue;
      const [ks, ke] = t.keys.get(dep) ?? [v.s, v.s];
      let version: string | null = null;
      let vs: number | undefined;
      let ve: number | undefined;
      const extra: FactObject = { group };
      if (v.t === 'string') {
        version = v.v;
        vs = v.s;
        ve = v.e;
      } else if (v.t === 'table') {
        const ver = v.v.get('version');
        if (ver?.t === 'string') {
          version = ver.v;
          vs = ver.s;
          ve = ver.e;
        }
        if (v.v.has('git') || v.v.has('url') || v.v.has('path')) extra.source = v.v.has('path') ? 'path' : 'vcs';
      } else if (v.t === 'array') extra.multipleConstraints = true;
      const pinned = version !== null && (/^\d+(\.\d+)*([a-z]+\d*)?$/i.test(version.trim()) || pypiPinned(version));
      r.entries.push({ name: dep, version, s: ks, e: v.e, ns: ks, ne: ke, vs, ve, section, pinned, extra });
    }
  };
  poetry(tget(root, 'tool', 'poetry', 'dependencies'), 'prod', 'main');
  poetry(tget(root, 'tool', 'poetry', 'dev-dependencies'), 'dev', 'dev');
  const pg = tget(root, 'tool', 'poetry', 'group');
  if (pg?.t === 'table') for (const [g, t] of pg.v) poetry(tget(t, 'dependencies'), g === 'main' ? 'prod' : 'dev', g);
}

function readPipfile(r: Reader, text: string): void {
  const toml = parseToml(text);
  const { root } = toml;
  tomlErrors(r, toml);
  for (const [table, section] of [
    ['packages', 'prod'],
    ['dev-packages', 'dev'],
  ] as const) {
    const t = tget(root, table);
    if (t?.t !== 'table') continue;
    for (const [dep, v] of t.v) {
      const [ks, ke] = t.keys.get(dep) ?? [v.s, v.s];
      const ver = v.t === 'string' ? v : v.t === 'table' ? v.v.get('version') : undefined;
      const version = ver?.t === 'string' ? ver.v : null;
      r.entries.push({ name: dep, version, s: ks, e: v.e, ns: ks, ne: ke, vs: ver?.s, ve: ver?.e, section, pinned: version !== null && version !== '*' && pypiPinned(version) });
    }
  }
}

function readSetupCfg(r: Reader, text: string): void {
  let section = '';
  let key = '';
  let offset = 0;
  for (const raw of text.split('\n')) {
    const start = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    const sec = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (sec) {
      section = sec[1].trim();
      key = '';
      continue;
    }
    if (/^\s*[#;]/.test(line) || !line.trim()) continue;
    const kv = /^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$/.exec(line);
    let value: string;
    let at: number;
    if (kv && !/^\s/.test(line)) {
      key = kv[1];
      value = kv[2];
      at = start + line.indexOf(kv[2], kv[1].length);
      if (section === 'metadata' && key === 'name') {
        r.projectName = value.trim();
        r.nameAt = [at, at + value.trim().length];
      }
    } else if (/^\s/.test(line) && key) {
      value = line;
      at = start;
    } else {
      if (!kv) r.sink.add(() => problem(r.file, 'parse/ini-syntax', 'This line is neither a section, a key nor a continuation.', 'warning', r.pm.range(start, start + line.length)));
      continue;
    }
    const isReq = (section === 'options' && (key === 'install_requires' || key === 'setup_requires' || key === 'tests_require')) || section === 'options.extras_require';
    if (!isReq || !value.trim()) continue;
    {
      const e = pep508(r, value.replace(/#.*$/, ''), at, section === 'options.extras_require' ? (DEV_GROUP.test(key) ? 'dev' : 'prod') : key === 'tests_require' ? 'dev' : 'prod', section === 'options.extras_require' ? { group: `optional:${key}` } : {});
      if (e) r.entries.push(e);
    }
  }
}

// ───────────── npm ─────────────

function npmPinned(spec: string): boolean {
  let s = spec.trim();
  if (s.startsWith('npm:')) s = s.slice(s.lastIndexOf('@') + 1);
  return /^=?v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$/.test(s);
}

function jsonErrors(r: Reader, errors: { offset: number; message: string }[]): void {
  r.sink.addSome(errors, 20, (e) => problem(r.file, 'parse/json-syntax', `JSON syntax error: ${e.message}`, 'warning', r.pm.range(e.offset, e.offset + 1)));
}

function readPackageJson(r: Reader, text: string): void {
  const { root, errors } = parseJson(text);
  jsonErrors(r, errors);
  if (root && root.type !== 'object') {
    r.sink.add(() => problem(r.file, 'parse/package-json', 'package.json does not hold a JSON object.', 'warning', r.pm.range(root.s, root.e)));
    return;
  }
  const name = prop(root, 'name');
  if (name?.type === 'string') {
    r.projectName = name.value;
    r.nameAt = [name.s, name.e];
  }
  for (const [table, section, group] of [
    ['dependencies', 'prod', undefined],
    ['devDependencies', 'dev', undefined],
    ['peerDependencies', 'prod', 'peer'],
    ['optionalDependencies', 'prod', 'optional'],
  ] as const) {
    const t: JNode | undefined = prop(root, table);
    if (t?.type !== 'object') continue;
    for (const p of t.props) {
      const version = p.value.type === 'string' ? p.value.value : null;
      const extra: FactObject = group ? { group } : {};
      if (version && /^(file:|link:|workspace:|git|github:|https?:)/.test(version)) extra.source = version.split(':')[0];
      r.entries.push({ name: p.key, version, s: p.ks, e: p.value.e, ns: p.ks + 1, ne: p.ke - 1, vs: p.value.s, ve: p.value.e, section, pinned: version !== null && npmPinned(version), extra });
    }
  }
}

// ───────────── Go ─────────────

function readGoMod(r: Reader, text: string): void {
  let offset = 0;
  let inRequire = false;
  let blockStart = -1;
  let inOther = false;
  for (const raw of text.split('\n')) {
    const start = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    const code = line.replace(/\/\/.*$/, '').trim();
    const indirect = /\/\/\s*indirect\b/.test(line);
    if (!code) continue;
    const mod = /^module\s+("?)([^\s"]+)\1/.exec(code);
    if (mod) {
      r.projectName = mod[2];
      const at = start + line.indexOf(mod[2]);
      r.nameAt = [at, at + mod[2].length];
      continue;
    }
    if (inRequire || inOther) {
      if (code === ')') {
        inRequire = inOther = false;
        continue;
      }
      if (inOther) continue;
      requireLine(r, line, code, start, indirect);
      continue;
    }
    if (/^require\s*\($/.test(code)) {
      inRequire = true;
      blockStart = start;
      continue;
    }
    if (/^(replace|exclude|retract|tool|godebug|ignore)\s*\($/.test(code)) {
      inOther = true;
      blockStart = start;
      continue;
    }
    const single = /^require\s+(.*)$/.exec(code);
    if (single) {
      requireLine(r, line, single[1], start, indirect);
      continue;
    }
    if (/^(go|toolchain|replace|exclude|retract|tool|godebug|ignore)\b/.test(code)) continue;
    r.sink.add(() => problem(r.file, 'parse/gomod-syntax', `go.mod cannot hold this line: ${JSON.stringify(code.slice(0, 40))}.`, 'warning', r.pm.range(start, start + line.length)));
  }
  if (inRequire || inOther) r.sink.add(() => problem(r.file, 'parse/gomod-syntax', 'A block opened with "(" is never closed.', 'warning', r.pm.range(blockStart, blockStart + 1)));
}

function requireLine(r: Reader, line: string, code: string, start: number, indirect: boolean): void {
  const m = /^("?)([^\s"]+)\1\s+(v[^\s]+)$/.exec(code.trim());
  if (!m) {
    r.sink.add(() => problem(r.file, 'parse/gomod-syntax', `A require line needs a module path and a version: ${JSON.stringify(code.slice(0, 40))}.`, 'warning', r.pm.range(start, start + line.length)));
    return;
  }
  const ns = start + line.indexOf(m[2]);
  const vs = start + line.indexOf(m[3], ns - start + m[2].length);
  r.entries.push({ name: m[2], version: m[3], s: start + line.length - line.trimStart().length, e: start + line.trimEnd().length, ns, ne: ns + m[2].length, vs, ve: vs + m[3].length, section: 'prod', pinned: true, extra: indirect ? { indirect: true } : {} });
}

// ───────────── Maven / Gradle ─────────────

function xmlErrors(r: Reader, errors: { offset: number; message: string }[]): void {
  r.sink.addSome(errors, 20, (e) => problem(r.file, 'parse/xml-syntax', `XML syntax error: ${e.message}`, 'warning', r.pm.range(e.offset, e.offset + 1)));
}

function mavenPinned(v: string | null): boolean {
  return !!v && !/[[\](),]|\$\{|^(LATEST|RELEASE)$|SNAPSHOT/i.test(v);
}

function readPom(r: Reader, text: string): void {
  const { root, errors } = parseXml(text);
  xmlErrors(r, errors);
  const project = child(root, 'project');
  if (!project) {
    r.sink.add(() => problem(r.file, 'parse/pom', 'pom.xml has no <project> element.', 'warning'));
    return;
  }
  const props = new Map<string, string>();
  for (const p of child(project, 'properties')?.children ?? []) if (textOf(p)) props.set(p.name, textOf(p)!);
  const pv = textOf(child(project, 'version')) ?? textOf(child(child(project, 'parent'), 'version'));
  if (pv) props.set('project.version', pv);
  const aid = child(project, 'artifactId');
  if (aid && textOf(aid)) {
    r.projectName = `${textOf(child(project, 'groupId')) ?? textOf(child(child(project, 'parent'), 'groupId')) ?? ''}:${textOf(aid)}`;
    r.nameAt = [aid.s, aid.e];
  }
  const resolve = (v: string | undefined) => (v ? v.replace(/\$\{([^}]+)\}/g, (m, k: string) => props.get(k) ?? m) : undefined);
  const read = (deps: XElement | undefined, managed: boolean) => {
    for (const d of children(deps, 'dependency')) {
      const g = textOf(child(d, 'groupId'));
      const a = child(d, 'artifactId');
      if (!g || !textOf(a)) continue;
      const verEl = child(d, 'version');
      const raw = textOf(verEl);
      const version = resolve(raw) ?? null;
      const scope = textOf(child(d, 'scope'));
      const extra: FactObject = {};
      if (managed) extra.managed = true;
      if (textOf(child(d, 'type')) === 'pom' && scope === 'import') extra.bom = true;
      if (scope) extra.scope = scope;
      if (!raw) extra.versionFrom = 'managed';
      r.entries.push({ name: `${g}:${textOf(a)}`, version, s: d.s, e: d.e, ns: a!.s, ne: a!.e, vs: verEl?.ts, ve: verEl?.te, section: scope === 'test' ? 'dev' : 'prod', pinned: mavenPinned(version), extra });
    }
  };
  read(child(project, 'dependencies'), false);
  read(child(child(project, 'dependencyManagement'), 'dependencies'), true);
  for (const prof of children(child(project, 'profiles'), 'profile')) read(child(prof, 'dependencies'), false);
}

const GRADLE_CONF = /^(implementation|api|compile|compileOnly|runtimeOnly|runtime|testImplementation|testCompile|testRuntimeOnly|testCompileOnly|annotationProcessor|kapt|ksp|developmentOnly|androidTestImplementation|debugImplementation|releaseImplementation|compileOnlyApi)$/;

function readGradle(r: Reader, text: string, kotlin: boolean): void {
  const toks: Token[] = tokenizeCLike(text, kotlin ? 'kotlin' : 'groovy');
  const isOp = (t: Token | undefined, v: string) => t?.k === 'op' && t.v === v;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.k !== 'id' || !GRADLE_CONF.test(t.v)) continue;
    if (isOp(toks[i - 1], '.')) continue;
    const dev = /^test|^androidTest/.test(t.v);
    let j = i + 1;
    const paren = isOp(toks[j], '(');
    if (paren) j++;
    let bom = false;
    if (toks[j]?.k === 'id' && (toks[j].v === 'platform' || toks[j].v === 'enforcedPlatform') && isOp(toks[j + 1], '(')) {
      bom = true;
      j += 2;
    }
    const s = toks[j];
    if (s?.k === 'str') {
      const parts = s.v.split('@')[0].split(':');
      if (parts.length < 2) continue;
      const version = parts[2] ?? null;
      const ns = s.s + 1;
      r.entries.push({ name: `${parts[0]}:${parts[1]}`, version, s: t.s, e: s.e, ns, ne: ns + parts[0].length + 1 + parts[1].length, vs: version ? ns + parts[0].length + parts[1].length + 2 : undefined, ve: version ? ns + parts[0].length + parts[1].length + 2 + version.length : undefined, section: dev ? 'dev' : 'prod', pinned: gradlePinned(version), extra: bom ? { bom: true, configuration: t.v } : { configuration: t.v } });
      continue;
    }
    // map / named-argument notation: group: 'g', name: 'a', version: 'v'
    const fields = new Map<string, Token>();
    for (let k = j; k < toks.length && k < j + 20; k++) {
      const kt = toks[k];
      if (kt.k === 'id' && (isOp(toks[k + 1], ':') || isOp(toks[k + 1], '=')) && toks[k + 2]?.k === 'str') fields.set(kt.v, toks[k + 2]);
      if (isOp(kt, ')') || (kt.k === 'id' && GRADLE_CONF.test(kt.v))) break;
    }
    const g = fields.get('group');
    const a = fields.get('name');
    if (g && a) {
      const v = fields.get('version');
      r.entries.push({ name: `${g.v}:${a.v}`, version: v?.v ?? null, s: t.s, e: (v ?? a).e, ns: a.s, ne: a.e, vs: v?.s, ve: v?.e, section: dev ? 'dev' : 'prod', pinned: gradlePinned(v?.v ?? null), extra: { configuration: t.v } });
    }
  }
}

function gradlePinned(v: string | null): boolean {
  return !!v && !/[+[\](),]|latest\.|\$|SNAPSHOT/i.test(v);
}

// ───────────── NuGet ─────────────

function nugetPinned(v: string | null): boolean {
  if (!v) return false;
  const s = v.trim();
  return /^\[?\d+(\.\d+){1,3}(-[0-9A-Za-z.-]+)?\]?$/.test(s) && (!s.startsWith('[') || s.endsWith(']'));
}

function readNuget(r: Reader, text: string, ctx: ParseContext): void {
  const { root, errors } = parseXml(text);
  xmlErrors(r, errors);
  const name = basename(r.file);
  if (/\.(cs|fs|vb)proj$/i.test(name)) r.projectName = name.replace(/\.(cs|fs|vb)proj$/i, '');
  let central: Map<string, string> | undefined;
  const centralVersions = () => {
    if (central) return central;
    central = new Map();
    for (let d: string | undefined = dirname(r.file); d !== undefined; d = parentDir(d)) {
      const p = joinPath(d, 'Directory.Packages.props');
      if (p === r.file) continue;
      const t = ctx.readText(p);
      if (t === undefined) continue;
      for (const el of descendants(parseXml(t).root, 'PackageVersion')) {
        const inc = el.attrs.get('Include')?.value;
        const ver = el.attrs.get('Version')?.value;
        if (inc && ver) central.set(inc.toLowerCase(), ver);
      }
      break;
    }
    return central;
  };
  const elements = name === 'packages.config' ? descendants(root, 'package') : [...descendants(root, 'PackageReference'), ...descendants(root, 'PackageVersion'), ...descendants(root, 'GlobalPackageReference')];
  for (const el of elements) {
    const idAttr = el.attrs.get('Include') ?? el.attrs.get('Update') ?? el.attrs.get('id');
    if (!idAttr?.value) continue;
    const verAttr = el.attrs.get('Version') ?? el.attrs.get('version') ?? el.attrs.get('VersionOverride');
    const verEl = child(el, 'Version');
    let version = verAttr?.value ?? textOf(verEl) ?? null;
    const extra: FactObject = {};
    if (version === null && el.name === 'PackageReference') {
      const c = centralVersions().get(idAttr.value.toLowerCase());
      if (c) {
        version = c;
        extra.versionFrom = 'Directory.Packages.props';
      } else extra.versionFrom = 'managed';
    }
    if (el.name === 'PackageVersion') extra.managed = true;
    const dev = el.attrs.get('developmentDependency')?.value === 'true' || /^all$/i.test(el.attrs.get('PrivateAssets')?.value ?? textOf(child(el, 'PrivateAssets')) ?? '');
    r.entries.push({ name: idAttr.value, version, s: el.s, e: el.e, ns: idAttr.s + 1, ne: idAttr.e - 1, vs: verAttr ? verAttr.s : verEl?.ts, ve: verAttr ? verAttr.e : verEl?.te, section: dev ? 'dev' : 'prod', pinned: nugetPinned(version), extra });
  }
}

// ───────────── the plugin ─────────────

type Format = 'requirements' | 'pyproject' | 'pipfile' | 'setupcfg' | 'package.json' | 'go.mod' | 'pom' | 'gradle' | 'gradle.kts' | 'nuget';

function formatOf(path: string): Format | undefined {
  const name = basename(path);
  if (/^(requirements.*|constraints.*)\.txt$/i.test(name) || (/\.txt$/i.test(name) && basename(dirname(path)) === 'requirements')) return 'requirements';
  if (name === 'pyproject.toml') return 'pyproject';
  if (name === 'Pipfile') return 'pipfile';
  if (name === 'setup.cfg') return 'setupcfg';
  if (name === 'package.json') return 'package.json';
  if (name === 'go.mod') return 'go.mod';
  if (name === 'pom.xml') return 'pom';
  if (name === 'build.gradle') return 'gradle';
  if (name === 'build.gradle.kts') return 'gradle.kts';
  if (/\.(cs|fs|vb)proj$/i.test(name) || name === 'Directory.Packages.props' || name === 'packages.config') return 'nuget';
  return undefined;
}

const ECO: Record<Format, Ecosystem> = { requirements: 'pypi', pyproject: 'pypi', pipfile: 'pypi', setupcfg: 'pypi', 'package.json': 'npm', 'go.mod': 'go', pom: 'maven', gradle: 'maven', 'gradle.kts': 'maven', nuget: 'nuget' };

export function parseManifest(file: FileContent, ctx: ParseContext): ParsedFile {
  const path = file.path;
  const out: ParsedFile = { file: path, kind: 'manifests', facts: [], problems: [] };
  const format = formatOf(path);
  if (!format) return out;
  const r0 = unreadable(path, file.text, file.bytes);
  if (r0.problem) {
    out.problems.push(r0.problem);
    return out;
  }
  const text = r0.text!;
  if (text.length > ctx.maxFileBytes) {
    out.problems.push(problem(path, 'scan/file-too-large', `The file is larger than ${ctx.maxFileBytes} bytes and was not read.`));
    return out;
  }
  const ecosystem = ECO[format];
  const pm = new PositionMap(text);
  const r: Reader = { ecosystem, entries: [], sink: new ProblemSink(path, out.problems), pm, file: path };
  try {
    switch (format) {
      case 'requirements':
        readRequirements(r, text, ctx);
        break;
      case 'pyproject':
        readPyproject(r, text);
        break;
      case 'pipfile':
        readPipfile(r, text);
        break;
      case 'setupcfg':
        readSetupCfg(r, text);
        break;
      case 'package.json':
        readPackageJson(r, text);
        break;
      case 'go.mod':
        readGoMod(r, text);
        break;
      case 'pom':
        readPom(r, text);
        break;
      case 'gradle':
      case 'gradle.kts':
        readGradle(r, text, format === 'gradle.kts');
        break;
      case 'nuget':
        readNuget(r, text, ctx);
        break;
    }
  } catch (err) {
    out.problems.push(problem(path, 'internal/parse-manifest', `The manifest reader failed on this file (${err instanceof Error ? err.name : 'error'}).`, 'warning'));
  }
  r.sink.close();
  const lockfile = findLockfile(path, ecosystem, ctx);
  const hashed = r.entries.length > 0 && r.entries.every((e) => e.extra?.hashes === true);
  const hasLock = lockfile !== undefined || hashed;
  const scope = manifestRoot(path);
  const book = new AddressBook();
  const aiPackages: string[] = [];
  const deps: Fact[] = [];
  for (const e of r.entries) {
    const name = normalizeName(ecosystem, e.name);
    const pkg = packageForDependency(ecosystem, name);
    if (!pkg) continue;
    aiPackages.push(name);
    const address = book.take(`dependency ${name}`);
    const attrs: FactObject = {
      name,
      declaredAs: e.name,
      version: e.version,
      pinned: e.pinned,
      lockfile: hasLock,
      section: e.section,
      ecosystem,
      role: pkg.role,
      package: pkg.prefix ? name : pkg.name,
      ...(e.extra ?? {}),
    };
    if (lockfile) attrs.lockfilePath = lockfile;
    const f: Fact = { id: `${path}#${address}`, kind: 'dependency', provider: 'code', type: name, address, name, file: path, range: pm.range(e.s, e.e), nameRange: pm.range(e.ns, e.ne), attributes: attrs, scope };
    if (e.vs !== undefined && e.ve !== undefined) f.attributeRanges = { version: pm.range(e.vs, e.ve) };
    deps.push(f);
  }
  const manifestAttrs: FactObject = {
    ecosystem,
    format,
    lockfile: hasLock,
    dependencies: r.entries.length,
    aiPackages: [...new Set(aiPackages)],
  };
  if (lockfile) manifestAttrs.lockfilePath = lockfile;
  if (hashed) manifestAttrs.hashes = true;
  if (r.projectName) manifestAttrs.projectName = r.projectName;
  const manifest: Fact = {
    id: `${path}#manifest`,
    kind: 'manifest',
    provider: 'code',
    type: format,
    address: `manifest ${basename(path)}`,
    file: path,
    range: pm.whole(),
    nameRange: r.nameAt ? pm.range(r.nameAt[0], r.nameAt[1]) : pm.firstLine(),
    attributes: manifestAttrs,
    scope,
  };
  out.facts.push(manifest, ...deps);
  return out;
}

export const manifestsPlugin: InputPlugin = {
  kind: 'manifests',
  title: 'Dependency manifests',
  matches(path: string): boolean {
    return !inIgnoredFolder(path) && formatOf(path) !== undefined;
  },
  parse: parseManifest,
  tierSignals: codeTierSignals,
  modifierSignals: codeModifierSignals,
  group: (facts, all) => codeGroup(facts, all, 'manifests'),
};

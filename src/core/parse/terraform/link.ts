/**
 * Cross-file resolution, as a reviewer reading the repository would do it:
 * - `var.x` → its default, overridden by `terraform.tfvars`, `terraform.tfvars.json`, then
 *   `*.auto.tfvars(.json)` in name order, all in the same directory (other `*.tfvars` files
 *   are only used with `-var-file` and are not applied);
 * - `local.x`, string interpolation and the few functions the evaluator knows;
 * - local module calls (`./x`, `../x`): the module's resources, data sources and nested module
 *   calls are instantiated in the caller's scope as new facts with addresses
 *   `module.<name>.<type>.<label>`, variables taken from the call's inputs. The copies keep
 *   `file` and ranges in the module's files, carry the hint `module:instance` and the id
 *   `<module file>#<address>@<caller scope>`. The module directory's own facts stay (an editor
 *   needs them for that file) but get the hint `module:definition` and are left out of
 *   workload grouping, so nothing is counted twice;
 * - registry / git modules: the call gets the hint `module:unresolved`.
 * Unknown stays unknown: whatever cannot be resolved is `{ $expr }`. Resource references
 * stay `{ $ref }` and in `references`.
 */
import type { Fact, FactObject, FactValue, ParsedFile } from '../../model';
import type { ParseContext } from '../../plugin';
import type { Env, EvalOptions } from './hcl';
import { computeHints } from './hints';
import { evalExpressionText, fileKindOf, parseTerraform } from './parse';
import { addressOfRef, baseName, dirOf, isMarker, joinPath, refsOfValue } from './util';

const MAX_MODULE_DEPTH = 8;
const META_MODULE_ARGS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

interface Resolved {
  value: FactValue | undefined;
  refs: Set<string>;
}

interface Scope {
  dir: string;
  facts: Fact[];
  vars: Map<string, Fact>;
  locals: Map<string, Fact>;
  tfvars: Map<string, FactValue>;
}

export function localModuleDir(scope: string, source: FactValue | undefined): string | undefined {
  if (typeof source !== 'string') return undefined;
  if (!source.startsWith('./') && !source.startsWith('../') && source !== '.' && source !== '..') return undefined;
  return joinPath(scope, source);
}

export function linkTerraform(files: ParsedFile[], ctx: ParseContext): ParsedFile[] {
  // Drop copies a previous link made; they are rebuilt below.
  const input = files.map((pf) => ({ ...pf, facts: pf.facts.filter((f) => !f.hints?.includes('module:instance')) }));
  const scopes = new Map<string, Scope>();
  const getScope = (dir: string): Scope => {
    let s = scopes.get(dir);
    if (!s) {
      s = { dir, facts: [], vars: new Map(), locals: new Map(), tfvars: new Map() };
      scopes.set(dir, s);
    }
    return s;
  };
  const tfvarsFiles = new Map<string, ParsedFile>();
  for (const pf of input) {
    const k = fileKindOf(pf.file);
    if (k === 'tfvars' || k === 'tfvars.json') {
      tfvarsFiles.set(pf.file, pf);
      continue;
    }
    for (const f of pf.facts) {
      const s = getScope(f.scope ?? dirOf(f.file));
      s.facts.push(f);
      if (f.kind === 'variable' && f.name) s.vars.set(f.name, f);
      if (f.kind === 'locals' && f.name) s.locals.set(f.name, f);
    }
  }
  // tfvars that the scan has but that were not handed to us
  for (const p of ctx.paths) {
    const k = fileKindOf(p);
    if ((k === 'tfvars' || k === 'tfvars.json') && !tfvarsFiles.has(p) && isAutoTfvars(p) && scopes.has(dirOf(p))) {
      const text = ctx.readText(p);
      if (text !== undefined) tfvarsFiles.set(p, parseTerraform(p, text));
    }
  }
  const ordered = [...tfvarsFiles.keys()].filter(isAutoTfvars).sort(tfvarsOrder);
  for (const p of ordered) {
    const s = scopes.get(dirOf(p));
    if (!s) continue;
    for (const f of tfvarsFiles.get(p)!.facts) if (f.type === 'tfvars' && f.name) s.tfvars.set(f.name, f.attributes.value);
  }

  // Which directories are called as local modules.
  const called = new Set<string>();
  for (const s of scopes.values())
    for (const f of s.facts) {
      if (f.kind !== 'module') continue;
      const d = localModuleDir(s.dir, f.attributes.source);
      if (d && d !== s.dir && scopes.has(d)) called.add(d);
    }

  const out = new Map<string, Fact[]>();
  const push = (f: Fact) => {
    const list = out.get(f.file);
    if (list) list.push(f);
    else out.set(f.file, [f]);
  };

  for (const s of scopes.values()) {
    const isDefinition = called.has(s.dir);
    const ev = new ScopeEval(s, isDefinition ? 'definition' : 'root', undefined, '');
    for (const f of s.facts) {
      const linked = ev.linkFact(f);
      if (isDefinition) addHint(linked, 'module:definition');
      push(linked);
    }
    if (isDefinition) continue;
    // follow local module calls from this root
    for (const f of s.facts) if (f.kind === 'module') instantiate(ev, f, s.dir, 0, [s.dir], scopes, push);
  }

  return input.map((pf) => {
    const k = fileKindOf(pf.file);
    if (k === 'tfvars' || k === 'tfvars.json') return pf;
    return { ...pf, facts: out.get(pf.file) ?? [] };
  });
}

function isAutoTfvars(p: string): boolean {
  const b = baseName(p);
  return b === 'terraform.tfvars' || b === 'terraform.tfvars.json' || b.endsWith('.auto.tfvars') || b.endsWith('.auto.tfvars.json');
}

function tfvarsOrder(a: string, b: string): number {
  const rank = (p: string) => {
    const n = baseName(p);
    return n === 'terraform.tfvars' ? 0 : n === 'terraform.tfvars.json' ? 1 : 2;
  };
  return rank(a) - rank(b) || (baseName(a) < baseName(b) ? -1 : baseName(a) > baseName(b) ? 1 : 0);
}

function addHint(f: Fact, h: string): void {
  f.hints = [...new Set([...(f.hints ?? []), h])].sort();
}

function instantiate(caller: ScopeEval, call: Fact, rootScope: string, depth: number, stack: string[], scopes: Map<string, Scope>, push: (f: Fact) => void): void {
  const dir = localModuleDir(caller.scope.dir, call.attributes.source);
  if (!dir) return;
  const target = scopes.get(dir);
  if (!target || stack.includes(dir) || depth >= MAX_MODULE_DEPTH || !call.name) return;
  const inputs = new Map<string, Resolved>();
  for (const [k, v] of Object.entries(call.attributes)) {
    if (META_MODULE_ARGS.has(k)) continue;
    const refs = new Set<string>();
    const value = caller.resolve(v, refs);
    for (const r of refsOfValue(value)) refs.add(r);
    inputs.set(k, { value, refs: new Set([...refs].filter((r) => !r.startsWith('var.') && !r.startsWith('local.'))) });
  }
  const callAddress = caller.prefix + `module.${call.name}`;
  const prefix = callAddress + '.';
  const ev = new ScopeEval(target, 'instance', inputs, prefix);
  const multi = 'count' in call.attributes || 'for_each' in call.attributes || call.hints?.includes('multi:true');
  for (const f of target.facts) {
    if (f.kind !== 'resource' && f.kind !== 'data' && f.kind !== 'module') continue;
    const inst = ev.linkFact(f);
    inst.address = prefix + f.address;
    inst.id = `${f.file}#${inst.address}@${rootScope}`;
    inst.scope = rootScope;
    inst.references = [...new Set([...(inst.references ?? []), callAddress])].filter((r) => r !== inst.address).sort();
    const hints = new Set((inst.hints ?? []).filter((h) => h !== 'module:definition'));
    hints.add('module:instance');
    hints.add(`module:call:${callAddress}`);
    if (multi) hints.add('multi:true');
    inst.hints = [...hints].sort();
    push(inst);
    if (f.kind === 'module') instantiate(ev, f, rootScope, depth + 1, [...stack, dir], scopes, push);
  }
}

class ScopeEval {
  private readonly localMemo = new Map<string, Resolved>();
  private readonly inProgress = new Set<string>();
  readonly env: Env;

  constructor(
    readonly scope: Scope,
    private readonly mode: 'root' | 'definition' | 'instance',
    private readonly inputs: Map<string, Resolved> | undefined,
    readonly prefix: string,
  ) {
    this.env = {
      lookup: (root, name) => (root === 'var' ? this.varValue(name).value : this.localValue(name).value),
    };
  }

  varValue(name: string): Resolved {
    if (this.mode === 'instance' && this.inputs?.has(name)) return this.inputs.get(name)!;
    if (this.mode === 'root' && this.scope.tfvars.has(name)) return { value: this.scope.tfvars.get(name), refs: new Set() };
    const decl = this.scope.vars.get(name);
    if (decl && 'default' in decl.attributes) {
      const refs = new Set<string>();
      const v = this.resolve(decl.attributes.default, refs);
      return { value: v === null && this.mode === 'instance' ? null : v, refs };
    }
    return { value: undefined, refs: new Set() };
  }

  localValue(name: string): Resolved {
    const memo = this.localMemo.get(name);
    if (memo) return memo;
    const decl = this.scope.locals.get(name);
    if (!decl || this.inProgress.has(name)) return { value: undefined, refs: new Set() };
    this.inProgress.add(name);
    const refs = new Set<string>();
    const value = this.resolve(decl.attributes.value, refs);
    for (const r of this.expandRefs(decl.references ?? [])) refs.add(r);
    this.inProgress.delete(name);
    const res = { value: isUnknownWhole(value) ? undefined : value, refs };
    this.localMemo.set(name, res);
    return res;
  }

  /** References with locals / variables replaced by what they reference, prefixed for instances. */
  expandRefs(refs: readonly string[]): Set<string> {
    const out = new Set<string>();
    for (const r of refs) {
      if (r.startsWith('var.')) {
        for (const x of this.varValue(r.slice(4)).refs) out.add(x);
        if (this.mode !== 'instance') out.add(r);
      } else if (r.startsWith('local.')) {
        for (const x of this.localValue(r.slice(6)).refs) out.add(x);
        if (this.mode !== 'instance') out.add(r);
      } else out.add(this.prefix + r);
    }
    return out;
  }

  resolve(v: FactValue | undefined, refs: Set<string>): FactValue {
    if (v === undefined) return null;
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => this.resolve(x, refs));
    if (typeof v.$ref === 'string') {
      const ref = v.$ref;
      if (ref.startsWith('var.') || ref.startsWith('local.')) {
        const simple = /^(var|local)\.([A-Za-z_][\w-]*)$/.exec(ref);
        if (simple) {
          const r = simple[1] === 'var' ? this.varValue(simple[2]) : this.localValue(simple[2]);
          for (const x of r.refs) refs.add(x);
          return r.value === undefined ? { $expr: ref } : r.value;
        }
        return this.evalText(ref, refs);
      }
      return { $ref: this.prefix + ref };
    }
    if (typeof v.$expr === 'string') {
      if (/(^|[^\w.])(var|local)\./.test(v.$expr)) return this.evalText(v.$expr, refs);
      return v;
    }
    const out: FactObject = {};
    for (const [k, x] of Object.entries(v)) out[k] = this.resolve(x, refs);
    return out;
  }

  private evalText(text: string, refs: Set<string>): FactValue {
    const o: EvalOptions = { env: this.env, prefix: this.prefix, iterators: new Set(), rowOffset: 0 };
    const seen = new Set<string>();
    const value = evalExpressionText(text, o, seen);
    for (const r of this.expandRefs([...seen].map((r) => (r.startsWith(this.prefix) && this.prefix ? r.slice(this.prefix.length) : r)))) refs.add(r);
    return value;
  }

  linkFact(f: Fact): Fact {
    const refs = new Set<string>();
    const iterators = dynamicIterators(f);
    const attributes = iterators.size ? this.resolveWith(f.attributes, refs, iterators) : (this.resolve(f.attributes, refs) as FactObject);
    for (const r of this.expandRefs(f.references ?? [])) refs.add(r);
    const address = f.kind === 'variable' || f.kind === 'locals' || f.kind === 'output' || f.kind === 'provider' || f.kind === 'terraform' ? f.address : this.prefix + f.address;
    refs.delete(address);
    const linked: Fact = { ...f, attributes, references: [...refs].filter((r) => addressOfRef(r) !== undefined).sort() };
    if (f.kind === 'variable' && f.type === 'variable' && f.name) {
      const val = this.varValue(f.name);
      if (val.value !== undefined) linked.attributes = { ...linked.attributes, value: val.value };
      const source =
        this.mode === 'instance' && this.inputs?.has(f.name) ? 'module-input' : this.mode === 'root' && this.scope.tfvars.has(f.name) ? 'tfvars' : 'default' in f.attributes ? 'default' : 'unset';
      linked.hints = [...(f.hints ?? []).filter((h) => !h.startsWith('value:')), `value:${source}`];
    }
    if (f.kind === 'locals' && f.name) {
      const val = this.localValue(f.name);
      if (val.value !== undefined) linked.attributes = { value: val.value };
    }
    if (f.kind === 'module') {
      const hints = new Set((f.hints ?? []).filter((h) => !h.startsWith('module:')));
      const src = attributes.source;
      if (localModuleDir(f.scope ?? dirOf(f.file), src) !== undefined) {
        hints.add('module:local');
        const d = localModuleDir(f.scope ?? dirOf(f.file), src)!;
        hints.add(`module:dir:${d}`);
      } else hints.add('module:unresolved');
      linked.hints = [...hints];
    }
    linked.hints = computeHints(linked);
    return linked;
  }

  /** Resolution where `dynamic` block iterators must not be read as resource references. */
  private resolveWith(attrs: FactObject, refs: Set<string>, iterators: Set<string>): FactObject {
    const walk = (v: FactValue): FactValue => {
      if (v === null || typeof v !== 'object') return v;
      if (Array.isArray(v)) return v.map(walk);
      if (typeof v.$ref === 'string') {
        const root = v.$ref.split(/[.[]/)[0];
        if (iterators.has(root)) return { $expr: v.$ref };
        return this.resolve(v, refs);
      }
      if (typeof v.$expr === 'string') {
        if (!/(^|[^\w.])(var|local)\./.test(v.$expr)) return v;
        const o: EvalOptions = { env: this.env, prefix: this.prefix, iterators, rowOffset: 0 };
        const seen = new Set<string>();
        const value = evalExpressionText(v.$expr, o, seen);
        for (const r of this.expandRefs([...seen].map((r) => (this.prefix && r.startsWith(this.prefix) ? r.slice(this.prefix.length) : r)))) refs.add(r);
        return value;
      }
      const out: FactObject = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    };
    return walk(attrs) as FactObject;
  }
}

function isUnknownWhole(v: FactValue): boolean {
  return isMarker(v) && typeof (v as FactObject).$expr === 'string';
}

function dynamicIterators(f: Fact): Set<string> {
  const out = new Set<string>();
  for (const h of f.hints ?? []) {
    if (!h.startsWith('dynamic:')) continue;
    const path = h.slice('dynamic:'.length);
    const seg = path.split('.').filter((s) => !/^\d+$/.test(s)).pop();
    if (seg) out.add(seg);
  }
  return out;
}

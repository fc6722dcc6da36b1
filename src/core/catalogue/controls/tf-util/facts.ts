/**
 * What the Terraform detectors ask of a workload and of the scan: its resources, companions in
 * the same root module or anywhere in the scan (account-level resources), references between
 * them, and locations for findings. Cloud-agnostic: usable by every tf detector.
 */
import { perScan, evidence, isExpr, isRef, rangeOf, scanIndex, scanList, str, type ScanIndex } from '../../../facts';
import type { Evidence, Fact, FactValue, Location, Range } from '../../../model';
import { LineIndex } from '../../../parse/terraform/parse';
import { addressOfRef, refsInText } from '../../../parse/terraform/util';
import type { DetectorContext } from '../../types';

export { addressOfRef, refsInText };

function live(f: Fact): boolean {
  return (f.kind === 'resource' || f.kind === 'data') && !f.hints?.includes('module:definition');
}

/** The workload's resources and data sources (module definitions excluded). */
export function members(ctx: DetectorContext, types?: string | RegExp | readonly string[]): Fact[] {
  return ctx.facts.filter((f) => live(f) && typeMatches(f.type, types));
}

function typeMatches(t: string, types?: string | RegExp | readonly string[]): boolean {
  if (types === undefined) return true;
  if (typeof types === 'string') return t === types;
  if (types instanceof RegExp) return types.test(t);
  return types.includes(t);
}

/** The root module the workload lives in. */
export function scopeOf(ctx: DetectorContext): string {
  return ctx.workload.root;
}

/** Facts of these types in the workload's root module (members or not). */
export function inScope(ctx: DetectorContext, types: string | RegExp | readonly string[]): Fact[] {
  // Indexed by module scope once per scan: detectors ask this for every workload. A list of
  // types gives each type's facts in turn (type by type, each in scan order).
  const scope = scopeOf(ctx);
  if (Array.isArray(types)) return (types as readonly string[]).flatMap((t) => [...byScope(ctx, t).get(scope)]);
  return [...byScope(ctx, types as string | RegExp).get(scope)];
}

function byScope(ctx: DetectorContext, types: string | RegExp): ScanIndex {
  const all = ctx.allFacts;
  return scanIndex(all, `tf-util:in-scope:${typesKey(types)}`, (f) => (live(f) && typeMatches(f.type, types) ? (f.scope ?? '.') : undefined), typeof types === 'string' ? () => all.byType(types) : () => liveFacts(ctx));
}

/** Every live resource and data source of the scan (scan order): what type patterns are matched against. */
function liveFacts(ctx: DetectorContext): readonly Fact[] {
  return scanList(ctx.allFacts, 'tf-util:live', live);
}

/** Facts of these types anywhere in the scan (account-level companions). */
export function everywhere(ctx: DetectorContext, types: string | RegExp | readonly string[]): Fact[] {
  return [...everywhereOnce(ctx, types)];
}

function typesKey(types: string | RegExp | readonly string[]): string {
  if (typeof types === 'string') return `s:${types}`;
  if (Array.isArray(types)) return `a:${(types as readonly string[]).join(',')}`;
  const r = types as RegExp;
  return `r:${r.source}/${r.flags}`;
}

/**
 * Live facts of `type` anywhere in the scan whose `attr` is the literal `value` (scan order): a
 * lookup by name (`s3://name`, a log group's name). Read per name, so editing one bucket
 * re-evaluates only the workloads that named it, not every reader of the type.
 */
export function named(ctx: DetectorContext, type: string, attr: string, value: string): readonly Fact[] {
  const all = ctx.allFacts;
  return scanIndex(all, `tf-util:named:${type}:${attr}`, (f) => (f.type === type && live(f) ? str(f.attributes[attr]) : undefined), () => all.byType(type)).get(value);
}

/** The shared, cached list: callers get a copy so nobody can change it for the next workload. */
function everywhereOnce(ctx: DetectorContext, types: string | RegExp | readonly string[]): readonly Fact[] {
  if (types instanceof RegExp) return scanList(ctx.allFacts, `tf-util:everywhere:${typesKey(types)}`, (f) => live(f) && typeMatches(f.type, types), () => liveFacts(ctx));
  return perScan(ctx.allFacts, `tf-util:everywhere:${typesKey(types)}`, () => {
    if (typeof types === 'string') return ctx.allFacts.byType(types).filter(live);
    return (types as readonly string[]).flatMap((t) => ctx.allFacts.byType(t).filter(live));
  });
}

export function hasProvider(ctx: DetectorContext, p: 'aws' | 'azure' | 'gcp' | 'powerplatform'): boolean {
  return ctx.workload.providers.includes(p) || ctx.facts.some((f) => f.provider === p && live(f));
}

export function loc(f: Fact, path?: string): Location {
  return { file: f.file, range: rangeOf(f, path) };
}

export function header(f: Fact): Location {
  return { file: f.file, range: f.nameRange ?? f.range };
}

export function ev(f: Fact, why: string, path?: string): Evidence {
  return evidence(f, why, path && f.attributeRanges?.[path] ? path : undefined);
}

/** The address a value points at: a `$ref`, or the single resource reference inside an expression. */
export function refAddress(v: FactValue | undefined): string | undefined {
  if (isRef(v)) return addressOfRef(v.$ref);
  if (isExpr(v)) {
    const refs = [...new Set(refsInText(v.$expr))].filter((r) => !r.startsWith('var.') && !r.startsWith('local.'));
    return refs.length === 1 ? refs[0] : undefined;
  }
  return undefined;
}

/** The fact a value refers to, in the scope of `from`. */
export function target(ctx: DetectorContext, from: Fact, v: FactValue | undefined, types?: string | RegExp | readonly string[]): Fact | undefined {
  const a = refAddress(v);
  if (!a) return undefined;
  return ctx.allFacts.byAddress(a, from.scope).find((f) => live(f) && typeMatches(f.type, types));
}

/** Facts of the same root module whose references name `to` (in the order `everywhere` gives them). */
export function referencing(ctx: DetectorContext, to: Fact, types?: string | RegExp | readonly string[]): Fact[] {
  const referrers = scanIndex(ctx.allFacts, 'tf-util:referrers', (f) => (live(f) && f.references?.length ? [...new Set(f.references)].map((a) => `${f.scope ?? '.'}\u0000${a}`) : undefined), () => liveFacts(ctx));
  const found = referrers.get(`${to.scope ?? '.'}\u0000${to.address}`).filter((f) => f !== to && typeMatches(f.type, types));
  if (Array.isArray(types) && types.length > 1) {
    const rank = new Map((types as readonly string[]).map((t, i) => [t, i] as const));
    found.sort((a, b) => (rank.get(a.type) ?? 0) - (rank.get(b.type) ?? 0));
  }
  return found;
}

export function refersTo(f: Fact, to: Fact): boolean {
  return (f.references ?? []).includes(to.address) && (f.scope ?? '.') === (to.scope ?? '.');
}

/** An unresolved value (`$expr`): the deciding value cannot be read from the files. */
export function unknown(v: FactValue | undefined): boolean {
  return isExpr(v);
}

export function text(v: FactValue | undefined): string | undefined {
  return str(v);
}

/**
 * The range of a quoted literal inside an attribute, for values without their own ranges
 * (heredoc JSON policies): the first occurrence of `"needle"` within the attribute's range.
 */
export function literalRange(ctx: DetectorContext, f: Fact, path: string, needle: string): Range {
  const base = rangeOf(f, path);
  const t = ctx.text(f.file);
  if (!t) return base;
  const li = new LineIndex(t);
  const from = li.offset(base.start);
  const to = li.offset(base.end);
  const slice = t.slice(from, to);
  const i = slice.indexOf(`"${needle}"`);
  if (i < 0) return base;
  return { start: li.position(from + i), end: li.position(from + i + needle.length + 2) };
}

/** The resource whose header is the workload's anchor, if it is a Terraform fact. */
export function anchorFact(ctx: DetectorContext): Fact | undefined {
  const a = ctx.workload.anchor;
  return ctx.facts.find((f) => f.file === a.file && (f.nameRange ?? f.range).start.line === a.range.start.line && live(f));
}

/** Deduplicates outcomes by anchor (a key shared by two resources is reported once). */
export function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = key(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Is the variable `var.<name>` declared in the root module `scope`? */
export function hasVariable(ctx: DetectorContext, name: string, scope: string): boolean {
  return ctx.allFacts.byAddress(`var.${name}`).some((f) => f.kind === 'variable' && f.type === 'variable' && (f.scope ?? '.') === scope);
}

/** A resource name not yet used for `type` in `scope`. */
export function freeName(ctx: DetectorContext, type: string, base: string, scope: string): string {
  const clean = base.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^([^A-Za-z_])/, '_$1') || 'this';
  let name = clean;
  for (let i = 2; ctx.allFacts.byAddress(`${type}.${name}`).some((f) => (f.scope ?? '.') === scope); i++) name = `${clean}_${i}`;
  return name;
}

/** The HCL file of the workload to append account-level companions to (the anchor's file). */
export function anchorFile(ctx: DetectorContext): string {
  return ctx.workload.anchor.file;
}

export function isHcl(file: string): boolean {
  return /\.tf$/i.test(file);
}

/** Environment-variable style settings of compute that runs AI code: name, value, path for ranges. */
export interface Setting {
  fact: Fact;
  name: string;
  value: FactValue;
  path: string;
  /** The setting reads a secret store (secret reference, Key Vault reference, secret_name). */
  fromStore: boolean;
}

const SECRET_STORE_TYPES = /^(data\.)?(aws_secretsmanager_|aws_ssm_parameter|azurerm_key_vault_secret|google_secret_manager_)/;

/** Whether a value reads from a managed secret store (a reference to a secret resource or data source). */
export function readsSecretStore(v: FactValue | undefined): boolean {
  const a = refAddress(v);
  if (a && SECRET_STORE_TYPES.test(a)) return true;
  const s = str(v);
  if (s && /^@Microsoft\.KeyVault\(/i.test(s)) return true;
  return false;
}

function obj(v: FactValue | undefined): Record<string, FactValue> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isRef(v) && !isExpr(v) ? (v as Record<string, FactValue>) : undefined;
}

function list(v: FactValue | undefined): FactValue[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

/** Every environment-style setting of a workload fact (Lambda, ECS, container apps, Cloud Run, agent runtimes, app settings). */
export function settingsOf(f: Fact): Setting[] {
  const out: Setting[] = [];
  const mapAt = (path: string) => {
    const parts = path.split('.');
    let cur: FactValue | undefined = f.attributes;
    for (const p of parts) {
      const o: FactValue | undefined = Array.isArray(cur) ? cur[0] : cur;
      cur = obj(o)?.[p];
    }
    const m = obj(Array.isArray(cur) ? cur[0] : cur);
    if (!m) return;
    for (const [k, v] of Object.entries(m)) out.push({ fact: f, name: k, value: v, path: `${path}.${k}`, fromStore: readsSecretStore(v) });
  };
  const nameValueBlocks = (blocks: FactValue | undefined, path: string, valueKey = 'value') => {
    list(blocks).forEach((b, i) => {
      const o = obj(b);
      if (!o) return;
      const name = str(o.name);
      if (!name) return;
      const p = i === 0 ? path : `${path}.${i}`;
      const fromStore = 'secret_name' in o || 'secret_ref' in o || 'value_source' in o || 'secret_key_ref' in o || readsSecretStore(o[valueKey]);
      out.push({ fact: f, name, value: o[valueKey] ?? null, path: `${p}.${valueKey}`, fromStore });
    });
  };
  switch (f.type) {
    case 'aws_lambda_function':
      mapAt('environment.variables');
      break;
    case 'aws_bedrockagentcore_agent_runtime':
      mapAt('environment_variables');
      break;
    case 'aws_sagemaker_model':
      mapAt('primary_container.environment');
      mapAt('container.environment');
      break;
    case 'azurerm_linux_web_app':
    case 'azurerm_windows_web_app':
    case 'azurerm_linux_function_app':
    case 'azurerm_windows_function_app':
    case 'azurerm_function_app':
    case 'azurerm_app_service':
      mapAt('app_settings');
      break;
    case 'azurerm_container_app': {
      const containers = list(obj(list(f.attributes.template)[0])?.container);
      containers.forEach((c, i) => nameValueBlocks(obj(c)?.env, i === 0 ? 'template.container.env' : `template.container.${i}.env`));
      break;
    }
    case 'google_cloud_run_v2_service':
    case 'google_cloud_run_v2_job': {
      const tpl = obj(list(f.attributes.template)[0]);
      const containers = list(tpl?.containers ?? obj(list(tpl?.template)[0])?.containers);
      containers.forEach((c, i) => nameValueBlocks(obj(c)?.env, i === 0 ? 'template.containers.env' : `template.containers.${i}.env`));
      break;
    }
    case 'google_vertex_ai_reasoning_engine': {
      const dep = obj(list(obj(list(f.attributes.spec)[0])?.deployment_spec)[0]);
      nameValueBlocks(dep?.env, 'spec.deployment_spec.env');
      list(dep?.secret_env).forEach((b, i) => {
        const name = str(obj(b)?.name);
        if (name) out.push({ fact: f, name, value: null, path: i === 0 ? 'spec.deployment_spec.secret_env' : `spec.deployment_spec.secret_env.${i}`, fromStore: true });
      });
      break;
    }
    case 'aws_ecs_task_definition': {
      const defs = f.attributes.container_definitions;
      list(Array.isArray(defs) ? defs : []).forEach((c, i) => {
        const o = obj(c);
        if (!o) return;
        list(o.environment).forEach((e, j) => {
          const eo = obj(e);
          const name = str(eo?.name);
          if (eo && name) out.push({ fact: f, name, value: eo.value ?? null, path: `container_definitions.${i}.environment.${j}.value`, fromStore: false });
        });
        list(o.secrets).forEach((e, j) => {
          const name = str(obj(e)?.name);
          if (name) out.push({ fact: f, name, value: null, path: `container_definitions.${i}.secrets.${j}`, fromStore: true });
        });
      });
      break;
    }
  }
  return out;
}

/** Setting names that carry a credential (API keys, tokens, passwords, client secrets). */
export const CREDENTIAL_NAME = /(API[_-]?KEY|APIKEY|ACCESS[_-]?KEY|SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE[_-]?KEY|CLIENT[_-]?SECRET|CONNECTION[_-]?STRING|AUTH[_-]?KEY|SUBSCRIPTION[_-]?KEY)/i;

/** Names that are about a secret but hold no secret (ids, ARNs, names of the secret, endpoints). */
const NOT_A_CREDENTIAL = /(_ARN|_ID|_NAME|_URL|_URI|_ENDPOINT|_REGION|_PATH|_FILE|_VERSION|_TTL|_HEADER)$/i;

export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name) && !NOT_A_CREDENTIAL.test(name);
}

/** A literal that looks like a real credential rather than a placeholder or empty string. */
export function isLiteralCredential(v: FactValue | undefined): boolean {
  if (typeof v !== 'string') return false;
  const s = v.trim();
  if (s.length < 8) return false;
  if (/^(changeme|change-me|placeholder|todo|xxx+|<.*>|\$\{.*\}|dummy|example|none|null|secret|password)$/i.test(s)) return false;
  // names, paths, ARNs and URLs of a secret, not the secret itself
  if (/^arn:|^https?:\/\/|^projects\/|^\/subscriptions\//i.test(s)) return false;
  if (/^[a-z0-9._-]+(\/[a-z0-9._-]+)+$/.test(s)) return false;
  return true;
}

/**
 * One YAML / JSON file → Kubernetes facts.
 *
 * Facts:
 * - `k8s-object` per object (a `List`'s items are objects): type = kind, address
 *   `Kind/namespace/name` (`Kind/name` for cluster-scoped kinds; namespace `default` when
 *   absent), scope = namespace, attributes = the object (secrets redacted), ranges by dot
 *   path, nameRange = `metadata.name` value, range = the document (or list item).
 * - `helm-chart` for `Chart.yaml`; template facts carry hints `helm:templated` and
 *   `helm:chart=<dir>` (crds/ and other chart files: only `helm:chart=<dir>`).
 * - `Kustomization` objects for `kustomization.yaml` (applied later by `link`).
 * - `secret` per redacted value: type = what it looks like, address
 *   `secret:<object address>:<path>`, attributes `{ object, path }`, range = its key; the
 *   value itself is never stored.
 *
 * References (strings in `Fact.references`):
 * - `ServiceAccount/<ns>/<name>` (pods without one use `default`), `ConfigMap/<ns>/<name>`,
 *   `Secret/<ns>/<name>`, `PersistentVolumeClaim/<ns>/<name>` from pod specs and custom
 *   resources (`serviceAccountName`, volumes, `envFrom`, `valueFrom`, `imagePullSecrets`);
 * - `selector:<key>=<value>` for each label a Service `selector` or a NetworkPolicy
 *   `podSelector.matchLabels` requires;
 * - `Service/<ns>/<name>` for Ingress / HTTPRoute / GRPCRoute / OpenShift Route backends,
 *   `Gateway/<ns>/<name>` for route parents;
 * - `Role/<ns>/<name>` / `ClusterRole/<name>` and `ServiceAccount/<ns>/<name>` subjects of
 *   bindings;
 * - kagent: `ModelConfig/<ns>/<name>`, tool servers `<Kind>/<ns>/<name>` (kind as written,
 *   `MCPServer` when absent) and agents used as tools `Agent/<ns>/<name>`.
 *
 * Hints: `data:<class>` from labels / annotations such as `data-classification: pii`,
 * `example.com/pii: "true"`, `compliance: hipaa`.
 */
import type { FileContent, ParseContext } from '../../plugin';
import type { Fact, FactObject, FactValue, ParsedFile, ParseProblem, Range } from '../../model';
import { isPlainObject } from '../yaml-util';
import { readYaml } from './fast-yaml';
import type { YamlDocument } from '../yaml-util';
import type { ChartInfo } from './helm';
import { maskTemplate, templateValueHook } from './helm';
import { isClusterScoped } from './kinds';
import { redactSecrets } from './secrets';

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, rel: string): string {
  const parts = (dir ? dir.split('/') : []).concat(rel.split('/'));
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

export const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

const chartCache = new WeakMap<ParseContext, Map<string, ChartInfo | null>>();

/** The chart a file belongs to: the nearest ancestor folder with a Chart.yaml. */
export function chartOf(path: string, ctx: ParseContext): { chart: ChartInfo; template: boolean } | undefined {
  let cache = chartCache.get(ctx);
  if (!cache) {
    cache = new Map();
    chartCache.set(ctx, cache);
  }
  let dir = dirname(path);
  for (;;) {
    const chart = loadChart(dir, ctx, cache);
    if (chart) {
      const rest = path.slice(dir ? dir.length + 1 : 0);
      return { chart, template: rest.startsWith('templates/') };
    }
    if (!dir) return undefined;
    dir = dirname(dir);
  }
}

/**
 * Charts read before, by folder, with the texts they were read from: every file's parse has a
 * context of its own, and a chart's templates would each read Chart.yaml and values.yaml again.
 * The texts are still read through the context (so the pipeline knows what a file depends on)
 * and a chart is reused only when both are the same.
 */
const chartMemo = new Map<string, { chartText: string; valuesText: string | undefined; chart: ChartInfo }>();

function loadChart(dir: string, ctx: ParseContext, cache: Map<string, ChartInfo | null>): ChartInfo | undefined {
  if (cache.has(dir)) return cache.get(dir) ?? undefined;
  const chartPath = dir ? `${dir}/Chart.yaml` : 'Chart.yaml';
  const text = ctx.readText(chartPath);
  if (text === undefined) {
    cache.set(dir, null);
    return undefined;
  }
  const valuesText = ctx.readText(dir ? `${dir}/values.yaml` : 'values.yaml') ?? ctx.readText(dir ? `${dir}/values.yml` : 'values.yml');
  const known = chartMemo.get(dir);
  if (known && known.chartText === text && known.valuesText === valuesText) {
    cache.set(dir, known.chart);
    return known.chart;
  }
  const meta = firstObject(text, chartPath);
  const values = valuesText !== undefined ? firstObject(valuesText, 'values.yaml') : {};
  const chart: ChartInfo = {
    dir,
    name: typeof meta.name === 'string' ? meta.name : basename(dir) || 'chart',
    version: scalar(meta.version),
    appVersion: scalar(meta.appVersion),
    values,
  };
  cache.set(dir, chart);
  if (chartMemo.size >= 512) chartMemo.clear();
  chartMemo.set(dir, { chartText: text, valuesText, chart });
  return chart;
}

function scalar(v: FactValue | undefined): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function firstObject(text: string, file: string): FactObject {
  const r = readYaml(text, file);
  const v = r.documents.find((d) => isPlainObject(d.value))?.value;
  return isPlainObject(v) ? v : {};
}

/**
 * Whether a text may hold a Kubernetes document, or anything else this reader would report
 * on; false only when reading it would give no facts and no problems:
 * - an object needs an `apiVersion` key, and a key can only read `apiVersion` when the text
 *   has that word (or a `\` escape);
 * - the problems kept for documents that are not manifests are the alias and depth limits:
 *   there is no alias without a `*`, and the nesting is at most twice the number of columns
 *   where a block collection can start (a line's indentation, or the content after a `- ` or
 *   `? `; twice because a sequence may sit at its key's column) plus the number of flow
 *   brackets. This is false only below 150, far from the limits (200 levels, 1000 brackets).
 * Kustomizations, charts and values files are read by their names, not through this.
 */
export function mayHoldManifest(text: string): boolean {
  if (text.includes('apiVersion') || text.includes('\\') || text.includes('*')) return true;
  const columns = new Set<number>();
  let brackets = 0;
  const n = text.length;
  let ls = 0;
  while (ls < n) {
    let le = text.indexOf('\n', ls);
    if (le < 0) le = n;
    let i = ls;
    while (i < le && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i < le) columns.add(i - ls);
    for (; i < le; i++) {
      const c = text.charCodeAt(i);
      if (c === 91 || c === 123) brackets++;
      else if ((c === 45 || c === 63) && i + 1 < le && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) {
        let j = i + 1;
        while (j < le && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
        if (j < le) columns.add(j - ls);
      }
    }
    if (2 * columns.size + brackets + 4 >= 150) return true;
    ls = le + 1;
  }
  return false;
}

const MANIFEST_TEXT = /^\s*["']?apiVersion["']?\s*:/m;
const KIND_TEXT = /^\s*["']?kind["']?\s*:/m;

interface Emit {
  facts: Fact[];
  problems: ParseProblem[];
  used: Map<string, number>;
}

/** `precheck: false` reads every file in full (the tests compare both ways). */
export function parseKubernetesFile(file: FileContent, ctx: ParseContext, options: { precheck?: boolean } = {}): ParsedFile {
  const path = file.path;
  const result: ParsedFile = { file: path, kind: 'k8s', language: path.endsWith('.json') ? 'json' : 'yaml', facts: [], problems: [] };
  const text = file.text;
  if (text === undefined) return result;
  if (ctx.maxFileBytes > 0 && text.length > ctx.maxFileBytes) {
    result.problems.push({
      file: path,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: 'warning',
      code: 'scan/file-too-large',
      message: `The file is larger than ${ctx.maxFileBytes} bytes and was not read.`,
    });
    return result;
  }
  const name = basename(path);
  const emit: Emit = { facts: result.facts, problems: result.problems, used: new Map() };
  try {
    if (name === 'Chart.yaml') {
      readChart(path, text, emit);
      return result;
    }
    const owner = chartOf(path, ctx);
    if (owner && !owner.template && /^values[^/]*\.ya?ml$/.test(name) && dirname(path) === owner.chart.dir) {
      readValues(path, text, owner.chart, emit);
      return result;
    }
    const kustomization = KUSTOMIZATION_NAMES.has(name);
    // Most YAML that is not a manifest is recognised without parsing it.
    if (!kustomization && options.precheck !== false && !mayHoldManifest(text)) return result;
    const template = owner?.template === true || (/(^|\/)templates\//.test(path) && text.includes('{{'));
    const hints: string[] = [];
    if (owner) hints.push(`helm:chart=${owner.chart.dir || '.'}`);
    if (template) hints.push('helm:templated');

    let source = text;
    let hook;
    if (template) {
      const mask = maskTemplate(text);
      source = mask.masked;
      hook = templateValueHook(text, mask, owner?.chart);
    }
    const read = readYaml(source, path, { valueHook: hook });
    const inDocs = new Set(read.documents.flatMap((d) => d.problems));
    for (const p of read.problems) if (!inDocs.has(p)) result.problems.push(p);
    for (const doc of read.documents) {
      if (doc.problems.length) {
        const docText = source.slice(doc.offsets[0], doc.offsets[1]);
        const manifestLike = kustomization || (MANIFEST_TEXT.test(docText) && KIND_TEXT.test(docText));
        for (const p of doc.problems) {
          if (p.code === 'parse/yaml-syntax' && !manifestLike) continue;
          result.problems.push(p);
        }
      }
      if (doc.refused || doc.hasErrors || !isPlainObject(doc.value)) continue;
      const value = doc.value;
      if (kustomization) {
        readKustomization(path, doc, value, emit);
        continue;
      }
      if (typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') continue;
      if (value.kind === 'Config' && value.apiVersion === 'v1' && Array.isArray(value.users)) {
        // A kubeconfig: not a cluster object, but it may hold credentials.
        secretsOnly(path, doc, value, 'Config', `kubeconfig:${path}`, emit);
        continue;
      }
      const items = value.items;
      if (/List$/.test(value.kind) && Array.isArray(items)) {
        items.forEach((item, i) => {
          if (!isPlainObject(item) || typeof item.kind !== 'string' || typeof item.apiVersion !== 'string') return;
          objectFact(path, doc, item, `items.${i}`, hints, owner?.chart, emit);
        });
        continue;
      }
      objectFact(path, doc, value, '', hints, owner?.chart, emit);
    }
  } catch (err) {
    result.problems.push({
      file: path,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: 'error',
      code: 'internal/parse-kubernetes',
      message: `The Kubernetes reader failed on this file: ${(err as Error).message}`,
    });
  }
  return result;
}

/**
 * Ranges of a sub-object, re-based so its own paths start at its root. For the whole document
 * (`prefix` ''), the document's own table without its root entry (each document's table is
 * used once, so it is not copied); for `items.<i>` of a List, one pass groups every item's.
 */
function rebase(doc: YamlDocument, prefix: string): Record<string, Range> {
  const table = doc.ranges;
  if (!prefix) {
    delete table[''];
    return table;
  }
  let groups = listRanges.get(doc);
  if (!groups) {
    groups = new Map();
    listRanges.set(doc, groups);
    for (const k in table) {
      if (!k.startsWith('items.')) continue;
      const dot = k.indexOf('.', 6);
      if (dot < 0) continue;
      const head = k.slice(0, dot);
      let g = groups.get(head);
      if (!g) groups.set(head, (g = {}));
      g[k.slice(dot + 1)] = table[k];
    }
  }
  return groups.get(prefix) ?? {};
}

const listRanges = new WeakMap<YamlDocument, Map<string, Record<string, Range>>>();

function uniqueAddress(address: string, emit: Emit): string {
  const n = (emit.used.get(address) ?? 0) + 1;
  emit.used.set(address, n);
  return n === 1 ? address : `${address}#${n}`;
}

function objectFact(file: string, doc: YamlDocument, obj: FactObject, prefix: string, baseHints: string[], chart: ChartInfo | undefined, emit: Emit): void {
  const kind = String(obj.kind);
  const apiVersion = String(obj.apiVersion);
  const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
  const hints = [...baseHints];
  let name: string;
  if (typeof meta.name === 'string' && meta.name) name = meta.name;
  else if (typeof meta.name === 'number') name = String(meta.name);
  else if (typeof meta.generateName === 'string') name = `${meta.generateName}*`;
  else if (meta.name !== undefined && chart) {
    name = chart.name;
    hints.push('name:templated');
  } else name = `unnamed-${doc.index}`;
  const cluster = isClusterScoped(apiVersion, kind);
  let namespace = 'default';
  if (typeof meta.namespace === 'string' && meta.namespace) namespace = meta.namespace;
  else if (meta.namespace !== undefined && meta.namespace !== null) hints.push('namespace:templated');
  const address = uniqueAddress(cluster ? `${kind}/${name}` : `${kind}/${namespace}/${name}`, emit);
  const range = prefix ? (doc.ranges[prefix] ?? doc.range) : doc.range;
  const nameValue = doc.valueRanges[prefix ? `${prefix}.metadata.name` : 'metadata.name'];
  const ranges = rebase(doc, prefix);

  const hits = redactSecrets(obj, kind);
  hints.push(...classificationHints(meta));
  const fact: Fact = {
    id: `${file}#${address}`,
    kind: 'k8s-object',
    provider: 'k8s',
    type: kind,
    address,
    name,
    file,
    range,
    nameRange: nameValue ?? ranges['kind'] ?? range,
    attributes: obj,
    attributeRanges: ranges,
    scope: cluster ? undefined : namespace,
    hints: unique(hints),
    references: unique(objectReferences(obj, kind, namespace)),
  };
  emit.facts.push(fact);
  for (const h of hits) emit.facts.push(secretFact(file, address, cluster ? undefined : namespace, h.path, h.type, ranges[h.path] ?? fact.nameRange ?? range, fact.hints ?? []));
}

function secretFact(file: string, owner: string, scope: string | undefined, path: string, type: string, range: Range, hints: string[]): Fact {
  const address = `secret:${owner}:${path}`;
  return {
    id: `${file}#${address}`,
    kind: 'secret',
    provider: 'k8s',
    type,
    address,
    name: path.slice(path.lastIndexOf('.') + 1),
    file,
    range,
    attributes: { object: owner, path },
    scope,
    hints: hints.filter((h) => h.startsWith('helm:') || h.startsWith('kustomize:')),
    references: [owner],
  };
}

function secretsOnly(file: string, doc: YamlDocument, obj: FactObject, kind: string, owner: string, emit: Emit): void {
  const hits = redactSecrets(obj, kind);
  for (const h of hits) emit.facts.push(secretFact(file, owner, undefined, h.path, h.type, doc.ranges[h.path] ?? doc.range, []));
}

function readChart(file: string, text: string, emit: Emit): void {
  const read = readYaml(text, file);
  emit.problems.push(...read.problems);
  const doc = read.documents.find((d) => isPlainObject(d.value) && !d.hasErrors);
  if (!doc || !isPlainObject(doc.value)) return;
  const meta = doc.value;
  const dir = dirname(file);
  const name = typeof meta.name === 'string' ? meta.name : basename(dir) || 'chart';
  emit.facts.push({
    id: `${file}#HelmChart/${name}`,
    kind: 'helm-chart',
    provider: 'k8s',
    type: 'HelmChart',
    address: `HelmChart/${name}`,
    name,
    file,
    range: doc.range,
    nameRange: doc.valueRanges['name'] ?? doc.range,
    attributes: meta,
    attributeRanges: rebase(doc, ''),
    scope: dir || '.',
    hints: [`helm:chart=${dir || '.'}`],
    references: [],
  });
}

function readValues(file: string, text: string, chart: ChartInfo, emit: Emit): void {
  const read = readYaml(text, file);
  // values.yaml is not a manifest: its syntax errors are reported (Helm would fail too), its secrets too.
  emit.problems.push(...read.problems);
  for (const doc of read.documents) {
    if (!isPlainObject(doc.value) || doc.hasErrors) continue;
    const hits = redactSecrets(doc.value, 'HelmValues');
    for (const h of hits)
      emit.facts.push(secretFact(file, `HelmChart/${chart.name}`, undefined, `values.${h.path}`, h.type, doc.ranges[h.path] ?? doc.range, [`helm:chart=${chart.dir || '.'}`]));
  }
}

function readKustomization(file: string, doc: YamlDocument, value: FactObject, emit: Emit): void {
  const dir = dirname(file) || '.';
  const address = uniqueAddress(`Kustomization/${dir}`, emit);
  const hits = redactSecrets(value, 'Kustomization');
  emit.facts.push({
    id: `${file}#${address}`,
    kind: 'k8s-object',
    provider: 'k8s',
    type: 'Kustomization',
    address,
    name: basename(dir) || '.',
    file,
    range: doc.range,
    nameRange: doc.ranges['resources'] ?? doc.ranges['kind'] ?? doc.range,
    attributes: value,
    attributeRanges: rebase(doc, ''),
    scope: typeof value.namespace === 'string' ? value.namespace : undefined,
    hints: ['kustomize'],
    references: [],
  });
  for (const h of hits) emit.facts.push(secretFact(file, address, undefined, h.path, h.type, doc.ranges[h.path] ?? doc.range, ['kustomize']));
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

// ───────────────────────────── hints ─────────────────────────────

const CLASS_KEYS = new Set(['data-classification', 'dataclassification', 'data_classification', 'classification', 'data-sensitivity', 'datasensitivity', 'sensitivity', 'data-class', 'confidentiality', 'compliance', 'data-category']);
const FLAG_KEYS = new Set(['pii', 'phi', 'pci', 'gdpr', 'hipaa', 'contains-pii', 'personal-data', 'sensitive-data', 'regulated']);

export function classificationHints(meta: FactObject): string[] {
  const out: string[] = [];
  for (const field of ['labels', 'annotations']) {
    const m = meta[field];
    if (!isPlainObject(m)) continue;
    for (const [k, v] of Object.entries(m)) {
      const key = k.slice(k.lastIndexOf('/') + 1).toLowerCase();
      const val = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v).trim().toLowerCase() : '';
      if (!val) continue;
      if (CLASS_KEYS.has(key)) for (const part of val.split(/[\s,;]+/).filter(Boolean)) out.push(`data:${part}`);
      else if (FLAG_KEYS.has(key) && ['true', 'yes', '1', 'on'].includes(val)) out.push(`data:${key.replace(/^contains-/, '')}`);
    }
  }
  return out;
}

// ───────────────────────────── references ─────────────────────────────

export function objectReferences(obj: FactObject, kind: string, ns: string): string[] {
  const out: string[] = [];
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  const refNs = (v: FactValue | undefined): string => (typeof v === 'string' && v ? v : ns);
  // Generic walk over the spec for pod-spec style references.
  const walk = (v: FactValue, key: string | undefined, parent: FactObject | undefined, depth: number): void => {
    if (depth > 14) return;
    if (Array.isArray(v)) {
      for (const item of v) walk(item, key, parent, depth + 1);
      return;
    }
    if (!isPlainObject(v) || '$expr' in v) {
      if (typeof v === 'string' && v) {
        if (key === 'serviceAccountName' || (key === 'serviceAccount' && typeof parent?.serviceAccountName !== 'string')) out.push(`ServiceAccount/${ns}/${v}`);
        else if (key === 'secretName') out.push(`Secret/${ns}/${v}`);
        else if (key === 'claimName') out.push(`PersistentVolumeClaim/${ns}/${v}`);
      }
      return;
    }
    if (key === 'containers' && parent && !('serviceAccountName' in parent) && !('serviceAccount' in parent)) out.push(`ServiceAccount/${ns}/default`);
    for (const [k, child] of Object.entries(v)) {
      if (typeof child === 'object' && child !== null && !Array.isArray(child) && typeof child.name === 'string') {
        if (k === 'secretKeyRef' || k === 'secretRef') out.push(`Secret/${ns}/${child.name}`);
        else if (k === 'configMapKeyRef' || k === 'configMapRef' || k === 'configMap') out.push(`ConfigMap/${ns}/${child.name}`);
        else if (k === 'secret' && typeof child.secretName !== 'string') out.push(`Secret/${ns}/${child.name}`);
      }
      if (k === 'imagePullSecrets' && Array.isArray(child)) for (const s of child) if (isPlainObject(s) && typeof s.name === 'string') out.push(`Secret/${ns}/${s.name}`);
      walk(child, k, v, depth + 1);
    }
  };
  if (spec) walk(spec, 'spec', obj, 0);

  switch (kind) {
    case 'Service': {
      const sel = spec?.selector;
      if (isPlainObject(sel) && !('$expr' in sel)) for (const [k, v] of Object.entries(sel)) if (typeof v === 'string' || typeof v === 'number') out.push(`selector:${k}=${v}`);
      break;
    }
    case 'NetworkPolicy': {
      const sel = isPlainObject(spec?.podSelector) ? spec?.podSelector : undefined;
      const ml = isPlainObject(sel) && isPlainObject(sel.matchLabels) ? sel.matchLabels : undefined;
      if (ml) for (const [k, v] of Object.entries(ml)) if (typeof v === 'string') out.push(`selector:${k}=${v}`);
      break;
    }
    case 'Ingress': {
      const backend = (b: FactValue | undefined): void => {
        if (!isPlainObject(b)) return;
        if (isPlainObject(b.service) && typeof b.service.name === 'string') out.push(`Service/${ns}/${b.service.name}`);
        if (typeof b.serviceName === 'string') out.push(`Service/${ns}/${b.serviceName}`);
      };
      backend(spec?.defaultBackend);
      backend(spec?.backend);
      for (const rule of Array.isArray(spec?.rules) ? spec.rules : []) {
        const http = isPlainObject(rule) ? rule.http : undefined;
        for (const p of isPlainObject(http) && Array.isArray(http.paths) ? http.paths : []) if (isPlainObject(p)) backend(p.backend);
      }
      break;
    }
    case 'HTTPRoute':
    case 'GRPCRoute':
    case 'TCPRoute':
    case 'TLSRoute': {
      for (const p of Array.isArray(spec?.parentRefs) ? spec.parentRefs : [])
        if (isPlainObject(p) && typeof p.name === 'string') out.push(`${typeof p.kind === 'string' ? p.kind : 'Gateway'}/${refNs(p.namespace)}/${p.name}`);
      for (const rule of Array.isArray(spec?.rules) ? spec.rules : []) {
        if (!isPlainObject(rule)) continue;
        for (const b of Array.isArray(rule.backendRefs) ? rule.backendRefs : [])
          if (isPlainObject(b) && typeof b.name === 'string') out.push(`${typeof b.kind === 'string' ? b.kind : 'Service'}/${refNs(b.namespace)}/${b.name}`);
      }
      break;
    }
    case 'Route': {
      const to = spec?.to;
      if (isPlainObject(to) && typeof to.name === 'string') out.push(`Service/${ns}/${to.name}`);
      for (const b of Array.isArray(spec?.alternateBackends) ? spec.alternateBackends : []) if (isPlainObject(b) && typeof b.name === 'string') out.push(`Service/${ns}/${b.name}`);
      break;
    }
    case 'RoleBinding':
    case 'ClusterRoleBinding': {
      const ref = obj.roleRef;
      if (isPlainObject(ref) && typeof ref.name === 'string') out.push(ref.kind === 'Role' ? `Role/${ns}/${ref.name}` : `ClusterRole/${ref.name}`);
      for (const s of Array.isArray(obj.subjects) ? obj.subjects : [])
        if (isPlainObject(s) && s.kind === 'ServiceAccount' && typeof s.name === 'string') out.push(`ServiceAccount/${refNs(s.namespace)}/${s.name}`);
      break;
    }
    default:
      break;
  }
  // KServe predictor → its runtime.
  const predictor = isPlainObject(spec?.predictor) ? spec?.predictor : undefined;
  const model = predictor && isPlainObject(predictor.model) ? predictor.model : undefined;
  if (model && typeof model.runtime === 'string') out.push(`ServingRuntime/${ns}/${model.runtime}`);
  // kagent
  const decl = isPlainObject(spec?.declarative) ? spec?.declarative : undefined;
  if (decl) {
    if (typeof decl.modelConfig === 'string') out.push(`ModelConfig/${ns}/${decl.modelConfig}`);
    for (const t of Array.isArray(decl.tools) ? decl.tools : []) {
      if (!isPlainObject(t)) continue;
      const m = t.mcpServer;
      if (isPlainObject(m) && typeof m.name === 'string') out.push(`${typeof m.kind === 'string' && m.kind ? m.kind : 'MCPServer'}/${refNs(m.namespace)}/${m.name}`);
      const a = t.agent;
      if (isPlainObject(a) && typeof a.name === 'string') out.push(`${typeof a.kind === 'string' && a.kind ? a.kind : 'Agent'}/${refNs(a.namespace)}/${a.name}`);
    }
  }
  return out;
}

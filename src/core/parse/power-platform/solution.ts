/**
 * Dataverse solution metadata → facts: the solution manifest (a `marker` fact that names the
 * solution), connection references in customizations (`connection`), environment variable
 * definitions (`environment-variable`, plus a `secret` fact when a String default looks like a
 * credential — the value itself is never kept), and the workflow rows of customizations that
 * describe each flow file of a zipped solution.
 */
import type { Fact, Range } from '../../model';
import { mkFact, secretFact } from './common';
import { connectorIdOf } from './connectors';
import type { LineIndex } from './text';
import { secretKind } from './values';
import { type XElement, attr, descendants, kid, kids, textOf } from './xml';

export interface SolutionInfo {
  uniqueName?: string;
  version?: string;
  managed?: boolean;
  publisherPrefix?: string;
}

export function solutionInfo(root: XElement | undefined): SolutionInfo {
  const m = root?.local.toLowerCase() === 'solutionmanifest' ? root : kid(root, 'SolutionManifest');
  if (!m) return {};
  const managed = textOf(m, 'Managed');
  return {
    uniqueName: textOf(m, 'UniqueName') || undefined,
    version: textOf(m, 'Version') || undefined,
    managed: managed === undefined ? undefined : managed === '1' || managed.toLowerCase() === 'true',
    publisherPrefix: textOf(m, 'Publisher', 'CustomizationPrefix') || undefined,
  };
}

export function readSolutionManifest(root: XElement, lines: LineIndex, file: string, scope: string): Fact[] {
  const m = kid(root, 'SolutionManifest');
  if (!m) return [];
  const info = solutionInfo(root);
  const nameEl = kid(m, 'UniqueName');
  const managedEl = kid(m, 'Managed');
  const attributeRanges: Record<string, Range> = {};
  if (managedEl) attributeRanges.managed = lines.range(managedEl.start, managedEl.end);
  const roots = kids(kid(m, 'RootComponents'), 'RootComponent').map((rc) => ({
    type: attr(rc, 'type')?.value ?? null,
    schemaName: attr(rc, 'schemaName')?.value ?? null,
    id: attr(rc, 'id')?.value ?? null,
  }));
  return [
    mkFact({
      kind: 'marker',
      provider: 'powerplatform',
      type: 'power-platform-solution',
      address: `solution:${info.uniqueName ?? 'solution'}`,
      name: info.uniqueName,
      file,
      range: lines.range(m.start, m.end),
      nameRange: nameEl ? lines.range(nameEl.start, nameEl.end) : lines.range(m.start, m.nameEnd),
      scope,
      attributes: {
        uniqueName: info.uniqueName,
        version: info.version,
        managed: info.managed,
        publisherPrefix: info.publisherPrefix,
        rootComponents: roots,
      },
      attributeRanges,
    }),
  ];
}

export interface WorkflowRow {
  id?: string;
  name?: string;
  jsonFileName?: string;
  category?: number;
  stateCode?: number;
}

/** `<Workflow>` rows (customizations.xml of a zip, or a `.json.data.xml` file). */
export function workflowRows(root: XElement | undefined): WorkflowRow[] {
  if (!root) return [];
  const list = root.local.toLowerCase() === 'workflow' ? [root] : descendants(root, 'Workflow');
  return list.map((w) => {
    const cat = textOf(w, 'Category');
    const st = textOf(w, 'StateCode');
    return {
      id: attr(w, 'WorkflowId')?.value?.replace(/[{}]/g, '').toLowerCase(),
      name: attr(w, 'Name')?.value,
      jsonFileName: textOf(w, 'JsonFileName'),
      category: cat !== undefined && /^\d+$/.test(cat) ? Number(cat) : undefined,
      stateCode: st !== undefined && /^\d+$/.test(st) ? Number(st) : undefined,
    };
  });
}

export function readConnectionReferences(root: XElement, lines: LineIndex, file: string, scope: string, solution?: string): Fact[] {
  const out: Fact[] = [];
  for (const cr of descendants(root, 'connectionreference')) {
    const logical = attr(cr, 'connectionreferencelogicalname');
    const name = logical?.value ?? textOf(cr, 'connectionreferencelogicalname') ?? 'connectionreference';
    const connectorEl = kid(cr, 'connectorid');
    const connector = connectorIdOf(connectorEl?.text) ?? connectorEl?.text?.toLowerCase();
    const attributeRanges: Record<string, Range> = {};
    if (connectorEl) attributeRanges.connectorId = lines.range(connectorEl.start, connectorEl.end);
    out.push(
      mkFact({
        kind: 'connection',
        provider: 'powerplatform',
        type: connector ?? 'unknown',
        address: `connectionreference:${name}`,
        name,
        file,
        range: lines.range(cr.start, cr.end),
        nameRange: logical ? lines.range(logical.valueStart, logical.valueEnd) : lines.range(cr.start, cr.nameEnd),
        scope,
        attributes: {
          connectionReference: name,
          displayName: textOf(cr, 'connectionreferencedisplayname'),
          connector,
          customizable: textOf(cr, 'iscustomizable'),
          promptingBehavior: textOf(cr, 'promptingbehavior'),
          stateCode: textOf(cr, 'statecode'),
          solution,
          source: 'customizations',
        },
        attributeRanges,
      }),
    );
  }
  return out;
}

/**
 * Environment variable types: 100000000 String, 100000004 Data source, 100000005 Secret
 * (Azure Key Vault reference) are seen in real exports; 100000001 Number, 100000002 Boolean,
 * 100000003 JSON are from memory (unverified).
 */
const ENV_TYPES: Record<string, string> = {
  '100000000': 'String',
  '100000001': 'Number',
  '100000002': 'Boolean',
  '100000003': 'JSON',
  '100000004': 'DataSource',
  '100000005': 'Secret',
};

export function readEnvironmentVariable(root: XElement, lines: LineIndex, file: string, scope: string, solution?: string): Fact[] {
  if (root.local.toLowerCase() !== 'environmentvariabledefinition') return [];
  const schemaAttr = attr(root, 'schemaname');
  const schema = schemaAttr?.value ?? 'environmentvariable';
  const typeEl = kid(root, 'type');
  const rawType = typeEl?.text;
  const type = rawType ? (ENV_TYPES[rawType] ?? rawType) : 'unknown';
  const defEl = kid(root, 'defaultvalue');
  const address = `envvar:${schema}`;
  const facts: Fact[] = [];
  let defaultValue: string | undefined = defEl?.text;
  const sk = defaultValue !== undefined && type !== 'Secret' ? secretKind(defaultValue, schema.replace(/^[a-z0-9]+_/i, '')) : undefined;
  if (sk && defEl) {
    defaultValue = undefined;
    const r = defEl.textStart !== undefined && defEl.textEnd !== undefined ? lines.range(defEl.textStart, defEl.textEnd) : lines.range(defEl.start, defEl.end);
    facts.push(secretFact({ provider: 'powerplatform', file, owner: address, location: 'defaultvalue', kind: sk, range: r, scope, context: `default value of environment variable ${schema}` }));
  }
  const attributeRanges: Record<string, Range> = {};
  if (typeEl) attributeRanges.type = lines.range(typeEl.start, typeEl.end);
  if (defEl) attributeRanges.defaultValue = lines.range(defEl.start, defEl.end);
  const secretStore = textOf(root, 'secretstore');
  facts.unshift(
    mkFact({
      kind: 'environment-variable',
      provider: 'powerplatform',
      type,
      address,
      name: schema,
      file,
      range: lines.range(root.start, root.end),
      nameRange: schemaAttr ? lines.range(schemaAttr.valueStart, schemaAttr.valueEnd) : lines.range(root.start, root.nameEnd),
      scope,
      attributes: {
        schemaName: schema,
        type,
        typeCode: rawType,
        secret: type === 'Secret',
        keyVaultReference: type === 'Secret',
        secretStore,
        displayName: attr(kid(root, 'displayname'), 'default')?.value,
        hasDefault: defEl !== undefined,
        defaultValue: type === 'Secret' ? undefined : sk ? '[redacted]' : defaultValue,
        defaultLooksSecret: sk !== undefined,
        solution,
      },
      attributeRanges,
    }),
  );
  return facts;
}

/**
 * A Power Platform data loss prevention policy exported as JSON → a `dlp-policy` fact.
 * Two export shapes are read: the current one (`connectorGroups[]` with `classification`
 * Confidential | General | Blocked) and the older one (`properties.definition.apiGroups.hbi /
 * .lbi`). Connector ids are normalised to the `shared_*` / built-in id (`Http`).
 */
import type { Fact, Range } from '../../model';
import { mkFact } from './common';
import { type JNode, child, entry, isObj, strAt } from './json';
import type { LineIndex } from './text';

function connectorIds(list: JNode | undefined): string[] {
  if (list?.kind !== 'array') return [];
  const out: string[] = [];
  for (const c of list.items) {
    const id = strAt(c, 'id') ?? strAt(c, 'name');
    if (!id) continue;
    const m = /\/apis\/([^/]+)$/i.exec(id);
    out.push(m ? m[1] : id);
  }
  return out;
}

export function readDlpPolicy(root: JNode, lines: LineIndex, file: string, scope: string): Fact[] {
  const groups = child(root, 'connectorGroups');
  const props = child(root, 'properties');
  const apiGroups = child(props, 'definition', 'apiGroups');
  if (groups?.kind !== 'array' && !isObj(apiGroups)) return [];
  const business: string[] = [];
  const nonBusiness: string[] = [];
  const blocked: string[] = [];
  if (groups?.kind === 'array') {
    for (const g of groups.items) {
      const cls = (strAt(g, 'classification') ?? '').toLowerCase();
      const ids = connectorIds(child(g, 'connectors'));
      if (cls === 'confidential' || cls === 'business') business.push(...ids);
      else if (cls === 'general' || cls === 'nonbusiness') nonBusiness.push(...ids);
      else if (cls === 'blocked') blocked.push(...ids);
    }
  } else {
    business.push(...connectorIds(child(apiGroups, 'hbi', 'apis')));
    nonBusiness.push(...connectorIds(child(apiGroups, 'lbi', 'apis')));
    blocked.push(...connectorIds(child(apiGroups, 'blocked', 'apis')));
  }
  const displayName = strAt(root, 'displayName') ?? strAt(props, 'displayName') ?? strAt(root, 'name') ?? 'DLP policy';
  const nameEntry = entry(root, 'displayName') ?? entry(props, 'displayName');
  const attributeRanges: Record<string, Range> = {};
  const g = entry(root, 'connectorGroups');
  if (g) attributeRanges.connectorGroups = lines.range(g.keyStart, g.value.end);
  const isHttp = (id: string) => /^(http|httpwebhook|httprequestreceived|shared_webcontents|shared_httpwithazuread)$/i.test(id);
  return [
    mkFact({
      kind: 'dlp-policy',
      provider: 'powerplatform',
      type: 'power-platform-dlp-policy',
      address: `dlp:${displayName}`,
      name: displayName,
      file,
      range: lines.range(root.start, root.end),
      nameRange: nameEntry ? lines.range(nameEntry.value.start, nameEntry.value.end) : lines.range(root.start, root.start + 1),
      scope,
      attributes: {
        displayName,
        environmentType: strAt(root, 'environmentType') ?? strAt(props, 'environmentType'),
        defaultConnectorsClassification: strAt(root, 'defaultConnectorsClassification') ?? strAt(props, 'definition', 'defaultApiGroup'),
        businessConnectors: business,
        nonBusinessConnectors: nonBusiness,
        blockedConnectors: blocked,
        httpBlocked: blocked.some(isHttp),
      },
      attributeRanges,
    }),
  ];
}

/**
 * ARG-DAT-002 for Power Automate and Copilot Studio: a DLP policy in the repository — a policy
 * export (`dlp-policy` fact) or `powerplatform_data_loss_prevention_policy` in Terraform —
 * must block the generic HTTP connectors (HTTP, HTTP with Microsoft Entra ID /
 * `shared_webcontents`) and put the business-data connectors the workload uses in the
 * business group, instead of leaving them in a non-business default.
 *
 * Policies apply together (the strictest wins), so a connector counts as blocked or business
 * when any policy says so. A workload that sends data over HTTP with no policy blocking it is
 * `missing` at that step; one with no policy at all is `missing` at its anchor; a policy that
 * leaves gaps is `partial`. For a JSON policy export the fix adds the missing entries to the
 * Blocked and Confidential (business) groups. Terraform connector lists built by expressions
 * cannot be read: `unresolved`, never `missing`.
 */
import { isExpr, isRef, str } from '../../../facts';
import type { Fact, FactValue, Fix, Location } from '../../../model';
import { BUSINESS_DATA_CONNECTORS, FINANCIAL_CONNECTORS, PRIVILEGED_CONNECTORS, SENSITIVE_CONNECTORS } from '../../../parse/power-platform/connectors';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { actionsOf, copilotAgentOf, flowsOf, strs } from '../pp-util/facts';
import { rereadPp } from '../pp-util/fixes';
import { type OffsetEdit, appendItem, applyOffsetEdits, at, parseStrict, toTextEdits } from '../pp-util/json-edit';

const HTTP_IDS = ['http', 'shared_webcontents'];
const normalise = (id: string) => (/\/apis\/([^/]+)$/i.exec(id)?.[1] ?? id).toLowerCase();

interface Policy {
  fact: Fact;
  /** undefined when the lists cannot be read (expressions). */
  business?: Set<string>;
  blocked?: Set<string>;
  defaultClass?: string;
  json: boolean;
}

function idsOf(v: FactValue | undefined): Set<string> | undefined {
  if (v === undefined || v === null) return new Set();
  if (isExpr(v) || isRef(v) || !Array.isArray(v)) return undefined;
  const out = new Set<string>();
  for (const item of v) {
    const id = typeof item === 'string' ? item : item && typeof item === 'object' && !Array.isArray(item) ? str((item as Record<string, FactValue>).id) : undefined;
    if (id === undefined) return undefined;
    out.add(normalise(id));
  }
  return out;
}

export function policiesOf(ctx: DetectorContext): Policy[] {
  const out: Policy[] = [];
  for (const f of ctx.allFacts.byType('power-platform-dlp-policy')) {
    out.push({
      fact: f,
      business: new Set(strs(f.attributes.businessConnectors).map(normalise)),
      blocked: new Set(strs(f.attributes.blockedConnectors).map(normalise)),
      defaultClass: str(f.attributes.defaultConnectorsClassification),
      json: true,
    });
  }
  for (const f of ctx.allFacts.byType('powerplatform_data_loss_prevention_policy')) {
    if (f.kind !== 'resource') continue;
    const dc = f.attributes.default_connectors_classification;
    out.push({ fact: f, business: idsOf(f.attributes.business_connectors), blocked: idsOf(f.attributes.blocked_connectors), defaultClass: str(dc), json: false });
  }
  return out;
}

interface Use {
  connector: string;
  location: Location;
  what: string;
  factId: string;
}

/** Connectors the workload uses, and its HTTP steps. */
function usesOf(ctx: DetectorContext): { connectors: Use[]; http: Use[]; anchor: Location } | undefined {
  const connectors: Use[] = [];
  const http: Use[] = [];
  const flows = flowsOf(ctx);
  const agent = copilotAgentOf(ctx);
  if (flows.length === 0 && !agent) return undefined;
  for (const flow of flows) {
    for (const a of actionsOf(ctx, flow)) {
      const loc = { file: a.file, range: a.attributeRanges?.uri ?? a.nameRange ?? a.range };
      const connector = str(a.attributes.connector);
      if (/^http$/i.test(str(a.attributes.actionType) ?? '') || connector === 'shared_webcontents') {
        const host = str(a.attributes.host);
        http.push({ connector: connector ?? 'Http', location: loc, what: `step "${a.name}" sends an HTTP request${host ? ` to ${host}` : ''}`, factId: a.id });
      } else if (connector) connectors.push({ connector, location: loc, what: `step "${a.name}"`, factId: a.id });
    }
    for (const c of strs(flow.attributes.connectors)) if (!connectors.some((u) => u.connector === c)) connectors.push({ connector: c, location: { file: flow.file, range: flow.nameRange ?? flow.range }, what: `flow "${flow.name}"`, factId: flow.id });
  }
  if (agent) {
    for (const t of agent.tools) {
      const c = str(t.attributes.connector);
      if (c) connectors.push({ connector: c, location: { file: t.file, range: t.nameRange ?? t.range }, what: `tool "${t.name}"`, factId: t.id });
    }
    for (const t of agent.topics) {
      if (strs(t.attributes.calls).includes('HttpRequestAction')) http.push({ connector: 'Http', location: { file: t.file, range: t.nameRange ?? t.range }, what: `topic "${t.name}" sends HTTP requests`, factId: t.id });
    }
  }
  const first = flows[0] ?? agent?.config ?? agent?.bot;
  const anchor = flows[0] ? { file: flows[0].file, range: flows[0].nameRange ?? flows[0].range } : agent ? agent.anchor : { file: first!.file, range: first!.range };
  return { connectors, http, anchor };
}

const holdsBusinessData = (c: string) => !!(BUSINESS_DATA_CONNECTORS[c] || SENSITIVE_CONNECTORS[c] || FINANCIAL_CONNECTORS[c] || (PRIVILEGED_CONNECTORS[c] && c !== 'shared_webcontents'));

export const ppDetector: Detector = {
  kind: 'pp',
  providers: ['powerplatform'],
  evaluate(ctx): DetectorOutcome[] {
    const uses = usesOf(ctx);
    if (!uses) return [];
    const policies = policiesOf(ctx);
    const names = [...new Set(uses.connectors.map((u) => u.connector))];
    const business = names.filter(holdsBusinessData);
    const listed = business.length ? `its business-data connectors (${business.join(', ')})` : 'its connectors';
    if (policies.length === 0) {
      const h = uses.http[0];
      return [{
        status: 'missing',
        message: h
          ? `No DLP policy in the repository blocks the HTTP connector, and ${h.what}; nor does one put ${listed} in a business group apart from non-business ones. Add a DLP policy for the environment that blocks HTTP and shared_webcontents and classifies these connectors.`
          : `No DLP policy in the repository puts ${listed} in a business group apart from non-business ones, or blocks HTTP egress. Add a DLP policy for the environment, as an export or as powerplatform_data_loss_prevention_policy in Terraform.`,
        location: h ? h.location : uses.anchor,
        anchor: h ? `dlp:none:${h.factId}` : 'dlp:none',
      }];
    }
    const unreadable = policies.filter((p) => p.blocked === undefined || p.business === undefined);
    const httpBlocked = policies.some((p) => HTTP_IDS.every((id) => p.blocked?.has(id)) || p.defaultClass?.toLowerCase() === 'blocked');
    const businessOk = (c: string) => policies.some((p) => p.business?.has(c) || p.defaultClass?.toLowerCase() === 'confidential');
    const unclassified = names.filter((c) => holdsBusinessData(c) && !businessOk(c));
    const evidence = policies.map((p) => ({ file: p.fact.file, range: p.fact.nameRange ?? p.fact.range, why: `DLP policy ${p.fact.name ?? p.fact.address}`, factId: p.fact.id }));
    if (httpBlocked && unclassified.length === 0) {
      return [{ status: 'met', message: `DLP policy blocks HTTP egress and puts the workload's business connectors in the business group.`, evidence }];
    }
    if (unreadable.length > 0 && (!httpBlocked || unclassified.length > 0)) {
      const p = unreadable[0].fact;
      return [{
        status: 'unresolved',
        message: `The connector lists of DLP policy ${p.name ?? p.address} are computed by expressions, so whether it blocks HTTP and classifies ${business.join(', ') || 'the connectors used'} cannot be read from the files.`,
        location: { file: p.file, range: p.nameRange ?? p.range },
        anchor: `dlp:unreadable:${p.address}`,
        evidence,
      }];
    }
    const fix = policyFix(ctx, policies, httpBlocked ? [] : HTTP_IDS, unclassified);
    const gaps: string[] = [];
    if (!httpBlocked) gaps.push('does not block the HTTP and shared_webcontents connectors');
    if (unclassified.length) gaps.push(`leaves ${unclassified.join(', ')} out of the business group`);
    const policyName = policies[0].fact.name ?? policies[0].fact.address;
    const h = uses.http[0];
    if (!httpBlocked && h) {
      return [{
        status: 'missing',
        message: `${h.what[0].toUpperCase()}${h.what.slice(1)}, and the DLP policy (${policyName}) ${gaps.join(' and ')}. Block HTTP in the policy, or allow only named endpoints.`,
        location: h.location,
        anchor: `dlp:http:${h.factId}`,
        evidence,
        fixes: fix ? [fix] : [],
      }];
    }
    return [{
      status: 'partial',
      message: `A DLP policy exists (${policyName}) but it ${gaps.join(' and ')}.`,
      location: uses.anchor,
      anchor: 'dlp:gaps',
      evidence,
      fixes: fix ? [fix] : [],
    }];
  },
};

/** Adds connectors to the Blocked and Confidential groups of the first JSON policy export. */
function policyFix(ctx: DetectorContext, policies: Policy[], block: string[], business: string[]): Fix | undefined {
  const p = policies.find((x) => x.json);
  if (!p || p.fact.file.includes('!/')) return undefined;
  const text = ctx.text(p.fact.file);
  if (!text) return undefined;
  const root = parseStrict(text);
  const groups = at(root, 'connectorGroups');
  if (groups?.kind !== 'array') return undefined;
  const ids: string[] = [];
  for (const g of groups.items) {
    const cs = at(g, 'connectors');
    if (cs?.kind === 'array') for (const c of cs.items) {
      const id = at(c, 'id');
      if (id?.kind === 'string') ids.push(String(id.value));
    }
  }
  const prefix = ids.some((i) => i.startsWith('/providers/Microsoft.PowerApps/apis/')) ? '/providers/Microsoft.PowerApps/apis/' : '';
  const entryOf = (c: string) => ({ id: c === 'http' ? 'Http' : `${prefix}${c}`, name: c === 'http' ? 'HTTP' : c === 'shared_webcontents' ? 'HTTP with Microsoft Entra ID' : (BUSINESS_DATA_CONNECTORS[c] ?? PRIVILEGED_CONNECTORS[c] ?? SENSITIVE_CONNECTORS[c] ?? FINANCIAL_CONNECTORS[c] ?? c), type: 'Microsoft.PowerApps/apis' });
  const edits: OffsetEdit[] = [];
  const newGroups: unknown[] = [];
  for (const [cls, list] of [['Blocked', block], ['Confidential', business]] as const) {
    if (list.length === 0) continue;
    const g = groups.items.find((x) => String(at(x, 'classification')?.kind === 'string' ? (at(x, 'classification') as { value: unknown }).value : '').toLowerCase() === cls.toLowerCase());
    const cs = g ? at(g, 'connectors') : undefined;
    if (g && cs?.kind !== 'array') return undefined;
    if (g && cs?.kind === 'array') {
      let e: OffsetEdit | undefined;
      for (const c of list) {
        const next = appendItem(text, cs, entryOf(c));
        e = e ? { ...e, newText: e.newText + (cs.items.length === 0 ? '' : next.newText) } : next;
      }
      if (cs.items.length === 0 && list.length > 1) return undefined;
      if (e) edits.push(e);
    } else newGroups.push({ classification: cls, connectors: list.map(entryOf) });
  }
  if (newGroups.length) {
    let e: OffsetEdit | undefined;
    for (const g of newGroups) {
      const next = appendItem(text, groups, g);
      e = e ? { ...e, newText: e.newText + next.newText } : next;
    }
    if (groups.items.length === 0 && newGroups.length > 1) return undefined;
    edits.push(e!);
  }
  if (edits.length === 0) return undefined;
  let after: string;
  try {
    after = applyOffsetEdits(text, edits);
  } catch {
    return undefined;
  }
  const facts = rereadPp(ctx, p.fact.file, after);
  const again = facts?.find((f) => f.kind === 'dlp-policy');
  if (!again) return undefined;
  const blocked = strs(again.attributes.blockedConnectors).map(normalise);
  const biz = strs(again.attributes.businessConnectors).map(normalise);
  if (!block.every((b) => blocked.includes(b)) || !business.every((b) => biz.includes(b))) return undefined;
  const parts = [block.length ? 'block HTTP and shared_webcontents' : '', business.length ? `classify ${business.join(', ')} as business` : ''].filter(Boolean);
  return { title: `In DLP policy ${p.fact.name ?? ''}: ${parts.join(' and ')}`, kind: 'unsafe', edits: toTextEdits(p.fact.file, text, edits) };
}

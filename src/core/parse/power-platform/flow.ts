/**
 * A Power Automate cloud flow definition (Logic Apps 2016-06-01 schema, as exported in a
 * Dataverse solution's `Workflows/*.json` or a legacy package's `definition.json`) → facts:
 * one `flow`, one `action` per action (nested scopes, conditions, loops and switch cases
 * included), one `connection` per connection reference of the flow, one `secret` per
 * credential literal (kind and place only).
 *
 * Each action carries its run order (`order`, depth first over `runAfter`-sorted siblings),
 * its `runAfter` predecessors and `parent`, and `afterApproval`: whether an approval that
 * waits for a person (`shared_approvals` StartAndWaitForAnApproval / WaitForAnApproval) is
 * certain to have run before it — through `runAfter` chains, the actions nested in a
 * predecessor, or an enclosing scope / condition that itself runs after the approval.
 */
import type { Fact, FactValue, Range } from '../../model';
import { mkFact, secretFact } from './common';
import {
  type Access,
  type AiKind,
  FINANCIAL_CONNECTORS,
  FINANCIAL_NAME,
  REGULATED_NAME,
  SENSITIVE_NAME,
  accessOf,
  accessOfHttpMethod,
  aiKindOf,
  connectorIdOf,
  hostOf,
  isAiHost,
  isApprovalGate,
} from './connectors';
import { type JNode, type JObject, child, entry, isObj, strAt } from './json';
import type { LineIndex } from './text';
import { type SecretHit, findSecrets, isExpression, toFactValue } from './values';

export interface FlowSource {
  file: string;
  lines: LineIndex;
  root: JNode;
  scope: string;
  origin: 'solution' | 'package';
  /** Display name when known from elsewhere (solution .data.xml, package manifest). */
  displayName?: string;
  flowId?: string;
  solution?: string;
  packageName?: string;
  /** Workflow Category from the solution (5 = modern cloud flow, 6 = desktop flow — 6 unverified). */
  category?: number;
  /** on | off | suspended, when the export says. */
  state?: string;
  /** Where the display name sits, when it comes from another place in this file. */
  nameRange?: Range;
}

export type TriggerKind = 'manual' | 'instant' | 'automated' | 'scheduled' | 'http-request' | 'dataverse-event' | 'unknown';

interface ConnRef {
  key: string;
  connector?: string;
  runtimeSource?: string;
  logicalName?: string;
  range: Range;
  keyRange: Range;
}

interface ActInfo {
  name: string;
  node: JNode;
  keyStart: number;
  keyEnd: number;
  parent?: string;
  branch?: string;
  runAfter: { name: string; statuses: string[] }[];
  childContainers: JObject[];
  children: string[];
  order: number;
}

const DATAVERSE = new Set(['shared_commondataserviceforapps', 'shared_commondataservice', 'shared_dynamicscrmonline']);
const TARGET_KEY = /(^|\/)(entityname|entity|table|tablename|dataset|list|listname|itemtype|collection|view|procedure|queue|topic|folderpath|sheet|file)$/i;

export function readFlow(src: FlowSource): Fact[] {
  const { file, lines, root, scope } = src;
  const facts: Fact[] = [];
  const rng = (a: number, b: number) => lines.range(a, b);
  const props = child(root, 'properties');
  const definition = child(props, 'definition');
  const displayEntry = entry(props, 'displayName');
  const displayName =
    src.displayName ?? (displayEntry?.value.kind === 'string' ? String((displayEntry.value as { value: unknown }).value) : undefined) ?? strAt(root, 'name') ?? 'flow';
  const flowAddress = `flow:${displayName}`;
  const flowId = `${file}#${flowAddress}`;

  // ── connection references of the flow ──
  const connRefs = new Map<string, ConnRef>();
  const refsNode = child(props, 'connectionReferences');
  if (isObj(refsNode)) {
    for (const e of refsNode.entries) {
      const v = e.value;
      const connector =
        connectorIdOf(strAt(v, 'id')) ?? connectorIdOf(strAt(v, 'api', 'id')) ?? (strAt(v, 'api', 'name') ?? strAt(v, 'apiName'))?.toLowerCase() ?? guessConnectorFromKey(e.key);
      const rs = (strAt(v, 'runtimeSource') ?? strAt(v, 'source'))?.toLowerCase();
      connRefs.set(e.key, {
        key: e.key,
        connector,
        runtimeSource: rs,
        logicalName: strAt(v, 'connection', 'connectionReferenceLogicalName') ?? strAt(v, 'connectionName'),
        range: rng(e.keyStart, v.end),
        keyRange: rng(e.keyStart, e.keyEnd),
      });
    }
  }
  const connectorOfKey = (key: string | undefined): string | undefined => (key ? (connRefs.get(key)?.connector ?? guessConnectorFromKey(key)) : undefined);

  // ── trigger ──
  const triggers = child(definition, 'triggers');
  const trig = isObj(triggers) ? triggers.entries[0] : undefined;
  const trigger = trig ? classifyTrigger(trig.value, connectorOfKey) : undefined;

  // ── actions ──
  const acts = new Map<string, ActInfo>();
  const topLevel = child(definition, 'actions');
  const containers: { node: JObject; parent?: string; branch?: string }[] = [];
  const collect = (node: JNode | undefined, parent?: string, branch?: string, depth = 0) => {
    if (!isObj(node) || depth > 64) return;
    containers.push({ node, parent, branch });
    for (const e of node.entries) {
      const runAfter: { name: string; statuses: string[] }[] = [];
      const ra = child(e.value, 'runAfter');
      if (isObj(ra)) {
        for (const r of ra.entries) {
          const statuses = r.value.kind === 'array' ? r.value.items.flatMap((x) => (x.kind === 'string' ? [String(x.value)] : [])) : [];
          runAfter.push({ name: r.key, statuses });
        }
      }
      const info: ActInfo = {
        name: e.key,
        node: e.value,
        keyStart: e.keyStart,
        keyEnd: e.keyEnd,
        parent,
        branch,
        runAfter,
        childContainers: [],
        children: [],
        order: -1,
      };
      if (!acts.has(e.key)) acts.set(e.key, info);
      if (parent) acts.get(parent)?.children.push(e.key);
      const nested: [JNode | undefined, string][] = [
        [child(e.value, 'actions'), 'actions'],
        [child(e.value, 'else', 'actions'), 'else'],
        [child(e.value, 'default', 'actions'), 'default'],
      ];
      const cases = child(e.value, 'cases');
      if (isObj(cases)) for (const c of cases.entries) nested.push([child(c.value, 'actions'), `case:${c.key}`]);
      for (const [n, b] of nested) {
        if (isObj(n)) {
          info.childContainers.push(n);
          collect(n, e.key, b, depth + 1);
        }
      }
    }
  };
  collect(topLevel);

  // run order: depth first over topologically sorted siblings
  let order = 0;
  const visitContainer = (node: JObject) => {
    for (const name of topoSort(node, acts)) {
      const a = acts.get(name);
      if (!a || a.order >= 0) continue;
      a.order = order++;
      for (const c of a.childContainers) visitContainer(c);
    }
  };
  if (isObj(topLevel)) visitContainer(topLevel);

  // Whether an approval is certain to have run before an action: one of its success
  // predecessors is an approval or holds one (nested), or itself runs after one, or the
  // enclosing action does. Booleans memoized per action, walked without recursion: the sets of
  // all predecessors this used to build cost O(n²) time and memory on a long `runAfter` chain
  // (4 000 chained actions 1.8 s and 320 MB; 20 000 ran the process out of memory).
  const succeededAfter = (a: ActInfo | undefined): string[] =>
    // Only a success path proves the predecessor ran to completion.
    (a?.runAfter ?? []).filter((r) => r.statuses.length === 0 || r.statuses.some((st) => /^succeeded$/i.test(st))).map((r) => r.name);
  const holdsApproval = new Map<string, boolean>();
  const isOrHoldsApproval = (name: string) =>
    anyReachable(name, (n) => acts.get(n)?.children ?? [], (n) => approvalNames.has(n), holdsApproval);
  const afterApprovalMemo = new Map<string, boolean>();
  const runsAfterApproval = (name: string) =>
    anyReachable(
      name,
      (n) => {
        const a = acts.get(n);
        return a?.parent ? [...succeededAfter(a), a.parent] : succeededAfter(a);
      },
      (n) => succeededAfter(acts.get(n)).some(isOrHoldsApproval),
      afterApprovalMemo,
    );

  // ── per action facts ──
  const actionFacts: Fact[] = [];
  const approvalNames = new Set<string>();
  const details = new Map<string, ActionDetail>();
  for (const a of acts.values()) {
    const d = describeAction(a.node, connectorOfKey);
    details.set(a.name, d);
    if (d.approval) approvalNames.add(a.name);
  }
  const writes: string[] = [];
  const writesWithoutApproval: string[] = [];
  const aiActions: string[] = [];
  const aiKinds = new Set<AiKind>();
  const connectors = new Set<string>();
  if (trigger?.connector) connectors.add(trigger.connector);
  const secrets: Fact[] = [];

  for (const a of [...acts.values()].sort((x, y) => x.order - y.order)) {
    const d = details.get(a.name)!;
    const afterApproval = runsAfterApproval(a.name);
    if (d.connector) connectors.add(d.connector);
    if (d.access === 'write') {
      writes.push(a.name);
      if (!afterApproval) writesWithoutApproval.push(a.name);
    }
    if (d.ai) {
      aiActions.push(a.name);
      aiKinds.add(d.ai);
    }
    const address = `${flowAddress}/action/${a.name}`;
    const inputs = child(a.node, 'inputs');
    const hits: SecretHit[] = [];
    const parameters = toFactValue(child(inputs, 'parameters'), hits, 'inputs.parameters');
    if (!child(inputs, 'parameters')) findSecrets(inputs, 'inputs', undefined, hits);
    for (const h of hits) {
      secrets.push(
        secretFact({
          provider: 'powerplatform',
          file,
          owner: address,
          location: h.path,
          kind: h.kind,
          range: rng(h.node.start, h.node.end),
          scope,
          context: `action ${a.name} of flow ${displayName}`,
        }),
      );
    }
    const attributeRanges: Record<string, Range> = {};
    const opNode = child(inputs, 'host', 'operationId');
    if (opNode) attributeRanges.operationId = rng(opNode.start, opNode.end);
    const uriNode = child(inputs, 'uri');
    if (uriNode) attributeRanges.uri = rng(uriNode.start, uriNode.end);
    const methodNode = child(inputs, 'method');
    if (methodNode) attributeRanges.method = rng(methodNode.start, methodNode.end);
    const raNode = entry(a.node, 'runAfter');
    if (raNode) attributeRanges.runAfter = rng(raNode.keyStart, raNode.value.end);
    const hints: string[] = [];
    const sensitiveTargets = d.targets.filter((t) => SENSITIVE_NAME.test(t));
    const regulatedTargets = d.targets.filter((t) => REGULATED_NAME.test(t));
    if (sensitiveTargets.length > 0) hints.push('data:sensitive');
    if (d.targets.some((t) => /payroll|salar|compensation|wage|payslip/i.test(t))) hints.push('data:payroll');
    if (d.connector && FINANCIAL_CONNECTORS[d.connector]) hints.push('effect:financial-system');
    if (d.access === 'write' && (d.targets.some((t) => FINANCIAL_NAME.test(t)) || (d.connector && FINANCIAL_CONNECTORS[d.connector]))) hints.push('effect:financial');
    if (d.ai) hints.push(`ai:${d.ai}`);
    if (d.headersFromLiteral) hints.push('secret:inline');

    actionFacts.push(
      mkFact({
        kind: 'action',
        provider: 'powerplatform',
        type: d.connector ?? d.type ?? 'unknown',
        address,
        name: a.name,
        file,
        range: rng(a.keyStart, a.node.end),
        nameRange: rng(a.keyStart, a.keyEnd),
        scope,
        attributes: {
          flow: displayName,
          flowFactId: flowId,
          actionType: d.type,
          connector: d.connector,
          operationId: d.operationId,
          method: d.method,
          host: d.host,
          uri: d.uri,
          access: d.access,
          ai: d.ai !== undefined,
          aiKind: d.ai,
          approval: d.approval,
          afterApproval,
          order: a.order,
          runAfter: a.runAfter.map((r) => r.name),
          parent: a.parent,
          branch: a.branch,
          targets: d.targets,
          sensitiveTargets,
          regulatedTargets,
          parameters: parameters === null ? undefined : parameters,
        },
        attributeRanges,
        hints,
        references: [flowId],
      }),
    );
  }

  // ── connection facts (per connection reference of the flow) ──
  const connectionFacts: Fact[] = [];
  for (const c of connRefs.values()) {
    connectionFacts.push(
      mkFact({
        kind: 'connection',
        provider: 'powerplatform',
        type: c.connector ?? 'unknown',
        address: `${flowAddress}/connection/${c.key}`,
        name: c.key,
        file,
        range: c.range,
        nameRange: c.keyRange,
        scope,
        attributes: {
          flow: displayName,
          flowFactId: flowId,
          connector: c.connector,
          runtimeSource: c.runtimeSource,
          connectionReference: c.logicalName,
        },
        references: [flowId],
      }),
    );
  }

  // ── the flow itself ──
  const trigRange = trig ? rng(trig.keyStart, trig.value.end) : undefined;
  const attributeRanges: Record<string, Range> = {};
  if (trigRange) attributeRanges.trigger = trigRange;
  if (trig) attributeRanges['trigger.name'] = rng(trig.keyStart, trig.keyEnd);
  if (displayEntry) attributeRanges.displayName = rng(displayEntry.value.start, displayEntry.value.end);
  if (refsNode) {
    const e = entry(props, 'connectionReferences');
    if (e) attributeRanges.connectionReferences = rng(e.keyStart, e.value.end);
  }
  const nameRange = src.nameRange ?? (displayEntry ? rng(displayEntry.value.start, displayEntry.value.end) : trig ? rng(trig.keyStart, trig.keyEnd) : rng(root.start, Math.min(root.end, root.start + 1)));
  const triggerKind: TriggerKind = trigger?.kind ?? 'unknown';
  const desktop = src.category === 6 || connectors.has('shared_uiflow');
  const hints: string[] = [];
  if (trigger?.public) hints.push('exposure:public');
  if (aiActions.length > 0) hints.push('ai:flow');

  const flow = mkFact({
    kind: 'flow',
    provider: 'powerplatform',
    type: 'power-automate-flow',
    address: flowAddress,
    name: displayName,
    file,
    range: rng(root.start, root.end),
    nameRange,
    scope,
    attributes: {
      displayName,
      flowId: src.flowId ?? strAt(root, 'name'),
      origin: src.origin,
      solution: src.solution,
      package: src.packageName,
      category: src.category,
      state: src.state ?? strAt(props, 'state'),
      trigger: trigger
        ? ({
            name: trig!.key,
            type: trigger.type,
            kind: trigger.rawKind,
            triggerKind: trigger.kind,
            connector: trigger.connector,
            operationId: trigger.operationId,
            authenticationType: trigger.authType,
            entity: trigger.entity,
            recurrence: trigger.recurrence,
          })
        : undefined,
      triggerKind,
      publicHttpTrigger: trigger?.public ?? false,
      autonomous: ['automated', 'scheduled', 'dataverse-event', 'http-request'].includes(triggerKind),
      connectors: [...connectors].sort(),
      connections: [...connRefs.values()].map((c) => ({ key: c.key, connector: c.connector ?? null, runtimeSource: c.runtimeSource ?? null, connectionReference: c.logicalName ?? null })),
      embeddedConnections: [...connRefs.values()].filter((c) => c.runtimeSource === 'embedded').map((c) => c.key),
      ai: aiActions.length > 0,
      aiActions,
      aiKinds: [...aiKinds].sort(),
      writeActions: writes,
      approvalActions: [...approvalNames],
      writesWithoutApproval,
      approvalBeforeWrite: writes.length > 0 && writesWithoutApproval.length === 0,
      desktopFlow: desktop,
      actionCount: acts.size,
      secretCount: secrets.length,
    },
    attributeRanges,
    hints,
    references: [...actionFacts.map((f) => f.id), ...connectionFacts.map((f) => f.id)],
  });
  facts.push(flow, ...actionFacts, ...connectionFacts, ...secrets);
  return facts;
}

function guessConnectorFromKey(key: string): string | undefined {
  const m = /^(shared_[a-z0-9-]+?)(?:_\d+|-\d+)?$/i.exec(key);
  return m ? m[1].toLowerCase() : undefined;
}

/**
 * Whether `start`, or a node reachable from it through `next`, satisfies `hit`. Results are
 * memoized per node in `memo`; a node met again on the path being walked counts as false (a
 * cycle proves nothing). Walked with an explicit stack, so a chain of any length is fine.
 */
function anyReachable(start: string, next: (n: string) => readonly string[], hit: (n: string) => boolean, memo: Map<string, boolean>): boolean {
  const known = memo.get(start);
  if (known !== undefined) return known;
  const onPath = new Set<string>();
  const stack: { name: string; deps: readonly string[]; i: number; value: boolean }[] = [];
  const open = (name: string) => {
    onPath.add(name);
    const value = hit(name);
    stack.push({ name, deps: value ? [] : next(name), i: 0, value });
  };
  open(start);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.value || top.i >= top.deps.length) {
      stack.pop();
      onPath.delete(top.name);
      memo.set(top.name, top.value);
      if (stack.length > 0 && top.value) stack[stack.length - 1].value = true;
      continue;
    }
    const d = top.deps[top.i++];
    const m = memo.get(d);
    if (m !== undefined) top.value ||= m;
    else if (!onPath.has(d)) open(d);
  }
  return memo.get(start) ?? false;
}

function topoSort(container: JObject, acts: Map<string, ActInfo>): string[] {
  const names = container.entries.map((e) => e.key);
  const inSet = new Set(names);
  const indeg = new Map<string, number>(names.map((n) => [n, 0]));
  const next = new Map<string, string[]>();
  for (const n of names) {
    for (const r of acts.get(n)?.runAfter ?? []) {
      if (!inSet.has(r.name)) continue;
      indeg.set(n, (indeg.get(n) ?? 0) + 1);
      const list = next.get(r.name);
      if (list) list.push(n);
      else next.set(r.name, [n]);
    }
  }
  const out: string[] = [];
  const ready = names.filter((n) => indeg.get(n) === 0);
  for (let k = 0; k < ready.length; k++) {
    const n = ready[k];
    out.push(n);
    for (const m of next.get(n) ?? []) {
      indeg.set(m, (indeg.get(m) ?? 0) - 1);
      if (indeg.get(m) === 0) ready.push(m);
    }
  }
  const placed = new Set(out);
  for (const n of names) if (!placed.has(n)) out.push(n); // cycles: keep file order
  return out;
}

interface TriggerInfo {
  kind: TriggerKind;
  type?: string;
  rawKind?: string;
  public: boolean;
  connector?: string;
  operationId?: string;
  authType?: string;
  entity?: string;
  recurrence?: FactValue;
}

function classifyTrigger(t: JNode, connectorOfKey: (k: string | undefined) => string | undefined): TriggerInfo {
  const type = strAt(t, 'type');
  const rawKind = strAt(t, 'kind');
  const inputs = child(t, 'inputs');
  const lt = (type ?? '').toLowerCase();
  const lk = (rawKind ?? '').toLowerCase();
  if (lt === 'request') {
    const authType = strAt(inputs, 'triggerAuthenticationType');
    if (lk === 'button') return { kind: 'manual', type, rawKind, public: false };
    if (lk === 'http' || lk === '') {
      const restricted = !!authType && !/^(all|anyone)$/i.test(authType);
      return { kind: 'http-request', type, rawKind, public: !restricted, authType };
    }
    return { kind: 'instant', type, rawKind, public: false, authType };
  }
  if (lt === 'recurrence') return { kind: 'scheduled', type, rawKind, public: false, recurrence: toFactValue(child(t, 'recurrence')) };
  if (lt.startsWith('openapiconnection') || lt.startsWith('apiconnection') || lt === 'httpwebhook' || lt === 'http') {
    const host = child(inputs, 'host');
    const connector =
      connectorIdOf(strAt(host, 'apiId')) ?? connectorOfKey(strAt(host, 'connectionName')) ?? connectorOfKey(connectionKeyFromExpression(strAt(host, 'connection', 'name')));
    const operationId = strAt(host, 'operationId');
    const params = child(inputs, 'parameters');
    let entity: string | undefined;
    if (isObj(params)) {
      for (const e of params.entries) if (TARGET_KEY.test(e.key) && e.value.kind === 'string' && !isExpression(e.value.value as string)) entity ??= e.value.value as string;
    }
    const kind: TriggerKind = connector && DATAVERSE.has(connector) ? 'dataverse-event' : 'automated';
    return { kind, type, rawKind, public: false, connector, operationId, entity, recurrence: child(t, 'recurrence') ? toFactValue(child(t, 'recurrence')) : undefined };
  }
  return { kind: type ? 'automated' : 'unknown', type, rawKind, public: false };
}

/** `@parameters('$connections')['shared_office365']['connectionId']` → `shared_office365`. */
function connectionKeyFromExpression(expr: string | undefined): string | undefined {
  if (!expr) return undefined;
  const m = /\$connections'\)\['([^']+)'\]/.exec(expr);
  return m ? m[1] : undefined;
}

interface ActionDetail {
  type?: string;
  connector?: string;
  operationId?: string;
  method?: string;
  uri?: FactValue;
  host?: string;
  access: Access;
  ai?: AiKind;
  approval: boolean;
  targets: string[];
  headersFromLiteral: boolean;
}

function describeAction(node: JNode, connectorOfKey: (k: string | undefined) => string | undefined): ActionDetail {
  const type = strAt(node, 'type');
  const inputs = child(node, 'inputs');
  const lt = (type ?? '').toLowerCase();
  const targets: string[] = [];
  const params = child(inputs, 'parameters');
  if (isObj(params)) {
    for (const e of params.entries) {
      if (TARGET_KEY.test(e.key) && e.value.kind === 'string' && !isExpression(e.value.value as string)) targets.push(e.value.value as string);
    }
  }
  if (lt === 'http') {
    const method = strAt(inputs, 'method');
    const uriStr = strAt(inputs, 'uri');
    const host = hostOf(uriStr);
    const ai: AiKind | undefined = isAiHost(host) ? 'llm-api' : undefined;
    const headers = child(inputs, 'headers');
    return {
      type,
      method,
      uri: uriStr === undefined ? undefined : toFactValue(child(inputs, 'uri'), [], 'uri', 'uri'),
      host,
      access: ai ? 'read' : accessOfHttpMethod(method),
      ai,
      approval: false,
      targets,
      headersFromLiteral: findSecrets(headers).length > 0,
    };
  }
  if (lt.startsWith('openapiconnection') || lt.startsWith('apiconnection')) {
    const host = child(inputs, 'host');
    const apiId = strAt(host, 'apiId');
    let connector = connectorIdOf(apiId) ?? connectorOfKey(strAt(host, 'connectionName')) ?? connectorOfKey(connectionKeyFromExpression(strAt(host, 'connection', 'name')));
    if (connector === 'aibuilder') connector = 'shared_commondataserviceforapps';
    let operationId = strAt(host, 'operationId');
    let access: Access;
    let method: string | undefined;
    if (!operationId && lt.startsWith('apiconnection')) {
      method = strAt(inputs, 'method');
      const path = strAt(inputs, 'path');
      operationId = method && path ? `${method.toUpperCase()} ${path}` : undefined;
      access = accessOfHttpMethod(method);
      if (path) {
        const decoded = safeDecode(path);
        for (const m of decoded.matchAll(/\/(?:tables|lists|datasets|entities)\/([^/'"@{}]+)/gi)) targets.push(m[1]);
      }
    } else {
      access = accessOf(connector, operationId);
    }
    const ai = aiKindOf(apiId && /aibuilder/i.test(apiId) ? 'aibuilder' : connector, operationId);
    return {
      type,
      connector,
      operationId,
      method,
      access,
      ai,
      approval: isApprovalGate(connector, operationId),
      targets,
      headersFromLiteral: false,
    };
  }
  // Built-in actions (Compose, variables, control flow, Response, child flows…)
  let access: Access = 'none';
  if (lt === 'workflow') access = 'unknown';
  return { type, access, approval: false, targets, headersFromLiteral: false };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Tier and modifier signals of Power Platform facts, and their grouping into workloads.
 *
 * Tier: a flow with an AI operation, a Copilot Studio agent → L3 (citizen-built agent). A
 * flow without an AI operation gives no signal and forms no workload. An agent that hands
 * work to another Copilot agent (connected agent) → L8; one that calls an external agent
 * stays L3 with a note (the external side cannot be seen in the export).
 */
import type { FactQuery } from '../../catalogue/types';
import { evidence, get, scanIndex, scopeKey, str } from '../../facts';
import type { Evidence, Fact, Tier } from '../../model';
import type { ModifierSignal, WorkloadDraft } from '../../plugin';
import { BUSINESS_DATA_CONNECTORS, FINANCIAL_CONNECTORS, PRIVILEGED_CONNECTORS, SENSITIVE_CONNECTORS } from './connectors';

type TierOut = { tier: Tier; pattern: string; evidence: Evidence[] };

const ADMIN = /^shared_(powerplatformforadmins|powerappsforadmins|flowmanagement|microsoftflowforadmins|powerplatformadminv2)$/;

function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function actionFactOf(flow: Fact, name: string, all: FactQuery): Fact | undefined {
  return all.byId(`${flow.file}#${flow.address}/action/${name}`);
}

export function ppTierSignals(fact: Fact, all: FactQuery): TierOut[] {
  if (fact.kind === 'flow' && fact.attributes.ai === true) {
    const names = strs(fact.attributes.aiActions);
    const ev = names
      .map((n) => actionFactOf(fact, n, all))
      .filter((f): f is Fact => !!f)
      .map((f) => evidence(f, `action "${f.name}" is an AI operation (${str(f.attributes.aiKind) ?? 'ai'}${f.attributes.operationId ? ', ' + str(f.attributes.operationId) : f.attributes.host ? ', ' + str(f.attributes.host) : ''})`));
    if (ev.length === 0) ev.push(evidence(fact, 'the flow calls an AI operation'));
    return [{ tier: 'L3', pattern: 'Citizen-built Power Automate flow that calls an AI operation', evidence: ev }];
  }
  if (fact.kind === 'bot' && fact.type === 'copilot-studio-agent') {
    return [{ tier: 'L3', pattern: 'Citizen-built Copilot Studio agent', evidence: [evidence(fact, `Copilot Studio agent "${fact.name}"`)] }];
  }
  if (fact.kind === 'agent' && (fact.type === 'copilot-studio-configuration' || fact.type === 'copilot-studio-instructions')) {
    return [{ tier: 'L3', pattern: 'Citizen-built Copilot Studio agent', evidence: [evidence(fact, 'Copilot Studio agent definition')] }];
  }
  if (fact.kind === 'action' && fact.type === 'copilot-connected-agent') {
    return [{ tier: 'L8', pattern: 'Copilot Studio agent that hands work to another agent (multi-agent)', evidence: [evidence(fact, `tool "${fact.name}" invokes a connected agent`, 'action.kind')] }];
  }
  if (fact.kind === 'action' && fact.type === 'copilot-external-agent') {
    return [
      {
        tier: 'L3',
        pattern: 'Copilot Studio agent that calls an external agent (a multi-agent pattern, L8, when the other side is an autonomous agent; review)',
        evidence: [evidence(fact, `tool "${fact.name}" invokes an external agent`, 'action.kind')],
      },
    ];
  }
  return [];
}

function sig(modifier: ModifierSignal['modifier'], rating: ModifierSignal['rating'], ev: Evidence[]): ModifierSignal {
  return { modifier, rating, evidence: ev };
}

export function ppModifierSignals(fact: Fact, all: FactQuery): ModifierSignal[] {
  const out: ModifierSignal[] = [];
  const a = fact.attributes;
  if (fact.kind === 'flow') {
    if (a.publicHttpTrigger === true) {
      out.push(sig('exposure', 'high', [evidence(fact, 'triggered by an HTTP request that anyone holding the URL can send', 'trigger')]));
    }
    if (a.autonomous === true) {
      const writes = strs(a.writesWithoutApproval);
      const kind = str(a.triggerKind);
      if (writes.length > 0) {
        const ev = [evidence(fact, `runs by itself (${kind} trigger)`, 'trigger')];
        for (const n of writes.slice(0, 3)) {
          const f = actionFactOf(fact, n, all);
          if (f) ev.push(evidence(f, `"${f.name}" writes with no approval step before it`));
        }
        out.push(sig('autonomy', 'high', ev));
      } else {
        out.push(sig('autonomy', 'medium', [evidence(fact, strs(a.writeActions).length > 0 ? `runs by itself (${kind} trigger); its writes wait for an approval` : `runs by itself (${kind} trigger) but writes nothing`, 'trigger')]));
      }
    }
    if (a.desktopFlow === true && Number(a.category) === 6) {
      out.push(sig('physicalEffect', 'high', [evidence(fact, 'desktop flow: acts on real machines')]));
    }
    return out;
  }
  if (fact.kind === 'action' && fact.attributes.flowFactId !== undefined) {
    const connector = str(a.connector);
    const access = str(a.access);
    const label = connector ? (PRIVILEGED_CONNECTORS[connector] ?? connector) : str(a.actionType);
    if (connector && ADMIN.test(connector)) {
      out.push(sig('integrationPrivilege', 'high', [evidence(fact, `uses the tenant admin connector ${label}`, 'operationId')]));
    } else if (connector === 'shared_keyvault') {
      out.push(sig('integrationPrivilege', 'high', [evidence(fact, 'reads secrets from Azure Key Vault', 'operationId')]));
    } else if (access === 'write') {
      if (connector && PRIVILEGED_CONNECTORS[connector]) {
        out.push(sig('integrationPrivilege', 'high', [evidence(fact, `writes through ${label} (${str(a.operationId) ?? 'write'})`, 'operationId')]));
      } else if (!connector && str(a.actionType)?.toLowerCase() === 'http') {
        out.push(sig('integrationPrivilege', 'high', [evidence(fact, `sends an HTTP ${str(a.method) ?? ''} request to ${str(a.host) ?? 'an arbitrary address'}`, 'method')]));
      } else {
        out.push(sig('integrationPrivilege', 'medium', [evidence(fact, `writes through ${label ?? 'a connector'} (${str(a.operationId) ?? 'write'})`, 'operationId')]));
      }
    }
    const regulated = strs(a.regulatedTargets);
    const targets = strs(a.sensitiveTargets);
    if (regulated.length > 0) {
      out.push(sig('dataSensitivity', 'high', [evidence(fact, `works on ${regulated.map((t) => `"${t}"`).join(', ')} (regulated data: health, identity or payment details)`)]));
    } else if (targets.length > 0) {
      out.push(sig('dataSensitivity', 'medium', [evidence(fact, `works on ${targets.map((t) => `"${t}"`).join(', ')} (HR, payroll or finance data)`)]));
    } else if (connector && SENSITIVE_CONNECTORS[connector]) {
      out.push(sig('dataSensitivity', 'medium', [evidence(fact, `reaches ${SENSITIVE_CONNECTORS[connector]} (HR and payroll data)`)]));
    } else if (connector && BUSINESS_DATA_CONNECTORS[connector] && access !== 'none') {
      out.push(sig('dataSensitivity', 'medium', [evidence(fact, `reads or writes business data in ${BUSINESS_DATA_CONNECTORS[connector]}`)]));
    }
    const hints = fact.hints ?? [];
    if (connector === 'shared_uiflow') {
      out.push(sig('physicalEffect', 'high', [evidence(fact, 'runs a desktop flow that acts on real machines', 'operationId')]));
    } else if (hints.includes('effect:financial')) {
      const why = connector && FINANCIAL_CONNECTORS[connector] ? `changes ${FINANCIAL_CONNECTORS[connector]}` : `changes financial records (${strs(a.targets).join(', ')})`;
      out.push(sig('physicalEffect', 'high', [evidence(fact, `${why}: a financial effect`, 'operationId')]));
    }
    return out;
  }
  if (fact.kind === 'connection' && str(a.runtimeSource) === 'embedded') {
    out.push(sig('integrationPrivilege', 'high', [evidence(fact, `connection "${fact.name}" is embedded: every run uses the maker's credentials`)]));
    return out;
  }
  if (fact.kind === 'secret' && fact.provider === 'powerplatform') {
    out.push(sig('dataSensitivity', 'medium', [evidence(fact, `a ${str(a.kind) ?? 'credential'} is written into the export`)]));
    return out;
  }
  if (fact.kind === 'bot' && fact.type === 'copilot-studio-agent') {
    const mode = str(a.authenticationMode);
    if (mode && /^none$/i.test(mode)) {
      if (a.authenticationModeMapped === true) {
        out.push(sig('exposure', 'medium', [evidence(fact, `authenticationmode ${str(a.authenticationModeRaw)} (read as "None", no sign-in; the numeric code is not confirmed)`, 'authenticationMode')]));
      } else {
        out.push(sig('exposure', 'high', [evidence(fact, 'authenticationMode None: anyone can chat with the agent without signing in', 'authenticationMode')]));
      }
    }
    return out;
  }
  if (fact.kind === 'agent' && fact.type === 'copilot-studio-configuration' && a.generativeOrchestration === true) {
    // Indexed by scope once per analysis: a read depends on this agent's scope only.
    const byScope = scanIndex(all, 'pp:generative-actions-by-scope', (f) => (f.kind === 'action' && f.attributes.generative === true ? scopeKey(f.scope) : undefined), () => all.byKind('action'));
    const tools = byScope.get(scopeKey(fact.scope));
    const risky = tools.filter((t) => (t.attributes.access === 'write' || t.attributes.access === 'unknown') && t.attributes.requiresConfirmation !== true);
    if (risky.length > 0) {
      out.push(
        sig('autonomy', 'high', [
          evidence(fact, 'generative orchestration: the model picks and runs tools by itself', 'settings.GenerativeActionsEnabled'),
          ...risky.slice(0, 3).map((t) => evidence(t, `tool "${t.name}" can act without asking for confirmation`)),
        ]),
      );
    } else {
      out.push(sig('autonomy', 'medium', [evidence(fact, 'generative orchestration: the model picks the tools it runs', 'settings.GenerativeActionsEnabled')]));
    }
    return out;
  }
  if (fact.kind === 'action' && fact.attributes.generative === true) {
    const connector = str(a.connector);
    if (str(a.connectionMode)?.toLowerCase() === 'maker') {
      out.push(sig('integrationPrivilege', 'high', [evidence(fact, `tool "${fact.name}" runs with the maker's connection (mode Maker), not the user's`, 'connectionMode')]));
    } else if (a.access === 'write' && connector && PRIVILEGED_CONNECTORS[connector]) {
      out.push(sig('integrationPrivilege', 'high', [evidence(fact, `tool "${fact.name}" writes through ${PRIVILEGED_CONNECTORS[connector]}`, 'action.operationId')]));
    } else if (a.mcp === true) {
      out.push(sig('integrationPrivilege', 'medium', [evidence(fact, `tool "${fact.name}" is an MCP server the model can call`, 'action.operationDetails')]));
    } else if (a.access === 'write') {
      out.push(sig('integrationPrivilege', 'medium', [evidence(fact, `tool "${fact.name}" writes (${str(a.operationId) ?? 'write'})`, 'action.operationId')]));
    }
    if (connector && BUSINESS_DATA_CONNECTORS[connector]) {
      out.push(sig('dataSensitivity', 'medium', [evidence(fact, `tool "${fact.name}" reaches ${BUSINESS_DATA_CONNECTORS[connector]}`)]));
    }
    return out;
  }
  if (fact.kind === 'connection' && fact.type === 'copilot-knowledge') {
    const k = str(a.sourceKind) ?? '';
    if (/dataverse|sharepoint|onedrive|graph|sql/i.test(k)) out.push(sig('dataSensitivity', 'medium', [evidence(fact, `knowledge source ${k} holds business data`)]));
    return out;
  }
  return out;
}

// ───────────── grouping ─────────────

function rootOfScope(scope: string | undefined): string {
  if (!scope) return '.';
  const m = /^pp:(?:solution|package|agent|dlp):(.*)$/.exec(scope);
  if (m) return m[1];
  const b = /^pp:bot:(.*):[^:]*$/.exec(scope);
  return b ? b[1] : '.';
}

export function ppGroup(facts: readonly Fact[], all: FactQuery): WorkloadDraft[] {
  void all;
  const drafts: WorkloadDraft[] = [];
  const byFlow = new Map<string, Fact[]>();
  const byScope = new Map<string, Fact[]>();
  const flowsByGuid = new Map<string, Fact>();
  for (const f of facts) {
    const owner = str(f.attributes.flowFactId);
    if (owner) byFlow.set(owner, [...(byFlow.get(owner) ?? []), f]);
    if (f.scope) byScope.set(f.scope, [...(byScope.get(f.scope) ?? []), f]);
    if (f.kind === 'flow' && typeof f.attributes.flowId === 'string') flowsByGuid.set(f.attributes.flowId.toLowerCase(), f);
  }
  const flowMembers = (flow: Fact): string[] => {
    const ids = [flow.id, ...(byFlow.get(flow.id) ?? []).map((f) => f.id)];
    const logical = new Set(
      (Array.isArray(flow.attributes.connections) ? flow.attributes.connections : []).map((c) => str(get(c, 'connectionReference'))).filter((x): x is string => !!x),
    );
    for (const f of byScope.get(flow.scope ?? '') ?? []) {
      if (f.kind === 'connection' && str(f.attributes.source) === 'customizations' && logical.has(str(f.attributes.connectionReference) ?? '')) ids.push(f.id);
      if (f.kind === 'secret' && f.file === flow.file && f.address.startsWith(flow.address + '/')) ids.push(f.id);
    }
    return ids;
  };

  for (const flow of facts) {
    if (flow.kind !== 'flow' || flow.attributes.ai !== true) continue;
    const sol = str(flow.attributes.solution);
    const pkg = str(flow.attributes.package);
    const where = sol ? `, solution ${sol}` : pkg ? `, package ${pkg}` : '';
    drafts.push({ kind: 'power-platform', name: `${flow.name} (flow${where})`, root: rootOfScope(flow.scope), members: flowMembers(flow), anchorFactId: flow.id });
  }

  for (const [scope, members] of byScope) {
    if (!scope.startsWith('pp:bot:') && !scope.startsWith('pp:agent:')) continue;
    const bot = members.find((f) => f.kind === 'bot');
    const agent = members.find((f) => f.kind === 'agent' && f.type === 'copilot-studio-configuration') ?? members.find((f) => f.kind === 'agent');
    const anchor = bot ?? agent;
    if (!anchor) continue;
    const ids = members.map((f) => f.id);
    for (const t of members) {
      const flowId = str(t.attributes.flowId);
      const flow = t.kind === 'action' && flowId ? flowsByGuid.get(flowId.toLowerCase()) : undefined;
      if (flow) ids.push(...flowMembers(flow));
    }
    const sol = str(bot?.attributes.solution);
    const name = str(bot?.attributes.displayName) ?? anchor.name ?? 'agent';
    drafts.push({ kind: 'power-platform', name: `${name} (Copilot Studio agent${sol ? `, solution ${sol}` : ''})`, root: rootOfScope(scope), members: [...new Set(ids)], anchorFactId: anchor.id });
  }
  return drafts;
}

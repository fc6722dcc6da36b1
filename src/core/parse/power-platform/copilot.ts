/**
 * Copilot Studio agents → facts. Two source shapes carry the same settings:
 * - the agent source format (`*.mcs.yml`: `settings.mcs.yml`, `agent.mcs.yml`,
 *   `actions/*.mcs.yml`, `topics/*.mcs.yml`, `knowledge/*.mcs.yml`,
 *   `connectionreferences.mcs.yml`);
 * - a Dataverse solution (`bots/<schema>/bot.xml`, `bots/<schema>/configuration.json`,
 *   `botcomponents/<bot>.<type>.<name>/data`, whose YAML has the same kinds).
 *
 * Facts: `bot` (auth mode, access policy), `agent` (generative orchestration, content
 * moderation, model knowledge, instructions presence), `action` per tool (connection mode
 * Invoker | Maker, MCP, external or connected agents, flows, AI Builder prompts) and per topic
 * that calls out (HTTP, connectors, flows), `connection` per knowledge source and connection
 * reference. All facts of one agent share a `scope`, which `group` uses.
 */
import type { Fact, FactObject, FactValue, ParseProblem, Range } from '../../model';
import { get, str, truth } from '../../facts';
import { type YamlDocument, readYamlDocuments, isPlainObject, yamlNestingBeyond } from '../yaml-util';
import { mkFact, mkProblem, secretFact } from './common';
import { accessOf } from './connectors';
import { type JNode, child, entry, plain } from './json';
import { LineIndex } from './text';
import { type XElement, attr, kid, textOf } from './xml';
import { secretKind } from './values';

export interface CopilotContext {
  file: string;
  scope: string;
  /** Agent / bot schema name when known from the path. */
  botSchema?: string;
  solution?: string;
}

/** bot.xml numeric `authenticationmode` — mapping NOT confirmed from documentation (signals.md §8). */
const AUTH_MODE_NUMERIC: Record<string, string> = { '1': 'None', '2': 'Integrated', '3': 'Custom Azure AD' };

// ───────────── YAML (agent source format and botcomponent data) ─────────────

export function readCopilotYaml(text: string, ctx: CopilotContext, fileKind: 'mcs' | 'botcomponent-data', component?: { type?: string; name?: string }): { facts: Fact[]; problems: ParseProblem[] } {
  const deep = yamlNestingBeyond(text);
  if (deep) {
    const lines = new LineIndex(text);
    return { facts: [], problems: [mkProblem(ctx.file, lines.range(deep.offset, deep.offset + 1), 'parse/yaml-too-deep', `${deep.message}; the file was not read.`, 'error')] };
  }
  const res = readYamlDocuments(text, ctx.file);
  const facts: Fact[] = [];
  const problems = [...res.problems];
  for (const doc of res.documents) {
    if (doc.refused || !isPlainObject(doc.value)) continue;
    facts.push(...fromYamlDoc(doc, ctx, fileKind, component));
  }
  return { facts, problems };
}

function rOf(doc: YamlDocument, path: string): Range | undefined {
  return doc.ranges[path];
}

function fromYamlDoc(doc: YamlDocument, ctx: CopilotContext, fileKind: string, component?: { type?: string; name?: string }): Fact[] {
  const v = doc.value as FactObject;
  const kind = str(v.kind);
  const fileBase = ctx.file.split('/').pop()!.replace(/\.mcs\.ya?ml$/i, '');
  const agentLabel = ctx.botSchema ?? 'agent';
  const base = { provider: 'powerplatform' as const, file: ctx.file, scope: ctx.scope, range: doc.range };
  const ranges = (paths: string[]): Record<string, Range> => {
    const out: Record<string, Range> = {};
    for (const p of paths) {
      const r = rOf(doc, p);
      if (r) out[p] = r;
    }
    return out;
  };

  // settings.mcs.yml (no kind) or a BotDefinition
  if (!kind && (v.schemaName !== undefined || v.authenticationMode !== undefined) || kind === 'BotDefinition') {
    const entity = kind === 'BotDefinition' && isPlainObject(v.entity) ? (v.entity as FactObject) : v;
    const prefix = kind === 'BotDefinition' ? 'entity.' : '';
    const schema = str(entity.schemaName) ?? ctx.botSchema ?? agentLabel;
    const displayName = str(entity.displayName) ?? schema;
    const cfg = isPlainObject(entity.configuration) ? entity.configuration : {};
    const authMode = str(entity.authenticationMode);
    const gen = truth(get(cfg, 'settings.GenerativeActionsEnabled'));
    const recognizer = str(get(cfg, 'recognizer.kind')) ?? str(get(cfg, 'recognizer.$kind'));
    const facts: Fact[] = [];
    facts.push(
      mkFact({
        ...base,
        kind: 'bot',
        type: 'copilot-studio-agent',
        address: `copilot:${schema}`,
        name: displayName,
        nameRange: rOf(doc, `${prefix}displayName`) ?? rOf(doc, `${prefix}schemaName`) ?? doc.range,
        attributes: {
          schemaName: schema,
          displayName,
          authenticationMode: authMode,
          authenticationTrigger: str(entity.authenticationTrigger),
          accessControlPolicy: str(entity.accessControlPolicy),
          source: 'settings.mcs.yml',
          solution: ctx.solution,
        },
        attributeRanges: ranges([`${prefix}authenticationMode`, `${prefix}accessControlPolicy`, `${prefix}authenticationTrigger`]),
        hints: authMode && /^none$/i.test(authMode) ? ['exposure:public'] : [],
      }),
    );
    facts.push(configurationFact(cfg, ctx, schema, base.range, (p) => rOf(doc, `${prefix}configuration.${p}`), 'settings.mcs.yml', gen, recognizer));
    return facts;
  }

  switch (kind) {
    case 'GptComponentMetadata': {
      const caps = isPlainObject(v.gptCapabilities) ? v.gptCapabilities : {};
      return [
        mkFact({
          ...base,
          kind: 'agent',
          type: 'copilot-studio-instructions',
          address: `copilot:${agentLabel}/instructions${component?.name ? '/' + component.name : ''}`,
          name: component?.name ?? 'instructions',
          nameRange: rOf(doc, 'kind') ?? doc.range,
          attributes: {
            hasInstructions: typeof v.instructions === 'string' && v.instructions.trim().length > 0,
            webBrowsing: truth(caps.webBrowsing) === true,
            codeInterpreter: truth(caps.codeInterpreter) === true,
            model: str(get(v, 'aISettings.model.kind')) ?? str(get(v, 'aISettings.model.modelNameHint')),
          },
          attributeRanges: ranges(['instructions', 'gptCapabilities', 'gptCapabilities.webBrowsing', 'gptCapabilities.codeInterpreter']),
        }),
      ];
    }
    case 'TaskDialog':
      return [taskDialogFact(doc, v, ctx, fileBase, component)];
    case 'AdaptiveDialog':
      return topicFacts(doc, v, ctx, fileBase, component);
    case 'KnowledgeSourceConfiguration': {
      const sourceKind = str(get(v, 'source.kind'));
      return [
        mkFact({
          ...base,
          kind: 'connection',
          type: 'copilot-knowledge',
          address: `copilot:${agentLabel}/knowledge/${component?.name ?? fileBase}`,
          name: component?.name ?? fileBase,
          nameRange: rOf(doc, 'source.kind') ?? doc.range,
          attributes: {
            knowledge: true,
            sourceKind,
            site: str(get(v, 'source.site')),
            public: sourceKind === 'PublicSiteSearchSource' || sourceKind === 'PublicWebsiteSearchSource',
          },
          attributeRanges: ranges(['source', 'source.kind', 'source.site']),
        }),
      ];
    }
    case 'ConnectionReferencesSourceFile': {
      const refs = Array.isArray(v.connectionReferences) ? v.connectionReferences : [];
      return refs.filter(isPlainObject).map((r, k) => {
        const logical = str(r.connectionReferenceLogicalName) ?? `ref${k}`;
        return mkFact({
          ...base,
          kind: 'connection',
          type: str(r.connectorId)?.toLowerCase().split('/').pop() ?? connectorFromReference(logical) ?? 'unknown',
          address: `copilot:${agentLabel}/connectionreference/${logical}`,
          name: logical,
          range: rOf(doc, `connectionReferences.${k}`) ?? doc.range,
          nameRange: rOf(doc, `connectionReferences.${k}.connectionReferenceLogicalName`) ?? rOf(doc, `connectionReferences.${k}`),
          attributes: { connectionReference: logical, connector: str(r.connectorId)?.split('/').pop(), source: 'connectionreferences.mcs.yml' },
        });
      });
    }
    default:
      void fileKind;
      return [];
  }
}

/** `cr81b_agent.shared_office365.shared-office365-…` → `shared_office365`. */
export function connectorFromReference(ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  const m = /(?:^|\.)(shared_[a-z0-9_-]+?)(?:\.|$)/i.exec(ref);
  return m ? m[1].toLowerCase() : undefined;
}

function taskDialogFact(doc: YamlDocument, v: FactObject, ctx: CopilotContext, fileBase: string, component?: { type?: string; name?: string }): Fact {
  const action = isPlainObject(v.action) ? v.action : {};
  const actionKind = str(action.kind);
  const ref = str(action.connectionReference);
  const connector = connectorFromReference(ref);
  const operationId = str(action.operationId) ?? str(get(action, 'operationDetails.operationId'));
  const mode = str(get(action, 'connectionProperties.mode'));
  const mcp = str(get(action, 'operationDetails.kind')) === 'ModelContextProtocolMetadata';
  const externalAgent = actionKind === 'InvokeExternalAgentTaskAction' && !mcp;
  const connectedAgent = actionKind === 'InvokeConnectedAgentTaskAction';
  const inputs = Array.isArray(v.inputs) ? v.inputs.filter(isPlainObject) : [];
  const automaticInputs = inputs.filter((i) => i.kind === 'AutomaticTaskInput').length;
  const confirmationKey = Object.keys(v).find((k) => /confirm/i.test(k));
  let type: string;
  let ai: string | undefined;
  if (mcp) {
    type = 'copilot-mcp';
    ai = 'mcp';
  } else if (externalAgent) {
    type = 'copilot-external-agent';
    ai = 'external-agent';
  } else if (connectedAgent) {
    type = 'copilot-connected-agent';
    ai = 'external-agent';
  } else if (actionKind === 'InvokeFlowTaskAction') type = 'copilot-flow';
  else if (actionKind === 'InvokeAIBuilderModelTaskAction') {
    type = 'aibuilder';
    ai = 'ai-builder';
  } else type = connector ?? actionKind ?? 'copilot-action';
  const access = mcp || externalAgent || connectedAgent ? 'unknown' : actionKind === 'InvokeFlowTaskAction' ? 'unknown' : accessOf(connector, operationId);
  const name = str(v.modelDisplayName) ?? component?.name ?? fileBase;
  const nameRange = doc.ranges['modelDisplayName'] ?? doc.ranges['kind'] ?? doc.range;
  const attributeRanges: Record<string, Range> = {};
  for (const p of ['action', 'action.kind', 'action.connectionProperties.mode', 'action.connectionProperties', 'action.operationId', 'action.connectionReference', 'action.operationDetails']) {
    if (doc.ranges[p]) attributeRanges[p === 'action.connectionProperties.mode' ? 'connectionMode' : p] = doc.ranges[p];
  }
  if (confirmationKey && doc.ranges[confirmationKey]) attributeRanges.confirmation = doc.ranges[confirmationKey];
  const hints: string[] = [];
  if (ai) hints.push(`ai:${ai}`);
  return mkFact({
    kind: 'action',
    provider: 'powerplatform',
    type,
    address: `copilot:${ctx.botSchema ?? 'agent'}/action/${component?.name ?? fileBase}`,
    name,
    file: ctx.file,
    range: doc.range,
    nameRange,
    scope: ctx.scope,
    attributes: {
      agent: ctx.botSchema,
      actionKind,
      connector,
      connectionReference: ref,
      operationId,
      connectionMode: mode,
      mcp,
      externalAgent,
      connectedAgent,
      flowId: str(action.flowId),
      access,
      ai: ai !== undefined,
      aiKind: ai,
      generative: true,
      automaticInputs,
      manualInputs: inputs.length - automaticInputs,
      requiresConfirmation: confirmationKey ? truth(v[confirmationKey] as FactValue) !== false : undefined,
      modelDescription: typeof v.modelDescription === 'string' ? v.modelDescription.slice(0, 500) : undefined,
    },
    attributeRanges,
    hints,
  });
}

/** Node kinds in a topic that reach out of the conversation. */
const TOPIC_CALLS: Record<string, { access: 'read' | 'write' | 'unknown'; ai?: string }> = {
  HttpRequestAction: { access: 'unknown' },
  InvokeConnectorAction: { access: 'unknown' },
  InvokeFlowAction: { access: 'unknown' },
  InvokeAIBuilderModelAction: { access: 'read', ai: 'ai-builder' },
  SearchAndSummarizeContent: { access: 'read', ai: 'copilot' },
  AnswerQuestionWithAI: { access: 'read', ai: 'copilot' },
  InvokeSkillAction: { access: 'unknown' },
};

function topicFacts(doc: YamlDocument, v: FactObject, ctx: CopilotContext, fileBase: string, component?: { type?: string; name?: string }): Fact[] {
  const calls: string[] = [];
  const secrets: Fact[] = [];
  const address = `copilot:${ctx.botSchema ?? 'agent'}/topic/${component?.name ?? fileBase}`;
  const walk = (x: FactValue, path: string, depth: number) => {
    if (depth > 60) return;
    if (Array.isArray(x)) x.forEach((y, k) => walk(y, `${path}.${k}`, depth + 1));
    else if (isPlainObject(x)) {
      const k = str(x.kind);
      if (k && TOPIC_CALLS[k]) calls.push(k);
      if (k === 'HttpRequestAction' && Array.isArray(x.headers)) {
        x.headers.forEach((h, i) => {
          if (!isPlainObject(h)) return;
          const val = str(h.value);
          const sk = val !== undefined ? secretKind(val, str(h.key)) : undefined;
          if (sk) {
            const r = doc.ranges[`${path}.headers.${i}.value`] ?? doc.ranges[`${path}.headers.${i}`] ?? doc.range;
            secrets.push(secretFact({ provider: 'powerplatform', file: ctx.file, owner: address, location: `${path}.headers.${i}`.replace(/^\./, ''), kind: sk, range: r, scope: ctx.scope }));
          }
        });
      }
      for (const [kk, vv] of Object.entries(x)) walk(vv, path ? `${path}.${kk}` : kk, depth + 1);
    }
  };
  walk(v, '', 0);
  const trigger = str(get(v, 'beginDialog.kind'));
  const ai = calls.map((c) => TOPIC_CALLS[c].ai).find((a) => a);
  const topic = mkFact({
    kind: 'action',
    provider: 'powerplatform',
    type: 'copilot-topic',
    address,
    name: component?.name ?? fileBase,
    file: ctx.file,
    range: doc.range,
    nameRange: doc.ranges['beginDialog'] ?? doc.ranges['kind'] ?? doc.range,
    scope: ctx.scope,
    attributes: {
      agent: ctx.botSchema,
      trigger,
      calls: [...new Set(calls)],
      access: calls.some((c) => TOPIC_CALLS[c].access === 'unknown') ? 'unknown' : 'none',
      ai: ai !== undefined,
      aiKind: ai,
      secretCount: secrets.length,
    },
  });
  return [topic, ...secrets];
}

// ───────────── solution form: bot.xml and configuration.json ─────────────

export function readBotXml(root: XElement, lines: LineIndex, ctx: CopilotContext): Fact[] {
  const schema = attr(root, 'schemaname')?.value ?? ctx.botSchema ?? 'bot';
  const modeEl = kid(root, 'authenticationmode');
  const raw = modeEl?.text;
  const mapped = raw !== undefined ? (AUTH_MODE_NUMERIC[raw] ?? raw) : undefined;
  const rangeOf = (el: XElement | undefined) => (el ? lines.range(el.start, el.end) : undefined);
  const nameEl = kid(root, 'name');
  const attributeRanges: Record<string, Range> = {};
  const mr = rangeOf(modeEl);
  if (mr) attributeRanges.authenticationMode = mr;
  const acp = kid(root, 'accesscontrolpolicy');
  if (acp) attributeRanges.accessControlPolicy = rangeOf(acp)!;
  return [
    mkFact({
      kind: 'bot',
      provider: 'powerplatform',
      type: 'copilot-studio-agent',
      address: `copilot:${schema}`,
      name: nameEl?.text || schema,
      file: ctx.file,
      range: lines.range(root.start, root.end),
      nameRange: lines.range(root.nameStart - 1, root.nameEnd),
      scope: ctx.scope,
      attributes: {
        schemaName: schema,
        displayName: nameEl?.text || schema,
        authenticationMode: mapped,
        authenticationModeRaw: raw,
        authenticationModeMapped: raw !== undefined && /^\d+$/.test(raw),
        authenticationTrigger: textOf(root, 'authenticationtrigger'),
        accessControlPolicy: acp?.text,
        runtimeProvider: textOf(root, 'runtimeprovider'),
        template: textOf(root, 'template'),
        language: textOf(root, 'language'),
        source: 'bot.xml',
        solution: ctx.solution,
      },
      attributeRanges,
    }),
  ];
}

export function readBotConfigurationJson(root: JNode, lines: LineIndex, ctx: CopilotContext): Fact[] {
  const cfg = plain(root);
  const cfgObj = (cfg && typeof cfg === 'object' && !Array.isArray(cfg) ? cfg : {}) as FactObject;
  const gen = truth(get(cfgObj, 'settings.GenerativeActionsEnabled'));
  const recognizer = str(get(cfgObj, 'recognizer.$kind')) ?? str(get(cfgObj, 'recognizer.kind'));
  const rangeAt = (p: string): Range | undefined => {
    const parts = p.split('.');
    const last = parts.pop()!;
    const parent = parts.length ? child(root, ...parts) : root;
    const e = entry(parent, last);
    return e ? lines.range(e.keyStart, e.value.end) : undefined;
  };
  return [configurationFact(cfgObj, ctx, ctx.botSchema ?? 'bot', lines.range(root.start, root.end), rangeAt, 'configuration.json', gen, recognizer)];
}

function configurationFact(
  cfg: FactObject,
  ctx: CopilotContext,
  schema: string,
  range: Range,
  rangeAt: (p: string) => Range | undefined,
  source: string,
  gen: ReturnType<typeof truth>,
  recognizer: string | undefined,
): Fact {
  const ai = isPlainObject(cfg.aISettings) ? cfg.aISettings : {};
  const attributeRanges: Record<string, Range> = {};
  for (const p of ['settings.GenerativeActionsEnabled', 'aISettings.contentModeration', 'aISettings.useModelKnowledge', 'recognizer', 'aISettings']) {
    const r = rangeAt(p);
    if (r) attributeRanges[p] = r;
  }
  const generative = gen === true || recognizer === 'GenerativeAIRecognizer';
  return mkFact({
    kind: 'agent',
    provider: 'powerplatform',
    type: 'copilot-studio-configuration',
    address: `copilot:${schema}/configuration`,
    name: schema,
    file: ctx.file,
    range,
    nameRange: attributeRanges['settings.GenerativeActionsEnabled'] ?? attributeRanges.recognizer ?? range,
    scope: ctx.scope,
    attributes: {
      schemaName: schema,
      generativeOrchestration: generative,
      generativeActionsEnabled: gen === undefined ? undefined : gen === true,
      recognizer,
      contentModeration: str(ai.contentModeration),
      useModelKnowledge: truth(ai.useModelKnowledge) === true,
      fileAnalysis: truth(ai.isFileAnalysisEnabled) === true,
      semanticSearch: truth(ai.isSemanticSearchEnabled) === true,
      source,
    },
    attributeRanges,
  });
}


/**
 * Salesforce sfdx metadata (Agentforce) → facts.
 *
 * | file                                             | fact                                          |
 * |--------------------------------------------------|-----------------------------------------------|
 * | `bots/<Bot>/<Bot>.bot-meta.xml`                  | `bot` agentforce-bot (agentType, botUser)     |
 * | `bots/<Bot>/<v>.botVersion-meta.xml`             | `bot` agentforce-bot-version (planner names)  |
 * | `genAiPlannerBundles/<N>/<N>.genAiPlannerBundle` | `agent` agentforce-planner + local actions    |
 * | `genAiPlanners/<N>.genAiPlanner-meta.xml`        | `agent` agentforce-planner                    |
 * | `genAiPlugins/<N>.genAiPlugin-meta.xml`          | `action` agentforce-topic + local actions     |
 * | `genAiFunctions/<N>/<N>.genAiFunction-meta.xml`  | `action` agentforce-action                    |
 * | `aiAuthoringBundles/<N>/<N>.agent`               | `agent` agentforce-agent-script + actions     |
 * | `genAiPromptTemplates/<N>.genAiPromptTemplate-meta.xml` | `action` agentforce-prompt-template    |
 * | `namedCredentials/<N>.namedCredential-meta.xml`  | `connection` salesforce-named-credential      |
 * | `externalCredentials/<N>.externalCredential-meta.xml` | `connection` salesforce-external-credential |
 * | `flows/<N>.flow-meta.xml` (inside an sfdx project) | `flow` salesforce-flow                      |
 *
 * Every fact of one package directory shares the scope `sf:<dir>`.
 */
import type { Fact, ParseProblem, Range } from '../../model';
import { ProblemSink } from '../code/text';
import { mkFact, secretFact, uniqueIds } from '../power-platform/common';
import { xmlOrProblem } from '../power-platform/read';
import { LineIndex, basename, stripBom } from '../power-platform/text';
import { secretKind } from '../power-platform/values';
import { type XElement, kid, kids, textOf } from '../power-platform/xml';
import { readAgentScript } from './agentscript';

export type SfFileKind =
  | 'bot'
  | 'bot-version'
  | 'planner-bundle'
  | 'planner'
  | 'plugin'
  | 'function'
  | 'agent-script'
  | 'prompt-template'
  | 'named-credential'
  | 'external-credential'
  | 'flow';

const PATTERNS: [SfFileKind, RegExp][] = [
  ['bot', /(?:^|\/)bots\/[^/]+\/[^/]+\.bot-meta\.xml$/],
  ['bot-version', /(?:^|\/)bots\/[^/]+\/[^/]+\.botVersion-meta\.xml$/],
  ['planner-bundle', /(?:^|\/)genAiPlannerBundles\/[^/]+\/[^/]+\.genAiPlannerBundle$/],
  ['planner', /\.genAiPlanner-meta\.xml$/],
  ['plugin', /\.genAiPlugin-meta\.xml$/],
  ['function', /\.genAiFunction-meta\.xml$/],
  ['agent-script', /(?:^|\/)aiAuthoringBundles\/[^/]+\/[^/]+\.agent$/],
  ['prompt-template', /\.genAiPromptTemplate-meta\.xml$/],
  ['named-credential', /\.namedCredential-meta\.xml$/],
  ['external-credential', /\.externalCredential-meta\.xml$/],
  ['flow', /(?:^|\/)(?:force-app\/(?:[^/]+\/)*|(?:[^/]+\/)*main\/default\/)flows\/[^/]+\.flow-meta\.xml$/],
];

export function classifySfPath(path: string): SfFileKind | undefined {
  for (const [k, re] of PATTERNS) if (re.test(path)) return k;
  return undefined;
}

const META_DIR = /\/?(?:bots|genAiPlannerBundles|genAiPlanners|genAiPlugins|genAiFunctions|aiAuthoringBundles|genAiPromptTemplates|namedCredentials|externalCredentials|flows)\/.*$/;

export function sfScope(path: string): string {
  const dir = path.replace(META_DIR, '');
  return `sf:${dir === '' ? '.' : dir}`;
}

function nameFromFile(path: string): string {
  return basename(path).replace(/\.(bot|botVersion|genAiPlanner|genAiPlugin|genAiFunction|genAiPromptTemplate|namedCredential|externalCredential|flow)-meta\.xml$|\.genAiPlannerBundle$|\.agent$/, '');
}

const bool = (s: string | undefined): boolean | undefined => (s === undefined ? undefined : /^true$/i.test(s.trim()) ? true : /^false$/i.test(s.trim()) ? false : undefined);

export interface SfReadResult {
  facts: Fact[];
  problems: ParseProblem[];
  language?: string;
}

export function readSfText(path: string, rawText: string, kind: SfFileKind): SfReadResult {
  const text = stripBom(rawText);
  const lines = new LineIndex(text);
  const scope = sfScope(path);
  if (kind === 'agent-script') {
    const r = readAgentScript(text, lines, path, scope, nameFromFile(path));
    return { facts: uniqueIds(r.facts), problems: r.problems, language: 'agentscript' };
  }
  const problems: ParseProblem[] = [];
  const sink = new ProblemSink(path, problems);
  const root = xmlOrProblem(path, text, lines, sink);
  sink.close();
  if (!root) return { facts: [], problems, language: 'xml' };
  const name = nameFromFile(path);
  const r = (el: XElement | undefined): Range | undefined => (el ? lines.range(el.start, el.end) : undefined);
  const whole = lines.range(root.start, root.end);
  const head = lines.range(root.start, root.nameEnd + 0);
  const base = { provider: 'salesforce' as const, file: path, scope, range: whole };
  const facts: Fact[] = [];
  const ranges = (pairs: [string, XElement | undefined][]): Record<string, Range> => {
    const out: Record<string, Range> = {};
    for (const [k, el] of pairs) {
      const rr = r(el);
      if (rr) out[k] = rr;
    }
    return out;
  };

  switch (kind) {
    case 'bot': {
      const agentType = kid(root, 'agentType');
      const botUser = kid(root, 'botUser');
      const type = kid(root, 'type');
      const planners = [...new Set(kids(root, 'botVersions').flatMap((v) => kids(kid(v, 'conversationDefinitionPlanners'), 'genAiPlannerName').map((p) => p.text)))];
      const label = textOf(root, 'label') || name;
      facts.push(
        mkFact({
          ...base,
          kind: 'bot',
          type: 'agentforce-bot',
          address: `sf:bot:${name}`,
          name: label,
          nameRange: r(kid(root, 'label')) ?? head,
          attributes: {
            developerName: name,
            label,
            agentType: agentType?.text,
            agentTemplate: textOf(root, 'agentTemplate'),
            botType: type?.text,
            botUser: botUser?.text,
            hasBotUser: !!botUser?.text,
            planners,
            agentforce: !!(agentType?.text || textOf(root, 'agentTemplate') || /copilot/i.test(type?.text ?? '') || planners.length > 0),
          },
          attributeRanges: ranges([
            ['agentType', agentType],
            ['botUser', botUser],
            ['type', type],
          ]),
        }),
      );
      break;
    }
    case 'bot-version': {
      const bot = basename(path.slice(0, path.lastIndexOf('/')));
      const planners = kids(kid(root, 'conversationDefinitionPlanners'), 'genAiPlannerName');
      facts.push(
        mkFact({
          ...base,
          kind: 'bot',
          type: 'agentforce-bot-version',
          address: `sf:bot:${bot}/version/${name}`,
          name: `${bot} ${name}`,
          nameRange: r(planners[0]) ?? head,
          attributes: {
            bot,
            version: name,
            planners: planners.map((p) => p.text),
            articleAnswersGPTEnabled: bool(textOf(root, 'articleAnswersGPTEnabled')),
            knowledgeActionEnabled: bool(textOf(root, 'knowledgeActionEnabled')),
          },
          attributeRanges: ranges([['planners', kid(root, 'conversationDefinitionPlanners')]]),
        }),
      );
      break;
    }
    case 'planner-bundle':
    case 'planner': {
      const plugins = kids(root, 'genAiPlugins').map((p) => textOf(p, 'genAiPluginName')).filter((x): x is string => !!x);
      const functions = kids(root, 'genAiFunctions').map((f) => textOf(f, 'genAiFunctionName') ?? textOf(f, 'functionName')).filter((x): x is string => !!x);
      const localTopics = kids(root, 'localTopics');
      const plannerType = kid(root, 'plannerType');
      const label = textOf(root, 'masterLabel') || name;
      facts.push(
        mkFact({
          ...base,
          kind: 'agent',
          type: 'agentforce-planner',
          address: `sf:planner:${name}`,
          name: label,
          nameRange: r(kid(root, 'masterLabel')) ?? r(plannerType) ?? head,
          attributes: {
            developerName: name,
            label,
            plannerType: plannerType?.text,
            plugins,
            functions,
            localTopics: localTopics.map((t) => textOf(t, 'developerName') ?? textOf(t, 'fullName') ?? '').filter(Boolean),
            surfaces: kids(root, 'plannerSurfaces').map((s) => textOf(s, 'surfaceType') ?? '').filter(Boolean),
            bundle: kind === 'planner-bundle',
          },
          attributeRanges: ranges([['plannerType', plannerType]]),
        }),
      );
      for (const t of localTopics) for (const a of kids(t, 'localActions')) facts.push(functionFact(a, lines, path, scope, undefined, { planner: name, topic: textOf(t, 'developerName') ?? textOf(t, 'fullName') }));
      for (const a of kids(root, 'plannerActions')) facts.push(functionFact(a, lines, path, scope, undefined, { planner: name }));
      break;
    }
    case 'plugin': {
      const functions = kids(root, 'genAiFunctions').map((f) => textOf(f, 'functionName')).filter((x): x is string => !!x);
      const label = textOf(root, 'masterLabel') || name;
      facts.push(
        mkFact({
          ...base,
          kind: 'action',
          type: 'agentforce-topic',
          address: `sf:topic:${name}`,
          name: label,
          nameRange: r(kid(root, 'masterLabel')) ?? head,
          attributes: {
            developerName: name,
            label,
            pluginType: textOf(root, 'pluginType'),
            canEscalate: bool(textOf(root, 'canEscalate')),
            functions,
            localActions: kids(root, 'localActions').map((a) => textOf(a, 'developerName') ?? textOf(a, 'fullName') ?? '').filter(Boolean),
            access: 'none',
          },
        }),
      );
      for (const a of kids(root, 'localActions')) facts.push(functionFact(a, lines, path, scope, undefined, { topic: name }));
      break;
    }
    case 'function':
      facts.push(functionFact(root, lines, path, scope, name, {}));
      break;
    case 'prompt-template': {
      const label = textOf(root, 'masterLabel') || name;
      facts.push(
        mkFact({
          ...base,
          kind: 'action',
          type: 'agentforce-prompt-template',
          address: `sf:prompt:${name}`,
          name: label,
          nameRange: r(kid(root, 'masterLabel')) ?? head,
          attributes: {
            developerName: name,
            label,
            templateType: textOf(root, 'type'),
            activeVersion: textOf(root, 'activeVersionIdentifier'),
            relatedEntity: textOf(root, 'relatedEntity'),
            ai: true,
            aiKind: 'llm-prompt',
            access: 'read',
          },
        }),
      );
      break;
    }
    case 'named-credential': {
      const params = kids(root, 'namedCredentialParameters');
      const urlParam = params.find((p) => /^url$/i.test(textOf(p, 'parameterType') ?? '') || /^url$/i.test(textOf(p, 'parameterName') ?? ''));
      const extParam = params.find((p) => /authentication/i.test(textOf(p, 'parameterType') ?? ''));
      const endpoint = textOf(root, 'endpoint') ?? textOf(urlParam, 'parameterValue');
      const address = `sf:namedcredential:${name}`;
      for (const tag of ['password', 'oauthToken', 'authToken']) {
        const el = kid(root, tag);
        if (el?.text) {
          const range = el.textStart !== undefined && el.textEnd !== undefined ? lines.range(el.textStart, el.textEnd) : lines.range(el.start, el.end);
          facts.push(secretFact({ provider: 'salesforce', file: path, owner: address, location: tag, kind: secretKind(el.text, tag) ?? 'password', range, scope, context: `named credential ${name}` }));
        }
      }
      facts.unshift(
        mkFact({
          ...base,
          kind: 'connection',
          type: 'salesforce-named-credential',
          address,
          name: textOf(root, 'label') || name,
          nameRange: r(kid(root, 'label')) ?? head,
          attributes: {
            developerName: name,
            endpoint: endpoint && !secretKind(endpoint, 'url') ? endpoint : endpoint ? '[redacted]' : undefined,
            namedCredentialType: textOf(root, 'namedCredentialType'),
            principalType: textOf(root, 'principalType'),
            protocol: textOf(root, 'protocol'),
            externalCredential: textOf(extParam, 'externalCredential'),
            allowMergeFieldsInHeader: bool(textOf(root, 'allowMergeFieldsInHeader')),
            generateAuthorizationHeader: bool(textOf(root, 'generateAuthorizationHeader')),
            hasInlineSecret: facts.length > 0,
          },
          attributeRanges: ranges([['endpoint', kid(root, 'endpoint') ?? urlParam]]),
        }),
      );
      break;
    }
    case 'external-credential': {
      const principals = kids(root, 'externalCredentialParameters')
        .filter((p) => /principal/i.test(textOf(p, 'parameterType') ?? ''))
        .map((p) => ({ name: textOf(p, 'parameterName') ?? null, group: textOf(p, 'parameterGroup') ?? null }));
      facts.push(
        mkFact({
          ...base,
          kind: 'connection',
          type: 'salesforce-external-credential',
          address: `sf:externalcredential:${name}`,
          name: textOf(root, 'label') || name,
          nameRange: r(kid(root, 'label')) ?? head,
          attributes: { developerName: name, authenticationProtocol: textOf(root, 'authenticationProtocol'), principals },
          attributeRanges: ranges([['authenticationProtocol', kid(root, 'authenticationProtocol')]]),
        }),
      );
      break;
    }
    case 'flow': {
      const objs = (tag: string) => kids(root, tag).map((el) => textOf(el, 'object') ?? textOf(el, 'inputReference') ?? '').filter(Boolean);
      const recordWrites = [...new Set([...objs('recordCreates'), ...objs('recordUpdates'), ...objs('recordDeletes')])];
      const actionCalls = kids(root, 'actionCalls').map((a) => ({ name: textOf(a, 'name') ?? null, actionType: textOf(a, 'actionType') ?? null, actionName: textOf(a, 'actionName') ?? null }));
      const aiCalls = actionCalls.filter((a) => /generatePromptResponse|einstein|aiagent|prompt/i.test(`${a.actionType} ${a.actionName}`));
      const start = kid(root, 'start');
      const triggerType = textOf(start, 'triggerType');
      const label = textOf(root, 'label') || name;
      facts.push(
        mkFact({
          ...base,
          kind: 'flow',
          type: 'salesforce-flow',
          address: `sf:flow:${name}`,
          name: label,
          nameRange: r(kid(root, 'label')) ?? head,
          attributes: {
            developerName: name,
            label,
            processType: textOf(root, 'processType'),
            status: textOf(root, 'status'),
            triggerType,
            triggerObject: textOf(start, 'object'),
            autonomous: !!triggerType && /record|scheduled|platformevent/i.test(triggerType),
            recordWrites,
            writes: recordWrites.length > 0 || actionCalls.some((a) => /emailSimple|emailAlert|externalService|submit|apex/i.test(a.actionType ?? '')),
            actionCalls,
            ai: aiCalls.length > 0,
            aiActions: aiCalls.map((a) => a.name ?? a.actionName ?? ''),
          },
          attributeRanges: ranges([
            ['triggerType', kid(start, 'triggerType')],
            ['processType', kid(root, 'processType')],
          ]),
        }),
      );
      break;
    }
    default:
      break;
  }
  return { facts: uniqueIds(facts), problems, language: 'xml' };
}

/** A GenAiFunction file, or an inline `<localActions>` / `<plannerActions>` element. */
function functionFact(el: XElement, lines: LineIndex, path: string, scope: string, fileName: string | undefined, owner: { planner?: string; topic?: string }): Fact {
  const name = fileName ?? textOf(el, 'developerName') ?? textOf(el, 'fullName') ?? 'action';
  const targetType = kid(el, 'invocationTargetType');
  const target = kid(el, 'invocationTarget');
  const confirm = kid(el, 'isConfirmationRequired');
  const label = textOf(el, 'masterLabel') || name;
  const rr = (x: XElement | undefined) => (x ? lines.range(x.start, x.end) : undefined);
  const attributeRanges: Record<string, Range> = {};
  if (targetType) attributeRanges.invocationTargetType = rr(targetType)!;
  if (target) attributeRanges.invocationTarget = rr(target)!;
  if (confirm) attributeRanges.isConfirmationRequired = rr(confirm)!;
  const local = fileName === undefined;
  return mkFact({
    kind: 'action',
    provider: 'salesforce',
    type: 'agentforce-action',
    address: local ? `sf:${owner.planner ? 'planner:' + owner.planner : 'topic:' + owner.topic}/action/${name}` : `sf:function:${name}`,
    name: label,
    file: path,
    range: lines.range(el.start, el.end),
    nameRange: local ? (rr(kid(el, 'developerName')) ?? rr(kid(el, 'fullName')) ?? lines.range(el.start, el.nameEnd)) : (rr(kid(el, 'masterLabel')) ?? lines.range(el.start, el.nameEnd)),
    scope,
    attributes: {
      developerName: name,
      label,
      description: textOf(el, 'description')?.slice(0, 500),
      invocationTargetType: targetType?.text,
      invocationTarget: target?.text,
      isConfirmationRequired: confirm ? /^true$/i.test(confirm.text) : undefined,
      isIncludeInProgressIndicator: textOf(el, 'isIncludeInProgressIndicator') ? /^true$/i.test(textOf(el, 'isIncludeInProgressIndicator')!) : undefined,
      planner: owner.planner,
      topic: owner.topic,
      local,
    },
    attributeRanges,
  });
}

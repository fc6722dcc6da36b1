/**
 * Agentforce Agent Script (`aiAuthoringBundles/<N>/<N>.agent`) → an `agent` fact and one
 * `action` per action that names a `target:` (`apex://Class`, `flow://Name`,
 * `generatePromptResponse://Template`, `standardInvocableAction://name`, …).
 *
 * Agent Script is indentation-structured and YAML-like but not YAML (`start_agent x:`,
 * `mutable string` declarations, `->` procedures), so it is read line by line: a line
 * `key: value` opens or sets a key at its indentation. Only the parts that matter here are
 * taken: `config` (developer_name / agent_name, agent_type, default_agent_user), the
 * `connection <channel>:` blocks, topic headers, and action definitions with their
 * `target` and `require_user_confirmation`.
 */
import type { Fact, ParseProblem, Range } from '../../model';
import { mkFact } from '../power-platform/common';
import type { LineIndex } from '../power-platform/text';

interface Open {
  indent: number;
  key: string;
  line: number;
  keyStart: number;
  keyEnd: number;
}

interface ScriptAction {
  name: string;
  topic?: string;
  target?: string;
  targetRange?: Range;
  confirm?: boolean;
  confirmRange?: Range;
  nameRange: Range;
  start: number;
  end: number;
}

const unquote = (s: string) => s.trim().replace(/^["'](.*)["']$/, '$1');

export function readAgentScript(text: string, lines: LineIndex, file: string, scope: string, fileName: string): { facts: Fact[]; problems: ParseProblem[] } {
  const problems: ParseProblem[] = [];
  const stack: Open[] = [];
  const config: Record<string, { value: string; range: Range }> = {};
  const connections: { name: string; range: Range }[] = [];
  const topics: string[] = [];
  const actions: ScriptAction[] = [];
  let configRange: Range | undefined;
  const raw = text.split(/\r\n|\n|\r/);
  let offset = 0;
  for (let ln = 0; ln < raw.length; ln++) {
    const line = raw[ln];
    const lineStart = offset;
    offset += line.length + (text[offset + line.length] === '\r' && text[offset + line.length + 1] === '\n' ? 2 : 1);
    const body = line.replace(/\t/g, '    ');
    if (/^\s*(#.*)?$/.test(body)) continue;
    const indent = body.length - body.trimStart().length;
    const m = /^(\s*)([A-Za-z_@][\w.@ ]*?)\s*:(?:\s+(.*))?$/.exec(line);
    while (stack.length && stack[stack.length - 1].indent >= indent) {
      const closed = stack.pop()!;
      const act = actions.find((a) => a.start === closed.keyStart);
      if (act) act.end = lineStart - 1;
    }
    if (!m) continue;
    const key = m[2].trim();
    const value = m[3]?.trim();
    const keyStart = lineStart + m[1].length;
    const keyEnd = keyStart + m[2].length;
    const parent = stack[stack.length - 1];
    const path = stack.map((s) => s.key);
    if (indent === 0) {
      if (key === 'config') configRange = lines.range(keyStart, keyEnd);
      const c = /^connection\s+(\S+)$/.exec(key);
      if (c) connections.push({ name: c[1], range: lines.range(keyStart, keyEnd) });
      const t = /^(?:start_agent|topic|subagent)\s+(\S+)$/.exec(key);
      if (t) topics.push(t[1]);
    }
    if (path[0] === 'config' && path.length === 1 && value !== undefined) {
      const vStart = line.indexOf(value, m[1].length + m[2].length);
      config[key] = { value: unquote(value), range: lines.range(lineStart + vStart, lineStart + vStart + value.length) };
    }
    // an action definition: `<name>:` directly under an `actions:` key
    if (parent && parent.key === 'actions' && value === undefined) {
      const topicKey = stack.find((s) => s.indent === 0)?.key;
      actions.push({ name: key, topic: topicKey?.split(/\s+/)[1], nameRange: lines.range(keyStart, keyEnd), start: keyStart, end: text.length });
    }
    const owner = actions.find((a) => parent && a.start === parent.keyStart);
    if (owner && value !== undefined) {
      const vStart = lineStart + line.indexOf(value, m[1].length + m[2].length);
      if (key === 'target') {
        owner.target = unquote(value);
        owner.targetRange = lines.range(vStart, vStart + value.length);
      } else if (key === 'require_user_confirmation') {
        owner.confirm = /^true$/i.test(unquote(value));
        owner.confirmRange = lines.range(vStart, vStart + value.length);
      }
    }
    if (value === undefined || value === '->' || value === '|' || value === '>') stack.push({ indent, key, line: ln, keyStart, keyEnd });
  }

  const name = config.developer_name?.value ?? config.agent_name?.value ?? fileName;
  const label = config.agent_label?.value ?? name;
  const attributeRanges: Record<string, Range> = {};
  for (const k of ['agent_type', 'default_agent_user', 'developer_name', 'agent_name']) if (config[k]) attributeRanges[k] = config[k].range;
  if (connections[0]) attributeRanges.connection = connections[0].range;
  const agentAddress = `sf:agentscript:${name}`;
  const facts: Fact[] = [
    mkFact({
      kind: 'agent',
      provider: 'salesforce',
      type: 'agentforce-agent-script',
      address: agentAddress,
      name: label,
      file,
      range: lines.range(0, text.length),
      nameRange: config.developer_name?.range ?? config.agent_name?.range ?? configRange ?? lines.range(0, Math.min(text.length, 1)),
      scope,
      attributes: {
        developerName: name,
        label,
        agentType: config.agent_type?.value,
        defaultAgentUser: config.default_agent_user?.value,
        hasBotUser: !!config.default_agent_user?.value,
        connections: connections.map((c) => c.name),
        customerFacing: /service/i.test(config.agent_type?.value ?? '') || connections.some((c) => /messaging|telephony|voice|web/i.test(c.name)),
        topics,
        actions: actions.map((a) => a.name),
      },
      attributeRanges,
    }),
  ];
  for (const a of actions) {
    if (!a.target) continue;
    const tm = /^([A-Za-z]+):\/\/(.+)$/.exec(a.target);
    const ar: Record<string, Range> = {};
    if (a.targetRange) ar.invocationTarget = a.targetRange;
    if (a.confirmRange) ar.isConfirmationRequired = a.confirmRange;
    facts.push(
      mkFact({
        kind: 'action',
        provider: 'salesforce',
        type: 'agentforce-action',
        address: `${agentAddress}/action/${a.topic ? a.topic + '.' : ''}${a.name}`,
        name: a.name,
        file,
        range: lines.range(a.start, Math.max(a.start, a.end)),
        nameRange: a.nameRange,
        scope,
        attributes: {
          developerName: a.name,
          label: a.name,
          invocationTargetType: tm ? tm[1] : undefined,
          invocationTarget: tm ? tm[2] : a.target,
          isConfirmationRequired: a.confirm,
          agentScript: name,
          topic: a.topic,
          local: true,
        },
        attributeRanges: ar,
      }),
    );
  }
  if (!configRange) problems.push({ file, range: lines.range(0, 0), severity: 'info', code: 'parse/agentscript-no-config', message: 'The Agent Script has no config block; the agent name comes from the file name.' });
  return { facts, problems };
}

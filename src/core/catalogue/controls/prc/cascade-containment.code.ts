/**
 * ARG-PRC-009 in application code: every agent loop has an explicit bound, so one agent
 * cannot keep another (or itself) running without end. Framework loops are checked for their
 * own limit keyword — AgentExecutor max_iterations, OpenAI Agents Runner.run max_turns,
 * CrewAI max_iter, AutoGen max_consecutive_auto_reply / max_round / max_turns or a
 * termination condition, LangGraph recursion_limit in the invoke config; hand-written tool
 * loops inside `while True` (or a `while` on the stop reason) and limits set to None / -1 are
 * misses. Fixes (unsafe: the right number depends on the task) insert the framework's keyword
 * with a TODO comment to tune it.
 */
import type { Fact, Fix, TextEdit } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { calls, callLoc, ev, pkg, within } from '../code-util/facts';
import { argsIn, boundTo, callOpenAt, commentAbove, edit, hasKey, insertArg, methodCalls, offsetOf, source, type Source } from '../code-util/source';
import { TODO } from '../code-util/workflow';

interface Rule {
  keys: string[];
  /** The argument to insert into the call (Python keyword / JS property). */
  insert?: string;
  /** Limits set on the graph's invoke config rather than the constructor. */
  graph?: boolean;
  /** @openai/agents run(agent, input, { maxTurns }). */
  options?: boolean;
}

const AUTOGEN_LEGACY = (p: string) => p === 'pyautogen' || p === 'ag2' || p === 'autogen';

function ruleFor(f: Fact): Rule | undefined {
  const p = String(f.attributes.pattern);
  const k = pkg(f);
  const py = f.attributes.language === 'python';
  const js = f.attributes.language === 'javascript' || f.attributes.language === 'typescript';
  if (py) {
    if (p === 'AgentExecutor' || p === 'initialize_agent') return { keys: ['max_iterations'], insert: 'max_iterations=10' };
    if (p === 'Runner.run' || p === 'Runner.run_sync' || p === 'Runner.run_streamed') return { keys: ['max_turns'], insert: 'max_turns=10' };
    if (p === 'Agent' && k === 'crewai') return { keys: ['max_iter'], insert: 'max_iter=10' };
    if ((p === 'AssistantAgent' || p === 'UserProxyAgent' || p === 'ConversableAgent') && AUTOGEN_LEGACY(k)) return { keys: ['max_consecutive_auto_reply', 'is_termination_msg'], insert: 'max_consecutive_auto_reply=10' };
    if (p === 'GroupChat' && AUTOGEN_LEGACY(k)) return { keys: ['max_round'], insert: 'max_round=10' };
    if (['RoundRobinGroupChat', 'SelectorGroupChat', 'MagenticOneGroupChat', 'Swarm'].includes(p) && k.startsWith('autogen-')) return { keys: ['max_turns', 'termination_condition'], insert: 'max_turns=10' };
    if (['create_react_agent', 'create_agent', 'create_deep_agent', 'StateGraph', 'create_supervisor', 'create_swarm'].includes(p) && (k.startsWith('langgraph') || k.startsWith('langchain') || k === 'deepagents')) return { keys: ['recursion_limit'], graph: true };
  }
  if (js) {
    if (p === 'run()' && k.startsWith('@openai/agents')) return { keys: ['maxTurns'], options: true };
    if (['createReactAgent', 'createAgent', 'createSupervisor', 'createSwarm', 'StateGraph', 'createDeepAgent'].includes(p) && (k.startsWith('@langchain') || k === 'langchain' || k === 'deepagents')) return { keys: ['recursionLimit'], graph: true };
  }
  return undefined;
}

const line = (src: Source, o: number) => src.pm.position(o).line;

function withComment(src: Source, edits: TextEdit[], at: number[], what: string): Fix {
  const lines = new Set<number>();
  const all = [...edits];
  for (const o of at) {
    if (lines.has(line(src, o))) continue;
    lines.add(line(src, o));
    all.push(commentAbove(src, o, `${TODO}: tune this ${what} to the longest legitimate run`));
  }
  return { title: `Set an explicit ${what}`, kind: 'unsafe', edits: all };
}

function callFix(src: Source, f: Fact, rule: Rule): Fix | undefined {
  const s = offsetOf(src, f.range.start);
  const open = callOpenAt(src, s);
  if (open === undefined) return undefined;
  if (rule.options) {
    const args = argsIn(src, open);
    if (args.length === 2) return withComment(src, [insertArg(src, open, '{ maxTurns: 10 }')], [s], 'turn limit');
    if (args.length === 3 && src.toks[args[2].from]?.v === '{') return withComment(src, [insertArg(src, args[2].from, 'maxTurns: 10')], [s], 'turn limit');
    return undefined;
  }
  if (!rule.insert) return undefined;
  return withComment(src, [insertArg(src, open, rule.insert)], [s], `${rule.keys[0]}`);
}

/** The names a compiled LangGraph graph is known by: `agent = create_react_agent(…)`, `app = graph.compile()`. */
function graphNames(src: Source, f: Fact): string[] {
  const s = offsetOf(src, f.range.start);
  const bound = boundTo(src, s);
  if (!bound) return [];
  if (String(f.attributes.pattern) !== 'StateGraph') return [bound];
  const out: string[] = [];
  for (const open of methodCalls(src, bound, ['compile'])) {
    const name = boundTo(src, src.toks[open - 3].s);
    if (name) out.push(name);
  }
  return out;
}

function graphFix(src: Source, f: Fact): Fix | undefined {
  const py = src.lang === 'python';
  const edits: TextEdit[] = [];
  const at: number[] = [];
  for (const name of graphNames(src, f)) {
    for (const open of methodCalls(src, name, ['invoke', 'ainvoke', 'stream', 'astream', 'batch', 'abatch'])) {
      const args = argsIn(src, open);
      const positional = args.filter((a) => a.key === undefined);
      const config = args.find((a) => a.key === 'config');
      const target = config ?? positional[1];
      if (!target && positional.length === 1 && args.length === 1) edits.push(insertArg(src, open, py ? '{"recursion_limit": 25}' : '{ recursionLimit: 25 }'));
      else if (target && src.toks[config ? target.from + 2 : target.from]?.v === '{') edits.push(insertArg(src, config ? target.from + 2 : target.from, py ? '"recursion_limit": 25' : 'recursionLimit: 25'));
      else continue;
      at.push(src.toks[open - 3].s);
    }
  }
  if (edits.length === 0) return undefined;
  return withComment(src, edits, at, 'recursion limit');
}

function capFix(ctx: DetectorContext, f: Fact): Fix | undefined {
  const src = source(f.file, ctx.text(f.file));
  const r = f.attributeRanges?.value;
  if (!src || !r) return undefined;
  const s = offsetOf(src, r.start);
  const e = offsetOf(src, r.end);
  if (!/^(None|null|undefined|-\d+)$/.test(src.text.slice(s, e))) return undefined;
  return withComment(src, [edit(src, s, e, '10')], [s], String(f.attributes.pattern));
}

export const codeDetector: Detector = {
  kind: 'code',
  providers: ['code'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    const caps = calls(ctx.facts, 'loop-cap');
    for (const c of caps) {
      if (c.attributes.unbounded === true) {
        const fix = capFix(ctx, c);
        out.push({ status: 'missing', message: `${String(c.attributes.pattern)} is set to remove the limit, so the loop runs until the model decides to stop.`, location: callLoc(c, 'value'), anchor: `${c.file}:${c.address}`, fixes: fix ? [fix] : undefined });
      }
    }
    for (const f of [...calls(ctx.facts, 'agent'), ...calls(ctx.facts, 'multi-agent')]) {
      const rule = ruleFor(f);
      if (!rule) continue;
      const src = source(f.file, ctx.text(f.file));
      const p = String(f.attributes.pattern);
      if (rule.graph) {
        const set = caps.find((c) => c.file === f.file && rule.keys.includes(String(c.attributes.pattern)));
        if (set) {
          out.push({ status: 'met', message: `${p} runs with an explicit recursion limit.`, evidence: [ev(f, `${p} builds the graph`), ev(set, `${String(set.attributes.pattern)} bounds the run`)] });
          continue;
        }
        const fix = src ? graphFix(src, f) : undefined;
        out.push({ status: 'missing', message: `The graph built by ${p} is invoked without an explicit ${rule.keys[0]}, so the agent's step count is bounded only by a library default.`, location: callLoc(f), anchor: `${f.file}:${f.address}`, fixes: fix ? [fix] : undefined });
        continue;
      }
      const inside = caps.find((c) => within(c, f) && c.attributes.unbounded !== true);
      const open = src ? callOpenAt(src, offsetOf(src, f.range.start)) : undefined;
      const key = src && open !== undefined ? (rule.options ? argsIn(src, open).slice(2).map((a) => (src.toks[a.from]?.v === '{' ? hasKey(src, a.from, rule.keys) : undefined)).find((x) => x) : hasKey(src, open, rule.keys)) : undefined;
      if (inside || key) {
        out.push({ status: 'met', message: `${p} has an explicit limit (${inside ? String(inside.attributes.pattern) : key!.key}).`, evidence: [ev(inside ?? f, `${p} is bounded`)] });
        continue;
      }
      if (caps.some((c) => within(c, f))) continue; // an unbounded value inside: reported above
      const fix = src ? callFix(src, f, rule) : undefined;
      out.push({ status: 'missing', message: `${p} starts an agent loop without an explicit ${rule.keys[0]}; a confused or manipulated agent can keep calling tools and other agents until a library default stops it.`, location: callLoc(f), anchor: `${f.file}:${f.address}`, fixes: fix ? [fix] : undefined });
    }
    for (const t of calls(ctx.facts, 'tool-loop')) {
      const src = source(t.file, ctx.text(t.file));
      const s = src ? offsetOf(src, t.range.start) : -1;
      const lineText = src ? src.text.slice(src.pm.lineStart(line(src, s)), s) : '';
      const whileCond = /^\s*while\b/.test(lineText);
      if (t.attributes.unbounded === true || whileCond) {
        out.push({ status: 'missing', message: `The hand-written tool loop (${String(t.attributes.pattern)}) repeats for as long as the model asks for tools, with no step counter.`, location: callLoc(t), anchor: `${t.file}:${t.address}` });
      }
    }
    return out;
  },
};

/**
 * ARG-GOV-004 in application code: agents whose tools write, send, pay or execute ask a
 * person first. Approval hooks are read from the code facts: LangGraph interrupt_before /
 * interrupt(), HumanInTheLoopMiddleware interrupt_on, AutoGen human_input_mode ALWAYS /
 * TERMINATE, needs_approval / require_confirmation on tools, Claude Agent SDK can_use_tool or
 * a non-bypass permission mode. Auto-approve settings (human_input_mode="NEVER",
 * require_approval "never", permission_mode="bypassPermissions", auto_approve=True) are misses
 * at that line. Fixes (unsafe, they change run-time behaviour): flip the auto-approve value;
 * mark an OpenAI Agents SDK tool with side effects as needing approval.
 */
import type { Fact, Fix } from '../../../model';
import type { Detector, DetectorContext, DetectorOutcome } from '../../types';
import { calls, callLoc, ev, pkg, within } from '../code-util/facts';
import { callOpenAt, edit, insertArg, offsetOf, source } from '../code-util/source';

const ACTING = ['write', 'email', 'payment', 'shell'];
const WORDS: Record<string, string> = { write: 'writes data', email: 'sends messages', payment: 'moves money', shell: 'runs commands' };

function effects(f: Fact): string[] {
  const list = Array.isArray(f.attributes.effects) ? f.attributes.effects.map(String) : [];
  return ACTING.filter((e) => list.includes(e));
}

function flipFix(ctx: DetectorContext, f: Fact): Fix | undefined {
  const src = source(f.file, ctx.text(f.file));
  const r = f.attributeRanges?.value;
  if (!src || !r || (src.lang !== 'python' && src.lang !== 'js')) return undefined;
  const s = offsetOf(src, r.start);
  const e = offsetOf(src, r.end);
  const raw = src.text.slice(s, e);
  const key = String(f.attributes.pattern);
  const q = raw[0] === '"' || raw[0] === "'" ? raw[0] : undefined;
  let to: string | undefined;
  let title = '';
  if ((key === 'human_input_mode' || key === 'humanInputMode') && q) [to, title] = [`${q}ALWAYS${q}`, 'Ask a person before each automatic reply (human_input_mode ALWAYS)'];
  else if ((key === 'require_approval' || key === 'requireApproval') && q) [to, title] = [`${q}always${q}`, 'Require approval for every MCP tool call'];
  else if ((key === 'permission_mode' || key === 'permissionMode' || key === 'defaultMode') && q) [to, title] = [`${q}default${q}`, 'Use the default permission mode, which asks before acting'];
  else if (key === 'auto_approve' || key === 'autoApprove' || key === 'auto_invoke' || key === 'autoInvoke') [to, title] = [src.lang === 'python' ? 'False' : 'false', 'Turn automatic approval off'];
  if (!to || !(q ? raw.endsWith(q) && raw.length >= 2 : /^(True|true)$/.test(raw))) return undefined;
  return { title, kind: 'unsafe', edits: [edit(src, s, e, to)] };
}

function approvalFix(ctx: DetectorContext, f: Fact): Fix | undefined {
  const p = pkg(f);
  const src = source(f.file, ctx.text(f.file));
  if (!src) return undefined;
  const pattern = String(f.attributes.pattern);
  if (src.lang === 'python' && pattern === '@function_tool' && f.nameRange) {
    const at = offsetOf(src, f.nameRange.end);
    if (src.text[at] === '(') {
      const open = callOpenAt(src, offsetOf(src, f.nameRange.start) + 1);
      if (open === undefined) return undefined;
      return { title: 'Ask a person before this tool runs (needs_approval=True)', kind: 'unsafe', edits: [insertArg(src, open, 'needs_approval=True')] };
    }
    return { title: 'Ask a person before this tool runs (needs_approval=True)', kind: 'unsafe', edits: [edit(src, at, at, '(needs_approval=True)')] };
  }
  if (src.lang === 'js' && pattern === 'tool()' && p.startsWith('@openai/agents')) {
    const open = callOpenAt(src, offsetOf(src, f.range.start));
    const obj = open !== undefined && src.toks[open + 1]?.v === '{' ? open + 1 : undefined;
    if (obj === undefined) return undefined;
    return { title: 'Ask a person before this tool runs (needsApproval: true)', kind: 'unsafe', edits: [insertArg(src, obj, 'needsApproval: true')] };
  }
  return undefined;
}

function setting(f: Fact): string {
  const p = String(f.attributes.pattern);
  const v = f.attributes.value;
  return typeof v === 'string' && v !== p ? `${p} "${v}"` : typeof v === 'boolean' ? `${p} ${String(v)}` : p;
}

export const codeDetector: Detector = {
  kind: 'code',
  providers: ['code'],
  evaluate(ctx): DetectorOutcome[] {
    const out: DetectorOutcome[] = [];
    const tools = calls(ctx.facts, 'tool');
    const toolUses = calls(ctx.facts, 'tool-use');
    const approvals = calls(ctx.facts, 'human-approval');
    const toolScoped = (a: Fact) => tools.some((t) => within(a, t));
    const global = approvals.filter((a) => !toolScoped(a));

    for (const f of calls(ctx.facts, 'auto-approve')) {
      const fix = flipFix(ctx, f);
      out.push({
        status: 'missing',
        message: `${setting(f)} lets the agent act without asking anyone; side effects happen before a person can stop them.`,
        location: callLoc(f, f.attributeRanges?.value ? 'value' : undefined),
        anchor: `${f.file}:${f.address}`,
        fixes: fix ? [fix] : undefined,
      });
    }

    const acting: { f: Fact; fx: string[] }[] = [];
    const named = new Set(tools.map((t) => t.attributes.toolName).filter((n): n is string => typeof n === 'string'));
    for (const t of tools) {
      const fx = effects(t);
      if (fx.length > 0) acting.push({ f: t, fx });
    }
    for (const u of toolUses) {
      const names = Array.isArray(u.attributes.toolNames) ? u.attributes.toolNames.map(String) : [];
      if (names.some((n) => named.has(n))) continue; // judged on the tool definitions
      const fx = effects(u);
      if (fx.length > 0) acting.push({ f: u, fx });
    }
    for (const c of calls(ctx.facts, 'code-exec')) {
      if (c.attributes.inTool === true || c.attributes.sandbox === true) continue;
      if (acting.some((a) => within(c, a.f))) continue;
      acting.push({ f: c, fx: ['shell'] });
    }
    if (acting.length === 0) {
      if (global.length > 0 && out.length === 0) out.push({ status: 'met', message: 'The agent pauses for a person before it acts.', evidence: global.slice(0, 3).map((a) => ev(a, `${String(a.attributes.pattern)}: approval hook`)) });
      return out;
    }
    for (const { f, fx } of acting) {
      const own = f.attributes.needsApproval === true || approvals.some((a) => within(a, f));
      const label = typeof f.attributes.toolName === 'string' ? `The tool ${f.attributes.toolName}` : `${String(f.attributes.pattern)}`;
      const does = fx.map((x) => WORDS[x]).join(', ');
      if (own) out.push({ status: 'met', message: `${label} asks for approval before it runs.`, evidence: [ev(f, `${label} ${does}; approval required`)] });
      else if (global.length > 0) out.push({ status: 'met', message: `${label} ${does}; the agent pauses for a person first.`, evidence: [ev(f, `${label} ${does}`), ...global.slice(0, 2).map((a) => ev(a, `${String(a.attributes.pattern)}: approval hook`))] });
      else {
        const fix = f.attributes.category === 'tool' ? approvalFix(ctx, f) : undefined;
        out.push({
          status: 'missing',
          message: `${label} ${does} when the model decides to, and nothing in the code asks a person first (no interrupt, approval callback or confirmation on the tool).`,
          location: callLoc(f),
          anchor: `${f.file}:${f.address}`,
          fixes: fix ? [fix] : undefined,
        });
      }
    }
    return out;
  },
};

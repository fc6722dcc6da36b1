/**
 * Notable code patterns of AI workloads, found on tokens: client construction, tools, agent
 * loops, multi-agent set-ups, code execution, approvals and auto-approval, loop caps,
 * timeouts, guardrails, training/serving calls and web endpoints.
 *
 * Patterns that use common words (`Agent(`, `tools=`, `timeout=`) only count in files that
 * import an AI package; boto3 clients for Bedrock/SageMaker count anywhere because the
 * service name says it all.
 */
import type { FactObject, FactValue } from '../../model';
import type { Lang, Token } from './tokenize';
import { matchBracket } from './tokenize';
import { strongSecrets } from './secrets';

export type CallCategory =
  | 'llm-client'
  | 'tool-use'
  | 'tool'
  | 'tool-loop'
  | 'agent'
  | 'mcp-server'
  | 'mcp-client'
  | 'multi-agent'
  | 'code-exec'
  | 'computer-use'
  | 'auto-approve'
  | 'human-approval'
  | 'loop-cap'
  | 'timeout'
  | 'guardrail'
  | 'training'
  | 'inference'
  | 'serving'
  | 'web-endpoint';

export interface CallHit {
  category: CallCategory;
  pattern: string;
  /** Offsets of the whole pattern and of its name. */
  s: number;
  e: number;
  ns: number;
  ne: number;
  attrs: FactObject;
  /** Offsets of the value, for `attributeRanges.value`. */
  vs?: number;
  ve?: number;
  pkg?: string;
}

export interface PatternContext {
  text: string;
  toks: readonly Token[];
  lang: Lang;
  /** Roles of the AI packages the file imports. */
  roles: ReadonlySet<string>;
  /** Packages the file imports. */
  packages: ReadonlySet<string>;
  /** Local name → package, for imported names (`Agent` → openai-agents). */
  names: ReadonlyMap<string, string>;
  /** Whether the file imports a web framework. */
  web?: string;
}

// ───────────── rule tables ─────────────

type Rule = { c: CallCategory; attrs?: FactObject };

const CTOR: Record<string, Rule> = {};
const def = (c: CallCategory, names: string[], attrs?: FactObject) => {
  for (const n of names) CTOR[n] = { c, attrs };
};
def('llm-client', [
  'OpenAI', 'AsyncOpenAI', 'AzureOpenAI', 'AsyncAzureOpenAI', 'Anthropic', 'AsyncAnthropic', 'AnthropicBedrock', 'AsyncAnthropicBedrock',
  'AnthropicVertex', 'AsyncAnthropicVertex', 'GenerativeModel', 'ChatCompletionsClient', 'EmbeddingsClient', 'ChatOpenAI', 'AzureChatOpenAI',
  'ChatAnthropic', 'ChatBedrock', 'ChatBedrockConverse', 'ChatGoogleGenerativeAI', 'ChatVertexAI', 'ChatOllama', 'ChatMistralAI', 'ChatGroq',
  'ChatCohere', 'OpenAIClient', 'AzureOpenAIClient', 'AnthropicClient', 'AmazonBedrockRuntimeClient', 'BedrockRuntimeClient', 'GoogleGenAI',
  'GoogleGenerativeAI', 'Mistral', 'Groq', 'CohereClient', 'CohereClientV2', 'OpenAIOkHttpClient', 'AnthropicOkHttpClient', 'OpenAiChatModel',
  'AnthropicChatModel', 'AzureOpenAiChatModel', 'OllamaChatModel', 'OllamaApiClient', 'AiServices', 'generateText', 'streamText', 'generateObject',
  'streamObject', 'InvokeModelCommand', 'ConverseCommand', 'ConverseStreamCommand', 'InvokeModelWithResponseStreamCommand', 'ChatClient', 'Kernel',
]);
def('agent', [
  'AgentExecutor', 'create_react_agent', 'create_agent', 'create_tool_calling_agent', 'create_openai_functions_agent', 'create_openai_tools_agent',
  'create_structured_chat_agent', 'initialize_agent', 'createAgent', 'createReactAgent', 'Agent', 'LlmAgent', 'AssistantAgent', 'ConversableAgent',
  'UserProxyAgent', 'ToolCallingAgent', 'FunctionAgent', 'ReActAgent', 'AgentWorkflow', 'ChatCompletionAgent', 'AzureAIAgent', 'OpenAIAssistantAgent',
  'ToolLoopAgent', 'StateGraph', 'ClaudeSDKClient', 'ClaudeAgentOptions', 'BedrockAgentCoreApp', 'create_deep_agent', 'createDeepAgent', 'CreateAIAgent',
  'AgentsClient', 'AIProjectClient', 'InvokeAgentCommand', 'PersistentAgentsClient', 'AIAgent', 'ChatClientAgent',
]);
def('code-exec', ['ShellTool', 'PythonREPLTool', 'PythonREPL', 'PythonAstREPLTool', 'BashProcess', 'LocalCommandLineCodeExecutor', 'JupyterCodeExecutor', 'LocalShellTool'], { sandbox: false });
def('code-exec', ['DockerCommandLineCodeExecutor', 'CodeInterpreterTool', 'ACADynamicSessionsCodeExecutor'], { sandbox: true });
def('computer-use', ['ComputerTool', 'BrowserTool']);
def('multi-agent', [
  'GroupChat', 'GroupChatManager', 'RoundRobinGroupChat', 'SelectorGroupChat', 'MagenticOneGroupChat', 'Swarm', 'Crew', 'create_supervisor',
  'create_swarm', 'createSupervisor', 'createSwarm', 'create_handoff_tool', 'createHandoffTool', 'A2AStarletteApplication', 'A2AFastAPIApplication',
  'A2AClient', 'A2ACardResolver', 'AgentCard', 'A2AExpressApp', 'SequentialAgent', 'ParallelAgent', 'LoopAgent', 'AgentGroupChat', 'HandoffOrchestration',
  'MagenticOrchestration', 'ConcurrentOrchestration', 'SequentialOrchestration', 'GroupChatOrchestration', 'AgentWorkflowBuilder', 'DefaultRequestHandler',
]);
def('mcp-server', ['FastMCP', 'McpServer', 'StdioServerTransport', 'NewMCPServer', 'AddMcpServer', 'StreamableHTTPServerTransport']);
def('mcp-client', [
  'ClientSession', 'stdio_client', 'streamablehttp_client', 'streamable_http_client', 'sse_client', 'MultiServerMCPClient', 'StdioClientTransport',
  'StreamableHTTPClientTransport', 'SSEClientTransport', 'MCPServerStdio', 'MCPServerStreamableHttp', 'MCPServerSse', 'HostedMCPTool', 'McpClientFactory',
  'NewStdioMCPClient', 'MCPClient', 'McpToolkit',
]);
def('guardrail', ['LLMRails', 'RailsConfig', 'Guard', 'AnalyzerEngine', 'AnonymizerEngine', 'ContentSafetyClient', 'InputGuardrail', 'OutputGuardrail']);
def('training', ['Trainer', 'SFTTrainer', 'DPOTrainer', 'PPOTrainer', 'GRPOTrainer', 'ORPOTrainer', 'Seq2SeqTrainer', 'TrainingArguments', 'get_peft_model', 'TorchTrainer', 'Tuner', 'Estimator', 'HuggingFace', 'PyTorch']);
def('inference', ['pipeline', 'SentenceTransformer', 'InvokeEndpointCommand']);
def('serving', ['LLM', 'AsyncLLMEngine', 'ModelServer']);

/** Qualified names (last two segments) with their own meaning. */
const CHAIN: Record<string, Rule> = {
  'genai.Client': { c: 'llm-client' },
  'openai.NewClient': { c: 'llm-client' },
  'anthropic.NewClient': { c: 'llm-client' },
  'genai.NewClient': { c: 'llm-client' },
  'bedrockruntime.NewFromConfig': { c: 'llm-client' },
  'bedrockagentruntime.NewFromConfig': { c: 'agent' },
  'azopenai.NewClient': { c: 'llm-client' },
  'litellm.completion': { c: 'llm-client' },
  'litellm.acompletion': { c: 'llm-client' },
  'Kernel.CreateBuilder': { c: 'llm-client' },
  'Runner.run': { c: 'agent' },
  'Runner.run_sync': { c: 'agent' },
  'Runner.run_streamed': { c: 'agent' },
  'StructuredTool.from_function': { c: 'tool' },
  'FunctionTool.from_defaults': { c: 'tool' },
  'mcp.NewServer': { c: 'mcp-server' },
  'server.NewMCPServer': { c: 'mcp-server' },
  'McpServer.sync': { c: 'mcp-server' },
  'McpServer.async': { c: 'mcp-server' },
  'McpClient.sync': { c: 'mcp-client' },
  'McpClient.async': { c: 'mcp-client' },
  'client.NewStdioMCPClient': { c: 'mcp-client' },
  'context.WithTimeout': { c: 'timeout' },
  'deepspeed.initialize': { c: 'training' },
  'mlflow.start_run': { c: 'training' },
  'wandb.init': { c: 'training' },
  'serve.run': { c: 'serving' },
  'bentoml.Service': { c: 'serving' },
  'kserve.ModelServer': { c: 'serving' },
};

/** Method calls counted only in files importing a training or serving package. */
/** Whether a constructor / call rule counts given what the file imports. */
function ruleApplies(ctx: PatternContext, c: CallCategory, name: string, core: boolean): boolean {
  const has = (p: string) => ctx.packages.has(p);
  switch (c) {
    case 'training':
      return ctx.roles.has('training');
    case 'inference':
      if (name === 'pipeline') return has('transformers');
      if (name === 'SentenceTransformer') return has('sentence-transformers');
      return has('@aws-sdk/client-sagemaker-runtime');
    case 'serving':
      if (name === 'serve.run') return has('ray');
      if (name === 'bentoml.Service') return has('bentoml');
      if (name === 'ModelServer' || name === 'kserve.ModelServer') return has('kserve');
      return has('vllm');
    case 'guardrail':
      return ctx.roles.has('guardrail');
    default:
      return core;
  }
}

const TRAINING_METHODS = new Set(['fit', 'train', 'backward', 'fit_generator', 'train_on_batch']);

const DECORATORS: Record<string, Rule> = {
  tool: { c: 'tool' },
  function_tool: { c: 'tool' },
  kernel_function: { c: 'tool' },
  tool_plain: { c: 'tool' },
  call_tool: { c: 'tool' },
  input_guardrail: { c: 'guardrail' },
  output_guardrail: { c: 'guardrail' },
  entrypoint: { c: 'agent' },
  deployment: { c: 'serving' },
  service: { c: 'serving' },
  pipeline: { c: 'training' },
  component: { c: 'training' },
  Tool: { c: 'tool' },
  KernelFunction: { c: 'tool' },
  McpServerTool: { c: 'tool' },
};
const WEB_ROUTE = new Set(['get', 'post', 'put', 'delete', 'patch', 'route', 'websocket', 'api_route', 'GetMapping', 'PostMapping', 'PutMapping', 'DeleteMapping', 'RequestMapping', 'RestController', 'MapPost', 'MapGet', 'MapPut', 'MapDelete', 'MapHub']);

const LOOP_CAP_KEYS = new Set(['max_iterations', 'max_iter', 'max_turns', 'maxTurns', 'max_steps', 'maxSteps', 'recursion_limit', 'recursionLimit', 'max_consecutive_auto_reply', 'maximum_auto_invoke_attempts', 'MaximumAutoInvokeAttempts', 'max_round', 'MaxIterations', 'max_tool_calls', 'maxToolRoundtrips', 'MaxTurns', 'max_rounds', 'maxIterations']);
const TIMEOUT_KEYS = new Set(['timeout', 'request_timeout', 'timeout_seconds', 'max_execution_time', 'timeoutMs', 'requestTimeout', 'Timeout', 'NetworkTimeout', 'timeout_s', 'read_timeout']);
const GUARDRAIL_KEYS = new Set(['guardrailIdentifier', 'guardrailConfig', 'guardrail_config', 'guardrailConfiguration', 'input_guardrails', 'output_guardrails', 'inputGuardrails', 'outputGuardrails', 'safety_settings', 'safetySettings', 'content_filter', 'contentFilter', 'guardrail_identifier']);
const APPROVAL_KEYS = new Set(['interrupt_before', 'interrupt_after', 'interruptBefore', 'interruptAfter', 'interrupt_on', 'interruptOn', 'can_use_tool', 'canUseTool']);
const ANTHROPIC_TOOL_TYPE = /^(computer|bash|code_execution|text_editor|web_fetch|memory)_\d{8}$/;
const PAYMENT_WORDS = new Set(['pay', 'payment', 'payments', 'refund', 'refunds', 'transfer', 'transfers', 'payout', 'payouts', 'charge', 'invoice', 'wire', 'purchase', 'checkout', 'withdraw', 'withdrawal', 'deposit', 'stripe', 'paypal', 'billing']);
const WRITE_WORDS = new Set(['write', 'update', 'delete', 'remove', 'insert', 'create', 'upsert', 'drop', 'modify', 'set', 'put', 'post', 'publish', 'deploy', 'commit', 'merge', 'cancel', 'approve', 'grant', 'revoke', 'edit', 'save', 'store', 'add', 'book', 'submit', 'close', 'reset']);
const EMAIL_WORDS = new Set(['email', 'mail', 'sms', 'slack', 'message', 'notify', 'tweet']);
const SHELL_WORDS = new Set(['shell', 'bash', 'terminal', 'command', 'exec', 'execute', 'cmd', 'powershell', 'subprocess', 'repl', 'eval']);

// ───────────── helpers ─────────────

const isOp = (t: Token | undefined, v: string) => t?.k === 'op' && t.v === v;

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Dotted chain ending at token i (`boto3.client`), and the index of its first token. */
function chainAt(toks: readonly Token[], i: number): [string, number] {
  let name = toks[i].v;
  let j = i;
  while (j >= 2 && (isOp(toks[j - 1], '.') || isOp(toks[j - 1], '?.') || isOp(toks[j - 1], '::')) && toks[j - 2].k === 'id') {
    name = toks[j - 2].v + '.' + name;
    j -= 2;
  }
  return [name, j];
}

function last2(chain: string): string {
  const parts = chain.split('.');
  return parts.slice(-2).join('.');
}

interface Lit {
  value: FactValue;
  s: number;
  e: number;
  /** Index of the token after the value. */
  next: number;
  kind: 'str' | 'num' | 'bool' | 'null' | 'expr';
}

/** The literal (or expression text) starting at token j, up to the next `,` / closing bracket at its depth. */
function literalAt(ctx: PatternContext, j: number): Lit | undefined {
  const { toks, text } = ctx;
  const t = toks[j];
  if (!t || t.k === 'nl') return undefined;
  if (t.k === 'op' && (t.v === ')' || t.v === ']' || t.v === '}' || t.v === ',')) return undefined;
  const base = t.d;
  const endsAt = (k: number) => {
    const n = toks[k];
    if (!n || n.k === 'nl') return true;
    if (n.k !== 'op') return false;
    if ((n.v === ',' || n.v === ';') && n.d === base) return true;
    return (n.v === ')' || n.v === ']' || n.v === '}') && n.d < base;
  };
  let k = j;
  for (;;) {
    if (isOpen(toks[k])) k = matchBracket(toks, k);
    k++;
    if (k >= toks.length || endsAt(k) || k > j + 400) break;
  }
  if (k === j + 1) {
    if (t.k === 'str') return { value: t.v, s: t.s, e: t.e, next: k, kind: 'str' };
    if (t.k === 'num') return { value: Number(t.v.replace(/_/g, '')), s: t.s, e: t.e, next: k, kind: 'num' };
    if (t.k === 'id' && /^(True|true)$/.test(t.v)) return { value: true, s: t.s, e: t.e, next: k, kind: 'bool' };
    if (t.k === 'id' && /^(False|false)$/.test(t.v)) return { value: false, s: t.s, e: t.e, next: k, kind: 'bool' };
    if (t.k === 'id' && /^(None|null|nil|undefined)$/.test(t.v)) return { value: null, s: t.s, e: t.e, next: k, kind: 'null' };
  }
  const lastTok = toks[Math.min(k, toks.length) - 1];
  const s = t.s;
  const e = lastTok ? lastTok.e : t.e;
  let raw = text.slice(s, e).replace(/\s+/g, ' ');
  if (/^-\d+(\.\d+)?$/.test(raw)) return { value: Number(raw), s, e, next: k, kind: 'num' };
  if (strongSecrets(raw).length > 0) raw = '(value withheld)';
  if (raw.length > 120) raw = raw.slice(0, 117) + '...';
  return { value: { $expr: raw }, s, e, next: k, kind: 'expr' };
}

/** Type annotations (`maxTurns: number`, `timeout: int = 30`) are not values. */
function isTypeName(l: Lit | undefined): boolean {
  return l?.kind === 'expr' && /^(number|string|boolean|int|str|float|bool|any|unknown|Optional\[.*|int \| None.*|float \| None.*|(int|float|str|bool)\s*=.*)$/.test(String((l.value as FactObject).$expr));
}

const isOpen = (t: Token | undefined) => t?.k === 'op' && (t.v === '(' || t.v === '[' || t.v === '{');

/** Key/value pairs inside the bracket opened at `open` (kwargs, object keys, dict keys) at the first level. */
function argsOf(ctx: PatternContext, open: number): Map<string, Lit> {
  const out = new Map<string, Lit>();
  const { toks } = ctx;
  if (!isOpen(toks[open])) return out;
  const close = matchBracket(toks, open);
  const d = toks[open].d + 1;
  for (let j = open + 1; j < close; j++) {
    const t = toks[j];
    if (t.d !== d) continue;
    if ((t.k === 'id' || t.k === 'str') && (isOp(toks[j + 1], '=') || isOp(toks[j + 1], ':'))) {
      const lit = literalAt(ctx, j + 2);
      if (lit) out.set(t.v, lit);
    }
  }
  return out;
}

/** The first positional argument token of a call opened at `open`. */
function firstArg(toks: readonly Token[], open: number): Token | undefined {
  const t = toks[open + 1];
  if (!t || isOp(t, ')')) return undefined;
  if ((t.k === 'id' || t.k === 'str') && isOp(toks[open + 2], '=')) return undefined;
  return t;
}

// ───────────── the scan ─────────────

const AI_SERVICES: Record<string, { c: CallCategory; label: string }> = {
  'bedrock-runtime': { c: 'llm-client', label: 'Bedrock runtime client' },
  'bedrock-agent-runtime': { c: 'agent', label: 'Bedrock agent runtime client' },
  'bedrock-agent': { c: 'agent', label: 'Bedrock agent control-plane client' },
  'bedrock-agentcore': { c: 'agent', label: 'Bedrock AgentCore data-plane client' },
  'bedrock-agentcore-control': { c: 'agent', label: 'Bedrock AgentCore control-plane client' },
  bedrock: { c: 'llm-client', label: 'Bedrock control-plane client' },
  'sagemaker-runtime': { c: 'inference', label: 'SageMaker runtime client' },
  sagemaker: { c: 'training', label: 'SageMaker client' },
};

export function findPatterns(ctx: PatternContext): CallHit[] {
  const { toks, lang } = ctx;
  const hits: CallHit[] = [];
  const awsAi = toks.some((t, k) => t.k === 'str' && AI_SERVICES[t.v] !== undefined && (isOp(toks[k - 1], '(') || isOp(toks[k - 1], '=')));
  const core = awsAi || ['llm-client', 'agent-framework', 'multi-agent', 'mcp', 'coding-agent'].some((r) => ctx.roles.has(r));
  const anyAi = core || ctx.roles.size > 0;
  const training = ctx.roles.has('training');
  const serving = ctx.roles.has('serving');
  const py = lang === 'python';
  const add = (h: CallHit) => hits.push(h);
  const pkgOf = (name: string) => ctx.names.get(name);
  let web: CallHit | undefined;
  let routes = 0;
  const noteWeb = (s: number, e: number, pattern: string, allInterfaces: boolean) => {
    if (!ctx.web) return;
    if (pattern !== 'host') routes++;
    if (!web) {
      web = { category: 'web-endpoint', pattern, s, e, ns: s, ne: e, attrs: { framework: ctx.web, bindsAllInterfaces: allInterfaces } };
    } else if (allInterfaces && web.attrs.bindsAllInterfaces !== true) {
      web.s = s;
      web.e = e;
      web.ns = s;
      web.ne = e;
      web.pattern = pattern;
      web.attrs.bindsAllInterfaces = true;
    }
  };

  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const next = toks[i + 1];

    // ── decorators / annotations / attributes ──
    if (t.k === 'op' && t.v === '@' && toks[i + 1]?.k === 'id' && (py || lang === 'java' || lang === 'kotlin')) {
      let j = i + 1;
      let chain = toks[j].v;
      while (isOp(toks[j + 1], '.') && toks[j + 2]?.k === 'id') {
        chain += '.' + toks[j + 2].v;
        j += 2;
      }
      const lastSeg = chain.split('.').pop()!;
      const endTok = isOp(toks[j + 1], '(') ? matchBracket(toks, j + 1) : j;
      if (WEB_ROUTE.has(lastSeg) && (chain.includes('.') || !py)) {
        noteWeb(t.s, toks[endTok].e, '@' + chain, false);
        continue;
      }
      const rule = DECORATORS[lastSeg];
      if (!rule) continue;
      if (rule.c === 'serving' && !((chain.startsWith('serve.') && ctx.packages.has('ray')) || (chain.startsWith('bentoml.') && ctx.packages.has('bentoml')))) continue;
      if (rule.c === 'training' && !(chain.startsWith('dsl.') && ctx.packages.has('kfp'))) continue;
      if (rule.c === 'agent' && !(chain.endsWith('.entrypoint') && ctx.packages.has('bedrock-agentcore'))) continue;
      if ((rule.c === 'tool' || rule.c === 'guardrail') && !core) continue;
      const h: CallHit = { category: rule.c, pattern: '@' + chain, s: t.s, e: toks[endTok].e, ns: t.s, ne: toks[j].e, attrs: {} };
      if (rule.c === 'tool') {
        const args = isOp(toks[j + 1], '(') ? argsOf(ctx, j + 1) : new Map<string, Lit>();
        describeTool(ctx, h, functionAfter(ctx, endTok + 1), args);
      }
      add(h);
      continue;
    }
    if (lang === 'csharp' && isOp(t, '[') && toks[i + 1]?.k === 'id' && DECORATORS[toks[i + 1].v] && anyAi) {
      const close = matchBracket(toks, i);
      const h: CallHit = { category: 'tool', pattern: `[${toks[i + 1].v}]`, s: t.s, e: toks[close].e, ns: toks[i + 1].s, ne: toks[i + 1].e, attrs: {} };
      describeTool(ctx, h, functionAfter(ctx, close + 1), new Map());
      add(h);
      continue;
    }

    // ── strings with meaning: tool types, A2A agent cards ──
    if (t.k === 'str') {
      if (!anyAi) continue;
      const v = t.v;
      if (ANTHROPIC_TOOL_TYPE.test(v)) {
        const kind = v.replace(/_\d{8}$/, '');
        const c: CallCategory = kind === 'computer' ? 'computer-use' : kind === 'bash' || kind === 'code_execution' ? 'code-exec' : 'tool-use';
        add({ category: c, pattern: v, s: t.s, e: t.e, ns: t.s, ne: t.e, attrs: { toolType: v, sandbox: kind === 'code_execution', hosted: kind === 'code_execution' } });
      } else if (/^\/?\.well-known\/agent(-card)?\.json$/.test(v)) {
        add({ category: 'multi-agent', pattern: 'a2a-agent-card', s: t.s, e: t.e, ns: t.s, ne: t.e, attrs: { path: v } });
      } else if (v === '--dangerously-skip-permissions') {
        add({ category: 'auto-approve', pattern: v, s: t.s, e: t.e, ns: t.s, ne: t.e, attrs: { value: v } });
      }
      // dict keys as strings fall through to the key rules below
      if (!isOp(next, ':')) continue;
    }

    if (t.k !== 'id' && t.k !== 'str') continue;

    // ── key = value / key: value ──
    const kv = isOp(next, '=') || (isOp(next, ':') && (t.k === 'str' || !py || t.d > 0));
    if (kv && !(isOp(toks[i - 1], '.') && t.k === 'id' && isOp(next, ':'))) {
      const hit = keyRule(ctx, i, core, anyAi);
      if (hit) {
        if (hit.category === 'web-endpoint') noteWeb(hit.s, hit.e, 'host', true);
        else add(hit);
        continue;
      }
    }

    if (t.k !== 'id') continue;

    // ── comparisons that reveal a hand-written tool loop ──
    if ((isOp(next, '==') || isOp(next, '===') || isOp(next, '!=') || isOp(next, '!==')) && toks[i + 2]?.k === 'str' && core) {
      const name = t.v;
      const val = toks[i + 2].v;
      if (/^(finish_reason|stop_reason|finishReason|stopReason|type)$/.test(name) && (val === 'tool_calls' || val === 'tool_use' || val === 'function_call' || val === 'tool-calls')) {
        add({ category: 'tool-loop', pattern: `${name} == "${val}"`, s: t.s, e: toks[i + 2].e, ns: t.s, ne: t.e, attrs: { unbounded: inUnboundedLoop(ctx, i) } });
        continue;
      }
    }

    // ── Process.hierarchical (no call) ──
    if (t.v === 'hierarchical' && isOp(toks[i - 1], '.') && toks[i - 2]?.v === 'Process' && anyAi) {
      add({ category: 'multi-agent', pattern: 'Process.hierarchical', s: toks[i - 2].s, e: t.e, ns: toks[i - 2].s, ne: t.e, attrs: { process: 'hierarchical' } });
      continue;
    }

    // ── calls ──
    if (!isOp(next, '(') || isOp(toks[i - 1], '@')) continue;
    const isNew = toks[i - 1]?.k === 'id' && toks[i - 1].v === 'new';
    const open = i + 1;
    const close = isOp(toks[open], '(') ? matchBracket(toks, open) : open;
    const [chain, first] = chainAt(toks, i);
    const start = isNew ? toks[i - 1].s : toks[first].s;
    const endOff = toks[close].e;
    const two = last2(chain);
    const name = t.v;
    const receiverIsDot = first < i;

    // boto3 clients: self-describing
    if ((name === 'client' || name === 'resource') && (receiverIsDot || py)) {
      const a = firstArg(toks, open);
      const args = argsOf(ctx, open);
      const svc = a?.k === 'str' ? a.v : typeof args.get('service_name')?.value === 'string' ? (args.get('service_name')!.value as string) : undefined;
      if (svc && AI_SERVICES[svc]) {
        const m = AI_SERVICES[svc];
        add({ category: m.c, pattern: `${chain}("${svc}")`, s: start, e: endOff, ns: toks[first].s, ne: t.e, attrs: { service: svc, sdk: 'boto3', label: m.label }, pkg: 'boto3' });
        continue;
      }
    }

    if (py && (chain === 'importlib.import_module' || chain === '__import__')) continue; // handled as imports

    // web frameworks
    if (ctx.web) {
      if (['FastAPI', 'Flask', 'Starlette', 'Quart', 'Sanic', 'Litestar', 'Hono', 'Elysia'].includes(name) || (name === 'express' && !receiverIsDot) || (name === 'fastify' && !receiverIsDot) || two === 'gin.Default' || two === 'gin.New' || two === 'echo.New' || two === 'fiber.New' || two === 'WebApplication.CreateBuilder') {
        noteWeb(start, endOff, chain, false);
        continue;
      }
      if (receiverIsDot && WEB_ROUTE.has(name) && (lang === 'javascript' || lang === 'typescript' || lang === 'csharp' || lang === 'go') && toks[open + 1]?.k === 'str' && /^\//.test(toks[open + 1].v)) {
        noteWeb(start, endOff, chain, false);
        continue;
      }
      if (name === 'listen' || name === 'run' || name === 'ListenAndServe' || name === 'Run') {
        const args = argsOf(ctx, open);
        const host = args.get('host')?.value;
        let all = host === '0.0.0.0' || host === '::';
        for (let k = open + 1; k < close && !all; k++) if (toks[k].k === 'str' && /^(0\.0\.0\.0|::|:\d+)(:\d+)?$/.test(toks[k].v)) all = true;
        if ((chain.startsWith('uvicorn.') || name === 'listen' || name === 'ListenAndServe' || chain === 'app.run' || name === 'Run') && (all || name === 'listen' || name === 'ListenAndServe')) {
          noteWeb(start, endOff, chain, all);
          if (all) continue;
        }
      }
    }

    if (!anyAi) continue;

    // training / inference method calls
    if (training && receiverIsDot && TRAINING_METHODS.has(name)) {
      add({ category: 'training', pattern: `.${name}()`, s: toks[first].s, e: endOff, ns: toks[i - 1].s, ne: t.e, attrs: { call: chain } });
      continue;
    }
    if ((training || serving) && receiverIsDot && name === 'from_pretrained') {
      add({ category: 'inference', pattern: chain, s: toks[first].s, e: endOff, ns: t.s, ne: t.e, attrs: { call: chain } });
      continue;
    }
    if (ctx.packages.has('sagemaker') && receiverIsDot && name === 'deploy') {
      add({ category: 'serving', pattern: '.deploy()', s: toks[first].s, e: endOff, ns: t.s, ne: t.e, attrs: { call: chain } });
      continue;
    }

    // imported names with a framework meaning
    const importedPkg = pkgOf(name);
    if (!receiverIsDot && importedPkg) {
      if (name === 'run' && importedPkg.startsWith('@openai/agents')) {
        add({ category: 'agent', pattern: 'run()', s: start, e: endOff, ns: t.s, ne: t.e, attrs: {}, pkg: importedPkg });
        continue;
      }
      if (name === 'query' && importedPkg.includes('claude-agent-sdk')) {
        add(withArgs(ctx, { category: 'agent', pattern: 'query()', s: start, e: endOff, ns: t.s, ne: t.e, attrs: {}, pkg: importedPkg }, open));
        continue;
      }
      if (name === 'tool' && (importedPkg === 'ai' || importedPkg.startsWith('@openai/agents') || importedPkg.startsWith('@langchain') || importedPkg.startsWith('langchain') || importedPkg === 'genkit')) {
        const h: CallHit = { category: 'tool', pattern: 'tool()', s: start, e: endOff, ns: t.s, ne: t.e, attrs: {}, pkg: importedPkg };
        describeTool(ctx, h, { name: boundName(toks, first), s: toks[open].s, e: endOff }, argsOf(ctx, objectArg(toks, open)));
        add(h);
        continue;
      }
      if (name === 'interrupt' && importedPkg.startsWith('langgraph')) {
        add({ category: 'human-approval', pattern: 'interrupt()', s: start, e: endOff, ns: t.s, ne: t.e, attrs: {}, pkg: importedPkg });
        continue;
      }
      if (name === 'handoff' && (importedPkg === 'openai-agents' || importedPkg.startsWith('@openai/agents'))) {
        add({ category: 'multi-agent', pattern: 'handoff()', s: start, e: endOff, ns: t.s, ne: t.e, attrs: {}, pkg: importedPkg });
        continue;
      }
      if ((name === 'Server' && importedPkg === 'mcp') || (name === 'Client' && (importedPkg === '@modelcontextprotocol/sdk' || importedPkg === 'fastmcp'))) {
        add({ category: name === 'Server' ? 'mcp-server' : 'mcp-client', pattern: name, s: start, e: endOff, ns: t.s, ne: t.e, attrs: {}, pkg: importedPkg });
        continue;
      }
      if ((name === 'shell' || name === 'python_repl') && importedPkg === 'strands-agents-tools') {
        add({ category: 'code-exec', pattern: name, s: start, e: endOff, ns: t.s, ne: t.e, attrs: { sandbox: false }, pkg: importedPkg });
        continue;
      }
    }

    // MCP server tool registration: server.tool("name", …), server.registerTool("name", …), mcp.add_tool(fn)
    if (receiverIsDot && (name === 'registerTool' || name === 'addTool' || name === 'add_tool' || (name === 'tool' && (lang === 'javascript' || lang === 'typescript'))) && core) {
      const a = firstArg(toks, open);
      const h: CallHit = { category: 'tool', pattern: chain, s: start, e: endOff, ns: t.s, ne: t.e, attrs: {} };
      const tname = a?.k === 'str' ? a.v : a?.k === 'id' ? a.v : undefined;
      describeTool(ctx, h, { name: tname, s: toks[open].s, e: endOff }, argsOf(ctx, objectArg(toks, open)));
      add(h);
      continue;
    }

    // langchain Tool(name=…, func=…)
    if (!receiverIsDot && (name === 'Tool' || name === 'FunctionTool' || name === 'DynamicStructuredTool' || name === 'DynamicTool' || name === 'StructuredTool') && core) {
      const args = argsOf(ctx, objectArg(toks, open));
      const a = firstArg(toks, open);
      const h: CallHit = { category: 'tool', pattern: name, s: start, e: endOff, ns: t.s, ne: t.e, attrs: {} };
      describeTool(ctx, h, { name: typeof args.get('name')?.value === 'string' ? (args.get('name')!.value as string) : a?.k === 'id' ? a.v : undefined, s: toks[open].s, e: endOff }, args);
      const fn = a?.k === 'id' ? a.v : undefined;
      if (fn) extendWithFunction(ctx, h, fn);
      add(h);
      continue;
    }

    const rule = CHAIN[two] ?? CTOR[name];
    if (!rule || !ruleApplies(ctx, rule.c, CHAIN[two] ? two : name, core)) continue;
    const h: CallHit = { category: rule.c, pattern: CHAIN[two] ? two : name, s: start, e: endOff, ns: toks[first].s, ne: t.e, attrs: { ...(rule.attrs ?? {}) } };
    if (importedPkg) h.pkg = importedPkg;
    if (name === 'CodeAgent' || name === 'Agent' || name === 'AssistantAgent' || name === 'UserProxyAgent' || name === 'ConversableAgent') withArgs(ctx, h, open);
    add(h);
  }
  if (web) {
    web.attrs.routes = routes;
    hits.push(web);
  }
  if (hits.some((h) => h.category === 'llm-client' || h.category === 'agent')) {
    // CodeAgent from smolagents executes model-written Python
    for (const h of hits) if (h.pattern === 'CodeAgent' && h.category === 'agent') h.category = 'code-exec';
  }
  return hits;
}

/** Attributes read from a constructor's keyword arguments (smolagents executor, AutoGen code execution). */
function withArgs(ctx: PatternContext, h: CallHit, open: number): CallHit {
  const args = argsOf(ctx, open);
  if (h.pattern === 'CodeAgent') {
    const ex = args.get('executor_type')?.value;
    h.category = 'code-exec';
    h.attrs.sandbox = typeof ex === 'string' ? ex !== 'local' : false;
    if (typeof ex === 'string') h.attrs.executor = ex;
    const imports = args.get('additional_authorized_imports');
    if (imports) h.attrs.additionalAuthorizedImports = imports.value;
  }
  return h;
}

/** The object literal argument of a call (`tool({ … })`) or the call parens themselves. */
function objectArg(toks: readonly Token[], open: number): number {
  if (isOp(toks[open + 1], '{')) return open + 1;
  // server.tool("name", "desc", { … }, handler): no object with a name; keep the call
  return open;
}

/** `const refund = tool(…)` → refund; `refund: tool(…)` → refund. */
function boundName(toks: readonly Token[], first: number): string | undefined {
  const p = toks[first - 1];
  const q = toks[first - 2];
  if ((isOp(p, '=') || isOp(p, ':')) && (q?.k === 'id' || q?.k === 'str')) return q.v;
  return undefined;
}

interface FnSpan {
  name?: string;
  s: number;
  e: number;
}

/** The function defined after a decorator / annotation: its name and body offsets. */
function functionAfter(ctx: PatternContext, from: number): FnSpan {
  const { toks } = ctx;
  if (ctx.lang === 'python') {
    let j = from;
    while (j < toks.length && toks[j].k === 'nl') j++;
    // skip further decorators
    while (isOp(toks[j], '@')) {
      while (j < toks.length && toks[j].k !== 'nl') j++;
      j++;
    }
    if (toks[j]?.v === 'async') j++;
    if (toks[j]?.v !== 'def' || toks[j + 1]?.k !== 'id') return { s: toks[from]?.s ?? 0, e: toks[from]?.e ?? 0 };
    return pythonFunction(ctx, j);
  }
  // C-family: the next identifier followed by `(` is the method name; its body is the next `{…}`
  for (let j = from; j < toks.length && j < from + 60; j++) {
    if (toks[j].k === 'id' && isOp(toks[j + 1], '(')) {
      const close = matchBracket(toks, j + 1);
      let b = close + 1;
      while (b < toks.length && b < close + 30 && !isOp(toks[b], '{') && !isOp(toks[b], ';')) b++;
      const e = isOp(toks[b], '{') ? toks[matchBracket(toks, b)].e : toks[close].e;
      return { name: toks[j].v, s: toks[j].s, e };
    }
  }
  return { s: toks[from]?.s ?? 0, e: toks[from]?.e ?? 0 };
}

/** A Python `def` at token j: name and the offsets of its body (lines indented deeper than the def). */
function pythonFunction(ctx: PatternContext, j: number): FnSpan {
  const { toks, text } = ctx;
  const name = toks[j + 1].v;
  const col = columnOf(text, toks[j].s);
  let k = j + 2;
  while (k < toks.length && toks[k].k !== 'nl') k++; // end of the signature line(s)
  let last = toks[Math.min(k, toks.length - 1)];
  for (let m = k + 1; m < toks.length; m++) {
    const tk = toks[m];
    if (toks[m - 1].k === 'nl' && tk.k !== 'nl' && columnOf(text, tk.s) <= col) break;
    last = tk;
  }
  return { name, s: toks[j].s, e: last.e };
}

function columnOf(text: string, offset: number): number {
  let i = offset - 1;
  while (i >= 0 && text[i] !== '\n' && text[i] !== '\r') i--;
  return offset - i - 1;
}

/** Adds the body of function `fn` defined in the same file (for `Tool(func=fn)`, `tools=[fn]`). */
function extendWithFunction(ctx: PatternContext, h: CallHit, fn: string): void {
  const span = findFunction(ctx, fn);
  if (span) mergeEffects(h, effectsOf(ctx, span));
}

function findFunction(ctx: PatternContext, fn: string): FnSpan | undefined {
  const { toks } = ctx;
  for (let j = 0; j < toks.length - 1; j++) {
    if (ctx.lang === 'python' && toks[j].v === 'def' && toks[j + 1].v === fn && toks[j].k === 'id') return pythonFunction(ctx, j);
    if (ctx.lang !== 'python' && toks[j].k === 'id' && toks[j].v === 'function' && toks[j + 1].v === fn) {
      const open = j + 2;
      if (!isOp(toks[open], '(')) continue;
      const close = matchBracket(toks, open);
      const b = close + 1;
      if (isOp(toks[b], '{')) return { name: fn, s: toks[j].s, e: toks[matchBracket(toks, b)].e };
    }
  }
  return undefined;
}

interface Effects {
  effects: Set<string>;
  shellAt?: { s: number; e: number; pattern: string };
}

function effectsOf(ctx: PatternContext, span: FnSpan): Effects {
  const { toks } = ctx;
  const effects = new Set<string>();
  let shellAt: Effects['shellAt'];
  if (span.name) {
    const w = words(span.name);
    if (w.some((x) => PAYMENT_WORDS.has(x))) effects.add('payment');
    if (w.some((x) => EMAIL_WORDS.has(x)) && w.some((x) => ['send', 'post', 'notify', 'tweet', 'reply', 'forward'].includes(x))) effects.add('email');
    if (w.length > 0 && WRITE_WORDS.has(w[0])) effects.add('write');
    if (w.some((x) => SHELL_WORDS.has(x))) effects.add('shell-named');
  }
  for (let j = 0; j < toks.length; j++) {
    const t = toks[j];
    if (t.s < span.s) continue;
    if (t.s >= span.e) break;
    if (t.k === 'str') {
      if (/^\s*(INSERT|UPDATE|DELETE|DROP|ALTER|TRUNCATE|MERGE)\b/i.test(t.v)) effects.add('write');
      continue;
    }
    if (t.k !== 'id') continue;
    const v = t.v;
    if (['stripe', 'paypal', 'braintree', 'adyen', 'PaymentIntent', 'Refund', 'Transfer', 'Payout'].includes(v) && (isOp(toks[j + 1], '.') || isOp(toks[j + 1], '('))) effects.add('payment');
    if (['smtplib', 'sendgrid', 'SendGridAPIClient', 'nodemailer', 'send_email', 'sendMail', 'send_mail', 'sendmail', 'send_message', 'sendEmail'].includes(v)) effects.add('email');
    if (['put_item', 'delete_item', 'update_item', 'insert_one', 'insert_many', 'update_one', 'update_many', 'delete_one', 'delete_many', 'bulk_write', 'put_object', 'delete_object', 'executemany', 'commit'].includes(v) && isOp(toks[j - 1], '.')) effects.add('write');
    if ((v === 'post' || v === 'put' || v === 'delete' || v === 'patch') && isOp(toks[j - 1], '.') && ['requests', 'httpx', 'axios', 'session', 'client'].includes(toks[j - 2]?.v ?? '')) effects.add('write');
    // shell / process execution
    if (isOp(toks[j + 1], '(')) {
      const [chain, first] = chainAt(toks, j);
      const open = j + 1;
      let shell = false;
      let pattern = chain;
      if (ctx.lang === 'python') {
        if (chain === 'os.system' || chain === 'os.popen' || chain === 'subprocess.getoutput' || chain === 'subprocess.getstatusoutput' || chain === 'pty.spawn') shell = true;
        else if (/^subprocess\.(run|call|Popen|check_output|check_call)$/.test(chain) || /^(asyncio\.)?create_subprocess_shell$/.test(chain)) {
          const args = argsOf(ctx, open);
          if (args.get('shell')?.value === true || chain.endsWith('create_subprocess_shell')) {
            shell = true;
            pattern = `${chain}(shell=True)`;
          } else effects.add('process');
        } else if ((v === 'exec' || v === 'eval') && first === j) {
          shell = true;
          pattern = `${v}()`;
        }
      } else if (ctx.lang === 'javascript' || ctx.lang === 'typescript') {
        if (/^(child_process\.)?(exec|execSync|spawn|spawnSync|execFile|execFileSync)$/.test(chain) || /^(execa|\$)$/.test(v)) shell = true;
        if (v === 'eval' && first === j) shell = true;
      } else if (ctx.lang === 'go') {
        if (chain === 'exec.Command' || chain === 'exec.CommandContext') shell = true;
      } else if (ctx.lang === 'java' || ctx.lang === 'kotlin') {
        if (chain.endsWith('getRuntime.exec') || v === 'ProcessBuilder') shell = true;
      } else if (ctx.lang === 'csharp') {
        if (chain === 'Process.Start') shell = true;
      }
      if (shell) {
        effects.add('shell');
        if (!shellAt) shellAt = { s: toks[first].s, e: toks[matchBracket(toks, open)].e, pattern };
      }
    }
  }
  return { effects, shellAt };
}

function mergeEffects(h: CallHit, fx: Effects): void {
  const cur = new Set<string>(Array.isArray(h.attrs.effects) ? (h.attrs.effects as string[]) : []);
  for (const e of fx.effects) cur.add(e);
  h.attrs.effects = [...cur].sort();
  if (fx.shellAt && !h.attrs.shellCall) {
    h.attrs.shellCall = fx.shellAt.pattern;
    (h as CallHit & { shell?: Effects['shellAt'] }).shell = fx.shellAt;
  }
}

function describeTool(ctx: PatternContext, h: CallHit, span: FnSpan, args: Map<string, Lit>): void {
  const named = args.get('name')?.value;
  const toolName = typeof named === 'string' ? named : span.name;
  if (toolName) h.attrs.toolName = toolName;
  const approval = args.get('needs_approval') ?? args.get('needsApproval') ?? args.get('require_confirmation') ?? args.get('requireConfirmation');
  if (approval && approval.value !== false) h.attrs.needsApproval = true;
  mergeEffects(h, effectsOf(ctx, { ...span, name: toolName }));
  if (!Array.isArray(h.attrs.effects)) h.attrs.effects = [];
}

/** Reads `key = value` / `key: value` at token i against the key rules. */
function keyRule(ctx: PatternContext, i: number, core: boolean, anyAi: boolean): CallHit | undefined {
  const { toks } = ctx;
  const t = toks[i];
  const key = t.v;
  const lit = () => literalAt(ctx, i + 2);
  const mk = (category: CallCategory, l0: Lit | undefined, attrs: FactObject = {}): CallHit => {
    const l = isTypeName(l0) ? undefined : l0;
    return {
    category,
    pattern: key,
    s: t.s,
    e: l ? l.e : t.e,
    ns: t.s,
    ne: t.e,
    vs: l?.s,
    ve: l?.e,
    attrs: l ? { value: l.value, ...attrs } : attrs,
    };
  };
  const sval = (l: Lit | undefined) => (l && typeof l.value === 'string' ? l.value : undefined);

  if (key === 'host' && ctx.web) {
    const l = lit();
    if (l && (l.value === '0.0.0.0' || l.value === '::')) return mk('web-endpoint', l);
    return undefined;
  }
  if (!anyAi) return undefined;

  if (GUARDRAIL_KEYS.has(key)) {
    const l = lit();
    if (l && (l.value === null || l.value === false || (Array.isArray(l.value) && l.value.length === 0))) return undefined;
    if (l && l.kind === 'expr' && /^\[\s*\]$/.test(String((l.value as FactObject).$expr))) return undefined;
    return mk('guardrail', l);
  }
  if (!core) return undefined;

  if (key === 'tools' || key === 'functions') {
    const l = lit();
    if (!l || l.value === null || (l.kind === 'expr' && /^[[{]\s*[\]}]$/.test(String((l.value as FactObject).$expr)))) return undefined;
    const h = mk('tool-use', l);
    const names: string[] = [];
    if (isOpen(toks[i + 2])) {
      const close = matchBracket(toks, i + 2);
      for (let k = i + 3; k < close; k++) {
        const tk = toks[k];
        if (tk.k === 'id' && tk.d === toks[i + 2].d + 1 && !isOp(toks[k + 1], '(') && !isOp(toks[k + 1], '.') && !isOp(toks[k - 1], '.') && !isOp(toks[k + 1], ':') && !isOp(toks[k + 1], '=')) names.push(tk.v);
        if (tk.k === 'str' && ANTHROPIC_TOOL_TYPE.test(tk.v)) names.push(tk.v);
      }
    }
    if (names.length) {
      h.attrs.toolNames = names;
      // tools passed by function name: read their bodies for effects
      for (const n of names) {
        const span = findFunction(ctx, n);
        if (span) mergeEffects(h, effectsOf(ctx, span));
      }
    }
    return h;
  }
  if (key === 'tool_choice' || key === 'toolChoice') return mk('tool-use', lit());
  if (key === 'handoffs' || key === 'sub_agents' || key === 'subAgents' || key === 'manager_llm' || key === 'manager_agent' || key === 'agents' && isOpen(toks[i + 2]) && ctx.packages.has('crewai')) {
    const l = lit();
    if (!l || l.value === null || (l.kind === 'expr' && /^\[\s*\]$/.test(String((l.value as FactObject).$expr)))) return undefined;
    return mk('multi-agent', l);
  }
  if (key === 'allow_delegation' || key === 'allowDelegation') {
    const l = lit();
    return l?.value === true ? mk('multi-agent', l) : undefined;
  }
  if (key === 'human_input_mode' || key === 'humanInputMode') {
    const l = lit();
    const v = sval(l)?.toUpperCase();
    if (v === 'NEVER') return mk('auto-approve', l);
    if (v === 'ALWAYS' || v === 'TERMINATE') return mk('human-approval', l);
    return undefined;
  }
  if (key === 'require_approval' || key === 'requireApproval') {
    const l = lit();
    const v = sval(l)?.toLowerCase();
    if (v === 'never') return mk('auto-approve', l);
    if (v === 'always') return mk('human-approval', l);
    if (l?.kind === 'expr') {
      const txt = String((l.value as FactObject).$expr);
      if (/always/.test(txt)) return mk('human-approval', l);
      if (/never/.test(txt)) return mk('auto-approve', l);
    }
    return undefined;
  }
  if (key === 'permission_mode' || key === 'permissionMode' || key === 'defaultMode') {
    const l = lit();
    const v = sval(l);
    if (v === 'bypassPermissions' || v === 'acceptEdits' || v === 'auto') return mk('auto-approve', l, { mode: v });
    if (v === 'default' || v === 'plan' || v === 'dontAsk') return mk('human-approval', l, { mode: v });
    return undefined;
  }
  if (key === 'auto_invoke' || key === 'autoInvoke' || key === 'auto_approve' || key === 'autoApprove') {
    const l = lit();
    if (l?.value === true) return mk('auto-approve', l);
    if (l?.value === false) return mk('human-approval', l);
    return undefined;
  }
  if (key === 'needs_approval' || key === 'needsApproval' || key === 'require_confirmation' || key === 'requireConfirmation' || key === 'human_input' || key === 'humanInput') {
    const l = lit();
    if (!l || l.value === false || l.value === null) return undefined;
    return mk('human-approval', l);
  }
  if (APPROVAL_KEYS.has(key)) {
    const l = lit();
    if (!l || l.value === null || (l.kind === 'expr' && /^\[\s*\]$/.test(String((l.value as FactObject).$expr)))) return undefined;
    return mk('human-approval', l);
  }
  if (key === 'code_execution_config') {
    const l = lit();
    if (!l || l.value === false || l.value === null) return undefined;
    let sandbox: FactValue = true; // AutoGen runs code in Docker unless told otherwise
    if (isOpen(toks[i + 2])) {
      const inner = argsOf(ctx, i + 2);
      const d = inner.get('use_docker');
      if (d) sandbox = d.value === false ? false : d.kind === 'expr' ? d.value : true;
    } else sandbox = { $expr: 'unknown' };
    return mk('code-exec', l, { sandbox });
  }
  if (key === 'allow_code_execution' || key === 'allowCodeExecution') {
    const l = lit();
    if (l?.value !== true) return undefined;
    // code_execution_mode sits beside it in the same call
    let sandbox: FactValue = true;
    const open = enclosingOpen(toks, i);
    if (open >= 0) {
      const mode = argsOf(ctx, open).get('code_execution_mode')?.value;
      if (mode === 'unsafe') sandbox = false;
    }
    return mk('code-exec', l, { sandbox });
  }
  if (LOOP_CAP_KEYS.has(key)) {
    const l = lit();
    if (!l) return undefined;
    const attrs: FactObject = {};
    if (l.value === null || (typeof l.value === 'number' && l.value < 0)) attrs.unbounded = true;
    return mk('loop-cap', l, attrs);
  }
  if (key === 'stopWhen' || key === 'stop_when') {
    const l = lit();
    if (!l) return undefined;
    const m = /stepCountIs\s*\(\s*(\d+)/.exec(ctx.text.slice(l.s, l.e));
    return mk('loop-cap', l, m ? { steps: Number(m[1]) } : {});
  }
  if (TIMEOUT_KEYS.has(key)) {
    const l = lit();
    if (!l || l.value === null) return undefined;
    return mk('timeout', l);
  }
  if (key === 'mcp_servers' || key === 'mcpServers') {
    const l = lit();
    if (!l || l.value === null) return undefined;
    return mk('mcp-client', l);
  }
  if (key === 'type') {
    const l = lit();
    const v = sval(l);
    if (v === 'mcp') return { ...mk('mcp-client', l), pattern: 'type: "mcp"' };
    if (v === 'code_interpreter') return { ...mk('code-exec', l, { sandbox: true, hosted: true }), pattern: 'type: "code_interpreter"' };
    if (v === 'computer_use_preview' || v === 'computer_use' || v === 'computer') return { ...mk('computer-use', l), pattern: `type: "${v}"` };
    if (v === 'local_shell' || v === 'shell') return { ...mk('code-exec', l, { sandbox: false }), pattern: `type: "${v}"` };
    return undefined;
  }
  return undefined;
}

function enclosingOpen(toks: readonly Token[], i: number): number {
  const d = toks[i].d;
  for (let j = i - 1; j >= 0; j--) if (toks[j].d === d - 1 && isOpen(toks[j])) return j;
  return -1;
}

/** Whether token i sits inside `while True:` (Python) or `while (true) {` / `for (;;) {` / Go `for {`. */
function inUnboundedLoop(ctx: PatternContext, i: number): boolean {
  const { toks, text } = ctx;
  if (ctx.lang === 'python') {
    // walk the enclosing blocks by indentation
    let lineStartIdx = i;
    while (lineStartIdx > 0 && toks[lineStartIdx - 1].k !== 'nl') lineStartIdx--;
    let indent = columnOf(text, toks[lineStartIdx].s);
    for (let j = lineStartIdx - 1; j >= 0; j--) {
      if (!(j === 0 || toks[j - 1].k === 'nl') || toks[j].k === 'nl') continue;
      const col = columnOf(text, toks[j].s);
      if (col >= indent) continue;
      indent = col;
      const v = toks[j].v;
      if (v === 'while' && /^(True|1)$/.test(toks[j + 1]?.v ?? '') && isOp(toks[j + 2], ':')) return true;
      if (v === 'def' || v === 'class' || (v === 'async' && toks[j + 1]?.v === 'def')) return false;
      if (col === 0) return false;
    }
    return false;
  }
  for (let j = 0; j < toks.length; j++) {
    const tk = toks[j];
    if (tk.s > toks[i].s) break;
    let bodyOpen = -1;
    if (tk.v === 'while' && isOp(toks[j + 1], '(') && /^(true|1)$/.test(toks[j + 2]?.v ?? '') && isOp(toks[j + 3], ')') && isOp(toks[j + 4], '{')) bodyOpen = j + 4;
    else if (tk.v === 'for' && isOp(toks[j + 1], '(') && isOp(toks[j + 2], ';') && isOp(toks[j + 3], ';') && isOp(toks[j + 4], ')') && isOp(toks[j + 5], '{')) bodyOpen = j + 5;
    else if (tk.v === 'for' && ctx.lang === 'go' && isOp(toks[j + 1], '{')) bodyOpen = j + 1;
    if (bodyOpen >= 0) {
      const close = matchBracket(toks, bodyOpen);
      if (toks[close].s > toks[i].s) return true;
    }
  }
  return false;
}

/** Code-execution hits implied by tools whose bodies run a shell. */
export function shellHitsFromTools(hits: CallHit[]): CallHit[] {
  const out: CallHit[] = [];
  for (const h of hits) {
    const sh = (h as CallHit & { shell?: { s: number; e: number; pattern: string } }).shell;
    if (sh && (h.category === 'tool' || h.category === 'tool-use') && !out.some((o) => o.s === sh.s && o.e === sh.e)) {
      out.push({ category: 'code-exec', pattern: sh.pattern, s: sh.s, e: sh.e, ns: sh.s, ne: sh.e, attrs: { sandbox: false, inTool: true, toolName: h.attrs.toolName ?? null, ...(h.attrs.needsApproval === true ? { needsApproval: true } : {}) } });
    }
    delete (h as CallHit & { shell?: unknown }).shell;
  }
  return out;
}

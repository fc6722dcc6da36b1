/**
 * The AI packages the code and manifest parsers recognise (signals.md §4), with their
 * ecosystem, the import names code uses, the tier a plain import or declared dependency
 * suggests and the package's role.
 *
 * `tier: null` means the package alone says nothing about the tier: training libraries
 * (torch, transformers…) need training calls before they count as L6, and guardrail or
 * observability libraries are controls, not workloads.
 *
 * Import-name traps handled here:
 * - `openai-agents` imports as `agents`, `openai-swarm` as `swarm`: both names are common
 *   local package names, so they are `ambiguous` and the Python import reader accepts them
 *   only when a known export is imported (`Agent`, `Runner`, `function_tool`…) or the
 *   dependency is declared in a manifest of the file's service, and no local package of that
 *   name sits beside the file.
 * - `a2a-sdk` imports as `a2a`, `google-genai` as `google.genai`, `scikit-learn` as `sklearn`.
 * - PyPI names are compared after PEP 503 normalisation; npm names as written (scoped);
 *   Go module paths with their major-version suffix (`/v2`, `/v3`) removed; NuGet ids
 *   case-insensitively; Maven by `groupId:artifactId` (some by artifact prefix).
 */
import type { Tier } from '../../model';

export type Ecosystem = 'pypi' | 'npm' | 'go' | 'maven' | 'nuget';
export type Role = 'llm-client' | 'agent-framework' | 'multi-agent' | 'mcp' | 'training' | 'serving' | 'guardrail' | 'observability' | 'coding-agent';

export interface AiPackage {
  /** Normalised package name (PEP 503 for PyPI, `group:artifact` for Maven). */
  name: string;
  ecosystem: Ecosystem;
  /** Import names / module prefixes (Python dotted modules, npm specifiers, Go module paths, Java packages, C# namespaces). */
  imports: string[];
  tier: Tier | null;
  role: Role;
  /** A short readable label for messages. */
  label: string;
  /** The import name is common as a local package name (see the header). */
  ambiguous?: { exports: string[] };
  /** Dependency names that start with `name` belong to this package family too (`@langchain/…`, `langchain4j-…`). */
  prefix?: boolean;
}

const T: AiPackage[] = [];
function add(ecosystem: Ecosystem, role: Role, tier: Tier | null, label: string, rows: [string, string[]][], extra: Partial<AiPackage> = {}): void {
  for (const [name, imports] of rows) T.push({ name, ecosystem, imports, role, tier, label, ...extra });
}

// ── PyPI ──
add('pypi', 'llm-client', 'L4', 'LLM API client', [
  ['openai', ['openai']],
  ['anthropic', ['anthropic']],
  ['google-generativeai', ['google.generativeai']],
  ['google-genai', ['google.genai']],
  ['google-cloud-aiplatform', ['vertexai', 'google.cloud.aiplatform']],
  ['azure-ai-inference', ['azure.ai.inference']],
  ['azure-ai-openai', ['azure.ai.openai']],
  ['cohere', ['cohere']],
  ['mistralai', ['mistralai']],
  ['groq', ['groq']],
  ['litellm', ['litellm']],
  ['instructor', ['instructor']],
  ['langchain', ['langchain']],
  ['langchain-core', ['langchain_core']],
  ['langchain-openai', ['langchain_openai']],
  ['langchain-anthropic', ['langchain_anthropic']],
  ['langchain-aws', ['langchain_aws']],
  ['langchain-google-genai', ['langchain_google_genai']],
  ['langchain-google-vertexai', ['langchain_google_vertexai']],
  ['langchain-community', ['langchain_community']],
  ['langchain-experimental', ['langchain_experimental']],
  ['llama-index', ['llama_index']],
  ['llama-index-core', ['llama_index.core']],
  ['semantic-kernel', ['semantic_kernel']],
  ['dspy', ['dspy']],
  ['haystack-ai', ['haystack']],
  ['ollama', ['ollama']],
  ['tritonclient', ['tritonclient']],
  ['text-generation', ['text_generation']],
  ['llama-stack-client', ['llama_stack_client']],
  ['huggingface-hub', ['huggingface_hub']],
]);
add('pypi', 'agent-framework', 'L5', 'agent framework', [
  ['langgraph', ['langgraph']],
  ['langchain-mcp-adapters', ['langchain_mcp_adapters']],
  ['pyautogen', ['autogen']],
  ['ag2', []],
  ['autogen-agentchat', ['autogen_agentchat']],
  ['autogen-core', ['autogen_core']],
  ['autogen-ext', ['autogen_ext']],
  ['crewai', ['crewai']],
  ['crewai-tools', ['crewai_tools']],
  ['claude-agent-sdk', ['claude_agent_sdk']],
  ['google-adk', ['google.adk']],
  ['strands-agents', ['strands']],
  ['strands-agents-tools', ['strands_tools']],
  ['pydantic-ai', ['pydantic_ai']],
  ['smolagents', ['smolagents']],
  ['agno', ['agno']],
  ['letta', ['letta']],
  ['letta-client', ['letta_client']],
  ['browser-use', ['browser_use']],
  ['deepagents', ['deepagents']],
  ['bedrock-agentcore', ['bedrock_agentcore']],
  ['azure-ai-projects', ['azure.ai.projects']],
  ['azure-ai-agents', ['azure.ai.agents']],
]);
T.push({
  name: 'openai-agents',
  ecosystem: 'pypi',
  imports: ['agents'],
  role: 'agent-framework',
  tier: 'L5',
  label: 'OpenAI Agents SDK',
  ambiguous: {
    exports: ['Agent', 'Runner', 'function_tool', 'handoff', 'Handoff', 'ModelSettings', 'RunConfig', 'RunContextWrapper', 'WebSearchTool', 'FileSearchTool', 'ComputerTool', 'HostedMCPTool', 'CodeInterpreterTool', 'input_guardrail', 'output_guardrail', 'GuardrailFunctionOutput', 'set_default_openai_key', 'set_default_openai_client', 'trace', 'SQLiteSession', 'OpenAIChatCompletionsModel', 'ItemHelpers', 'TResponseInputItem', 'mcp', 'tool'],
  },
});
add('pypi', 'mcp', 'L5', 'Model Context Protocol SDK', [
  ['mcp', ['mcp']],
  ['fastmcp', ['fastmcp']],
]);
add('pypi', 'multi-agent', 'L8', 'multi-agent framework', [
  ['langgraph-supervisor', ['langgraph_supervisor']],
  ['langgraph-swarm', ['langgraph_swarm']],
  ['a2a-sdk', ['a2a']],
  ['camel-ai', ['camel']],
  ['metagpt', ['metagpt']],
  ['swarms', ['swarms']],
  ['dapr-agents', ['dapr_agents']],
]);
T.push({ name: 'openai-swarm', ecosystem: 'pypi', imports: ['swarm'], role: 'multi-agent', tier: 'L8', label: 'multi-agent framework', ambiguous: { exports: ['Swarm', 'Agent'] } });
add('pypi', 'training', null, 'ML training library', [
  ['transformers', ['transformers']],
  ['torch', ['torch']],
  ['tensorflow', ['tensorflow']],
  ['keras', ['keras']],
  ['scikit-learn', ['sklearn']],
  ['xgboost', ['xgboost']],
  ['lightgbm', ['lightgbm']],
  ['sentence-transformers', ['sentence_transformers']],
  ['peft', ['peft']],
  ['trl', ['trl']],
  ['accelerate', ['accelerate']],
  ['deepspeed', ['deepspeed']],
  ['unsloth', ['unsloth']],
  ['datasets', ['datasets']],
  ['mlflow', ['mlflow']],
  ['mlflow-skinny', []],
  ['wandb', ['wandb']],
  ['comet-ml', ['comet_ml']],
  ['clearml', ['clearml']],
  ['zenml', ['zenml']],
  ['metaflow', ['metaflow']],
  ['kfp', ['kfp']],
  ['sagemaker', ['sagemaker']],
  ['feast', ['feast']],
  ['ray', ['ray']],
]);
add('pypi', 'serving', 'L7', 'model serving', [
  ['vllm', ['vllm']],
  ['bentoml', ['bentoml']],
  ['kserve', ['kserve']],
  ['seldon-core', ['seldon_core']],
  ['torchserve', []],
  ['llama-cpp-python', ['llama_cpp']],
  ['llama-stack', ['llama_stack']],
]);
add('pypi', 'guardrail', null, 'guardrail library', [
  ['nemoguardrails', ['nemoguardrails']],
  ['guardrails-ai', ['guardrails']],
  ['presidio-analyzer', ['presidio_analyzer']],
  ['presidio-anonymizer', ['presidio_anonymizer']],
  ['azure-ai-contentsafety', ['azure.ai.contentsafety']],
  ['llm-guard', ['llm_guard']],
]);
add('pypi', 'observability', null, 'LLM observability', [
  ['langsmith', ['langsmith']],
  ['agentops', ['agentops']],
  ['langfuse', ['langfuse']],
]);

// ── npm ──
add('npm', 'llm-client', 'L4', 'LLM API client', [
  ['openai', ['openai']],
  ['@anthropic-ai/sdk', ['@anthropic-ai/sdk']],
  ['@anthropic-ai/bedrock-sdk', ['@anthropic-ai/bedrock-sdk']],
  ['@anthropic-ai/vertex-sdk', ['@anthropic-ai/vertex-sdk']],
  ['@google/generative-ai', ['@google/generative-ai']],
  ['@google/genai', ['@google/genai']],
  ['@google-cloud/vertexai', ['@google-cloud/vertexai']],
  ['@aws-sdk/client-bedrock-runtime', ['@aws-sdk/client-bedrock-runtime']],
  ['@aws-sdk/client-bedrock', ['@aws-sdk/client-bedrock']],
  ['@aws-sdk/client-sagemaker-runtime', ['@aws-sdk/client-sagemaker-runtime']],
  ['@azure/openai', ['@azure/openai']],
  ['@azure-rest/ai-inference', ['@azure-rest/ai-inference']],
  ['langchain', ['langchain']],
  ['@langchain/core', ['@langchain/core']],
  ['@langchain/openai', ['@langchain/openai']],
  ['@langchain/anthropic', ['@langchain/anthropic']],
  ['@langchain/community', ['@langchain/community']],
  ['ai', ['ai']],
  ['ollama', ['ollama']],
  ['@huggingface/inference', ['@huggingface/inference']],
  ['cohere-ai', ['cohere-ai']],
  ['@mistralai/mistralai', ['@mistralai/mistralai']],
  ['groq-sdk', ['groq-sdk']],
  ['llamaindex', ['llamaindex']],
]);
add('npm', 'llm-client', 'L4', 'LLM API client', [
  ['@ai-sdk/', []],
  ['@langchain/', []],
], { prefix: true });
add('npm', 'agent-framework', 'L5', 'agent framework', [
  ['@aws-sdk/client-bedrock-agent-runtime', ['@aws-sdk/client-bedrock-agent-runtime']],
  ['@aws-sdk/client-bedrock-agent', ['@aws-sdk/client-bedrock-agent']],
  ['@aws-sdk/client-bedrock-agentcore', ['@aws-sdk/client-bedrock-agentcore']],
  ['@azure/ai-projects', ['@azure/ai-projects']],
  ['@azure/ai-agents', ['@azure/ai-agents']],
  ['@langchain/langgraph', ['@langchain/langgraph']],
  ['@langchain/mcp-adapters', ['@langchain/mcp-adapters']],
  ['@openai/agents', ['@openai/agents']],
  ['@openai/agents-core', ['@openai/agents-core']],
  ['@openai/agents-openai', ['@openai/agents-openai']],
  ['@anthropic-ai/claude-agent-sdk', ['@anthropic-ai/claude-agent-sdk']],
  ['@mastra/core', ['@mastra/core']],
  ['genkit', ['genkit']],
  ['@genkit-ai/googleai', ['@genkit-ai/googleai']],
  ['@google/adk', ['@google/adk']],
  ['@strands-agents/sdk', ['@strands-agents/sdk']],
  ['@microsoft/agents-hosting', ['@microsoft/agents-hosting']],
  ['botbuilder', ['botbuilder']],
]);
add('npm', 'mcp', 'L5', 'Model Context Protocol SDK', [['@modelcontextprotocol/sdk', ['@modelcontextprotocol/sdk']]]);
add('npm', 'multi-agent', 'L8', 'multi-agent framework', [
  ['@langchain/langgraph-supervisor', ['@langchain/langgraph-supervisor']],
  ['@langchain/langgraph-swarm', ['@langchain/langgraph-swarm']],
  ['@a2a-js/sdk', ['@a2a-js/sdk']],
]);
add('npm', 'training', null, 'ML library', [
  ['@huggingface/transformers', ['@huggingface/transformers']],
  ['@tensorflow/tfjs', ['@tensorflow/tfjs']],
  ['@tensorflow/tfjs-node', ['@tensorflow/tfjs-node']],
]);
add('npm', 'guardrail', null, 'guardrail library', [['@azure-rest/ai-content-safety', ['@azure-rest/ai-content-safety']]]);
add('npm', 'observability', null, 'LLM observability', [
  ['langsmith', ['langsmith']],
  ['langfuse', ['langfuse']],
]);
add('npm', 'coding-agent', 'L2', 'coding-agent CLI', [
  ['@anthropic-ai/claude-code', ['@anthropic-ai/claude-code']],
  ['@openai/codex', ['@openai/codex']],
  ['@google/gemini-cli', ['@google/gemini-cli']],
  ['@github/copilot', ['@github/copilot']],
]);

// ── Go (module paths without major-version suffix) ──
add('go', 'llm-client', 'L4', 'LLM API client', [
  ['github.com/openai/openai-go', ['github.com/openai/openai-go']],
  ['github.com/anthropics/anthropic-sdk-go', ['github.com/anthropics/anthropic-sdk-go']],
  ['google.golang.org/genai', ['google.golang.org/genai']],
  ['github.com/google/generative-ai-go', ['github.com/google/generative-ai-go']],
  ['github.com/aws/aws-sdk-go-v2/service/bedrockruntime', ['github.com/aws/aws-sdk-go-v2/service/bedrockruntime']],
  ['github.com/aws/aws-sdk-go-v2/service/sagemakerruntime', ['github.com/aws/aws-sdk-go-v2/service/sagemakerruntime']],
  ['github.com/Azure/azure-sdk-for-go/sdk/ai/azopenai', ['github.com/Azure/azure-sdk-for-go/sdk/ai/azopenai']],
  ['github.com/tmc/langchaingo', ['github.com/tmc/langchaingo']],
  ['github.com/sashabaranov/go-openai', ['github.com/sashabaranov/go-openai']],
  ['github.com/ollama/ollama', ['github.com/ollama/ollama/api']],
]);
add('go', 'agent-framework', 'L5', 'agent framework', [
  ['github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime', ['github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime']],
  ['github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol', ['github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol']],
  ['github.com/cloudwego/eino', ['github.com/cloudwego/eino']],
  ['github.com/firebase/genkit/go', ['github.com/firebase/genkit/go']],
  ['google.golang.org/adk', ['google.golang.org/adk']],
]);
add('go', 'mcp', 'L5', 'Model Context Protocol SDK', [
  ['github.com/modelcontextprotocol/go-sdk', ['github.com/modelcontextprotocol/go-sdk']],
  ['github.com/mark3labs/mcp-go', ['github.com/mark3labs/mcp-go']],
]);

// ── Maven (group:artifact; Java package prefixes) ──
add('maven', 'llm-client', 'L4', 'LLM API client', [
  ['com.openai:openai-java', ['com.openai']],
  ['com.anthropic:anthropic-java', ['com.anthropic']],
  ['com.google.genai:google-genai', ['com.google.genai']],
  ['com.google.cloud:google-cloud-vertexai', ['com.google.cloud.vertexai']],
  ['software.amazon.awssdk:bedrockruntime', ['software.amazon.awssdk.services.bedrockruntime']],
  ['software.amazon.awssdk:bedrock', ['software.amazon.awssdk.services.bedrock']],
  ['com.azure:azure-ai-openai', ['com.azure.ai.openai']],
  ['com.azure:azure-ai-inference', ['com.azure.ai.inference']],
  ['dev.langchain4j:langchain4j', ['dev.langchain4j']],
  ['org.springframework.ai:spring-ai', ['org.springframework.ai']],
], { prefix: true });
add('maven', 'agent-framework', 'L5', 'agent framework', [
  ['software.amazon.awssdk:bedrockagentruntime', ['software.amazon.awssdk.services.bedrockagentruntime']],
  ['com.google.adk:google-adk', ['com.google.adk']],
]);
add('maven', 'mcp', 'L5', 'Model Context Protocol SDK', [['io.modelcontextprotocol.sdk:mcp', ['io.modelcontextprotocol']]], { prefix: true });

// ── NuGet (ids; C# namespaces) ──
add('nuget', 'llm-client', 'L4', 'LLM API client', [
  ['openai', ['OpenAI']],
  ['azure.ai.openai', ['Azure.AI.OpenAI']],
  ['azure.ai.inference', ['Azure.AI.Inference']],
  ['anthropic', ['Anthropic']],
  ['awssdk.bedrockruntime', ['Amazon.BedrockRuntime']],
  ['google.genai', ['Google.GenAI']],
  ['ollamasharp', ['OllamaSharp']],
  ['microsoft.semantickernel', ['Microsoft.SemanticKernel']],
  ['microsoft.extensions.ai', ['Microsoft.Extensions.AI']],
  ['google.cloud.aiplatform.v1', ['Google.Cloud.AIPlatform.V1']],
], { prefix: true });
add('nuget', 'agent-framework', 'L5', 'agent framework', [
  ['microsoft.agents.ai', ['Microsoft.Agents.AI']],
  ['azure.ai.projects', ['Azure.AI.Projects']],
  ['azure.ai.agents.persistent', ['Azure.AI.Agents.Persistent']],
  ['awssdk.bedrockagentruntime', ['Amazon.BedrockAgentRuntime']],
]);
add('nuget', 'multi-agent', 'L8', 'multi-agent framework', [['microsoft.agents.ai.workflows', ['Microsoft.Agents.AI.Workflows']]]);
add('nuget', 'mcp', 'L5', 'Model Context Protocol SDK', [['modelcontextprotocol', ['ModelContextProtocol']]], { prefix: true });
add('nuget', 'training', null, 'ML library', [['microsoft.ml', ['Microsoft.ML']]], { prefix: true });

export const AI_PACKAGES: readonly AiPackage[] = T;

/** PEP 503: lower case, runs of `-`, `_`, `.` become one `-`. */
export function normalizePypi(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Removes Go major-version path segments (`/v2`, `/v3`). */
export function stripGoMajor(path: string): string {
  return path
    .split('/')
    .filter((seg, i) => i === 0 || !/^v\d+$/.test(seg))
    .join('/');
}

export function normalizeName(ecosystem: Ecosystem, name: string): string {
  switch (ecosystem) {
    case 'pypi':
      return normalizePypi(name);
    case 'go':
      return stripGoMajor(name.trim());
    case 'nuget':
      return name.trim().toLowerCase();
    case 'maven':
      return name.trim();
    default:
      return name.trim();
  }
}

const byDependency = new Map<string, AiPackage>();
for (const p of T) byDependency.set(`${p.ecosystem}|${p.name}`, p);
const prefixed = T.filter((p) => p.prefix);

/** The AI package a declared dependency (already normalised) belongs to. */
export function packageForDependency(ecosystem: Ecosystem, normalised: string): AiPackage | undefined {
  const exact = byDependency.get(`${ecosystem}|${normalised}`);
  if (exact) return exact;
  if (ecosystem === 'go') {
    // a sub-module of a known module (github.com/tmc/langchaingo/llms is in the langchaingo module)
    for (const p of T) if (p.ecosystem === 'go' && normalised.startsWith(p.name + '/')) return p;
    return undefined;
  }
  let best: AiPackage | undefined;
  for (const p of prefixed) {
    if (p.ecosystem !== ecosystem) continue;
    const ok = ecosystem === 'nuget' ? normalised.startsWith(p.name + '.') : normalised.startsWith(p.name.endsWith('/') ? p.name : p.name + '-');
    if (ok && (!best || p.name.length > best.name.length)) best = p;
  }
  return best;
}

type ImportLang = 'python' | 'js' | 'go' | 'java' | 'csharp';
const ECO_OF: Record<ImportLang, Ecosystem> = { python: 'pypi', js: 'npm', go: 'go', java: 'maven', csharp: 'nuget' };
const importIndex = new Map<Ecosystem, Map<string, AiPackage>>();
for (const p of T) {
  let m = importIndex.get(p.ecosystem);
  if (!m) importIndex.set(p.ecosystem, (m = new Map()));
  for (const imp of p.imports) if (!m.has(imp)) m.set(imp, p);
}

/** npm: the package part of a specifier (`@scope/name/sub` → `@scope/name`, `openai/helpers` → `openai`). */
export function npmPackageOf(spec: string): string {
  const clean = spec.replace(/^node:/, '');
  const parts = clean.split('/');
  return clean.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * The AI package a module reference belongs to, by the longest matching prefix of its
 * segments (dots for Python/Java/C#, slashes for Go). Ambiguity rules are applied by callers.
 */
export function packageForModule(lang: ImportLang, module: string): AiPackage | undefined {
  const eco = ECO_OF[lang];
  const index = importIndex.get(eco)!;
  if (lang === 'js') {
    const pkg = npmPackageOf(module);
    const exact = index.get(pkg);
    if (exact) return exact;
    const p = packageForDependency('npm', pkg);
    return p;
  }
  const sep = lang === 'go' ? '/' : '.';
  const path = lang === 'go' ? stripGoMajor(module) : module;
  const segs = path.split(sep);
  for (let n = segs.length; n > 0; n--) {
    const hit = index.get(segs.slice(0, n).join(sep));
    if (hit) return hit;
  }
  return undefined;
}

export function ecosystemOfLang(lang: ImportLang): Ecosystem {
  return ECO_OF[lang];
}

export function packageByName(ecosystem: Ecosystem, name: string): AiPackage | undefined {
  return byDependency.get(`${ecosystem}|${name}`);
}

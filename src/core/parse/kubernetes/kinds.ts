/**
 * What the Kubernetes reader knows about kinds: cluster scope, AI custom resources and their
 * tiers, serving / notebook / agent container images, accelerator resource names.
 * Sources: /work/shared/reference/signals.md §2 (rows R/C), checked where marked U.
 */
import type { Tier } from '../../model';

/** Kinds that live outside namespaces (address `Kind/name`). */
export const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'CustomResourceDefinition',
  'PriorityClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'APIService',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
  'VolumeSnapshotClass',
  'PodSecurityPolicy',
  'ClusterIssuer',
  'GatewayClass',
  'ClusterServingRuntime',
  'ClusterStorageContainer',
  'ClusterTrainingRuntime',
  'ClusterPolicy',
  'ConstraintTemplate',
  'ClusterSecretStore',
  'ClusterRoleBindingList',
]);

export function apiGroup(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

export function isClusterScoped(apiVersion: string, kind: string): boolean {
  if (CLUSTER_SCOPED.has(kind)) return true;
  // Gatekeeper constraints are cluster-scoped instances of their templates.
  return apiGroup(apiVersion) === 'constraints.gatekeeper.sh';
}

export interface CrdSignal {
  tier: Tier;
  pattern: string;
  /** Agent-like objects (used for multi-agent and autonomy checks). */
  agent?: boolean;
}

/** AI custom resources by API group, then kind. */
export const AI_CRDS: Record<string, Record<string, CrdSignal>> = {
  'serving.kserve.io': {
    InferenceService: { tier: 'L7', pattern: 'KServe InferenceService serves a model' },
    LLMInferenceService: { tier: 'L7', pattern: 'KServe LLMInferenceService serves a large language model' },
    LLMInferenceServiceConfig: { tier: 'L7', pattern: 'KServe LLM serving configuration' },
    ServingRuntime: { tier: 'L7', pattern: 'KServe ServingRuntime defines a model server' },
    ClusterServingRuntime: { tier: 'L7', pattern: 'KServe ClusterServingRuntime defines a model server' },
    InferenceGraph: { tier: 'L7', pattern: 'KServe InferenceGraph chains model servers' },
    TrainedModel: { tier: 'L7', pattern: 'KServe TrainedModel is loaded into a model server' },
    LocalModelCache: { tier: 'L7', pattern: 'KServe LocalModelCache stores model weights for serving' },
  },
  'inference.networking.x-k8s.io': {
    InferencePool: { tier: 'L7', pattern: 'Gateway API InferencePool routes to model servers' },
  },
  'machinelearning.seldon.io': {
    SeldonDeployment: { tier: 'L7', pattern: 'Seldon Core SeldonDeployment serves a model' },
  },
  'mlops.seldon.io': {
    Model: { tier: 'L7', pattern: 'Seldon Core 2 Model is served' },
    Server: { tier: 'L7', pattern: 'Seldon Core 2 Server hosts models' },
    Pipeline: { tier: 'L7', pattern: 'Seldon Core 2 Pipeline chains served models' },
    Experiment: { tier: 'L7', pattern: 'Seldon Core 2 Experiment splits traffic between models' },
    SeldonRuntime: { tier: 'L7', pattern: 'Seldon Core 2 runtime for model serving' },
  },
  'ray.io': {
    RayService: { tier: 'L7', pattern: 'KubeRay RayService runs Ray Serve' },
    RayCluster: { tier: 'L6', pattern: 'KubeRay RayCluster runs distributed Ray compute' },
    RayJob: { tier: 'L6', pattern: 'KubeRay RayJob runs a Ray workload' },
    RayCronJob: { tier: 'L6', pattern: 'KubeRay RayCronJob runs a Ray workload on a schedule' },
  },
  'kubeflow.org': {
    Notebook: { tier: 'L6', pattern: 'Kubeflow Notebook server' },
    PyTorchJob: { tier: 'L6', pattern: 'Kubeflow PyTorchJob trains a model' },
    TFJob: { tier: 'L6', pattern: 'Kubeflow TFJob trains a model' },
    MPIJob: { tier: 'L6', pattern: 'Kubeflow MPIJob runs distributed training' },
    XGBoostJob: { tier: 'L6', pattern: 'Kubeflow XGBoostJob trains a model' },
    PaddleJob: { tier: 'L6', pattern: 'Kubeflow PaddleJob trains a model' },
    JAXJob: { tier: 'L6', pattern: 'Kubeflow JAXJob trains a model' },
    Experiment: { tier: 'L6', pattern: 'Katib Experiment tunes hyperparameters' },
    ScheduledWorkflow: { tier: 'L6', pattern: 'Kubeflow Pipelines recurring run' },
  },
  'trainer.kubeflow.org': {
    TrainJob: { tier: 'L6', pattern: 'Kubeflow Trainer TrainJob trains a model' },
    TrainingRuntime: { tier: 'L6', pattern: 'Kubeflow Trainer training runtime' },
    ClusterTrainingRuntime: { tier: 'L6', pattern: 'Kubeflow Trainer training runtime' },
  },
  'pipelines.kubeflow.org': {
    Pipeline: { tier: 'L6', pattern: 'Kubeflow Pipelines pipeline definition' },
    PipelineVersion: { tier: 'L6', pattern: 'Kubeflow Pipelines pipeline version' },
  },
  'kagent.dev': {
    Agent: { tier: 'L5', pattern: 'kagent Agent runs an LLM agent with tools', agent: true },
    SandboxAgent: { tier: 'L5', pattern: 'kagent SandboxAgent runs an agent in a sandbox', agent: true },
    AgentHarness: { tier: 'L5', pattern: 'kagent AgentHarness runs an agent', agent: true },
    AgentCronJob: { tier: 'L5', pattern: 'kagent scheduled agent run', agent: true },
    CronAgent: { tier: 'L5', pattern: 'kagent scheduled agent', agent: true },
    ToolServer: { tier: 'L5', pattern: 'kagent ToolServer gives agents tools' },
    RemoteMCPServer: { tier: 'L5', pattern: 'kagent RemoteMCPServer gives agents MCP tools' },
    MCPServer: { tier: 'L5', pattern: 'kagent MCPServer gives agents MCP tools' },
  },
  'agents.x-k8s.io': {
    Sandbox: { tier: 'L5', pattern: 'agent-sandbox Sandbox runs agent code' },
  },
  'extensions.agents.x-k8s.io': {
    SandboxTemplate: { tier: 'L5', pattern: 'agent-sandbox SandboxTemplate for agent code' },
    SandboxClaim: { tier: 'L5', pattern: 'agent-sandbox SandboxClaim for agent code' },
  },
  'apps.nvidia.com': {
    NIMService: { tier: 'L7', pattern: 'NVIDIA NIM Operator NIMService serves a model' },
    NIMCache: { tier: 'L7', pattern: 'NVIDIA NIM Operator NIMCache holds model weights for serving' },
    NIMPipeline: { tier: 'L7', pattern: 'NVIDIA NIM Operator NIMPipeline serves models' },
  },
  'kubeai.org': {
    Model: { tier: 'L7', pattern: 'KubeAI Model serves a model' },
  },
};

export function crdSignal(apiVersion: string, kind: string): CrdSignal | undefined {
  return AI_CRDS[apiGroup(apiVersion)]?.[kind];
}

/** Objects whose pods come from a pod template (path to the pod spec). */
export const POD_SPEC_PATHS: Record<string, string> = {
  Pod: 'spec',
  Deployment: 'spec.template.spec',
  StatefulSet: 'spec.template.spec',
  DaemonSet: 'spec.template.spec',
  ReplicaSet: 'spec.template.spec',
  ReplicationController: 'spec.template.spec',
  Job: 'spec.template.spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
};

export const CORE_WORKLOAD_KINDS = new Set(Object.keys(POD_SPEC_PATHS));

export interface ImageSignal {
  tier: Tier;
  pattern: string;
  role: 'serving' | 'notebook' | 'agent' | 'mcp' | 'ray' | 'training';
}

/** Container images that show what a workload is (matched on the lower-cased image string). */
export const IMAGE_SIGNALS: [RegExp, ImageSignal][] = [
  [/(^|\/)vllm\/vllm-openai(:|@|$)|(^|\/)vllm\/vllm(-[a-z]+)?(:|@|$)|vllm-openai/, { tier: 'L7', pattern: 'runs the vLLM model server', role: 'serving' }],
  [/tritonserver/, { tier: 'L7', pattern: 'runs NVIDIA Triton Inference Server', role: 'serving' }],
  [/text-generation-inference/, { tier: 'L7', pattern: 'runs Hugging Face Text Generation Inference', role: 'serving' }],
  [/text-embeddings-inference/, { tier: 'L7', pattern: 'runs Hugging Face Text Embeddings Inference', role: 'serving' }],
  [/(^|\/)ollama\/ollama(:|@|$)/, { tier: 'L7', pattern: 'runs the Ollama model server', role: 'serving' }],
  [/(^|\/)lmsysorg\/sglang(:|@|$)/, { tier: 'L7', pattern: 'runs the SGLang model server', role: 'serving' }],
  [/llama\.cpp:(full-|light-)?server|llama\.cpp.*server|llama-cpp-server|llamacpp.*server/, { tier: 'L7', pattern: 'runs the llama.cpp server', role: 'serving' }],
  [/^nvcr\.io\/nim\//, { tier: 'L7', pattern: 'runs an NVIDIA NIM model container', role: 'serving' }],
  [/(^|\/)seldonio\/mlserver|(^|\/)kserve\/(huggingfaceserver|sklearnserver|xgbserver|lgbserver|pmmlserver|paddleserver)/, { tier: 'L7', pattern: 'runs a model server', role: 'serving' }],
  [/(^|\/)pytorch\/torchserve|(^|\/)tensorflow\/serving|(^|\/)localai\/localai/, { tier: 'L7', pattern: 'runs a model server', role: 'serving' }],
  [/(^|\/)kubeflownotebookswg\/jupyter|(^|\/)jupyter\/[a-z-]*notebook|(^|\/)jupyterhub\/|jupyter-(scipy|pytorch|tensorflow|datascience)|(^|\/)jupyter\/base-notebook/, { tier: 'L6', pattern: 'runs a Jupyter notebook server', role: 'notebook' }],
  [/(^|\/)rayproject\/ray(-ml)?(:|@|$)/, { tier: 'L6', pattern: 'runs Ray', role: 'ray' }],
  [/(^|\/)kagent-dev\/kagent|(^|\/)langchain\/langgraph|langgraph-api|(^|\/)crewai|autogen|openhands|(^|\/)letta\/letta|agent-framework|(^|\/)a2a-/, { tier: 'L5', pattern: 'runs an agent framework', role: 'agent' }],
  [/(^|\/)mcp\/[a-z0-9-]+(:|@|$)|mcp-server/, { tier: 'L5', pattern: 'runs an MCP tool server', role: 'mcp' }],
];

export function imageSignal(image: string): ImageSignal | undefined {
  const i = image.toLowerCase();
  for (const [re, s] of IMAGE_SIGNALS) if (re.test(i)) return s;
  return undefined;
}

/** Commands that start a model server or a notebook, whatever the image. */
export const COMMAND_SIGNALS: [RegExp, ImageSignal][] = [
  [/\bvllm\s+serve\b|vllm\.entrypoints/, { tier: 'L7', pattern: 'starts the vLLM model server', role: 'serving' }],
  [/\bsglang\.launch_server\b/, { tier: 'L7', pattern: 'starts the SGLang model server', role: 'serving' }],
  [/\btext-generation-launcher\b/, { tier: 'L7', pattern: 'starts Text Generation Inference', role: 'serving' }],
  [/\bollama\s+serve\b/, { tier: 'L7', pattern: 'starts the Ollama model server', role: 'serving' }],
  [/\bllama-server\b/, { tier: 'L7', pattern: 'starts the llama.cpp server', role: 'serving' }],
  [/\bjupyter(\s+|-)(lab|notebook|server)\b|start-notebook\.sh|start-singleuser/, { tier: 'L6', pattern: 'starts a Jupyter notebook server', role: 'notebook' }],
];

/** Extended resources that are accelerators. */
export const ACCELERATOR_RESOURCE = /^(nvidia\.com\/(gpu|mig-.+)|amd\.com\/gpu|google\.com\/tpu|aws\.amazon\.com\/neuron(core|device)?|gpu\.intel\.com\/.+|habana\.ai\/gaudi)$/;

/** Node selector / affinity keys that place pods on accelerator nodes. */
export const ACCELERATOR_NODE_KEY = /^(cloud\.google\.com\/gke-(tpu-)?accelerator|nvidia\.com\/gpu\.(present|product)|k8s\.amazonaws\.com\/accelerator|karpenter\.k8s\.aws\/instance-gpu-.+)$/;

/** Environment variable names that carry LLM provider credentials (an app that calls LLM APIs). */
export const LLM_API_ENV = /^(OPENAI_API_KEY|AZURE_OPENAI_(API_KEY|ENDPOINT)|ANTHROPIC_API_KEY|GEMINI_API_KEY|GOOGLE_GENAI_API_KEY|MISTRAL_API_KEY|COHERE_API_KEY|GROQ_API_KEY|TOGETHER_API_KEY|DEEPSEEK_API_KEY|OPENROUTER_API_KEY|BEDROCK_MODEL_ID|OPENAI_BASE_URL|LLM_API_KEY)$/;

/** Environment variable names that say the container runs an agent or talks to tools/agents. */
export const AGENT_ENV = /(^|_)(MCP|A2A)(_|$)|^AGENT_|_AGENT_(NAME|MODEL|ID|CARD)$|^LANGGRAPH_|^CREWAI_|^AUTOGEN_/;

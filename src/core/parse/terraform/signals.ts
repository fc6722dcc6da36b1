/**
 * Tier patterns and modifier ratings that Terraform facts show (reference/signals.md §1, §7).
 * Every signal carries evidence pointing at the attribute or block header that caused it.
 * Resources that are not AI services give no tier signal; their modifier signals (an open
 * security group, a wildcard policy) still count when they are grouped into an AI workload.
 */
import type { FactQuery } from '../../catalogue/types';
import { evidence, get, has, str, truth } from '../../facts';
import type { Evidence, Fact, FactValue, Tier } from '../../model';
import type { ModifierSignal } from '../../plugin';
import { sensitivityOf } from './hints';
import { isWriteAction, managedPolicyNames, matchesAction, roleOf, roleStatements, statementsOf, type Statement } from './iam';
import { isMarker, isPlainObject } from './util';

export interface TierSignalOut {
  tier: Tier;
  pattern: string;
  evidence: Evidence[];
}

type Rule = { tier: Tier; pattern: string; why?: string };

/** Type → tier where the type alone decides. Order within a tier is the anchor preference. */
const TYPE_TIERS: Record<string, Rule> = {
  // ── AWS: model hosting (L7)
  aws_sagemaker_endpoint: { tier: 'L7', pattern: 'A SageMaker real-time endpoint serves a model.' },
  aws_sagemaker_endpoint_configuration: { tier: 'L7', pattern: 'A SageMaker endpoint configuration defines the fleet that serves a model.' },
  aws_sagemaker_model: { tier: 'L7', pattern: 'A SageMaker model packages an inference container and weights for hosting.' },
  aws_bedrock_provisioned_model_throughput: { tier: 'L7', pattern: 'Bedrock provisioned throughput reserves dedicated capacity for a model.' },
  // ── AWS: ML pipelines and data science (L6)
  aws_sagemaker_domain: { tier: 'L6', pattern: 'A SageMaker Studio domain gives data scientists a managed ML workspace.' },
  aws_sagemaker_notebook_instance: { tier: 'L6', pattern: 'A SageMaker notebook instance runs interactive data-science work.' },
  aws_sagemaker_user_profile: { tier: 'L6', pattern: 'A SageMaker Studio user profile gives a person an ML workspace.' },
  aws_sagemaker_space: { tier: 'L6', pattern: 'A SageMaker Studio space hosts shared ML notebooks.' },
  aws_sagemaker_training_job: { tier: 'L6', pattern: 'A SageMaker training job trains a model on data.' },
  aws_sagemaker_hyper_parameter_tuning_job: { tier: 'L6', pattern: 'A SageMaker tuning job trains many model candidates.' },
  aws_sagemaker_pipeline: { tier: 'L6', pattern: 'A SageMaker pipeline automates ML training or processing steps.' },
  aws_sagemaker_feature_group: { tier: 'L6', pattern: 'A SageMaker feature group stores features for training and inference.' },
  aws_sagemaker_model_package_group: { tier: 'L6', pattern: 'A SageMaker model package group is a model registry.' },
  aws_sagemaker_model_package_group_policy: { tier: 'L6', pattern: 'A SageMaker model registry policy shares registered models.' },
  aws_sagemaker_mlflow_tracking_server: { tier: 'L6', pattern: 'A SageMaker MLflow tracking server records ML experiments.' },
  aws_sagemaker_mlflow_app: { tier: 'L6', pattern: 'A SageMaker MLflow app records ML experiments.' },
  aws_sagemaker_project: { tier: 'L6', pattern: 'A SageMaker project sets up MLOps templates.' },
  aws_sagemaker_monitoring_schedule: { tier: 'L6', pattern: 'A SageMaker monitoring schedule checks a model in production.' },
  aws_sagemaker_data_quality_job_definition: { tier: 'L6', pattern: 'A SageMaker data-quality job checks model input data.' },
  aws_sagemaker_hub: { tier: 'L6', pattern: 'A SageMaker hub curates models for an ML team.' },
  aws_sagemaker_algorithm: { tier: 'L6', pattern: 'A SageMaker algorithm defines a training container.' },
  aws_sagemaker_labeling_job: { tier: 'L6', pattern: 'A SageMaker labelling job prepares training data.' },
  aws_bedrock_custom_model: { tier: 'L6', pattern: 'A Bedrock custom model fine-tunes a foundation model on your data.' },
  // ── AWS: agents (L5) and multi-agent (L8)
  aws_bedrockagent_agent_collaborator: { tier: 'L8', pattern: 'A Bedrock agent collaborator lets agents delegate work to each other.' },
  aws_bedrockagent_agent_action_group: { tier: 'L5', pattern: 'A Bedrock agent action group gives an agent tools to call.' },
  aws_bedrockagent_agent_alias: { tier: 'L5', pattern: 'A Bedrock agent alias makes an agent invocable.' },
  aws_bedrockagentcore_gateway: { tier: 'L5', pattern: 'An AgentCore gateway exposes tools to agents over MCP.' },
  aws_bedrockagentcore_gateway_target: { tier: 'L5', pattern: 'An AgentCore gateway target connects a tool to agents.' },
  aws_bedrockagentcore_code_interpreter: { tier: 'L5', pattern: 'An AgentCore code interpreter lets an agent run code it writes.' },
  aws_bedrockagentcore_browser: { tier: 'L5', pattern: 'An AgentCore browser lets an agent act on web pages.' },
  aws_bedrockagentcore_memory: { tier: 'L5', pattern: 'AgentCore memory keeps state for an agent across sessions.' },
  aws_bedrockagentcore_agent_runtime_endpoint: { tier: 'L5', pattern: 'An AgentCore runtime endpoint makes an agent invocable.' },
  // ── AWS: LLM API use (L4)
  aws_bedrockagent_knowledge_base: { tier: 'L4', pattern: 'A Bedrock knowledge base feeds retrieved documents to a model (RAG).' },
  aws_bedrockagent_data_source: { tier: 'L4', pattern: 'A Bedrock knowledge-base data source ingests documents for retrieval.' },
  aws_bedrockagent_agent_knowledge_base_association: { tier: 'L5', pattern: 'A knowledge base is attached to a Bedrock agent.' },
  aws_bedrockagent_flow: { tier: 'L4', pattern: 'A Bedrock flow chains prompts and model calls.' },
  aws_bedrockagent_prompt: { tier: 'L4', pattern: 'A managed Bedrock prompt is used with a foundation model.' },
  aws_bedrock_inference_profile: { tier: 'L4', pattern: 'A Bedrock inference profile routes application calls to a foundation model.' },
  aws_bedrock_model_invocation_job: { tier: 'L4', pattern: 'A Bedrock batch job sends data to a foundation model.' },
  aws_bedrock_evaluation_job: { tier: 'L4', pattern: 'A Bedrock evaluation job runs prompts against models.' },
  aws_bedrock_guardrail: { tier: 'L4', pattern: 'A Bedrock guardrail filters prompts and answers of a foundation model in use.' },
  aws_bedrock_guardrail_version: { tier: 'L4', pattern: 'A Bedrock guardrail version filters prompts and answers of a model in use.' },
  aws_bedrock_foundation_model_agreement: { tier: 'L4', pattern: 'A Bedrock model agreement enables a foundation model for the account.' },
  aws_bedrock_use_case_for_model_access: { tier: 'L4', pattern: 'A Bedrock use-case form requests access to foundation models.' },
  // ── Azure
  azurerm_machine_learning_inference_cluster: { tier: 'L7', pattern: 'An Azure ML inference cluster serves models on Kubernetes.' },
  azurerm_machine_learning_workspace: { tier: 'L6', pattern: 'An Azure Machine Learning workspace hosts ML experiments, data and models.' },
  azurerm_machine_learning_compute_cluster: { tier: 'L6', pattern: 'An Azure ML compute cluster runs training jobs.' },
  azurerm_machine_learning_compute_instance: { tier: 'L6', pattern: 'An Azure ML compute instance runs notebooks for data science.' },
  azurerm_machine_learning_datastore_blobstorage: { tier: 'L6', pattern: 'An Azure ML datastore connects training data to a workspace.' },
  azurerm_machine_learning_datastore_datalake_gen2: { tier: 'L6', pattern: 'An Azure ML datastore connects training data to a workspace.' },
  azurerm_machine_learning_datastore_fileshare: { tier: 'L6', pattern: 'An Azure ML datastore connects training data to a workspace.' },
  azurerm_ai_foundry: { tier: 'L6', pattern: 'An Azure AI Foundry hub is a managed workspace for building and tuning AI models.' },
  azurerm_ai_foundry_project: { tier: 'L5', pattern: 'An Azure AI Foundry project builds agents and AI apps.' },
  azurerm_cognitive_account_project: { tier: 'L5', pattern: 'A Foundry project on an AI Services account builds agents.' },
  azurerm_ai_services: { tier: 'L4', pattern: 'An Azure AI Services account gives applications hosted model APIs.' },
  // ── GCP
  google_vertex_ai_endpoint: { tier: 'L7', pattern: 'A Vertex AI endpoint serves a deployed model.' },
  google_vertex_ai_endpoint_with_model_garden_deployment: { tier: 'L7', pattern: 'A Model Garden deployment self-hosts an open model on a Vertex AI endpoint.' },
  google_vertex_ai_deployment_resource_pool: { tier: 'L7', pattern: 'A Vertex AI deployment resource pool reserves accelerators for serving models.' },
  google_vertex_ai_reasoning_engine: { tier: 'L5', pattern: 'A Vertex AI Agent Engine (reasoning engine) runs a custom agent.' },
  google_vertex_ai_dataset: { tier: 'L6', pattern: 'A Vertex AI dataset holds training data.' },
  google_vertex_ai_featurestore: { tier: 'L6', pattern: 'A Vertex AI feature store holds features for training and serving.' },
  google_vertex_ai_featurestore_entitytype: { tier: 'L6', pattern: 'A Vertex AI feature store entity type holds features.' },
  google_vertex_ai_featurestore_entitytype_feature: { tier: 'L6', pattern: 'A Vertex AI feature is stored for training and serving.' },
  google_vertex_ai_feature_online_store: { tier: 'L6', pattern: 'A Vertex AI online feature store serves features to models.' },
  google_vertex_ai_feature_online_store_featureview: { tier: 'L6', pattern: 'A Vertex AI feature view serves features to models.' },
  google_vertex_ai_feature_group: { tier: 'L6', pattern: 'A Vertex AI feature group organises features for ML.' },
  google_vertex_ai_feature_group_feature: { tier: 'L6', pattern: 'A Vertex AI feature is registered for ML.' },
  google_vertex_ai_tensorboard: { tier: 'L6', pattern: 'A Vertex AI TensorBoard tracks training experiments.' },
  google_vertex_ai_metadata_store: { tier: 'L6', pattern: 'A Vertex AI metadata store tracks ML lineage.' },
  google_vertex_ai_persistent_resource: { tier: 'L6', pattern: 'A Vertex AI persistent resource keeps training compute ready.' },
  google_workbench_instance: { tier: 'L6', pattern: 'A Vertex AI Workbench instance runs notebooks for data science.' },
  google_notebooks_instance: { tier: 'L6', pattern: 'A Vertex AI notebook instance runs data-science work.' },
  google_notebooks_runtime: { tier: 'L6', pattern: 'A managed notebook runtime runs data-science work.' },
  google_vertex_ai_index: { tier: 'L4', pattern: 'A Vertex AI vector index serves retrieval for a model (RAG).' },
  google_vertex_ai_index_endpoint: { tier: 'L4', pattern: 'A Vertex AI index endpoint serves vector search for a model.' },
  google_vertex_ai_rag_engine_config: { tier: 'L4', pattern: 'Vertex AI RAG Engine grounds model answers in your documents.' },
  google_vertex_ai_cache_config: { tier: 'L4', pattern: 'A Vertex AI cache configuration tunes use of generative models.' },
  google_vertex_ai_model_garden_enable_model: { tier: 'L4', pattern: 'A Model Garden model is enabled for the project.' },
  // ── Power Platform
  powerplatform_copilot_studio_application_insights: { tier: 'L3', pattern: 'Copilot Studio agents of an environment send telemetry here, so citizen-built agents exist.' },
};

const AGENTCORE_L5 = /^aws_bedrockagentcore_/;
const PROVISIONED_SKU = /^(ProvisionedManaged|GlobalProvisionedManaged|DataZoneProvisionedManaged)$/i;
const AI_SERVICES = new Map<string, { tier: Tier; pattern: string }>([
  ['aiplatform.googleapis.com', { tier: 'L4', pattern: 'The Vertex AI API is enabled for the project.' }],
  ['generativelanguage.googleapis.com', { tier: 'L4', pattern: 'The Gemini (Generative Language) API is enabled for the project.' }],
  ['discoveryengine.googleapis.com', { tier: 'L4', pattern: 'The Vertex AI Search / Agent Builder API is enabled for the project.' }],
  ['dialogflow.googleapis.com', { tier: 'L4', pattern: 'The Dialogflow conversational agent API is enabled for the project.' }],
  ['notebooks.googleapis.com', { tier: 'L6', pattern: 'The managed notebooks API is enabled for the project.' }],
]);
const AI_MODULE_SOURCE = /(bedrock|sagemaker|openai|cognitive-?services|cognitiveservices|machine-?learning|vertex|aiplatform|ai-?foundry|genai|llm)/i;
const LLM_INVOKE = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', 'bedrock:Converse', 'bedrock:ConverseStream', 'bedrock:RetrieveAndGenerate', 'bedrock:InvokeAgent', 'bedrock:Retrieve', 'sagemaker:InvokeEndpoint'];
const LLM_KEY_ENV = /^(OPENAI|AZURE_OPENAI|ANTHROPIC|GEMINI|GOOGLE_GENAI|MISTRAL|COHERE|GROQ|HUGGINGFACE|HF|BEDROCK)_[A-Z_]*(KEY|TOKEN|ENDPOINT|MODEL)/;

function sig(f: Fact, tier: Tier, pattern: string, why: string, path?: string, extra: Evidence[] = []): TierSignalOut {
  return { tier, pattern, evidence: [evidence(f, why, path), ...extra] };
}

function azapiType(f: Fact): string | undefined {
  if (f.type !== 'azapi_resource') return undefined;
  return str(f.attributes.type);
}

function bodyGet(f: Fact, path: string): FactValue | undefined {
  return get(f, `body.${path}`);
}

export function tierSignals(f: Fact, all: FactQuery): TierSignalOut[] {
  if (f.kind !== 'resource' && f.kind !== 'module') return [];
  if (f.hints?.includes('module:definition')) return [];
  const t = f.type;
  const label = f.name ? `${t}.${f.name}` : f.address;

  if (f.kind === 'module') {
    const src = str(f.attributes.source);
    if (f.hints?.includes('module:unresolved') && src && AI_MODULE_SOURCE.test(src)) {
      return [sig(f, 'L4', 'A registry module for an AI service is used; its contents are not read, so this is a lower bound.', `module source "${src}" names an AI service`, 'source')];
    }
    return [];
  }

  const rule = TYPE_TIERS[t];
  if (t === 'aws_bedrockagent_agent') {
    const collab = str(f.attributes.agent_collaboration);
    if (collab && /^SUPERVISOR/i.test(collab)) {
      return [sig(f, 'L8', 'A Bedrock supervisor agent coordinates other agents.', `agent_collaboration = "${collab}"`, 'agent_collaboration')];
    }
    return [sig(f, 'L5', 'A Bedrock agent plans and calls tools on its own.', `${label} is a Bedrock agent`)];
  }
  if (t === 'aws_bedrockagentcore_agent_runtime') {
    const proto = str(get(f, 'protocol_configuration.server_protocol'));
    if (proto && proto.toUpperCase() === 'A2A') {
      return [sig(f, 'L8', 'An AgentCore runtime speaks the agent-to-agent (A2A) protocol, so agents call each other.', 'server_protocol = "A2A"', 'protocol_configuration.server_protocol')];
    }
    return [sig(f, 'L5', 'An AgentCore runtime hosts a custom agent.', `${label} hosts an agent runtime`)];
  }
  if (rule) return [sig(f, rule.tier, rule.pattern, `${label} is a ${friendlyType(t)}`)];
  if (AGENTCORE_L5.test(t)) return [sig(f, 'L5', 'An AgentCore component supports a custom agent.', `${label} is part of Bedrock AgentCore`)];

  if (t === 'azurerm_cognitive_account') {
    const kind = str(f.attributes.kind);
    if (kind === 'OpenAI') return [sig(f, 'L4', 'An Azure OpenAI account gives applications hosted LLM APIs.', 'kind = "OpenAI"', 'kind')];
    if (kind === 'AIServices') return [sig(f, 'L4', 'An Azure AI Services (Foundry) account gives applications hosted model APIs.', 'kind = "AIServices"', 'kind')];
    return [sig(f, 'L4', 'An Azure AI service account gives applications a hosted AI API.', kind ? `kind = "${kind}"` : `${label} is an Azure AI services account`, kind ? 'kind' : undefined)];
  }
  if (t === 'azurerm_cognitive_deployment') {
    const sku = str(get(f, 'sku.name'));
    if (sku && PROVISIONED_SKU.test(sku)) return [sig(f, 'L7', 'An Azure OpenAI deployment with provisioned throughput reserves dedicated model capacity.', `sku.name = "${sku}"`, 'sku.name')];
    return [sig(f, 'L4', 'An Azure OpenAI / AI Services model deployment serves an LLM to applications.', `${label} deploys model ${str(get(f, 'model.name')) ?? ''}`.trim(), has(f, 'model.name') ? 'model.name' : undefined)];
  }
  const az = azapiType(f);
  if (az) return azapiTier(f, az);
  if (t === 'google_project_service') {
    const svc = str(f.attributes.service);
    const r = svc ? AI_SERVICES.get(svc) : undefined;
    return r ? [sig(f, r.tier, r.pattern, `service = "${svc}"`, 'service')] : [];
  }
  if (t === 'powerplatform_environment') {
    for (const k of ['allow_bing_search', 'allow_moving_data_across_regions']) {
      if (truth(f.attributes[k]) === true) return [sig(f, 'L3', 'A Power Platform environment has Copilot generative AI features turned on.', `${k} = true`, k)];
    }
    return [];
  }
  if (t === 'aws_lambda_function' || t === 'aws_ecs_task_definition' || t === 'aws_batch_job_definition' || t === 'aws_apprunner_service') {
    return computeCallsLlm(f, all);
  }
  return [];
}

function azapiTier(f: Fact, az: string): TierSignalOut[] {
  const why = `type = "${az}"`;
  if (/^Microsoft\.CognitiveServices\/accounts\/projects\/capabilityHosts@/i.test(az) || /^Microsoft\.CognitiveServices\/accounts\/capabilityHosts@/i.test(az)) {
    const kind = str(bodyGet(f, 'properties.capabilityHostKind'));
    if (kind === 'Agents') return [sig(f, 'L5', 'A Foundry capability host turns on the Agent Service.', 'capabilityHostKind = "Agents"', 'body.properties.capabilityHostKind')];
    return [sig(f, 'L5', 'A Foundry capability host supports hosted agents.', why, 'type')];
  }
  if (/^Microsoft\.CognitiveServices\/accounts\/projects@/i.test(az)) return [sig(f, 'L5', 'A Foundry project builds agents and AI apps.', why, 'type')];
  if (/^Microsoft\.CognitiveServices\/accounts\/deployments@/i.test(az)) {
    const sku = str(bodyGet(f, 'sku.name')) ?? str(get(f, 'sku.name'));
    if (sku && PROVISIONED_SKU.test(sku)) return [sig(f, 'L7', 'A provisioned model deployment reserves dedicated model capacity.', `sku.name = "${sku}"`, 'body.sku.name')];
    return [sig(f, 'L4', 'A model deployment serves an LLM to applications.', why, 'type')];
  }
  if (/^Microsoft\.CognitiveServices\/accounts@/i.test(az)) {
    const kind = str(bodyGet(f, 'kind'));
    return [sig(f, 'L4', kind === 'OpenAI' ? 'An Azure OpenAI account gives applications hosted LLM APIs.' : 'An Azure AI services account gives applications hosted model APIs.', kind ? `kind = "${kind}"` : why, kind ? 'body.kind' : 'type')];
  }
  if (/^Microsoft\.MachineLearningServices\/workspaces\/(onlineEndpoints|batchEndpoints)(\/deployments)?@/i.test(az)) return [sig(f, 'L7', 'An Azure ML managed endpoint serves a model.', why, 'type')];
  if (/^Microsoft\.MachineLearningServices\/workspaces\/serverlessEndpoints@/i.test(az)) return [sig(f, 'L4', 'An Azure ML serverless endpoint gives applications a hosted model API.', why, 'type')];
  if (/^Microsoft\.MachineLearningServices\/workspaces\/computes@/i.test(az)) return [sig(f, 'L6', 'Azure ML compute runs training or notebooks.', why, 'type')];
  if (/^Microsoft\.MachineLearningServices\/workspaces@/i.test(az)) return [sig(f, 'L6', 'An Azure Machine Learning / Foundry hub workspace hosts ML work.', why, 'type')];
  return [];
}

function computeCallsLlm(f: Fact, all: FactQuery): TierSignalOut[] {
  const out: TierSignalOut[] = [];
  const role = roleOf(f, all);
  if (role) {
    for (const st of roleStatements(role, all)) {
      if (st.effect !== 'Allow' || st.notActions) continue;
      const hit = st.actions.find((a) => LLM_INVOKE.some((x) => matchesAction(a, x)) && a !== '*');
      if (hit) {
        out.push(sig(f, 'L4', 'A service calls LLM APIs: its role may invoke foundation models.', `its role ${role.address} allows ${hit}`, roleAttr(f), [evidence(st.fact, `${st.fact.address} allows ${hit}`, st.path)]));
        break;
      }
    }
  }
  const envPaths = ['environment.variables', 'container_definitions'];
  const vars = get(f, envPaths[0]);
  if (isPlainObject(vars)) {
    const key = Object.keys(vars).find((k) => LLM_KEY_ENV.test(k));
    if (key) out.push(sig(f, 'L4', 'A service calls LLM APIs: it is configured with an LLM provider setting.', `environment variable ${key} configures an LLM provider`, `environment.variables.${key}`));
  }
  return out.slice(0, 1);
}

function roleAttr(f: Fact): string | undefined {
  for (const k of ['role', 'execution_role_arn', 'task_role_arn', 'role_arn']) if (k in f.attributes) return k;
  return undefined;
}

const AZAPI_NAMES: [RegExp, string][] = [
  [/\/workspaces\/onlineEndpoints(\/deployments)?@/i, 'Azure ML online endpoint'],
  [/\/workspaces\/batchEndpoints(\/deployments)?@/i, 'Azure ML batch endpoint'],
  [/\/workspaces\/serverlessEndpoints@/i, 'Azure ML serverless endpoint'],
  [/\/workspaces\/computes@/i, 'Azure ML compute'],
  [/^Microsoft\.MachineLearningServices\/workspaces@/i, 'Azure ML workspace'],
  [/capabilityHosts@/i, 'Foundry capability host'],
  [/\/accounts\/projects@/i, 'Foundry project'],
  [/\/accounts\/deployments@/i, 'Azure AI model deployment'],
  [/^Microsoft\.CognitiveServices\/accounts@/i, 'Azure AI account'],
];

/** A readable kind name for a fact, e.g. "Bedrock agent", "Azure ML online endpoint". */
export function friendlyName(f: Fact): string {
  const az = azapiType(f);
  if (az) for (const [re, n] of AZAPI_NAMES) if (re.test(az)) return n;
  return friendlyType(f.type);
}

export function friendlyType(t: string): string {
  const names: Record<string, string> = {
    aws_bedrockagent_agent: 'Bedrock agent',
    aws_bedrockagentcore_agent_runtime: 'AgentCore runtime',
    aws_sagemaker_endpoint: 'SageMaker endpoint',
    aws_sagemaker_endpoint_configuration: 'SageMaker endpoint configuration',
    aws_sagemaker_model: 'SageMaker model',
    aws_sagemaker_domain: 'SageMaker domain',
    aws_sagemaker_notebook_instance: 'SageMaker notebook',
    aws_sagemaker_feature_group: 'SageMaker feature group',
    aws_sagemaker_pipeline: 'SageMaker pipeline',
    aws_bedrock_custom_model: 'Bedrock custom model',
    aws_bedrock_provisioned_model_throughput: 'Bedrock provisioned throughput',
    aws_bedrockagent_knowledge_base: 'Bedrock knowledge base',
    aws_bedrock_guardrail: 'Bedrock guardrail',
    aws_lambda_function: 'Lambda function',
    aws_ecs_task_definition: 'ECS task',
    azurerm_cognitive_account: 'Azure AI account',
    azurerm_cognitive_deployment: 'Azure OpenAI deployment',
    azurerm_cognitive_account_project: 'Foundry project',
    azurerm_ai_foundry: 'AI Foundry hub',
    azurerm_ai_foundry_project: 'AI Foundry project',
    azurerm_machine_learning_workspace: 'Azure ML workspace',
    azurerm_machine_learning_inference_cluster: 'Azure ML inference cluster',
    azapi_resource: 'Azure resource',
    google_vertex_ai_endpoint: 'Vertex AI endpoint',
    google_vertex_ai_endpoint_with_model_garden_deployment: 'Model Garden deployment',
    google_vertex_ai_reasoning_engine: 'Vertex AI agent engine',
    google_vertex_ai_featurestore: 'Vertex AI feature store',
    google_vertex_ai_dataset: 'Vertex AI dataset',
    google_workbench_instance: 'Vertex AI Workbench',
    google_project_service: 'Google API',
    powerplatform_environment: 'Power Platform environment',
    module: 'module',
  };
  if (names[t]) return names[t];
  return t
    .replace(/^(aws|azurerm|azapi|google|powerplatform)_/, '')
    .split('_')
    .join(' ');
}

// ───────────────────────────── modifiers ─────────────────────────────

function mod(modifier: ModifierSignal['modifier'], rating: ModifierSignal['rating'], f: Fact, why: string, path?: string, extra: Evidence[] = []): ModifierSignal {
  return { modifier, rating, evidence: [evidence(f, why, path), ...extra] };
}

/** Types whose `public_network_access_enabled` defaults to true when absent (provider schema). */
const PUBLIC_BY_DEFAULT = new Set(['azurerm_cognitive_account', 'azurerm_machine_learning_workspace', 'azurerm_search_service']);
const LOCAL_AUTH_DEFAULT_TRUE = new Set(['azurerm_cognitive_account', 'azurerm_machine_learning_compute_cluster', 'azurerm_machine_learning_compute_instance']);
const RAG_STORES = new Set(['aws_bedrockagent_knowledge_base', 'aws_bedrockagent_data_source', 'google_vertex_ai_index', 'google_vertex_ai_index_endpoint', 'azurerm_search_service', 'aws_s3vectors_vector_bucket', 'aws_s3vectors_index', 'google_vertex_ai_rag_engine_config']);
const FEATURE_STORES = /^(aws_sagemaker_feature_group|google_vertex_ai_featurestore.*|google_vertex_ai_feature_online_store.*|google_vertex_ai_feature_group.*)$/;
const PAYMENT_WORDS = /^(payment|payments|pay|payout|payouts|refund|refunds|transfer|transfers|invoice|invoices|billing|charge|charges|wire|stripe|paypal|adyen|trade|trading|purchase|checkout|remittance|disbursement)$/;
const DEVICE_TYPES = /^(aws_iot_|aws_iotevents_|aws_iotanalytics_|aws_greengrass|azurerm_iothub|azurerm_iot_|azurerm_digital_twins_|google_cloudiot_)/;
const DESKTOP_WORDS = /^(rpa|uipath|desktop|automationanywhere|blueprism|pyautogui)$/;

function words(s: string): string[] {
  return s
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function modifierSignals(f: Fact, all: FactQuery): ModifierSignal[] {
  if (f.kind !== 'resource' && f.kind !== 'data') return [];
  if (f.hints?.includes('module:definition')) return [];
  const out: ModifierSignal[] = [];
  exposure(f, out);
  dataSensitivity(f, out);
  privilege(f, all, out);
  autonomy(f, all, out);
  physical(f, out);
  return out;
}

function exposure(f: Fact, out: ModifierSignal[]): void {
  const t = f.type;
  const a = f.attributes;
  if ('public_network_access_enabled' in a) {
    const v = truth(a.public_network_access_enabled);
    if (v === true) {
      const acl = str(get(f, 'network_acls.default_action'));
      if (acl === 'Deny') out.push(mod('exposure', 'medium', f, 'public network access is on but limited by network ACLs (default_action = "Deny")', 'public_network_access_enabled'));
      else out.push(mod('exposure', 'high', f, 'public_network_access_enabled = true: reachable from the internet', 'public_network_access_enabled'));
    } else if (v === false) out.push(mod('exposure', 'low', f, 'public_network_access_enabled = false', 'public_network_access_enabled'));
  } else if (PUBLIC_BY_DEFAULT.has(t)) {
    const acl = str(get(f, 'network_acls.default_action'));
    if (acl === 'Deny') out.push(mod('exposure', 'medium', f, 'public network access is not turned off (default on), but network ACLs deny by default', 'network_acls.default_action'));
    else out.push(mod('exposure', 'high', f, 'public_network_access_enabled is not set and defaults to true: reachable from the internet'));
  }
  const pna = str(a.public_network_access) ?? str(get(f, 'body.properties.publicNetworkAccess'));
  if (pna) {
    const path = 'public_network_access' in a ? 'public_network_access' : 'body.properties.publicNetworkAccess';
    if (/^enabled$/i.test(pna)) out.push(mod('exposure', 'high', f, `public network access is "${pna}": reachable from the internet`, path));
    else if (/^disabled$/i.test(pna)) out.push(mod('exposure', 'low', f, `public network access is "${pna}"`, path));
  }
  switch (t) {
    case 'aws_lambda_function_url': {
      const auth = str(a.authorization_type);
      if (auth === 'NONE') out.push(mod('exposure', 'high', f, 'function URL with authorization_type = "NONE": anyone on the internet can call it', 'authorization_type'));
      else if (auth === 'AWS_IAM') out.push(mod('exposure', 'medium', f, 'function URL is public but needs AWS IAM signed requests', 'authorization_type'));
      break;
    }
    case 'aws_bedrockagentcore_agent_runtime': {
      const mode = str(get(f, 'network_configuration.network_mode'));
      const jwt = has(f, 'authorizer_configuration');
      if (mode === 'PUBLIC' && !jwt) out.push(mod('exposure', 'high', f, 'network_mode = "PUBLIC" with no authorizer_configuration: the runtime is reachable from the internet', 'network_configuration.network_mode'));
      else if (mode === 'PUBLIC') out.push(mod('exposure', 'medium', f, 'network_mode = "PUBLIC" behind a JWT authorizer', 'network_configuration.network_mode'));
      else if (mode === 'VPC') out.push(mod('exposure', 'low', f, 'network_mode = "VPC"', 'network_configuration.network_mode'));
      break;
    }
    case 'google_vertex_ai_endpoint': {
      const psc = truth(get(f, 'private_service_connect_config.enable_private_service_connect'));
      if (truth(a.dedicated_endpoint_enabled) === true) out.push(mod('exposure', 'high', f, 'dedicated_endpoint_enabled = true gives the endpoint its own public DNS name', 'dedicated_endpoint_enabled'));
      else if (!has(f, 'network') && psc !== true) out.push(mod('exposure', 'high', f, 'no network (VPC peering) and no Private Service Connect: the endpoint is served publicly'));
      else out.push(mod('exposure', 'low', f, psc === true ? 'Private Service Connect is enabled' : 'the endpoint is peered to a VPC network', psc === true ? 'private_service_connect_config.enable_private_service_connect' : 'network'));
      break;
    }
    case 'google_vertex_ai_index_endpoint':
      if (truth(a.public_endpoint_enabled) === true) out.push(mod('exposure', 'high', f, 'public_endpoint_enabled = true', 'public_endpoint_enabled'));
      break;
    case 'aws_sagemaker_notebook_instance': {
      const d = str(a.direct_internet_access);
      if (d === 'Disabled') out.push(mod('exposure', 'low', f, 'direct_internet_access = "Disabled"', 'direct_internet_access'));
      else out.push(mod('exposure', 'high', f, d ? `direct_internet_access = "${d}": the notebook reaches and is reachable through the internet` : 'direct_internet_access is not set and defaults to "Enabled"', d ? 'direct_internet_access' : undefined));
      break;
    }
    case 'aws_sagemaker_domain': {
      const m = str(a.app_network_access_type);
      if (m === 'VpcOnly') out.push(mod('exposure', 'low', f, 'app_network_access_type = "VpcOnly"', 'app_network_access_type'));
      else out.push(mod('exposure', 'high', f, m ? `app_network_access_type = "${m}"` : 'app_network_access_type is not set and defaults to "PublicInternetOnly"', m ? 'app_network_access_type' : undefined));
      break;
    }
    case 'azurerm_machine_learning_compute_cluster':
    case 'azurerm_machine_learning_compute_instance': {
      const ip = truth(a.node_public_ip_enabled);
      if (truth(a.ssh_public_access_enabled) === true) out.push(mod('exposure', 'high', f, 'ssh_public_access_enabled = true opens SSH to the internet', 'ssh_public_access_enabled'));
      if (ip === false) out.push(mod('exposure', 'low', f, 'node_public_ip_enabled = false', 'node_public_ip_enabled'));
      else if (ip === true || ip === undefined) out.push(mod('exposure', 'high', f, ip ? 'node_public_ip_enabled = true gives the nodes public IPs' : 'node_public_ip_enabled is not set and defaults to true (public IPs on the nodes)', ip ? 'node_public_ip_enabled' : undefined));
      break;
    }
    case 'google_workbench_instance': {
      const d = truth(get(f, 'gce_setup.disable_public_ip'));
      if (d === true) out.push(mod('exposure', 'low', f, 'disable_public_ip = true', 'gce_setup.disable_public_ip'));
      else if (d !== 'unknown') out.push(mod('exposure', 'high', f, 'the workbench VM gets a public IP (gce_setup.disable_public_ip is not true)', has(f, 'gce_setup.disable_public_ip') ? 'gce_setup.disable_public_ip' : undefined));
      break;
    }
    case 'google_notebooks_instance':
      if (truth(a.no_public_ip) === true) out.push(mod('exposure', 'low', f, 'no_public_ip = true', 'no_public_ip'));
      else out.push(mod('exposure', 'high', f, 'the notebook VM gets a public IP (no_public_ip is not true)', 'no_public_ip' in a ? 'no_public_ip' : undefined));
      break;
    case 'aws_api_gateway_method': {
      const auth = str(a.authorization);
      const method = str(a.http_method);
      if (auth === 'NONE' && method !== 'OPTIONS' && truth(a.api_key_required) !== true) out.push(mod('exposure', 'high', f, `authorization = "NONE" on ${method ?? 'a'} method with no API key: anyone can call it`, 'authorization'));
      break;
    }
    case 'aws_apigatewayv2_route': {
      const auth = str(a.authorization_type);
      if (auth === undefined || auth === 'NONE') out.push(mod('exposure', 'high', f, auth ? 'authorization_type = "NONE": the route needs no authentication' : 'authorization_type is not set and defaults to "NONE"', auth ? 'authorization_type' : undefined));
      break;
    }
    case 'aws_api_gateway_rest_api': {
      const types = get(f, 'endpoint_configuration.types');
      const list = Array.isArray(types) ? types : types !== undefined ? [types] : [];
      if (list.includes('PRIVATE')) out.push(mod('exposure', 'low', f, 'endpoint_configuration.types = ["PRIVATE"]', 'endpoint_configuration.types'));
      else if (!list.some(isMarker)) out.push(mod('exposure', 'medium', f, 'the REST API has a public endpoint', list.length ? 'endpoint_configuration.types' : undefined));
      break;
    }
    case 'aws_apigatewayv2_api':
      out.push(mod('exposure', 'medium', f, 'an HTTP / WebSocket API has a public endpoint'));
      break;
    case 'aws_lb':
    case 'aws_alb': {
      const internal = truth(a.internal);
      if (internal === true) out.push(mod('exposure', 'low', f, 'internal = true', 'internal'));
      else if (internal !== 'unknown') out.push(mod('exposure', 'high', f, 'the load balancer is internet-facing (internal is not true)', 'internal' in a ? 'internal' : undefined));
      break;
    }
    case 'aws_security_group':
    case 'aws_vpc_security_group_ingress_rule':
    case 'aws_security_group_rule': {
      if (t === 'aws_security_group_rule' && str(a.type) !== 'ingress') break;
      const paths = t === 'aws_security_group' ? ['ingress.cidr_blocks', 'ingress.ipv6_cidr_blocks'] : ['cidr_blocks', 'cidr_ipv4', 'cidr_ipv6', 'ipv6_cidr_blocks'];
      for (const p of paths) {
        const vals = get(f, p);
        const list = Array.isArray(vals) ? vals : [vals];
        if (list.some((v) => v === '0.0.0.0/0' || v === '::/0')) {
          out.push(mod('exposure', 'high', f, 'ingress is open to the whole internet (0.0.0.0/0)', p));
          break;
        }
      }
      break;
    }
  }
}

function dataSensitivity(f: Fact, out: ModifierSignal[]): void {
  const t = f.type;
  const hints = (f.hints ?? []).filter((h) => h.startsWith('data:'));
  const level = sensitivityOf(hints);
  if (level) {
    const shown = hints.map((h) => h.slice(5)).join(', ');
    out.push(mod('dataSensitivity', level, f, `tags or names mark the data as ${shown}`, tagPathFor(f)));
  }
  if (truth(f.attributes.high_business_impact) === true || truth(f.attributes.high_business_impact_enabled) === true) {
    const p = 'high_business_impact' in f.attributes ? 'high_business_impact' : 'high_business_impact_enabled';
    out.push(mod('dataSensitivity', 'high', f, `${p} = true declares high-business-impact data`, p));
  }
  if (t === 'aws_sagemaker_endpoint_configuration' && has(f, 'data_capture_config') && truth(get(f, 'data_capture_config.enable_capture')) !== false) {
    out.push(mod('dataSensitivity', 'medium', f, 'data capture stores the prompts and responses the endpoint serves', 'data_capture_config'));
  }
  if (t === 'google_vertex_ai_endpoint' && truth(get(f, 'predict_request_response_logging_config.enabled')) === true) {
    out.push(mod('dataSensitivity', 'medium', f, 'request/response logging stores what the endpoint serves', 'predict_request_response_logging_config.enabled'));
  }
  if (t === 'aws_bedrock_model_invocation_logging_configuration') out.push(mod('dataSensitivity', 'medium', f, 'model invocation logging stores prompts and answers'));
  if (FEATURE_STORES.test(t)) out.push(mod('dataSensitivity', 'medium', f, 'a feature store holds data derived from business records'));
  if (t === 'azurerm_machine_learning_workspace' && str(f.attributes.kind) === 'FeatureStore') out.push(mod('dataSensitivity', 'medium', f, 'the workspace is a feature store', 'kind'));
  if (RAG_STORES.has(t)) out.push(mod('dataSensitivity', 'medium', f, 'a retrieval store holds documents the model reads'));
  if (t === 'aws_opensearchserverless_collection' && str(f.attributes.type) === 'VECTORSEARCH') out.push(mod('dataSensitivity', 'medium', f, 'a vector search collection holds embedded documents', 'type'));
  if (t === 'google_vertex_ai_dataset') out.push(mod('dataSensitivity', 'medium', f, 'a dataset holds training data'));
  if (t === 'aws_bedrock_guardrail' && has(f, 'sensitive_information_policy_config')) out.push(mod('dataSensitivity', 'medium', f, 'the guardrail filters personal data, so personal data is expected in prompts', 'sensitive_information_policy_config'));
  if (t === 'azurerm_cognitive_deployment') {
    const sku = str(get(f, 'sku.name'));
    if (sku && /^(Global|DataZone)/.test(sku)) out.push(mod('dataSensitivity', 'medium', f, `sku.name = "${sku}" may process prompts outside the deployment's region`, 'sku.name'));
  }
}

function tagPathFor(f: Fact): string | undefined {
  for (const k of ['tags', 'labels', 'tags_all']) {
    const v = f.attributes[k];
    if (!isPlainObject(v)) continue;
    const key = Object.keys(v).find((x) => /(classification|sensitivity|confidentiality|data)/i.test(x));
    if (key && f.attributeRanges?.[`${k}.${key}`]) return `${k}.${key}`;
    if (f.attributeRanges?.[k]) return k;
  }
  return undefined;
}

function privilege(f: Fact, all: FactQuery, out: ModifierSignal[]): void {
  const t = f.type;
  const a = f.attributes;
  const sts: Statement[] = statementsOf(f, all).filter((s) => s.fact === f);
  let worst: ModifierSignal | undefined;
  for (const s of sts) {
    if (s.effect !== 'Allow') continue;
    const wildAction = s.actions.find((x) => x === '*' || /^[\w-]+:\*$/.test(x));
    const write = s.actions.find((x) => isWriteAction(x));
    const wildRes = s.resources.includes('*');
    let m: ModifierSignal | undefined;
    if (s.notActions) m = mod('integrationPrivilege', 'high', f, 'a NotAction statement allows everything except the listed actions', s.path);
    else if (wildAction) m = mod('integrationPrivilege', 'high', f, `the policy allows "${wildAction}"${wildRes ? ' on every resource' : ''}`, s.path);
    else if (write && wildRes) m = mod('integrationPrivilege', 'high', f, `the policy allows ${write} on every resource ("*")`, s.path);
    // A write scoped to named resources (a capture bucket, one table) is a real privilege but
    // not the open-ended "write to production" the High rating means.
    else if (write) m = mod('integrationPrivilege', 'medium', f, `the policy allows the write action ${write} on named resources`, s.path);
    else if (wildRes) m = mod('integrationPrivilege', 'medium', f, 'the policy applies to every resource ("*")', s.path);
    if (m && (!worst || (worst.rating === 'medium' && m.rating === 'high'))) worst = m;
  }
  if (worst) out.push(worst);
  if (t === 'aws_iam_role') {
    for (const p of managedPolicyNames(f, all)) {
      if (/^(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/.test(p.name) || /FullAccess$/.test(p.name)) {
        out.push(mod('integrationPrivilege', 'high', f, `the role has the managed policy ${p.name}`, p.fact === f ? p.path : undefined, p.fact === f ? [] : [evidence(p.fact, `attaches ${p.name}`, p.path)]));
        break;
      }
    }
  }
  if (t === 'aws_iam_role_policy_attachment' || t === 'aws_iam_policy_attachment') {
    const arn = str(a.policy_arn);
    const name = arn ? /:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1] : undefined;
    if (name && (/^(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/.test(name) || /FullAccess$/.test(name))) out.push(mod('integrationPrivilege', 'high', f, `attaches the managed policy ${name}`, 'policy_arn'));
  }
  if (t === 'azurerm_role_assignment') {
    const role = str(a.role_definition_name);
    if (role && /^(Owner|Contributor|User Access Administrator|Role Based Access Control Administrator)$/i.test(role)) out.push(mod('integrationPrivilege', 'high', f, `role assignment "${role}" can change any resource in its scope`, 'role_definition_name'));
    else if (role && /(Contributor|Owner|Administrator|Writer)/i.test(role)) out.push(mod('integrationPrivilege', 'high', f, `role assignment "${role}" can write data or change settings`, 'role_definition_name'));
  }
  if (/^google_.*_iam_(member|binding|policy)$/.test(t)) {
    const role = str(a.role);
    if (role && /^roles\/(owner|editor)$/.test(role)) out.push(mod('integrationPrivilege', 'high', f, `${role} grants broad write access to the project`, 'role'));
    else if (role && /\.admin$|Admin$/.test(role)) out.push(mod('integrationPrivilege', 'high', f, `${role} is an administrator role`, 'role'));
  }
  if ('local_auth_enabled' in a || LOCAL_AUTH_DEFAULT_TRUE.has(t)) {
    const v = 'local_auth_enabled' in a ? truth(a.local_auth_enabled) : true;
    if (v === true) out.push(mod('integrationPrivilege', 'medium', f, 'local_auth_enabled' in a ? 'local_auth_enabled = true allows static API keys' : 'local_auth_enabled is not set and defaults to true (static API keys allowed)', 'local_auth_enabled' in a ? 'local_auth_enabled' : undefined));
  }
  if (t === 'azurerm_search_service' && truth(a.local_authentication_enabled) !== false) out.push(mod('integrationPrivilege', 'medium', f, 'API keys are allowed on the search service', 'local_authentication_enabled' in a ? 'local_authentication_enabled' : undefined));
  if (truth(get(f, 'body.properties.disableLocalAuth')) === false) out.push(mod('integrationPrivilege', 'medium', f, 'disableLocalAuth = false allows static API keys', 'body.properties.disableLocalAuth'));
  if (t === 'aws_bedrockagent_agent_action_group' && has(f, 'action_group_executor.lambda')) out.push(mod('integrationPrivilege', 'medium', f, 'the agent runs Lambda code as a tool', 'action_group_executor.lambda'));
  if (t === 'aws_bedrockagentcore_api_key_credential_provider' || t === 'aws_bedrockagentcore_oauth2_credential_provider') out.push(mod('integrationPrivilege', 'medium', f, 'the agent holds credentials for outside services'));
  if (t === 'aws_bedrockagentcore_gateway') out.push(mod('integrationPrivilege', 'medium', f, 'the gateway exposes tools to agents'));
}

function autonomy(f: Fact, all: FactQuery, out: ModifierSignal[]): void {
  const t = f.type;
  if (t === 'aws_bedrockagent_agent') {
    const groups = all.byType('aws_bedrockagent_agent_action_group').filter((g) => g.scope === f.scope && (g.references ?? []).includes(f.address));
    const approval = groups.find(isApprovalGroup);
    if (approval) out.push(mod('autonomy', 'low', f, 'an action group returns control to the application or asks the user before acting', undefined, [evidence(approval, 'human-in-the-loop action group', approvalPath(approval))]));
    else out.push(mod('autonomy', 'medium', f, 'the agent acts on its own: no action group returns control or asks the user'));
    return;
  }
  if (t === 'aws_bedrockagent_agent_action_group') {
    if (isApprovalGroup(f)) out.push(mod('autonomy', 'low', f, 'control returns to the application or the user is asked before acting', approvalPath(f)));
    else if (has(f, 'action_group_executor.lambda')) out.push(mod('autonomy', 'medium', f, 'the agent calls the Lambda tool without a confirmation step', 'action_group_executor.lambda'));
    return;
  }
  if (/^aws_sagemaker_(flow_definition|human_task_ui|workteam|workforce)$/.test(t)) {
    out.push(mod('autonomy', 'low', f, 'a human review loop (Augmented AI) is set up'));
    return;
  }
  if (t === 'aws_bedrockagentcore_agent_runtime' || t === 'google_vertex_ai_reasoning_engine' || t === 'aws_bedrockagentcore_code_interpreter' || t === 'aws_bedrockagentcore_browser') {
    const what = t === 'aws_bedrockagentcore_code_interpreter' ? 'runs code the agent writes' : t === 'aws_bedrockagentcore_browser' ? 'browses and acts on web pages for the agent' : 'runs an agent';
    out.push(mod('autonomy', 'medium', f, `${what}; no human-approval step is visible in the infrastructure`));
    return;
  }
  if (t === 'azapi_resource' && str(get(f, 'body.properties.capabilityHostKind')) === 'Agents') {
    out.push(mod('autonomy', 'medium', f, 'the Agent Service runs agents; no human-approval step is visible', 'body.properties.capabilityHostKind'));
  }
}

function isApprovalGroup(g: Fact): boolean {
  return str(get(g, 'action_group_executor.custom_control')) === 'RETURN_CONTROL' || str(g.attributes.parent_action_group_signature) === 'AMAZON.UserInput';
}

function approvalPath(g: Fact): string | undefined {
  if (str(get(g, 'action_group_executor.custom_control')) === 'RETURN_CONTROL') return 'action_group_executor.custom_control';
  if (str(g.attributes.parent_action_group_signature) === 'AMAZON.UserInput') return 'parent_action_group_signature';
  return undefined;
}

function physical(f: Fact, out: ModifierSignal[]): void {
  const t = f.type;
  if (DEVICE_TYPES.test(t)) {
    out.push(mod('physicalEffect', 'high', f, 'the workload reaches connected devices (IoT)'));
    return;
  }
  if (t === 'aws_bedrockagentcore_browser') out.push(mod('physicalEffect', 'medium', f, 'the agent can act on web pages (forms, purchases) through a browser'));
  const texts: { text: string; path?: string }[] = [{ text: f.name ?? '' }];
  for (const k of ['name', 'function_name', 'action_group_name', 'description', 'agent_name']) {
    const v = str(f.attributes[k]);
    if (v) texts.push({ text: v, path: k });
  }
  const fnNames = get(f, 'function_schema.member_functions.functions');
  const fns = Array.isArray(fnNames) ? fnNames : fnNames !== undefined ? [fnNames] : [];
  fns.forEach((fn, i) => {
    const n = isPlainObject(fn) ? str(fn.name) : undefined;
    if (n) texts.push({ text: n, path: `function_schema.member_functions.functions${i ? '.' + i : ''}.name` });
  });
  const payload = get(f, 'api_schema.payload');
  if (typeof payload === 'string') texts.push({ text: payload.slice(0, 20000), path: 'api_schema.payload' });
  const onlyTools = t === 'aws_bedrockagent_agent_action_group' || t === 'aws_lambda_function' || t === 'aws_bedrockagentcore_gateway_target' || t === 'aws_bedrockagent_agent';
  if (!onlyTools) return;
  for (const { text, path } of texts) {
    const w = words(text);
    const pay = w.find((x) => PAYMENT_WORDS.test(x));
    if (pay) {
      out.push(mod('physicalEffect', 'high', f, `a tool handles money ("${pay}"): its actions can have financial effect`, path && f.attributeRanges?.[path] ? path : undefined));
      return;
    }
    const desk = w.find((x) => DESKTOP_WORDS.test(x));
    if (desk) {
      out.push(mod('physicalEffect', 'high', f, `a tool automates a desktop or robot ("${desk}")`, path && f.attributeRanges?.[path] ? path : undefined));
      return;
    }
  }
}

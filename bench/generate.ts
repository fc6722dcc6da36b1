/**
 * Synthetic monorepo for the benchmark. `generateCorpus(dir, { files, seed })` writes exactly
 * `files` files under `dir`, with a mix close to a real platform repository:
 *
 *   ≈35 % Terraform (AWS / Azure / GCP; AI and non-AI resources; one 2,000-line file)
 *   ≈25 % Kubernetes YAML (multi-document files, model-serving Deployments, CRDs, Helm charts)
 *   ≈20 % application code and manifests (Python / TypeScript, some importing LLM SDKs)
 *   ≈ 5 % Power Platform (unpacked Dataverse solutions with cloud flows)
 *   ≈15 % noise (README and docs, JSON config, lockfiles, PNG images, node_modules content
 *         that the scan must skip)
 *
 * The output depends only on `files` and `seed`: the same arguments give byte-identical trees.
 * A small share of files are deliberately broken (truncated) so the error paths are exercised.
 * No file holds a real secret; the few key-shaped literals say FAKE.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface CorpusOptions {
  files: number;
  seed?: number;
}

export type Category = 'terraform' | 'kubernetes' | 'code' | 'powerPlatform' | 'noise';

export interface CorpusInfo {
  root: string;
  files: number;
  bytes: number;
  byCategory: Record<Category, number>;
  /** Files under node_modules: written, but a scan must not read them. */
  ignored: number;
  /** Files written truncated on purpose. */
  broken: number;
  /** POSIX path (relative to root) of the 2,000-line Terraform file used for the edit benchmark. */
  largeTerraform: string;
}

export interface OutFile {
  path: string;
  content: string | Uint8Array;
  /** Truncated on purpose. */
  broken?: boolean;
}

export const SHARES: Record<Category, number> = { terraform: 0.35, kubernetes: 0.25, code: 0.2, powerPlatform: 0.05, noise: 0.15 };

export const LARGE_TERRAFORM = 'platform/landing-zone/main.tf';
export const LARGE_TERRAFORM_LINES = 2000;

// ───────────────────────────── deterministic randomness ─────────────────────────────

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  /** mulberry32: small, fast and good enough for test data. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }
  guid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${'89ab'[this.int(0, 3)]}${this.hex(3)}-${this.hex(12)}`;
  }
}

const TEAMS = ['payments', 'identity', 'clinical-data', 'imaging', 'patient-portal', 'hr-systems', 'analytics', 'search', 'notifications', 'scheduling', 'billing', 'pharmacy', 'research', 'labs', 'referrals'];
const WORDS = ['core', 'edge', 'ingest', 'events', 'reports', 'gateway', 'sync', 'archive', 'catalog', 'audit', 'ledger', 'intake', 'triage', 'export', 'batch', 'stream'];
const REGIONS = { aws: ['eu-west-2', 'eu-west-1', 'us-east-1'], azure: ['uksouth', 'westeurope', 'northeurope'], gcp: ['europe-west2', 'europe-west1', 'us-central1'] };

type Cloud = 'aws' | 'azure' | 'gcp';

// ───────────────────────────── Terraform ─────────────────────────────

function tfName(rng: Rng): string {
  return `${rng.pick(WORDS)}_${rng.int(1, 99)}`;
}

function tfBlock(rng: Rng, cloud: Cloud, ai: boolean): string {
  const n = tfName(rng);
  const env = rng.pick(['dev', 'test', 'prod']);
  if (cloud === 'aws') {
    if (ai) {
      switch (rng.int(0, 4)) {
        case 0:
          return `resource "aws_sagemaker_model" "${n}" {
  name                     = "${n.replace(/_/g, '-')}-${env}"
  execution_role_arn       = aws_iam_role.${n}.arn
  enable_network_isolation = ${rng.chance(0.5)}

  primary_container {
    image          = var.inference_image
    model_data_url = "s3://models-${env}/${n}/model.tar.gz"
  }
}

resource "aws_sagemaker_endpoint_configuration" "${n}" {
  name = "${n.replace(/_/g, '-')}-config"
${rng.chance(0.5) ? `  kms_key_arn = aws_kms_key.${n}.arn\n` : ''}
  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.${n}.name
    initial_instance_count = ${rng.int(1, 4)}
    instance_type          = "${rng.pick(['ml.m5.xlarge', 'ml.g5.2xlarge', 'ml.c5.2xlarge'])}"
  }
}

resource "aws_sagemaker_endpoint" "${n}" {
  name                 = "${n.replace(/_/g, '-')}-${env}"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.${n}.name
}
`;
        case 1:
          return `resource "aws_bedrockagent_agent" "${n}" {
  agent_name              = "${n.replace(/_/g, '-')}-agent"
  agent_resource_role_arn = aws_iam_role.${n}.arn
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
  instruction             = "You help staff with ${rng.pick(WORDS)} questions and never give clinical advice."
${rng.chance(0.4) ? `
  guardrail_configuration {
    guardrail_identifier = aws_bedrock_guardrail.${n}.guardrail_id
    guardrail_version    = "1"
  }
` : ''}}
`;
        case 2:
          return `resource "aws_bedrock_guardrail" "${n}" {
  name                      = "${n.replace(/_/g, '-')}"
  blocked_input_messaging   = "This request is not allowed."
  blocked_outputs_messaging = "This answer was blocked."

  content_policy_config {
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
    }
  }
}
`;
        case 3:
          return `resource "aws_bedrock_model_invocation_logging_configuration" "${n}" {
  logging_config {
    text_data_delivery_enabled = true
    s3_config {
      bucket_name = aws_s3_bucket.${n}.id
      key_prefix  = "bedrock"
    }
  }
}
`;
        default:
          return `resource "aws_sagemaker_notebook_instance" "${n}" {
  name                   = "${n.replace(/_/g, '-')}"
  role_arn               = aws_iam_role.${n}.arn
  instance_type          = "ml.t3.medium"
  direct_internet_access = "${rng.pick(['Enabled', 'Disabled'])}"
  root_access            = "${rng.pick(['Enabled', 'Disabled'])}"
}
`;
      }
    }
    switch (rng.int(0, 5)) {
      case 0:
        return `resource "aws_s3_bucket" "${n}" {
  bucket = "nwh-${n.replace(/_/g, '-')}-${env}"

  tags = {
    team        = "${rng.pick(TEAMS)}"
    environment = "${env}"
  }
}

resource "aws_s3_bucket_versioning" "${n}" {
  bucket = aws_s3_bucket.${n}.id
  versioning_configuration {
    status = "Enabled"
  }
}
`;
      case 1:
        return `resource "aws_iam_role" "${n}" {
  name               = "${n.replace(/_/g, '-')}-${env}"
  assume_role_policy = data.aws_iam_policy_document.${n}_trust.json
}

data "aws_iam_policy_document" "${n}_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["${rng.pick(['lambda', 'ecs-tasks', 'sagemaker', 'ec2'])}.amazonaws.com"]
    }
  }
}
`;
      case 2:
        return `resource "aws_lambda_function" "${n}" {
  function_name = "${n.replace(/_/g, '-')}"
  role          = aws_iam_role.${n}.arn
  runtime       = "${rng.pick(['python3.12', 'nodejs20.x'])}"
  handler       = "index.handler"
  s3_bucket     = "artifacts-${env}"
  s3_key        = "${n}/${rng.hex(7)}.zip"
  timeout       = ${rng.int(3, 60)}

  environment {
    variables = {
      LOG_LEVEL = "INFO"
      TABLE     = "${rng.pick(WORDS)}"
    }
  }
}
`;
      case 3:
        return `resource "aws_vpc" "${n}" {
  cidr_block           = "10.${rng.int(0, 250)}.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_subnet" "${n}_a" {
  vpc_id            = aws_vpc.${n}.id
  cidr_block        = "10.${rng.int(0, 250)}.${rng.int(0, 250)}.0/24"
  availability_zone = "eu-west-2a"
}
`;
      case 4:
        return `resource "aws_db_instance" "${n}" {
  identifier          = "${n.replace(/_/g, '-')}-${env}"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.t4g.medium"
  allocated_storage   = ${rng.int(20, 500)}
  storage_encrypted   = ${rng.chance(0.8)}
  skip_final_snapshot = ${env !== 'prod'}
  username            = "app"
  password            = var.db_password
}
`;
      default:
        return `resource "aws_kms_key" "${n}" {
  description             = "${rng.pick(WORDS)} data"
  deletion_window_in_days = ${rng.int(7, 30)}
  enable_key_rotation     = ${rng.chance(0.7)}
}
`;
    }
  }
  if (cloud === 'azure') {
    if (ai) {
      if (rng.chance(0.6)) {
        return `resource "azurerm_cognitive_account" "${n}" {
  name                          = "oai-${n.replace(/_/g, '-')}-${env}"
  location                      = var.location
  resource_group_name           = var.resource_group_name
  kind                          = "${rng.pick(['OpenAI', 'OpenAI', 'AIServices', 'TextAnalytics'])}"
  sku_name                      = "S0"
  custom_subdomain_name         = "${n.replace(/_/g, '-')}-${env}"
  public_network_access_enabled = ${rng.chance(0.5)}
  local_auth_enabled            = ${rng.chance(0.5)}
}

resource "azurerm_cognitive_deployment" "${n}" {
  name                 = "gpt-4o"
  cognitive_account_id = azurerm_cognitive_account.${n}.id

  model {
    format  = "OpenAI"
    name    = "gpt-4o"
    version = "2024-08-06"
  }

  sku {
    name     = "${rng.pick(['Standard', 'GlobalStandard', 'DataZoneStandard'])}"
    capacity = ${rng.int(10, 100)}
  }
}
`;
      }
      return `resource "azurerm_machine_learning_workspace" "${n}" {
  name                          = "mlw-${n.replace(/_/g, '-')}"
  location                      = var.location
  resource_group_name           = var.resource_group_name
  application_insights_id       = var.app_insights_id
  key_vault_id                  = var.key_vault_id
  storage_account_id            = var.storage_account_id
  public_network_access_enabled = ${rng.chance(0.5)}

  identity {
    type = "SystemAssigned"
  }
}
`;
    }
    switch (rng.int(0, 3)) {
      case 0:
        return `resource "azurerm_storage_account" "${n}" {
  name                     = "st${n.replace(/_/g, '')}${env}"
  resource_group_name      = var.resource_group_name
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = "${rng.pick(['LRS', 'GRS', 'ZRS'])}"
  min_tls_version          = "TLS1_2"
}
`;
      case 1:
        return `resource "azurerm_key_vault" "${n}" {
  name                       = "kv-${n.replace(/_/g, '-')}"
  location                   = var.location
  resource_group_name        = var.resource_group_name
  tenant_id                  = var.tenant_id
  sku_name                   = "standard"
  purge_protection_enabled   = ${rng.chance(0.6)}
  soft_delete_retention_days = 90
}
`;
      case 2:
        return `resource "azurerm_linux_web_app" "${n}" {
  name                = "app-${n.replace(/_/g, '-')}-${env}"
  resource_group_name = var.resource_group_name
  location            = var.location
  service_plan_id     = var.service_plan_id
  https_only          = true

  site_config {
    minimum_tls_version = "1.2"
  }
}
`;
      default:
        return `resource "azurerm_monitor_diagnostic_setting" "${n}" {
  name                       = "diag-${n.replace(/_/g, '-')}"
  target_resource_id         = var.target_id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "audit"
  }
}
`;
    }
  }
  if (ai) {
    if (rng.chance(0.6)) {
      return `resource "google_vertex_ai_endpoint" "${n}" {
  name         = "${n.replace(/_/g, '-')}"
  display_name = "${rng.pick(WORDS)} model"
  location     = var.region
${rng.chance(0.5) ? `  network      = "projects/\${var.project_number}/global/networks/ml"\n` : ''}${rng.chance(0.5) ? `
  encryption_spec {
    kms_key_name = google_kms_crypto_key.${n}.id
  }
` : ''}}
`;
    }
    return `resource "google_workbench_instance" "${n}" {
  name     = "${n.replace(/_/g, '-')}"
  location = "\${var.region}-a"

  gce_setup {
    machine_type      = "n1-standard-4"
    disable_public_ip = ${rng.chance(0.5)}
  }
}
`;
  }
  switch (rng.int(0, 3)) {
    case 0:
      return `resource "google_storage_bucket" "${n}" {
  name                        = "nwh-${n.replace(/_/g, '-')}-${env}"
  location                    = "EU"
  uniform_bucket_level_access = true

  versioning {
    enabled = ${rng.chance(0.5)}
  }
}
`;
    case 1:
      return `resource "google_compute_instance" "${n}" {
  name         = "${n.replace(/_/g, '-')}"
  machine_type = "${rng.pick(['e2-medium', 'n2-standard-2'])}"
  zone         = "\${var.region}-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    network = "default"
  }
}
`;
    case 2:
      return `resource "google_kms_crypto_key" "${n}" {
  name            = "${n.replace(/_/g, '-')}"
  key_ring        = var.key_ring_id
  rotation_period = "${rng.pick(['7776000s', '2592000s'])}"
}
`;
    default:
      return `resource "google_project_service" "${n}" {
  project = var.project_id
  service = "${rng.pick(['compute.googleapis.com', 'aiplatform.googleapis.com', 'storage.googleapis.com', 'bigquery.googleapis.com'])}"
}
`;
  }
}

function tfProvider(cloud: Cloud, rng: Rng): string {
  const source = cloud === 'aws' ? 'hashicorp/aws' : cloud === 'azure' ? 'hashicorp/azurerm' : 'hashicorp/google';
  const local = cloud === 'aws' ? 'aws' : cloud === 'azure' ? 'azurerm' : 'google';
  const body = cloud === 'aws' ? `  region = "${rng.pick(REGIONS.aws)}"` : cloud === 'azure' ? '  features {}' : `  project = var.project_id\n  region  = "${rng.pick(REGIONS.gcp)}"`;
  return `terraform {
  required_providers {
    ${local} = {
      source  = "${source}"
      version = "~> ${rng.int(4, 6)}.${rng.int(0, 60)}"
    }
  }
}

provider "${local}" {
${body}
}
`;
}

function tfVariables(rng: Rng): string {
  const names = ['region', 'location', 'project_id', 'project_number', 'resource_group_name', 'inference_image', 'db_password', 'tenant_id', 'key_ring_id', 'environment'];
  const out: string[] = [];
  for (const name of names) {
    if (!rng.chance(0.7)) continue;
    out.push(`variable "${name}" {
  type        = string
  description = "${name.replace(/_/g, ' ')}"${name === 'db_password' ? '\n  sensitive   = true' : ''}
}
`);
  }
  return out.join('\n') || 'variable "environment" {\n  type = string\n}\n';
}

function terraformFiles(rng: Rng, budget: number, folder: () => string): OutFile[] {
  const out: OutFile[] = [];
  while (out.length < budget) {
    const cloud = rng.pick<Cloud>(['aws', 'aws', 'azure', 'gcp']);
    const dir = `${folder()}/infra/${cloud}-${rng.pick(WORDS)}-${rng.int(1, 999)}`;
    const aiStack = rng.chance(0.25);
    const mainBlocks: string[] = [];
    for (let i = rng.int(3, 12); i > 0; i--) mainBlocks.push(tfBlock(rng, cloud, aiStack && rng.chance(0.5)));
    const stack: OutFile[] = [
      { path: `${dir}/main.tf`, content: `# ${rng.pick(WORDS)} stack\n\n${mainBlocks.join('\n')}` },
      { path: `${dir}/versions.tf`, content: tfProvider(cloud, rng) },
      { path: `${dir}/variables.tf`, content: tfVariables(rng) },
    ];
    if (rng.chance(0.4)) stack.push({ path: `${dir}/outputs.tf`, content: `output "id" {\n  value = "${rng.hex(8)}"\n}\n` });
    if (rng.chance(0.3)) stack.push({ path: `${dir}/terraform.tfvars`, content: `environment = "${rng.pick(['dev', 'test', 'prod'])}"\nregion      = "${rng.pick(REGIONS[cloud])}"\n` });
    if (rng.chance(0.3)) {
      const extra: string[] = [];
      for (let i = rng.int(2, 6); i > 0; i--) extra.push(tfBlock(rng, cloud, false));
      stack.push({ path: `${dir}/${rng.pick(['network', 'iam', 'storage', 'logging'])}.tf`, content: extra.join('\n') });
    }
    out.push(...stack.slice(0, budget - out.length));
  }
  return out;
}

/** Exactly `lines` lines of Terraform: landing-zone resources plus one SageMaker endpoint. */
export function largeTerraform(rng: Rng, lines = LARGE_TERRAFORM_LINES): string {
  const parts: string[] = [`# Landing zone: shared network, keys and buckets for every team.\n`, tfBlock(rng, 'aws', true)];
  let count = parts.join('\n').split('\n').length;
  while (count < lines - 40) {
    const block = tfBlock(rng, 'aws', false);
    parts.push(block);
    count += block.split('\n').length;
  }
  const text = parts.join('\n').replace(/\n+$/, '\n');
  const have = text.split('\n').length - 1;
  const pad: string[] = [];
  for (let i = have; i < lines; i++) pad.push(`# padding ${i}`);
  return text + (pad.length ? pad.join('\n') + '\n' : '');
}

// ───────────────────────────── Kubernetes ─────────────────────────────

function k8sDeployment(rng: Rng, name: string, ns: string, serving: boolean): string {
  const image = serving
    ? rng.pick(['vllm/vllm-openai:v0.6.3', 'ghcr.io/huggingface/text-generation-inference:2.4.1', 'ollama/ollama:0.5.7', 'nvcr.io/nvidia/tritonserver:24.10-py3'])
    : rng.pick([`ghcr.io/northwind-health/${name}:${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(0, 9)}`, `nginx:1.27`, `redis:7.4`, `ghcr.io/northwind-health/${name}@sha256:${rng.hex(64)}`]);
  const args = serving && image.startsWith('vllm') ? `
          args: ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--host", "0.0.0.0"${rng.chance(0.5) ? ', "--api-key", "$(VLLM_API_KEY)"' : ''}]` : '';
  const gpu = serving ? `
              nvidia.com/gpu: "1"` : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${name}
spec:
  replicas: ${rng.int(1, 4)}
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
    spec:
      containers:
        - name: ${serving ? 'server' : 'app'}
          image: ${image}${args}
          ports:
            - containerPort: ${serving ? 8000 : rng.pick([8080, 3000, 80])}
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: ${name}-db
                  key: password
          resources:
            requests:
              cpu: ${rng.pick(['100m', '250m', '500m', '2'])}
              memory: ${rng.pick(['128Mi', '512Mi', '2Gi', '16Gi'])}${gpu}
`;
}

function k8sService(rng: Rng, name: string, ns: string): string {
  const type = rng.pick(['ClusterIP', 'ClusterIP', 'ClusterIP', 'LoadBalancer', 'NodePort']);
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  type: ${type}
  selector:
    app.kubernetes.io/name: ${name}
  ports:
    - port: 80
      targetPort: ${rng.pick([8080, 8000, 3000])}
`;
}

function k8sExtra(rng: Rng, name: string, ns: string): string {
  switch (rng.int(0, 4)) {
    case 0:
      return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: ${ns}
data:
  FEATURE_FLAGS: "${rng.pick(WORDS)},${rng.pick(WORDS)}"
  TIMEOUT_SECONDS: "${rng.int(5, 120)}"
`;
    case 1:
      return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}-default-deny
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes: ["Ingress", "Egress"]
`;
    case 2:
      return `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: ${name}
  namespace: ${ns}
  annotations:
    serving.kserve.io/deploymentMode: RawDeployment
spec:
  predictor:
    model:
      modelFormat:
        name: ${rng.pick(['sklearn', 'xgboost', 'huggingface'])}
      storageUri: s3://models/${name}/v${rng.int(1, 30)}
`;
    case 3:
      return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  rules:
    - host: ${name}.${rng.pick(WORDS)}.northwind-health.example
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${name}
                port:
                  number: 80
`;
    default:
      return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${ns}
`;
  }
}

function kubernetesFiles(rng: Rng, budget: number, folder: () => string): OutFile[] {
  const out: OutFile[] = [];
  while (out.length < budget) {
    const team = folder();
    const name = `${rng.pick(WORDS)}-${rng.pick(WORDS)}-${rng.int(1, 999)}`;
    const ns = team.split('/').pop() ?? 'default';
    const serving = rng.chance(0.2);
    const dir = `${team}/k8s/${name}`;
    const files: OutFile[] = [];
    if (rng.chance(0.15)) {
      // A Helm chart: templates are not plain YAML.
      files.push({ path: `${dir}/Chart.yaml`, content: `apiVersion: v2\nname: ${name}\nversion: 0.${rng.int(1, 30)}.0\nappVersion: "${rng.int(1, 5)}.${rng.int(0, 9)}"\n` });
      files.push({ path: `${dir}/values.yaml`, content: `replicaCount: ${rng.int(1, 3)}\nimage:\n  repository: ghcr.io/northwind-health/${name}\n  tag: "${rng.int(1, 9)}.${rng.int(0, 9)}"\nservice:\n  type: ClusterIP\n` });
      files.push({
        path: `${dir}/templates/deployment.yaml`,
        content: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "${name}.fullname" . }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n  template:\n    spec:\n      containers:\n        - name: app\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n`,
      });
    } else {
      files.push({ path: `${dir}/deployment.yaml`, content: `---\n${k8sDeployment(rng, name, ns, serving)}---\n${k8sService(rng, name, ns)}` });
      const extras: string[] = [];
      for (let i = rng.int(1, 3); i > 0; i--) extras.push(k8sExtra(rng, name, ns));
      files.push({ path: `${dir}/${rng.pick(['config', 'policy', 'extras'])}.yaml`, content: extras.join('---\n') });
      if (rng.chance(0.3)) files.push({ path: `${dir}/kustomization.yaml`, content: `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${ns}\nresources:\n  - deployment.yaml\n` });
    }
    out.push(...files.slice(0, budget - out.length));
  }
  return out;
}

// ───────────────────────────── code ─────────────────────────────

function pythonModule(rng: Rng, llm: boolean): string {
  if (llm) {
    switch (rng.int(0, 3)) {
      case 0:
        return `from openai import OpenAI

client = OpenAI()


def summarise(text: str) -> str:
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": f"Summarise: {text}"}],
    )
    return response.choices[0].message.content or ""
`;
      case 1:
        return `import anthropic

client = anthropic.Anthropic()


def classify(note: str) -> str:
    message = client.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=200,
        messages=[{"role": "user", "content": note}],
    )
    return message.content[0].text
`;
      case 2:
        return `from langchain_openai import ChatOpenAI
from langgraph.prebuilt import create_react_agent

from .tools import lookup_${rng.pick(WORDS)}

agent = create_react_agent(ChatOpenAI(model="gpt-4o"), tools=[lookup_${rng.pick(WORDS)}])


def run(question: str) -> str:
    result = agent.invoke({"messages": [("user", question)]}, config={"recursion_limit": ${rng.int(5, 40)}})
    return result["messages"][-1].content
`;
      default:
        return `import json

import boto3

runtime = boto3.client("bedrock-runtime")


def complete(prompt: str) -> str:
    body = json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 300,
                       "messages": [{"role": "user", "content": prompt}]})
    response = runtime.invoke_model(modelId="anthropic.claude-3-haiku-20240307-v1:0", body=body)
    return json.loads(response["body"].read())["content"][0]["text"]
`;
    }
  }
  const fn = rng.pick(WORDS);
  return `"""${fn} helpers."""

from dataclasses import dataclass
from datetime import date


@dataclass
class ${fn[0].toUpperCase()}${fn.slice(1)}Record:
    id: str
    created: date
    amount: int = 0


def total(records: list[${fn[0].toUpperCase()}${fn.slice(1)}Record]) -> int:
    return sum(r.amount for r in records if r.amount > ${rng.int(0, 100)})


def by_month(records):
    out: dict[str, int] = {}
    for r in records:
        key = r.created.strftime("%Y-%m")
        out[key] = out.get(key, 0) + r.amount
    return out
`;
}

function tsModule(rng: Rng, llm: boolean): string {
  if (llm) {
    switch (rng.int(0, 2)) {
      case 0:
        return `import OpenAI from 'openai';

const client = new OpenAI();

export async function draft(prompt: string): Promise<string> {
  const r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] });
  return r.choices[0]?.message.content ?? '';
}
`;
      case 1:
        return `import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();

export async function answer(question: string): Promise<string> {
  const m = await anthropic.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 400, messages: [{ role: 'user', content: question }] });
  return m.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
}
`;
      default:
        return `import { generateText } from 'ai';
import { openai } from '@ai-sdk/openai';

export async function label(text: string): Promise<string> {
  const { text: out } = await generateText({ model: openai('gpt-4o-mini'), prompt: \`Label: \${text}\` });
  return out;
}
`;
    }
  }
  const n = rng.pick(WORDS);
  return `export interface ${n[0].toUpperCase()}${n.slice(1)}Item {
  id: string;
  createdAt: string;
  value: number;
}

export function sum(items: ${n[0].toUpperCase()}${n.slice(1)}Item[]): number {
  return items.filter((i) => i.value > ${rng.int(0, 50)}).reduce((a, i) => a + i.value, 0);
}

export function groupByDay(items: ${n[0].toUpperCase()}${n.slice(1)}Item[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const i of items) out.set(i.createdAt.slice(0, 10), (out.get(i.createdAt.slice(0, 10)) ?? 0) + i.value);
  return out;
}
`;
}

function codeFiles(rng: Rng, budget: number, folder: () => string): OutFile[] {
  const out: OutFile[] = [];
  while (out.length < budget) {
    const python = rng.chance(0.55);
    const svc = `${rng.pick(WORDS)}-${rng.pick(['api', 'worker', 'service', 'job'])}-${rng.int(1, 999)}`;
    const dir = `${folder()}/services/${svc}`;
    const usesLlm = rng.chance(0.3);
    const files: OutFile[] = [];
    if (python) {
      const pkg = svc.replace(/-/g, '_');
      const deps = ['fastapi>=0.115', 'pydantic>=2.9', ...(usesLlm ? [rng.pick(['openai', 'openai>=1.50', 'anthropic==0.40.0', 'langgraph>=0.2', 'boto3'])] : [])];
      files.push({ path: `${dir}/pyproject.toml`, content: `[project]\nname = "${svc}"\nversion = "0.${rng.int(1, 20)}.0"\nrequires-python = ">=3.11"\ndependencies = [\n${deps.map((d) => `  "${d}",`).join('\n')}\n]\n` });
      for (let i = rng.int(2, 6); i > 0; i--) files.push({ path: `${dir}/src/${pkg}/${rng.pick(WORDS)}_${i}.py`, content: pythonModule(rng, usesLlm && i === 1) });
      files.push({ path: `${dir}/src/${pkg}/__init__.py`, content: `"""${svc}."""\n` });
    } else {
      const deps: Record<string, string> = { zod: '^3.23.8', pino: '^9.5.0' };
      if (usesLlm) deps[rng.pick(['openai', '@anthropic-ai/sdk', 'ai'])] = rng.pick(['^4.70.0', '0.32.1', '^4.0.0']);
      files.push({ path: `${dir}/package.json`, content: JSON.stringify({ name: `@nwh/${svc}`, version: '1.0.0', private: true, dependencies: deps }, null, 2) + '\n' });
      for (let i = rng.int(2, 6); i > 0; i--) files.push({ path: `${dir}/src/${rng.pick(WORDS)}-${i}.ts`, content: tsModule(rng, usesLlm && i === 1) });
    }
    out.push(...files.slice(0, budget - out.length));
  }
  return out;
}

// ───────────────────────────── Power Platform ─────────────────────────────

function flowJson(rng: Rng): string {
  const ai = rng.chance(0.4);
  const approval = rng.chance(0.3);
  const refs: Record<string, unknown> = {
    shared_commondataserviceforapps: { runtimeSource: rng.pick(['embedded', 'invoker']), connection: { connectionReferenceLogicalName: `nwh_dataverse_${rng.hex(5)}` }, api: { name: 'shared_commondataserviceforapps' } },
    shared_office365: { runtimeSource: 'invoker', connection: { connectionReferenceLogicalName: `nwh_outlook_${rng.hex(5)}` }, api: { name: 'shared_office365' } },
  };
  if (approval) refs.shared_approvals = { runtimeSource: 'invoker', connection: { connectionReferenceLogicalName: `nwh_approvals_${rng.hex(5)}` }, api: { name: 'shared_approvals' } };
  const actions: Record<string, unknown> = {
    List_rows: {
      runAfter: {},
      type: 'OpenApiConnection',
      inputs: { host: { connectionName: 'shared_commondataserviceforapps', operationId: 'ListRecords', apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps' }, parameters: { entityName: `nwh_${rng.pick(WORDS)}s`, $top: rng.int(10, 500) } },
    },
  };
  let last = 'List_rows';
  if (ai) {
    actions.Run_a_prompt = {
      runAfter: { [last]: ['Succeeded'] },
      type: 'OpenApiConnection',
      inputs: { host: { connectionName: 'shared_commondataserviceforapps', operationId: 'aibuilderpredict_customprompt', apiId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps' }, parameters: { recordId: rng.guid(), 'item/requestv2/Text': "@outputs('List_rows')?['body/value']" } },
    };
    last = 'Run_a_prompt';
  }
  if (approval) {
    actions.Start_and_wait_for_an_approval = {
      runAfter: { [last]: ['Succeeded'] },
      type: 'OpenApiConnectionWebhook',
      inputs: { host: { connectionName: 'shared_approvals', operationId: 'StartAndWaitForAnApproval', apiId: '/providers/Microsoft.PowerApps/apis/shared_approvals' }, parameters: { approvalType: 'Basic', 'WebhookApprovalCreationInput/title': 'Please review', 'WebhookApprovalCreationInput/assignedTo': 'hr-leads@northwind-health.example' } },
    };
    last = 'Start_and_wait_for_an_approval';
  }
  actions.Send_an_email = {
    runAfter: { [last]: ['Succeeded'] },
    type: 'OpenApiConnection',
    inputs: { host: { connectionName: 'shared_office365', operationId: 'SendEmailV2', apiId: '/providers/Microsoft.PowerApps/apis/shared_office365' }, parameters: { 'emailMessage/To': 'team@northwind-health.example', 'emailMessage/Subject': 'Daily summary', 'emailMessage/Body': '<p>Done</p>' } },
  };
  const trigger = rng.chance(0.5)
    ? { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } } }
    : { manual: { type: 'Request', kind: 'Button', inputs: { schema: { type: 'object', properties: {} } } } };
  return (
    JSON.stringify(
      {
        properties: {
          connectionReferences: refs,
          definition: { $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#', contentVersion: '1.0.0.0', parameters: { $connections: { defaultValue: {}, type: 'Object' }, $authentication: { defaultValue: {}, type: 'SecureObject' } }, triggers: trigger, actions },
          templateName: null,
        },
        schemaVersion: '1.0.0.0',
      },
      null,
      2,
    ) + '\n'
  );
}

function powerPlatformFiles(rng: Rng, budget: number, folder: () => string): OutFile[] {
  const out: OutFile[] = [];
  while (out.length < budget) {
    const sol = `${rng.pick(['HR', 'Finance', 'Estates', 'Clinical', 'Comms'])}${rng.pick(['Automation', 'Sync', 'Approvals', 'Reports'])}${rng.int(1, 99)}`;
    const dir = `${folder()}/power-platform/${sol}`;
    const flows: { id: string; name: string }[] = [];
    for (let i = rng.int(1, 4); i > 0; i--) flows.push({ id: rng.guid().toUpperCase(), name: `${rng.pick(WORDS)[0].toUpperCase()}${rng.pick(WORDS)}Flow${i}` });
    const files: OutFile[] = [
      {
        path: `${dir}/Other/Solution.xml`,
        content: `<?xml version="1.0" encoding="utf-8"?>\n<ImportExportXml version="9.2.24083.205" SolutionPackageVersion="9.2" languagecode="1033" generatedBy="CrmLive" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n  <SolutionManifest>\n    <UniqueName>${sol}</UniqueName>\n    <LocalizedNames>\n      <LocalizedName description="${sol}" languagecode="1033" />\n    </LocalizedNames>\n    <Version>1.${rng.int(0, 9)}.0.0</Version>\n    <Managed>0</Managed>\n    <Publisher>\n      <UniqueName>northwindhealth</UniqueName>\n      <CustomizationPrefix>nwh</CustomizationPrefix>\n    </Publisher>\n    <RootComponents>\n${flows.map((f) => `      <RootComponent type="29" id="{${f.id.toLowerCase()}}" behavior="0" />`).join('\n')}\n    </RootComponents>\n    <MissingDependencies />\n  </SolutionManifest>\n</ImportExportXml>\n`,
      },
      {
        path: `${dir}/Other/Customizations.xml`,
        content: `<?xml version="1.0" encoding="utf-8"?>\n<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n  <Entities />\n  <Workflows />\n  <connectionreferences>\n    <connectionreference connectionreferencelogicalname="nwh_dataverse_${rng.hex(5)}">\n      <connectionreferencedisplayname>Dataverse</connectionreferencedisplayname>\n      <connectorid>/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps</connectorid>\n      <iscustomizable>1</iscustomizable>\n      <statecode>0</statecode>\n      <statuscode>1</statuscode>\n    </connectionreference>\n  </connectionreferences>\n  <Languages>\n    <Language>1033</Language>\n  </Languages>\n</ImportExportXml>\n`,
      },
    ];
    for (const f of flows) {
      const file = `${f.name}-${f.id}.json`;
      files.push({ path: `${dir}/Workflows/${file}`, content: flowJson(rng) });
      files.push({
        path: `${dir}/Workflows/${file}.data.xml`,
        content: `<?xml version="1.0" encoding="utf-8"?>\n<Workflow WorkflowId="{${f.id.toLowerCase()}}" Name="${f.name}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n  <JsonFileName>/Workflows/${file}</JsonFileName>\n  <Type>1</Type>\n  <Category>5</Category>\n  <StateCode>1</StateCode>\n  <StatusCode>2</StatusCode>\n  <RunAs>1</RunAs>\n  <PrimaryEntity>none</PrimaryEntity>\n</Workflow>\n`,
      });
    }
    out.push(...files.slice(0, budget - out.length));
  }
  return out;
}

// ───────────────────────────── noise ─────────────────────────────

function png(rng: Rng): Uint8Array {
  const size = rng.int(200, 4000);
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  for (let i = 16; i < size; i++) bytes[i] = rng.int(0, 255);
  return bytes;
}

function packageLock(rng: Rng, name: string): string {
  const packages: Record<string, unknown> = { '': { name, version: '1.0.0', dependencies: { zod: '^3.23.8' } } };
  for (let i = rng.int(20, 200); i > 0; i--) {
    const dep = `${rng.pick(WORDS)}-${rng.pick(WORDS)}-${rng.hex(3)}`;
    packages[`node_modules/${dep}`] = { version: `${rng.int(0, 9)}.${rng.int(0, 20)}.${rng.int(0, 9)}`, resolved: `https://registry.npmjs.org/${dep}/-/${dep}-1.0.0.tgz`, integrity: `sha512-${rng.hex(64)}`, license: 'MIT' };
  }
  return JSON.stringify({ name, version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2) + '\n';
}

function noiseFiles(rng: Rng, budget: number, folder: () => string): OutFile[] {
  const out: OutFile[] = [];
  let n = 0;
  while (out.length < budget) {
    n++;
    const roll = rng.next();
    const team = folder();
    if (roll < 0.3) {
      // Dependency folders: the scan must never read these, even when they hold .tf or .yaml.
      const pkg = `${rng.pick(WORDS)}-${rng.pick(WORDS)}-${rng.hex(4)}`;
      const base = rng.chance(0.5) ? `node_modules/${pkg}` : `${team}/services/web-${n}/node_modules/${pkg}`;
      const kind = rng.int(0, 3);
      if (kind === 0) out.push({ path: `${base}/package.json`, content: JSON.stringify({ name: pkg, version: '1.0.0', main: 'index.js', dependencies: { openai: '^4.0.0' } }, null, 2) });
      else if (kind === 1) out.push({ path: `${base}/index.js`, content: `'use strict';\nconst OpenAI = require('openai');\nmodule.exports = function ${pkg.replace(/-/g, '_')}() { return new OpenAI(); };\n` });
      else if (kind === 2) out.push({ path: `${base}/examples/main.tf`, content: tfBlock(rng, 'aws', true) });
      else out.push({ path: `${base}/deploy/k8s.yaml`, content: k8sDeployment(rng, pkg, 'default', true) });
    } else if (roll < 0.5) {
      out.push({ path: `${team}/${rng.chance(0.5) ? 'README.md' : `docs/${rng.pick(WORDS)}-${n}.md`}`, content: `# ${rng.pick(WORDS)} ${rng.pick(WORDS)}\n\n${'This folder holds the team\'s infrastructure and services. Run `make plan` before opening a pull request.\n\n'.repeat(rng.int(1, 8))}` });
    } else if (roll < 0.7) {
      const which = rng.int(0, 3);
      const content =
        which === 0
          ? { compilerOptions: { target: 'ES2022', module: 'node16', strict: true, outDir: 'dist' }, include: ['src'] }
          : which === 1
            ? { extends: ['config:recommended'], schedule: ['before 6am on monday'], packageRules: [{ matchUpdateTypes: ['minor', 'patch'], automerge: true }] }
            : which === 2
              ? { root: true, env: { node: true }, rules: { 'no-console': 'warn' } }
              : { featureFlags: { [rng.pick(WORDS)]: rng.chance(0.5), [rng.pick(WORDS)]: rng.chance(0.5) }, retries: rng.int(0, 5) };
      const name = ['tsconfig.json', 'renovate.json', '.eslintrc.json', `config/${rng.pick(WORDS)}-${n}.json`][which];
      out.push({ path: `${team}/${which === 3 ? name : `tools-${n}/${name}`}`, content: JSON.stringify(content, null, 2) + '\n' });
    } else if (roll < 0.85) {
      out.push({ path: `${team}/services/web-${n}/package-lock.json`, content: packageLock(rng, `web-${n}`) });
    } else {
      out.push({ path: `${team}/docs/img/${rng.pick(WORDS)}-${n}.png`, content: png(rng) });
    }
  }
  return out;
}

// ───────────────────────────── assembly ─────────────────────────────

/** Cuts a file in the middle of a line, like an interrupted save. */
function truncate(rng: Rng, content: string): string {
  return content.slice(0, Math.max(1, Math.floor(content.length * (0.3 + rng.next() * 0.4))));
}

export function categoryCounts(files: number): Record<Category, number> {
  const counts = { terraform: 0, kubernetes: 0, code: 0, powerPlatform: 0, noise: 0 } as Record<Category, number>;
  let used = 0;
  for (const c of ['terraform', 'kubernetes', 'code', 'powerPlatform'] as const) {
    counts[c] = Math.round(files * SHARES[c]);
    used += counts[c];
  }
  counts.noise = Math.max(0, files - used);
  return counts;
}

/** Builds the corpus in memory (no I/O), so it can be checked and reused. */
export function buildCorpus(options: CorpusOptions): { files: OutFile[]; byCategory: Record<Category, number>; largeTerraform: string } {
  const total = Math.max(1, Math.floor(options.files));
  const rng = new Rng(options.seed ?? 1);
  const counts = categoryCounts(total);
  // Teams get deeper folders as the repo grows, like a real monorepo.
  const teamCount = Math.max(2, Math.min(TEAMS.length * 8, Math.ceil(total / 120)));
  const teams: string[] = [];
  for (let i = 0; i < teamCount; i++) teams.push(`teams/${TEAMS[i % TEAMS.length]}${i >= TEAMS.length ? `-${Math.floor(i / TEAMS.length)}` : ''}`);
  const folder = (): string => rng.pick(teams);

  const files: OutFile[] = [];
  let tfBudget = counts.terraform;
  if (tfBudget > 0) {
    files.push({ path: LARGE_TERRAFORM, content: largeTerraform(rng) });
    tfBudget--;
  }
  files.push(...terraformFiles(rng, tfBudget, folder));
  files.push(...kubernetesFiles(rng, counts.kubernetes, folder));
  files.push(...codeFiles(rng, counts.code, folder));
  files.push(...powerPlatformFiles(rng, counts.powerPlatform, folder));
  files.push(...noiseFiles(rng, counts.noise, folder));

  // Paths must be unique: a repeated random name gets a numeric suffix on its folder.
  const seen = new Set<string>();
  for (const f of files) {
    let p = f.path;
    for (let i = 2; seen.has(p); i++) p = f.path.replace(/\/([^/]+)$/, `/dup-${i}/$1`);
    f.path = p;
    seen.add(p);
  }
  // About one file in two hundred is broken on purpose (never the edit target or a binary).
  for (const f of files) {
    if (f.path !== LARGE_TERRAFORM && typeof f.content === 'string' && /\.(tf|ya?ml|json)$/.test(f.path) && rng.chance(0.005)) {
      f.content = truncate(rng, f.content);
      f.broken = true;
    }
  }
  return { files, byCategory: counts, largeTerraform: counts.terraform > 0 ? LARGE_TERRAFORM : '' };
}

/** Writes the corpus under `dir` (emptied first) and describes what it wrote. */
export function generateCorpus(dir: string, options: CorpusOptions): CorpusInfo {
  const built = buildCorpus(options);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  let ignored = 0;
  let broken = 0;
  const made = new Set<string>();
  for (const f of built.files) {
    const full = join(dir, ...f.path.split('/'));
    const parent = dirname(full);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(full, f.content);
    bytes += typeof f.content === 'string' ? Buffer.byteLength(f.content) : f.content.byteLength;
    if (f.path.split('/').includes('node_modules')) ignored++;
    if (f.broken) broken++;
  }
  return { root: dir, files: built.files.length, bytes, byCategory: built.byCategory, ignored, broken, largeTerraform: built.largeTerraform };
}

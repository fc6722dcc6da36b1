/**
 * The plain, serialisable types of the analysis core.
 *
 * Everything that crosses a stage boundary (parse → inventory → assess → evaluate → report)
 * and everything an adapter (VS Code, CLI) sees is one of these types. They hold only data:
 * no classes, no functions, no Maps — `JSON.stringify` of any of them is lossless.
 *
 * Positions are 0-based line / character (UTF-16 code units, like VS Code and LSP).
 * Paths are POSIX, relative to the scanned root (`infra/main.tf`); a file inside an archive
 * is `archive.zip!/inner/path.json`.
 */

// ───────────────────────────── vocabulary ─────────────────────────────

export const TIERS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8'] as const;
export type Tier = (typeof TIERS)[number];

export const ZONES = ['foundational', 'standard', 'advanced', 'high-assurance'] as const;
export type Zone = (typeof ZONES)[number];

export const MODIFIERS = ['exposure', 'dataSensitivity', 'autonomy', 'integrationPrivilege', 'physicalEffect'] as const;
export type ModifierId = (typeof MODIFIERS)[number];

export const RATINGS = ['low', 'medium', 'high'] as const;
export type Rating = (typeof RATINGS)[number];

export const DIMENSIONS = ['GOV', 'IAM', 'DAT', 'PRC', 'NET', 'SUP', 'MON'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The input kinds of CONTROLS.md "seen in". */
export const INPUT_KINDS = ['tf', 'k8s', 'pp', 'sf', 'code', 'manifests', 'ci', 'register'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

export const PROVIDERS = ['aws', 'azure', 'gcp', 'k8s', 'powerplatform', 'salesforce', 'code', 'github', 'generic'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Who a provision obliges (EN 304 223 stakeholders). */
export const STAKEHOLDERS = ['developer', 'system-operator', 'data-custodian', 'end-user', 'organisation'] as const;
export type Stakeholder = (typeof STAKEHOLDERS)[number];

export type Severity = 'error' | 'warning' | 'info';

// ───────────────────────────── positions ─────────────────────────────

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Location {
  file: string;
  range: Range;
}

/** Why something was concluded, and where a person can click to see it. */
export interface Evidence {
  file: string;
  range: Range;
  /** One sentence in plain words: "public_network_access_enabled = true". */
  why: string;
  factId?: string;
}

// ───────────────────────────── parse ─────────────────────────────

/**
 * A value read from a file. JSON-like, with two markers:
 * - `{ $ref: "aws_kms_key.main.arn" }` — a reference to another object, not resolved to a value;
 * - `{ $expr: "var.x ? 1 : 2" }` — an expression whose value could not be determined.
 * Unknown stays unknown: a detector must never treat `$expr` as "absent".
 */
export type FactValue = string | number | boolean | null | FactValue[] | FactObject;
export interface FactObject {
  [key: string]: FactValue;
}

export type FactKind =
  | 'resource' // terraform resource, a cloud object
  | 'data' // terraform data source
  | 'module' // terraform module call
  | 'variable'
  | 'locals'
  | 'output'
  | 'provider'
  | 'terraform'
  | 'k8s-object' // one Kubernetes / CRD object
  | 'helm-chart'
  | 'flow' // Power Automate / Logic Apps flow
  | 'bot' // Copilot Studio bot / agent, Agentforce bot
  | 'agent' // Agentforce planner, Copilot Studio agent definition
  | 'action' // an action / tool / connector use inside a flow or agent
  | 'connection' // connection reference
  | 'environment-variable'
  | 'dlp-policy'
  | 'import' // a code import of an AI package
  | 'call' // a notable call in code (client construction, agent creation, tool loop…)
  | 'dependency' // a dependency declared in a manifest
  | 'manifest' // a dependency manifest file itself (lockfile presence etc.)
  | 'marker' // a repository marker (AI-assisted development, MCP config…)
  | 'ci-workflow' // a CI pipeline definition
  | 'ci-step'
  | 'codeowners'
  | 'secret' // a secret-looking literal; its value is never stored, only its kind
  | 'register'; // the AI asset register

export interface Fact {
  /** Unique within a scan: `${file}#${address}`. */
  id: string;
  kind: FactKind;
  provider: Provider;
  /** Resource type / object kind / package name: `aws_sagemaker_endpoint`, `Deployment`, `openai`. */
  type: string;
  /** Readable address: `aws_sagemaker_endpoint.main`, `Deployment/ml/vllm`, `import openai`. */
  address: string;
  /** Name label where the input has one (`main`, metadata.name). */
  name?: string;
  file: string;
  /** Range of the whole object (block, document, import statement). */
  range: Range;
  /** Range of the object's name / header, used as the CodeLens anchor. */
  nameRange?: Range;
  /** Attributes, nested blocks as arrays of objects, maps as objects. */
  attributes: FactObject;
  /** Dot path (`vpc_config.subnet_ids`, `spec.template.spec.containers.0.image`) → range of that key and value. */
  attributeRanges?: Record<string, Range>;
  /** Grouping hints a parser knows: terraform module dir, k8s namespace, flow id, code service root. */
  scope?: string;
  /** Free-form hints for modifiers: `data:pii`, `data:payroll`, `exposure:public` … */
  hints?: string[];
  /** Addresses of other facts this one references (terraform references, k8s selectors…). */
  references?: string[];
}

export interface ParseProblem {
  file: string;
  range: Range;
  severity: Severity;
  /** Stable code: `parse/terraform-syntax`, `parse/yaml-alias-limit`, `scan/file-too-large`, `internal/detector` … */
  code: string;
  message: string;
}

export interface ParsedFile {
  file: string;
  kind: InputKind;
  /** Language id the editor knows the file by, when the parser knows it. */
  language?: string;
  facts: Fact[];
  problems: ParseProblem[];
  /** Content hash the facts were computed from (for caches). */
  hash?: string;
}

// ───────────────────────────── inventory ─────────────────────────────

export type WorkloadKind = 'terraform' | 'kubernetes' | 'power-platform' | 'salesforce' | 'code' | 'repository' | 'declared';

export interface WorkloadLink {
  to: string;
  why: string;
  evidence: Evidence[];
}

export interface Workload {
  /** Stable across unrelated edits: `<kind>:<root>:<anchor address>`. */
  id: string;
  name: string;
  kind: WorkloadKind;
  /** The folder the workload lives in (`infra/bedrock`). */
  root: string;
  /** Fact ids. */
  members: string[];
  /** Where the CodeLens badge goes. */
  anchor: Location;
  providers: Provider[];
  owner?: string;
  links: WorkloadLink[];
}

// ───────────────────────────── assess ─────────────────────────────

export interface TierSignal {
  tier: Tier;
  /** Plain words: "SageMaker real-time endpoint serves a model". */
  pattern: string;
  evidence: Evidence[];
}

export type ModifierSource = 'inferred' | 'declared' | 'default';

export interface ModifierRating {
  modifier: ModifierId;
  rating: Rating;
  source: ModifierSource;
  evidence: Evidence[];
  /** For declared ratings: the register's justification. */
  justification?: string;
}

export interface TierOverride {
  tier: Tier;
  justification: string;
  approver?: string;
}

export interface Assessment {
  workloadId: string;
  baselineTier: Tier;
  baselineEvidence: TierSignal[];
  modifiers: Record<ModifierId, ModifierRating>;
  highModifiers: ModifierId[];
  /** min(L8, baseline + number of High modifiers), or the register's override. */
  effectiveTier: Tier;
  zone: Zone;
  formalRiskAssessmentRequired: boolean;
  override?: TierOverride;
  /** Control ids required at the effective tier and applicable to the workload. */
  requiredControls: string[];
  results: ControlResult[];
  coverage: Coverage;
}

// ───────────────────────────── evaluate ─────────────────────────────

export type ControlStatus = 'met' | 'missing' | 'partial' | 'unresolved' | 'needs-evidence' | 'not-applicable';

export interface ControlResult {
  controlId: string;
  workloadId: string;
  status: ControlStatus;
  /** One sentence: what was found or missed. */
  summary: string;
  evidence: Evidence[];
  provisions: string[];
  stakeholders: Stakeholder[];
}

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  /** `safe`: may be applied without review of the edit (preferred quick-fix). */
  kind: 'safe' | 'unsafe';
  edits: TextEdit[];
}

export interface Suppression {
  kind: 'inline' | 'register';
  reason: string;
  expires?: string;
  approver?: string;
  location?: Location;
}

export interface Finding {
  /** Stable fingerprint: control + workload + file + anchor address (not line numbers). */
  id: string;
  controlId: string;
  workloadId: string;
  workloadName: string;
  status: 'missing' | 'partial' | 'unresolved';
  severity: Severity;
  effectiveTier: Tier;
  zone: Zone;
  /** The whole sentence: workload, tier and why, the missing control, the provisions. */
  message: string;
  /** The control's title. */
  title: string;
  /** Only what was found or missed at this place (no workload, tier or provisions). */
  detail: string;
  file: string;
  range: Range;
  provisions: string[];
  stakeholders: Stakeholder[];
  related: Evidence[];
  fixes: Fix[];
  suppressed?: Suppression;
  /** A note when a suppression has expired and the finding came back. */
  note?: string;
}

export interface Coverage {
  /** Provisions cited by the required controls. */
  applicable: string[];
  /** Of those, provisions whose every citing control is met or evidenced. */
  covered: string[];
  percent: number;
}

export interface StageTimings {
  [stage: string]: number;
}

export interface ScanResult {
  schemaVersion: 1;
  tool: { name: 'ai-risk-gradient'; version: string };
  root: string;
  filesScanned: number;
  workloads: Workload[];
  assessments: Assessment[];
  findings: Finding[];
  problems: ParseProblem[];
  coverage: Coverage;
  timings: StageTimings;
}

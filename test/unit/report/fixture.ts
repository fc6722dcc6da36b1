// A realistic, hand-made ScanResult for the report tests: four workloads at different tiers
// (a model endpoint raised to L8, an agent service at L6, a Power Automate flow inside a
// solution zip at L3, AI-assisted development at L2), with open, partial and unresolved
// findings, fixes, related evidence, one inline and one register suppression, parse problems
// and coverage computed the way the core computes it.
import { controlById } from '../../../src/core';
import { coverageOf, fingerprint, mergeCoverage, provisionLabel } from '../../../src/core/evaluate';
import type {
  Assessment,
  ControlResult,
  ControlStatus,
  Evidence,
  Finding,
  Fix,
  ModifierId,
  ModifierRating,
  Range,
  Rating,
  ScanResult,
  Severity,
  Stakeholder,
  Suppression,
  Tier,
  Workload,
  Zone,
} from '../../../src/core';
import { MODIFIERS, provisionById, zoneOf } from '../../../src/core';

export function range(line: number, character: number, endLine = line, endCharacter = character + 10): Range {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}

function stakeholders(provisions: readonly string[]): Stakeholder[] {
  const s = new Set<Stakeholder>();
  for (const p of provisions) for (const k of provisionById(p)?.stakeholders ?? []) s.add(k);
  return [...s].sort();
}

function mods(high: ModifierId[], medium: ModifierId[] = [], declared: ModifierId[] = []): Record<ModifierId, ModifierRating> {
  const out = {} as Record<ModifierId, ModifierRating>;
  for (const m of MODIFIERS) {
    const rating: Rating = high.includes(m) ? 'high' : medium.includes(m) ? 'medium' : 'low';
    out[m] = { modifier: m, rating, source: declared.includes(m) ? 'declared' : rating === 'low' ? 'default' : 'inferred', evidence: [] };
    if (declared.includes(m)) out[m].justification = 'Declared by the owner in the register.';
  }
  return out;
}

interface Gap {
  control: string;
  status: 'missing' | 'partial' | 'unresolved';
  severity: Severity;
  file: string;
  range: Range;
  anchor: string;
  detail: string;
  related?: Evidence[];
  fixes?: Fix[];
  suppressed?: Suppression;
  note?: string;
}

interface Spec {
  workload: Workload;
  baseline: Tier;
  high: ModifierId[];
  medium?: ModifierId[];
  declared?: ModifierId[];
  statuses: Record<string, ControlStatus>;
  gaps: Gap[];
}

function build(spec: Spec): { assessment: Assessment; findings: Finding[] } {
  const w = spec.workload;
  const effIndex = Math.min(8, Number(spec.baseline.slice(1)) + spec.high.length);
  const effectiveTier = `L${effIndex}` as Tier;
  const zone: Zone = zoneOf(effectiveTier);
  const results: ControlResult[] = Object.entries(spec.statuses).map(([controlId, status]) => {
    const c = controlById(controlId);
    if (!c) throw new Error(`fixture: unknown control ${controlId}`);
    return {
      controlId,
      workloadId: w.id,
      status,
      summary: status === 'met' ? 'Found what the control asks for.' : status === 'needs-evidence' ? 'No file can show this control; record evidence for it in the AI asset register.' : 'A gap was found.',
      evidence: [],
      provisions: c.provisions,
      stakeholders: stakeholders(c.provisions),
    };
  });
  const findings: Finding[] = spec.gaps.map((g) => {
    const c = controlById(g.control)!;
    const verb = g.status === 'unresolved' ? 'may lack' : g.status === 'partial' ? 'only partly has' : 'lacks';
    const raised = spec.high.length ? `, raised from ${spec.baseline} by high ${spec.high.join(', ')}` : '';
    const f: Finding = {
      id: fingerprint(`${c.id}|${w.id}|${g.file}|${g.anchor}|${g.status}`),
      controlId: c.id,
      workloadId: w.id,
      workloadName: w.name,
      status: g.status,
      severity: g.severity,
      effectiveTier,
      zone,
      message: `${w.name} (${effectiveTier} ${zone}${raised}) ${verb} ${c.id} ${c.title}: ${g.detail} Provisions: ${c.provisions.map(provisionLabel).join(', ')}.`,
      title: c.title,
      detail: g.detail,
      file: g.file,
      range: g.range,
      provisions: c.provisions,
      stakeholders: stakeholders(c.provisions),
      related: g.related ?? [],
      fixes: g.fixes ?? [],
    };
    if (g.suppressed) f.suppressed = g.suppressed;
    if (g.note) f.note = g.note;
    return f;
  });
  const assessment: Assessment = {
    workloadId: w.id,
    baselineTier: spec.baseline,
    baselineEvidence: [{ tier: spec.baseline, pattern: `pattern of ${spec.baseline}`, evidence: [{ file: w.anchor.file, range: w.anchor.range, why: `${w.name} anchor` }] }],
    modifiers: mods(spec.high, spec.medium, spec.declared),
    highModifiers: [...spec.high],
    effectiveTier,
    zone,
    formalRiskAssessmentRequired: spec.high.length >= 2,
    requiredControls: Object.keys(spec.statuses),
    results,
    coverage: coverageOf(results),
  };
  return { assessment, findings };
}

function workload(id: string, name: string, kind: Workload['kind'], root: string, file: string, r: Range, owner?: string): Workload {
  const w: Workload = { id, name, kind, root, members: [`${file}#${id.split(':').pop()}`], anchor: { file, range: r }, providers: [], links: [] };
  if (owner) w.owner = owner;
  return w;
}

export const ENDPOINT_TF = 'infra/sagemaker/main.tf';
export const AGENT_PY = 'services/assistant/agent.py';
export const FLOW_IN_ZIP = 'solutions/hr onboarding.zip!/Workflows/Onboarding-1234.json';

export function specs(): Spec[] {
  return [
    {
      workload: workload('terraform:infra/sagemaker:aws_sagemaker_endpoint.fraud', 'fraud-scoring endpoint', 'terraform', 'infra/sagemaker', ENDPOINT_TF, range(40, 0, 40, 44), 'ml-platform@example.com'),
      baseline: 'L7',
      high: ['exposure', 'dataSensitivity'],
      declared: ['dataSensitivity'],
      statuses: {
        'ARG-DAT-001': 'missing',
        'ARG-NET-001': 'unresolved',
        'ARG-DAT-004': 'met',
        'ARG-IAM-001': 'met',
        'ARG-MON-002': 'met',
        'ARG-MON-001': 'met',
        'ARG-MON-004': 'met',
        'ARG-SUP-002': 'met',
        'ARG-GOV-005': 'needs-evidence',
        'ARG-GOV-006': 'needs-evidence',
      },
      gaps: [
        {
          control: 'ARG-DAT-001',
          status: 'missing',
          severity: 'error',
          file: ENDPOINT_TF,
          range: range(12, 2, 12, 30),
          anchor: 'aws_sagemaker_endpoint_configuration.fraud',
          detail: 'the endpoint configuration sets no kms_key_arn, so the model volume uses the default key.',
          related: [
            { file: ENDPOINT_TF, range: range(10, 0, 18, 1), why: 'aws_sagemaker_endpoint_configuration.fraud has no kms_key_arn' },
            { file: 'infra/sagemaker/kms.tf', range: range(0, 0, 4, 1), why: 'aws_kms_key.models exists and could be used' },
          ],
          fixes: [{ title: 'Set kms_key_arn to aws_kms_key.models.arn', kind: 'safe', edits: [{ file: ENDPOINT_TF, range: range(11, 0, 11, 0), newText: '  kms_key_arn = aws_kms_key.models.arn\n' }] }],
        },
        {
          control: 'ARG-NET-001',
          status: 'unresolved',
          severity: 'warning',
          file: ENDPOINT_TF,
          range: range(25, 2, 25, 40),
          anchor: 'aws_sagemaker_model.fraud',
          detail: 'vpc_config.subnets comes from var.subnets, whose value is not known.',
        },
      ],
    },
    {
      workload: workload('code:services/assistant:import langchain', 'support assistant', 'code', 'services/assistant', AGENT_PY, range(0, 0, 0, 23), 'support-eng'),
      baseline: 'L5',
      high: ['autonomy'],
      medium: ['exposure', 'integrationPrivilege'],
      statuses: {
        'ARG-IAM-002': 'missing',
        'ARG-PRC-004': 'partial',
        'ARG-GOV-004': 'met',
        'ARG-MON-003': 'met',
        'ARG-PRC-003': 'met',
        'ARG-IAM-004': 'met',
        'ARG-GOV-008': 'needs-evidence',
        'ARG-PRC-005': 'not-applicable',
      },
      gaps: [
        {
          control: 'ARG-IAM-002',
          status: 'missing',
          severity: 'error',
          file: AGENT_PY,
          range: range(14, 10, 14, 61),
          anchor: 'secret:openai-api-key',
          detail: 'an OpenAI API key literal is written in the source (value not shown).',
          related: [{ file: AGENT_PY, range: range(14, 10, 14, 61), why: 'OpenAI API key literal (kind only; the value is never stored)' }],
          fixes: [
            {
              title: 'Read the key from the OPENAI_API_KEY environment variable',
              kind: 'unsafe',
              edits: [{ file: AGENT_PY, range: range(14, 10, 14, 61), newText: 'os.environ["OPENAI_API_KEY"]' }],
            },
          ],
        },
        {
          control: 'ARG-PRC-004',
          status: 'partial',
          severity: 'error',
          file: AGENT_PY,
          range: range(30, 4, 33, 5),
          anchor: 'call AgentExecutor',
          detail: 'the agent filters its input but passes model output to tools unchecked.',
        },
      ],
    },
    {
      workload: workload('power-platform:solutions/hr onboarding.zip:flow/onboarding', 'HR onboarding flow', 'power-platform', 'solutions', FLOW_IN_ZIP, range(2, 2, 2, 30)),
      baseline: 'L3',
      high: [],
      medium: ['dataSensitivity'],
      statuses: {
        'ARG-DAT-002': 'missing',
        'ARG-GOV-002': 'missing',
        'ARG-IAM-003': 'met',
        'ARG-PRC-002': 'met',
        'ARG-MON-006': 'met',
        'ARG-GOV-001': 'missing',
      },
      gaps: [
        {
          control: 'ARG-DAT-002',
          status: 'missing',
          severity: 'error',
          file: FLOW_IN_ZIP,
          range: range(8, 6, 8, 40),
          anchor: 'connector shared_sendmail',
          detail: 'no DLP policy in the export covers the Outlook connector this flow uses.',
          suppressed: { kind: 'register', reason: 'Tenant-wide DLP policy managed by the platform team (ticket SEC-118).', expires: '2027-03-31', approver: 'ciso@example.com' },
        },
        {
          control: 'ARG-GOV-002',
          status: 'missing',
          severity: 'error',
          file: FLOW_IN_ZIP,
          range: range(20, 6, 24, 7),
          anchor: 'action Send_an_email',
          detail: 'the flow sends employee data by e-mail with no approval step before it.',
          fixes: [{ title: 'Insert a Start and wait for an approval action', kind: 'unsafe', edits: [{ file: FLOW_IN_ZIP, range: range(19, 0, 19, 0), newText: '{"type":"OpenApiConnectionWebhook"}\n' }] }],
        },
        {
          control: 'ARG-GOV-001',
          status: 'missing',
          severity: 'warning',
          file: FLOW_IN_ZIP,
          range: range(2, 2, 2, 30),
          anchor: 'register',
          detail: 'the workload has no entry with an owner in ai-asset-register.yaml.',
          fixes: [{ title: 'Add the workload to ai-asset-register.yaml', kind: 'safe', edits: [{ file: 'ai-asset-register.yaml', range: range(3, 0, 3, 0), newText: '  - id: power-platform:solutions/hr onboarding.zip:flow/onboarding\n    owner: TODO\n' }] }],
        },
      ],
    },
    {
      workload: workload('repository:.:AGENTS.md', 'AI-assisted development', 'repository', '', 'AGENTS.md', range(0, 0, 0, 12), 'dev-leads'),
      baseline: 'L2',
      high: [],
      statuses: {
        'ARG-SUP-001': 'missing',
        'ARG-PRC-001': 'partial',
        'ARG-GOV-001': 'met',
      },
      gaps: [
        {
          control: 'ARG-SUP-001',
          status: 'missing',
          severity: 'warning',
          file: 'package.json',
          range: range(5, 4, 5, 30),
          anchor: 'dependency openai',
          detail: 'openai is declared with a caret range and no lockfile pins it.',
          suppressed: { kind: 'inline', reason: 'lockfile generated in the release job', location: { file: 'package.json', range: range(4, 4, 4, 60) } },
        },
        {
          control: 'ARG-PRC-001',
          status: 'partial',
          severity: 'warning',
          file: '.github/workflows/ci.yml',
          range: range(3, 0, 3, 12),
          anchor: 'workflow ci',
          detail: 'pull requests run tests but merge needs no review.',
          note: 'A suppression of this finding expired on 2026-06-30.',
        },
      ],
    },
  ];
}

export function fixtureResult(): ScanResult {
  const built = specs().map(build);
  const assessments = built.map((b) => b.assessment);
  return {
    schemaVersion: 1,
    tool: { name: 'ai-risk-gradient', version: '0.1.0' },
    root: 'acme-ml',
    filesScanned: 42,
    workloads: specs().map((s) => s.workload),
    assessments,
    findings: built.flatMap((b) => b.findings),
    problems: [
      { file: 'k8s/broken.yaml', range: range(6, 3, 6, 4), severity: 'error', code: 'parse/yaml-syntax', message: 'The YAML document could not be read: a mapping value is not allowed here.' },
      { file: 'data/huge.json', range: range(0, 0, 0, 0), severity: 'info', code: 'scan/file-too-large', message: 'Skipped: the file is larger than 5 MB.' },
    ],
    coverage: mergeCoverage(assessments.map((a) => a.coverage)),
    timings: { read: 3, parse: 12, link: 1, inventory: 1, assess: 1, evaluate: 2, total: 20 },
  };
}

/** An empty scan: no AI workloads at all. */
export function emptyResult(): ScanResult {
  return {
    schemaVersion: 1,
    tool: { name: 'ai-risk-gradient', version: '0.1.0' },
    root: 'empty',
    filesScanned: 3,
    workloads: [],
    assessments: [],
    findings: [],
    problems: [],
    coverage: { applicable: [], covered: [], percent: 100 },
    timings: {},
  };
}

/**
 * Required controls → results and findings. Each control's detectors for the input kinds of
 * the workload run over its facts; what they report becomes one ControlResult per control
 * and a Finding per missing / partial / unresolved place. Controls no file can show become
 * `needs-evidence` unless the register holds evidence for them.
 */
import { controlById, provisionById, zoneOf } from '../catalogue';
import type { ControlDef, DetectorContext, DetectorOutcome, FactQuery, RegisterView } from '../catalogue/types';
import type { ControlResult, ControlStatus, Coverage, Evidence, Fact, Finding, InputKind, ParseProblem, Severity, Stakeholder, Workload, Zone } from '../model';
import type { RegisterWorkload } from '../register/schema';
import type { Grading, Reuse } from '../assess';
import { kindsOf } from '../assess';
import { deepEqual, sameEntries, sameList } from '../equal';
import { DependencyIndex, recordRead, recordReads } from '../facts';

export interface SeverityOptions {
  /** Severity for a gap in the workload's own zone, or any gap of an advanced / high-assurance workload. */
  ownZone?: Severity;
  /** Severity for a gap in a lower zone of a standard or foundational workload. */
  lowerZone?: Severity;
  /** Per-control overrides (`off` drops the finding). */
  perControl?: Record<string, Severity | 'off'>;
}

export interface EvaluateInput {
  workloads: readonly Workload[];
  gradings: ReadonlyMap<string, Grading>;
  all: FactQuery;
  kindOf: (factId: string) => InputKind | undefined;
  text: (file: string) => string | undefined;
  registerEntries: ReadonlyMap<string, RegisterWorkload>;
  severity?: SeverityOptions;
  /** Only evaluate these controls (fixture tests). */
  onlyControls?: readonly string[];
  /** Problems from detectors that threw. */
  problems: ParseProblem[];
  today: string;
  /** The register fact, when the repository has a valid register. */
  registerFact?: Fact;
}

export interface Evaluation {
  results: Map<string, ControlResult[]>;
  findings: Finding[];
  coverage: Map<string, Coverage>;
}

const ORDER: Record<ControlStatus, number> = { missing: 5, partial: 4, unresolved: 3, 'needs-evidence': 2, met: 1, 'not-applicable': 0 };

/** One workload's part of an evaluation. */
export interface WorkloadEvaluation {
  results: ControlResult[];
  findings: Finding[];
  coverage: Coverage;
  /** Problems of detectors that threw on this workload. */
  problems: ParseProblem[];
}

/** What one evaluation remembers per workload so the next can reuse what an edit did not touch. */
export interface EvaluateMemo {
  byWorkload: Map<string, { workload: Workload; grading: Grading; entry: RegisterWorkload | undefined; registerFact: Fact | undefined; settings: string; deps: readonly string[]; value: WorkloadEvaluation }>;
  /** Workload id → the keys its detectors read (carried from one analysis to the next). */
  deps: DependencyIndex;
  /** The whole of the last evaluation: when nothing it read changed, it is the answer. */
  last?: {
    workloads: readonly Workload[];
    gradings: ReadonlyMap<string, Grading>;
    entries: ReadonlyMap<string, RegisterWorkload>;
    registerFact: Fact | undefined;
    settings: string;
    evaluation: Evaluation;
    problems: ParseProblem[];
  };
}

export function newEvaluateMemo(prev?: EvaluateMemo): EvaluateMemo {
  return { byWorkload: new Map(), deps: prev?.deps ?? new DependencyIndex() };
}

export function evaluate(input: EvaluateInput, reuse?: Reuse<EvaluateMemo>): Evaluation {
  const results = new Map<string, ControlResult[]>();
  const coverage = new Map<string, Coverage>();
  const findings: Finding[] = [];
  // Everything besides the workload that decides its outcome and is not read through `all`.
  const settings = JSON.stringify([input.severity ?? null, input.onlyControls ?? null, input.today]);
  const text = (file: string): string | undefined => {
    recordRead(`f:${file}`);
    return input.text(file);
  };
  const index = reuse?.next.deps;
  const dirty = reuse?.changed && index ? index.affected(reuse.changed) : undefined;
  // The same workloads and gradings (objects), no detector read changed, the same settings and
  // register: the same evaluation.
  const last = reuse?.prev?.last;
  if (
    reuse &&
    last &&
    dirty?.size === 0 &&
    last.gradings === input.gradings &&
    last.registerFact === input.registerFact &&
    last.settings === settings &&
    sameList(last.workloads, input.workloads) &&
    sameEntries(last.entries, input.registerEntries)
  ) {
    reuse.next.byWorkload = reuse.prev!.byWorkload;
    reuse.next.last = last;
    for (const x of last.problems) input.problems.push(x);
    return last.evaluation;
  }
  const problems: ParseProblem[] = [];
  for (const w of input.workloads) {
    const g = input.gradings.get(w.id);
    if (!g) continue;
    const entry = input.registerEntries.get(w.id);
    const old = reuse?.prev?.byWorkload.get(w.id);
    let value: WorkloadEvaluation;
    let deps: readonly string[];
    if (old && dirty && !dirty.has(w.id) && old.workload === w && old.grading === g && old.entry === entry && old.registerFact === input.registerFact && old.settings === settings) {
      value = old.value;
      deps = old.deps;
    } else {
      const read = new Set<string>();
      if (reuse?.computed) reuse.computed.evaluations++;
      value = recordReads(read, () => evaluateWorkload(w, g, { ...input, text }));
      deps = [...read];
      if (old && deepEqual(old.value, value)) value = old.value;
    }
    reuse?.next.byWorkload.set(w.id, { workload: w, grading: g, entry, registerFact: input.registerFact, settings, deps, value });
    index?.set(w.id, deps);
    for (const x of value.problems) problems.push(x);
    for (const x of value.findings) findings.push(x);
    results.set(w.id, value.results);
    coverage.set(w.id, value.coverage);
  }
  if (index && reuse?.prev) for (const id of reuse.prev.byWorkload.keys()) if (!reuse.next.byWorkload.has(id)) index.delete(id);
  for (const x of problems) input.problems.push(x);
  const evaluation = { results, findings, coverage };
  if (reuse) reuse.next.last = { workloads: input.workloads, gradings: input.gradings, entries: input.registerEntries, registerFact: input.registerFact, settings, evaluation, problems };
  return evaluation;
}

function evaluateWorkload(w: Workload, g: Grading, input: EvaluateInput): WorkloadEvaluation {
  const problems: ParseProblem[] = [];
  const findings: Finding[] = [];
  const facts = w.members.map((id) => input.all.byId(id)).filter((f): f is Fact => f !== undefined);
  const kinds = kindsOf(w, input.kindOf);
  const ctx: DetectorContext = {
    workload: w,
    assessment: { baselineTier: g.baselineTier, effectiveTier: g.effectiveTier, zone: g.zone, modifiers: g.modifiers, highModifiers: g.highModifiers },
    facts,
    allFacts: input.all,
    text: input.text,
    today: input.today,
    register: registerView(input.registerFact, input.registerEntries.get(w.id)),
  };
  const list: ControlResult[] = [];
  for (const id of g.requiredControls) {
    if (input.onlyControls && !input.onlyControls.includes(id)) continue;
    const control = controlById(id);
    if (!control) continue;
    const { result, outcomes } = evaluateControl(control, ctx, kinds, input.registerEntries.get(w.id), problems);
    list.push(result);
    for (const o of outcomes) {
      const f = toFinding(control, o, w, g, input.severity);
      if (f) findings.push(f);
    }
  }
  return { results: list, findings, coverage: coverageOf(list), problems };
}

function registerView(fact: Fact | undefined, entry: RegisterWorkload | undefined): RegisterView | undefined {
  if (!fact) return undefined;
  const list = Array.isArray(fact.attributes.workloads) ? fact.attributes.workloads : [];
  const index = entry ? list.findIndex((e) => typeof e === 'object' && e !== null && !Array.isArray(e) && e.name === entry.name && (e.id ?? null) === (entry.id ?? null)) : -1;
  return {
    file: fact.file,
    entry: entry && index >= 0 ? { index, owner: entry.owner, reviewDate: entry.reviewDate, status: entry.status, name: entry.name } : undefined,
    rangeOf: (path) => fact.attributeRanges?.[path],
  };
}

const stakeholderMemo = new WeakMap<readonly string[], { key: string; list: Stakeholder[] }>();

function stakeholdersOf(provisions: readonly string[]): Stakeholder[] {
  // A control's provision list is one array for the process; its stakeholders are computed once.
  const key = provisions.join(',');
  const memo = stakeholderMemo.get(provisions);
  if (memo && memo.key === key) return [...memo.list];
  const s = new Set<Stakeholder>();
  for (const p of provisions) for (const k of provisionById(p)?.stakeholders ?? []) s.add(k);
  const list = [...s].sort();
  stakeholderMemo.set(provisions, { key, list });
  return [...list];
}

/**
 * The result as one object literal. Node 20's V8 gives every object made by `{ ...base, more }`
 * (a spread followed by a property the source lacks) a hidden class and descriptor array of its
 * own, about 260 bytes in old space: 13 MB for the 51,000 results of a 10,000-file scan.
 */
function resultOf(base: Pick<ControlResult, 'controlId' | 'workloadId' | 'provisions' | 'stakeholders'>, status: ControlStatus, summary: string, evidence: Evidence[]): ControlResult {
  return { controlId: base.controlId, workloadId: base.workloadId, provisions: base.provisions, stakeholders: base.stakeholders, status, summary, evidence };
}

function evaluateControl(
  control: ControlDef,
  ctx: DetectorContext,
  kinds: Set<InputKind>,
  entry: RegisterWorkload | undefined,
  problems: ParseProblem[],
): { result: ControlResult; outcomes: DetectorOutcome[] } {
  const base = { controlId: control.id, workloadId: ctx.workload.id, provisions: control.provisions, stakeholders: stakeholdersOf(control.provisions) };
  const evidenced = entry?.evidence?.[control.id];
  const outcomes: DetectorOutcome[] = [];
  let ran = false;
  for (const d of control.detectors) {
    if (!kinds.has(d.kind) && d.kind !== 'register') continue;
    ran = true;
    try {
      outcomes.push(...d.evaluate(ctx));
    } catch (e) {
      problems.push({
        file: ctx.workload.anchor.file,
        range: ctx.workload.anchor.range,
        severity: 'warning',
        code: 'internal/detector',
        message: `The ${d.kind} check of ${control.id} failed on workload ${ctx.workload.name} and was skipped (${e instanceof Error ? e.message : String(e)}); the rest of the scan is complete.`,
      });
    }
  }
  if (outcomes.length > 0) {
    const worst = outcomes.reduce((a, o) => (ORDER[o.status] > ORDER[a] ? o.status : a), 'met' as ControlStatus);
    const gaps = outcomes.filter((o) => o.status !== 'met');
    const evidence: Evidence[] = outcomes.flatMap((o) => o.evidence ?? []);
    const summary = gaps.length > 0 ? gaps.map((o) => o.message).join(' ') : outcomes.map((o) => o.message).join(' ');
    return { result: resultOf(base, worst, summary, evidence), outcomes: gaps };
  }
  const canSeeFiles = control.seenIn.some((k) => k !== 'evidence' && k !== 'register' && kinds.has(k as InputKind));
  const evidenceBased = control.seenIn.includes('evidence') || control.seenIn.includes('register');
  if (evidenced) return { result: resultOf(base, 'met', `Evidence recorded in the register: ${evidenced}`, []), outcomes: [] };
  if (evidenceBased || (canSeeFiles && !ran)) {
    return {
      result: resultOf(
        base,
        'needs-evidence',
        evidenceBased ? 'No file can show this control; record evidence for it in the AI asset register.' : 'Not checked automatically for this input kind yet; record evidence in the AI asset register.',
        [],
      ),
      outcomes: [],
    };
  }
  return { result: resultOf(base, 'not-applicable', 'Nothing in this workload that the control applies to.', []), outcomes: [] };
}

const ZONE_RANK: Record<Zone, number> = { foundational: 1, standard: 2, advanced: 3, 'high-assurance': 4 };

function severityFor(control: ControlDef, g: Grading, status: DetectorOutcome['status'], opts: SeverityOptions | undefined): Severity | 'off' {
  const per = opts?.perControl?.[control.id];
  if (per) return per;
  const controlZone: Zone = control.zone === 'any' ? g.zone : control.zone;
  const own = controlZone === g.zone || ZONE_RANK[g.zone] >= ZONE_RANK.advanced;
  let sev: Severity = own ? (opts?.ownZone ?? 'error') : (opts?.lowerZone ?? 'warning');
  if (status === 'unresolved') sev = sev === 'error' ? 'warning' : 'info';
  return sev;
}

function describeTier(g: Grading): string {
  if (g.forced) return `checked at ${g.effectiveTier} ${zoneWord(g.zone)}`;
  const raised = g.highModifiers.length > 0 ? `, raised from ${g.baselineTier} by high ${g.highModifiers.map(modifierWord).join(', ')}` : '';
  const over = g.override ? ' (set in the register)' : '';
  return `${g.effectiveTier} ${zoneWord(g.zone)}${raised}${over}`;
}

export function modifierWord(m: string): string {
  return { exposure: 'exposure', dataSensitivity: 'data sensitivity', autonomy: 'autonomy', integrationPrivilege: 'integration privilege', physicalEffect: 'physical effect' }[m] ?? m;
}

function zoneWord(z: Zone): string {
  return z === 'high-assurance' ? 'high assurance' : z;
}

export function provisionLabel(id: string): string {
  const p = provisionById(id);
  return p ? `${id} (UK ${p.uk})` : id;
}

function toFinding(control: ControlDef, o: DetectorOutcome, w: Workload, g: Grading, opts: SeverityOptions | undefined): Finding | undefined {
  const severity = severityFor(control, g, o.status, opts);
  if (severity === 'off') return undefined;
  const location = o.location ?? w.anchor;
  // The control and what is wrong come first (the Problems panel cuts long lines), then the
  // workload and why it is at its tier, then the provisions.
  const lead = o.status === 'unresolved' ? 'Could not confirm' : o.status === 'partial' ? 'Partly met' : 'Missing';
  const message = `${lead} ${control.id} ${control.title}: ${o.message} — ${w.name}, ${describeTier(g)}. Provisions: ${control.provisions.map(provisionLabel).join(', ')}.`;
  const anchor = o.anchor ?? `${location.file}`;
  return {
    id: fingerprint(`${control.id}|${w.id}|${location.file}|${anchor}|${o.status}`),
    controlId: control.id,
    workloadId: w.id,
    workloadName: w.name,
    status: o.status === 'met' ? 'missing' : o.status,
    severity,
    effectiveTier: g.effectiveTier,
    zone: zoneOf(g.effectiveTier),
    message,
    title: control.title,
    detail: o.message,
    file: location.file,
    range: location.range,
    provisions: control.provisions,
    stakeholders: stakeholdersOf(control.provisions),
    related: o.evidence ?? [],
    fixes: o.fixes ?? [],
  };
}

/** FNV-1a 64-bit as hex: stable, dependency-free, good enough for fingerprints. */
export function fingerprint(s: string): string {
  // The 64-bit state as two 32-bit halves; multiplying by the prime 2^40 + 0x1b3 is
  // h * 0x1b3 + (h << 40), computed exactly with doubles (every product stays below 2^53).
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < s.length; i++) {
    lo = (lo ^ s.charCodeAt(i)) >>> 0;
    const t = lo * 0x1b3;
    const carry = Math.floor(t / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = t >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

export function coverageOf(results: readonly ControlResult[]): Coverage {
  const applicable = new Set<string>();
  const failing = new Set<string>();
  for (const r of results) {
    if (r.status === 'not-applicable') continue;
    for (const p of r.provisions) {
      applicable.add(p);
      if (r.status !== 'met') failing.add(p);
    }
  }
  const covered = [...applicable].filter((p) => !failing.has(p)).sort();
  const list = [...applicable].sort();
  return { applicable: list, covered, percent: list.length === 0 ? 100 : Math.round((covered.length / list.length) * 1000) / 10 };
}

/** Repository coverage: a provision is covered when it is covered in every workload where it applies. */
const failingMemo = new WeakMap<Coverage, string[]>();

/** The applicable provisions a coverage does not cover, once per coverage object (they never change). */
function failingOf(c: Coverage): string[] {
  let out = failingMemo.get(c);
  if (!out) {
    const covered = new Set(c.covered);
    failingMemo.set(c, (out = c.applicable.filter((p) => !covered.has(p))));
  }
  return out;
}

/**
 * The merged coverage of a changing list of coverages: each provision's count of coverages that
 * cite it and that leave it uncovered, so that replacing a few costs those few (mergeCoverage of
 * the whole list is the same answer).
 */
export class CoverageTally {
  private readonly cited = new Map<string, number>();
  private readonly failing = new Map<string, number>();
  private parts: readonly Coverage[] = [];
  private merged: Coverage | undefined;

  /** The merged coverage of `parts`; a list that differs from the last one in a few places costs those. */
  of(parts: readonly Coverage[]): Coverage {
    const last = this.parts;
    if (this.merged && last.length === parts.length) {
      let changed = 0;
      for (let i = 0; i < parts.length; i++) if (last[i] !== parts[i]) changed++;
      if (changed === 0) return this.merged;
      if (changed * 4 < parts.length) {
        for (let i = 0; i < parts.length; i++) if (last[i] !== parts[i]) {
          this.count(last[i], -1);
          this.count(parts[i], 1);
        }
        return this.finish(parts);
      }
    } else if (this.merged) {
      // Workloads came or went (a file commented out, say): the lists no longer line up by
      // position, so they are compared as multisets of coverage objects.
      const diff = new Map<Coverage, number>();
      for (const c of last) diff.set(c, (diff.get(c) ?? 0) - 1);
      for (const c of parts) diff.set(c, (diff.get(c) ?? 0) + 1);
      let moved = 0;
      for (const n of diff.values()) moved += Math.abs(n);
      if (moved * 4 < parts.length + last.length) {
        for (const [c, n] of diff) if (n !== 0) this.count(c, n);
        return this.finish(parts);
      }
    }
    this.cited.clear();
    this.failing.clear();
    for (const c of parts) this.count(c, 1);
    return this.finish(parts);
  }

  private count(c: Coverage, by: number): void {
    for (const p of new Set(c.applicable)) bump(this.cited, p, by);
    for (const p of new Set(failingOf(c))) bump(this.failing, p, by);
  }

  private finish(parts: readonly Coverage[]): Coverage {
    this.parts = parts;
    const list = [...this.cited.keys()].sort();
    const covered = list.filter((p) => !this.failing.has(p));
    this.merged = { applicable: list, covered, percent: list.length === 0 ? 100 : Math.round((covered.length / list.length) * 1000) / 10 };
    return this.merged;
  }
}

function bump(m: Map<string, number>, k: string, by: number): void {
  const n = (m.get(k) ?? 0) + by;
  if (n > 0) m.set(k, n);
  else m.delete(k);
}

export function mergeCoverage(all: readonly Coverage[]): Coverage {
  return new CoverageTally().of(all);
}


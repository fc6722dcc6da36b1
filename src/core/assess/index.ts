/**
 * Workloads → assessments: baseline tier from the strongest pattern, the five modifiers with
 * evidence (inferred, or declared in the register, which wins), the escalation rule, and
 * the controls the effective tier requires.
 */
import { escalate, requiredControlIds, tierIndex, zoneOf } from '../catalogue';
import type { FactQuery } from '../catalogue/types';
import type { Assessment, Evidence, InputKind, ModifierId, ModifierRating, Rating, Tier, TierSignal, Workload } from '../model';
import { MODIFIERS } from '../model';
import type { InputPlugin, ModifierSignal } from '../plugin';
import type { RegisterWorkload } from '../register/schema';
import { deepEqual, sameEntries, sameList } from '../equal';
import { DependencyIndex, recordReads } from '../facts';

export interface AssessInput {
  workloads: readonly Workload[];
  all: FactQuery;
  /** fact id → the input kind that produced it. */
  kindOf: (factId: string) => InputKind | undefined;
  plugins: readonly InputPlugin[];
  registerEntries: ReadonlyMap<string, RegisterWorkload>;
  /** Tests and fixtures: force the effective tier (every control up to it is required). */
  forceEffectiveTier?: Tier;
}

/** The part of an assessment decided before controls are evaluated. */
export type Grading = Omit<Assessment, 'results' | 'coverage' | 'requiredControls'> & {
  requiredControls: string[];
  /** The effective tier was forced by the caller (fixture tests), not derived. */
  forced?: boolean;
};

const RANK: Record<Rating, number> = { low: 0, medium: 1, high: 2 };

export function collectSignals(workload: Workload, input: AssessInput): { tiers: TierSignal[]; modifiers: ModifierSignal[] } {
  const tiers: TierSignal[] = [];
  const modifiers: ModifierSignal[] = [];
  const byKind = new Map(input.plugins.map((p) => [p.kind, p] as const));
  for (const id of workload.members) {
    const fact = input.all.byId(id);
    const kind = input.kindOf(id);
    const plugin = kind ? byKind.get(kind) : undefined;
    if (!fact || !plugin) continue;
    try {
      if (plugin.tierSignals) tiers.push(...plugin.tierSignals(fact, input.all));
      if (plugin.modifierSignals) modifiers.push(...plugin.modifierSignals(fact, input.all));
    } catch {
      // A signal bug in one fact must not stop the assessment of the rest.
    }
  }
  return { tiers, modifiers };
}

type Signals = { tiers: TierSignal[]; modifiers: ModifierSignal[] };

/** What one grading remembers so the next can reuse the work an edit did not touch (see Project). */
export interface AssessMemo {
  signals: Map<string, { workload: Workload; deps: readonly string[]; value: Signals }>;
  /** Workload id → the keys its signals read (carried from one analysis to the next). */
  signalDeps: DependencyIndex;
  gradings: Map<string, { workload: Workload; parts: readonly Signals[]; entry: RegisterWorkload | undefined; force: Tier | undefined; grading: Grading }>;
  /** The whole of the last grading: when nothing it read changed, its map is the answer. */
  last?: { workloads: readonly Workload[]; entries: ReadonlyMap<string, RegisterWorkload>; force: Tier | undefined; out: Map<string, Grading> };
}

export interface Reuse<M> {
  /** The previous analysis' memo. */
  prev?: M;
  /** Read keys whose answers changed since then (see `changeKeys` in facts.ts). */
  changed?: ReadonlySet<string>;
  /** Filled with this analysis' memo. */
  next: M;
  /** Counts what was computed rather than reused (for `Project.stats`). */
  computed?: { signals: number; gradings: number; evaluations: number };
}

export function newAssessMemo(prev?: AssessMemo): AssessMemo {
  return { signals: new Map(), gradings: new Map(), signalDeps: prev?.signalDeps ?? new DependencyIndex() };
}

/**
 * Grades every workload. With `reuse`, a workload whose object is the one graded last time and
 * none of whose signal reads changed keeps its signals; a grading whose workload, linked group's
 * signals and register entry are all the same objects as last time is kept as it was.
 */
export function gradeWorkloads(input: AssessInput, reuse?: Reuse<AssessMemo>): Map<string, Grading> {
  const signals = new Map<string, Signals>();
  const index = reuse?.next.signalDeps;
  const dirty = reuse?.changed && index ? index.affected(reuse.changed) : undefined;
  // The same workloads (objects), no signal read changed, the same register entries: the same gradings.
  const last = reuse?.prev?.last;
  if (reuse && last && dirty?.size === 0 && last.force === input.forceEffectiveTier && sameList(last.workloads, input.workloads) && sameEntries(last.entries, input.registerEntries)) {
    reuse.next.signals = reuse.prev!.signals;
    reuse.next.gradings = reuse.prev!.gradings;
    reuse.next.last = last;
    return last.out;
  }
  for (const w of input.workloads) {
    const old = reuse?.prev?.signals.get(w.id);
    let value: Signals;
    let deps: readonly string[];
    if (old && old.workload === w && dirty && !dirty.has(w.id)) {
      value = old.value;
      deps = old.deps;
    } else {
      const read = new Set<string>();
      if (reuse?.computed) reuse.computed.signals++;
      value = recordReads(read, () => collectSignals(w, input));
      deps = [...read];
      // Signals read again but unchanged keep the old object, so the grading below is reused.
      if (old && deepEqual(old.value, value)) value = old.value;
    }
    signals.set(w.id, value);
    reuse?.next.signals.set(w.id, { workload: w, deps, value });
    index?.set(w.id, deps);
  }
  if (index && reuse?.prev) for (const id of reuse.prev.signals.keys()) if (!reuse.next.signals.has(id)) index.delete(id);
  // Linked workloads are one system: they share tier signals and modifiers (highest wins).
  const groups = linkGroups(input.workloads);
  const out = new Map<string, Grading>();
  for (const w of input.workloads) {
    const group = groups.get(w.id) ?? [w.id];
    const parts = group.map((id) => signals.get(id)).filter((p): p is Signals => p !== undefined);
    const entry = input.registerEntries.get(w.id);
    const force = input.forceEffectiveTier;
    const old = reuse?.prev?.gradings.get(w.id);
    let g: Grading;
    if (old && old.workload === w && old.entry === entry && old.force === force && sameList(old.parts, parts)) g = old.grading;
    else {
      if (reuse?.computed) reuse.computed.gradings++;
      g = grade(
        w,
        parts.flatMap((p) => p.tiers),
        parts.flatMap((p) => p.modifiers),
        entry,
        force,
      );
      if (old && deepEqual(old.grading, g)) g = old.grading;
    }
    out.set(w.id, g);
    reuse?.next.gradings.set(w.id, { workload: w, parts, entry, force, grading: g });
  }
  if (reuse) reuse.next.last = { workloads: input.workloads, entries: input.registerEntries, force: input.forceEffectiveTier, out };
  return out;
}


function linkGroups(workloads: readonly Workload[]): Map<string, string[]> {
  const parent = new Map<string, string>(workloads.map((w) => [w.id, w.id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(x, r);
    return r;
  };
  for (const w of workloads) for (const l of w.links) if (parent.has(l.to)) parent.set(find(w.id), find(l.to));
  const groups = new Map<string, string[]>();
  for (const w of workloads) {
    const r = find(w.id);
    groups.set(r, [...(groups.get(r) ?? []), w.id]);
  }
  const out = new Map<string, string[]>();
  for (const members of groups.values()) for (const id of members) out.set(id, members);
  return out;
}

export function grade(w: Workload, signalled: TierSignal[], mods: ModifierSignal[], entry: RegisterWorkload | undefined, force?: Tier): Grading {
  let tiers = signalled;
  if (tiers.length === 0 && entry?.baseline) {
    tiers = [{ tier: entry.baseline, pattern: 'declared in the AI asset register', evidence: [{ file: w.anchor.file, range: w.anchor.range, why: `baseline: ${entry.baseline}` }] }];
  }
  let baselineTier: Tier = 'L1';
  for (const s of tiers) if (tierIndex(s.tier) > tierIndex(baselineTier)) baselineTier = s.tier;
  const baselineEvidence = dedupeSignals(tiers).sort((a, b) => tierIndex(b.tier) - tierIndex(a.tier));

  const modifiers = {} as Record<ModifierId, ModifierRating>;
  for (const m of MODIFIERS) {
    const declared = entry?.modifiers?.[m];
    if (declared) {
      modifiers[m] = { modifier: m, rating: declared.rating, source: 'declared', evidence: [], justification: declared.justification };
      continue;
    }
    const relevant = mods.filter((s) => s.modifier === m);
    if (relevant.length === 0) {
      modifiers[m] = { modifier: m, rating: 'low', source: 'default', evidence: [] };
      continue;
    }
    const top = relevant.reduce((acc, s) => (RANK[s.rating] > RANK[acc] ? s.rating : acc), 'low' as Rating);
    const evidence = dedupeEvidence(relevant.filter((s) => s.rating === top).flatMap((s) => s.evidence));
    modifiers[m] = { modifier: m, rating: top, source: 'inferred', evidence };
  }
  const ratings = Object.fromEntries(MODIFIERS.map((m) => [m, modifiers[m].rating])) as Record<ModifierId, Rating>;
  const esc = escalate(baselineTier, ratings);
  let effectiveTier = esc.effectiveTier;
  const override = entry?.tierOverride ? { tier: entry.tierOverride.tier, justification: entry.tierOverride.justification, approver: entry.tierOverride.approver } : undefined;
  if (override) effectiveTier = override.tier;
  if (force) effectiveTier = force;
  return {
    workloadId: w.id,
    baselineTier,
    baselineEvidence,
    modifiers,
    highModifiers: esc.highModifiers,
    effectiveTier,
    zone: zoneOf(effectiveTier),
    formalRiskAssessmentRequired: esc.formalRiskAssessmentRequired,
    override,
    requiredControls: requiredControlIds(effectiveTier, esc.highModifiers.length),
    ...(force ? { forced: true } : {}),
  };
}

function dedupeSignals(signals: TierSignal[]): TierSignal[] {
  const seen = new Set<string>();
  return signals.filter((s) => {
    const key = `${s.tier}|${s.pattern}|${s.evidence.map((e) => `${e.file}:${e.range.start.line}`).join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function dedupeEvidence(ev: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return ev.filter((e) => {
    const key = `${e.file}:${e.range.start.line}:${e.range.start.character}:${e.why}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function kindsOf(w: Workload, kindOf: (id: string) => InputKind | undefined): Set<InputKind> {
  const kinds = new Set<InputKind>();
  for (const id of w.members) {
    const k = kindOf(id);
    if (k) kinds.add(k);
  }
  return kinds;
}


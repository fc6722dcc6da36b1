/**
 * Types of the catalogue: the standard (principles, provisions) and the playbook (tiers,
 * modifiers, dimensions, controls) held as data. Detectors are functions over facts; they
 * live beside their control (`controls/<dim>/<slug>.<kind>.ts`) and are listed in the
 * control's `detectors`.
 */
import type {
  Assessment,
  Dimension,
  Evidence,
  Fact,
  Fix,
  InputKind,
  Location,
  ModifierId,
  Range,
  Provider,
  Rating,
  Stakeholder,
  Tier,
  Workload,
  Zone,
} from '../model';

export type Phase = 'design' | 'development' | 'deployment' | 'maintenance' | 'end-of-life';

export interface Principle {
  /** 1..13 */
  number: number;
  /** EN clause, e.g. `5.2.2`. */
  clause: string;
  title: string;
  phase: Phase;
  stakeholders: Stakeholder[];
}

export interface Provision {
  /** EN 304 223 designator, canonical id: `5.2.2-2`. */
  id: string;
  /** UK Code of Practice number: `6.2`. */
  uk: string;
  principle: number;
  stakeholders: Stakeholder[];
  modality: 'shall' | 'should';
  /** Our own one-line summary. */
  summary: string;
  /** Set when no control of the product can address it, with the reason. */
  outOfScope?: string;
}

export interface TierDef {
  tier: Tier;
  level: number;
  pattern: string;
  examples: string;
  riskDriver: string;
  zone: Zone;
}

export interface ModifierDef {
  id: ModifierId;
  title: string;
  scale: string;
  meaning: Record<Rating, string>;
}

export interface DimensionDef {
  id: Dimension;
  title: string;
  covers: string;
}

/** What a detector sees. Read-only views; detectors never parse. */
export interface DetectorContext {
  workload: Workload;
  assessment: Pick<Assessment, 'baselineTier' | 'effectiveTier' | 'zone' | 'modifiers' | 'highModifiers'>;
  /** The workload's member facts. */
  facts: readonly Fact[];
  /** Every fact of the scan, for account-level or cross-workload companions (a CloudTrail, a DLP policy). */
  allFacts: FactQuery;
  /** Text of a scanned file, for fix builders that need indentation. */
  text(file: string): string | undefined;
  /** Today as YYYY-MM-DD (review dates, expiries). */
  today: string;
  /** The AI asset register as it concerns this workload; undefined when the repository has none. */
  register?: RegisterView;
}

export interface RegisterView {
  file: string;
  /** The entry describing this workload, with its index in `workloads`. */
  entry?: { index: number; owner?: string; reviewDate?: string; status?: string; name: string };
  /** Range of a dot path in the register (`workloads.2.owner`), if present. */
  rangeOf(path: string): Range | undefined;
}

export interface FactQuery {
  all(): readonly Fact[];
  byType(type: string): readonly Fact[];
  byId(id: string): Fact | undefined;
  /** Facts whose address equals `address` (a terraform address is unique per module scope). */
  byAddress(address: string, scope?: string): readonly Fact[];
  /** Facts of one fact kind (`k8s-object`, `action`, `ci-step`…), in scan order. */
  byKind(kind: string): readonly Fact[];
}

/**
 * One conclusion of a detector about its control for one workload.
 * A detector returns nothing when the workload has nothing its input kind can judge.
 */
export interface DetectorOutcome {
  status: 'met' | 'missing' | 'partial' | 'unresolved';
  /** Plain words, without the workload or tier (the engine adds them). */
  message: string;
  /** Where the squiggle goes; required for missing / partial / unresolved. */
  location?: Location;
  /** An address or key that identifies the place independent of line numbers (for fingerprints). */
  anchor?: string;
  evidence?: Evidence[];
  fixes?: Fix[];
}

export interface Detector {
  kind: InputKind;
  /** Providers the detector speaks for (used to describe it in docs). */
  providers: Provider[];
  evaluate(ctx: DetectorContext): DetectorOutcome[];
}

export interface ControlDef {
  id: string;
  /** Older ids of this control; never reused for another control. */
  aliases?: string[];
  slug: string;
  title: string;
  dimension: Dimension;
  /** Lowest effective tier that requires it; `any` with `minHighModifiers` for ARG-GOV-005. */
  threshold: Tier | 'any';
  zone: Zone | 'any';
  /** Required whatever the tier once this many modifiers are High. */
  minHighModifiers?: number;
  provisions: string[];
  owasp: string[];
  /** Input kinds that can show it, or `evidence` when no file can. */
  seenIn: (InputKind | 'evidence')[];
  /** Per-cloud / per-platform implementation notes in plain words. */
  implementations: Partial<Record<'aws' | 'azure' | 'gcp' | 'k8s' | 'powerplatform' | 'salesforce' | 'code' | 'ci', string>>;
  /** Why the control matters at this tier, two or three sentences. */
  rationale: string;
  /** How to satisfy it, short steps. */
  remediation: string;
  /** Row of the playbook's translation table this control implements, if any. */
  playbookControl?: string;
  detectors: Detector[];
}

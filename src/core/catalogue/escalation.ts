/**
 * The escalation rule of the playbook, as pure functions.
 *
 * Each modifier rated High raises the effective tier by one level; two or more High mean at
 * least two levels up and a formal risk assessment. The effective tier never exceeds L8.
 * Controls are cumulative: every control whose threshold tier is at or below the effective
 * tier is required, plus the controls that apply once enough modifiers are High.
 */
import { MODIFIERS, type ModifierId, type Rating, type Tier } from '../model';
import { CONTROLS } from './controls/index';
import { tierFromIndex, tierIndex } from './tiers';

export interface Escalation {
  effectiveTier: Tier;
  /** The High modifiers, in the fixed modifier order. */
  highModifiers: ModifierId[];
  formalRiskAssessmentRequired: boolean;
}

/** Number of High modifiers from which a formal risk assessment is required. */
export const FORMAL_ASSESSMENT_HIGH_COUNT = 2;

export function escalate(baseline: Tier, ratings: Partial<Record<ModifierId, Rating>>): Escalation {
  const highModifiers = MODIFIERS.filter((m) => ratings[m] === 'high');
  const high = highModifiers.length;
  // One level per High; with two or more High at least two levels (already true when counting one per High).
  const raise = high >= FORMAL_ASSESSMENT_HIGH_COUNT ? Math.max(2, high) : high;
  const effective = Math.min(8, tierIndex(baseline) + raise);
  return {
    effectiveTier: tierFromIndex(effective),
    highModifiers,
    formalRiskAssessmentRequired: high >= FORMAL_ASSESSMENT_HIGH_COUNT,
  };
}

/**
 * Ids of the controls required at an effective tier, sorted: every control whose threshold is
 * at or below the tier, and every control whose `minHighModifiers` is reached.
 */
export function requiredControlIds(effectiveTier: Tier, highCount: number): string[] {
  const level = tierIndex(effectiveTier);
  const ids: string[] = [];
  for (const c of CONTROLS) {
    const byTier = c.threshold !== 'any' && tierIndex(c.threshold) <= level;
    const byHigh = c.minHighModifiers !== undefined && highCount >= c.minHighModifiers;
    if (byTier || byHigh) ids.push(c.id);
  }
  return ids;
}

import { ABILITY_LEVELS } from '@civic/contracts';
import { ParameterSet, ParameterValue } from '@civic/policy-params';

export type AbilityLevel = (typeof ABILITY_LEVELS)[number];

/** The four domains of the ability assessment (老年人能力评估) and each one's highest score. */
export const ABILITY_DOMAINS = {
  selfCare: 32,
  basicMotion: 16,
  mentalState: 16,
  perceptionAndSocial: 26,
} as const;
export type AbilityScores = Record<keyof typeof ABILITY_DOMAINS, number>;

/** Levels from best to worst with the parameter holding each one's lowest total; below the last, complete loss. */
const LEVEL_FLOORS: [AbilityLevel, string][] = [
  ['intact', 'elder.assessment.min_total.intact'],
  ['mild', 'elder.assessment.min_total.mild'],
  ['moderate', 'elder.assessment.min_total.moderate'],
  ['severe', 'elder.assessment.min_total.severe'],
];

export interface LevelDecision {
  total: number;
  level: AbilityLevel;
  /** The band parameters read, so the decision can be explained. */
  parameters: ParameterValue[];
}

/** The level the domain scores give on `date`: the first level whose dated lowest total the sum reaches. */
export function abilityLevel(scores: AbilityScores, params: ParameterSet, date: string): LevelDecision {
  const total = Object.values(scores).reduce((a, b) => a + b, 0);
  const parameters: ParameterValue[] = [];
  for (const [level, key] of LEVEL_FLOORS) {
    const floor = params.valueAt(key, date);
    parameters.push(floor);
    if (total >= (floor.value as number)) return { total, level, parameters };
  }
  return { total, level: 'complete-loss', parameters };
}

/** Severe or complete loss: the disability the care subsidy and the visit list read. */
export function isSeverelyDisabled(level: string | null | undefined): boolean {
  return level === 'severe' || level === 'complete-loss';
}

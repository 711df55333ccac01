import { ParameterSet, ParameterValue } from '@civic/policy-params';
import { isSeverelyDisabled } from './ability-level';

export interface CareSubsidyFacts {
  abilityLevel: string | null;
  economicStatus: string;
  livingSituation: string[];
}

/** The amount a care subsidy pays and the parameter it comes from. */
export interface CareSubsidyDecision {
  monthlyAmountFen: number;
  parameter: ParameterValue;
  basis: string;
}

/**
 * The care subsidy for an economically disadvantaged disabled elder (docs/domain.md §2): a severely
 * disabled elder in a dibao, low-income or extreme-poverty household gets the dibao/low-income amount; a severely
 * disabled childless elder otherwise the childless amount; anyone else none (null).
 */
export function careSubsidy(f: CareSubsidyFacts, params: ParameterSet, date: string): CareSubsidyDecision | null {
  if (!isSeverelyDisabled(f.abilityLevel)) return null;
  if (['dibao', 'low-income', 'extreme-poverty'].includes(f.economicStatus)) {
    const parameter = params.valueAt('elder.care_subsidy.dibao_low_income_disabled', date);
    return {
      monthlyAmountFen: parameter.value as number,
      parameter,
      basis: `Ability level ${f.abilityLevel} in a ${f.economicStatus} household.`,
    };
  }
  if (f.livingSituation.includes('childless')) {
    const parameter = params.valueAt('elder.care_subsidy.childless_or_veteran', date);
    return {
      monthlyAmountFen: parameter.value as number,
      parameter,
      basis: `Ability level ${f.abilityLevel}, childless elder.`,
    };
  }
  return null;
}

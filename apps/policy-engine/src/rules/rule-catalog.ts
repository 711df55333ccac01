import { charityReferralRule } from './charity-referral.rule';
import { deFactoUnsupportedRule } from './de-facto-unsupported.rule';
import { dibaoIncomeRule } from './dibao-income.rule';
import { disabilityLivingSubsidyRule } from './disability-living-subsidy.rule';
import { disabilityNursingSubsidyRule } from './disability-nursing-subsidy.rule';
import { educationAidRule } from './education-aid.rule';
import { elderCareSubsidyRule } from './elder-care-subsidy.rule';
import { elderVisitRule } from './elder-visit.rule';
import { expenditureHardshipRule } from './expenditure-hardship.rule';
import { extremePovertyRule } from './extreme-poverty.rule';
import { highAgeAllowanceRule } from './high-age-allowance.rule';
import { highAgeBandRule } from './high-age-band.rule';
import { lowIncomeRule } from './low-income.rule';
import { orphanRule } from './orphan.rule';
import { reverificationDueRule } from './reverification-due.rule';
import { Rule } from './rule';

/** Every rule version; several versions of one id must not overlap in time. */
export const RULES: readonly Rule[] = [
  dibaoIncomeRule,
  lowIncomeRule,
  extremePovertyRule,
  expenditureHardshipRule,
  disabilityLivingSubsidyRule,
  disabilityNursingSubsidyRule,
  highAgeAllowanceRule,
  highAgeBandRule,
  elderCareSubsidyRule,
  elderVisitRule,
  orphanRule,
  deFactoUnsupportedRule,
  educationAidRule,
  charityReferralRule,
  reverificationDueRule,
];

/** The rule ids, sorted. */
export const RULE_IDS = [...new Set(RULES.map((r) => r.id))].sort();

/** The version of each rule in force on `date`. */
export function rulesInForce(date: string, rules: readonly Rule[] = RULES): Rule[] {
  return rules.filter((r) => r.effectiveFrom <= date && (!r.effectiveTo || date <= r.effectiveTo));
}

// Expenditure-type hardship, the disability two subsidies and special-assistance referrals
// (docs/domain.md §1; plan 三（一）1-2).
import { multiplyFen } from '@civic/policy-params';
import { HouseholdMember, Schooling, totalRigidExpenditureFen } from '../households/household.model';
import { Assessment, MemberResult, perMember, ProgrammeResult } from './programme-result';
import { factReason, integerValue, paramReason, ratioValue, Reason, yuan } from './reason';

// Expenditure-type hardship household (支出型困难家庭): rigid spending over the last 12 months
// "达到或超过其家庭年可支配总收入一定比例" — at or above threshold_share × annual disposable income.
export function assessExpenditureHardship(a: Assessment): ProgrammeResult {
  const spending = totalRigidExpenditureFen(a.household.rigidExpenditure);
  const share = a.params.valueAt('assistance.expenditure_hardship.threshold_share', a.date);
  // Rounding the threshold up keeps "spending ≥ share × income" exact for integer spending.
  const thresholdFen = multiplyFen(a.annualIncomeFen, ratioValue(share), 'up');
  // With no income at all any rigid spending qualifies, but no spending never does.
  const eligible = spending > 0 && spending >= thresholdFen;
  const detail = `rigid spending ${yuan(spending)} in 12 months against ${share.value} × annual income ${yuan(a.annualIncomeFen)} = ${yuan(thresholdFen)}`;
  return {
    eligible,
    amount: null,
    reasons: [
      paramReason(
        eligible ? 'expenditure-hardship.at-or-above-threshold' : 'expenditure-hardship.below-threshold',
        share,
        detail,
      ),
    ],
  };
}

// Disability two subsidies (残疾人两项补贴): the living subsidy for disabled members of dibao or
// low-income households; the nursing subsidy for severe disability (level 1 to max_level), whatever
// the household income.
export function assessLivingSubsidy(a: Assessment, dibaoOrLowIncome: boolean): ProgrammeResult {
  const living = a.params.valueAt('disability.living_subsidy.monthly', a.date);
  const members = a.household.members.map((m): MemberResult => {
    const eligible = m.disabilityLevel !== null && dibaoOrLowIncome;
    const detail =
      m.disabilityLevel === null
        ? 'not disabled'
        : dibaoOrLowIncome
          ? `disability level ${m.disabilityLevel} in a dibao or low-income household`
          : 'household is neither dibao nor low-income';
    return memberResult(m, eligible, 'month', integerValue(living), [
      paramReason(`disability-living-subsidy.${eligible ? 'eligible' : 'not-eligible'}`, living, detail),
    ]);
  });
  return perMember(members, 'month');
}

export function assessNursingSubsidy(a: Assessment): ProgrammeResult {
  const nursing = a.params.valueAt('disability.nursing_subsidy.monthly', a.date);
  const maxLevel = a.params.valueAt('disability.nursing_subsidy.max_level', a.date);
  const members = a.household.members.map((m): MemberResult => {
    const eligible = m.disabilityLevel !== null && m.disabilityLevel <= integerValue(maxLevel);
    const detail =
      m.disabilityLevel === null
        ? 'not disabled'
        : `disability level ${m.disabilityLevel}; levels 1-${maxLevel.value} qualify`;
    const reasons = [
      paramReason(`disability-nursing-subsidy.${eligible ? 'eligible' : 'not-eligible'}`, maxLevel, detail),
    ];
    if (eligible)
      reasons.push(paramReason('disability-nursing-subsidy.amount', nursing, `${yuan(integerValue(nursing))} a month`));
    return memberResult(m, eligible, 'month', integerValue(nursing), reasons);
  });
  return perMember(members, 'month');
}

// Referrals to special assistance (专项救助), for hardship households only (dibao, low-income,
// extreme-poverty or expenditure-hardship).
const NOT_HARDSHIP = factReason(
  'referral.not-hardship-household',
  'household is not dibao, low-income, extreme-poverty or expenditure-hardship',
);

/** Medical aid: seriously ill members, or a household with medical spending in the last 12 months. */
export function assessMedicalAid(a: Assessment, hardship: boolean): ProgrammeResult {
  if (!hardship) return { eligible: false, amount: null, reasons: [NOT_HARDSHIP] };
  const members = a.household.members.map((m): MemberResult => ({
    personRef: m.personRef,
    eligible: m.seriousIllness,
    amount: null,
    reasons: [
      factReason(
        `medical-aid.${m.seriousIllness ? 'seriously-ill' : 'not-seriously-ill'}`,
        `serious illness: ${m.seriousIllness}`,
      ),
    ],
  }));
  const spending = a.household.rigidExpenditure.medical;
  return {
    eligible: members.some((m) => m.eligible) || spending > 0,
    amount: null,
    reasons: [factReason('medical-aid.household-medical-spending', `medical spending in 12 months ${yuan(spending)}`)],
    members,
  };
}

const STUDENT_AID_KEY: Partial<Record<Schooling, string>> = {
  middle: 'education.student_aid.middle_school',
  high: 'education.student_aid.high_school',
  university: 'education.student_aid.university',
};

/** Education aid: each middle-school, high-school or university student at the per-level yearly amount. */
export function assessEducationAid(a: Assessment, hardship: boolean): ProgrammeResult {
  if (!hardship) return { eligible: false, amount: null, reasons: [NOT_HARDSHIP] };
  const members = a.household.members.map((m): MemberResult => {
    const key = STUDENT_AID_KEY[m.schooling];
    if (!key)
      return memberResult(m, false, 'year', 0, [
        factReason('education-aid.no-aid-level', `schooling ${m.schooling} has no student-aid amount`),
      ]);
    const aid = a.params.valueAt(key, a.date);
    return memberResult(m, true, 'year', integerValue(aid), [
      paramReason('education-aid.student', aid, `${m.schooling} student: ${yuan(integerValue(aid))} a year`),
    ]);
  });
  return perMember(members, 'year');
}

/** Housing aid (dangerous-house renovation, 危房改造) for a hardship household living in a dangerous house. */
export function assessHousingAid(a: Assessment, hardship: boolean): ProgrammeResult {
  if (!hardship) return { eligible: false, amount: null, reasons: [NOT_HARDSHIP] };
  const dangerous = a.household.assets.dangerousHouse;
  return {
    eligible: dangerous,
    amount: null,
    reasons: [
      factReason(
        `housing-aid.${dangerous ? 'dangerous-house' : 'no-dangerous-house'}`,
        `lives in a dangerous house: ${dangerous}`,
      ),
    ],
  };
}

function memberResult(
  m: HouseholdMember,
  eligible: boolean,
  per: 'month' | 'year',
  fen: number,
  reasons: Reason[],
): MemberResult {
  return { personRef: m.personRef, eligible, amount: eligible ? { fen, per } : null, reasons };
}

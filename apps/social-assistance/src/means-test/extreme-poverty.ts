// Extreme poverty support (特困人员救助供养, docs/domain.md §1; plan 三（一）2): a person qualifies when all
// three "no"s hold — no labour capacity, no income, no legal supporter able to support (三无) — and
// the person is elderly, disabled, or a minor under the dated age limit (16 → 18 after the change).
// Monthly support = basic living standard (multiplier × dibao standard; 1760 yuan in 2020) + care
// standard (a share of the city minimum wage by self-care ability: full 5%, semi 60%, none 100%).
import { multiplyFen } from '@civic/policy-params';
import { annualIncomeFen, HouseholdMember, SelfCareAbility } from '../households/household.model';
import { ageGroups } from './age-groups';
import { Assessment, MemberResult, perMember, ProgrammeResult } from './programme-result';
import { factReason, integerValue, paramReason, ratioValue, Reason, yuan } from './reason';

const CARE_SHARE_KEY: Record<SelfCareAbility, string> = {
  full: 'assistance.extreme_poverty.care_share.full_self_care',
  semi: 'assistance.extreme_poverty.care_share.semi_self_care',
  none: 'assistance.extreme_poverty.care_share.no_self_care',
};

export function assessExtremePoverty(a: Assessment): ProgrammeResult {
  return perMember(
    a.household.members.map((m) => assessMember(a, m)),
    'month',
  );
}

function assessMember(a: Assessment, m: HouseholdMember): MemberResult {
  const failed: Reason[] = [];
  const held: Reason[] = [];
  const check = (ok: boolean, rule: string, detail: string) =>
    (ok ? held : failed).push(factReason(`${rule}.${ok ? 'met' : 'not-met'}`, detail));

  check(m.labourCapacity === 'none', 'extreme-poverty.no-labour-capacity', `labour capacity: ${m.labourCapacity}`);
  const income = annualIncomeFen(a.household.incomes, m.personRef);
  check(income === 0, 'extreme-poverty.no-income', `own income ${yuan(income)} a year`);
  check(
    !m.hasLegalSupporterAbleToSupport,
    'extreme-poverty.no-able-legal-supporter',
    m.hasLegalSupporterAbleToSupport ? 'a legal supporter is able to support' : 'no legal supporter able to support',
  );

  const groups = ageGroups(m.birthDate, a.date);
  const minorLimit = a.params.valueAt('assistance.extreme_poverty.minor_age_limit', a.date);
  const coveredMinor = groups.age < integerValue(minorLimit);
  const category = groups.elderly.member || m.disabilityLevel !== null || coveredMinor;
  (category ? held : failed).push(
    paramReason(
      `extreme-poverty.category.${category ? 'met' : 'not-met'}`,
      minorLimit,
      `aged ${groups.age}; elderly: ${groups.elderly.member}; disabled: ${m.disabilityLevel !== null}; minor under ${minorLimit.value}: ${coveredMinor}`,
    ),
  );
  if (failed.length > 0) return { personRef: m.personRef, eligible: false, amount: null, reasons: failed };

  const standardFen = integerValue(a.standard);
  const multiplier = a.params.valueAt('assistance.extreme_poverty.multiplier', a.date);
  // "不低于" (not lower than): both standards round up to the fen.
  const basicFen = multiplyFen(standardFen, ratioValue(multiplier), 'up');
  const wage = a.params.valueAt('labour.minimum_wage.monthly', a.date);
  const share = a.params.valueAt(CARE_SHARE_KEY[m.selfCareAbility], a.date);
  const careFen = multiplyFen(integerValue(wage), ratioValue(share), 'up');
  const reasons = [
    ...held,
    paramReason(
      'extreme-poverty.basic-standard',
      multiplier,
      `${multiplier.value} × dibao standard ${yuan(standardFen)} = ${yuan(basicFen)}`,
    ),
    paramReason('extreme-poverty.dibao-standard', a.standard, `dibao standard ${yuan(standardFen)}`),
    paramReason('extreme-poverty.care-share', share, `self-care ${m.selfCareAbility}: ${share.value} × minimum wage`),
    paramReason(
      'extreme-poverty.minimum-wage',
      wage,
      `${share.value} × ${yuan(integerValue(wage))} = ${yuan(careFen)}`,
    ),
  ];
  return { personRef: m.personRef, eligible: true, amount: { fen: basicFen + careFen, per: 'month' }, reasons };
}

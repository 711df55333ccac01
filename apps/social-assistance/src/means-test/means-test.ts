// The means test (docs/domain.md §1; plan 三（一）2-4): one household snapshot and one date in, every
// programme's eligibility, amount and reasons out, using only the parameters in force on that date.
//
// Rounding: income is kept as an exact annual integer in fen; eligibility compares exactly
// (per-capita monthly income x < standard s ⇔ annual < s × 12 × members). Amounts are rounded once,
// half-up to the fen, at the end. The reported per-capita monthly income is that exact value rounded
// half-up to the fen, for display only. The dibao and low-income income tests and the asset limit
// are libs/eligibility's, which the policy engine's rules use too, so both judge alike.
import {
  ASSET_LIMIT_KEY,
  assetsWithinLimit,
  dibaoGapMonthlyFen,
  dibaoStandardKey,
  householdMonthlyIncomeFen,
  incomeBelowStandard,
  LOW_INCOME_MULTIPLIER_KEY,
  lowIncomeCeilingFen,
  perCapitaMonthlyIncomeFen,
  withinLowIncomeBand,
} from '@civic/eligibility';
import { multiplyFen, ParameterLookupError, ParameterSet } from '@civic/policy-params';
import { annualIncomeFen, Household } from '../households/household.model';
import { assessExtremePoverty } from './extreme-poverty';
import { ageGroups } from './age-groups';
import { Assessment, MemberResult, ProgrammeResult } from './programme-result';
import { factReason, integerValue, paramReason, ratioValue, Reason, yuan } from './reason';
import {
  assessEducationAid,
  assessExpenditureHardship,
  assessHousingAid,
  assessLivingSubsidy,
  assessMedicalAid,
  assessNursingSubsidy,
} from './special-assistance';
import { assessTemporary, TemporaryRequest, TemporaryResult } from './temporary-assistance';

export interface MeansTestResult {
  householdId: string;
  date: string;
  memberCount: number;
  income: { annualFen: number; householdMonthlyFen: number; perCapitaMonthlyFen: number; rounding: 'half-up' };
  assets: { passed: boolean; reasons: Reason[] };
  programmes: {
    dibao: ProgrammeResult;
    'low-income': ProgrammeResult;
    'extreme-poverty': ProgrammeResult;
    temporary: TemporaryResult;
    'expenditure-hardship': ProgrammeResult;
    'disability-living-subsidy': ProgrammeResult;
    'disability-nursing-subsidy': ProgrammeResult;
  };
  referrals: { 'medical-aid': ProgrammeResult; 'education-aid': ProgrammeResult; 'housing-aid': ProgrammeResult };
}

/** Optional application facts: a temporary-assistance request is part of an application, not of the household. */
export interface MeansTestApplication {
  temporary?: TemporaryRequest;
}

/** Assesses `household` on `date` ('YYYY-MM-DD') against the parameters in force that day. */
export function meansTest(
  household: Household,
  date: string,
  params: ParameterSet,
  application: MeansTestApplication = {},
): MeansTestResult {
  const memberCount = household.members.length;
  if (memberCount === 0) throw new RangeError(`household ${household.householdId} has no members`);
  const a: Assessment = {
    household,
    date,
    params,
    memberCount,
    annualIncomeFen: annualIncomeFen(household.incomes),
    standard: params.valueAt(dibaoStandardKey(household.standardArea), date),
  };

  const assets = assetCheck(a);
  const dibao = attempt(date, () => assessDibao(a, assets.passed));
  const lowIncome = attempt(date, () => assessLowIncome(a, assets.passed));
  const extremePoverty = attempt(date, () => assessExtremePoverty(a));
  const expenditureHardship = attempt(date, () => assessExpenditureHardship(a));
  const dibaoOrLowIncome = dibao.eligible || lowIncome.eligible;
  // Expenditure-type hardship households are "treated like low-income for special and temporary
  // assistance" (docs/domain.md §1; plan 三（一）2: 参照低保低收入家庭落实专项社会救助和临时救助).
  const hardship = dibaoOrLowIncome || expenditureHardship.eligible || extremePoverty.eligible;

  return {
    householdId: household.householdId,
    date,
    memberCount,
    income: {
      annualFen: a.annualIncomeFen,
      householdMonthlyFen: householdMonthlyIncomeFen(a),
      perCapitaMonthlyFen: perCapitaMonthlyIncomeFen(a),
      rounding: 'half-up',
    },
    assets,
    programmes: {
      dibao,
      'low-income': lowIncome,
      'extreme-poverty': extremePoverty,
      temporary: attempt(date, () => assessTemporary(a, application.temporary, { dibaoOrLowIncome, hardship }), {
        assistanceType: null,
        kind: null,
      }),
      'expenditure-hardship': expenditureHardship,
      'disability-living-subsidy': attempt(date, () => assessLivingSubsidy(a, dibaoOrLowIncome)),
      'disability-nursing-subsidy': attempt(date, () => assessNursingSubsidy(a)),
    },
    referrals: {
      'medical-aid': attempt(date, () => assessMedicalAid(a, hardship)),
      'education-aid': attempt(date, () => assessEducationAid(a, hardship)),
      'housing-aid': attempt(date, () => assessHousingAid(a, hardship)),
    },
  };
}

// A programme whose rule has no parameter value yet on the date (e.g. the low-income multiplier,
// recorded from 2020) is reported as not assessable rather than failing the whole means test.
// An unknown key is a defect and still throws.
function attempt<T extends ProgrammeResult>(
  date: string,
  assess: () => T,
  extra: Omit<T, keyof ProgrammeResult> = {} as Omit<T, keyof ProgrammeResult>,
): T {
  try {
    return assess();
  } catch (e) {
    if (!(e instanceof ParameterLookupError) || e.reason !== 'no-value-yet') throw e;
    const reason: Reason = {
      rule: 'not-assessable',
      parameterKey: e.key,
      value: null,
      effectiveFrom: null,
      source: null,
      detail: `no value of ${e.key} in force on ${date}`,
    };
    return { eligible: false, amount: null, reasons: [reason], assessable: false, ...extra } as T;
  }
}

// Asset limits (docs/domain.md §1: "assets pass the limits" (parameter)): financial assets per member
// against the dated limit. The plan states no vehicle or housing limit and no dated parameter holds
// one, so those counts are shown to the caseworker as not assessed rather than judged against an
// invented limit; judging them needs new keys in libs/policy-params first.
function assetCheck(a: Assessment): { passed: boolean; reasons: Reason[] } {
  const { financialAssetsFen, vehicles, extraHousingUnits } = a.household.assets;
  const limit = a.params.valueAt(ASSET_LIMIT_KEY, a.date);
  const passed = assetsWithinLimit(financialAssetsFen, a.memberCount, integerValue(limit));
  const reasons = [
    paramReason(
      `assets.financial-per-capita.${passed ? 'within' : 'exceeded'}`,
      limit,
      `financial assets ${yuan(financialAssetsFen)} for ${a.memberCount} members against ${yuan(integerValue(limit))} per member`,
    ),
    factReason('assets.vehicles.not-assessed', `${vehicles} vehicle(s); no dated vehicle limit exists`),
    factReason(
      'assets.extra-housing.not-assessed',
      `${extraHousingUnits} extra dwelling(s); no dated housing limit exists`,
    ),
  ];
  return { passed, reasons };
}

// Dibao (最低生活保障): eligible when per-capita monthly income is below the standard and assets pass;
// benefit = (standard − per-capita income) × members, i.e. standard × members − household monthly
// income, plus classification supplements (分类救助金) as ratios of the standard.
function assessDibao(a: Assessment, assetsPassed: boolean): ProgrammeResult {
  const standardFen = integerValue(a.standard);
  const below = incomeBelowStandard(a, standardFen);
  const reasons: Reason[] = [
    paramReason(
      below ? 'dibao.income-below-standard' : 'dibao.income-not-below-standard',
      a.standard,
      `per-capita monthly income ${yuan(perCapitaMonthlyIncomeFen(a))} against standard ${yuan(standardFen)}`,
    ),
  ];
  if (!assetsPassed)
    reasons.push(factReason('dibao.assets-exceed-limits', 'household assets exceed a limit (see assets)'));
  if (!below || !assetsPassed) return { eligible: false, amount: null, reasons };

  const gapFen = dibaoGapMonthlyFen(a, standardFen);
  reasons.push(
    factReason('dibao.gap', `(${yuan(standardFen)} − per-capita income) × ${a.memberCount} members = ${yuan(gapFen)}`),
  );
  const members = a.household.members.map((m) =>
    supplement(a, m.personRef, m.birthDate, m.disabilityLevel !== null, m.seriousIllness, standardFen),
  );
  const supplementFen = members.reduce((sum, m) => sum + (m.amount?.fen ?? 0), 0);
  return { eligible: true, amount: { fen: gapFen + supplementFen, per: 'month' }, reasons, members };
}

// One supplement per member: when a member falls in several classes the highest ratio applies,
// so a disabled elderly member is not paid twice for the same need (就高不重复).
function supplement(
  a: Assessment,
  personRef: string,
  birthDate: string,
  disabled: boolean,
  ill: boolean,
  standardFen: number,
): MemberResult {
  const groups = ageGroups(birthDate, a.date);
  const classes = [
    groups.elderly.member && 'elderly',
    disabled && 'disabled',
    groups.minor.member && 'minor',
    ill && 'serious_illness',
  ].filter((c): c is string => typeof c === 'string');
  const candidates = classes.map((c) => {
    const p = a.params.valueAt(`assistance.dibao.supplement.${c}`, a.date);
    return { p, fen: multiplyFen(standardFen, ratioValue(p), 'half-up') };
  });
  if (candidates.length === 0)
    return {
      personRef,
      eligible: false,
      amount: null,
      reasons: [factReason('dibao.supplement.none', 'not elderly, disabled, a minor or seriously ill')],
    };
  const best = candidates.reduce((x, y) => (y.fen > x.fen ? y : x));
  const reasons = [
    paramReason(
      'dibao.supplement',
      best.p,
      `${best.p.value} × standard ${yuan(standardFen)} = ${yuan(best.fen)} (highest of: ${classes.join(', ')})`,
    ),
  ];
  const ageReason = groups.elderly.member ? groups.elderly.reason : groups.minor.member ? groups.minor.reason : null;
  if (ageReason) reasons.push(ageReason);
  return { personRef, eligible: true, amount: { fen: best.fen, per: 'month' }, reasons };
}

// Low-income household (低收入家庭): per-capita income above the standard and at most
// multiplier × standard (2020: 1101-1650), assets within the limits. No cash of its own.
function assessLowIncome(a: Assessment, assetsPassed: boolean): ProgrammeResult {
  const standardFen = integerValue(a.standard);
  const multiplier = a.params.valueAt(LOW_INCOME_MULTIPLIER_KEY, a.date);
  const inBand = withinLowIncomeBand(a, standardFen, ratioValue(multiplier));
  const reasons = [
    paramReason('low-income.standard', a.standard, `per-capita income must be above the standard ${yuan(standardFen)}`),
    paramReason(
      inBand ? 'low-income.within-band' : 'low-income.outside-band',
      multiplier,
      `per-capita monthly income ${yuan(perCapitaMonthlyIncomeFen(a))} against ceiling ${multiplier.value} × ${yuan(standardFen)} = ${yuan(lowIncomeCeilingFen(standardFen, ratioValue(multiplier)))}`,
    ),
  ];
  if (!assetsPassed)
    reasons.push(factReason('low-income.assets-exceed-limits', 'household assets exceed a limit (see assets)'));
  return { eligible: inBand && assetsPassed, amount: null, reasons };
}

// Maps the household snapshot to the contract payloads of assistance.household.* (libs/contracts).
// Events carry personRef and the masked ID only, never the raw number.
import {
  HouseholdAssets as AssetsPayload,
  HouseholdIncomeChangedV2Payload,
  HouseholdMember as MemberPayload,
  HouseholdMemberAddedV2Payload,
  HouseholdRegisteredV2Payload,
  MemberIncome,
} from '@civic/contracts';
import {
  divideHalfUp,
  HouseholdIncome,
  householdMonthlyIncomeFen,
  MONTHS_PER_YEAR,
  perCapitaMonthlyIncomeFen,
} from '@civic/eligibility';
import { annualIncomeFen, Household, HouseholdMember } from './household.model';

/** A stored household as the payloads need it: where it is, its snapshot and its members' masked IDs. */
export interface HouseholdRecord {
  householdId: string;
  town: string;
  village: string;
  snapshot: Household;
  maskedIds: Record<string, string>;
}

/** The household's income as the eligibility tests read it: exact annual fen and the member count. */
export function householdIncome(h: Household): HouseholdIncome {
  return { annualIncomeFen: annualIncomeFen(h.incomes), memberCount: Math.max(h.members.length, 1) };
}

/** Per-capita and household monthly income, from the exact annual figure, rounded half-up to the fen. */
export function monthlyIncome(h: Household): { totalMonthlyIncomeFen: number; perCapitaMonthlyIncomeFen: number } {
  const income = householdIncome(h);
  return {
    totalMonthlyIncomeFen: householdMonthlyIncomeFen(income),
    perCapitaMonthlyIncomeFen: perCapitaMonthlyIncomeFen(income),
  };
}

// What v2 of the household events adds for the policy engine: the standard area and the exact
// annual income, so its rules judge the household as the means test does.
function eligibilityFields(h: Household): { standardArea: Household['standardArea']; annualIncomeFen: number } {
  return { standardArea: h.standardArea, annualIncomeFen: annualIncomeFen(h.incomes) };
}

/** assistance.household.registered v2. */
export function registeredPayload(h: HouseholdRecord): HouseholdRegisteredV2Payload {
  const s = h.snapshot;
  const applicant = s.members.find((x) => x.relation === 'applicant') ?? s.members[0];
  return {
    householdId: h.householdId,
    town: h.town,
    village: h.village,
    hukouType: applicant.hukouType,
    members: s.members.map((x) => memberPayload(s, x, h.maskedIds[x.personRef])),
    assets: assetsPayload(s),
    ...monthlyIncome(s),
    ...eligibilityFields(s),
  };
}

/** assistance.household.member-added v2 for `personRef`, who has just joined `h`. */
export function memberAddedPayload(h: HouseholdRecord, personRef: string): HouseholdMemberAddedV2Payload {
  const s = h.snapshot;
  const member = s.members.find((x) => x.personRef === personRef)!;
  return {
    householdId: h.householdId,
    town: h.town,
    member: memberPayload(s, member, h.maskedIds[personRef]),
    memberCount: s.members.length,
    perCapitaMonthlyIncomeFen: monthlyIncome(s).perCapitaMonthlyIncomeFen,
    ...eligibilityFields(s),
  };
}

/** assistance.household.income-changed v2 for a change of income lines from `before` to `after`. */
export function incomeChangedPayload(
  before: Household,
  after: HouseholdRecord,
  effectiveDate: string,
): HouseholdIncomeChangedV2Payload {
  const s = after.snapshot;
  return {
    householdId: after.householdId,
    town: after.town,
    effectiveDate,
    incomes: incomeLines(s),
    memberCount: s.members.length,
    ...monthlyIncome(s),
    previousPerCapitaMonthlyIncomeFen: monthlyIncome(before).perCapitaMonthlyIncomeFen,
    ...eligibilityFields(s),
  };
}

export function memberPayload(h: Household, m: HouseholdMember, maskedId: string): MemberPayload {
  return {
    personRef: m.personRef,
    maskedId,
    birthDate: m.birthDate,
    sex: m.sex,
    // the contract names the applicant the head of the household
    relation: m.relation === 'applicant' ? 'head' : m.relation,
    ...(m.disabilityLevel !== null ? { disabilityLevel: m.disabilityLevel } : {}),
    labourCapacity: m.labourCapacity,
    seriousIllness: m.seriousIllness,
    ...(m.schooling !== 'none' ? { schooling: m.schooling } : {}),
    monthlyIncomeFen: divideHalfUp(annualIncomeFen(h.incomes, m.personRef), MONTHS_PER_YEAR),
  };
}

export function assetsPayload(h: Household): AssetsPayload {
  // housingUnits counts every dwelling: the one lived in plus the extra ones
  return {
    financialAssetsFen: h.assets.financialAssetsFen,
    vehicleCount: h.assets.vehicles,
    housingUnits: h.assets.extraHousingUnits + 1,
  };
}

/** Income lines as the contract states them: per member and source, monthly (annual lines ÷ 12, half-up). */
export function incomeLines(h: Household): MemberIncome[] {
  const sums = new Map<string, MemberIncome>();
  for (const line of h.incomes) {
    const key = `${line.personRef}|${line.source}`;
    const annual = line.period === 'monthly' ? line.amountFen * MONTHS_PER_YEAR : line.amountFen;
    const current = sums.get(key) ?? { personRef: line.personRef, source: line.source, monthlyIncomeFen: 0 };
    current.monthlyIncomeFen += annual;
    sums.set(key, current);
  }
  return [...sums.values()].map((l) => ({ ...l, monthlyIncomeFen: divideHalfUp(l.monthlyIncomeFen, MONTHS_PER_YEAR) }));
}

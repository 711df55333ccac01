// Maps the household snapshot to the contract payloads of assistance.household.* (libs/contracts).
// Events carry personRef and the masked ID only, never the raw number.
import { HouseholdAssets as AssetsPayload, HouseholdMember as MemberPayload, MemberIncome } from '@civic/contracts';
import { annualIncomeFen, Household, HouseholdMember, MONTHS_PER_YEAR } from './household.model';

/** Per-capita and household monthly income, from the exact annual figure, rounded half-up to the fen. */
export function monthlyIncome(h: Household): { totalMonthlyIncomeFen: number; perCapitaMonthlyIncomeFen: number } {
  const annual = annualIncomeFen(h.incomes);
  const members = Math.max(h.members.length, 1);
  return {
    totalMonthlyIncomeFen: divideHalfUp(annual, MONTHS_PER_YEAR),
    perCapitaMonthlyIncomeFen: divideHalfUp(annual, MONTHS_PER_YEAR * members),
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

/** n / d rounded half-up, for non-negative integers. */
export function divideHalfUp(n: number, d: number): number {
  return Math.floor((2 * n + d) / (2 * d));
}

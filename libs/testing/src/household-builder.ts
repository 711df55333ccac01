import { checkCharacter } from '@civic/identity';

// Test data for a social-assistance household, in one place so every suite that registers one
// (social-assistance, the policy engine beside it, the hub's death flows) sends the same valid
// body and a change to the registration contract is made once.

/** A town (镇街) and a village (村居) of Zhongshan for test households. */
export const TEST_TOWN = '442000100';
export const TEST_VILLAGE = '442000100001';

/** A member's attributes when the test does not care: a local, able-bodied adult applicant with a supporter. */
export const MEMBER_DEFAULTS = {
  relation: 'applicant',
  hukou: { townCode: TEST_TOWN, villageCode: TEST_VILLAGE },
  hukouType: 'local',
  labourCapacity: 'full',
  disabilityLevel: null,
  seriousIllness: false,
  schooling: 'none',
  selfCareAbility: 'full',
  hasLegalSupporterAbleToSupport: true,
} as const;

/** A valid resident ID number (GB 11643-1999) for tests: Zhongshan region, the given birth date and sequence. */
export function residentIdNumber(birthDate: string, sequence: number): string {
  const first17 = `442000${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** The i-th of a run of distinct valid numbers (benchmarks): 1,000 per birth date, dates from 1930-01-01. */
export function residentIdNumberAt(i: number): string {
  const birth = new Date(Date.UTC(1930, 0, 1) + Math.floor(i / 1000) * 86_400_000).toISOString().slice(0, 10);
  return residentIdNumber(birth, i % 1000);
}

/** A member body for POST /households; override what the test needs. */
export function memberBody(idNumber: string, overrides: Record<string, unknown> = {}) {
  return { idNumber, ...MEMBER_DEFAULTS, incomes: [], ...overrides };
}

/**
 * A household body for POST /households: an applicant earning 600 yuan a month and a child at
 * middle school, urban, 1,000 yuan of savings — 300 yuan per person, eligible for dibao under
 * the 2020-2025 standards.
 */
export function householdBody(ids: [string, string], overrides: Record<string, unknown> = {}) {
  return {
    town: TEST_TOWN,
    village: TEST_VILLAGE,
    standardArea: 'urban',
    members: [
      memberBody(ids[0], { incomes: [{ source: 'wages', period: 'monthly', amountFen: 60000 }] }),
      memberBody(ids[1], { relation: 'child', labourCapacity: 'none', schooling: 'middle' }),
    ],
    assets: { financialAssetsFen: 100000, vehicles: 0, extraHousingUnits: 0, dangerousHouse: false },
    ...overrides,
  };
}

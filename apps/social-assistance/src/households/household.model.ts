// The household snapshot the means test reads (docs/domain.md "People, households and identity").
// A snapshot is the household as known on one date: no history, no I/O, no raw ID numbers —
// members are identified by personRef only.
import type { StandardArea } from '@civic/contracts';
import { MONTHS_PER_YEAR } from '@civic/eligibility';

export type Sex = 'male' | 'female';
export type Relation = 'applicant' | 'spouse' | 'child' | 'parent' | 'grandparent' | 'grandchild' | 'sibling' | 'other';
/** 户籍 or 非户籍: the plan (三（一）2) extends assistance to non-local household members. */
export type HukouType = 'local' | 'non-local';
/** Which dibao standard applies (城镇 / 农村); the two standards are kept as separate parameters. */
export type { StandardArea };
export type LabourCapacity = 'full' | 'partial' | 'none';
/** Disability certificate level: 1 is the most severe. */
export type DisabilityLevel = 1 | 2 | 3 | 4;
export type Schooling = 'none' | 'preschool' | 'primary' | 'middle' | 'high' | 'university';
export type SelfCareAbility = 'full' | 'semi' | 'none';

export interface HouseholdMember {
  personRef: string;
  birthDate: string; // YYYY-MM-DD
  sex: Sex;
  relation: Relation;
  hukou: { townCode: string; villageCode: string };
  hukouType: HukouType;
  labourCapacity: LabourCapacity;
  disabilityLevel: DisabilityLevel | null;
  seriousIllness: boolean;
  schooling: Schooling;
  selfCareAbility: SelfCareAbility;
  /** 法定赡养、抚养、扶养义务人 who exists and is able to support this member. */
  hasLegalSupporterAbleToSupport: boolean;
}

export type IncomeSource = 'wages' | 'business' | 'property' | 'transfer' | 'pension' | 'other';

/** One income line; `period` says whether amountFen is a monthly or an annual amount. */
export interface Income {
  personRef: string;
  source: IncomeSource;
  period: 'monthly' | 'annual';
  amountFen: number;
}

export interface HouseholdAssets {
  financialAssetsFen: number;
  vehicles: number;
  /** Dwellings beyond the one the household lives in. */
  extraHousingUnits: number;
  /** A dangerous house (危房) qualifies a hardship household for the housing-aid referral. */
  dangerousHouse: boolean;
}

/** Rigid spending (刚性支出) in the 12 months up to the snapshot date, in fen, by cause. */
export interface RigidExpenditureLast12Months {
  medical: number;
  education: number;
  rehabilitation: number;
  disaster: number;
  accident: number;
}

export interface Household {
  householdId: string;
  standardArea: StandardArea;
  members: HouseholdMember[];
  incomes: Income[];
  assets: HouseholdAssets;
  rigidExpenditure: RigidExpenditureLast12Months;
}

/**
 * Income expressed as an exact annual integer in fen: monthly lines × 12 plus annual lines.
 * Dividing by 12 only at the point of use keeps annual income "converted to monthly exactly".
 */
export function annualIncomeFen(incomes: readonly Income[], personRef?: string): number {
  let total = 0;
  for (const line of incomes) {
    if (personRef !== undefined && line.personRef !== personRef) continue;
    total += line.period === 'monthly' ? line.amountFen * MONTHS_PER_YEAR : line.amountFen;
  }
  return total;
}

export function totalRigidExpenditureFen(spending: RigidExpenditureLast12Months): number {
  return spending.medical + spending.education + spending.rehabilitation + spending.disaster + spending.accident;
}

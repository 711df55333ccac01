// Who counts as elderly or a minor on the assessment date. These ages are statutory definitions,
// not policy values the plan sets: 老年人权益保障法 第二条 (elderly: 60 and over) and 民法典 第十七条
// (minor: under 18). The extreme-poverty minor age, which the plan does change (16 → 18), is a
// dated parameter read in extreme-poverty.ts.
import { ageOn } from '@civic/calendar';
import { factReason, Reason } from './reason';

const ELDERLY_FROM_AGE = 60; // 老年人权益保障法 第二条
const ADULT_FROM_AGE = 18; // 民法典 第十七条

/** The statutory ages at which a person's group changes (an amount may change the month after). */
export const AGE_GROUP_LIMITS: readonly number[] = [ADULT_FROM_AGE, ELDERLY_FROM_AGE];

export interface AgeGroups {
  age: number;
  elderly: { member: boolean; reason: Reason };
  minor: { member: boolean; reason: Reason };
}

/** Age on `date` and whether that makes the person elderly or a minor, with the reasons. */
export function ageGroups(birthDate: string, date: string): AgeGroups {
  const age = ageOn(birthDate, date);
  return {
    age,
    elderly: {
      member: age >= ELDERLY_FROM_AGE,
      reason: factReason('age.elderly', `aged ${age}; elderly from ${ELDERLY_FROM_AGE} (老年人权益保障法 第二条)`),
    },
    minor: {
      member: age < ADULT_FROM_AGE,
      reason: factReason('age.minor', `aged ${age}; a minor under ${ADULT_FROM_AGE} (民法典 第十七条)`),
    },
  };
}

import { ECONOMIC_STATUSES, ElderRegisteredV1Payload, LIVING_SITUATIONS } from '@civic/contracts';
import { ProblemException } from '@civic/platform';
import { EntityManager } from 'typeorm';
import { needsMonthlyVisit } from '../rules/visit-tasks';

export type LivingSituation = (typeof LIVING_SITUATIONS)[number];
export type EconomicStatus = (typeof ECONOMIC_STATUSES)[number];

/** An elder as stored; never holds the raw ID number (only its encrypted form stays in the table). */
export interface Elder {
  elderId: string;
  personRef: string;
  maskedId: string;
  birthDate: string;
  sex: 'male' | 'female';
  town: string;
  village: string;
  livingSituation: LivingSituation[];
  economicStatus: EconomicStatus;
  contacts: { name: string; relation: string; phone: string }[];
  socialWorker: string | null;
  abilityLevel: string | null;
  nextAssessmentDue: string | null;
  status: 'active' | 'deceased';
  deathDate: string | null;
  /** The business date of registration: no allowance is granted for days before it. */
  registeredOn: string;
}

export const ELDER_COLUMNS = `elder_id, person_ref, masked_id, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, sex, town, village,
  living_situation, economic_status, contacts, social_worker, ability_level,
  to_char(next_assessment_due, 'YYYY-MM-DD') AS next_assessment_due, status, to_char(death_date, 'YYYY-MM-DD') AS death_date,
  to_char(registered_on, 'YYYY-MM-DD') AS registered_on`;

export function elderOf(r: Record<string, any>): Elder {
  return {
    elderId: r.elder_id,
    personRef: r.person_ref,
    maskedId: r.masked_id,
    birthDate: r.birth_date,
    sex: r.sex,
    town: r.town,
    village: r.village,
    livingSituation: r.living_situation,
    economicStatus: r.economic_status,
    contacts: r.contacts,
    socialWorker: r.social_worker,
    abilityLevel: r.ability_level,
    nextAssessmentDue: r.next_assessment_due,
    status: r.status,
    deathDate: r.death_date,
    registeredOn: r.registered_on,
  };
}

/** Reads one elder (locked for update when `lock`), or 404 naming it. */
export async function loadElder(m: EntityManager, elderId: string, lock = false): Promise<Elder> {
  const rows = await m.query(`SELECT ${ELDER_COLUMNS} FROM elder WHERE elder_id = $1${lock ? ' FOR UPDATE' : ''}`, [
    elderId,
  ]);
  if (!rows.length) throw ProblemException.notFound('elder', elderId);
  return elderOf(rows[0]);
}

/** The elder named by a request body: an unknown one is a 400 on `elderId`, not a 404 of the route. */
export async function elderInBody(m: EntityManager, elderId: string, lock = false): Promise<Elder> {
  return loadElder(m, elderId, lock).catch((e: unknown) => {
    if (e instanceof ProblemException && e.getStatus() === 404)
      throw ProblemException.invalidField('elderId', 'elder.registered', `elderId: elder ${elderId} not found`);
    throw e;
  });
}

/** 409 when the elder died: nothing more is recorded for them. */
export function assertAlive(e: Elder): void {
  if (e.status === 'deceased')
    throw ProblemException.conflict(`elder ${e.elderId} died on ${e.deathDate}; nothing more is recorded`, {
      elderId: e.elderId,
    });
}

export function registeredPayload(e: Elder): ElderRegisteredV1Payload {
  return {
    elderId: e.elderId,
    personRef: e.personRef,
    maskedId: e.maskedId,
    birthDate: e.birthDate,
    sex: e.sex,
    town: e.town,
    village: e.village,
    livingSituation: e.livingSituation,
    economicStatus: e.economicStatus,
    monthlyVisitRequired: needsMonthlyVisit(e),
  };
}

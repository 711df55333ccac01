import { ProblemException } from '@civic/platform';
import { EntityManager } from 'typeorm';
import { CareMode, ChildCategory } from '../categories/category-rules';

/** A child as stored, dates as 'YYYY-MM-DD'. */
export interface ChildRow {
  childId: string;
  personRef: string;
  maskedId: string;
  birthDate: string;
  sex: 'male' | 'female';
  town: string;
  village: string;
  motherRef: string | null;
  fatherRef: string | null;
  careMode: CareMode;
  disabledOrIll: boolean;
  householdInPoverty: boolean;
  category: ChildCategory;
  categoryBasis: string;
  categoryFrom: string;
  status: 'active' | 'aged-out' | 'deceased';
  ageOutDate: string;
  guardianship: string;
  guardianRef: string | null;
  guardianshipReviewDue: string | null;
}

export const CHILD_COLUMNS = `c.child_id AS "childId", c.person_ref AS "personRef", p.masked_id AS "maskedId",
  to_char(c.birth_date, 'YYYY-MM-DD') AS "birthDate", c.sex, c.town, c.village, c.mother_ref AS "motherRef",
  c.father_ref AS "fatherRef", c.care_mode AS "careMode", c.disabled_or_ill AS "disabledOrIll",
  c.household_in_poverty AS "householdInPoverty", c.category, c.category_basis AS "categoryBasis",
  to_char(c.category_from, 'YYYY-MM-DD') AS "categoryFrom", c.status, to_char(c.age_out_date, 'YYYY-MM-DD') AS "ageOutDate",
  c.guardianship, c.guardian_ref AS "guardianRef", to_char(c.guardianship_review_due, 'YYYY-MM-DD') AS "guardianshipReviewDue"`;

export const CHILD_FROM = `child c JOIN person p ON p.person_ref = c.person_ref`;

/** The child, locked for update when `lock`; 404 when unknown. */
export async function loadChild(m: EntityManager, childId: string, lock = false): Promise<ChildRow> {
  const rows: ChildRow[] = await m.query(
    `SELECT ${CHILD_COLUMNS} FROM ${CHILD_FROM} WHERE c.child_id = $1 ${lock ? 'FOR UPDATE OF c' : ''}`,
    [childId],
  );
  if (rows.length === 0) throw ProblemException.notFound('child', childId);
  return rows[0];
}

import { ProblemException } from '@civic/platform';
import { EntityManager } from 'typeorm';

export interface AdoptionRow {
  adoptionId: string;
  childRef: string;
  childMaskedId: string;
  town: string;
  adoptiveMotherRef: string | null;
  adoptiveFatherRef: string | null;
  status: 'assessment' | 'suitable' | 'unsuitable' | 'registered';
  assessmentNote: string | null;
  assessedBy: string | null;
  registeredOn: string | null;
}

export async function loadAdoption(m: EntityManager, adoptionId: string, lock = false): Promise<AdoptionRow> {
  const rows = await m.query(
    `SELECT adoption_id AS "adoptionId", child_ref AS "childRef", child_masked_id AS "childMaskedId", town,
       adoptive_mother_ref AS "adoptiveMotherRef", adoptive_father_ref AS "adoptiveFatherRef", status,
       assessment_note AS "assessmentNote", assessed_by AS "assessedBy", to_char(registered_on, 'YYYY-MM-DD') AS "registeredOn"
     FROM adoption WHERE adoption_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [adoptionId],
  );
  if (rows.length === 0) throw ProblemException.notFound('adoption', adoptionId);
  return rows[0];
}

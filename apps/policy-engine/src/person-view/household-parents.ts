import { EntityManager } from 'typeorm';

// Parent → child links read from a social-assistance household (relations are to the head, as in
// libs/contracts RELATIONS): a 'child' is the child of the head and of the head's spouse; the head
// is the child of each 'parent'. The role follows the parent's recorded sex. Grandchildren,
// siblings and 'other' say nothing certain about parents and give no link; a role two members
// could fill (two mothers) gives none either.
//
// A birth record is the registry's word: it always wins over a household link for the same child
// and role, whatever order the two arrive in, and a household link never replaces it (so a
// rebuild from offset 0 reaches the same view). Between links of one source the later stamp wins.
const DERIVE = `
  WITH mem AS (
    SELECT hm.person_ref, hm.relation, p.attrs->>'sex' AS sex
      FROM pe_household_member hm LEFT JOIN pe_person p USING (person_ref)
     WHERE hm.household_id = ANY($1::text[])),
  links AS (
    SELECT c.person_ref AS child_ref, p.person_ref AS parent_ref, p.sex
      FROM mem c JOIN mem p ON c.relation = 'child' AND p.relation IN ('head', 'spouse')
    UNION
    SELECT c.person_ref, p.person_ref, p.sex
      FROM mem c JOIN mem p ON c.relation = 'head' AND p.relation = 'parent'),
  roles AS (
    SELECT child_ref, CASE sex WHEN 'female' THEN 'mother' ELSE 'father' END AS role, min(parent_ref) AS parent_ref
      FROM links WHERE sex IN ('female', 'male') AND child_ref <> parent_ref
     GROUP BY 1, 2 HAVING count(DISTINCT parent_ref) = 1)
  INSERT INTO pe_parent (child_ref, role, parent_ref, stamp, source)
  SELECT child_ref, role, parent_ref, $2, 'household' FROM roles ORDER BY child_ref, role
  ON CONFLICT (child_ref, role) DO UPDATE SET parent_ref = EXCLUDED.parent_ref, stamp = EXCLUDED.stamp
   WHERE pe_parent.source = 'household' AND pe_parent.stamp < EXCLUDED.stamp
  RETURNING child_ref`;

/** Links the children of the given households to their parents; returns the children whose link changed. */
export async function linkHouseholdParents(
  manager: EntityManager,
  householdIds: readonly string[],
  stamp: string,
): Promise<string[]> {
  if (!householdIds.length) return [];
  const rows: { child_ref: string }[] = await manager.query(DERIVE, [[...householdIds], stamp]);
  return rows.map((r) => r.child_ref);
}

/** The upsert of a birth record's link: it replaces a household link at once, another birth link only when later. */
export const UPSERT_BIRTH_PARENT = `INSERT INTO pe_parent (child_ref, role, parent_ref, stamp, source) VALUES ($1, $2, $3, $4, 'birth-record')
  ON CONFLICT (child_ref, role) DO UPDATE SET parent_ref = EXCLUDED.parent_ref, stamp = EXCLUDED.stamp, source = 'birth-record'
  WHERE pe_parent.source = 'household' OR pe_parent.stamp < EXCLUDED.stamp`;

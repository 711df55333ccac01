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
//
// Several events' households are derived in one statement, each event's on its own (group i, its
// stamp), exactly as one statement per event would: links join members of one event's households.
const DERIVE = `
  WITH g AS (SELECT DISTINCT * FROM unnest($1::int[], $2::text[], $3::text[]) AS g(i, household_id, stamp)),
  mem AS (
    SELECT g.i, g.stamp, hm.person_ref, hm.relation, p.attrs->>'sex' AS sex
      FROM g JOIN pe_household_member hm USING (household_id) LEFT JOIN pe_person p USING (person_ref)),
  links AS (
    SELECT c.i, c.stamp, c.person_ref AS child_ref, p.person_ref AS parent_ref, p.sex
      FROM mem c JOIN mem p ON c.i = p.i AND c.relation = 'child' AND p.relation IN ('head', 'spouse')
    UNION
    SELECT c.i, c.stamp, c.person_ref, p.person_ref, p.sex
      FROM mem c JOIN mem p ON c.i = p.i AND c.relation = 'head' AND p.relation = 'parent'),
  roles AS (
    SELECT i, stamp, child_ref, CASE sex WHEN 'female' THEN 'mother' ELSE 'father' END AS role, min(parent_ref) AS parent_ref
      FROM links WHERE sex IN ('female', 'male') AND child_ref <> parent_ref
     GROUP BY 1, 2, 3, 4 HAVING count(DISTINCT parent_ref) = 1)
  INSERT INTO pe_parent (child_ref, role, parent_ref, stamp, source)
  SELECT child_ref, role, parent_ref, stamp, 'household' FROM roles ORDER BY child_ref, role
  ON CONFLICT (child_ref, role) DO UPDATE SET parent_ref = EXCLUDED.parent_ref, stamp = EXCLUDED.stamp
   WHERE pe_parent.source = 'household' AND pe_parent.stamp < EXCLUDED.stamp`;

/**
 * Links the children of each event's households to their parents, with that event's stamp; the
 * events must not share a household or child (run-plan.ts), or the statement fails.
 */
export async function linkHouseholdParents(
  manager: EntityManager,
  events: readonly { householdIds: readonly string[]; stamp: string }[],
): Promise<void> {
  const cols: [number[], string[], string[]] = [[], [], []];
  events.forEach((e, i) => {
    for (const h of e.householdIds) {
      cols[0].push(i);
      cols[1].push(h);
      cols[2].push(e.stamp);
    }
  });
  if (!cols[0].length) return;
  await manager.query(DERIVE, cols);
}

/** The upsert of birth records' links (one row per child and role): it replaces a household link at once, another birth link only when later. */
export const UPSERT_BIRTH_PARENTS = `INSERT INTO pe_parent (child_ref, role, parent_ref, stamp, source)
  SELECT child_ref, role, parent_ref, stamp, 'birth-record' FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(child_ref, role, parent_ref, stamp)
  ON CONFLICT (child_ref, role) DO UPDATE SET parent_ref = EXCLUDED.parent_ref, stamp = EXCLUDED.stamp, source = 'birth-record'
  WHERE pe_parent.source = 'household' OR pe_parent.stamp < EXCLUDED.stamp`;

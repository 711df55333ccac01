import { EntityManager } from 'typeorm';

// Parent → child links read from a social-assistance household (relations are to the head, as in
// libs/contracts RELATIONS): a 'child' is the child of the head and of the head's spouse; the head
// is the child of each 'parent'. The role follows the parent's recorded sex. Grandchildren,
// siblings and 'other' say nothing certain about parents and give no link; a role two members
// could fill (two mothers) gives none either.
//
// A birth record is the registry's word: it always wins over a household link for the same child
// and role, whatever order the two arrive in, and a household link never replaces it.
//
// A child's household links are a function of the view as it stands: the memberships of every
// household the child is in, and the recorded sex of the other members. They are derived again,
// whole, whenever one of those changes: a membership (`householdIds`) or a member's recorded sex
// (`sexWritten`, which another department's or the hub's event may carry). Derived only when the
// membership changed, a link kept the role the parent's sex gave at that moment, so a sex recorded
// later by another topic left the view depending on which topic was read first, and a rebuild from
// offset 0 parted from the live view (docs/adr/0032-derived-view-rows.md). Between two
// households that give one child and role different parents, the later membership wins; a link's
// stamp is that of its two memberships, the later, so the same view gives the same stamp.
//
// Every look-up is a LATERAL subquery (OFFSET 0 keeps it one): one index probe per row, whatever the
// statistics say. With statistics taken while the view was small (a rebuild's first minutes), the
// planner estimated one row everywhere and, with plain joins, scanned a whole index per row: one
// segment's derivation ran for minutes at 16,200 events.
const DERIVE = `
  WITH touched AS (
    SELECT unnest($1::text[]) AS household_id
    UNION SELECT m.household_id FROM unnest($2::text[]) AS w(ref) CROSS JOIN LATERAL (
      SELECT household_id FROM pe_household_member WHERE person_ref = w.ref OFFSET 0) m),
  kids AS (
    SELECT DISTINCT m.person_ref AS child_ref FROM touched t CROSS JOIN LATERAL (
      SELECT person_ref FROM pe_household_member
       WHERE household_id = t.household_id AND relation IN ('child', 'head') OFFSET 0) m),
  links AS (
    SELECT k.household_id, greatest(k.stamp, p.stamp) AS stamp, k.child_ref, p.person_ref AS parent_ref,
           pp.attrs->>'sex' AS sex
      FROM kids c
      CROSS JOIN LATERAL (
        SELECT household_id, person_ref AS child_ref, relation, stamp FROM pe_household_member
         WHERE person_ref = c.child_ref AND relation IN ('child', 'head') OFFSET 0) k
      CROSS JOIN LATERAL (
        SELECT person_ref, stamp FROM pe_household_member
         WHERE household_id = k.household_id
           AND relation = ANY (CASE k.relation WHEN 'child' THEN ARRAY['head', 'spouse'] ELSE ARRAY['parent'] END)
        OFFSET 0) p
      LEFT JOIN pe_person pp ON pp.person_ref = p.person_ref),
  roles AS (
    SELECT household_id, child_ref, CASE sex WHEN 'female' THEN 'mother' ELSE 'father' END AS role,
           min(parent_ref) AS parent_ref, max(stamp) AS stamp
      FROM links WHERE sex IN ('female', 'male') AND child_ref <> parent_ref
     GROUP BY 1, 2, 3 HAVING count(DISTINCT parent_ref) = 1),
  chosen AS (
    SELECT DISTINCT ON (child_ref, role) child_ref, role, parent_ref, stamp
      FROM roles ORDER BY child_ref, role, stamp DESC, parent_ref),
  -- a role no household gives any more (the parent's sex changed, a relation changed)
  gone AS (
    DELETE FROM pe_parent p
     WHERE p.source = 'household' AND p.child_ref IN (SELECT child_ref FROM kids)
       AND (p.child_ref, p.role) NOT IN (SELECT child_ref, role FROM chosen))
  INSERT INTO pe_parent (child_ref, role, parent_ref, stamp, source)
  SELECT child_ref, role, parent_ref, stamp, 'household' FROM chosen ORDER BY child_ref, role
  ON CONFLICT (child_ref, role) DO UPDATE SET parent_ref = EXCLUDED.parent_ref, stamp = EXCLUDED.stamp
   WHERE pe_parent.source = 'household'
     AND (pe_parent.parent_ref, pe_parent.stamp) IS DISTINCT FROM (EXCLUDED.parent_ref, EXCLUDED.stamp)`;

/**
 * Derives again the household links of every child in the households whose membership changed
 * (`householdIds`) or that hold a person whose recorded sex was written (`sexWritten`). One
 * statement for a whole segment: its events share no household or person (run-plan.ts).
 */
export async function linkHouseholdParents(
  manager: EntityManager,
  householdIds: readonly string[],
  sexWritten: readonly string[],
): Promise<void> {
  if (!householdIds.length && !sexWritten.length) return;
  await manager.query(DERIVE, [householdIds, sexWritten]);
}

/** The upsert of birth records' links (one row per child and role): it replaces a household link at once, another birth link only when later. */
export const UPSERT_BIRTH_PARENTS = `INSERT INTO pe_parent (child_ref, role, parent_ref, stamp, source)
  SELECT child_ref, role, parent_ref, stamp, 'birth-record' FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(child_ref, role, parent_ref, stamp)
  ON CONFLICT (child_ref, role) DO UPDATE SET parent_ref = EXCLUDED.parent_ref, stamp = EXCLUDED.stamp, source = 'birth-record'
  WHERE pe_parent.source = 'household' OR pe_parent.stamp < EXCLUDED.stamp`;

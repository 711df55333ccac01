import { ChildWelfarePersonRefRekeyedV1 } from '@civic/contracts';
import { PersonRefColumn, personRefFollower, personRefRekeying } from '@civic/operations';

/**
 * Child welfare's personRef columns (docs/adr/0018-person-ref-rekeying.md): `person` holds the
 * encrypted number of children and parents; the child's own, parent and guardian refs point at it
 * (ON UPDATE CASCADE, persistence/person-ref-cascade.migration.ts); the rest name people by ref.
 */
export const childWelfareRefColumns: PersonRefColumn[] = [
  // a person or child registered under both keys: merging two records is a caseworker's decision
  { table: 'person', column: 'person_ref', unique: { clash: 'true', resolve: 'mark' } },
  { table: 'child', column: 'person_ref', unique: { clash: 'true', resolve: 'mark' } },
  { table: 'child', column: 'mother_ref' },
  { table: 'child', column: 'father_ref' },
  { table: 'child', column: 'guardian_ref' },
  // a situation or a membership stated under both refs is one fact: the new-key row stays
  { table: 'parent_situation', column: 'person_ref', unique: { clash: 'n.situation = o.situation', resolve: 'merge' } },
  {
    table: 'assistance_household_member',
    column: 'person_ref',
    unique: { clash: 'n.household_id = o.household_id', resolve: 'merge' },
  },
  { table: 'guardianship_change', column: 'guardian_ref' },
  { table: 'guardianship_review', column: 'guardian_ref' },
  { table: 'protection_report', column: 'child_ref' },
  { table: 'adoption', column: 'child_ref' },
  { table: 'adoption', column: 'adoptive_mother_ref' },
  { table: 'adoption', column: 'adoptive_father_ref' },
  { table: 'work_item', column: 'person_ref' },
  { table: 'allowance_payment', column: 'person_ref' },
];

export const childWelfareRefRekeying = personRefRekeying({
  roles: ['child-welfare:admin'],
  source: { table: 'person', refColumn: 'person_ref', encryptedColumn: 'id_number_encrypted' },
  refColumns: childWelfareRefColumns,
  event: ChildWelfarePersonRefRekeyedV1,
});

/** Follows the other departments' re-keying, for refs of people this service holds no number for. */
export const ChildWelfareRefFollower = personRefFollower(childWelfareRefColumns, ChildWelfarePersonRefRekeyedV1.type);

import { AssistancePersonRefRekeyedV1 } from '@civic/contracts';
import { PersonRefColumn, personRefFollower, personRefRekeying } from '@civic/operations';

/**
 * Social assistance's personRef columns (docs/adr/0018-person-ref-rekeying.md): household members
 * hold the encrypted number; cases, payments and recorded deaths hold the ref.
 */
export const assistanceRefColumns: PersonRefColumn[] = [
  // the same person in one household, or active in two, under both keys: a caseworker's decision
  {
    table: 'household_member',
    column: 'person_ref',
    unique: { clash: 'n.household_id = o.household_id OR (n.active AND o.active)', resolve: 'mark' },
  },
  { table: 'assistance_case', column: 'person_ref' },
  { table: 'payment', column: 'person_ref' },
  // the current household (members, incomes by personRef) that means tests and reassessments read;
  // household_version and means-test outcomes are records as written: a read by
  // person resolves their refs through person_ref_alias
  {
    table: 'household',
    column: 'snapshot',
    json: { rows: 'household_id IN (SELECT household_id FROM household_member WHERE person_ref IN ($1, $2))' },
  },
  // a death recorded under both refs is one death: the new-key record stays
  { table: 'person_death', column: 'person_ref', unique: { clash: 'true', resolve: 'merge' } },
];

export const assistanceRefRekeying = personRefRekeying({
  roles: ['assistance:admin'],
  source: { table: 'household_member', refColumn: 'person_ref', encryptedColumn: 'id_number_encrypted' },
  refColumns: assistanceRefColumns,
  event: AssistancePersonRefRekeyedV1,
});

/** Follows the other departments' re-keying, for refs of people this service holds no number for. */
export const AssistanceRefFollower = personRefFollower(assistanceRefColumns, AssistancePersonRefRekeyedV1.type);

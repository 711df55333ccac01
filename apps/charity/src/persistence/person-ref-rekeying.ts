import { CharityPersonRefRekeyedV1 } from '@civic/contracts';
import { PersonRefColumn, personRefFollower, personRefRekeying } from '@civic/operations';

/**
 * Charity's personRef columns (docs/adr/0018-person-ref-rekeying.md): wishes, crowdfunding campaigns
 * and volunteers each hold the encrypted number; referrals and recorded deaths hold the ref. The
 * public ledger (ledger_entry) is append-only by trigger and keeps the ref it was written with: a
 * read by person resolves it through person_ref_alias.
 */
export const charityRefColumns: PersonRefColumn[] = [
  { table: 'wish', column: 'person_ref' },
  { table: 'crowdfunding_campaign', column: 'person_ref' },
  // a volunteer registered under both keys: merging their service records is the centre's decision
  { table: 'volunteer', column: 'person_ref', unique: { clash: 'true', resolve: 'mark' } },
  { table: 'referral', column: 'person_ref' },
  // a death recorded under both refs is one death: the new-key record stays
  { table: 'person_death', column: 'person_ref', unique: { clash: 'true', resolve: 'merge' } },
];

export const charityRefRekeying = personRefRekeying({
  roles: ['charity:admin'],
  source: [
    { table: 'wish', refColumn: 'person_ref', encryptedColumn: 'id_number_encrypted' },
    { table: 'crowdfunding_campaign', refColumn: 'person_ref', encryptedColumn: 'id_number_encrypted' },
    { table: 'volunteer', refColumn: 'person_ref', encryptedColumn: 'id_number_encrypted' },
  ],
  refColumns: charityRefColumns,
  event: CharityPersonRefRekeyedV1,
});

/** Follows the other departments' re-keying, for refs of people this service holds no number for. */
export const CharityRefFollower = personRefFollower(charityRefColumns, CharityPersonRefRekeyedV1.type);

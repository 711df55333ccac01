import { EldercarePersonRefRekeyedV1 } from '@civic/contracts';
import { personRefRekeying } from '@civic/operations';

/**
 * Re-keying of eldercare's stored personRefs (docs/adr/0018-person-ref-rekeying.md): the elder row
 * holds the encrypted number; work items hold the ref of the elder an alert is about.
 */
export const eldercareRefRekeying = personRefRekeying({
  roles: ['eldercare:admin'],
  source: { table: 'elder', refColumn: 'person_ref', encryptedColumn: 'id_number_encrypted' },
  refColumns: [
    // an elder registered under both keys: merging two elder records is a caseworker's decision
    { table: 'elder', column: 'person_ref', unique: { clash: 'true', resolve: 'mark' } },
    { table: 'work_item', column: 'person_ref' },
  ],
  event: EldercarePersonRefRekeyedV1,
});

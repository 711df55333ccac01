import { HubPersonRefRekeyedV1 } from '@civic/contracts';
import { PersonRefColumn, personRefFollower, personRefRekeying } from '@civic/operations';

/**
 * The gateway's personRef columns (docs/adr/0018-person-ref-rekeying.md): person_identity holds the
 * encrypted number of everyone a life event or bulk import named; records, the registry read model
 * and feed events hold the ref. hub_record.payload and feed_event.data are kept as received (the
 * record accepted, the event fanned out): reads by person go through the moved person_ref columns.
 */
export const hubRefColumns: PersonRefColumn[] = [
  // one number seen under both keys is one identity: the new-key row stays
  { table: 'person_identity', column: 'person_ref', unique: { clash: 'true', resolve: 'merge' } },
  { table: 'hub_record', column: 'person_ref' },
  // a read model: the same member of one household under both keys is one member, the new-key row stays
  {
    table: 'rm_member',
    column: 'person_ref',
    unique: { clash: 'n.household_id = o.household_id', resolve: 'merge' },
  },
  { table: 'rm_enrolment', column: 'person_ref' },
  { table: 'feed_event', column: 'person_ref' },
];

export const hubRefRekeying = personRefRekeying({
  roles: ['hub:admin'],
  source: { table: 'person_identity', refColumn: 'person_ref', encryptedColumn: 'encrypted_id' },
  refColumns: hubRefColumns,
  event: HubPersonRefRekeyedV1,
});

/** Follows the departments' re-keying, for read-model refs of people the gateway holds no number for. */
export const HubRefFollower = personRefFollower(hubRefColumns, HubPersonRefRekeyedV1.type);

import { examplePersonRef } from '../fields/example-values';
import { IsEntityId, IsPersonRef } from '../fields/field.decorators';

/**
 * One stored personRef re-computed under the ring's current key (docs/adr/0018-person-ref-rekeying.md).
 * The same payload in every department's `<department>.person.ref-rekeyed`: whoever holds `oldRef`
 * moves what it holds to `newRef` and keeps `oldRef → newRef` as an alias, so an event still carrying
 * the old ref lands on the new one. Both refs are HMACs; the ID number itself never travels.
 */
export class PersonRefRekeyedV1Payload {
  @IsPersonRef() oldRef: string;
  @IsPersonRef() newRef: string;
  /** The key id `newRef` is made under (the ring's current key when the re-keying ran). */
  @IsEntityId() keyId: string;
}

export const personRefRekeyedExample = (): PersonRefRekeyedV1Payload => ({
  oldRef: examplePersonRef('elder'),
  newRef: `k2:${examplePersonRef('elder-k2').slice(3)}`,
  keyId: 'k2',
});

/** True for every department's `<department>.person.ref-rekeyed` (the one payload above). */
export const isPersonRefRekeyedType = (type: string): boolean => type.endsWith('.person.ref-rekeyed');

import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { personRefRekeyedExample, PersonRefRekeyedV1Payload } from '../identity/person-ref-rekeyed.payload';

/** Charity re-keyed a person's stored personRef (POST /api/v1/person-refs/rekey, docs/operations.md). */
export const CharityPersonRefRekeyedV1 = defineEvent({
  type: 'charity.person.ref-rekeyed',
  version: 1,
  topic: Topics.CharityWish,
  subjectField: 'newRef',
  payload: PersonRefRekeyedV1Payload,
  summary: "Charity moved a person's stored personRef to the current key: holders of the old ref follow it.",
  example: personRefRekeyedExample(),
});

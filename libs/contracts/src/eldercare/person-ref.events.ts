import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { personRefRekeyedExample, PersonRefRekeyedV1Payload } from '../identity/person-ref-rekeyed.payload';

/** Eldercare re-keyed an elder's stored personRef (`npm run keys:rekey`, docs/operations.md). */
export const EldercarePersonRefRekeyedV1 = defineEvent({
  type: 'eldercare.person.ref-rekeyed',
  version: 1,
  topic: Topics.EldercareElder,
  subjectField: 'newRef',
  payload: PersonRefRekeyedV1Payload,
  summary: "Eldercare moved a person's stored personRef to the current key: holders of the old ref follow it.",
  example: personRefRekeyedExample(),
});

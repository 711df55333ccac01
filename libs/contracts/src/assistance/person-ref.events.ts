import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { personRefRekeyedExample, PersonRefRekeyedV1Payload } from '../identity/person-ref-rekeyed.payload';

/** Social assistance re-keyed a person's stored personRef (POST /api/v1/person-refs/rekey, docs/operations.md). */
export const AssistancePersonRefRekeyedV1 = defineEvent({
  type: 'assistance.person.ref-rekeyed',
  version: 1,
  topic: Topics.AssistanceHousehold,
  subjectField: 'newRef',
  payload: PersonRefRekeyedV1Payload,
  summary: "Social assistance moved a person's stored personRef to the current key: holders of the old ref follow it.",
  example: personRefRekeyedExample(),
});

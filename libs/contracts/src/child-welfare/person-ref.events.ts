import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { personRefRekeyedExample, PersonRefRekeyedV1Payload } from '../identity/person-ref-rekeyed.payload';

/** Child welfare re-keyed a person's stored personRef (POST /api/v1/person-refs/rekey, docs/operations.md). */
export const ChildWelfarePersonRefRekeyedV1 = defineEvent({
  type: 'child-welfare.person.ref-rekeyed',
  version: 1,
  topic: Topics.ChildWelfareChild,
  subjectField: 'newRef',
  payload: PersonRefRekeyedV1Payload,
  summary: "Child welfare moved a person's stored personRef to the current key: holders of the old ref follow it.",
  example: personRefRekeyedExample(),
});

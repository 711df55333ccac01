import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { personRefRekeyedExample, PersonRefRekeyedV1Payload } from '../identity/person-ref-rekeyed.payload';

/** The hub gateway re-keyed a person's stored personRef (POST /api/v1/person-refs/rekey, docs/operations.md). */
export const HubPersonRefRekeyedV1 = defineEvent({
  type: 'hub.person.ref-rekeyed',
  version: 1,
  // on the life-event topic, keyed by the new ref: every department already consumes it
  topic: Topics.HubLifeEvent,
  subjectField: 'newRef',
  payload: PersonRefRekeyedV1Payload,
  summary: "The hub gateway moved a person's stored personRef to the current key: holders of the old ref follow it.",
  example: personRefRekeyedExample(),
});

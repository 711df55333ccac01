import { createEvent, DeathRecordedV1, EventEnvelope, Sources, toKafkaRecord } from '@civic/contracts';
import { produceRaw, waitFor } from '@civic/testing';
import { AssistanceApp } from './assistance-app.fixture';

// The data hub's side of the hub-reaction suites: its events put straight onto the suite's
// hub.life-event topic, as the hub gateway would publish them.

/** Publishes a hub event on the suite's hub.life-event topic, keyed as the gateway keys it. */
export async function publishHubEvent(t: AssistanceApp, event: EventEnvelope): Promise<void> {
  const topic = t.topics.topic('hub.life-event');
  const { key, value, headers } = toKafkaRecord(event, topic);
  await produceRaw(topic, [{ key, value, headers }]);
}

/** A death record of the hub for a member: informal, formal, or revoking an earlier record. */
export function hubDeath(
  p: { personRef: string; maskedId: string },
  status: 'informal' | 'formal' | 'revoked',
  recordId: string,
  deathDate: string,
  revokesRecordId?: string,
): EventEnvelope {
  return createEvent(
    DeathRecordedV1,
    {
      recordId,
      personRef: p.personRef,
      maskedId: p.maskedId,
      deathDate,
      status,
      ...(revokesRecordId ? { revokesRecordId } : {}),
    },
    { source: Sources.hub },
  );
}

/** Waits until the case shows `status` over REST (the reaction runs in the service's consumer). */
export function caseReaches(t: AssistanceApp, token: string, id: string, status: string, timeoutMs = 90_000) {
  return waitFor(
    `case ${id} ${status}`,
    async () => ((await t.call('GET', `/api/v1/cases/${id}`, token)).body.status === status ? true : undefined),
    timeoutMs,
  );
}

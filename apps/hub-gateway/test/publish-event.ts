import { createEvent, EventDefinition, EventEnvelope, producerOf, toKafkaRecord } from '@civic/contracts';
import { produceRaw } from '@civic/testing';
import { HubTestKit } from './hub-test-kit';

/** Publishes a contract event as its producing service would, on the suite's prefixed topic. */
export async function publishEvent<T extends object>(
  kit: HubTestKit,
  def: EventDefinition<T>,
  data: T,
): Promise<EventEnvelope<T>> {
  const event = createEvent(def, data, { source: producerOf(def) });
  const record = toKafkaRecord(event, kit.topics.topic(def.topic));
  await produceRaw(record.topic, [{ key: record.key, value: record.value, headers: record.headers }]);
  return event;
}

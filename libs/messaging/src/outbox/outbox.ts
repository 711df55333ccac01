import { EventEnvelope, findEventDefinition, toKafkaRecord } from '@civic/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OUTBOX_CHANNEL } from './outbox-channel';
import { wakesInProcess } from './relay-wake';

/**
 * Appends events to the outbox inside the caller's transaction: pass the EntityManager of the
 * transaction that saves the state, so both commit or neither does. Services never call a producer
 * themselves (a send beside a commit loses or invents events); only the relay publishes.
 */
@Injectable()
export class Outbox {
  /** Appends one event; its topic comes from the catalog unless given. */
  async append(manager: EntityManager, event: EventEnvelope, topic?: string): Promise<void> {
    await this.appendAll(manager, [event], topic);
  }

  /** Appends several events in one statement, in the given order (any number: one array per column). */
  async appendAll(manager: EntityManager, events: EventEnvelope[], topic?: string): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      // outside a transaction the event could commit without its state change, or the change without its event
      throw new Error('Outbox.append needs the EntityManager of an open transaction');
    }
    if (!events.length) return;
    // One array per column: a VALUES list of six parameters per event costs ~300 µs a row to
    // parse and breaks past 65535 parameters (~10900 events); unnest does neither.
    const columns: string[][] = [[], [], [], [], [], []];
    for (const event of events) {
      const logical = topic ?? findEventDefinition(event.type, event.dataversion)?.topic;
      if (!logical)
        throw new Error(`${event.type} v${event.dataversion} is not in the event catalog; cannot choose its topic`);
      if (!event.subject)
        throw new Error(`${event.type} ${event.id} has no subject: every message is keyed by aggregate id`);
      const record = toKafkaRecord(event, logical);
      [event.id, logical, record.key, event.type, record.value, JSON.stringify(record.headers)].forEach((v, i) =>
        columns[i].push(v),
      );
    }
    // ORDER BY ord: ids are drawn in the given order, which the relay publishes in. The relay wakes on
    // the commit instead of at its next poll (docs/adr/0002-outbox-relay.md): when it leads in this
    // process, poked after the COMMIT returned; otherwise through pg_notify in the same statement (no
    // extra round trip), delivered when, and only if, the transaction commits. pg_notify is avoided
    // where it can be: it takes PostgreSQL's notify lock at commit, serialising notifying commits
    // (docs/adr/0020-in-process-relay-wake.md).
    const insert = `INSERT INTO outbox_message (event_id, topic, message_key, event_type, payload, headers)
         SELECT e.event_id, e.topic, e.message_key, e.event_type, e.payload, e.headers::jsonb
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e(event_id, topic, message_key, event_type, payload, headers, ord)
         ORDER BY e.ord`;
    await manager.query(
      wakesInProcess(manager.queryRunner!)
        ? insert
        : `WITH ins AS (${insert} RETURNING 1)
       SELECT pg_notify('${OUTBOX_CHANNEL}', current_schema()) FROM (SELECT 1 FROM ins LIMIT 1) x`,
      columns,
    );
  }
}

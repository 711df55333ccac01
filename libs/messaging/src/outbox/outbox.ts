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
    const rows: string[][] = events.map((event) => {
      const logical = topic ?? findEventDefinition(event.type, event.dataversion)?.topic;
      if (!logical)
        throw new Error(`${event.type} v${event.dataversion} is not in the event catalog; cannot choose its topic`);
      if (!event.subject)
        throw new Error(`${event.type} ${event.id} has no subject: every message is keyed by aggregate id`);
      const record = toKafkaRecord(event, logical);
      return [event.id, logical, record.key, event.type, record.value, JSON.stringify(record.headers)];
    });
    // The relay wakes on the commit instead of at its next poll (docs/adr/0002-outbox-relay.md): when it
    // leads in this process, poked after the COMMIT returned; otherwise through pg_notify in the same
    // statement (no extra round trip), delivered when, and only if, the transaction commits. pg_notify
    // is avoided where it can be: it takes PostgreSQL's notify lock at commit, serialising notifying
    // commits (docs/adr/0020-in-process-relay-wake.md).
    const { sql: insert, params } = outboxInsert(rows);
    await manager.query(
      wakesInProcess(manager.queryRunner!)
        ? insert
        : `WITH ins AS (${insert} RETURNING 1)
       SELECT pg_notify('${OUTBOX_CHANNEL}', current_schema()) FROM (SELECT 1 FROM ins LIMIT 1) x`,
      params,
    );
  }
}

const COLUMNS = 'INSERT INTO outbox_message (event_id, topic, message_key, event_type, payload, headers)';

/** Most events appended with a VALUES list; more go as one array per column. */
export const VALUES_APPEND_MAX = 8;

/**
 * The INSERT of outbox rows (event_id, topic, key, type, payload, headers as JSON text), ids drawn in
 * the given order, which the relay publishes in. Up to VALUES_APPEND_MAX rows a VALUES list: for one
 * row it costs PostgreSQL ~100 µs less than unnest (187-219 against 260-301 µs of backend CPU per
 * command, P2's statements; docs/adr/0029-outbox-append-values-for-few-rows.md), and still less for
 * eight. Beyond that one array per column: a VALUES list's parameters cost more to bind and parse per
 * row, and past 65535 parameters (~10900 events) it breaks; unnest does neither.
 */
export function outboxInsert(rows: string[][]): { sql: string; params: unknown[] } {
  if (rows.length <= VALUES_APPEND_MAX) {
    // a multi-row VALUES list is inserted, and its ids drawn, in list order
    const tuples = rows.map((_, r) => {
      const p = (k: number) => `$${r * 6 + k}`;
      return `(${p(1)}::uuid, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}::jsonb)`;
    });
    return { sql: `${COLUMNS} VALUES ${tuples.join(', ')}`, params: rows.flat() };
  }
  const columns: string[][] = [[], [], [], [], [], []];
  for (const row of rows) row.forEach((v, i) => columns[i].push(v));
  return {
    // ORDER BY ord: ids are drawn in the given order
    sql: `${COLUMNS}
         SELECT e.event_id, e.topic, e.message_key, e.event_type, e.payload, e.headers::jsonb
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e(event_id, topic, message_key, event_type, payload, headers, ord)
         ORDER BY e.ord`,
    params: columns,
  };
}

import { EventEnvelope, findEventDefinition, toKafkaRecord } from '@civic/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Appends events to the outbox inside the caller's transaction (STYLE.md habit 7): pass the
 * EntityManager of the transaction that saves the state, so both commit or neither does.
 */
@Injectable()
export class Outbox {
  /** Appends one event; its topic comes from the catalog unless given. */
  async append(manager: EntityManager, event: EventEnvelope, topic?: string): Promise<void> {
    await this.appendAll(manager, [event], topic);
  }

  /** Appends several events in one statement, in the given order. */
  async appendAll(manager: EntityManager, events: EventEnvelope[], topic?: string): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      // outside a transaction the event could commit without its state change (RELIABILITY pitfall 1)
      throw new Error('Outbox.append needs the EntityManager of an open transaction');
    }
    if (!events.length) return;
    const params: unknown[] = [];
    const rows = events.map((event) => {
      const logical = topic ?? findEventDefinition(event.type, event.dataversion)?.topic;
      if (!logical) throw new Error(`${event.type} v${event.dataversion} is not in the event catalog; cannot choose its topic`);
      if (!event.subject) throw new Error(`${event.type} ${event.id} has no subject: every message is keyed by aggregate id`);
      const record = toKafkaRecord(event, logical);
      params.push(event.id, logical, record.key, event.type, record.value, JSON.stringify(record.headers));
      const n = params.length;
      return `($${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::jsonb)`;
    });
    await manager.query(`INSERT INTO outbox_message (event_id, topic, message_key, event_type, payload, headers) VALUES ${rows.join(', ')}`, params);
  }
}

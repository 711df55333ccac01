import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '@civic/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { WebhookDeliveryService } from '../../delivery/webhook-delivery.service';
import { HubSigner } from '../signing/hub-signer.service';
import { EnrolmentFacts, matches, parseQuery } from './registry-query';
import { RegistryService } from './registry.service';

/** The registry type this gateway answers as (DCI RegistryType is implementation-defined). */
export const REG_TYPE = 'ns:civic:RegistryType:Social';

/** Sends DCI notify callbacks to subscribers whose subscription matches an enrolment change. */
@Injectable()
export class RegistryNotifier {
  constructor(
    private readonly registry: RegistryService,
    private readonly deliveries: WebhookDeliveryService,
    private readonly signer: HubSigner,
  ) {}

  /** Enqueues one notify per matching subscription, in the caller's (inbox) transaction. */
  async notify(
    manager: EntityManager,
    event: EventEnvelope,
    regEventType: 'REGISTER' | 'DEREGISTER',
    facts: EnrolmentFacts,
  ): Promise<void> {
    const subs = await manager.query(
      `SELECT code, sender_id, filter_type, filter, notify_uri FROM dci_subscription WHERE status = 'subscribe' AND reg_event_type = $1`,
      [regEventType],
    );
    let person: Record<string, unknown> | undefined;
    for (const s of subs) {
      const parsed = parseQuery(s.filter_type ?? 'idtype-value', s.filter);
      if (!parsed.ok || !matches(this.registry.resolve(parsed.criteria), facts)) continue;
      person ??= (await this.registry.persons(manager, [facts.personRef]))[0];
      const header = {
        version: '1.0.0',
        message_id: randomUUID(),
        message_ts: new Date().toISOString(),
        action: 'notify',
        status: 'succ',
        sender_id: this.signer.senderId,
        receiver_id: s.sender_id,
        total_count: 1,
        completed_count: 1,
        is_msg_encrypted: false,
      };
      const message = {
        transaction_id: s.code,
        notify_event: [
          {
            reference_id: event.id,
            timestamp: event.time,
            data: {
              version: '1.0.0',
              reg_type: REG_TYPE,
              reg_event_type: regEventType,
              reg_record_type: 'Person',
              reg_records: person,
            },
          },
        ],
      };
      await this.deliveries.enqueue(manager, {
        dedupeKey: `notify:${s.code}:${event.id}`,
        kind: 'dci',
        targetUrl: s.notify_uri,
        payload: { header, message },
      });
    }
  }
}

import { createEvent, Sources } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { FieldError } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PersonIdentityService } from '../identity/person-identity.service';
import { checkRecord, EVENT_OF_RECORD_TYPE, RecordCheck, RecordEvents, ValidRecord } from './life-event-record';

/** The outcome of one record of a batch. */
export interface RecordResult {
  index: number;
  recordId?: string;
  status: 'accepted' | 'duplicate' | 'rejected';
  eventId?: string;
  eventType?: string;
  errors?: FieldError[];
}

/** Who sent the records and in which message (for idempotency keys and the events' correlation id). */
export interface RecordOrigin {
  senderId: string;
  messageId: string;
}

/**
 * Turns life-event records into contract events. Each record is validated on its own; a bad record
 * is answered with its field errors and leaves nothing behind, good ones in the same batch go on.
 * (sender, recordId) is unique: a resent record is answered `duplicate` and emits nothing.
 */
@Injectable()
export class LifeEventsService {
  constructor(
    private readonly identities: PersonIdentityService,
    private readonly outbox: Outbox,
  ) {}

  /** Validates a record without storing anything; with `events`, also builds its payload and event (checkRecord). */
  check(input: unknown, events?: RecordEvents): RecordCheck {
    return checkRecord(input, (raw) => this.identities.parse(raw), events);
  }

  /** Stores and publishes the valid records in the caller's transaction, in order. */
  async ingest(manager: EntityManager, origin: RecordOrigin, checks: RecordCheck[]): Promise<RecordResult[]> {
    const results: RecordResult[] = [];
    for (const [index, c] of checks.entries()) {
      if (!c.ok) {
        results.push({ index, recordId: c.recordId, status: 'rejected', errors: c.errors });
        continue;
      }
      results.push({ index, ...(await this.accept(manager, origin, c.record)) });
    }
    return results;
  }

  private async accept(
    manager: EntityManager,
    origin: RecordOrigin,
    r: ValidRecord,
  ): Promise<Omit<RecordResult, 'index'>> {
    const [seen] = await manager.query(`SELECT event_id FROM hub_record WHERE sender_id = $1 AND record_id = $2`, [
      origin.senderId,
      r.recordId,
    ]);
    if (seen)
      return { recordId: r.recordId, status: 'duplicate', ...(seen.event_id ? { eventId: seen.event_id } : {}) };
    const person = this.identities.identify(r.idNumber);
    const data = { ...r.data };
    if (r.recordType === 'death' && data.status === 'revoked') {
      const problem = await this.completeRevocation(manager, person.personRef, data);
      if (problem) return { recordId: r.recordId, status: 'rejected', errors: [problem] };
    }
    await this.identities.remember(manager, r.idNumber);
    if (r.motherIdNumber) data.motherPersonRef = (await this.identities.remember(manager, r.motherIdNumber)).personRef;
    if (r.fatherIdNumber) data.fatherPersonRef = (await this.identities.remember(manager, r.fatherIdNumber)).personRef;
    const payload = { recordId: r.recordId, personRef: person.personRef, maskedId: person.maskedId, ...data };
    const def = EVENT_OF_RECORD_TYPE[r.recordType as keyof typeof EVENT_OF_RECORD_TYPE];
    const event = def
      ? createEvent(def as never, payload as never, { source: Sources.hub, correlationId: origin.messageId })
      : undefined;
    const inserted = await manager.query(
      `INSERT INTO hub_record (sender_id, record_id, record_type, person_ref, message_id, event_id, event_type, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING record_id`,
      [
        origin.senderId,
        r.recordId,
        r.recordType,
        person.personRef,
        origin.messageId,
        event?.id ?? null,
        event?.type ?? null,
        JSON.stringify(payload),
      ],
    );
    // a concurrent batch took the record between the check and the insert
    if (!inserted.length) return { recordId: r.recordId, status: 'duplicate' };
    if (event) await this.outbox.append(manager, event);
    return { recordId: r.recordId, status: 'accepted', ...(event ? { eventId: event.id, eventType: event.type } : {}) };
  }

  /** A revocation must name a death record of the same person; its death date defaults to the revoked one's. */
  private async completeRevocation(
    manager: EntityManager,
    personRef: string,
    data: Record<string, unknown>,
  ): Promise<FieldError | undefined> {
    const [target] = await manager.query(
      `SELECT payload FROM hub_record WHERE record_id = $1 AND record_type = 'death' AND person_ref = $2 ORDER BY received_at LIMIT 1`,
      [data.revokesRecordId, personRef],
    );
    if (!target)
      return {
        field: 'data.revokesRecordId',
        rule: 'revokesKnownDeath',
        message: 'data.revokesRecordId must name a death record of the same person received earlier',
      };
    if (target.payload.status === 'revoked')
      return {
        field: 'data.revokesRecordId',
        rule: 'revokesKnownDeath',
        message: 'data.revokesRecordId names a revocation, not a death record',
      };
    data.deathDate ??= target.payload.deathDate;
    return undefined;
  }
}

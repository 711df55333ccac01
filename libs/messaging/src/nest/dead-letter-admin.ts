import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { InboxConsumer } from '../inbox/inbox-consumer';

/** A dead letter as operators see it. */
export interface DeadLetterView {
  id: string;
  consumer: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  eventId: string | null;
  reason: string;
  field: string | null;
  message: string;
  attempts: number;
  createdAt: string;
  resolvedAt: string | null;
  resolution: 'redriven' | 'discarded' | null;
  resolutionReason: string | null;
  resolvedBy: string | null;
  /** Other unresolved letters of the same key (events held behind this one when it is the first). */
  heldBehind: number;
  /** The record value as received (only on a single letter). */
  payload?: string | null;
}

/** What a re-drive did: applied in order and the hold lifted, or refused with the reason, nothing changed. */
export type RedriveOutcome =
  { status: 'applied'; applied: number; duplicates: number } | { status: 'refused'; why: string };

type Audit = (manager: EntityManager) => Promise<unknown>;

const VIEW = `SELECT d.id::text, d.consumer, d.topic, d.kafka_partition AS partition, d.kafka_offset::text AS offset,
  d.message_key AS key, d.event_id AS "eventId", d.reason, d.field, d.message, d.attempts,
  d.created_at AS "createdAt", d.resolved_at AS "resolvedAt", d.resolution, d.resolution_reason AS "resolutionReason",
  d.resolved_by AS "resolvedBy",
  (SELECT count(*)::int FROM dead_letter o WHERE o.consumer = d.consumer AND o.topic = d.topic AND o.message_key = d.message_key
     AND o.resolved_at IS NULL AND o.id <> d.id) AS "heldBehind"`;

/**
 * The operators' view of this service's dead letters: list and inspect them, re-drive a letter's
 * key after the cause is fixed, or discard a letter with a reason, releasing the events held behind
 * it. Re-drive and discard run through the consumer that wrote the letter, in this process.
 */
@Injectable()
export class DeadLetterAdmin {
  private readonly transports: { consumerNamed(name: string): InboxConsumer | undefined }[] = [];

  constructor(private readonly dataSource: DataSource) {}

  /** Done by `inboxTransportFor`. */
  attach(transport: { consumerNamed(name: string): InboxConsumer | undefined }): void {
    this.transports.push(transport);
  }

  async list(q: {
    consumer?: string;
    state: 'unresolved' | 'resolved' | 'all';
    limit: number;
    offset: number;
  }): Promise<{ items: DeadLetterView[]; total: number }> {
    const where = [
      q.state === 'unresolved'
        ? 'd.resolved_at IS NULL'
        : q.state === 'resolved'
          ? 'd.resolved_at IS NOT NULL'
          : 'true',
      '($1::text IS NULL OR d.consumer = $1)',
    ].join(' AND ');
    const [items, [{ total }]] = await Promise.all([
      this.dataSource.query(`${VIEW} FROM dead_letter d WHERE ${where} ORDER BY d.id LIMIT $2 OFFSET $3`, [
        q.consumer ?? null,
        q.limit,
        q.offset,
      ]),
      this.dataSource.query(`SELECT count(*)::int AS total FROM dead_letter d WHERE ${where}`, [q.consumer ?? null]),
    ]);
    return { items: items.map(dates), total };
  }

  async get(id: string): Promise<DeadLetterView | undefined> {
    const [row] = await this.dataSource.query(`${VIEW}, d.payload FROM dead_letter d WHERE d.id = $1`, [id]);
    return row ? dates(row) : undefined;
  }

  /** Re-drives the key of letter `id`: all its unresolved letters, in order, or none with the reason. */
  async redrive(id: string, by: string, audit: Audit): Promise<RedriveOutcome> {
    const letter = await this.unresolved(id);
    if (letter.key === null)
      return { status: 'refused', why: 'a record without a key holds nothing; discard it instead' };
    return this.redriveKey(letter, by, audit);
  }

  /** Discards letter `id` with a reason, then re-drives the events held behind it, if any. */
  async discard(
    id: string,
    reason: string,
    by: string,
    audit: Audit,
  ): Promise<{ discarded: DeadLetterView; heldEvents?: RedriveOutcome }> {
    const letter = await this.unresolved(id);
    const { remaining } = await this.consumerOf(letter).letters.discard(id, reason, by, audit);
    const heldEvents =
      remaining > 0 && letter.key !== null ? await this.redriveKey(letter, by, async () => undefined) : undefined;
    return { discarded: (await this.get(id))!, ...(heldEvents ? { heldEvents } : {}) };
  }

  private async redriveKey(letter: DeadLetterView, by: string, audit: Audit): Promise<RedriveOutcome> {
    try {
      const r = await this.consumerOf(letter).letters.redrive(letter.topic, letter.key!, by, audit);
      return { status: 'applied', ...r };
    } catch (e) {
      return { status: 'refused', why: e instanceof Error ? e.message : String(e) };
    }
  }

  private async unresolved(id: string): Promise<DeadLetterView> {
    const letter = await this.get(id);
    if (!letter) throw new DeadLetterNotFound(id);
    if (letter.resolvedAt) throw new DeadLetterResolved(letter);
    return letter;
  }

  private consumerOf(letter: DeadLetterView): InboxConsumer {
    for (const t of this.transports) {
      const c = t.consumerNamed(letter.consumer);
      if (c) return c;
    }
    throw new Error(`consumer ${letter.consumer} does not run in this service`);
  }
}

export class DeadLetterNotFound extends Error {
  constructor(readonly id: string) {
    super(`no dead letter #${id}`);
  }
}

export class DeadLetterResolved extends Error {
  constructor(readonly letter: DeadLetterView) {
    super(`dead letter #${letter.id} was already ${letter.resolution} at ${letter.resolvedAt}`);
  }
}

function dates(row: Record<string, unknown>): DeadLetterView {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : (v as string | null));
  return { ...row, createdAt: iso(row.createdAt), resolvedAt: iso(row.resolvedAt) } as DeadLetterView;
}

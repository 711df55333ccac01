import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { createEvent, EventEnvelope, Sources } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { FieldError } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PersonIdentityService } from '../identity/person-identity.service';
import { EVENT_OF_RECORD_TYPE, ValidRecord } from '../life-events/life-event-record';
import { LifeEventsService } from '../life-events/life-events.service';
import { readHeader, toRecord } from './csv-record';
import { CsvRow, CsvRows, CsvTooLarge } from './csv-rows';

/** Counters of an import, also kept in bulk_import for progress polling. */
export interface BulkImportProgress {
  id: string;
  status: 'running' | 'finished' | 'failed';
  rowsRead: number;
  rowsAccepted: number;
  rowsDuplicate: number;
  rowsRejected: number;
  error?: string;
  /** Why a failed import stopped. */
  reason?: 'too-large' | 'invalid';
}

interface RowError extends FieldError {
  line: number;
  recordId?: string;
}

const DEFAULT_CHUNK = 1000;

/**
 * Initial loads from CSV: streamed (the file is never held in memory), validated row by row like
 * the batch API, written in chunks of multi-row INSERTs (records, encrypted identities, outbox
 * events and the per-row error report) with one transaction per chunk, so a crash loses at most
 * the chunk in flight and a re-run skips what was loaded (record ids are unique per sender).
 * Revocations are refused here: they depend on earlier records and go through the batch API.
 */
@Injectable()
export class BulkImportService {
  constructor(private readonly dataSource: DataSource, private readonly lifeEvents: LifeEventsService, private readonly identities: PersonIdentityService, private readonly outbox: Outbox) {}

  async run(source: Readable, senderId: string, opts: { id?: string; maxBytes?: number; chunkSize?: number; onProgress?: (p: BulkImportProgress) => void } = {}): Promise<BulkImportProgress> {
    const p: BulkImportProgress = { id: opts.id ?? randomUUID(), status: 'running', rowsRead: 0, rowsAccepted: 0, rowsDuplicate: 0, rowsRejected: 0 };
    await this.dataSource.query(`INSERT INTO bulk_import (id, sender_id, status) VALUES ($1, $2, 'running')`, [p.id, senderId]);
    const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK;
    let columns: string[] | undefined;
    let chunk: CsvRow[] = [];
    try {
      for await (const row of source.pipe(new CsvRows(opts.maxBytes))) {
        if (!columns) {
          const header = readHeader(row as CsvRow);
          if (!header.ok) throw new Error(header.message);
          columns = header.columns;
          continue;
        }
        chunk.push(row as CsvRow);
        if (chunk.length >= chunkSize) {
          await this.writeChunk(p, senderId, columns, chunk);
          chunk = [];
          opts.onProgress?.({ ...p });
        }
      }
      if (!columns) throw new Error('the CSV is empty: a header row is required');
      if (chunk.length) await this.writeChunk(p, senderId, columns, chunk);
      p.status = 'finished';
    } catch (e) {
      p.status = 'failed';
      p.error = (e as Error).message;
      p.reason = e instanceof CsvTooLarge ? 'too-large' : 'invalid';
      source.resume();
    }
    await this.dataSource.query(`UPDATE bulk_import SET status = $2, error = $3, finished_at = now() WHERE id = $1`, [p.id, p.status, p.error ?? null]);
    opts.onProgress?.({ ...p });
    return p;
  }

  async progress(manager: EntityManager, id: string): Promise<BulkImportProgress | undefined> {
    const [r] = await manager.query(`SELECT * FROM bulk_import WHERE id = $1`, [id]);
    if (!r) return undefined;
    return {
      id: r.id,
      status: r.status,
      rowsRead: Number(r.rows_read),
      rowsAccepted: Number(r.rows_accepted),
      rowsDuplicate: Number(r.rows_duplicate),
      rowsRejected: Number(r.rows_rejected),
      ...(r.error ? { error: r.error } : {}),
    };
  }

  private async writeChunk(p: BulkImportProgress, senderId: string, columns: string[], rows: CsvRow[]): Promise<void> {
    const errors: RowError[] = [];
    const valid: { record: ValidRecord; event?: EventEnvelope; personRef: string; payload: Record<string, unknown> }[] = [];
    const identities = new Map<string, [string, string, string]>();
    const messageId = `bulk:${p.id}`;
    for (const row of rows) {
      const check = this.lifeEvents.check(toRecord(columns, row));
      if (!check.ok) {
        errors.push(...check.errors.map((e) => ({ ...e, line: row.line, recordId: check.recordId })));
        continue;
      }
      const r = check.record;
      if (r.recordType === 'death' && r.data.status === 'revoked') {
        errors.push({ line: row.line, recordId: r.recordId, field: 'data.status', rule: 'notInBulk', message: 'revocations go through the batch API (POST /api/v1/life-events)' });
        continue;
      }
      const idRow = this.identities.encryptedRow(r.idNumber);
      identities.set(idRow[0], idRow);
      const data = { ...r.data };
      for (const [key, num] of [['motherPersonRef', r.motherIdNumber], ['fatherPersonRef', r.fatherIdNumber]] as const) {
        if (!num) continue;
        const parent = this.identities.encryptedRow(num);
        identities.set(parent[0], parent);
        data[key] = parent[0];
      }
      const payload = { recordId: r.recordId, personRef: idRow[0], maskedId: idRow[1], ...data };
      const def = EVENT_OF_RECORD_TYPE[r.recordType as keyof typeof EVENT_OF_RECORD_TYPE];
      const event = def ? createEvent(def as never, payload as never, { source: Sources.hub, correlationId: messageId }) : undefined;
      valid.push({ record: r, event, personRef: idRow[0], payload });
    }
    await this.dataSource.transaction(async (tx) => {
      let inserted = new Set<string>();
      if (valid.length) {
        const params: unknown[] = [];
        const values = valid.map((v) => {
          params.push(senderId, v.record.recordId, v.record.recordType, v.personRef, messageId, v.event?.id ?? null, v.event?.type ?? null, JSON.stringify(v.payload));
          const n = params.length;
          return `($${n - 7}, $${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::jsonb)`;
        });
        const rows = await tx.query(
          `INSERT INTO hub_record (sender_id, record_id, record_type, person_ref, message_id, event_id, event_type, payload) VALUES ${values.join(', ')} ON CONFLICT DO NOTHING RETURNING event_id, record_id`,
          params,
        );
        inserted = new Set(rows.map((r: { record_id: string }) => r.record_id));
        const fresh = valid.filter((v) => inserted.has(v.record.recordId) && v.event);
        // a record id twice in one chunk: the first row wins, the second is a duplicate
        const seen = new Set<string>();
        const events = fresh.filter((v) => (seen.has(v.record.recordId) ? false : (seen.add(v.record.recordId), true))).map((v) => v.event as EventEnvelope);
        if (events.length) await this.outbox.appendAll(tx, events);
        const ids = [...identities.values()];
        if (ids.length) {
          const idParams = ids.flat();
          await tx.query(
            `INSERT INTO person_identity (person_ref, masked_id, encrypted_id) VALUES ${ids.map((_, i) => `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`).join(', ')} ON CONFLICT (person_ref) DO NOTHING`,
            idParams,
          );
        }
      }
      if (errors.length) {
        const params: unknown[] = [];
        const values = errors.map((e) => {
          params.push(p.id, e.line, e.recordId ?? null, e.field, e.rule, e.message);
          const n = params.length;
          return `($${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
        });
        await tx.query(`INSERT INTO bulk_import_error (import_id, line, record_id, field, rule, message) VALUES ${values.join(', ')}`, params);
      }
      const rejectedRows = new Set(errors.map((e) => e.line)).size;
      const accepted = inserted.size;
      const duplicates = valid.length - accepted;
      await tx.query(
        `UPDATE bulk_import SET rows_read = rows_read + $2, rows_accepted = rows_accepted + $3, rows_duplicate = rows_duplicate + $4, rows_rejected = rows_rejected + $5 WHERE id = $1`,
        [p.id, rows.length, accepted, duplicates, rejectedRows],
      );
      p.rowsRead += rows.length;
      p.rowsAccepted += accepted;
      p.rowsDuplicate += duplicates;
      p.rowsRejected += rejectedRows;
    });
  }
}

import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EventDefinition, EventEnvelope, Sources } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { FieldError, ProblemException } from '@civic/platform';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { HubGatewayConfig } from '../hub-gateway.config';
import { PersonIdentity, PersonIdentityService } from '../identity/person-identity.service';
import { EVENT_OF_RECORD_TYPE, RecordEvents, ValidRecord } from '../life-events/life-event-record';
import { LifeEventsService } from '../life-events/life-events.service';
import { SendersService } from '../senders/senders.service';
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

/** A valid row on its way into the chunk's statements; the event id is chosen before the insert. */
interface PendingRecord {
  record: ValidRecord;
  def: EventDefinition | undefined;
  eventId: string | null;
  personRef: string;
  payload: Record<string, unknown>;
  event: EventEnvelope | undefined;
}

/** A chunk ready for its transaction. */
interface PreparedChunk {
  rows: number;
  errors: RowError[];
  valid: PendingRecord[];
  identities: [string, string, string][];
  messageId: string;
}

const DEFAULT_CHUNK = 1000;
const PREPARE_SLICE = 100;

/**
 * Initial loads from CSV: streamed (the file is never held in memory), validated row by row like
 * the batch API, written in chunks: one INSERT ... SELECT FROM unnest(arrays) per table (records,
 * encrypted identities, outbox events, the per-row error report) in one transaction per chunk, so
 * a crash loses at most the chunk in flight and a re-run skips what was loaded (record ids are unique per sender).
 * Revocations are refused here: they depend on earlier records and go through the batch API.
 */
@Injectable()
export class BulkImportService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('BulkImport');
  /** Imports running after their upload was answered (Prefer: respond-async). */
  private readonly jobs = new Set<Promise<unknown>>();

  // stateless; constructed here so the benchmarks can build the service without Nest
  private readonly outbox = new Outbox();

  constructor(
    private readonly dataSource: DataSource,
    private readonly lifeEvents: LifeEventsService,
    private readonly identities: PersonIdentityService,
    private readonly senders: SendersService,
    private readonly config: HubGatewayConfig,
  ) {}

  /**
   * POST bulk-imports: a registered sender's CSV, read to the end before the answer. A failed import
   * is answered with a problem naming the row it stopped at (413 when over BULK_BODY_LIMIT_BYTES).
   */
  async upload(source: Readable, senderId: string, importId: string | undefined): Promise<BulkImportProgress> {
    if (!(await this.senders.find(this.dataSource.manager, senderId)))
      throw ProblemException.forbidden(`${senderId} is not a registered sender`);
    if (importId && (await this.progress(this.dataSource.manager, importId)))
      throw ProblemException.conflict(`import ${importId} exists`);
    const result = await this.run(source, senderId, {
      id: importId,
      maxBytes: this.config.BULK_BODY_LIMIT_BYTES,
      chunkSize: this.config.BULK_CHUNK_ROWS,
    });
    if (result.reason === 'too-large')
      throw new ProblemException(413, `import ${result.id} stopped after ${result.rowsRead} rows: ${result.error}`, {
        extras: { importId: result.id },
      });
    if (result.status === 'failed')
      throw ProblemException.invalidField(
        '(body)',
        'csv',
        `import ${result.id} stopped after ${result.rowsRead} rows: ${result.error}`,
      );
    return result;
  }

  /**
   * POST bulk-imports with `Prefer: respond-async`: the body is spooled to a temporary file (the size
   * limit applies while it arrives), the import is registered and answered with its id at once, and
   * the rows are read in the background; GET bulk-imports/{id} shows the progress, chunk by chunk.
   */
  async uploadAsync(source: Readable, senderId: string, importId: string | undefined): Promise<BulkImportProgress> {
    if (!(await this.senders.find(this.dataSource.manager, senderId)))
      throw ProblemException.forbidden(`${senderId} is not a registered sender`);
    if (importId && (await this.progress(this.dataSource.manager, importId)))
      throw ProblemException.conflict(`import ${importId} exists`);
    const id = importId ?? randomUUID();
    const dir = await mkdtemp(join(tmpdir(), 'hub-bulk-'));
    const file = join(dir, 'upload.csv');
    try {
      await pipeline(source, byteLimit(this.config.BULK_BODY_LIMIT_BYTES), createWriteStream(file));
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      if (e instanceof CsvTooLarge) {
        source.resume();
        throw new ProblemException(413, `the upload is larger than ${this.config.BULK_BODY_LIMIT_BYTES} bytes`);
      }
      throw e;
    }
    await this.dataSource.query(`INSERT INTO bulk_import (id, sender_id, status) VALUES ($1, $2, 'running')`, [
      id,
      senderId,
    ]);
    const job = this.run(createReadStream(file), senderId, {
      id,
      registered: true,
      maxBytes: this.config.BULK_BODY_LIMIT_BYTES,
      chunkSize: this.config.BULK_CHUNK_ROWS,
    })
      .catch((e) => this.logger.error({ msg: `bulk import ${id} failed: ${(e as Error).message}` }))
      .finally(() => rm(dir, { recursive: true, force: true }));
    this.jobs.add(job);
    void job.finally(() => this.jobs.delete(job));
    return { id, status: 'running', rowsRead: 0, rowsAccepted: 0, rowsDuplicate: 0, rowsRejected: 0 };
  }

  /** Lets running imports finish their file before the database goes away. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.jobs]);
  }

  /** Progress of one of the sender's imports; another sender's is as unknown as a missing one. */
  async progressOf(senderId: string, id: string): Promise<BulkImportProgress | undefined> {
    await this.requireOwner(senderId, id);
    return this.progress(this.dataSource.manager, id);
  }

  /** One page of an import's per-row error report, by line. */
  async errors(senderId: string, id: string, limit: number, offset: number) {
    await this.requireOwner(senderId, id);
    const rows = await this.dataSource.query(
      `SELECT line, record_id, field, rule, message, count(*) OVER () AS total FROM bulk_import_error WHERE import_id = $1 ORDER BY line, field LIMIT $2 OFFSET $3`,
      [id, limit, offset],
    );
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      items: rows.map((r: Record<string, unknown>) => ({
        line: Number(r.line),
        recordId: r.record_id,
        field: r.field,
        rule: r.rule,
        message: r.message,
      })),
    };
  }

  private async requireOwner(senderId: string, id: string): Promise<void> {
    const [row] = await this.dataSource.query(`SELECT sender_id FROM bulk_import WHERE id = $1`, [id]);
    if (!row || row.sender_id !== senderId) throw ProblemException.notFound('bulk import', id);
  }

  async run(
    source: Readable,
    senderId: string,
    opts: {
      id?: string;
      /** The bulk_import row exists already (async upload). */
      registered?: boolean;
      maxBytes?: number;
      chunkSize?: number;
      onProgress?: (p: BulkImportProgress) => void;
    } = {},
  ): Promise<BulkImportProgress> {
    const p: BulkImportProgress = {
      id: opts.id ?? randomUUID(),
      status: 'running',
      rowsRead: 0,
      rowsAccepted: 0,
      rowsDuplicate: 0,
      rowsRejected: 0,
    };
    if (!opts.registered)
      await this.dataSource.query(`INSERT INTO bulk_import (id, sender_id, status) VALUES ($1, $2, 'running')`, [
        p.id,
        senderId,
      ]);
    const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK;
    let columns: string[] | undefined;
    let chunk: CsvRow[] = [];
    // One chunk's transaction runs in PostgreSQL while the next chunk is validated and encrypted
    // here: the two use different cores. Commits stay one at a time and in file order.
    let inFlight: Promise<unknown> | undefined;
    let failure: { error: unknown } | undefined;
    const settle = async () => {
      await inFlight;
      inFlight = undefined;
      if (failure) throw failure.error;
    };
    const write = async (rows: CsvRow[]) => {
      const prepared = await this.prepareChunk(p.id, columns as string[], rows);
      await settle();
      inFlight = this.commitChunk(p, senderId, prepared)
        .then(() => opts.onProgress?.({ ...p }))
        // kept until settle(): an unobserved rejection would end the process while the next chunk is read
        .catch((error: unknown) => (failure = { error }));
    };
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
          await write(chunk);
          chunk = [];
        }
      }
      if (!columns) throw new Error('the CSV is empty: a header row is required');
      if (chunk.length) await write(chunk);
      await settle();
      p.status = 'finished';
    } catch (e) {
      // a chunk committed before the failure stays committed and counted, as before
      await inFlight;
      p.status = 'failed';
      p.error = (e as Error).message;
      p.reason = e instanceof CsvTooLarge ? 'too-large' : 'invalid';
      source.resume();
    }
    await this.dataSource.query(`UPDATE bulk_import SET status = $2, error = $3, finished_at = now() WHERE id = $1`, [
      p.id,
      p.status,
      p.error ?? null,
    ]);
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

  /**
   * The CPU part of a chunk: validation, personRefs, encryption, events. It gives way to the event
   * loop every PREPARE_SLICE rows, so the previous chunk's statements go out and come back meanwhile.
   */
  private async prepareChunk(importId: string, columns: string[], rows: CsvRow[]): Promise<PreparedChunk> {
    const errors: RowError[] = [];
    const valid: PendingRecord[] = [];
    const identities = new Map<string, [string, string, string]>();
    const messageId = `bulk:${importId}`;
    // a person's refs once per chunk: a parent or a repeated person costs one HMAC and one encryption
    const people = new Map<string, PersonIdentity>();
    const identify = (number: string): PersonIdentity => {
      let person = people.get(number);
      if (!person) people.set(number, (person = this.identities.identify(number)));
      return person;
    };
    // the check validates the real payload and builds its event in the same createEvent call;
    // built before the insert (off the transaction's critical path), dropped for a duplicate
    const events: RecordEvents = {
      identify,
      origin: () => ({ source: Sources.hub, correlationId: messageId, id: randomUUID() }),
    };
    for (const [i, row] of rows.entries()) {
      if (i % PREPARE_SLICE === PREPARE_SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
      const check = this.lifeEvents.check(toRecord(columns, row), events);
      if (!check.ok) {
        errors.push(...check.errors.map((e) => ({ ...e, line: row.line, recordId: check.recordId })));
        continue;
      }
      const r = check.record;
      if (r.recordType === 'death' && r.data.status === 'revoked') {
        errors.push({
          line: row.line,
          recordId: r.recordId,
          field: 'data.status',
          rule: 'notInBulk',
          message: 'revocations go through the batch API (POST /api/v1/life-events)',
        });
        continue;
      }
      // only rows that passed leave an identity behind (identify above also runs for the check)
      for (const number of [r.idNumber, r.motherIdNumber, r.fatherIdNumber]) {
        if (!number) continue;
        const person = identify(number);
        if (!identities.has(person.personRef))
          identities.set(person.personRef, this.identities.encryptedRow(number, person));
      }
      const def = EVENT_OF_RECORD_TYPE[r.recordType as keyof typeof EVENT_OF_RECORD_TYPE] as
        EventDefinition | undefined;
      const event = check.event;
      const payload = check.payload as Record<string, unknown>;
      valid.push({
        record: r,
        def,
        eventId: event?.id ?? null,
        personRef: payload.personRef as string,
        payload,
        event,
      });
    }
    return { rows: rows.length, errors, valid, identities: [...identities.values()], messageId };
  }

  private async commitChunk(p: BulkImportProgress, senderId: string, chunk: PreparedChunk): Promise<void> {
    const { errors, valid, messageId } = chunk;
    await this.dataSource.transaction(async (tx) => {
      let accepted = 0;
      if (valid.length) {
        // one statement per table and chunk, arrays as parameters (not a VALUES list of 8 per row);
        // rows keep file order, so of a record id twice in the chunk the first row wins
        const inserted: { event_id: string | null }[] = await tx.query(
          `INSERT INTO hub_record (sender_id, record_id, record_type, person_ref, message_id, event_id, event_type, payload)
           SELECT $1, r.record_id, r.record_type, r.person_ref, $2, r.event_id, r.event_type, r.payload::jsonb
           FROM unnest($3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[]) WITH ORDINALITY AS r(record_id, record_type, person_ref, event_id, event_type, payload, ord)
           ORDER BY r.ord
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [
            senderId,
            messageId,
            valid.map((v) => v.record.recordId),
            valid.map((v) => v.record.recordType),
            valid.map((v) => v.personRef),
            valid.map((v) => v.eventId),
            valid.map((v) => v.def?.type ?? null),
            valid.map((v) => JSON.stringify(v.payload)),
          ],
        );
        accepted = inserted.length;
        // events only for records stored now: a duplicate (re-run, or again in the file) emits nothing
        const fresh = new Set(inserted.map((r) => r.event_id));
        const events = valid.filter((v) => v.event && fresh.has(v.eventId)).map((v) => v.event as EventEnvelope);
        await this.outbox.appendAll(tx, events);
        const ids = chunk.identities;
        await tx.query(
          `INSERT INTO person_identity (person_ref, masked_id, encrypted_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (person_ref) DO NOTHING`,
          [ids.map((i) => i[0]), ids.map((i) => i[1]), ids.map((i) => i[2])],
        );
      }
      if (errors.length) {
        await tx.query(
          `INSERT INTO bulk_import_error (import_id, line, record_id, field, rule, message) SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])`,
          [
            p.id,
            errors.map((e) => e.line),
            errors.map((e) => e.recordId ?? null),
            errors.map((e) => e.field),
            errors.map((e) => e.rule),
            errors.map((e) => e.message),
          ],
        );
      }
      const rejectedRows = new Set(errors.map((e) => e.line)).size;
      const duplicates = valid.length - accepted;
      await tx.query(
        `UPDATE bulk_import SET rows_read = rows_read + $2, rows_accepted = rows_accepted + $3, rows_duplicate = rows_duplicate + $4, rows_rejected = rows_rejected + $5 WHERE id = $1`,
        [p.id, chunk.rows, accepted, duplicates, rejectedRows],
      );
      p.rowsRead += chunk.rows;
      p.rowsAccepted += accepted;
      p.rowsDuplicate += duplicates;
      p.rowsRejected += rejectedRows;
    });
  }
}

/** Passes bytes through until there are more than `max`, then fails with CsvTooLarge. */
function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) done(new CsvTooLarge(max));
      else done(null, chunk);
    },
  });
}

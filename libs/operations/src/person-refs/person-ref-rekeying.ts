import { createEvent, EventDefinition, PersonRefRekeyedV1Payload } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuditLog, ResidentIds } from '@civic/platform';
import { DataSource, EntityManager } from 'typeorm';
import { checkColumns, moveRef, PersonRefColumn } from './person-ref-aliases';

/** What a service tells the re-keying about its tables. */
export interface PersonRefRekeyingOptions {
  /** The table holding each person's ref beside their encrypted ID number (so the new ref can be computed). */
  source: { table: string; refColumn: string; encryptedColumn: string };
  /** Every personRef column of the service, the source's included. */
  refColumns: PersonRefColumn[];
  /** The service's `<department>.person.ref-rekeyed` event (its source is the catalog's producer). */
  event: EventDefinition<PersonRefRekeyedV1Payload>;
}

export interface RekeyOutcome {
  keyId: string;
  rekeyed: number;
  /** Stored refs still under another key, per column (refs of people the service holds no number for). */
  remaining: Record<string, number>;
}

/** Refs per transaction: small, so requests and consumed events touching the same rows wait little. */
const BATCH = 100;

/**
 * Re-keys the refs a service stores (docs/adr/0018-person-ref-rekeying.md): each ref not under the
 * ring's current key is re-computed from the encrypted number, moved in every column, kept as an
 * alias and published, in one transaction per batch with its audit entry. Safe to run again, and
 * with traffic flowing: rows are locked while they move, and a ref arriving later resolves through
 * the alias.
 */
export class PersonRefRekeying {
  private readonly columns: PersonRefColumn[];

  constructor(
    private readonly o: PersonRefRekeyingOptions,
    private readonly dataSource: DataSource,
    private readonly ids: ResidentIds,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {
    checkColumns([{ table: o.source.table, column: o.source.encryptedColumn }]);
    const source = { table: o.source.table, column: o.source.refColumn };
    const others = o.refColumns.filter((c) => c.table !== source.table || c.column !== source.column);
    this.columns = checkColumns([source, ...others]);
  }

  /** Re-keys every stored ref it can, batch by batch, and reports what is left. */
  async rekeyAll(actor: string, correlationId?: string): Promise<RekeyOutcome> {
    const keyId = this.ids.currentRefKeyId;
    let rekeyed = 0;
    for (;;) {
      const n = await this.dataSource.transaction((m) => this.batch(m, keyId, actor, correlationId));
      rekeyed += n;
      if (n < BATCH) break;
    }
    return { keyId, rekeyed, remaining: await this.remaining() };
  }

  /** Stored refs not under the current key, per `table.column`. */
  async remaining(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const c of this.columns) {
      const [{ n }] = await this.dataSource.query(
        `SELECT count(*)::int AS n FROM ${c.table} WHERE split_part(${c.column}, ':', 1) <> $1`,
        [this.ids.currentRefKeyId],
      );
      out[`${c.table}.${c.column}`] = n;
    }
    return out;
  }

  /** Applies another service's re-keying to this service's columns (a consumed `*.person.ref-rekeyed`). */
  async follow(manager: EntityManager, p: PersonRefRekeyedV1Payload): Promise<void> {
    await moveRef(manager, this.columns, p.oldRef, p.newRef);
  }

  private async batch(m: EntityManager, keyId: string, actor: string, correlationId?: string): Promise<number> {
    const s = this.o.source;
    // split_part, not LIKE: key ids may hold '_', a LIKE wildcard
    const rows: { ref: string; enc: string }[] = await m.query(
      `SELECT ${s.refColumn} AS ref, ${s.encryptedColumn} AS enc FROM ${s.table}
       WHERE split_part(${s.refColumn}, ':', 1) <> $1 ORDER BY ${s.refColumn} LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      [keyId],
    );
    if (!rows.length) return 0;
    const events = [];
    for (const row of rows) {
      const newRef = this.ids.currentRefOf(row.enc);
      await moveRef(m, this.columns, row.ref, newRef);
      events.push(
        createEvent(this.o.event, { oldRef: row.ref, newRef, keyId }, correlationId ? { correlationId } : {}),
      );
    }
    await this.outbox.appendAll(m, events);
    await this.audit.append(m, {
      actor,
      action: 'person-ref.rekeyed',
      objectType: 'person-ref-key',
      objectId: keyId,
      detail: { refs: rows.length },
    });
    return rows.length;
  }
}

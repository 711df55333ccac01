import { createEvent, EventDefinition, PersonRefRekeyedV1Payload } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuditLog, ResidentIds } from '@civic/platform';
import { DataSource, EntityManager } from 'typeorm';
import { checkColumns, moveRef, PersonRefColumn } from './person-ref-aliases';

/** A table holding each person's ref beside their encrypted ID number (so the new ref can be computed). */
export interface PersonRefSource {
  table: string;
  refColumn: string;
  encryptedColumn: string;
}

/** What a service tells the re-keying about its tables. */
export interface PersonRefRekeyingOptions {
  /** The source table(s); a service keeping numbers in several tables (charity) names each. */
  source: PersonRefSource | PersonRefSource[];
  /** Every personRef column of the service; a source's own column is listed here when it is unique (for its `unique` rule). */
  refColumns: PersonRefColumn[];
  /** The service's `<department>.person.ref-rekeyed` event (its source is the catalog's producer). */
  event: EventDefinition<PersonRefRekeyedV1Payload>;
}

export interface RekeyOutcome {
  keyId: string;
  rekeyed: number;
  /** Stored refs still under another key, per column (refs of people the service holds no number for, marked conflicts). */
  remaining: Record<string, number>;
  /** Old-key rows left in place beside the same person's new-key row (person_ref_conflict), per column. */
  conflicts: Record<string, number>;
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
  private readonly sources: PersonRefSource[];

  constructor(
    private readonly o: PersonRefRekeyingOptions,
    private readonly dataSource: DataSource,
    private readonly ids: ResidentIds,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {
    this.sources = Array.isArray(o.source) ? o.source : [o.source];
    checkColumns(this.sources.map((s) => ({ table: s.table, column: s.encryptedColumn })));
    // sources first: a referenced ref (child-welfare's person) moves before the rows referring to it
    const listed = (s: PersonRefSource) => o.refColumns.find((c) => c.table === s.table && c.column === s.refColumn);
    const sources = this.sources.map((s) => listed(s) ?? { table: s.table, column: s.refColumn });
    const others = o.refColumns.filter((c) => !sources.includes(c));
    this.columns = checkColumns([...sources, ...others]);
  }

  /** Re-keys every stored ref it can, batch by batch, and reports what is left. */
  async rekeyAll(actor: string, correlationId?: string): Promise<RekeyOutcome> {
    const keyId = this.ids.currentRefKeyId;
    let rekeyed = 0;
    for (const source of this.sources)
      for (;;) {
        const n = await this.dataSource.transaction((m) => this.batch(m, source, keyId, actor, correlationId));
        rekeyed += n.refs;
        if (n.rows < BATCH) break;
      }
    return { keyId, rekeyed, remaining: await this.remaining(), conflicts: await this.conflicts() };
  }

  /** Open unique conflicts per `table.column` (a caseworker merges the two registrations, then deletes the row). */
  async conflicts(): Promise<Record<string, number>> {
    const rows: { col: string; n: number }[] = await this.dataSource.query(
      `SELECT table_name || '.' || column_name AS col, count(*)::int AS n FROM person_ref_conflict GROUP BY 1`,
    );
    return Object.fromEntries(rows.map((r) => [r.col, r.n]));
  }

  /** Stored refs not under the current key, per `table.column`. */
  async remaining(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const c of this.columns) {
      // in a document: a `...Ref` key whose value is under another key id (a key id holds no regex syntax: [a-z0-9_])
      const stale = c.json
        ? `${c.column}::text ~ ('Ref": "(?!' || $1 || ':)[^"]*:')`
        : `split_part(${c.column}, ':', 1) <> $1`;
      const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM ${c.table} WHERE ${stale}`, [
        this.ids.currentRefKeyId,
      ]);
      out[`${c.table}.${c.column}`] = n;
    }
    return out;
  }

  private async batch(
    m: EntityManager,
    s: PersonRefSource,
    keyId: string,
    actor: string,
    correlationId?: string,
  ): Promise<{ rows: number; refs: number }> {
    // split_part, not LIKE: key ids may hold '_', a LIKE wildcard. A row marked as a unique conflict
    // stays under its old ref until a caseworker settles it: skipped, or every run would pick it again.
    const rows: { ref: string; enc: string }[] = await m.query(
      `SELECT ${s.refColumn} AS ref, ${s.encryptedColumn} AS enc FROM ${s.table} o
       WHERE split_part(${s.refColumn}, ':', 1) <> $1
         AND NOT EXISTS (SELECT 1 FROM person_ref_conflict k WHERE k.table_name = $2 AND k.old_ref = o.${s.refColumn})
       ORDER BY ${s.refColumn} LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      [keyId, s.table],
    );
    // a source table may hold one person on several rows (a charity's wishes): one move and one event per ref
    const byRef = new Map(rows.map((r) => [r.ref, r.enc]));
    if (!byRef.size) return { rows: 0, refs: 0 };
    const events = [];
    for (const [ref, enc] of byRef) {
      const newRef = this.ids.currentRefOf(enc);
      await moveRef(m, this.columns, ref, newRef);
      events.push(createEvent(this.o.event, { oldRef: ref, newRef, keyId }, correlationId ? { correlationId } : {}));
    }
    await this.outbox.appendAll(m, events);
    await this.audit.append(m, {
      actor,
      action: 'person-ref.rekeyed',
      objectType: 'person-ref-key',
      objectId: keyId,
      detail: { refs: byRef.size },
    });
    return { rows: rows.length, refs: byRef.size };
  }
}

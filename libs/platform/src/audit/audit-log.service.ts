import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { findIdNumberPath } from '@civic/identity';
import { ProblemException } from '../errors/problem.exception';
import { auditHash, AuditRecord, canonicalJson, GENESIS_HASH } from './audit-hash';

/** What a caller records. Identify people by personRef or a masked ID, never a raw ID number. */
export interface AuditEntry {
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  detail?: Record<string, unknown>;
}

/** A stored entry with its place in the chain. */
export interface StoredAuditRecord extends AuditRecord {
  prevHash: string;
  hash: string;
}

const BATCH = 1000;

/**
 * The append-only, hash-chained audit log (docs/reliability.md "Security"). Deleting or editing a row
 * breaks the chain at that point; deleting the newest rows is only caught against an anchored head
 * hash (see `head`).
 */
@Injectable()
export class AuditLog {
  /**
   * Appends inside the caller's transaction (or a new one), so the entry commits with the change it
   * records. A transaction-scoped advisory lock makes appends take turns, keeping the chain linear;
   * run it at READ COMMITTED (the default) so the newest head is visible after the lock.
   */
  async append(manager: EntityManager, entry: AuditEntry): Promise<StoredAuditRecord> {
    if (!manager.queryRunner?.isTransactionActive) return manager.transaction((tx) => this.append(tx, entry));
    // The detail usually carries what the caller typed (a reason, a note): a number there is the
    // caller's mistake, answered 400 naming the field (and the transaction, the change with it, rolls back).
    const leak = findIdNumberPath(entry);
    if (leak !== undefined) {
      const field = leak.replace(/^detail\./, '');
      throw ProblemException.invalidField(field, 'noIdNumber', `${field} must not contain a resident ID number`);
    }
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.audit_log'))`);
    const [last] = await manager.query(`SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
    const [{ seq }] = await manager.query(`SELECT nextval(pg_get_serial_sequence('audit_log', 'seq'))::text AS seq`);
    const record: AuditRecord = {
      seq,
      at: new Date().toISOString(),
      actor: entry.actor,
      action: entry.action,
      objectType: entry.objectType,
      objectId: entry.objectId,
      detail: JSON.parse(canonicalJson(entry.detail ?? {})),
    };
    const prevHash: string = last?.hash ?? GENESIS_HASH;
    const hash = auditHash(prevHash, record);
    await manager.query(
      `INSERT INTO audit_log (seq, at, actor, action, object_type, object_id, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        seq,
        record.at,
        record.actor,
        record.action,
        record.objectType,
        record.objectId,
        JSON.stringify(record.detail),
        prevHash,
        hash,
      ],
    );
    return { ...record, prevHash, hash };
  }

  /** Re-computes the chain from the first entry; returns the seq of the first entry that does not fit, or null. */
  async verifyChain(manager: EntityManager): Promise<string | null> {
    let expectedPrev = GENESIS_HASH;
    let after = '0';
    for (;;) {
      const rows: Row[] = await manager.query(
        `SELECT seq::text AS seq, at, actor, action, object_type, object_id, detail, prev_hash, hash FROM audit_log WHERE audit_log.seq > $1 ORDER BY audit_log.seq LIMIT ${BATCH}`,
        [after],
      );
      for (const r of rows) {
        const record: AuditRecord = {
          seq: r.seq,
          at: r.at.toISOString(),
          actor: r.actor,
          action: r.action,
          objectType: r.object_type,
          objectId: r.object_id,
          detail: r.detail,
        };
        if (r.prev_hash !== expectedPrev || auditHash(r.prev_hash, record) !== r.hash) return r.seq;
        expectedPrev = r.hash;
        after = r.seq;
      }
      if (rows.length < BATCH) return null;
    }
  }

  /** The newest entry's seq and hash, for anchoring outside the database (null when empty). */
  async head(manager: EntityManager): Promise<{ seq: string; hash: string } | null> {
    const [row] = await manager.query(
      `SELECT seq::text AS seq, hash FROM audit_log ORDER BY audit_log.seq DESC LIMIT 1`,
    );
    return row ?? null;
  }
}

interface Row {
  seq: string;
  at: Date;
  actor: string;
  action: string;
  object_type: string;
  object_id: string;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

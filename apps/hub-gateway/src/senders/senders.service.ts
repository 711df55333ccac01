import { ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Jwks } from '../dci/signing/dci-signature';

/** A registered sender as the gateway uses it. */
export interface Sender {
  senderId: string;
  jwks: Jwks;
  callbackBaseUrl: string | null;
  ratePerMinute: number | null;
  maxBatchRecords: number | null;
}

/** Senders (the data hub, the civil registry, agencies) and their registered signing keys. */
@Injectable()
export class SendersService {
  async find(manager: EntityManager, senderId: string): Promise<Sender | undefined> {
    const [row] = await manager.query(`SELECT * FROM dci_sender WHERE sender_id = $1`, [senderId]);
    return row && toSender(row);
  }

  async upsert(manager: EntityManager, s: Sender): Promise<Sender> {
    const [row] = await manager.query(
      `INSERT INTO dci_sender (sender_id, jwks, callback_base_url, rate_per_minute, max_batch_records) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (sender_id) DO UPDATE SET jwks = EXCLUDED.jwks, callback_base_url = EXCLUDED.callback_base_url,
         rate_per_minute = EXCLUDED.rate_per_minute, max_batch_records = EXCLUDED.max_batch_records, updated_at = now()
       RETURNING *`,
      [s.senderId, JSON.stringify(s.jwks), s.callbackBaseUrl, s.ratePerMinute, s.maxBatchRecords],
    );
    return toSender(row);
  }

  async list(manager: EntityManager, limit: number, offset: number): Promise<{ items: Sender[]; total: number }> {
    const rows = await manager.query(
      `SELECT *, count(*) OVER () AS total FROM dci_sender ORDER BY sender_id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    const total = rows.length
      ? Number(rows[0].total)
      : Number((await manager.query(`SELECT count(*) AS n FROM dci_sender`))[0].n);
    return { items: rows.map(toSender), total };
  }

  async require(manager: EntityManager, senderId: string): Promise<Sender> {
    const s = await this.find(manager, senderId);
    if (!s) throw ProblemException.notFound('sender', senderId);
    return s;
  }
}

function toSender(row: Record<string, unknown>): Sender {
  return {
    senderId: row.sender_id as string,
    jwks: row.jwks as Jwks,
    callbackBaseUrl: (row.callback_base_url as string) ?? null,
    ratePerMinute: (row.rate_per_minute as number) ?? null,
    maxBatchRecords: (row.max_batch_records as number) ?? null,
  };
}

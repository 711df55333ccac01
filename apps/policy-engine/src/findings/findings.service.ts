import { Filters, Page, pageOf } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ViewChange } from '../person-view/view-change';

/** Programmes a person may not hold at once (docs/domain.md §1 layered programmes, §3 categories). */
export const EXCLUSIVE_PAIRS: readonly [string, string, string, string][] = [
  ['assistance', 'extreme-poverty', 'assistance', 'dibao'],
  ['assistance', 'dibao', 'assistance', 'low-income'],
  ['child-welfare', 'orphan', 'child-welfare', 'de-facto-unsupported'],
];

export interface FindingRow {
  id: string;
  kind: string;
  person_ref: string;
  town: string | null;
  detail: Record<string, unknown>;
  source_event_id: string | null;
  found_at: Date;
}

/**
 * Audit findings for supervision: a payment dated after a recorded death, and duplicate benefits
 * across programmes. Each finding is recorded once (kind + dedupe key), whatever the redelivery.
 */
@Injectable()
export class FindingsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Checks what an event's view changes may have made wrong; runs in the inbox transaction. */
  async check(manager: EntityManager, eventId: string, changes: ViewChange[]): Promise<number> {
    let found = 0;
    const people = new Set<string>();
    for (const c of changes) {
      if (c.kind === 'payment' || (c.kind === 'person' && 'deathDate' in c.set && c.set.deathDate))
        people.add(c.personRef);
    }
    for (const personRef of people) found += await this.paymentsAfterDeath(manager, personRef, eventId);
    for (const c of changes)
      if (c.kind === 'programme' && c.set.status === 'enrolled')
        found += await this.duplicates(manager, c.personRef, eventId);
    return found;
  }

  // "never pay a person after their recorded date of death" (docs/domain.md §1 Payments): any payment
  // event dated after the death, whichever arrived first.
  private async paymentsAfterDeath(manager: EntityManager, personRef: string, eventId: string): Promise<number> {
    const rows: {
      payment_id: string;
      status: string;
      programme: string;
      dated: string;
      amount_fen: string;
      death_date: string;
      town: string | null;
      event_id: string;
    }[] = await manager.query(
      `SELECT pe.payment_id, pe.status, pe.programme, to_char(pe.dated, 'YYYY-MM-DD') AS dated, pe.amount_fen, p.attrs->>'deathDate' AS death_date, p.attrs->>'town' AS town, pe.event_id
       FROM pe_payment_event pe JOIN pe_person p USING (person_ref)
       WHERE pe.person_ref = $1 AND p.attrs->>'deathDate' IS NOT NULL AND pe.status <> 'stopped' AND pe.dated > (p.attrs->>'deathDate')::date`,
      [personRef],
    );
    let n = 0;
    for (const r of rows) {
      n += await this.record(
        manager,
        'payment-after-death',
        `${r.payment_id}:${r.status}`,
        personRef,
        r.town,
        {
          paymentId: r.payment_id,
          paymentStatus: r.status,
          programme: r.programme,
          paymentDate: r.dated,
          amountFen: Number(r.amount_fen),
          deathDate: r.death_date,
          paymentEventId: r.event_id,
        },
        eventId,
      );
    }
    return n;
  }

  private async duplicates(manager: EntityManager, personRef: string, eventId: string): Promise<number> {
    const rows: { department: string; programme: string; from: string | null }[] = await manager.query(
      `SELECT department, programme, attrs->>'from' AS from FROM pe_programme WHERE person_ref = $1 AND attrs->>'status' = 'enrolled'`,
      [personRef],
    );
    const [person] = await manager.query(`SELECT attrs->>'town' AS town FROM pe_person WHERE person_ref = $1`, [
      personRef,
    ]);
    let n = 0;
    for (const [d1, p1, d2, p2] of EXCLUSIVE_PAIRS) {
      const a = rows.find((r) => r.department === d1 && r.programme === p1);
      const b = rows.find((r) => r.department === d2 && r.programme === p2);
      if (!a || !b) continue;
      n += await this.record(
        manager,
        'duplicate-benefit',
        `${personRef}:${d1}/${p1}+${d2}/${p2}`,
        personRef,
        person?.town ?? null,
        {
          programmes: [`${d1}/${p1}`, `${d2}/${p2}`],
          from: [a.from, b.from],
        },
        eventId,
      );
    }
    return n;
  }

  private async record(
    manager: EntityManager,
    kind: string,
    key: string,
    personRef: string,
    town: string | null,
    detail: Record<string, unknown>,
    eventId: string,
  ): Promise<number> {
    const rows = await manager.query(
      `INSERT INTO pe_finding (id, kind, dedupe_key, person_ref, town, detail, source_event_id) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) ON CONFLICT (kind, dedupe_key) DO NOTHING RETURNING id`,
      [randomUUID(), kind, key, personRef, town, JSON.stringify(detail), eventId],
    );
    return rows.length;
  }

  /** A page of findings, newest first. */
  async list(f: { kind?: string; personRef?: string; limit: number; offset: number }): Promise<Page<FindingRow>> {
    const filters = new Filters().eq('kind', f.kind).eq('person_ref', f.personRef);
    return pageOf(
      this.dataSource.manager,
      '*',
      'pe_finding',
      filters,
      'found_at DESC, id',
      f,
      (row: FindingRow) => row,
    );
  }
}

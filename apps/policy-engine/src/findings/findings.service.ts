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

/** A finding to record: kind and dedupe key make it unique. */
interface Finding {
  kind: string;
  key: string;
  personRef: string;
  town: string | null;
  detail: Record<string, unknown>;
  eventId: string;
}

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

  /**
   * Checks what the view changes of a segment's events may have made wrong, in the inbox
   * transaction: one read per finding kind and one insert.
   * The events of a segment share no person (person-view/run-plan.ts), so each person's finding is
   * the one the event naming them would have recorded; a finding two of them would record (same
   * kind and dedupe key) is recorded by the first, as one after the other would.
   */
  async checkAll(manager: EntityManager, events: { eventId: string; changes: ViewChange[] }[]): Promise<number> {
    const deathOrPayment = new Map<string, string>(); // person → the first event naming them
    const enrolled = new Map<string, string>();
    for (const { eventId, changes } of events)
      for (const c of changes) {
        if (c.kind === 'payment' || (c.kind === 'person' && 'deathDate' in c.set && c.set.deathDate))
          if (!deathOrPayment.has(c.personRef)) deathOrPayment.set(c.personRef, eventId);
        if (c.kind === 'programme' && c.set.status === 'enrolled' && !enrolled.has(c.personRef))
          enrolled.set(c.personRef, eventId);
      }
    const found = [
      ...(await this.paymentsAfterDeath(manager, deathOrPayment)),
      ...(await this.duplicates(manager, enrolled)),
    ];
    return this.recordAll(manager, found);
  }

  // "never pay a person after their recorded date of death" (docs/domain.md §1 Payments): any payment
  // event dated after the death, whichever arrived first.
  private async paymentsAfterDeath(manager: EntityManager, eventOf: Map<string, string>): Promise<Finding[]> {
    if (!eventOf.size) return [];
    const rows: {
      person_ref: string;
      payment_id: string;
      status: string;
      programme: string;
      dated: string;
      amount_fen: string;
      death_date: string;
      town: string | null;
      event_id: string;
    }[] = await manager.query(
      `SELECT pe.person_ref, pe.payment_id, pe.status, pe.programme, to_char(pe.dated, 'YYYY-MM-DD') AS dated, pe.amount_fen, p.attrs->>'deathDate' AS death_date, p.attrs->>'town' AS town, pe.event_id
       FROM pe_payment_event pe JOIN pe_person p USING (person_ref)
       WHERE pe.person_ref = ANY($1::text[]) AND p.attrs->>'deathDate' IS NOT NULL AND pe.status <> 'stopped' AND pe.dated > (p.attrs->>'deathDate')::date`,
      [[...eventOf.keys()]],
    );
    return rows.map((r) => ({
      kind: 'payment-after-death',
      key: `${r.payment_id}:${r.status}`,
      personRef: r.person_ref,
      town: r.town,
      detail: {
        paymentId: r.payment_id,
        paymentStatus: r.status,
        programme: r.programme,
        paymentDate: r.dated,
        amountFen: Number(r.amount_fen),
        deathDate: r.death_date,
        paymentEventId: r.event_id,
      },
      eventId: eventOf.get(r.person_ref) as string,
    }));
  }

  private async duplicates(manager: EntityManager, eventOf: Map<string, string>): Promise<Finding[]> {
    if (!eventOf.size) return [];
    const rows: {
      person_ref: string;
      department: string;
      programme: string;
      from: string | null;
      town: string | null;
    }[] = await manager.query(
      `SELECT g.person_ref, g.department, g.programme, g.attrs->>'from' AS from, p.attrs->>'town' AS town
         FROM pe_programme g LEFT JOIN pe_person p USING (person_ref)
         WHERE g.person_ref = ANY($1::text[]) AND g.attrs->>'status' = 'enrolled'`,
      [[...eventOf.keys()]],
    );
    const found: Finding[] = [];
    for (const [personRef, eventId] of eventOf) {
      const own = rows.filter((r) => r.person_ref === personRef);
      for (const [d1, p1, d2, p2] of EXCLUSIVE_PAIRS) {
        const a = own.find((r) => r.department === d1 && r.programme === p1);
        const b = own.find((r) => r.department === d2 && r.programme === p2);
        if (!a || !b) continue;
        found.push({
          kind: 'duplicate-benefit',
          key: `${personRef}:${d1}/${p1}+${d2}/${p2}`,
          personRef,
          town: a.town,
          detail: { programmes: [`${d1}/${p1}`, `${d2}/${p2}`], from: [a.from, b.from] },
          eventId,
        });
      }
    }
    return found;
  }

  /** Records each finding once (kind + dedupe key), in one statement; returns how many were new. */
  private async recordAll(manager: EntityManager, found: Finding[]): Promise<number> {
    const seen = new Set<string>();
    const rows = found.filter((f) => !seen.has(`${f.kind} ${f.key}`) && seen.add(`${f.kind} ${f.key}`));
    if (!rows.length) return 0;
    const inserted = await manager.query(
      `INSERT INTO pe_finding (id, kind, dedupe_key, person_ref, town, detail, source_event_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[])
       ON CONFLICT (kind, dedupe_key) DO NOTHING RETURNING id`,
      [
        rows.map(() => randomUUID()),
        rows.map((f) => f.kind),
        rows.map((f) => f.key),
        rows.map((f) => f.personRef),
        rows.map((f) => f.town),
        rows.map((f) => JSON.stringify(f.detail)),
        rows.map((f) => f.eventId),
      ],
    );
    return inserted.length;
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

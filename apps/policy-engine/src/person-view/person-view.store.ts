import { EventEnvelope } from '@civic/contracts';
import { EntityManager } from 'typeorm';
import { ViewChange } from './view-change';

/** The stamp of an event's facts: UTC time, then id, so later facts win and ties break the same way every time. */
export function stampOf(event: Pick<EventEnvelope, 'time' | 'id'>): string {
  return `${new Date(event.time).toISOString()}|${event.id}`;
}

/** The event id inside a stamp. */
export function eventIdOfStamp(stamp: string | undefined): string | undefined {
  return stamp?.split('|')[1];
}

// Last-writer-wins per attribute: an attribute is replaced only by a later stamp.
const lww = (table: string, keyCols: string[]) => {
  const keys = keyCols.map((_, i) => `$${i + 1}`).join(', ');
  const n = keyCols.length;
  const fresh = `FROM jsonb_each(EXCLUDED.attrs) AS e(k, v) WHERE coalesce(${table}.stamps->>k, '') COLLATE "C" < $${n + 2}::text COLLATE "C"`;
  return `INSERT INTO ${table} (${keyCols.join(', ')}, attrs, stamps)
    VALUES (${keys}, $${n + 1}::jsonb, (SELECT coalesce(jsonb_object_agg(k, $${n + 2}::text), '{}') FROM jsonb_object_keys($${n + 1}::jsonb) AS k))
    ON CONFLICT (${keyCols.join(', ')}) DO UPDATE SET
      attrs = ${table}.attrs || (SELECT coalesce(jsonb_object_agg(k, v), '{}') ${fresh}),
      stamps = ${table}.stamps || (SELECT coalesce(jsonb_object_agg(k, to_jsonb($${n + 2}::text)), '{}') ${fresh})`;
};

const UPSERT_PERSON = lww('pe_person', ['person_ref']);
const UPSERT_HOUSEHOLD = lww('pe_household', ['household_id']);
const UPSERT_PROGRAMME = lww('pe_programme', ['person_ref', 'department', 'programme']);

/**
 * Applies one event's view changes with the caller's manager (the inbox transaction) and returns
 * the people whose facts changed: for a household change every member, for a person change the
 * person and their children (a parent's death or imprisonment changes a child's situation).
 */
export async function applyViewChanges(manager: EntityManager, event: EventEnvelope, changes: ViewChange[]): Promise<Set<string>> {
  const stamp = stampOf(event);
  const affected = new Set<string>();
  const households = new Set<string>();
  for (const c of changes) {
    switch (c.kind) {
      case 'person':
        await manager.query(UPSERT_PERSON, [c.personRef, JSON.stringify(c.set), stamp]);
        affected.add(c.personRef);
        break;
      case 'household':
        await manager.query(UPSERT_HOUSEHOLD, [c.householdId, JSON.stringify(c.set), stamp]);
        households.add(c.householdId);
        break;
      case 'member':
        await manager.query(
          `INSERT INTO pe_household_member (household_id, person_ref, relation, stamp) VALUES ($1, $2, $3, $4)
           ON CONFLICT (household_id, person_ref) DO UPDATE SET relation = EXCLUDED.relation, stamp = EXCLUDED.stamp WHERE pe_household_member.stamp < EXCLUDED.stamp`,
          [c.householdId, c.personRef, c.relation, stamp],
        );
        households.add(c.householdId);
        break;
      case 'member-income': {
        // the event lists every income line after the change: a member without a line has none
        const members: { person_ref: string }[] = await manager.query(`SELECT person_ref FROM pe_household_member WHERE household_id = $1`, [c.householdId]);
        const refs = new Set([...members.map((m) => m.person_ref), ...c.incomes.map((i) => i.personRef)]);
        for (const ref of [...refs].sort()) {
          const fen = c.incomes.find((i) => i.personRef === ref)?.monthlyIncomeFen ?? 0;
          await manager.query(UPSERT_PERSON, [ref, JSON.stringify({ monthlyIncomeFen: fen }), stamp]);
        }
        households.add(c.householdId);
        break;
      }
      case 'programme':
        await manager.query(UPSERT_PROGRAMME, [c.personRef, c.department, c.programme, JSON.stringify(c.set), stamp]);
        affected.add(c.personRef);
        if (c.set.householdId) households.add(c.set.householdId);
        break;
      case 'expense':
        await manager.query(
          `INSERT INTO pe_expense (person_ref, source_id, category, spent_on, amount_fen, event_id) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [c.personRef, c.sourceId, c.category, c.date, c.amountFen, event.id],
        );
        affected.add(c.personRef);
        break;
      case 'payment':
        await manager.query(
          `INSERT INTO pe_payment_event (payment_id, status, person_ref, programme, dated, amount_fen, event_id) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [c.paymentId, c.status, c.personRef, c.programme, c.date, c.amountFen, event.id],
        );
        affected.add(c.personRef);
        break;
      case 'parent':
        await manager.query(
          `INSERT INTO pe_parent (child_ref, role, parent_ref, stamp) VALUES ($1, $2, $3, $4)
           ON CONFLICT (child_ref, role) DO UPDATE SET parent_ref = EXCLUDED.parent_ref, stamp = EXCLUDED.stamp WHERE pe_parent.stamp < EXCLUDED.stamp`,
          [c.childRef, c.role, c.parentRef, stamp],
        );
        affected.add(c.childRef);
        break;
      case 'parameter':
        await manager.query(
          `INSERT INTO pe_scheduled_parameter (event_id, key, value, effective_from, source, scheduled_by, stamp) VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [event.id, c.key, JSON.stringify(c.value), c.effectiveFrom, c.source, c.scheduledBy, stamp],
        );
        break;
    }
  }
  if (households.size) {
    const rows: { person_ref: string }[] = await manager.query(`SELECT person_ref FROM pe_household_member WHERE household_id = ANY($1::text[])`, [[...households]]);
    rows.forEach((r) => affected.add(r.person_ref));
  }
  if (affected.size) {
    const children: { child_ref: string }[] = await manager.query(`SELECT child_ref FROM pe_parent WHERE parent_ref = ANY($1::text[])`, [[...affected]]);
    children.forEach((r) => affected.add(r.child_ref));
  }
  return affected;
}

/**
 * Serialises work on the people (and their households and children) an event touches, so two
 * topics' transactions never evaluate one person on views that each miss the other's change.
 * Locks are taken in sorted order (no deadlock between two such transactions).
 */
export async function lockPeople(manager: EntityManager, personRefs: string[], householdIds: string[]): Promise<void> {
  await manager.query(
    `WITH p AS (SELECT unnest($1::text[]) AS ref),
          h AS (SELECT unnest($2::text[]) AS id UNION SELECT household_id FROM pe_household_member WHERE person_ref IN (SELECT ref FROM p)),
          keys AS (SELECT ref AS k FROM p
                   UNION SELECT 'h:' || id FROM h
                   UNION SELECT person_ref FROM pe_household_member WHERE household_id IN (SELECT id FROM h)
                   UNION SELECT child_ref FROM pe_parent WHERE parent_ref IN (SELECT ref FROM p))
     SELECT count(pg_advisory_xact_lock(hashtextextended(k, 7))) FROM (SELECT k FROM keys ORDER BY k COLLATE "C" OFFSET 0) sorted`,
    [personRefs, householdIds],
  );
}

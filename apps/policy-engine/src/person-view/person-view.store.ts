import { EventEnvelope } from '@civic/contracts';
import { EntityManager } from 'typeorm';
import { ViewChange } from './view-change';
import { linkHouseholdParents, UPSERT_BIRTH_PARENT } from './household-parents';

/** The stamp of an event's facts: UTC time, then id, so later facts win and ties break the same way every time. */
export function stampOf(event: Pick<EventEnvelope, 'time' | 'id'>): string {
  return `${new Date(event.time).toISOString()}|${event.id}`;
}

/** The event id inside a stamp. */
export function eventIdOfStamp(stamp: string | undefined): string | undefined {
  return stamp?.split('|')[1];
}

// Last-writer-wins per attribute, for many rows in one statement: an attribute is replaced only
// by a later stamp. Rows must have distinct keys (ON CONFLICT DO UPDATE touches a row once).
const lww = (table: string, keyCols: string[]) => {
  const n = keyCols.length;
  const cols = keyCols.join(', ');
  const fresh = `FROM jsonb_each(EXCLUDED.attrs) AS e(k, v) WHERE coalesce(${table}.stamps->>k, '') COLLATE "C" < $${n + 2}::text COLLATE "C"`;
  return `INSERT INTO ${table} (${cols}, attrs, stamps)
    SELECT ${cols}, u.attrs, (SELECT coalesce(jsonb_object_agg(k, $${n + 2}::text), '{}') FROM jsonb_object_keys(u.attrs) AS k)
    FROM unnest(${keyCols.map((_, i) => `$${i + 1}::text[]`).join(', ')}, $${n + 1}::jsonb[]) AS u(${cols}, attrs)
    ON CONFLICT (${cols}) DO UPDATE SET
      attrs = ${table}.attrs || (SELECT coalesce(jsonb_object_agg(k, v), '{}') ${fresh}),
      stamps = ${table}.stamps || (SELECT coalesce(jsonb_object_agg(k, to_jsonb($${n + 2}::text)), '{}') ${fresh})`;
};

const UPSERT_PERSON = lww('pe_person', ['person_ref']);
const UPSERT_HOUSEHOLD = lww('pe_household', ['household_id']);
const UPSERT_PROGRAMME = lww('pe_programme', ['person_ref', 'department', 'programme']);
const UPSERT_MEMBERS = `INSERT INTO pe_household_member (household_id, person_ref, relation, stamp)
  SELECT household_id, person_ref, relation, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS u(household_id, person_ref, relation)
  ON CONFLICT (household_id, person_ref) DO UPDATE SET relation = EXCLUDED.relation, stamp = EXCLUDED.stamp WHERE pe_household_member.stamp < EXCLUDED.stamp`;

/**
 * One event's attribute writes, merged per row and sent one statement per table. Every change
 * of an event carries the same stamp, so the first write of an attribute wins within the event
 * (a second write with an equal stamp is not later): merging keeps that.
 */
class PendingWrites {
  private readonly rows = new Map<string, Map<string, { key: string[]; set: Record<string, unknown> }>>();
  private readonly members = new Map<string, [string, string, string]>();

  attrs(sql: string, key: string[], set: object): void {
    const table = this.rows.get(sql) ?? new Map();
    this.rows.set(sql, table);
    const id = JSON.stringify(key);
    table.set(id, { key, set: { ...set, ...(table.get(id)?.set ?? {}) } });
  }

  member(householdId: string, personRef: string, relation: string): void {
    const id = JSON.stringify([householdId, personRef]);
    if (!this.members.has(id)) this.members.set(id, [householdId, personRef, relation]);
  }

  async flush(manager: EntityManager, stamp: string): Promise<void> {
    for (const [sql, table] of this.rows) {
      // sorted keys: row locks are taken in one order by every transaction
      const rows = [...table.values()].sort((a, b) => cmp(a.key.join('\u0000'), b.key.join('\u0000')));
      const columns = rows[0].key.map((_, i) => rows.map((r) => r.key[i]));
      await manager.query(sql, [...columns, rows.map((r) => JSON.stringify(r.set)), stamp]);
    }
    this.rows.clear();
    if (this.members.size) {
      const rows = [...this.members.values()].sort((a, b) => cmp(`${a[0]}\u0000${a[1]}`, `${b[0]}\u0000${b[1]}`));
      await manager.query(UPSERT_MEMBERS, [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), stamp]);
      this.members.clear();
    }
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Applies one event's view changes with the caller's manager (the inbox transaction) and returns
 * the people whose facts changed: for a household change every member, for a person change the
 * person and their children (a parent's death or imprisonment changes a child's situation).
 */
export async function applyViewChanges(
  manager: EntityManager,
  event: EventEnvelope,
  changes: ViewChange[],
): Promise<Set<string>> {
  const stamp = stampOf(event);
  const affected = new Set<string>();
  const households = new Set<string>();
  const pending = new PendingWrites();
  const membersChanged = new Set<string>();
  for (const c of changes) {
    switch (c.kind) {
      case 'person':
        pending.attrs(UPSERT_PERSON, [c.personRef], c.set);
        affected.add(c.personRef);
        break;
      case 'household':
        pending.attrs(UPSERT_HOUSEHOLD, [c.householdId], c.set);
        households.add(c.householdId);
        break;
      case 'member':
        pending.member(c.householdId, c.personRef, c.relation);
        households.add(c.householdId);
        membersChanged.add(c.householdId);
        break;
      case 'member-income': {
        // the event lists every income line after the change: a member without a line has none
        await pending.flush(manager, stamp);
        const members: { person_ref: string }[] = await manager.query(
          `SELECT person_ref FROM pe_household_member WHERE household_id = $1`,
          [c.householdId],
        );
        const refs = new Set([...members.map((m) => m.person_ref), ...c.incomes.map((i) => i.personRef)]);
        for (const ref of [...refs].sort()) {
          const fen = c.incomes.find((i) => i.personRef === ref)?.monthlyIncomeFen ?? 0;
          pending.attrs(UPSERT_PERSON, [ref], { monthlyIncomeFen: fen });
        }
        households.add(c.householdId);
        break;
      }
      case 'programme':
        pending.attrs(UPSERT_PROGRAMME, [c.personRef, c.department, c.programme], c.set);
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
        await manager.query(UPSERT_BIRTH_PARENT, [c.childRef, c.role, c.parentRef, stamp]);
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
  await pending.flush(manager, stamp);
  // members (with their sex) are stored now: their relations give parent links (household-parents.ts)
  for (const child of await linkHouseholdParents(manager, [...membersChanged].sort(), stamp)) affected.add(child);
  if (households.size || affected.size) {
    // household members join the affected, then the children of everyone affected
    const rows: { ref: string }[] = await manager.query(
      `WITH a AS (SELECT unnest($2::text[]) AS ref UNION SELECT person_ref FROM pe_household_member WHERE household_id = ANY($1::text[]))
       SELECT ref FROM a UNION SELECT child_ref FROM pe_parent WHERE parent_ref IN (SELECT ref FROM a)`,
      [[...households], [...affected]],
    );
    rows.forEach((r) => affected.add(r.ref));
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

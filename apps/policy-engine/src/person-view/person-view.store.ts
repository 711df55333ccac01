import { EventEnvelope } from '@civic/contracts';
import { EntityManager } from 'typeorm';
import { ViewChange } from './view-change';
import { linkHouseholdParents, UPSERT_BIRTH_PARENTS } from './household-parents';
import { ProjectedEvent } from './run-plan';

/** The stamp of an event's facts: UTC time, then id, so later facts win and ties break the same way every time. */
export function stampOf(event: Pick<EventEnvelope, 'time' | 'id'>): string {
  return `${new Date(event.time).toISOString()}|${event.id}`;
}

/** The event id inside a stamp. */
export function eventIdOfStamp(stamp: string | undefined): string | undefined {
  return stamp?.split('|')[1];
}

// Last-writer-wins per attribute, for many rows in one statement, each row with its event's stamp:
// an attribute is replaced only by a later stamp. Rows must have distinct keys (ON CONFLICT DO
// UPDATE touches a row once). The new row's stamps (one per attribute, all its event's) stand in
// EXCLUDED.stamps for the comparison.
const lww = (table: string, keyCols: string[]) => {
  const n = keyCols.length;
  const cols = keyCols.join(', ');
  const fresh = `FROM jsonb_each(EXCLUDED.attrs) AS e(k, v) WHERE coalesce(${table}.stamps->>k, '') COLLATE "C" < (EXCLUDED.stamps->>k) COLLATE "C"`;
  return `INSERT INTO ${table} (${cols}, attrs, stamps)
    SELECT ${cols}, u.attrs, (SELECT coalesce(jsonb_object_agg(k, u.stamp), '{}') FROM jsonb_object_keys(u.attrs) AS k)
    FROM unnest(${keyCols.map((_, i) => `$${i + 1}::text[]`).join(', ')}, $${n + 1}::jsonb[], $${n + 2}::text[]) AS u(${cols}, attrs, stamp)
    ON CONFLICT (${cols}) DO UPDATE SET
      attrs = ${table}.attrs || (SELECT coalesce(jsonb_object_agg(k, v), '{}') ${fresh}),
      stamps = ${table}.stamps || (SELECT coalesce(jsonb_object_agg(k, EXCLUDED.stamps->k), '{}') ${fresh})`;
};

const UPSERT_PERSON = lww('pe_person', ['person_ref']);
const UPSERT_HOUSEHOLD = lww('pe_household', ['household_id']);
const UPSERT_PROGRAMME = lww('pe_programme', ['person_ref', 'department', 'programme']);
const UPSERT_MEMBERS = `INSERT INTO pe_household_member (household_id, person_ref, relation, stamp)
  SELECT household_id, person_ref, relation, stamp FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(household_id, person_ref, relation, stamp)
  ON CONFLICT (household_id, person_ref) DO UPDATE SET relation = EXCLUDED.relation, stamp = EXCLUDED.stamp WHERE pe_household_member.stamp < EXCLUDED.stamp`;
const INSERT_EXPENSES = `INSERT INTO pe_expense (person_ref, source_id, category, spent_on, amount_fen, event_id)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::bigint[], $6::text[]) ON CONFLICT DO NOTHING`;
const INSERT_PAYMENTS = `INSERT INTO pe_payment_event (payment_id, status, person_ref, programme, dated, amount_fen, event_id)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::bigint[], $7::text[]) ON CONFLICT DO NOTHING`;
const INSERT_PARAMETERS = `INSERT INTO pe_scheduled_parameter (event_id, key, value, effective_from, source, scheduled_by, stamp)
  SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::date[], $5::text[], $6::text[], $7::text[]) ON CONFLICT DO NOTHING`;

/**
 * The attribute writes of a segment's events, merged per row and sent one statement per table.
 * Every change of an event carries the same stamp, so the first write of an attribute wins within
 * the event (a second write with an equal stamp is not later): merging keeps that. Two events of a
 * segment never write one row (run-plan.ts); if they did, the run fails and is redone event by event.
 */
class PendingWrites {
  private readonly rows = new Map<
    string,
    Map<string, { key: string[]; set: Record<string, unknown>; stamp: string }>
  >();
  private readonly members = new Map<string, [string, string, string, string]>();

  attrs(sql: string, key: string[], set: object, stamp: string): void {
    const table = this.rows.get(sql) ?? new Map();
    this.rows.set(sql, table);
    const id = JSON.stringify(key);
    const before = table.get(id);
    if (before && before.stamp !== stamp) throw new Error(`two events of one segment write ${id}`);
    table.set(id, { key, set: { ...set, ...(before?.set ?? {}) }, stamp });
  }

  member(householdId: string, personRef: string, relation: string, stamp: string): void {
    const id = JSON.stringify([householdId, personRef]);
    const before = this.members.get(id);
    if (before && before[3] !== stamp) throw new Error(`two events of one segment write member ${id}`);
    if (!before) this.members.set(id, [householdId, personRef, relation, stamp]);
  }

  async flush(manager: EntityManager): Promise<void> {
    for (const [sql, table] of this.rows) {
      // sorted keys: row locks are taken in one order by every transaction
      const rows = [...table.values()].sort((a, b) => cmp(a.key.join('\u0000'), b.key.join('\u0000')));
      const columns = rows[0].key.map((_, i) => rows.map((r) => r.key[i]));
      await manager.query(sql, [...columns, rows.map((r) => JSON.stringify(r.set)), rows.map((r) => r.stamp)]);
    }
    this.rows.clear();
    if (this.members.size) {
      const rows = [...this.members.values()].sort((a, b) => cmp(`${a[0]}\u0000${a[1]}`, `${b[0]}\u0000${b[1]}`));
      await manager.query(
        UPSERT_MEMBERS,
        [0, 1, 2, 3].map((i) => rows.map((r) => r[i])),
      );
      this.members.clear();
    }
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Rows of one kind gathered over a segment, inserted with one unnest statement. */
class Inserts {
  private readonly rows: unknown[][] = [];
  constructor(private readonly sql: string) {}
  add(row: unknown[]): void {
    this.rows.push(row);
  }
  async flush(manager: EntityManager): Promise<void> {
    if (!this.rows.length) return;
    await manager.query(
      this.sql,
      this.rows[0].map((_, i) => this.rows.map((r) => r[i])),
    );
  }
}

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
  return (await applySegment(manager, [{ event, changes }]))[0];
}

/**
 * Applies the view changes of a segment's events (run-plan.ts: no two share a key, so together
 * they have the effect of one after the other) in a few statements per kind, and returns each
 * event's affected people as applyViewChanges defines them. Within an event, changes apply in
 * order: the attribute writes before a member-income change are stored before it reads the
 * household's members, as one event at a time did.
 */
export async function applySegment(
  manager: EntityManager,
  items: ProjectedEvent<EventEnvelope>[],
): Promise<Set<string>[]> {
  const stamps = items.map((it) => stampOf(it.event));
  const affected = items.map(() => new Set<string>());
  const households = items.map(() => new Set<string>());
  const membersChanged = new Set<string>();
  const sexWritten = new Set<string>();
  const pending = new PendingWrites();
  const expenses = new Inserts(INSERT_EXPENSES);
  const payments = new Inserts(INSERT_PAYMENTS);
  const parameters = new Inserts(INSERT_PARAMETERS);
  const births = new Map<string, unknown[]>();
  const cursor = items.map(() => 0);
  for (;;) {
    // each event's changes up to its next member-income change
    const waiting: number[] = [];
    items.forEach(({ event, changes }, i) => {
      const stamp = stamps[i];
      for (; cursor[i] < changes.length; cursor[i]++) {
        const c = changes[cursor[i]];
        switch (c.kind) {
          case 'person':
            pending.attrs(UPSERT_PERSON, [c.personRef], c.set, stamp);
            affected[i].add(c.personRef);
            if (c.set.sex !== undefined) sexWritten.add(c.personRef);
            break;
          case 'household':
            pending.attrs(UPSERT_HOUSEHOLD, [c.householdId], c.set, stamp);
            households[i].add(c.householdId);
            break;
          case 'member':
            pending.member(c.householdId, c.personRef, c.relation, stamp);
            households[i].add(c.householdId);
            membersChanged.add(c.householdId);
            break;
          case 'member-income':
            waiting.push(i);
            return;
          case 'programme':
            pending.attrs(UPSERT_PROGRAMME, [c.personRef, c.department, c.programme], c.set, stamp);
            affected[i].add(c.personRef);
            if (c.set.householdId) households[i].add(c.set.householdId);
            break;
          case 'expense':
            expenses.add([c.personRef, c.sourceId, c.category, c.date, c.amountFen, event.id]);
            affected[i].add(c.personRef);
            break;
          case 'payment':
            payments.add([c.paymentId, c.status, c.personRef, c.programme, c.date, c.amountFen, event.id]);
            affected[i].add(c.personRef);
            break;
          case 'parent': {
            // the first link of a child and role in an event wins (a second has an equal stamp)
            const id = JSON.stringify([c.childRef, c.role]);
            const before = births.get(id);
            if (before && before[3] !== stamp) throw new Error(`two events of one segment link ${id}`);
            if (!before) births.set(id, [c.childRef, c.role, c.parentRef, stamp]);
            affected[i].add(c.childRef);
            break;
          }
          case 'parameter':
            parameters.add([event.id, c.key, JSON.stringify(c.value), c.effectiveFrom, c.source, c.scheduledBy, stamp]);
            break;
        }
      }
    });
    await pending.flush(manager);
    if (!waiting.length) break;
    // the event lists every income line after the change: a member without a line has none
    const ids = [...new Set(waiting.map((i) => (items[i].changes[cursor[i]] as { householdId: string }).householdId))];
    const rows: { household_id: string; person_ref: string }[] = await manager.query(
      `SELECT household_id, person_ref FROM pe_household_member WHERE household_id = ANY($1::text[])`,
      [ids],
    );
    for (const i of waiting) {
      const c = items[i].changes[cursor[i]++] as Extract<ViewChange, { kind: 'member-income' }>;
      const members = rows.filter((r) => r.household_id === c.householdId).map((r) => r.person_ref);
      for (const ref of [...new Set([...members, ...c.incomes.map((x) => x.personRef)])].sort()) {
        const fen = c.incomes.find((x) => x.personRef === ref)?.monthlyIncomeFen ?? 0;
        pending.attrs(UPSERT_PERSON, [ref], { monthlyIncomeFen: fen }, stamps[i]);
      }
      households[i].add(c.householdId);
    }
  }
  await expenses.flush(manager);
  await payments.flush(manager);
  if (births.size) {
    const rows = [...births.values()].sort((a, b) => cmp(`${a[0]}\u0000${a[1]}`, `${b[0]}\u0000${b[1]}`));
    await manager.query(
      UPSERT_BIRTH_PARENTS,
      [0, 1, 2, 3].map((i) => rows.map((r) => r[i])),
    );
  }
  await parameters.flush(manager);
  // members and their sex are stored now: their relations give parent links (household-parents.ts);
  // a child linked is a member of the event's households or a child of its person: among the
  // affected below either way
  await linkHouseholdParents(manager, [...membersChanged], [...sexWritten]);
  // household members join the affected, then the children of everyone affected
  const cols: [number[], string[], number[], string[]] = [[], [], [], []];
  items.forEach((_, i) => {
    for (const p of affected[i]) {
      cols[0].push(i);
      cols[1].push(p);
    }
    for (const h of households[i]) {
      cols[2].push(i);
      cols[3].push(h);
    }
  });
  if (cols[0].length || cols[2].length) {
    const rows: { i: number; ref: string }[] = await manager.query(
      `WITH a0 AS (SELECT * FROM unnest($1::int[], $2::text[]) AS a(i, ref)),
            hh AS (SELECT * FROM unnest($3::int[], $4::text[]) AS h(i, id)),
            a AS (SELECT i, ref FROM a0 UNION SELECT hh.i, m.person_ref FROM hh JOIN pe_household_member m ON m.household_id = hh.id)
       SELECT i, ref FROM a UNION SELECT a.i, p.child_ref FROM a JOIN pe_parent p ON p.parent_ref = a.ref`,
      cols,
    );
    for (const r of rows) affected[r.i].add(r.ref);
  }
  return affected;
}

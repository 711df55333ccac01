import { EntityManager } from 'typeorm';
import { preparedQuery } from './prepared-query';
import { ViewChange } from './view-change';

/** One consumed event and its view changes (project-event.ts). */
export interface ProjectedEvent<E = unknown> {
  event: E;
  changes: ViewChange[];
}

/** The people and households an event names directly (before any lookup in the view). */
export function directKeys(changes: ViewChange[]): { people: string[]; households: string[] } {
  const people = new Set<string>();
  const households = new Set<string>();
  for (const c of changes) {
    if ('personRef' in c) people.add(c.personRef);
    if (c.kind === 'parent') people.add(c.childRef).add(c.parentRef);
    if (c.kind === 'member-income') for (const i of c.incomes) people.add(i.personRef);
    if (c.kind === 'household' || c.kind === 'member' || c.kind === 'member-income') households.add(c.householdId);
    if (c.kind === 'programme' && c.set.householdId) households.add(c.set.householdId);
  }
  return { people: [...people], households: [...households] };
}

// Every key an event may write or whose evaluation it may read, from the view as it is before the
// run: its people and households, the households of its people, every member of those households,
// and the children of all of them (a person's evaluation reads their household, its members and
// their parents, and applyViewChanges re-evaluates exactly such people), and the people with an
// open alert of its households (an enrolment closes those, even for one who has moved since). A
// relation made by an earlier event of the same run has both ends among that event's keys, so two
// events whose key sets are disjoint stay independent even then.
const KEYS = `
  WITH d AS (SELECT * FROM unnest($1::int[], $2::text[]) AS d(i, ref)),
       dh AS (SELECT * FROM unnest($3::int[], $4::text[]) AS dh(i, id)),
       h AS (SELECT i, id FROM dh
             UNION SELECT d.i, m.household_id FROM d JOIN pe_household_member m ON m.person_ref = d.ref),
       mem AS (SELECT i, ref FROM d
               UNION SELECT h.i, m.person_ref FROM h JOIN pe_household_member m ON m.household_id = h.id),
       keys AS (SELECT i, ref AS k FROM mem
                UNION SELECT i, 'h:' || id FROM h
                UNION SELECT mem.i, p.child_ref FROM mem JOIN pe_parent p ON p.parent_ref = mem.ref
                UNION SELECT dh.i, a.person_ref FROM dh JOIN pe_alert a ON a.household_id = dh.id
                       WHERE a.status IN ('open', 'assigned', 'contacted'))`;

// Advisory transaction locks, taken in one statement in the sorted order every locker keeps (no
// deadlock between two such statements). The key space: people's refs and 'h:' || household id.

/** The advisory lock id of the key `k` (an SQL expression). */
export const lockIdOf = (k: string) => `hashtextextended(${k}, 7)`;
/** The id of the advisory lock a `pg_locks` row `l` names (a bigint key is split in classid, objid). */
export const LOCKS_ROW_ID = '(l.classid::bigint << 32 | l.objid::bigint)';
const inKeyOrder = (select: string, keys: string) =>
  `SELECT ${select} FROM (SELECT k FROM (SELECT DISTINCT k FROM ${keys}) u ORDER BY k COLLATE "C" OFFSET 0) s`;
const LOCK = `count(pg_advisory_xact_lock(${lockIdOf('k')})) AS n`;
const TRY_LOCK = `bool_and(pg_try_advisory_xact_lock(${lockIdOf('k')})) AS ok`;
const GIVEN = 'unnest($1::text[]) AS u(k)';

/** Locks `keys` (advisory transaction locks, sorted). */
export async function lockKeys(manager: EntityManager, keys: string[]): Promise<void> {
  if (keys.length) await manager.query(inKeyOrder(LOCK, GIVEN), [keys]);
}

/** Those of `keys` whose lock this transaction does not hold. */
export async function unlockedKeys(manager: EntityManager, keys: string[]): Promise<string[]> {
  const rows: { k: string }[] = await manager.query(
    `SELECT k FROM ${GIVEN} WHERE NOT EXISTS (
       SELECT 1 FROM pg_locks l WHERE l.pid = pg_backend_pid() AND l.locktype = 'advisory' AND l.granted
         AND ${LOCKS_ROW_ID} = ${lockIdOf('u.k')})`,
    [keys],
  );
  return rows.map((r) => r.k);
}

/**
 * Locks the keys of every event of a run and returns each event's keys, coupled (coupleKeys).
 *
 * The first statement reads the keys and locks them, but it reads the view as it was when the
 * statement began: a transaction that held one of those locks may commit while the statement waits
 * for it (a member joining one of the run's households, say), and the run would then evaluate that
 * member without the member's lock. So the keys are read again once the locks are held (a new
 * statement sees what committed meanwhile), until a read finds no new key. A new key is only taken
 * if it is free at once: to wait for it while holding the others, out of the sorted order, could
 * deadlock (PostgreSQL breaks a deadlock only after deadlock_timeout, 1 s). Otherwise every lock
 * taken here is let go (a savepoint) and the whole set is taken again in order
 * (docs/adr/0034-run-keys-read-again.md).
 */
export async function lockRunKeys(manager: EntityManager, changes: ViewChange[][]): Promise<Set<string>[]> {
  const cols: [number[], string[], number[], string[]] = [[], [], [], []];
  changes.forEach((c, i) => {
    const { people, households } = directKeys(c);
    for (const p of people) {
      cols[0].push(i);
      cols[1].push(p);
    }
    for (const h of households) {
      cols[2].push(i);
      cols[3].push(h);
    }
  });
  if (!cols[0].length && !cols[2].length) return changes.map(() => new Set<string>());
  const lockAll = () =>
    preparedQuery<{ i: number; k: string }>(
      manager,
      'pe_run_keys_lock',
      `${KEYS}, locked AS (${inKeyOrder(LOCK, 'keys')}) SELECT keys.i, keys.k FROM keys, locked`,
      cols,
    );
  await manager.query(`SAVEPOINT run_keys`);
  let rows: { i: number; k: string }[];
  let held = new Set((await lockAll()).map((r) => r.k));
  for (;;) {
    rows = await preparedQuery(manager, 'pe_run_keys', `${KEYS} SELECT i, k FROM keys`, cols);
    const fresh = [...new Set(rows.map((r) => r.k))].filter((k) => !held.has(k));
    if (!fresh.length) break;
    const [{ ok }] = await manager.query(inKeyOrder(TRY_LOCK, GIVEN), [fresh]);
    if (ok) for (const k of fresh) held.add(k);
    else {
      // let go of every lock taken here, then take the keys read now in order
      await manager.query(`ROLLBACK TO SAVEPOINT run_keys`);
      held = new Set((await lockAll()).map((r) => r.k));
    }
  }
  await manager.query(`RELEASE SAVEPOINT run_keys`);
  const keys = changes.map(() => new Set<string>());
  for (const r of rows) keys[r.i].add(r.k);
  return coupleKeys(keys);
}

/** Locks the keys of changes to `personRefs` (lockRunKeys): before a person's evaluation or a merge outside a run. */
export async function lockPeople(manager: EntityManager, personRefs: string[]): Promise<void> {
  await lockRunKeys(manager, [personRefs.map((personRef): ViewChange => ({ kind: 'person', personRef, set: {} }))]);
}

/**
 * The keys read before the run miss the relations an earlier event of the same run makes (a child
 * registered with its parents, then each parent's death: before the run neither death reaches the
 * child). Such a relation has both ends among the earlier event's keys, so an event sharing a key
 * with an earlier one takes all of that one's keys (and what it took in turn): two events whose
 * coupled keys are disjoint touch nothing in common even through the run's new relations.
 */
export function coupleKeys(keys: Set<string>[]): Set<string>[] {
  const component = new Map<string, Set<string>>();
  return keys.map((own) => {
    const merged = new Set(own);
    for (const k of own) for (const x of component.get(k) ?? []) merged.add(x);
    for (const k of merged) component.set(k, merged);
    return merged;
  });
}

/** What the engine does for an event besides the view write and the evaluation of the affected. */
export interface EventTraits {
  /** It schedules a parameter value: every later evaluation reads the new parameters. */
  parameter: boolean;
}

/**
 * Splits a run (offset order) into segments that can each be applied at once with exactly the
 * effect of applying the run's events one by one: an event goes to the segment after the last one
 * holding an event it shares a key with (so every two events that share a key keep their order,
 * and two events of a segment share none: they commute). A parameter event is a segment of its
 * own that no event crosses (every later evaluation reads it). Events without view changes do
 * nothing and are left out. Returns indexes into the run, each segment in offset order.
 */
export function segmentRun(keys: Set<string>[], changes: ViewChange[][], traits: EventTraits[]): number[][] {
  const segments: number[][] = [];
  const last = new Map<string, number>(); // key → the last segment holding it
  let floor = 0; // no event goes before a parameter event's segment
  for (let i = 0; i < changes.length; i++) {
    if (!changes[i].length) continue;
    let at = floor;
    if (traits[i].parameter) at = segments.length;
    for (const k of keys[i]) at = Math.max(at, (last.get(k) ?? -1) + 1);
    (segments[at] ??= []).push(i);
    for (const k of keys[i]) last.set(k, at);
    if (traits[i].parameter) floor = at + 1;
  }
  return segments.filter((s) => s.length);
}

import { PersonRefRekeyedV1Payload } from '@civic/contracts';
import { EntityManager } from 'typeorm';
import { lockPeople, lockRunKeys } from './run-plan';
import { ViewChange } from './view-change';

// Re-keying (docs/adr/0018-person-ref-rekeying.md): a department moved a person's ref to the current
// key and published `<department>.person.ref-rekeyed`. The engine merges the old ref's view into the
// new one and keeps old → new in pe_person_alias, so an event still carrying the old ref (published
// before the re-keying, or by a department not re-keyed yet) lands on the new view: one view per person.

// Per attribute, the later stamp wins (as in person-view.store.ts): merging is order-independent,
// so a view merged before or after an old-ref event is the same view. Every statement takes the
// pairs as two arrays ($1 old refs, $2 new refs; `PAIRS`): a run's consecutive re-keyings merge in
// one statement per table (mergePersonViews).
/** Re-keyed pairs in SQL (`p.old_ref`, `p.new_ref`) from the old refs $1 and the new refs $2; AlertsService.mergePeople too. */
export const PAIRS = `unnest($1::text[], $2::text[]) AS p(old_ref, new_ref)`;
const mergeLww = (table: string, keyCols: string[]) => {
  const fresh = `FROM jsonb_each_text(EXCLUDED.stamps) AS s(k, v) WHERE coalesce(${table}.stamps->>k, '') COLLATE "C" < v COLLATE "C"`;
  const rest = keyCols.slice(1).map((c) => `t.${c}`);
  return `INSERT INTO ${table} (${keyCols.join(', ')}, attrs, stamps)
    SELECT ${['p.new_ref', ...rest].join(', ')}, t.attrs, t.stamps FROM ${table} t JOIN ${PAIRS} ON t.person_ref = p.old_ref
    ON CONFLICT (${keyCols.join(', ')}) DO UPDATE SET
      attrs = ${table}.attrs || (SELECT coalesce(jsonb_object_agg(k, EXCLUDED.attrs->k), '{}') ${fresh}),
      stamps = ${table}.stamps || (SELECT coalesce(jsonb_object_agg(k, v), '{}') ${fresh})`;
};

/** Statements with the old refs only ($1). */
const OLD_ONLY = new Set<string>();
const old = (sql: string) => (OLD_ONLY.add(sql), sql);

const MERGE = [
  mergeLww('pe_person', ['person_ref']),
  old(`DELETE FROM pe_person WHERE person_ref = ANY($1::text[])`),
  mergeLww('pe_programme', ['person_ref', 'department', 'programme']),
  old(`DELETE FROM pe_programme WHERE person_ref = ANY($1::text[])`),
  `INSERT INTO pe_household_member (household_id, person_ref, relation, stamp)
     SELECT m.household_id, p.new_ref, m.relation, m.stamp FROM pe_household_member m JOIN ${PAIRS} ON m.person_ref = p.old_ref
   ON CONFLICT (household_id, person_ref) DO UPDATE SET relation = EXCLUDED.relation, stamp = EXCLUDED.stamp
     WHERE pe_household_member.stamp < EXCLUDED.stamp`,
  old(`DELETE FROM pe_household_member WHERE person_ref = ANY($1::text[])`),
  `INSERT INTO pe_expense (person_ref, source_id, category, spent_on, amount_fen, event_id)
     SELECT p.new_ref, e.source_id, e.category, e.spent_on, e.amount_fen, e.event_id FROM pe_expense e JOIN ${PAIRS} ON e.person_ref = p.old_ref
   ON CONFLICT DO NOTHING`,
  old(`DELETE FROM pe_expense WHERE person_ref = ANY($1::text[])`),
  `UPDATE pe_payment_event e SET person_ref = p.new_ref FROM ${PAIRS} WHERE e.person_ref = p.old_ref`,
  // a birth record outranks a household link, then the later stamp wins (household-parents.ts)
  `INSERT INTO pe_parent (child_ref, role, parent_ref, stamp, source)
     SELECT p.new_ref, x.role, x.parent_ref, x.stamp, x.source FROM pe_parent x JOIN ${PAIRS} ON x.child_ref = p.old_ref
   ON CONFLICT (child_ref, role) DO UPDATE SET parent_ref = EXCLUDED.parent_ref, stamp = EXCLUDED.stamp, source = EXCLUDED.source
     WHERE (pe_parent.source = 'household' AND EXCLUDED.source = 'birth-record')
        OR (pe_parent.source = EXCLUDED.source AND pe_parent.stamp < EXCLUDED.stamp)`,
  old(`DELETE FROM pe_parent WHERE child_ref = ANY($1::text[])`),
  `UPDATE pe_parent x SET parent_ref = p.new_ref FROM ${PAIRS} WHERE x.parent_ref = p.old_ref`,
  // an alias that pointed at an old ref now points at its new one: one hop for every look-up
  `UPDATE pe_person_alias a SET new_ref = p.new_ref FROM ${PAIRS} WHERE a.new_ref = p.old_ref`,
];

/** A re-keying to merge: its payload and the id of its event (recorded with the alias). */
export interface Rekeying {
  payload: PersonRefRekeyedV1Payload;
  eventId: string;
}

/**
 * Merges the view of `oldRef` into `newRef` (the alias's target, if newRef was itself re-keyed since)
 * and records the alias. Returns the ref the view now lives under, or undefined when there was
 * nothing to merge: the old ref was merged already (every department holding a person re-keys them,
 * with the same pair, and a redelivery repeats one) or the pair is a cycle.
 *
 * It locks both refs (and the households and children they reach) before it merges: the keys a run
 * on either ref locks (lockRunWithCurrentRefs). A run of another topic that resolved the old ref
 * before the alias was committed then waits for this transaction and resolves again, instead of
 * writing to the old ref after its rows moved. The live engine and the replay both merge here
 * (docs/adr/0032-derived-view-rows.md). A merged old ref is looked up before the lock as well, so
 * the other departments' re-keyings of a person do not queue behind its merge.
 */
export async function mergePersonView(
  manager: EntityManager,
  p: PersonRefRekeyedV1Payload,
  eventId: string,
): Promise<string | undefined> {
  return (await mergePersonViews(manager, [{ payload: p, eventId }]))[0];
}

/**
 * mergePersonView for several re-keyings in their order (a run's consecutive ones): the target of
 * each, or undefined where it merged nothing. Pairs that share no ref merge together, one statement
 * per table, with the effect of merging them one after the other (each statement touches only its
 * pair's rows, and a pair's statements keep their order); a pair naming a ref of an earlier pair of
 * the group (a chain, a shared target, a repeat) starts the next group, after the earlier merge.
 * `opts.merged` runs after each group's merge with its pairs (index into `rekeyings`, old ref, target),
 * before the next group: what follows a merge (the listener's alerts and evaluation) keeps the
 * order of one merge after the other.
 */
export async function mergePersonViews(
  manager: EntityManager,
  rekeyings: Rekeying[],
  opts: {
    /** The run holds every lock the merges need already (applyRunInParts): a lock taken here could deadlock. */
    locked?: boolean;
    merged?: (group: { index: number; oldRef: string; target: string }[]) => Promise<void>;
  } = {},
): Promise<(string | undefined)[]> {
  const targets: (string | undefined)[] = [];
  while (targets.length < rekeyings.length) {
    const rest = rekeyings.slice(targets.length);
    if (!opts.locked) {
      const mergedAlready = await resolveRefs(
        manager,
        rest.map((r) => r.payload.oldRef),
      );
      // a merged old ref is skipped before any lock
      const todo = rest.filter((r) => !mergedAlready.has(r.payload.oldRef));
      if (!todo.length) {
        targets.push(...rest.map(() => undefined));
        break;
      }
      await lockPeople(
        manager,
        todo.flatMap((r) => [r.payload.oldRef, r.payload.newRef]),
      );
    }
    // again under the lock (a merge of the same person may have committed meanwhile), with each newRef's alias
    const aliases = await resolveRefs(
      manager,
      rest.flatMap((r) => [r.payload.oldRef, r.payload.newRef]),
    );
    const group: { index: number; oldRef: string; target: string; eventId: string }[] = [];
    const seen = new Set<string>();
    for (const r of rest) {
      const { oldRef, newRef } = r.payload;
      const target = aliases.get(newRef) ?? newRef;
      if (seen.has(oldRef) || seen.has(newRef) || seen.has(target)) break;
      seen.add(oldRef).add(newRef).add(target);
      const noop = aliases.has(oldRef) || target === oldRef;
      if (!noop) group.push({ index: targets.length, oldRef, target, eventId: r.eventId });
      targets.push(noop ? undefined : target);
    }
    if (!group.length) continue;
    const pairs = [group.map((g) => g.oldRef), group.map((g) => g.target)];
    for (const sql of MERGE) await manager.query(sql, OLD_ONLY.has(sql) ? [pairs[0]] : pairs);
    await manager.query(
      `INSERT INTO pe_person_alias (old_ref, new_ref, event_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (old_ref) DO NOTHING`,
      [...pairs, group.map((g) => g.eventId)],
    );
    await opts.merged?.(group);
  }
  return targets;
}

/** old → new for those of `refs` that were merged away. */
export async function resolveRefs(manager: EntityManager, refs: string[]): Promise<Map<string, string>> {
  if (!refs.length) return new Map();
  const rows: { old_ref: string; new_ref: string }[] = await manager.query(
    `SELECT old_ref, new_ref FROM pe_person_alias WHERE old_ref = ANY($1::text[])`,
    [refs],
  );
  return new Map(rows.map((r) => [r.old_ref, r.new_ref]));
}

const refsOf = (c: ViewChange): string[] => {
  if (c.kind === 'parent') return [c.childRef, c.parentRef];
  if (c.kind === 'member-income') return c.incomes.map((i) => i.personRef);
  return 'personRef' in c ? [c.personRef] : [];
};

/** Each event's view changes with every merged-away ref replaced by the ref its view lives under (one look-up). */
export async function withCurrentRefsRun(manager: EntityManager, run: ViewChange[][]): Promise<ViewChange[][]> {
  const alias = await resolveRefs(manager, [...new Set(run.flat().flatMap(refsOf))]);
  if (!alias.size) return run;
  const to = (ref: string) => alias.get(ref) ?? ref;
  return run.map((changes) =>
    changes.map((c): ViewChange => {
      if (c.kind === 'parent') return { ...c, childRef: to(c.childRef), parentRef: to(c.parentRef) };
      if (c.kind === 'member-income')
        return { ...c, incomes: c.incomes.map((i) => ({ ...i, personRef: to(i.personRef) })) };
      return 'personRef' in c ? { ...c, personRef: to(c.personRef) } : c;
    }),
  );
}

/** One event's view changes with current refs (withCurrentRefsRun). */
export async function withCurrentRefs(manager: EntityManager, changes: ViewChange[]): Promise<ViewChange[]> {
  return (await withCurrentRefsRun(manager, [changes]))[0];
}

/**
 * A run's changes with current refs, and its keys locked (run-plan.ts lockRunKeys). A merge in flight
 * holds the lock of the old ref and writes the alias, so the refs are resolved again once locked; if a
 * merge committed meanwhile, the new refs are locked too (rare: only while a rotation runs).
 * `projected` may be a function, asked again for the second resolution (applyRunInParts: a re-keying
 * merged meanwhile by another transaction then needs no lock).
 */
export async function lockRunWithCurrentRefs(
  manager: EntityManager,
  projected: ViewChange[][] | (() => Promise<ViewChange[][]>),
): Promise<{ changes: ViewChange[][]; keys: Set<string>[] }> {
  const current = async () =>
    withCurrentRefsRun(manager, typeof projected === 'function' ? await projected() : projected);
  let changes = await current();
  let keys = await lockRunKeys(manager, changes);
  const again = await current();
  if (JSON.stringify(again) !== JSON.stringify(changes)) {
    changes = again;
    keys = await lockRunKeys(manager, changes);
  }
  return { changes, keys };
}

import { PersonRefRekeyedV1Payload } from '@civic/contracts';
import { EntityManager } from 'typeorm';
import { lockPeople } from './person-view.store';
import { lockRunKeys } from './run-plan';
import { ViewChange } from './view-change';

// Re-keying (docs/adr/0018-person-ref-rekeying.md): a department moved a person's ref to the current
// key and published `<department>.person.ref-rekeyed`. The engine merges the old ref's view into the
// new one and keeps old → new in pe_person_alias, so an event still carrying the old ref (published
// before the re-keying, or by a department not re-keyed yet) lands on the new view: one view per person.

// Per attribute, the later stamp wins (as in person-view.store.ts): merging is order-independent,
// so a view merged before or after an old-ref event is the same view.
const mergeLww = (table: string, keyCols: string[]) => {
  const fresh = `FROM jsonb_each_text(EXCLUDED.stamps) AS s(k, v) WHERE coalesce(${table}.stamps->>k, '') COLLATE "C" < v COLLATE "C"`;
  const rest = keyCols.slice(1).join(', ');
  return `INSERT INTO ${table} (${keyCols.join(', ')}, attrs, stamps)
    SELECT $2::text${rest ? `, ${rest}` : ''}, attrs, stamps FROM ${table} WHERE person_ref = $1
    ON CONFLICT (${keyCols.join(', ')}) DO UPDATE SET
      attrs = ${table}.attrs || (SELECT coalesce(jsonb_object_agg(k, EXCLUDED.attrs->k), '{}') ${fresh}),
      stamps = ${table}.stamps || (SELECT coalesce(jsonb_object_agg(k, v), '{}') ${fresh})`;
};

const MERGE = [
  mergeLww('pe_person', ['person_ref']),
  `DELETE FROM pe_person WHERE person_ref = $1`,
  mergeLww('pe_programme', ['person_ref', 'department', 'programme']),
  `DELETE FROM pe_programme WHERE person_ref = $1`,
  `INSERT INTO pe_household_member (household_id, person_ref, relation, stamp)
     SELECT household_id, $2::text, relation, stamp FROM pe_household_member WHERE person_ref = $1
   ON CONFLICT (household_id, person_ref) DO UPDATE SET relation = EXCLUDED.relation, stamp = EXCLUDED.stamp
     WHERE pe_household_member.stamp < EXCLUDED.stamp`,
  `DELETE FROM pe_household_member WHERE person_ref = $1`,
  `INSERT INTO pe_expense (person_ref, source_id, category, spent_on, amount_fen, event_id)
     SELECT $2::text, source_id, category, spent_on, amount_fen, event_id FROM pe_expense WHERE person_ref = $1
   ON CONFLICT DO NOTHING`,
  `DELETE FROM pe_expense WHERE person_ref = $1`,
  `UPDATE pe_payment_event SET person_ref = $2 WHERE person_ref = $1`,
  // a birth record outranks a household link, then the later stamp wins (household-parents.ts)
  `INSERT INTO pe_parent (child_ref, role, parent_ref, stamp, source)
     SELECT $2::text, role, parent_ref, stamp, source FROM pe_parent WHERE child_ref = $1
   ON CONFLICT (child_ref, role) DO UPDATE SET parent_ref = EXCLUDED.parent_ref, stamp = EXCLUDED.stamp, source = EXCLUDED.source
     WHERE (pe_parent.source = 'household' AND EXCLUDED.source = 'birth-record')
        OR (pe_parent.source = EXCLUDED.source AND pe_parent.stamp < EXCLUDED.stamp)`,
  `DELETE FROM pe_parent WHERE child_ref = $1`,
  `UPDATE pe_parent SET parent_ref = $2 WHERE parent_ref = $1`,
  // an alias that pointed at the old ref now points at the new one: one hop for every look-up
  `UPDATE pe_person_alias SET new_ref = $2 WHERE new_ref = $1`,
];

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
  if ((await resolveRefs(manager, [p.oldRef])).has(p.oldRef)) return undefined;
  await lockPeople(manager, [p.oldRef, p.newRef], []);
  // again under the lock (a merge of the same person may have committed meanwhile), with newRef's alias
  const aliases = await resolveRefs(manager, [p.oldRef, p.newRef]);
  const target = aliases.get(p.newRef) ?? p.newRef;
  if (aliases.has(p.oldRef) || target === p.oldRef) return undefined;
  for (const sql of MERGE) await manager.query(sql, sql.includes('$2') ? [p.oldRef, target] : [p.oldRef]);
  await manager.query(
    `INSERT INTO pe_person_alias (old_ref, new_ref, event_id) VALUES ($1, $2, $3) ON CONFLICT (old_ref) DO NOTHING`,
    [p.oldRef, target, eventId],
  );
  return target;
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
 */
export async function lockRunWithCurrentRefs(
  manager: EntityManager,
  projected: ViewChange[][],
): Promise<{ changes: ViewChange[][]; keys: Set<string>[] }> {
  let changes = await withCurrentRefsRun(manager, projected);
  let keys = await lockRunKeys(manager, changes);
  const again = await withCurrentRefsRun(manager, projected);
  if (JSON.stringify(again) !== JSON.stringify(changes)) {
    changes = again;
    keys = await lockRunKeys(manager, changes);
  }
  return { changes, keys };
}

import { EventEnvelope, isPersonRefRekeyedType, PersonRefRekeyedV1Payload } from '@civic/contracts';
import { EntityManager } from 'typeorm';
import { lockRunWithCurrentRefs, resolveRefs } from './person-ref-merge';
import { ViewChange } from './view-change';

/** What a caller does with each part of a run (indexes into the run). */
export interface RunParts {
  /** Events `from` to `to` (exclusive), none of them a re-keying: lock their keys, apply them. */
  apply(from: number, to: number): Promise<void>;
  /** The re-keying at `index`: merge the view (mergePersonView). */
  merge(index: number): Promise<void>;
}

/**
 * Applies a run of events in one transaction, offset order, with each re-keying a barrier: the
 * events before it apply as a run, it merges, the rest follow (the live listener and the replay).
 *
 * Each part locks as it comes: a run's keys, then a merge's two refs, then the next run's keys. Two
 * transactions locking in steps can each hold what the other waits for next, and PostgreSQL breaks
 * such a deadlock only after `deadlock_timeout` (1 s), after which the inbox redoes the run record
 * by record. So a run that holds a re-keying beside other events first takes every key its parts
 * will lock, in one sorted statement (lockRunWithCurrentRefs): each event's keys, and for each
 * re-keying both refs with what they reach (their households, those households' members, their
 * children), coupled like any run's keys. The parts then find their locks held. A re-keying of a ref
 * merged already takes nothing (mergePersonView does nothing for it, and a rotation's second
 * department does not queue behind the first's merge). What a part may still lock later: keys
 * reached through a merge that another transaction committed meanwhile (rare; waited for as before).
 *
 * `projected[i]` is projectEvent(events[i]) ([] for a re-keying).
 */
export async function applyRunInParts(
  manager: EntityManager,
  events: EventEnvelope[],
  projected: ViewChange[][],
  parts: RunParts,
): Promise<void> {
  const rekeyings = events.map((e) => (isPersonRefRekeyedType(e.type) ? (e.data as PersonRefRekeyedV1Payload) : null));
  if (events.length > 1 && rekeyings.some(Boolean)) {
    const merged = await resolveRefs(
      manager,
      rekeyings.flatMap((r) => (r ? [r.oldRef] : [])),
    );
    const both = (r: PersonRefRekeyedV1Payload): ViewChange[] =>
      merged.has(r.oldRef) ? [] : [r.oldRef, r.newRef].map((personRef) => ({ kind: 'person', personRef, set: {} }));
    await lockRunWithCurrentRefs(
      manager,
      rekeyings.map((r, i) => (r ? both(r) : projected[i])),
    );
  }
  let start = 0;
  for (let i = 0; i <= events.length; i++) {
    if (i < events.length && !rekeyings[i]) continue;
    if (i > start) await parts.apply(start, i);
    if (i < events.length) await parts.merge(i);
    start = i + 1;
  }
}

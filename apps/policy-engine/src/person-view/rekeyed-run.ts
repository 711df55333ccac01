import { EventEnvelope, isPersonRefRekeyedType, PersonRefRekeyedV1Payload } from '@civic/contracts';
import { EntityManager } from 'typeorm';
import { lockRunWithCurrentRefs, Rekeying, resolveRefs } from './person-ref-merge';
import { projectEvent } from './project-event';
import { ViewChange } from './view-change';

/** What a caller does with each part of a run (`from`, `to`: indexes into the run, `to` exclusive). */
export interface RunParts {
  /** Events none of which is a re-keying, with their view changes (projectEvent): lock their keys, apply them. */
  apply(from: number, to: number, projected: ViewChange[][]): Promise<void>;
  /** Consecutive re-keyings: merge the views (mergePersonViews with `locked`). */
  merge(from: number, to: number, rekeyings: Rekeying[]): Promise<void>;
}

/**
 * Applies a run of events in one transaction, offset order, with re-keyings as barriers: the events
 * before one apply as a run, it and the re-keyings right after it merge, the rest follow (the live
 * listener and the replay).
 *
 * Were each part to lock as it comes (a run's keys, then a merge's two refs, then the next run's
 * keys), two transactions could each hold what the other waits for next; PostgreSQL breaks such a
 * deadlock only after `deadlock_timeout` (1 s), and the inbox then redoes the run record by record.
 * So a run that holds a re-keying first takes every key its parts will lock, in one sorted statement (lockRunWithCurrentRefs): each event's keys, and for each re-keying both refs
 * with what they reach (their households, those households' members, their children), coupled
 * like any run's keys. The parts then find their locks held, and the merges take none of their own
 * (`merge` is to call mergePersonViews with `locked`). A re-keying of a ref merged already takes
 * nothing (it merges nothing), also when another transaction merged it while this one waited for
 * the lock (docs/adr/0033-rekeyed-runs-lock-up-front.md). The up-front keys are read again once
 * held (lockRunKeys), so a part finds the people who joined the run's households meanwhile locked too.
 */
export async function applyRunInParts(manager: EntityManager, events: EventEnvelope[], parts: RunParts): Promise<void> {
  const rekeyings: (Rekeying | null)[] = events.map((e) =>
    isPersonRefRekeyedType(e.type) ? { payload: e.data as PersonRefRekeyedV1Payload, eventId: e.id } : null,
  );
  const projected = events.map((e, i) => (rekeyings[i] ? [] : projectEvent(e)));
  if (rekeyings.some(Boolean)) {
    const olds = rekeyings.flatMap((r) => (r ? [r.payload.oldRef] : []));
    const both = (r: PersonRefRekeyedV1Payload): ViewChange[] =>
      [r.oldRef, r.newRef].map((personRef) => ({ kind: 'person', personRef, set: {} }));
    // asked again once locked: a re-keying another transaction merged meanwhile then takes no lock
    await lockRunWithCurrentRefs(manager, async () => {
      const merged = await resolveRefs(manager, olds);
      return rekeyings.map((r, i) => (!r ? projected[i] : merged.has(r.payload.oldRef) ? [] : both(r.payload)));
    });
  }
  for (let from = 0; from < events.length;) {
    const rekeying = !!rekeyings[from];
    let to = from + 1;
    while (to < events.length && !!rekeyings[to] === rekeying) to++;
    await (rekeying
      ? parts.merge(from, to, rekeyings.slice(from, to) as Rekeying[])
      : parts.apply(from, to, projected.slice(from, to)));
    from = to;
  }
}

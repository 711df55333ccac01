import { DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { OUTBOX_CHANNEL } from './outbox-channel';

/**
 * In-process wake on commit (docs/adr/0020-in-process-relay-wake.md). A relay registers with the
 * DataSource it reads; an outbox write through that DataSource, while that relay leads, marks its
 * transaction instead of calling `pg_notify` (whose notify lock serialises every notifying commit in
 * the database), and the relay is poked once the transaction's COMMIT has returned. A wake is only a
 * hint: the relay still reads committed rows, and polls as the fallback. A file of its own importing
 * nothing of @civic/*: the relay uses it and the crash tests run the relay precompiled.
 */

/** What the wake needs of a relay. */
export interface WakeableRelay {
  /** True while this relay holds its outbox's lock: only then is it the one to wake. */
  leads(): boolean;
  /** Ends the relay's pause (or makes its next pause return at once). */
  poke(): void;
}

/** Key on `QueryRunner.data`: the running transaction appended outbox rows for an in-process relay. */
const APPENDED = 'civic.outbox.wakeOnCommit';

const relays = new WeakMap<DataSource, Set<WakeableRelay>>();
const subscribers = new WeakMap<DataSource, EntitySubscriberInterface>();

/** Registers `relay` as the relay of `dataSource` in this process; returns its unregistration. */
export function registerRelayWake(dataSource: DataSource, relay: WakeableRelay): () => void {
  const set = relays.get(dataSource) ?? relays.set(dataSource, new Set()).get(dataSource)!;
  set.add(relay);
  const subscriber = subscribers.get(dataSource) ?? subscribers.set(dataSource, wakeOnCommit(set)).get(dataSource)!;
  // DataSource.initialize() replaces the subscriber list, so check it each time (the relay starts after it)
  if (!dataSource.subscribers.includes(subscriber)) dataSource.subscribers.push(subscriber);
  return () => void set.delete(relay);
}

/**
 * Called by the outbox inside the writing transaction: true (and the transaction marked for a poke
 * after its commit) when a relay of the runner's DataSource leads in this process; false when the
 * writer must notify through PostgreSQL for a relay elsewhere.
 */
export function wakesInProcess(runner: QueryRunner): boolean {
  const set = relays.get(runner.dataSource);
  if (!set || ![...set].some((r) => r.leads())) return false;
  runner.data = { ...runner.data, [APPENDED]: true };
  return true;
}

/**
 * Pokes the leading relays after the outermost COMMIT of a marked transaction (TypeORM broadcasts
 * AfterTransactionCommit after the COMMIT statement returned, and also after a RELEASE SAVEPOINT,
 * hence the depth check). A rollback clears the mark: nothing of it reached the table.
 */
function wakeOnCommit(set: Set<WakeableRelay>): EntitySubscriberInterface {
  const settled = (runner: QueryRunner): boolean => {
    if (runner.isTransactionActive || !runner.data?.[APPENDED]) return false;
    runner.data = { ...runner.data, [APPENDED]: false };
    return true;
  };
  return {
    afterTransactionCommit: ({ queryRunner }) => {
      if (!settled(queryRunner)) return;
      const leaders = [...set].filter((r) => r.leads());
      for (const r of leaders) r.poke();
      // the relay here lost the lead between the append and the commit: wake the new leader, wherever it
      // runs, with a notification of its own (a statement outside the write transaction, so its commit
      // was never held by the notify lock); failing that, the leader's poll finds the row
      if (!leaders.length)
        queryRunner.dataSource.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', current_schema())`).catch(() => undefined);
    },
    afterTransactionRollback: ({ queryRunner }) => void settled(queryRunner),
  };
}

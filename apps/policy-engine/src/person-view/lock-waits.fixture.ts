import { DataSource, EntityManager } from 'typeorm';
import { LOCKS_ROW_ID, lockIdOf } from './run-plan';

// For tests on real PostgreSQL that stage transactions waiting for one another's advisory locks
// (rekeyed-run.int-spec.ts, run-plan.int-spec.ts).

/** Runs `work` in a transaction; resolves `pid` with its backend once it began. */
export function inTransaction<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>) {
  let started!: (pid: number) => void;
  const pid = new Promise<number>((r) => (started = r));
  const done = ds.transaction(async (m) => {
    const [{ p }] = await m.query(`SELECT pg_backend_pid() AS p`);
    started(p);
    return work(m);
  });
  done.catch(() => undefined);
  return { pid, done };
}

/** Waits until backend `pid` waits for a lock (for `key`'s advisory lock, if given). */
export async function waitingForLock(ds: DataSource, pid: number, key?: string): Promise<void> {
  for (const until = Date.now() + 5_000; Date.now() < until;) {
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM pg_locks l
       WHERE l.pid = $1 AND NOT l.granted AND ($2::text IS NULL OR ${LOCKS_ROW_ID} = ${lockIdOf('$2')})`,
      [pid, key ?? null],
    );
    if (n > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`backend ${pid} never waited for ${key ?? 'a lock'}`);
}

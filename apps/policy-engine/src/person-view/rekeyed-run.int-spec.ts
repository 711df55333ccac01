import { EventEnvelope } from '@civic/contracts';
import { freshSchema, migratedSchema } from '@civic/testing';
import { DataSource, EntityManager } from 'typeorm';
import { POLICY_ENGINE_MIGRATIONS } from '../policy-engine.migrations';
import { lockRunWithCurrentRefs, mergePersonViews } from './person-ref-merge';
import { inTransaction, waitingForLock } from './lock-waits.fixture';
import { applyRunInParts } from './rekeyed-run';
import { lockKeys } from './run-plan';

// Two runs, each an event beside a re-keying, in transactions of two partitions on real PostgreSQL
// (rekeyed-run.ts). Locked part by part, each can hold what the other waits for next: PostgreSQL
// then aborts one with `deadlock detected` after deadlock_timeout. Locked up front in one sorted
// statement, one waits for the other and both commit.
describe('a run with a re-keying takes its locks in one sorted statement', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let ds: DataSource;
  // the keys in lock order (COLLATE "C"): W < X < Y < Z
  const [W, X, Y, Z] = ['k1:w', 'k1:x', 'k1:y', 'k1:z'].map((r) => `${r}-${'0'.repeat(40)}`);

  beforeAll(async () => {
    ({ schema, ds } = await migratedSchema('pe_rekeyed_run', POLICY_ENGINE_MIGRATIONS));
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
  });

  // projected by the engine as a person change on `personRef` (project-event.ts)
  const released = (personRef: string) =>
    ({ type: 'hub.person.released', data: { personRef, releasedOn: '2027-04-14' } }) as unknown as EventEnvelope;
  const rekeying = (oldRef: string, newRef: string, id: string) =>
    ({ id, type: 'hub.person.ref-rekeyed', data: { oldRef, newRef, keyId: 'k1' } }) as unknown as EventEnvelope;

  /** [an event on `personRef`, the re-keying old → new] as the listener and the replay lock them. */
  async function run(m: EntityManager, personRef: string, oldRef: string, newRef: string, id: string) {
    await applyRunInParts(m, [released(personRef), rekeying(oldRef, newRef, id)], {
      apply: async (from, to, projected) => void (await lockRunWithCurrentRefs(m, projected)),
      merge: async (from, to, rekeyings) => void (await mergePersonViews(m, rekeyings, { locked: true })),
    });
  }

  it('commits both runs where locking part by part deadlocks', async () => {
    // another transaction holds Y until both runs wait
    let release!: () => void;
    const holder = inTransaction(ds, async (m) => {
      await lockKeys(m, [Y]);
      await new Promise<void>((r) => (release = r));
    });
    await holder.pid;
    while (!release) await new Promise((r) => setTimeout(r, 10));

    // first: an event on X, then Y re-keyed to Z. Part by part it holds X and waits for Y; up front, the same
    const first = inTransaction(ds, (m) => run(m, X, Y, Z, '00000000-0000-4000-8000-000000000001'));
    await waitingForLock(ds, await first.pid);
    // second: an event on Z, then W re-keyed to X. Part by part it holds Z (and W) and waits for X,
    // where the first will wait for Z once Y is free; up front it holds W and waits for X, holding no Z
    const second = inTransaction(ds, (m) => run(m, Z, W, X, '00000000-0000-4000-8000-000000000002'));
    await waitingForLock(ds, await second.pid);

    release();
    await holder.done;
    const outcomes = await Promise.allSettled([first.done, second.done]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'committed'))).toEqual([
      'committed',
      'committed',
    ]);
    expect(await ds.query(`SELECT old_ref, new_ref FROM pe_person_alias ORDER BY old_ref`)).toEqual([
      { old_ref: W, new_ref: X },
      { old_ref: Y, new_ref: Z },
    ]);
  });
});

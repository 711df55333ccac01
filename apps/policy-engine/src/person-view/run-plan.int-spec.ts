import { freshSchema, migratedSchema } from '@civic/testing';
import { DataSource, EntityManager } from 'typeorm';
import { POLICY_ENGINE_MIGRATIONS } from '../policy-engine.migrations';
import { inTransaction, waitingForLock } from './lock-waits.fixture';
import { lockIdOf, lockKeys, lockRunKeys, unlockedKeys } from './run-plan';

// A run's keys as lockRunKeys returns and locks them, while other transactions commit changes to
// its households during its wait, on real PostgreSQL (run-plan.ts). The first statement reads the
// view as it was before it waited; the keys must be what the view holds once the locks are held.
describe('a run locks the keys the view holds once its locks are held', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let ds: DataSource;
  const [P, M, C] = ['person-p', 'person-m', 'person-c'].map((r) => `${r}-${'0'.repeat(40)}`);
  const H = 'household-h';

  beforeAll(async () => {
    ({ schema, ds } = await migratedSchema('pe_run_keys', POLICY_ENGINE_MIGRATIONS));
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
  });
  beforeEach(async () => {
    await ds.query(`TRUNCATE pe_household_member, pe_parent`);
    await ds.query(`INSERT INTO pe_household_member VALUES ($1, $2, 'head', 's1')`, [H, P]);
  });

  /** Runs `work` in a transaction that first locks `keys`; `commit` lets it commit and waits for it. */
  function holder(keys: string[], work: (m: EntityManager) => Promise<void>) {
    let release!: () => void;
    let ready!: () => void;
    const locked = new Promise<void>((r) => (ready = r));
    const done = ds.transaction(async (m) => {
      await lockKeys(m, keys);
      await work(m);
      ready();
      await new Promise<void>((r) => (release = r));
    });
    return {
      locked,
      commit: async () => {
        release();
        await done;
      },
    };
  }

  /** M joins H, in a transaction that holds H's keys as a run of that event would. */
  const memberJoins = () =>
    holder([P, `h:${H}`], (m) => m.query(`INSERT INTO pe_household_member VALUES ($1, $2, 'spouse', 's2')`, [H, M]));

  /** lockRunKeys for a change to P, in a transaction kept open until `commit`; resolves `pid` at once. */
  function run() {
    let finish!: () => void;
    let keys!: (k: string[]) => void;
    const result = new Promise<string[]>((r) => (keys = r));
    const { pid, done } = inTransaction(ds, async (m) => {
      keys([...(await lockRunKeys(m, [[{ kind: 'person', personRef: P, set: {} }]]))[0]].sort());
      await new Promise<void>((r) => (finish = r));
    });
    return {
      pid,
      keys: result,
      commit: async () => {
        finish();
        await done;
      },
    };
  }

  /** Whether another session could take `key`'s lock now. */
  async function free(key: string): Promise<boolean> {
    return ds.transaction(async (m) => {
      const [{ ok }] = await m.query(`SELECT pg_try_advisory_xact_lock(${lockIdOf('$1')}) AS ok`, [key]);
      return ok;
    });
  }

  it('holds a member who joined the household while the run waited', async () => {
    const joining = memberJoins();
    await joining.locked;
    const r = run();
    await waitingForLock(ds, await r.pid);
    await joining.commit();

    expect(await r.keys).toEqual([`h:${H}`, M, P].sort());
    expect(await free(M)).toBe(false);
    await r.commit();
  });

  it('reads again until no key is new: a child of the new member registered while it waited for the member', async () => {
    const joining = memberJoins();
    // C registered with M as mother, in a transaction that holds M (and C) until the run waits for M
    const registering = holder([C, M], (m) => m.query(`INSERT INTO pe_parent VALUES ($1, 'mother', $2, 's3')`, [C, M]));
    await Promise.all([joining.locked, registering.locked]);
    const r = run();
    const pid = await r.pid;
    await waitingForLock(ds, pid);
    await joining.commit();
    // the run now sees M, and waits for M's lock
    await waitingForLock(ds, pid, M);
    await registering.commit();

    expect(await r.keys).toEqual([`h:${H}`, C, M, P].sort());
    expect(await free(C)).toBe(false);
    await r.commit();
  });

  it('does not wait for a new key while holding the others: a holder of the new member that waits for the run commits', async () => {
    const joining = memberJoins();
    // a transaction on M that will want P next (an event on M and P, locked part by part)
    let next!: () => void;
    const onM = ds.transaction(async (m) => {
      await lockKeys(m, [M]);
      await new Promise<void>((r) => (next = r));
      await lockKeys(m, [P]);
    });
    await joining.locked;
    while (!next) await new Promise((r) => setTimeout(r, 10));
    const r = run();
    const pid = await r.pid;
    await waitingForLock(ds, pid);
    await joining.commit();
    await waitingForLock(ds, pid, M);
    // waiting for M while holding P, the run would deadlock with it here
    next();
    await onM;

    expect(await r.keys).toEqual([`h:${H}`, M, P].sort());
    await r.commit();
  });

  it('names the keys whose lock the transaction does not hold (the evaluation check)', async () => {
    const unlocked = await ds.transaction(async (m) => {
      await lockKeys(m, [P, `h:${H}`]);
      return unlockedKeys(m, [P, M, `h:${H}`]);
    });
    expect(unlocked).toEqual([M]);
    // another session's lock is not this transaction's
    const other = holder([M], async () => undefined);
    await other.locked;
    expect(await ds.transaction((m) => unlockedKeys(m, [M]))).toEqual([M]);
    await other.commit();
  });
});

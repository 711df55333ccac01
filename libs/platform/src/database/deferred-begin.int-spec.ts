import { QueryResult } from 'pg';
import { DataSource } from 'typeorm';
import { freshSchema, withClient } from '@civic/testing';
import { DeferredBeginClient } from './deferred-begin';

// the tier's testTimeout is not applied per project; real servers on a loaded 2-core machine need more than 5 s
jest.setTimeout(60_000);

/** ReadyForQuery messages received, i.e. round trips, across the pool's connections. */
let roundTrips = 0;
class CountingClient extends DeferredBeginClient {
  constructor(config: ConstructorParameters<typeof DeferredBeginClient>[0]) {
    super(config);
    (this as unknown as { connection: NodeJS.EventEmitter }).connection.on('readyForQuery', () => roundTrips++);
  }
}

describe('a transaction whose BEGIN travels with its first statement (DeferredBeginClient)', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    schema = await freshSchema('deferred_begin');
    dataSource = new DataSource({
      type: 'postgres',
      url: schema.url,
      schema: schema.schema,
      poolSize: 4,
      // as DatabaseModule configures it
      extra: { options: `-c search_path=${schema.schema}`, Client: CountingClient },
    });
    await dataSource.initialize();
    await dataSource.query(`CREATE TABLE item (id int PRIMARY KEY, note text NOT NULL)`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await schema?.drop();
  });

  beforeEach(() => dataSource.query(`TRUNCATE item`));

  const rows = async () =>
    (await withClient(schema.url, (c) => c.query(`SELECT id, note FROM ${schema.schema}.item ORDER BY id`))).rows;
  const counted = async (f: () => Promise<unknown>) => {
    // every connection of the pool has answered its start-up before the count starts
    await Promise.all(Array.from({ length: 4 }, () => dataSource.query('SELECT 1')));
    const from = roundTrips;
    await f().catch(() => undefined);
    return roundTrips - from;
  };

  it('commits both statements in three round trips instead of four, each statement answered with its own result', async () => {
    let returned: unknown;
    const trips = await counted(() =>
      dataSource.transaction(async (m) => {
        returned = await m.query(`INSERT INTO item (id, note) VALUES ($1, $2) RETURNING id, note`, [1, 'a']);
        await m.query(`INSERT INTO item (id, note) VALUES ($1, $2)`, [2, 'b']);
      }),
    );
    expect(returned).toEqual([{ id: 1, note: 'a' }]);
    expect(await rows()).toEqual([
      { id: 1, note: 'a' },
      { id: 2, note: 'b' },
    ]);
    expect(trips).toBe(3);
  });

  it('runs the first statement inside the transaction: a later failure rolls it back', async () => {
    await expect(
      dataSource.transaction(async (m) => {
        await m.query(`INSERT INTO item (id, note) VALUES ($1, $2)`, [1, 'a']);
        await m.query(`INSERT INTO item (id, note) VALUES ($1, $2)`, [1, 'duplicate']);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await rows()).toEqual([]);
  });

  it('a first statement without parameters goes after a BEGIN of its own, inside the transaction', async () => {
    const trips = await counted(() =>
      dataSource.transaction(async (m) => {
        await m.query(`INSERT INTO item (id, note) VALUES (1, 'a'); INSERT INTO item (id, note) VALUES (2, 'b')`);
        await m.query(`INSERT INTO item (id, note) VALUES ($1, $2)`, [1, 'duplicate']);
      }),
    );
    expect(await rows()).toEqual([]);
    expect(trips).toBe(4); // BEGIN, the two-statement string, the failed insert, ROLLBACK
  });

  it('queries sent without awaiting the first keep their order, all inside the transaction', async () => {
    await expect(
      dataSource.transaction(async (m) => {
        await Promise.all([
          m.query(`INSERT INTO item (id, note) VALUES ($1, $2)`, [1, 'a']),
          m.query(`INSERT INTO item (id, note) VALUES (2, 'b')`),
          m.query(`INSERT INTO item (id, note) VALUES ($1, $2)`, [3, 'c']),
        ]);
        throw new Error('the caller gives up');
      }),
    ).rejects.toThrow('the caller gives up');
    expect(await rows()).toEqual([]);
  });

  it('a failed first statement aborts the transaction, and the connection serves the next one', async () => {
    await expect(
      dataSource.transaction((m) => m.query(`INSERT INTO item (id, note) VALUES ($1, $2)`, [1, null])),
    ).rejects.toThrow(/null value/);
    for (let i = 0; i < 8; i++)
      await dataSource.transaction((m) => m.query(`INSERT INTO item (id, note) VALUES ($1, $2)`, [10 + i, 'x']));
    expect((await rows()).length).toBe(8);
    // nothing left open: on every pooled connection a statement starts a transaction of its own
    // (in a transaction left open, now() would be that transaction's start)
    const fresh = await Promise.all(
      Array.from({ length: 4 }, () =>
        dataSource.query(`SELECT now() = statement_timestamp() AS fresh, pg_sleep(0.05)`).then((r) => r[0].fresh),
      ),
    );
    expect(fresh).toEqual([true, true, true, true]);
  });

  it('a BEGIN that fails fails the statements behind it instead of running them outside a transaction', async () => {
    const client = new DeferredBeginClient({
      connectionString: schema.url,
      options: `-c search_path=${schema.schema}`,
    });
    await client.connect();
    try {
      // the BEGIN this client sends on its own (before a statement that cannot join its batch) made
      // to fail as a BEGIN can, without leaving the session inside a transaction
      const wire = client as unknown as { send(config: unknown, ...rest: unknown[]): unknown };
      const send = wire.send;
      wire.send = function (this: unknown, config: unknown, ...rest: unknown[]) {
        const text = config === 'START TRANSACTION' ? 'START TRANSACTION ISOLATION LEVEL never' : config;
        return send.call(this, text, ...rest);
      };
      await client.query('START TRANSACTION');
      const [first, queued] = await Promise.allSettled([
        client.query(`INSERT INTO item (id, note) VALUES (1, 'a')`), // no parameters: after a BEGIN of its own
        client.query(`INSERT INTO item (id, note) VALUES ($1, $2)`, [2, 'b']), // held behind that BEGIN
      ]);
      expect(first).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/syntax error/) } });
      expect(queued).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/syntax error/) } });
      expect(await rows()).toEqual([]);
      // the client is usable afterwards
      const after: QueryResult = await client.query(`SELECT 1 AS one`);
      expect(after.rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });

  it('an empty transaction still opens and commits (BEGIN, then COMMIT)', async () => {
    const trips = await counted(() => dataSource.transaction(async () => undefined));
    expect(trips).toBe(2);
  });
});

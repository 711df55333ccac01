import { Outbox } from '@civic/messaging';
import { freshSchema, migratedSchema } from '@civic/testing';
import { DataSource } from 'typeorm';
import { insertPayments, paymentId, runPayments } from './payment-run';
import { SOCIAL_ASSISTANCE_MIGRATIONS } from '../social-assistance.migrations';

// The set-based run (libs/monthly-run run-month-set.ts) beside a payment of the month committed by
// another transaction after the run's snapshot (arrears take no run lock): the run must neither fail
// nor pay the case twice; it keeps that payment and pays every other case, once (its ON CONFLICT).
describe('payment run beside arrears of the same month', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let ds: DataSource;
  const month = '2025-07';
  const now = new Date('2025-07-20T02:00:00Z');
  const ref = (i: number) => `bench:a${String(i).padStart(43, '0')}`;

  beforeAll(async () => {
    ({ schema, ds } = await migratedSchema('sa_payrun', SOCIAL_ASSISTANCE_MIGRATIONS));
    await ds.query(
      `INSERT INTO household (household_id, town, village, version, snapshot, registered_by) VALUES ('hh-1', '442000100', '442000100001', 1, '{}', 'test')`,
    );
    await ds.query(
      `INSERT INTO assistance_case (case_id, household_id, person_ref, programme, town, status, state, effective_from)
       SELECT 'case-' || i, 'hh-1', 'bench:a' || lpad(i::text, 43, '0'), 'dibao', '442000100', 'active', '{}', '2025-01-01' FROM generate_series(1, 3) i`,
    );
    await ds.query(
      `INSERT INTO case_amount_decision (case_id, effective_from, monthly_amount_fen, cause, basis, decided_on)
       SELECT 'case-' || i, '2025-01-01', 50000, 'test', 'test', '2025-01-01' FROM generate_series(1, 3) i`,
    );
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
  });

  it('an arrears payment committed while the run inserts: the run keeps it and pays the other cases once', async () => {
    const arrears = ds.createQueryRunner();
    await arrears.connect();
    await arrears.startTransaction();
    const [{ pid }] = await arrears.query('SELECT pg_backend_pid() AS pid');
    await insertPayments(
      arrears.manager,
      new Outbox(),
      [
        {
          paymentId: paymentId(month, 'case-2'),
          runId: null,
          subjectId: 'case-2',
          month,
          personRef: ref(2),
          programme: 'dibao',
          town: '442000100',
          amountFen: 12300,
          kind: 'arrears',
        },
      ],
      'test',
      now,
    );
    const run = ds.transaction((m) => runPayments(m, month, 'disburser', now));
    // commit only once the run's insert waits for the uncommitted arrears row, so it meets it committed
    for (let waited = 0; ; waited += 50) {
      const [{ blocked }] = await ds.query(
        `SELECT count(*)::int AS blocked FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`,
        [pid],
      );
      if (blocked) break;
      if (waited > 30_000) throw new Error('the run never waited for the arrears transaction');
      await new Promise((r) => setTimeout(r, 50));
    }
    await arrears.commitTransaction();
    await arrears.release();

    const outcome = await run;
    expect(outcome.created).toBe(2);
    expect(
      await ds.query(`SELECT case_id, kind, amount_fen::int AS amount, status FROM payment ORDER BY case_id`),
    ).toEqual([
      { case_id: 'case-1', kind: 'monthly', amount: 50000, status: 'issued' },
      { case_id: 'case-2', kind: 'arrears', amount: 12300, status: 'issued' },
      { case_id: 'case-3', kind: 'monthly', amount: 50000, status: 'issued' },
    ]);
    // one issued event per payment: the arrears' own and the run's two
    expect(
      await ds.query(
        `SELECT payload::jsonb #>> '{data,caseId}' AS case_id, count(*)::int AS n FROM outbox_message GROUP BY 1 ORDER BY 1`,
      ),
    ).toEqual([
      { case_id: 'case-1', n: 1 },
      { case_id: 'case-2', n: 1 },
      { case_id: 'case-3', n: 1 },
    ]);
  });
});

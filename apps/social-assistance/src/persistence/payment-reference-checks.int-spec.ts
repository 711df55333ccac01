import { freshSchema, migratedSchema } from '@civic/testing';
import { DataSource } from 'typeorm';
import { SOCIAL_ASSISTANCE_MIGRATIONS } from '../social-assistance.migrations';

// The payment's run and case, checked once per statement instead of by foreign keys
// (docs/adr/0019-payment-reference-checks.md): every way the keys kept a payment from naming a run or
// case that does not exist must still be refused, by the database, with the foreign-key SQLSTATE.
describe('payment reference checks (the foreign keys of payment, per statement)', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let ds: DataSource;

  const pay = (paymentId: string, runId: string | null, caseId: string, month = '2026-01') =>
    `('${paymentId}', ${runId === null ? 'NULL' : `'${runId}'`}, '${caseId}', '${month}', 'test:p', 'dibao', '442000100', 100, '2026-01-20', 'test')`;
  const insert = (...rows: string[]) =>
    ds.query(
      `INSERT INTO payment (payment_id, run_id, case_id, month, person_ref, programme, town, amount_fen, issued_on, issued_by) VALUES ${rows.join(', ')}`,
    );
  const refused = { code: '23503' };

  beforeAll(async () => {
    ({ schema, ds } = await migratedSchema('sa_payrefs', SOCIAL_ASSISTANCE_MIGRATIONS));
  });
  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
  });

  beforeEach(async () => {
    await ds.query(`TRUNCATE payment, payment_run, assistance_case, household CASCADE`);
    await ds.query(
      `INSERT INTO household (household_id, town, village, version, snapshot, registered_by) VALUES ('hh-1', '442000100', '442000100001', 1, '{}', 'test')`,
    );
    await ds.query(
      `INSERT INTO assistance_case (case_id, household_id, person_ref, programme, town, status, state)
       SELECT 'case-' || i, 'hh-1', 'test:p' || i, 'dibao', '442000100', 'active', '{}' FROM generate_series(1, 3) i`,
    );
    await ds.query(`INSERT INTO payment_run (run_id, month, started_by) VALUES ('run-2026-01', '2026-01', 'test')`);
  });

  it('accepts payments naming an existing case and run, and arrears without a run', async () => {
    await insert(pay('p1', 'run-2026-01', 'case-1'), pay('p2', null, 'case-2', '2025-12'));
    expect(await ds.query(`SELECT payment_id FROM payment ORDER BY payment_id`)).toEqual([
      { payment_id: 'p1' },
      { payment_id: 'p2' },
    ]);
  });

  it('refuses a statement in which one payment of many names a case or a run that does not exist', async () => {
    await expect(insert(pay('p1', 'run-2026-01', 'case-1'), pay('p2', 'run-2026-01', 'case-9'))).rejects.toMatchObject(
      refused,
    );
    await expect(insert(pay('p1', 'run-2026-01', 'case-1'), pay('p2', 'run-2099-01', 'case-2'))).rejects.toMatchObject(
      refused,
    );
    // the set-based run's shape: INSERT ... SELECT in a data-modifying CTE, ON CONFLICT
    await expect(
      ds.query(
        `WITH ins AS (INSERT INTO payment (payment_id, run_id, case_id, month, person_ref, programme, town, amount_fen, issued_on, issued_by)
           SELECT 'p' || i, 'run-2026-01', 'case-' || i, '2026-01', 'test:p', 'dibao', '442000100', 100, '2026-01-20', 'test'
             FROM generate_series(1, 4) i ON CONFLICT (case_id, month) DO NOTHING RETURNING 1)
         SELECT count(*) FROM ins`,
      ),
    ).rejects.toMatchObject(refused);
    expect(await ds.query(`SELECT count(*)::int AS n FROM payment`)).toEqual([{ n: 0 }]);
  });

  it('refuses moving a payment to a case or run that does not exist; moving it to an existing case is accepted', async () => {
    await insert(pay('p1', 'run-2026-01', 'case-1'));
    await expect(ds.query(`UPDATE payment SET case_id = 'case-9'`)).rejects.toMatchObject(refused);
    await expect(ds.query(`UPDATE payment SET run_id = 'run-2099-01'`)).rejects.toMatchObject(refused);
    await ds.query(`UPDATE payment SET case_id = 'case-2', status = 'confirmed'`);
    expect(await ds.query(`SELECT case_id, run_id, status FROM payment`)).toEqual([
      { case_id: 'case-2', run_id: 'run-2026-01', status: 'confirmed' },
    ]);
  });

  it('keeps runs and cases: no delete, no change of id, no truncate while payments name them', async () => {
    await insert(pay('p1', 'run-2026-01', 'case-1'));
    await expect(ds.query(`DELETE FROM payment_run`)).rejects.toMatchObject(refused);
    await expect(ds.query(`UPDATE payment_run SET run_id = 'run-x'`)).rejects.toMatchObject(refused);
    await expect(ds.query(`DELETE FROM assistance_case WHERE case_id = 'case-1'`)).rejects.toMatchObject(refused);
    await expect(
      ds.query(`UPDATE assistance_case SET case_id = 'case-x' WHERE case_id = 'case-1'`),
    ).rejects.toMatchObject(refused);
    await expect(ds.query(`TRUNCATE payment_run`)).rejects.toMatchObject(refused);
    await expect(ds.query(`TRUNCATE assistance_case CASCADE`)).rejects.toMatchObject(refused);
    expect(await ds.query(`SELECT count(*)::int AS n FROM payment_run`)).toEqual([{ n: 1 }]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM assistance_case`)).toEqual([{ n: 3 }]);
    // emptied together with the payments naming them, as a foreign key allows
    await ds.query(`TRUNCATE payment, payment_run`);
  });
});

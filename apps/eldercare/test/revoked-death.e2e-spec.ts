import { addMonths } from '@civic/calendar';
import { DeathRecordedV1 } from '@civic/contracts';
import { residentIdNumber, TEST_TOWN as TOWN, TEST_VILLAGE as VILLAGE, waitFor, withClient } from '@civic/testing';
import { EldercareApp, startEldercareApp } from './eldercare-app.fixture';

jest.setTimeout(180_000);

// docs/adr/0009-revoked-death-records.md in eldercare, over HTTP and real PostgreSQL and Kafka: a revoked
// death record brings the elder back, with every month the death kept from them paid exactly once.
describe('a revoked death record in eldercare', () => {
  let t: EldercareApp;
  let clerk: string;
  let admin: string;
  let disburser: string;
  const sql = <R = any>(text: string, params: unknown[] = []) =>
    withClient(t.schema.url, async (c) => (await c.query(text, params)).rows as R[]);

  beforeAll(async () => {
    t = await startEldercareApp('ec_revoked');
    clerk = await t.token('clerk-1', ['eldercare:clerk']);
    admin = await t.token('admin-1', ['eldercare:admin']);
    disburser = await t.token('disburser-1', ['eldercare:disburser']);
  });
  afterAll(() => t?.close());

  it('makes the elder active again, resumes the allowance, reissues the stopped payment, pays the skipped month once and reopens the visit task', async () => {
    const today = await t.today();
    const month = today.slice(0, 7);
    const next = (n: number) => addMonths(`${month}-01`, n).slice(0, 7);
    const elder = (
      await t.call('POST', '/api/v1/elders', clerk, {
        idNumber: residentIdNumber(addMonths(today, -12 * 85), 7),
        town: TOWN,
        village: VILLAGE,
        livingSituation: ['alone'],
      })
    ).body;
    expect(elder.elderId).toBeDefined();
    await t.call('POST', '/api/v1/daily-runs', admin);
    const [grant] = (await t.call('GET', `/api/v1/elders/${elder.elderId}/allowances`, clerk)).body;
    expect(grant).toMatchObject({ allowance: 'high-age', status: 'active', monthlyAmountFen: 10000 });
    const run = (m: string) => t.call('POST', '/api/v1/allowance-runs', disburser, { month: m });
    expect((await run(next(1))).body.created).toBe(1);
    const payments = async () =>
      (await t.call('GET', `/api/v1/elders/${elder.elderId}/payments`, clerk)).body.map(
        (p: { paymentId: string; month: string; status: string; kind: string; amountFen: number }) => [
          p.month,
          p.status,
          p.kind,
          p.amountFen,
        ],
      );
    const [firstPayment] = (await t.call('GET', `/api/v1/elders/${elder.elderId}/payments`, clerk)).body;

    // the death: grant stopped, next month's payment stopped, this month's visit task closed
    const record = { personRef: elder.personRef, maskedId: elder.maskedId, deathDate: today };
    await t.publish(DeathRecordedV1, { ...record, recordId: 'hub-death-r1', status: 'formal' });
    await waitFor('the elder deceased', async () =>
      (await t.call('GET', `/api/v1/elders/${elder.elderId}`, clerk)).body.status === 'deceased' ? true : undefined,
    );
    expect(await payments()).toEqual([[next(1), 'stopped', 'monthly', 10000]]);
    expect(await sql(`SELECT month, status FROM visit_task WHERE elder_id = $1`, [elder.elderId])).toEqual([
      { month, status: 'closed' },
    ]);
    // a month run while the elder is taken for dead pays nothing
    await run(next(2));
    expect(await payments()).toEqual([[next(1), 'stopped', 'monthly', 10000]]);

    // a revocation of some other record undoes nothing
    const [other] = await t.publish(DeathRecordedV1, {
      ...record,
      recordId: 'hub-death-r2',
      status: 'revoked',
      revokesRecordId: 'hub-death-other',
    });
    await waitFor('the other revocation consumed', async () =>
      (await sql(`SELECT 1 FROM inbox_message WHERE event_id = $1`, [other.id])).length ? true : undefined,
    );
    expect((await t.call('GET', `/api/v1/elders/${elder.elderId}`, clerk)).body.status).toBe('deceased');
    // the revocation of the record that killed the elder undoes it
    await t.publish(DeathRecordedV1, {
      ...record,
      recordId: 'hub-death-r3',
      status: 'revoked',
      revokesRecordId: 'hub-death-r1',
    });
    const back = await waitFor('the elder active again', async () => {
      const e = (await t.call('GET', `/api/v1/elders/${elder.elderId}`, clerk)).body;
      return e.status === 'active' ? e : undefined;
    });
    expect(back.deathDate).toBeNull();
    const [resumed] = (await t.call('GET', `/api/v1/elders/${elder.elderId}/allowances`, clerk)).body;
    expect(resumed).toMatchObject({ grantId: grant.grantId, status: 'active', stoppedOn: null, stopReason: null });
    // the stopped payment is reissued as itself; the month run meanwhile is paid as arrears
    expect(await payments()).toEqual([
      [next(1), 'issued', 'monthly', 10000],
      [next(2), 'issued', 'arrears', 10000],
    ]);
    const after = (await t.call('GET', `/api/v1/elders/${elder.elderId}/payments`, clerk)).body;
    expect(after[0].paymentId).toBe(firstPayment.paymentId);
    expect(await sql(`SELECT month, status FROM visit_task WHERE elder_id = $1`, [elder.elderId])).toEqual([
      { month, status: 'open' },
    ]);
    const outbox = await sql<{ event_type: string; n: number }>(
      `SELECT event_type, count(*)::int AS n FROM outbox_message WHERE event_type LIKE 'eldercare.%' AND payload::text LIKE $1
       GROUP BY event_type ORDER BY event_type`,
      [`%${elder.elderId}%`],
    );
    expect(outbox).toEqual(
      expect.arrayContaining([
        { event_type: 'eldercare.elder.allowance-granted', n: 2 },
        { event_type: 'eldercare.payment.issued', n: 3 },
        { event_type: 'eldercare.payment.stopped', n: 1 },
      ]),
    );

    // every month is paid once: re-runs and a repeated revocation add nothing; the next month pays normally
    expect((await run(next(1))).body.created).toBe(0);
    expect((await run(next(2))).body.created).toBe(0);
    await t.publish(DeathRecordedV1, {
      ...record,
      recordId: 'hub-death-r3',
      status: 'revoked',
      revokesRecordId: 'hub-death-r1',
    });
    expect((await run(next(3))).body.created).toBe(1);
    expect(await payments()).toEqual([
      [next(1), 'issued', 'monthly', 10000],
      [next(2), 'issued', 'arrears', 10000],
      [next(3), 'issued', 'monthly', 10000],
    ]);
  });
});

import { addDays, addMonths } from '@civic/calendar';
import { DeathRecordedV1 } from '@civic/contracts';
import { residentIdNumber, TEST_TOWN as TOWN, TEST_VILLAGE as VILLAGE, waitFor, withClient } from '@civic/testing';
import { EldercareApp, startEldercareApp } from './eldercare-app.fixture';

jest.setTimeout(180_000);

// Family care beds (家庭养老床位) and age-friendly home adaptations (适老化改造) over HTTP, real
// PostgreSQL and Kafka: bad input is a 400 naming the field and rule with nothing stored or published.
describe('family care beds and home adaptations', () => {
  let t: EldercareApp;
  let clerk: string;
  let seq = 501;
  let today: string;
  let centreId: string;
  let canteenId: string;
  const sql = <R = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    withClient(t.schema.url, async (c) => (await c.query(text, params)).rows as R[]);
  const count = async (table: string) => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const outbox = async (type: string) =>
    (
      await sql<{ payload: string }>(`SELECT payload FROM outbox_message WHERE event_type = $1 ORDER BY id`, [type])
    ).map((r) => JSON.parse(r.payload).data);
  const register = async (assessed: boolean) => {
    const elder = (
      await t.call('POST', '/api/v1/elders', clerk, {
        idNumber: residentIdNumber(addMonths(today, -12 * 75), (seq += 2)),
        town: TOWN,
        village: VILLAGE,
        livingSituation: ['alone'],
      })
    ).body;
    if (assessed)
      await t.call('POST', `/api/v1/elders/${elder.elderId}/assessments`, clerk, {
        assessedOn: today,
        assessor: 'asr-1',
        scores: { selfCare: 20, basicMotion: 10, mentalState: 10, perceptionAndSocial: 10 },
      });
    return elder as { elderId: string; personRef: string; maskedId: string };
  };
  const site = async (kind: string) =>
    (
      await t.call('POST', '/api/v1/care-sites', clerk, {
        kind,
        name: `石岐${kind}`,
        town: TOWN,
        village: VILLAGE,
        openedOn: today,
      })
    ).body.siteId as string;

  beforeAll(async () => {
    t = await startEldercareApp('ec_home_support');
    clerk = await t.token('clerk-1', ['eldercare:clerk']);
    today = await t.today();
    centreId = await site('centre');
    canteenId = await site('canteen');
  });
  afterAll(() => t?.close());

  it('refuses a bad family care bed request naming the field and rule, storing and publishing nothing', async () => {
    const elder = await register(true);
    const unassessed = await register(false);
    const open = (body: Record<string, unknown>) => t.call('POST', '/api/v1/family-care-beds', clerk, body);
    const valid = { elderId: elder.elderId, providerSiteId: centreId, openedOn: today };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...valid, elderId: 'elder-nobody' }, 'elderId', 'elder.registered'],
      [{ ...valid, providerSiteId: 'site-nowhere' }, 'providerSiteId', 'site.registered'],
      [{ ...valid, providerSiteId: canteenId }, 'providerSiteId', 'site.centre'],
      [{ ...valid, openedOn: addDays(today, 1) }, 'openedOn', 'not-in-future'],
    ];
    for (const [body, field, rule] of cases) {
      const res = await open(body);
      expect([res.status, res.body.errors]).toEqual([400, [expect.objectContaining({ field, rule })]]);
    }
    for (const body of [
      { ...valid, openedOn: '2024-02-30' },
      { ...valid, elderId: 42 },
      { providerSiteId: centreId },
    ]) {
      const res = await open(body);
      expect(res.status).toBe(400);
      expect(res.body.errors.length).toBeGreaterThan(0);
      expect(res.body.errors.every((e: { field: string; rule: string }) => e.field && e.rule)).toBe(true);
    }
    const notAssessed = await open({ ...valid, elderId: unassessed.elderId });
    expect([notAssessed.status, notAssessed.body.rule]).toEqual([409, 'family-care-bed.assessed']);
    expect(await count('family_care_bed')).toBe(0);
    expect(await outbox('eldercare.family-care-bed.opened')).toEqual([]);
  });

  it('opens one family care bed per elder, lists it, closes it once, and publishes both', async () => {
    const elder = await register(true);
    const opened = await t.call('POST', '/api/v1/family-care-beds', clerk, {
      elderId: elder.elderId,
      providerSiteId: centreId,
      openedOn: today,
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ elderId: elder.elderId, status: 'open', openedOn: today, closedOn: null });
    const bedId = opened.body.bedId;
    const twice = await t.call('POST', '/api/v1/family-care-beds', clerk, {
      elderId: elder.elderId,
      providerSiteId: centreId,
      openedOn: today,
    });
    expect([twice.status, twice.body.rule]).toEqual([409, 'family-care-bed.one-open']);
    expect(await outbox('eldercare.family-care-bed.opened')).toEqual([
      expect.objectContaining({ bedId, elderId: elder.elderId, personRef: elder.personRef, providerSiteId: centreId }),
    ]);
    const listed = await t.call('GET', `/api/v1/family-care-beds?status=open&elderId=${elder.elderId}&limit=5`, clerk);
    expect(listed.body).toMatchObject({ total: 1, limit: 5, items: [expect.objectContaining({ bedId })] });
    expect((await t.call('GET', '/api/v1/family-care-beds?status=ajar', clerk)).status).toBe(400);

    const close = (body: Record<string, unknown>) =>
      t.call('POST', `/api/v1/family-care-beds/${bedId}/closure`, clerk, body);
    const early = await close({ closedOn: addDays(today, -1), reason: 'moved' });
    expect(early.body.errors).toEqual([expect.objectContaining({ field: 'closedOn', rule: 'not-before-opening' })]);
    const byClerkAsDeath = await close({ closedOn: today, reason: 'death' });
    expect(byClerkAsDeath.status).toBe(400);
    expect(byClerkAsDeath.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect(await outbox('eldercare.family-care-bed.closed')).toEqual([]);
    const closed = await close({ closedOn: today, reason: 'admitted' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedOn: today, closeReason: 'admitted' });
    expect((await close({ closedOn: today, reason: 'admitted' })).status).toBe(409);
    expect(await outbox('eldercare.family-care-bed.closed')).toEqual([
      expect.objectContaining({ bedId, closedOn: today, reason: 'admitted' }),
    ]);
  });

  it('records a home adaptation once with a bounded integer cost, refusing bad input with nothing stored', async () => {
    const elder = await register(false);
    const apply = (body: Record<string, unknown>) => t.call('POST', '/api/v1/home-adaptations', clerk, body);
    const valid = { elderId: elder.elderId, items: ['grab-bars', 'lighting'], appliedOn: today };
    for (const [body, field] of [
      [{ ...valid, items: [] }, 'items'],
      [{ ...valid, items: ['grab-bars', 'grab-bars'] }, 'items'],
      [{ ...valid, items: ['jacuzzi'] }, 'items'],
      [{ ...valid, elderId: 'elder-nobody' }, 'elderId'],
      [{ ...valid, appliedOn: addDays(today, 1) }, 'appliedOn'],
    ] as const) {
      const res = await apply(body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    expect(await count('home_adaptation')).toBe(0);

    const applied = await apply({ ...valid, items: ['lighting', 'grab-bars'] });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ status: 'applied', items: ['grab-bars', 'lighting'], costFen: null });
    const id = applied.body.adaptationId;
    const complete = (body: Record<string, unknown>) =>
      t.call('POST', `/api/v1/home-adaptations/${id}/completion`, clerk, body);
    for (const [body, field] of [
      [{ completedOn: today, costFen: -1 }, 'costFen'],
      [{ completedOn: today, costFen: 12.5 }, 'costFen'],
      [{ completedOn: today, costFen: 100_000_001 }, 'costFen'],
      [{ completedOn: today, costFen: '380000' }, 'costFen'],
      [{ completedOn: addDays(today, 1), costFen: 380000 }, 'completedOn'],
      [{ completedOn: addDays(today, -1), costFen: 380000 }, 'completedOn'],
    ] as const) {
      const res = await complete(body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    expect(await outbox('eldercare.home-adaptation.completed')).toEqual([]);
    const done = await complete({ completedOn: today, costFen: 380000 });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', completedOn: today, costFen: 380000 });
    expect((await complete({ completedOn: today, costFen: 380000 })).status).toBe(409);
    expect(await outbox('eldercare.home-adaptation.completed')).toEqual([
      expect.objectContaining({
        adaptationId: id,
        elderId: elder.elderId,
        costFen: 380000,
        items: ['grab-bars', 'lighting'],
      }),
    ]);
    const listed = await t.call('GET', `/api/v1/home-adaptations?status=completed&elderId=${elder.elderId}`, clerk);
    expect(listed.body.items).toEqual([expect.objectContaining({ adaptationId: id })]);
  });

  it('closes the bed and cancels the pending adaptation on a death, and reopens both when the record is revoked', async () => {
    const elder = await register(true);
    const bed = await t.call('POST', '/api/v1/family-care-beds', clerk, {
      elderId: elder.elderId,
      providerSiteId: centreId,
      openedOn: today,
    });
    const adaptation = await t.call('POST', '/api/v1/home-adaptations', clerk, {
      elderId: elder.elderId,
      items: ['ramp'],
      appliedOn: today,
    });
    const states = () =>
      sql(
        `SELECT (SELECT status || '/' || coalesce(close_reason, '-') FROM family_care_bed WHERE bed_id = $1) AS bed,
                (SELECT status FROM home_adaptation WHERE adaptation_id = $2) AS adaptation`,
        [bed.body.bedId, adaptation.body.adaptationId],
      ).then((r) => r[0]);
    const record = { personRef: elder.personRef, maskedId: elder.maskedId, deathDate: today };
    await t.publish(DeathRecordedV1, { ...record, recordId: 'hub-death-h1', status: 'formal' });
    await waitFor('the bed closed', async () => ((await states()).bed === 'closed/death' ? true : undefined));
    expect(await states()).toEqual({ bed: 'closed/death', adaptation: 'cancelled' });
    await t.publish(DeathRecordedV1, {
      ...record,
      recordId: 'hub-death-h2',
      status: 'revoked',
      revokesRecordId: 'hub-death-h1',
    });
    await waitFor('the bed open again', async () => ((await states()).bed === 'open/-' ? true : undefined));
    expect(await states()).toEqual({ bed: 'open/-', adaptation: 'applied' });
    expect((await outbox('eldercare.family-care-bed.opened')).filter((d) => d.bedId === bed.body.bedId)).toHaveLength(
      2,
    );
  });
});

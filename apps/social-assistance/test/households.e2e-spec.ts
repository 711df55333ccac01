import { DivisionRegisteredV1, EventEnvelope } from '@civic/contracts';
import { collectEvents, waitFor, withClient } from '@civic/testing';
import {
  AssistanceApp,
  householdBody,
  memberBody,
  residentId,
  startAssistanceApp,
  TOWN,
  VILLAGE,
} from './assistance-app.fixture';

jest.setTimeout(120_000);

describe('households over HTTP', () => {
  let t: AssistanceApp;
  let clerk: string;
  let viewer: string;
  const count = async (sql: string) => withClient(t.schema.url, async (c) => (await c.query(sql)).rows[0].n as number);

  beforeAll(async () => {
    t = await startAssistanceApp('sa_hh');
    clerk = await t.token('clerk-1', ['assistance:clerk']);
    viewer = await t.token('viewer-1', ['assistance:viewer']);
  });
  afterAll(() => t?.close());

  it('registers a household, stores the ID only encrypted, and publishes assistance.household.registered with masked IDs', async () => {
    const ids: [string, string] = [residentId('1970-03-04', 11), residentId('2012-05-06', 22)];
    const res = await t.call('POST', '/api/v1/households', clerk, householdBody(ids));
    expect(res.status).toBe(201);
    expect(res.body.members).toHaveLength(2);
    expect(res.body.members[0].maskedId).toBe(`${ids[0].slice(0, 6)}********${ids[0].slice(14)}`);
    expect(res.body.income).toEqual({ totalMonthlyIncomeFen: 60000, perCapitaMonthlyIncomeFen: 30000 });
    expect(JSON.stringify(res.body)).not.toContain(ids[0]);

    const stored = await withClient(t.schema.url, (c) =>
      c.query(
        `SELECT h.snapshot::text AS s, m.id_number_encrypted AS e FROM household h JOIN household_member m USING (household_id)`,
      ),
    );
    for (const row of stored.rows) {
      expect(row.s).not.toContain(ids[0]);
      expect(row.e).not.toContain(ids[0]);
    }

    const [record] = await collectEvents(t.topics.topic('assistance.household'), 1);
    const event = record.json as EventEnvelope<any>;
    expect(record.key).toBe(res.body.householdId);
    expect(event.type).toBe('assistance.household.registered');
    expect(event.data.perCapitaMonthlyIncomeFen).toBe(30000);
    expect(event.data.members.map((m: any) => m.personRef)).toEqual(res.body.members.map((m: any) => m.personRef));
    expect(record.value).not.toContain(ids[0]);

    const found = await t.call(
      'GET',
      `/api/v1/households?personRef=${encodeURIComponent(res.body.members[1].personRef)}`,
      viewer,
    );
    expect(found.body).toMatchObject({ total: 1, items: [{ householdId: res.body.householdId }] });
  });

  it('answers 409 naming the existing household when a member already belongs to an active one', async () => {
    const ids: [string, string] = [residentId('1975-01-01', 31), residentId('2010-02-02', 42)];
    const first = await t.call('POST', '/api/v1/households', clerk, householdBody(ids));
    expect(first.status).toBe(201);
    const before = await count(`SELECT count(*)::int AS n FROM household`);
    const again = await t.call(
      'POST',
      '/api/v1/households',
      clerk,
      householdBody([residentId('1980-01-01', 51), ids[1]]),
    );
    expect(again.status).toBe(409);
    expect(again.body.existingHouseholdId).toBe(first.body.householdId);
    expect(again.body.detail).toContain(first.body.householdId);
    expect(again.body.detail).not.toContain(ids[1]);
    expect(await count(`SELECT count(*)::int AS n FROM household`)).toBe(before);
  });

  it('refuses malformed input with 400 naming the field and the rule, storing nothing', async () => {
    const before = await count(`SELECT count(*)::int AS n FROM household`);
    const outboxBefore = await count(`SELECT count(*)::int AS n FROM outbox_message`);
    const good = householdBody([residentId('1960-01-01', 61), residentId('1999-01-01', 62)]);
    const badId = residentId('1960-01-01', 63).slice(0, 17) + (residentId('1960-01-01', 63)[17] === '0' ? '1' : '0');
    const cases: [unknown, string, string][] = [
      [{ ...good, members: [memberBody(badId), good.members[1]] }, 'members[0].idNumber', 'resident-id.checksum'],
      [{ ...good, assets: { ...good.assets, financialAssetsFen: -1 } }, 'assets.financialAssetsFen', 'min'],
      [{ ...good, assets: { ...good.assets, financialAssetsFen: '12.5' } }, 'assets.financialAssetsFen', 'isInt'],
      [{ ...good, members: [] }, 'members', 'arrayMinSize'],
      [{ ...good, members: undefined }, 'members', 'isArray'],
      [{ ...good, town: '4420' }, 'town', 'matches'],
    ];
    for (const [body, field, rule] of cases) {
      const res = await t.call('POST', '/api/v1/households', clerk, body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    }
    const malformed = await t.call('POST', '/api/v1/households', clerk, '{"town": ');
    expect(malformed.status).toBe(400);
    expect(await count(`SELECT count(*)::int AS n FROM household`)).toBe(before);
    expect(await count(`SELECT count(*)::int AS n FROM outbox_message`)).toBe(outboxBefore);
  });

  it('keeps every version when incomes change, publishes income-changed, and answers 404 for an unknown household', async () => {
    const created = await t.call(
      'POST',
      '/api/v1/households',
      clerk,
      householdBody([residentId('1972-07-07', 71), residentId('2011-08-08', 82)]),
    );
    const id = created.body.householdId;
    const head = created.body.members[0].personRef;
    const changed = await t.call('PUT', `/api/v1/households/${id}/incomes`, clerk, {
      effectiveDate: '2025-02-01',
      reason: 'new job',
      incomes: [{ personRef: head, source: 'wages', period: 'monthly', amountFen: 90000 }],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(2);
    const history = await t.call('GET', `/api/v1/households/${id}/history`, viewer);
    expect(history.body.map((v: any) => [v.version, v.change, v.changedBy])).toEqual([
      [1, 'registered', 'clerk-1'],
      [2, 'incomes-replaced', 'clerk-1'],
    ]);
    const records = await collectEvents(t.topics.topic('assistance.household'), 4);
    const income = records
      .map((r) => r.json as EventEnvelope<any>)
      .find((e) => e.type === 'assistance.household.income-changed' && e.subject === id)!;
    expect(income.data).toMatchObject({
      perCapitaMonthlyIncomeFen: 45000,
      previousPerCapitaMonthlyIncomeFen: 30000,
      effectiveDate: '2025-02-01',
    });

    const missing = await t.call('PUT', `/api/v1/households/hh-unknown/incomes`, clerk, {
      effectiveDate: '2025-02-01',
      reason: 'x',
      incomes: [],
    });
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toContain('hh-unknown');
    const badDate = await t.call('PUT', `/api/v1/households/${id}/incomes`, clerk, {
      effectiveDate: '2025-02-30',
      reason: 'x',
      incomes: [],
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors[0]).toMatchObject({ field: 'effectiveDate', rule: 'isCalendarDate' });
  });

  it('previews the means test without storing anything', async () => {
    const { idNumber: _id, incomes: _incomes, ...attributes } = memberBody('unused');
    const previewMember = { ...attributes, personRef: 'a', birthDate: '1970-01-01', sex: 'male' };
    const before = await count(`SELECT count(*)::int AS n FROM household`);
    const res = await t.call('POST', '/api/v1/means-test', viewer, {
      date: '2020-07-01',
      household: {
        standardArea: 'urban',
        members: [previewMember],
        incomes: [{ personRef: 'a', source: 'wages', period: 'monthly', amountFen: 50000 }],
        assets: { financialAssetsFen: 0, vehicles: 0, extraHousingUnits: 0, dangerousHouse: false },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.income.perCapitaMonthlyFen).toBe(50000);
    expect(res.body.programmes.dibao.eligible).toBe(true);
    expect(res.body.programmes.dibao.reasons[0]).toMatchObject({ parameterKey: 'assistance.dibao.standard.urban' });
    expect(await count(`SELECT count(*)::int AS n FROM household`)).toBe(before);
    const unknown = await t.call('POST', '/api/v1/means-test', viewer, { date: '2020-02-30', household: {} });
    expect(unknown.status).toBe(400);
  });

  it('runs the means test of a stored household on a date, refusing an impossible date or one before any standard', async () => {
    const created = await t.call(
      'POST',
      '/api/v1/households',
      clerk,
      householdBody([residentId('1975-03-03', 91), residentId('2012-04-04', 92)]),
    );
    expect(created.status).toBe(201);
    const url = `/api/v1/households/${created.body.householdId}/means-test`;
    // two members, 600 yuan of wages a month: 300 yuan per person, under the 2020 urban standard
    const res = await t.call('GET', `${url}?date=2020-07-01`, viewer);
    expect(res.status).toBe(200);
    expect(res.body.income.perCapitaMonthlyFen).toBe(30000);
    expect(res.body.programmes.dibao.eligible).toBe(true);
    const impossible = await t.call('GET', `${url}?date=2020-02-30`, viewer);
    expect(impossible.status).toBe(400);
    expect(impossible.body.errors[0]).toMatchObject({ field: 'date', rule: 'isCalendarDate' });
    const tooEarly = await t.call('GET', `${url}?date=1990-01-01`, viewer);
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.errors[0]).toMatchObject({ field: 'date', rule: 'parameter-in-force' });
    expect((await t.call('GET', '/api/v1/households/no-such-household/means-test', viewer)).status).toBe(404);
  });

  it('publishes an OpenAPI document listing the routes under /api/v1', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs-json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(JSON.parse(res.body).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/households',
        '/api/v1/cases/{caseId}/approve',
        '/api/v1/payment-runs',
        '/api/v1/means-test',
        '/api/v1/parameters',
        '/api/v1/parameters/scheduled',
        '/api/v1/supervision/samples',
      ]),
    );
  });

  it('lists the parameters in force on a date with their sources, and schedules a value only for an admin, announcing it', async () => {
    const res = await t.call('GET', '/api/v1/parameters?date=2020-07-01', viewer);
    const standard = res.body.items.find((p: { key: string }) => p.key === 'assistance.dibao.standard.urban');
    expect(standard.inForce).toMatchObject({ value: 110000, unit: 'fen/month' });
    expect(standard.inForce.source).toBeTruthy();
    expect((await t.call('GET', '/api/v1/parameters?date=2020-02-30', viewer)).status).toBe(400);

    const body = {
      key: 'assistance.dibao.standard.urban',
      value: 140000,
      effectiveFrom: '2099-01-01',
      source: 'test notice',
    };
    expect((await t.call('POST', '/api/v1/parameters/scheduled', clerk, body)).status).toBe(403);
    const admin = await t.token('admin-1', ['assistance:admin']);
    const bad = await t.call('POST', '/api/v1/parameters/scheduled', admin, { ...body, value: '1.5' });
    expect(bad.status).toBe(400);
    expect((await t.call('POST', '/api/v1/parameters/scheduled', admin, body)).status).toBe(201);
    const later = await t.call('GET', '/api/v1/parameters?date=2099-02-01', viewer);
    expect(
      later.body.items.find((p: { key: string }) => p.key === 'assistance.dibao.standard.urban').inForce,
    ).toMatchObject({ value: 140000, scheduledBy: 'admin-1' });
    const [record] = await collectEvents(t.topics.topic('policy.parameter'), 1);
    expect(record.json).toMatchObject({
      type: 'policy.parameter.value-scheduled',
      data: { key: body.key, value: 140000, scheduledBy: 'admin-1' },
    });
  });

  // last in this suite: once governance's codes have been read, every later household must use them
  it("refuses a town or village governance has not registered, once governance's division events have been read", async () => {
    await t.publish(
      DivisionRegisteredV1,
      { code: TOWN, level: 'town', name: 'Harbour town', effectiveFrom: '2000-01-01' },
      {
        code: VILLAGE,
        level: 'village',
        name: 'Harbour village',
        townCode: TOWN,
        kind: 'village',
        effectiveFrom: '2000-01-01',
      },
    );
    await waitFor(
      'the division codes in social-assistance',
      async () => ((await count(`SELECT count(*)::int AS n FROM division_reference`)) === 2 ? true : undefined),
      60_000,
      100,
    );
    const before = await count(`SELECT count(*)::int AS n FROM household`);
    const outboxBefore = await count(`SELECT count(*)::int AS n FROM outbox_message`);
    const body = () => householdBody([residentId('1961-01-01', 73), residentId('1998-01-01', 74)]);
    const unknownTown = await t.call('POST', '/api/v1/households', clerk, { ...body(), town: '442000999' });
    expect(unknownTown.status).toBe(400);
    expect(unknownTown.body.errors).toEqual([expect.objectContaining({ field: 'town', rule: 'knownDivision' })]);
    const unknownVillage = await t.call('POST', '/api/v1/households', clerk, { ...body(), village: `${TOWN}999` });
    expect(unknownVillage.status).toBe(400);
    expect(unknownVillage.body.errors).toEqual([expect.objectContaining({ field: 'village', rule: 'knownDivision' })]);
    // a local hukou (户籍) is in the city, so its codes are governance's too
    type Body = ReturnType<typeof body>;
    const withHukou = (i: number, hukou: { townCode: string; villageCode: string }, hukouType = 'local'): Body => {
      const b = body();
      return { ...b, members: b.members.map((m, j) => (j === i ? { ...m, hukou, hukouType } : m)) } as Body;
    };
    const refused = async (res: { status: number; body: { errors?: unknown } }, field: string, rule: string) => {
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field, rule })]);
    };
    await refused(
      await t.call('POST', '/api/v1/households', clerk, withHukou(1, { townCode: '442000999', villageCode: VILLAGE })),
      'members[1].hukou.townCode',
      'knownDivision',
    );
    await refused(
      await t.call('POST', '/api/v1/households', clerk, withHukou(0, { townCode: TOWN, villageCode: `${TOWN}999` })),
      'members[0].hukou.villageCode',
      'knownDivision',
    );
    expect(await count(`SELECT count(*)::int AS n FROM household`)).toBe(before);
    expect(await count(`SELECT count(*)::int AS n FROM outbox_message`)).toBe(outboxBefore);
    // a non-local hukou lies outside the city: only its format is checked
    const outside = { townCode: '440300001', villageCode: '440300001001' };
    const ok = await t.call('POST', '/api/v1/households', clerk, withHukou(1, outside, 'non-local'));
    expect(ok.status).toBe(201);

    const householdId = ok.body.householdId as string;
    const personRef = ok.body.members[1].personRef as string;
    const change = { effectiveDate: await t.today(), reason: 'Hukou check' };
    const afterRegistration = await count(`SELECT count(*)::int AS n FROM outbox_message`);
    await refused(
      await t.call('POST', `/api/v1/households/${householdId}/members`, clerk, {
        ...change,
        member: memberBody(residentId('2015-02-02', 75), {
          relation: 'child',
          hukou: { townCode: '442000999', villageCode: '442000999001' },
        }),
      }),
      'member.hukou.townCode',
      'knownDivision',
    );
    const {
      idNumber: _id,
      incomes: _incomes,
      ...attributes
    } = memberBody('x', {
      relation: 'child',
      hukou: { townCode: TOWN, villageCode: '442000101001' },
    });
    await refused(
      await t.call('PUT', `/api/v1/households/${householdId}/members/${personRef}`, clerk, { ...change, attributes }),
      'attributes.hukou.villageCode',
      'knownDivision',
    );
    expect(await count(`SELECT count(*)::int AS n FROM outbox_message`)).toBe(afterRegistration);
    expect(
      (
        await t.call('PUT', `/api/v1/households/${householdId}/members/${personRef}`, clerk, {
          ...change,
          attributes: { ...attributes, hukou: { townCode: TOWN, villageCode: VILLAGE } },
        })
      ).status,
    ).toBe(200);
  });
});

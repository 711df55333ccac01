import {
  AlertRaisedV1,
  CreditListChangedV1,
  DeathRecordedV1,
  EventEnvelope,
  SocialOrganisationRegisteredV1,
} from '@civic/contracts';
import { awaitEvent, moveClocks, residentIdNumber, TEST_TOWN, waitFor, waitForRows, withClient } from '@civic/testing';
import { randomBytes, randomInt } from 'node:crypto';
import { addDays } from '@civic/calendar';
import { loadParameters } from '@civic/policy-params';
import fc from 'fast-check';
import { CharityApp, startCharityApp } from './charity-app.fixture';

jest.setTimeout(180_000);

const TOWN = TEST_TOWN;
const creditCode = () => `53442000MJL${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
const personRef = () => `t1:${randomBytes(32).toString('base64url')}`;

describe('charity service', () => {
  let c: CharityApp;
  let clerk: string;
  let approver: string;
  let disburser: string;
  let today: string;

  const ok = async (method: 'GET' | 'POST', url: string, token: string | undefined, body?: unknown) => {
    const res = await c.call(method, url, token, body);
    if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${res.raw}`);
    return res.body;
  };
  const sql = (text: string, params: unknown[] = []) =>
    withClient(c.schema.url, async (cl) => (await cl.query(text, params)).rows);

  /** A recognised organisation, with the public-fundraising qualification unless told otherwise. */
  const organisation = async (qualified = true, code = creditCode()) => {
    const o = await ok('POST', '/api/v1/organisations', clerk, {
      name: 'Red Heart Charity Federation',
      creditCode: code,
      town: TOWN,
      registeredOn: '2021-03-15',
    });
    if (qualified)
      await ok('POST', `/api/v1/organisations/${o.organisationId}/fundraising-qualification`, approver, {
        validFrom: '2021-01-01',
        validUntil: '2099-12-31',
      });
    return o as { organisationId: string; creditCode: string };
  };
  const project = async (organisationId: string, extra: Record<string, unknown> = {}) =>
    ok('POST', '/api/v1/projects', clerk, {
      organisationId,
      title: 'Major-illness help',
      kind: 'major-illness',
      town: TOWN,
      beneficiaryCriteria: 'Hardship families with a major illness',
      targetFen: 50_000_000,
      publicFundraising: true,
      ...extra,
    }) as Promise<{ projectId: string }>;
  const donate = (projectId: string, amountFen: unknown, extra: Record<string, unknown> = {}) =>
    c.call('POST', `/api/v1/projects/${projectId}/donations`, clerk, {
      amountFen,
      form: 'money',
      donorKind: 'individual',
      ...extra,
    });
  const disburse = (projectId: string, amountFen: unknown, idNumber = residentIdNumber('1979-05-06', 31)) =>
    c.call('POST', `/api/v1/projects/${projectId}/disbursements`, disburser, { amountFen, idNumber, town: TOWN });
  const balanceOf = async (projectId: string) => {
    const [p] = await sql(`SELECT balance_fen FROM charity_project WHERE project_id = $1`, [projectId]);
    const [e] = await sql(
      `SELECT COALESCE(sum(CASE WHEN debit_account = 'fund' THEN amount_fen WHEN credit_account = 'fund' THEN -amount_fen ELSE 0 END), 0) AS sum FROM ledger_entry WHERE project_id = $1`,
      [projectId],
    );
    return { balance: Number(p.balance_fen), sumOfEntries: Number(e.sum) };
  };

  beforeAll(async () => {
    c = await startCharityApp('charity_e2e', { PUBLIC_LEDGER_RATE_PER_MINUTE: '40' });
    [clerk, approver, disburser] = await Promise.all([
      c.token('clerk-1', ['charity:clerk']),
      c.token('approver-1', ['charity:approver']),
      c.token('disburser-1', ['charity:disburser']),
    ]);
    today = (await ok('GET', '/api/v1/dev/clock', await c.token('admin', ['charity:admin']))).today;
  });
  afterAll(async () => c?.close());

  it('books a donation on a qualified organisation’s project and publishes it with its ledger entry', async () => {
    const o = await organisation();
    const p = await project(o.organisationId);
    const res = await donate(p.projectId, 20_000);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'donation', debit: 'fund', credit: 'donations', amountFen: 20_000 });
    const got = await ok('GET', `/api/v1/projects/${p.projectId}`, clerk);
    expect(got).toMatchObject({ balanceFen: 20_000, raisedFen: 20_000, disbursedFen: 0, status: 'open' });
    const event = await awaitEvent(
      c.topics.topic('charity.project'),
      (r) =>
        (r.json as EventEnvelope)?.type === 'charity.project.donation-received' &&
        (r.json as EventEnvelope<{ projectId: string }>).data.projectId === p.projectId,
      60_000,
    );
    expect(event.json).toMatchObject({
      data: { ledgerEntryId: res.body.entryId, amountFen: 20_000, donorKind: 'individual', form: 'money' },
    });
  });

  it('refuses bad input with the field and the rule, storing and publishing nothing', async () => {
    const unqualified = await organisation(false);
    const noQualification = await c.call('POST', '/api/v1/projects', clerk, {
      organisationId: unqualified.organisationId,
      title: 'x',
      kind: 'general',
      town: TOWN,
      beneficiaryCriteria: 'y',
      targetFen: 100,
      publicFundraising: true,
    });
    expect(noQualification.status).toBe(400);
    expect(noQualification.body.errors).toEqual([
      expect.objectContaining({ field: 'publicFundraising', rule: 'qualification-valid' }),
    ]);

    const o = await organisation();
    const p = await project(o.organisationId);
    for (const [amount, rule] of [
      [-100, 'min'],
      [12.5, 'isInt'],
      [0, 'min'],
      ['100', 'isInt'],
      [100_000_000_001, 'at-most-max-entry'],
    ] as const) {
      const res = await donate(p.projectId, amount);
      expect({ amount, status: res.status }).toEqual({ amount, status: 400 });
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'amountFen', rule })]));
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(res.body.errors.map(() => 'amountFen'));
    }
    const idInText = await donate(p.projectId, 100, { donorPublicName: 'Li 11010519491231002X' });
    expect(idInText.status).toBe(400);
    expect(idInText.body.errors).toEqual([expect.objectContaining({ field: 'donorPublicName', rule: 'noIdNumber' })]);
    expect(idInText.raw).not.toContain('11010519491231002X');
    await donate(p.projectId, 5_000);
    const over = await disburse(p.projectId, 5_001);
    expect(over.status).toBe(409);
    expect(over.body.errors).toEqual([expect.objectContaining({ field: 'amountFen', rule: 'within-balance' })]);
    const badId = await disburse(p.projectId, 100, '110105194912310021');
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].field).toBe('idNumber');
    expect(badId.raw).not.toContain('110105194912310021');

    await ok('POST', `/api/v1/projects/${p.projectId}/close`, approver);
    const closed = await donate(p.projectId, 100);
    expect(closed.status).toBe(409);
    expect(closed.body.errors).toEqual([expect.objectContaining({ field: 'projectId', rule: 'project-open' })]);

    expect(await sql(`SELECT kind, amount_fen FROM ledger_entry WHERE project_id = $1`, [p.projectId])).toEqual([
      { kind: 'donation', amount_fen: '5000' },
    ]);
    expect(await sql(`SELECT 1 FROM charity_project WHERE organisation_id = $1`, [unqualified.organisationId])).toEqual(
      [],
    );
    expect(await balanceOf(p.projectId)).toEqual({ balance: 5_000, sumOfEntries: 5_000 });
    // published: the launch and the one donation; nothing for the refused requests
    const published = await sql(`SELECT event_type FROM outbox_message WHERE payload LIKE $1 ORDER BY event_type`, [
      `%${p.projectId}%`,
    ]);
    expect(published.map((r) => r.event_type)).toEqual([
      'charity.project.donation-received',
      'charity.project.launched',
    ]);
    expect(
      await sql(`SELECT 1 FROM outbox_message WHERE payload LIKE $1`, [`%${unqualified.organisationId}%`]),
    ).toHaveLength(1);
  });

  it('lets concurrent disbursements spend the fund only once', async () => {
    const o = await organisation();
    const p = await project(o.organisationId);
    expect((await donate(p.projectId, 10_000)).status).toBe(201);
    const results = await Promise.all(Array.from({ length: 8 }, () => disburse(p.projectId, 3_000)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
    expect(await balanceOf(p.projectId)).toEqual({ balance: 1_000, sumOfEntries: 1_000 });
  });

  it('keeps sum of entries = balance ≥ 0 under any interleaving of donations, disbursements and reversals', async () => {
    const o = await organisation();
    const op = fc.oneof(
      fc.record({ kind: fc.constant('donate' as const), amount: fc.integer({ min: 1, max: 5_000 }) }),
      fc.record({ kind: fc.constant('disburse' as const), amount: fc.integer({ min: 1, max: 8_000 }) }),
      fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }),
        async (rounds) => {
          const p = await project(o.organisationId);
          const booked: string[] = [];
          for (const round of rounds) {
            // each round's operations run concurrently: any interleaving the database allows
            const results = await Promise.all(
              round.map((x) =>
                x.kind === 'donate'
                  ? donate(p.projectId, x.amount)
                  : x.kind === 'disburse'
                    ? disburse(p.projectId, x.amount)
                    : booked.length
                      ? c.call(
                          'POST',
                          `/api/v1/projects/${p.projectId}/ledger/${booked[x.pick % booked.length]}/reversal`,
                          approver,
                          {
                            reason: 'correction',
                          },
                        )
                      : Promise.resolve({ status: 409, body: {} }),
              ),
            );
            for (const r of results) {
              expect([201, 409]).toContain(r.status);
              if (r.status === 201 && r.body.kind !== 'reversal') booked.push(r.body.entryId);
            }
            const { balance, sumOfEntries } = await balanceOf(p.projectId);
            expect(balance).toBe(sumOfEntries);
            expect(balance).toBeGreaterThanOrEqual(0);
          }
          const reversals = await sql(
            `SELECT reverses, count(*)::int AS n FROM ledger_entry WHERE project_id = $1 AND reverses IS NOT NULL GROUP BY reverses HAVING count(*) > 1`,
            [p.projectId],
          );
          expect(reversals).toEqual([]);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('rejects UPDATE, DELETE and TRUNCATE of ledger entries in the database itself', async () => {
    const o = await organisation();
    const p = await project(o.organisationId);
    const entry = (await donate(p.projectId, 700)).body.entryId;
    for (const statement of [
      `UPDATE ledger_entry SET amount_fen = 1 WHERE entry_id = '${entry}'`,
      `DELETE FROM ledger_entry WHERE entry_id = '${entry}'`,
      `TRUNCATE ledger_entry CASCADE`,
    ])
      await expect(sql(statement)).rejects.toThrow(/never changed or deleted/);
    expect(await sql(`SELECT amount_fen FROM ledger_entry WHERE entry_id = $1`, [entry])).toEqual([
      { amount_fen: '700' },
    ]);
    // a correction is a reversing entry, once
    const rev = await c.call('POST', `/api/v1/projects/${p.projectId}/ledger/${entry}/reversal`, approver, {
      reason: 'bank returned it',
    });
    expect(rev.status).toBe(201);
    expect(rev.body).toMatchObject({
      kind: 'reversal',
      reverses: entry,
      debit: 'donations',
      credit: 'fund',
      amountFen: 700,
    });
    const again = await c.call('POST', `/api/v1/projects/${p.projectId}/ledger/${entry}/reversal`, approver, {
      reason: 'twice',
    });
    expect(again.status).toBe(409);
    expect(await balanceOf(p.projectId)).toEqual({ balance: 0, sumOfEntries: 0 });
  });

  it('refuses projects of an organisation grassroots governance black-listed (its events straight onto Kafka)', async () => {
    const o = await organisation();
    const governanceId = `sorg-${randomInt(1e9)}`;
    await c.publish(SocialOrganisationRegisteredV1, {
      organisationId: governanceId,
      name: 'Red Heart',
      creditCode: o.creditCode,
      kind: 'foundation',
      town: TOWN,
      registeredOn: '2021-03-01',
      hub: false,
    });
    // announced for tomorrow: not yet in force today
    await c.publish(CreditListChangedV1, {
      organisationId: governanceId,
      town: TOWN,
      list: 'black',
      previousList: 'none',
      effectiveFrom: addDays(today, 1),
      reason: 'Annual report missing two years running.',
    });
    await waitForRows(
      c.schema.url,
      `SELECT 1 FROM governance_credit WHERE governance_organisation_id = $1 AND list = 'black'`,
      [governanceId],
    );
    expect((await ok('GET', `/api/v1/organisations/${o.organisationId}`, clerk)).blackListed).toBe(false);
    await project(o.organisationId);
    await c.publish(CreditListChangedV1, {
      organisationId: governanceId,
      town: TOWN,
      list: 'black',
      previousList: 'black',
      effectiveFrom: today,
      reason: 'Annual report missing two years running.',
    });
    await waitFor(
      'the black list to arrive',
      async () =>
        (await ok('GET', `/api/v1/organisations/${o.organisationId}`, clerk)).blackListed ? true : undefined,
      60_000,
      200,
    );
    const refused = await c.call('POST', '/api/v1/projects', clerk, {
      organisationId: o.organisationId,
      title: 'x',
      kind: 'general',
      town: TOWN,
      beneficiaryCriteria: 'y',
      targetFen: 100,
      publicFundraising: false,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'organisationId', rule: 'not-black-listed' }),
    ]);
  });

  it('shows the public ledger without a token and without personal data, and rate-limits it', async () => {
    const o = await organisation();
    const p = await project(o.organisationId);
    const idNumber = residentIdNumber('1968-02-03', 57);
    await donate(p.projectId, 90_000, { donorKind: 'anonymous', donorPublicName: 'Zhang Wei' });
    await donate(p.projectId, 10_000, { donorKind: 'company', donorPublicName: 'Shiqi Hardware Ltd' });
    const aid = await disburse(p.projectId, 30_000, idNumber);
    expect(aid.status).toBe(201);
    const { personRef: beneficiary } = aid.body;

    const summary = await c.call('GET', `/api/v1/public/projects/${p.projectId}`, undefined, undefined, '10.0.0.1');
    const ledger = await c.call(
      'GET',
      `/api/v1/public/projects/${p.projectId}/ledger`,
      undefined,
      undefined,
      '10.0.0.1',
    );
    expect([summary.status, ledger.status]).toEqual([200, 200]);
    expect(summary.body).toMatchObject({ raisedFen: 100_000, disbursedFen: 30_000, balanceFen: 70_000 });
    expect(ledger.body.items.map((e: any) => [e.kind, e.amountFen, e.donor])).toEqual([
      ['donation', 90_000, 'anonymous'],
      ['donation', 10_000, 'Shiqi Hardware Ltd'],
      ['disbursement', 30_000, null],
    ]);
    for (const raw of [summary.raw, ledger.raw]) {
      expect(raw).not.toContain(beneficiary);
      expect(raw).not.toContain(idNumber);
      expect(raw).not.toContain(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
      expect(raw).not.toContain('Zhang Wei');
      expect(raw).not.toMatch(/personRef|town|referral|bookedBy|booked_by|reason/i);
      expect(raw).not.toMatch(/\d{17}[\dX]/);
    }
    // the budget is per address: another address still reads
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++)
      statuses.push(
        (await c.call('GET', `/api/v1/public/projects/${p.projectId}`, undefined, undefined, '10.0.0.1')).status,
      );
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await c.call('GET', `/api/v1/public/projects/${p.projectId}`, undefined, undefined, '10.0.0.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.body.retryAfterSeconds)).toBeGreaterThan(0);
    expect(
      (await c.call('GET', `/api/v1/public/projects/${p.projectId}`, undefined, undefined, '10.0.0.2')).status,
    ).toBe(200);
  });

  it('turns a charity alert into a referral, books aid for it and publishes the outcome', async () => {
    const o = await organisation();
    const p = await project(o.organisationId);
    await donate(p.projectId, 2_000_000);
    const person = personRef();
    const alertId = `alert-${randomInt(1e9)}`;
    const alert = {
      alertId,
      personRef: person,
      ruleId: 'charity-major-illness-referral',
      ruleVersion: 1,
      department: 'charity' as const,
      town: TOWN,
      priority: 'normal' as const,
      dueDate: today,
      summary: 'Medical spending in the last 12 months passed the hardship share of household income.',
      explanation: { date: today, facts: [{ name: 'medicalSpending12MonthsFen', value: 1_800_000 }], parameters: [] },
    };
    // a charity alert joins the queue; another department's alert does not
    await c.publish(AlertRaisedV1, alert);
    await c.publish(AlertRaisedV1, { ...alert, department: 'assistance' as const, alertId: `${alertId}-other` });
    const queue = await waitFor(
      'the referral',
      async () => {
        const page = await ok('GET', '/api/v1/referrals?helpCentre=major-illness&status=open', clerk);
        const mine = page.items.filter((r: any) => r.alertId === alertId);
        return mine.length ? mine : undefined;
      },
      60_000,
      200,
    );
    expect(queue).toHaveLength(1);
    const referralId = queue[0].referralId;
    expect(queue[0]).toMatchObject({ personRef: person, town: TOWN, source: 'policy-engine' });
    expect(await sql(`SELECT 1 FROM referral WHERE alert_id = $1`, [`${alertId}-other`])).toEqual([]);

    const early = await c.call('POST', `/api/v1/referrals/${referralId}/outcome`, clerk, { outcome: 'aided' });
    expect(early.status).toBe(409);
    expect(early.body.errors[0]).toMatchObject({ field: 'outcome', rule: 'aid-booked' });
    await ok('POST', `/api/v1/referrals/${referralId}/assign`, clerk);
    const aid = await c.call('POST', `/api/v1/projects/${p.projectId}/disbursements`, disburser, {
      amountFen: 1_500_000,
      referralId,
    });
    expect(aid.status).toBe(201);
    expect(aid.body).toMatchObject({ personRef: person, referralId });
    const done = await ok('POST', `/api/v1/referrals/${referralId}/outcome`, clerk, {
      outcome: 'aided',
      note: 'surgery costs covered',
    });
    expect(done).toMatchObject({ status: 'aided', aidFen: 1_500_000, resolvedOn: today });
    const resolved = await awaitEvent(
      c.topics.topic('charity.referral'),
      (r) => (r.json as EventEnvelope<{ referralId: string }>)?.data?.referralId === referralId,
      60_000,
    );
    expect(resolved.json).toMatchObject({
      type: 'charity.referral.resolved',
      data: {
        alertId,
        personRef: person,
        helpCentre: 'major-illness',
        outcome: 'aided',
        aidFen: 1_500_000,
        projectId: p.projectId,
      },
    });
    const disbursed = await awaitEvent(
      c.topics.topic('charity.project'),
      (r) =>
        (r.json as EventEnvelope)?.type === 'charity.project.aid-disbursed' &&
        (r.json as EventEnvelope<{ referralId?: string }>).data.referralId === referralId,
      60_000,
    );
    expect(disbursed.json).toMatchObject({ data: { personRef: person, amountFen: 1_500_000 } });
  });
  it('matches a material wish to a donor and publishes its fulfilment once delivered', async () => {
    const idNumber = residentIdNumber('2012-06-01', 77);
    const bad = await c.call('POST', '/api/v1/wishes', clerk, {
      idNumber,
      town: TOWN,
      item: 'Winter coat',
      valueFen: -1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('valueFen');
    const wish = await ok('POST', '/api/v1/wishes', clerk, {
      idNumber,
      town: TOWN,
      item: 'Winter coat',
      valueFen: 32_000,
    });
    expect(wish).toMatchObject({ status: 'posted', valueFen: 32_000 });
    expect(JSON.stringify(wish)).not.toContain(idNumber);
    const early = await c.call('POST', `/api/v1/wishes/${wish.wishId}/delivery`, clerk);
    expect(early.status).toBe(409);
    await ok('POST', `/api/v1/wishes/${wish.wishId}/match`, clerk, { donorKind: 'company' });
    const done = await ok('POST', `/api/v1/wishes/${wish.wishId}/delivery`, clerk);
    expect(done).toMatchObject({ status: 'fulfilled', fulfilledOn: today, donorKind: 'company' });
    const event = await awaitEvent(
      c.topics.topic('charity.wish'),
      (r) => (r.json as EventEnvelope<{ wishId: string }>)?.data?.wishId === wish.wishId,
      60_000,
    );
    expect(event.json).toMatchObject({
      type: 'charity.wish.fulfilled',
      data: { personRef: wish.personRef, town: TOWN, item: 'Winter coat', valueFen: 32_000, donorKind: 'company' },
    });
  });
  it('counts trusts, volunteer-station coverage against its dated target, and open lottery outlets', async () => {
    const o = await organisation();
    const trust = await c.call('POST', '/api/v1/trusts', clerk, {
      name: 'Red Heart Education Trust',
      trusteeOrganisationId: o.organisationId,
      town: TOWN,
      assetsFen: 5_000_000,
      establishedOn: '2024-01-10',
    });
    expect(trust.status).toBe(201);
    const facilities: string[] = [];
    for (let i = 0; i < 5; i++)
      facilities.push(
        (
          await ok('POST', '/api/v1/community-facilities', clerk, {
            village: `${TOWN}00${i + 1}`,
            town: TOWN,
            name: `Centre ${i}`,
          })
        ).facilityId,
      );
    for (const f of facilities.slice(0, 4))
      await ok('POST', `/api/v1/community-facilities/${f}/volunteer-station`, clerk, { openedOn: '2024-06-01' });
    const again = await c.call('POST', `/api/v1/community-facilities/${facilities[0]}/volunteer-station`, clerk, {
      openedOn: '2024-06-01',
    });
    expect(again.status).toBe(409);
    const volunteer = await ok('POST', '/api/v1/volunteers', clerk, {
      idNumber: residentIdNumber('1990-01-01', 13),
      town: TOWN,
    });
    await ok('POST', `/api/v1/volunteers/${volunteer.volunteerId}/service-hours`, clerk, {
      servedOn: today,
      minutes: 90,
      facilityId: facilities[0],
    });
    const tooLong = await c.call('POST', `/api/v1/volunteers/${volunteer.volunteerId}/service-hours`, clerk, {
      servedOn: today,
      minutes: 1441,
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].field).toBe('minutes');
    expect((await ok('GET', `/api/v1/volunteers/${volunteer.volunteerId}`, clerk)).serviceMinutes).toBe(90);
    const outlet = await ok('POST', '/api/v1/lottery-outlets', clerk, {
      town: TOWN,
      address: '1 Sunwen Road',
      openedOn: '2020-05-01',
    });
    await ok('POST', '/api/v1/lottery-outlets', clerk, {
      town: TOWN,
      address: '2 Sunwen Road',
      openedOn: '2021-05-01',
    });
    await ok('POST', `/api/v1/lottery-outlets/${outlet.outletId}/close`, clerk, { closedOn: '2024-01-01' });

    const target = loadParameters().valueAt('charity.volunteer_station.coverage_target', today);
    const indicators = await ok('GET', `/api/v1/indicators?town=${TOWN}`, clerk);
    expect(indicators).toMatchObject({
      date: today,
      charityTrusts: { count: 1, assetsFen: 5_000_000 },
      volunteerStationCoverage: {
        facilities: 5,
        withStation: 4,
        share: '0.8000',
        target: target.value,
        meetsTarget: Number(target.value) <= 0.8,
        targetSource: target.source,
      },
      welfareLotteryOutlets: 1,
    });
  });
  it('closes a dead person’s open referrals as person-died from the data hub’s record, once', async () => {
    const person = personRef();
    const referral = await ok('POST', '/api/v1/referrals', await c.token('sa-clerk', ['assistance:clerk']), {
      personRef: person,
      town: TOWN,
      helpCentre: 'housing-renovation',
      source: 'social-assistance',
      summary: 'Dangerous house beyond the renovation subsidy',
    });
    expect(referral).toMatchObject({ status: 'open', source: 'social-assistance' });
    const staffDeath = await c.call('POST', `/api/v1/referrals/${referral.referralId}/outcome`, clerk, {
      outcome: 'person-died',
    });
    expect(staffDeath.body.errors[0]).toMatchObject({ field: 'outcome', rule: 'staff-outcome' });
    const death = {
      recordId: `death-${randomInt(1e9)}`,
      personRef: person,
      maskedId: '442000********123X',
      deathDate: today,
      status: 'informal' as const,
    };
    const [sent] = await c.publish(DeathRecordedV1, death);
    await c.publish(DeathRecordedV1, { ...death, status: 'formal' as const });
    const closed = await waitFor(
      'the referral to close',
      async () => {
        const r = await ok('GET', `/api/v1/referrals/${referral.referralId}`, clerk);
        return r.status === 'person-died' ? r : undefined;
      },
      60_000,
      200,
    );
    expect(closed).toMatchObject({ resolvedOn: today });
    const event = await awaitEvent(
      c.topics.topic('charity.referral'),
      (r) => (r.json as EventEnvelope<{ referralId: string }>)?.data?.referralId === referral.referralId,
      60_000,
    );
    expect(event.json).toMatchObject({
      causationid: sent.id,
      data: { outcome: 'person-died', helpCentre: 'housing-renovation' },
    });
    await waitForRows(
      c.schema.url,
      `SELECT 1 FROM inbox_message WHERE event_type = 'hub.person.death-recorded'`,
      [],
      2,
    );
    expect(await sql(`SELECT 1 FROM outbox_message WHERE payload LIKE $1`, [`%${referral.referralId}%`])).toHaveLength(
      1,
    );
  });

  it('opens illness crowdfunding with its own public project, verifies the cost once and shows progress', async () => {
    const idNumber = residentIdNumber('1958-03-04', 19);
    const body = (organisationId: string, extra: Record<string, unknown> = {}) => ({
      organisationId,
      idNumber,
      town: TOWN,
      purpose: 'major-illness',
      declaredCostFen: 18_000_000,
      targetFen: 10_000_000,
      ...extra,
    });
    const unqualified = await organisation(false);
    const refused = await c.call('POST', '/api/v1/crowdfunding', clerk, body(unqualified.organisationId));
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'publicFundraising', rule: 'qualification-valid' }),
    ]);
    const o = await organisation();
    const tooMuch = await c.call(
      'POST',
      '/api/v1/crowdfunding',
      clerk,
      body(o.organisationId, { targetFen: 18_000_001 }),
    );
    expect(tooMuch.body.errors).toEqual([
      expect.objectContaining({ field: 'targetFen', rule: 'at-most-declared-cost' }),
    ]);
    const organisations = [unqualified.organisationId, o.organisationId];
    expect(await sql(`SELECT 1 FROM crowdfunding_campaign WHERE organisation_id = ANY($1)`, [organisations])).toEqual(
      [],
    );
    expect(await sql(`SELECT 1 FROM charity_project WHERE organisation_id = ANY($1)`, [organisations])).toEqual([]);

    const campaign = await ok('POST', '/api/v1/crowdfunding', clerk, body(o.organisationId));
    expect(campaign).toMatchObject({ purpose: 'major-illness', verifiedCostFen: null, raisedFen: 0, progress: 0 });
    const reviewer = await c.token('reviewer-1', ['charity:reviewer']);
    const verify = (verifiedCostFen: number) =>
      c.call('POST', `/api/v1/crowdfunding/${campaign.campaignId}/verification`, reviewer, { verifiedCostFen });
    expect((await verify(9_000_000)).body.errors[0]).toMatchObject({
      field: 'verifiedCostFen',
      rule: 'at-least-target',
    });
    expect((await verify(17_500_000)).status).toBe(200);
    expect((await verify(17_500_000)).status).toBe(409);
    await donate(campaign.projectId, 2_500_000, { donorKind: 'anonymous' });
    expect(await ok('GET', `/api/v1/crowdfunding/${campaign.campaignId}`, clerk)).toMatchObject({
      verifiedCostFen: 17_500_000,
      raisedFen: 2_500_000,
      progress: 0.25,
    });
    const opened = await awaitEvent(
      c.topics.topic('charity.crowdfunding'),
      (r) => (r.json as EventEnvelope<{ campaignId: string }>)?.data?.campaignId === campaign.campaignId,
      60_000,
    );
    expect(opened.json).toMatchObject({
      type: 'charity.crowdfunding.opened',
      data: { personRef: campaign.personRef, declaredCostFen: 18_000_000, targetFen: 10_000_000, openedOn: today },
    });
    expect(JSON.stringify(opened.json)).not.toContain(idNumber);
    const pub = await c.call(
      'GET',
      `/api/v1/public/projects/${campaign.projectId}/ledger`,
      undefined,
      undefined,
      '10.0.0.9',
    );
    expect(pub.raw).not.toContain(campaign.personRef);
  });

  // last: it moves the service's business clock forward
  it('stops public fundraising the day after the qualification lapses; files annual reports once per finished year', async () => {
    const o = await organisation(false);
    await ok('POST', `/api/v1/organisations/${o.organisationId}/fundraising-qualification`, approver, {
      validFrom: '2021-01-01',
      validUntil: today,
    });
    const p = await project(o.organisationId);
    expect((await donate(p.projectId, 1_000)).status).toBe(201);
    const lastYear = Number(today.slice(0, 4)) - 1;
    const report = { year: lastYear, incomeFen: 9_000_000, spendingFen: 7_000_000 };
    const filed = await ok('POST', `/api/v1/organisations/${o.organisationId}/annual-reports`, clerk, report);
    expect(filed.reports).toEqual([{ ...report, filedOn: today }]);
    expect(
      (await c.call('POST', `/api/v1/organisations/${o.organisationId}/annual-reports`, clerk, report)).status,
    ).toBe(409);
    const unfinished = await c.call('POST', `/api/v1/organisations/${o.organisationId}/annual-reports`, clerk, {
      ...report,
      year: lastYear + 1,
    });
    expect(unfinished.body.errors[0]).toMatchObject({ field: 'year', rule: 'past-year' });

    await moveClocks([{ app: c.app, token: await c.token('admin', ['charity:admin']) }], { advanceDays: 1 });
    const lapsed = await donate(p.projectId, 1_000);
    expect(lapsed.status).toBe(409);
    expect(lapsed.body.errors[0]).toMatchObject({ field: 'projectId', rule: 'qualification-valid' });
    const launch = await c.call('POST', '/api/v1/projects', clerk, {
      organisationId: o.organisationId,
      title: 'x',
      kind: 'general',
      town: TOWN,
      beneficiaryCriteria: 'y',
      targetFen: 100,
      publicFundraising: true,
    });
    expect(launch.body.errors[0]).toMatchObject({ field: 'publicFundraising', rule: 'qualification-valid' });
    expect(await balanceOf(p.projectId)).toEqual({ balance: 1_000, sumOfEntries: 1_000 });
  });
});

import { addDays, addMonths } from '@civic/calendar';
import {
  CaseApprovedV1,
  CaseTerminatedV1,
  createEvent,
  DeathRecordedV1,
  DivisionRegisteredV1,
  EventEnvelope,
  Sources,
  toKafkaRecord,
} from '@civic/contracts';
import {
  awaitEvent,
  ProbedRecord,
  produceRaw,
  residentIdNumber,
  TEST_TOWN as TOWN,
  TEST_VILLAGE as VILLAGE,
  waitFor,
  withClient,
} from '@civic/testing';
import { EldercareApp, startEldercareApp } from './eldercare-app.fixture';

jest.setTimeout(180_000);

// One eldercare instance over HTTP, real PostgreSQL and Kafka. The business clock only moves forward,
// so the tests run in order: registration and assessment today, then alarms, birthdays, a death and
// the next month's visits, each moving the clock as it needs.
describe('eldercare over HTTP and Kafka', () => {
  let t: EldercareApp;
  let clerk: string;
  let admin: string;
  let seq = 101;
  const sql = <R = any>(text: string, params: unknown[] = []) =>
    withClient(t.schema.url, async (c) => (await c.query(text, params)).rows as R[]);
  const count = async (table: string) => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const outboxCount = async (type: string) =>
    (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_message WHERE event_type = $1`, [type]))[0].n;
  const eventFor = (topic: string, type: string, match: (d: any) => boolean): Promise<ProbedRecord> =>
    awaitEvent(t.topics.topic(topic), (r) => {
      const e = JSON.parse(r.value ?? 'null') as EventEnvelope<any>;
      return e.type === type && match(e.data);
    });
  const register = async (birthDate: string, livingSituation: string[], extra: Record<string, unknown> = {}) => {
    seq += 2;
    return t.call('POST', '/api/v1/elders', clerk, {
      idNumber: residentIdNumber(birthDate, seq),
      town: TOWN,
      village: VILLAGE,
      livingSituation,
      ...extra,
    });
  };
  const dailyRun = async () => (await t.call('POST', '/api/v1/daily-runs', admin)).body;

  beforeAll(async () => {
    t = await startEldercareApp('ec_e2e');
    clerk = await t.token('clerk-1', ['eldercare:clerk']);
    admin = await t.token('admin-1', ['eldercare:admin']);
  });
  afterAll(() => t?.close());

  it('registers an elder from a valid ID and publishes eldercare.elder.registered without the raw number', async () => {
    const today = await t.today();
    const res = await register(addMonths(today, -12 * 72), ['alone'], { economicStatus: 'none' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ town: TOWN, livingSituation: ['alone'], status: 'active' });
    expect(res.body.maskedId).toMatch(/^442000\*{8}\d{3}[\dX]$/);
    const record = await eventFor(
      'eldercare.elder',
      'eldercare.elder.registered',
      (d) => d.elderId === res.body.elderId,
    );
    expect(JSON.parse(record.value ?? 'null').data).toMatchObject({
      personRef: res.body.personRef,
      monthlyVisitRequired: true,
    });
    expect(record.value).not.toMatch(/\d{17}[\dX]/);
    expect((await t.call('GET', `/api/v1/elders/${res.body.elderId}`, clerk)).body.elderId).toBe(res.body.elderId);
  });

  it('scopes elders to the towns of the token', async () => {
    const today = await t.today();
    const elder = (await register(addMonths(today, -12 * 66), ['alone'])).body;
    const elsewhere = await t.token('clerk-2', ['eldercare:clerk'], ['442000200']);
    expect((await t.call('GET', `/api/v1/elders/${elder.elderId}`, elsewhere)).status).toBe(403);
    const listed = await t.call('GET', '/api/v1/elders', elsewhere);
    expect(listed.body).toMatchObject({ items: [], total: 0 });
    const outside = await t.call('POST', '/api/v1/elders', elsewhere, {
      idNumber: residentIdNumber(addMonths(today, -12 * 66), 991),
      town: TOWN,
      village: VILLAGE,
      livingSituation: ['alone'],
    });
    expect(outside.status).toBe(403);
    const mine = await t.call('GET', `/api/v1/elders?town=${TOWN}`, clerk);
    expect(mine.body.items.map((e: { elderId: string }) => e.elderId)).toContain(elder.elderId);
  });

  it('refuses an invalid ID, a person under 60 and a second registration, storing and publishing nothing', async () => {
    const today = await t.today();
    const [elders, events] = [await count('elder'), await outboxCount('eldercare.elder.registered')];
    const invalid = await t.call('POST', '/api/v1/elders', clerk, {
      idNumber: '442000195001010010',
      town: TOWN,
      village: VILLAGE,
      livingSituation: ['alone'],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'idNumber', rule: 'resident-id.checksum' })]);
    expect(JSON.stringify(invalid.body)).not.toContain('442000195001010010');
    const young = await register(addDays(addMonths(today, -12 * 60), 1), ['alone']);
    expect(young.status).toBe(400);
    expect(young.body.errors).toEqual([expect.objectContaining({ field: 'idNumber', rule: 'elder.min-age' })]);
    const sixty = await register(addMonths(today, -12 * 60), ['with-family']);
    expect(sixty.status).toBe(201);
    const again = await t.call('POST', '/api/v1/elders', clerk, {
      idNumber: residentIdNumber(addMonths(today, -12 * 60), seq),
      town: TOWN,
      village: VILLAGE,
      livingSituation: ['alone'],
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ field: 'idNumber', rule: 'elder.one-per-person', elderId: sixty.body.elderId });
    expect(await count('elder')).toBe(elders + 1);
    expect(await outboxCount('eldercare.elder.registered')).toBe(events + 1);
  });

  it('assesses ability from domain scores into a level, keeps the history, and refuses out-of-range scores', async () => {
    const today = await t.today();
    const elder = (await register(addMonths(today, -12 * 75), ['with-family'])).body;
    const url = `/api/v1/elders/${elder.elderId}/assessments`;
    const bad = await t.call('POST', url, clerk, {
      assessedOn: today,
      assessor: 'asr-1',
      scores: { selfCare: 33, basicMotion: 0, mentalState: 0, perceptionAndSocial: 0 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'scores.selfCare' })]);
    const future = await t.call('POST', url, clerk, {
      assessedOn: addDays(today, 1),
      assessor: 'asr-1',
      scores: { selfCare: 10, basicMotion: 5, mentalState: 5, perceptionAndSocial: 10 },
    });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'assessedOn', rule: 'not-in-future' })]);
    expect(await count('ability_assessment')).toBe(0);

    const first = await t.call('POST', url, clerk, {
      assessedOn: today,
      assessor: 'asr-1',
      scores: { selfCare: 20, basicMotion: 10, mentalState: 10, perceptionAndSocial: 20 },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      total: 60,
      level: 'moderate',
      previousLevel: null,
      nextDue: addMonths(today, 12),
    });
    const second = await t.call('POST', url, clerk, {
      assessedOn: today,
      assessor: 'asr-2',
      scores: { selfCare: 10, basicMotion: 5, mentalState: 5, perceptionAndSocial: 10 },
    });
    expect(second.body).toMatchObject({ total: 30, level: 'severe', previousLevel: 'moderate' });
    const record = await eventFor(
      'eldercare.elder',
      'eldercare.elder.ability-assessed',
      (d) => d.assessmentId === second.body.assessmentId,
    );
    expect(JSON.parse(record.value ?? 'null').data).toMatchObject({ level: 'severe', previousLevel: 'moderate' });
    const history = await t.call('GET', url, clerk);
    expect(history.body.map((a: { level: string }) => a.level)).toEqual(['moderate', 'severe']);
  });

  it('keeps economic status current from social-assistance case events; a care subsidy no longer due stops on the event', async () => {
    const today = await t.today();
    const approver = await t.token('approver-1', ['eldercare:approver']);
    const elder = (await register(addMonths(today, -12 * 77), ['with-family'], { economicStatus: 'low-income' })).body;
    await t.call('POST', `/api/v1/elders/${elder.elderId}/assessments`, clerk, {
      assessedOn: today,
      assessor: 'asr-1',
      scores: { selfCare: 5, basicMotion: 5, mentalState: 5, perceptionAndSocial: 5 },
    });
    const grant = await t.call('POST', `/api/v1/elders/${elder.elderId}/allowances/care-subsidy`, approver);
    expect(grant.status).toBe(201);
    expect((await t.call('POST', `/api/v1/elders/${elder.elderId}/allowances/care-subsidy`, approver)).status).toBe(
      409,
    );
    const caseEvent = (type: 'approved' | 'terminated') => {
      const facts = { caseId: `case-${seq}`, householdId: `hh-${seq}`, personRef: elder.personRef, town: TOWN };
      const actor = { userId: 'sa-1', duty: 'approver' as const };
      return type === 'approved'
        ? createEvent(
            CaseApprovedV1,
            { ...facts, programme: 'dibao', approvedOn: today, actor, monthlyAmountFen: 115000, effectiveFrom: today },
            { source: Sources.assistance },
          )
        : createEvent(
            CaseTerminatedV1,
            {
              ...facts,
              programme: 'dibao',
              effectiveFrom: today,
              actor,
              reasonCode: 'income-change',
              reason: 'income rose',
            },
            { source: Sources.assistance },
          );
    };
    const publish = async (e: EventEnvelope) => {
      const topic = t.topics.topic('assistance.case');
      const { key, value, headers } = toKafkaRecord(e, topic);
      await produceRaw(topic, [{ key, value, headers }]);
    };
    const statusIs = (s: string) =>
      waitFor(`economic status ${s}`, async () =>
        (await t.call('GET', `/api/v1/elders/${elder.elderId}`, clerk)).body.economicStatus === s ? true : undefined,
      );
    await publish(caseEvent('approved') as EventEnvelope);
    await statusIs('dibao');
    expect((await dailyRun()).careSubsidiesStopped).toBe(0);
    await publish(caseEvent('terminated') as EventEnvelope);
    await statusIs('none');
    // decided when the input changes, in the same inbox transaction: stopped before any daily run
    const grants = (await t.call('GET', `/api/v1/elders/${elder.elderId}/allowances`, clerk)).body;
    expect(grants).toEqual([
      expect.objectContaining({
        allowance: 'care-subsidy',
        status: 'stopped',
        stopReason: 'no-longer-eligible',
        stoppedOn: today,
      }),
    ]);
    expect((await dailyRun()).careSubsidiesStopped).toBe(0);
  });

  it('admits elders within the bed count of an institution, and refuses an unknown institution or a full bed type', async () => {
    const today = await t.today();
    const [a, b] = [
      (await register(addMonths(today, -12 * 85), ['childless'])).body,
      (await register(addMonths(today, -12 * 86), ['alone'])).body,
    ];
    const inst = await t.call('POST', '/api/v1/institutions', clerk, {
      name: '石岐颐养院',
      ownership: 'private',
      starRating: 3,
      town: TOWN,
      village: VILLAGE,
      nursingBeds: 1,
      generalBeds: 1,
    });
    expect(inst.status).toBe(201);
    expect(inst.body).toMatchObject({ nursingBedShare: 0.5, startupSubsidyCeilingFen: 2 * 600000 });
    const id = inst.body.institutionId;
    const admit = (institutionId: string, elderId: string, bedType: string, admittedOn = today) =>
      t.call('POST', `/api/v1/institutions/${institutionId}/admissions`, clerk, { elderId, bedType, admittedOn });

    const unknown = await admit('inst-nowhere', a.elderId, 'nursing');
    expect(unknown.status).toBe(404);
    expect(unknown.body.field).toBe('institutionId');
    const future = await admit(id, a.elderId, 'nursing', addDays(today, 1));
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'admittedOn', rule: 'not-in-future' })]);
    const first = await admit(id, a.elderId, 'nursing');
    expect(first.status).toBe(201);
    const full = await admit(id, b.elderId, 'nursing');
    expect(full.status).toBe(409);
    expect(full.body).toMatchObject({ field: 'bedType', rule: 'institution.bed-count', beds: 1, occupied: 1 });
    const twice = await admit(id, a.elderId, 'general');
    expect(twice.status).toBe(409);
    expect(twice.body.rule).toBe('institution.one-open-stay');
    expect(await count('institution_stay')).toBe(1);
    expect(await outboxCount('eldercare.elder.admitted')).toBe(1);
    const admitted = await eventFor(
      'eldercare.elder',
      'eldercare.elder.admitted',
      (d) => d.stayId === first.body.stayId,
    );
    expect(JSON.parse(admitted.value ?? 'null').data).toMatchObject({ nursingBed: true, institutionId: id });

    const out = await t.call('POST', `/api/v1/institutions/${id}/discharges`, clerk, {
      stayId: first.body.stayId,
      dischargedOn: today,
      reason: 'home',
    });
    expect(out.status).toBe(201);
    expect((await admit(id, b.elderId, 'nursing')).status).toBe(201);
    const view = (await t.call('GET', `/api/v1/institutions/${id}`, clerk)).body;
    expect(view).toMatchObject({ occupied: { nursing: 1, general: 0 }, occupancy: 0.5 });
    const shares = (await t.call('GET', '/api/v1/institutions/nursing-bed-share', clerk)).body;
    expect(shares.city).toEqual({ nursingBeds: 1, totalBeds: 2, share: 0.5 });
  });

  it('orders home services at community sites and records their delivery once', async () => {
    const today = await t.today();
    const elder = (await register(addMonths(today, -12 * 79), ['empty-nest'])).body;
    const site = await t.call('POST', '/api/v1/care-sites', clerk, {
      kind: 'canteen',
      name: '长者饭堂',
      town: TOWN,
      village: VILLAGE,
      openedOn: today,
    });
    expect(site.status).toBe(201);
    const unknownSite = await t.call('POST', '/api/v1/service-orders', clerk, {
      elderId: elder.elderId,
      siteId: 'site-nowhere',
      service: 'meals',
    });
    expect(unknownSite.status).toBe(400);
    expect(unknownSite.body.errors).toEqual([expect.objectContaining({ field: 'siteId', rule: 'site.registered' })]);
    const order = await t.call('POST', '/api/v1/service-orders', clerk, {
      elderId: elder.elderId,
      siteId: site.body.siteId,
      service: 'meals',
    });
    expect(order.status).toBe(201);
    const url = `/api/v1/service-orders/${order.body.orderId}/delivery`;
    const future = await t.call('POST', url, clerk, { deliveredOn: addDays(today, 1) });
    expect(future.status).toBe(400);
    expect((await t.call('POST', url, clerk, { deliveredOn: today, notes: 'lunch delivered' })).status).toBe(201);
    expect((await t.call('POST', url, clerk, { deliveredOn: today })).status).toBe(409);
    const coverage = (await t.call('GET', '/api/v1/care-sites/coverage', clerk)).body;
    expect(coverage).toContainEqual({ town: TOWN, village: VILLAGE, centres: 0, stations: 0, canteens: 1 });
  });

  it('updates the living situation, publishes the change and puts the elder on the visit list', async () => {
    const today = await t.today();
    const elder = (await register(addMonths(today, -12 * 68), ['with-family'])).body;
    await dailyRun();
    const tasksOf = async () =>
      (await t.call('GET', `/api/v1/visit-tasks?month=${today.slice(0, 7)}&limit=500`, clerk)).body.items.filter(
        (x: { elderId: string }) => x.elderId === elder.elderId,
      );
    expect(await tasksOf()).toEqual([]);
    const bad = await t.call('PUT', `/api/v1/elders/${elder.elderId}`, clerk, { livingSituation: ['on-the-moon'] });
    expect(bad.status).toBe(400);
    const updated = await t.call('PUT', `/api/v1/elders/${elder.elderId}`, clerk, {
      livingSituation: ['alone'],
      socialWorker: 'sw-9',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ livingSituation: ['alone'], socialWorker: 'sw-9' });
    const changed = await eventFor(
      'eldercare.elder',
      'eldercare.elder.situation-changed',
      (d) => d.elderId === elder.elderId,
    );
    expect(JSON.parse(changed.value ?? 'null').data).toMatchObject({
      livingSituation: ['alone'],
      monthlyVisitRequired: true,
    });
    await dailyRun();
    expect(await tasksOf()).toEqual([expect.objectContaining({ assignedTo: 'sw-9', status: 'open' })]);
  });

  it('takes alarms only with the device’s own credential, merges repeats, and escalates an unacknowledged alarm', async () => {
    const today = await t.today();
    const elder = (await register(addMonths(today, -12 * 82), ['alone'])).body;
    const dev = await t.call('POST', `/api/v1/elders/${elder.elderId}/devices`, clerk, { deviceId: `dev-${seq}` });
    expect(dev.status).toBe(201);
    const other = await t.call('POST', `/api/v1/elders/${elder.elderId}/devices`, clerk, { deviceId: `dev-${seq}-b` });
    const alarm = (deviceId: string, token: string | undefined, kind = 'fall', raisedAt = new Date().toISOString()) =>
      t.call(
        'POST',
        `/api/v1/devices/${deviceId}/alarms`,
        null,
        { kind, raisedAt },
        token ? { 'x-device-token': token } : {},
      );

    const unknown = await alarm('dev-nobody', dev.body.token);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ field: 'deviceId', rule: 'device.registered' });
    expect((await alarm(dev.body.deviceId, other.body.token)).status).toBe(401);
    expect((await alarm(dev.body.deviceId, undefined)).status).toBe(401);
    const revoked = await t.call('POST', `/api/v1/devices/${other.body.deviceId}/revocation`, clerk);
    expect(revoked.status).toBe(200);
    const fromRevoked = await alarm(other.body.deviceId, other.body.token);
    expect(fromRevoked.status).toBe(403);
    expect(fromRevoked.body).toMatchObject({ field: 'deviceId', rule: 'device.not-revoked' });
    expect(await count('alarm')).toBe(0);
    expect(await outboxCount('eldercare.alarm.raised')).toBe(0);

    const first = await alarm(dev.body.deviceId, dev.body.token);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ merged: false, status: 'open', repeats: 0 });
    const repeat = await alarm(dev.body.deviceId, dev.body.token);
    expect(repeat.body).toMatchObject({ merged: true, alarmId: first.body.alarmId, repeats: 1 });
    expect(await outboxCount('eldercare.alarm.raised')).toBe(1);
    await eventFor('eldercare.alarm', 'eldercare.alarm.raised', (d) => d.alarmId === first.body.alarmId);

    // a repeat long after the window, the alarm still unanswered, joins it (one open alarm per
    // device and kind: not a second one, and not a 500)
    const hours = (n: number) => new Date(Date.now() - n * 60 * 60_000).toISOString();
    const gas = await alarm(dev.body.deviceId, dev.body.token, 'gas', hours(2));
    const late = await alarm(dev.body.deviceId, dev.body.token, 'gas');
    expect(late.status).toBe(202);
    expect(late.body).toMatchObject({ merged: true, alarmId: gas.body.alarmId, repeats: 1, status: 'open' });
    expect((await t.call('POST', `/api/v1/alarms/${gas.body.alarmId}/acknowledgement`, clerk)).status).toBe(200);

    // a second alarm that a responder acknowledges in time does not escalate; a repeat within the
    // window after the acknowledgement joins it, one after the window opens a new alarm
    const long = 60 * 60_000;
    const smoke = await alarm(
      dev.body.deviceId,
      dev.body.token,
      'smoke',
      new Date(Date.now() - 2 * long).toISOString(),
    );
    expect((await t.call('POST', `/api/v1/alarms/${smoke.body.alarmId}/acknowledgement`, clerk)).status).toBe(200);
    const afterAck = await alarm(
      dev.body.deviceId,
      dev.body.token,
      'smoke',
      new Date(Date.parse(hours(2)) + 60_000).toISOString(),
    );
    expect(afterAck.body).toMatchObject({ merged: true, alarmId: smoke.body.alarmId, status: 'acknowledged' });
    const fresh = await alarm(dev.body.deviceId, dev.body.token, 'smoke');
    expect(fresh.body).toMatchObject({ merged: false, status: 'open' });
    expect((await t.call('POST', `/api/v1/alarms/${fresh.body.alarmId}/acknowledgement`, clerk)).status).toBe(200);

    expect((await t.call('POST', '/api/v1/alarms/escalation-scan', admin)).body).toEqual({ escalated: 0 });
    await t.moveClock({ advanceDays: 1 });
    expect((await t.call('POST', '/api/v1/alarms/escalation-scan', admin)).body).toEqual({ escalated: 1 });
    const escalated = await eventFor(
      'eldercare.alarm',
      'eldercare.alarm.escalated',
      (d) => d.alarmId === first.body.alarmId,
    );
    expect(JSON.parse(escalated.value ?? 'null').data).toMatchObject({ elderId: elder.elderId, kind: 'fall' });
    expect((await t.call('POST', '/api/v1/alarms/escalation-scan', admin)).body).toEqual({ escalated: 0 });
    const listed = await t.call('GET', `/api/v1/alarms?elderId=${elder.elderId}`, clerk);
    expect(listed.body.items.map((a: { kind: string; status: string }) => [a.kind, a.status]).sort()).toEqual([
      ['fall', 'escalated'],
      ['gas', 'acknowledged'],
      ['smoke', 'acknowledged'],
      ['smoke', 'acknowledged'],
    ]);
  });

  let octogenarian: { elderId: string; personRef: string; maskedId: string };

  it('grants the high-age allowance on the 80th birthday without a request, once', async () => {
    const today = await t.today();
    octogenarian = (await register(addDays(addMonths(today, -12 * 80), 1), ['alone'])).body;
    await dailyRun();
    const none = await t.call('GET', `/api/v1/elders/${octogenarian.elderId}/allowances`, clerk);
    expect(none.body).toEqual([]);

    await t.moveClock({ advanceDays: 1 });
    const birthday = await t.today();
    const run = await dailyRun();
    expect(run.highAge.granted).toBeGreaterThanOrEqual(1);
    const grants = (await t.call('GET', `/api/v1/elders/${octogenarian.elderId}/allowances`, clerk)).body;
    expect(grants).toEqual([
      expect.objectContaining({
        allowance: 'high-age',
        monthlyAmountFen: 10000,
        effectiveFrom: birthday,
        parameterKey: 'elder.high_age_allowance.age_80',
        status: 'active',
      }),
    ]);
    const granted = await eventFor(
      'eldercare.elder',
      'eldercare.elder.allowance-granted',
      (d) => d.elderId === octogenarian.elderId,
    );
    expect(JSON.parse(granted.value ?? 'null').data).toMatchObject({ allowance: 'high-age', effectiveFrom: birthday });
    await dailyRun();
    expect((await t.call('GET', `/api/v1/elders/${octogenarian.elderId}/allowances`, clerk)).body).toHaveLength(1);
  });

  it('pays the allowance once per month and makes no further payment after the data hub records the death', async () => {
    const today = await t.today();
    const next = (n: number) => addMonths(`${today.slice(0, 7)}-01`, n).slice(0, 7);
    const disburser = await t.token('disburser-1', ['eldercare:disburser']);
    const run = (month: string) => t.call('POST', '/api/v1/allowance-runs', disburser, { month });
    const paid = async () =>
      (await t.call('GET', `/api/v1/elders/${octogenarian.elderId}/payments`, clerk)).body.map(
        (p: { month: string; status: string; amountFen: number }) => [p.month, p.status, p.amountFen],
      );
    // the birthday month is not paid (the grant starts after its first day); the next month once
    const first = await run(next(1));
    expect(first.status).toBe(200);
    expect(first.body.created).toBeGreaterThanOrEqual(1);
    expect((await run(next(1))).body.created).toBe(0);
    expect(await paid()).toEqual([[next(1), 'issued', 10000]]);
    const bad = await t.call('POST', '/api/v1/allowance-runs', disburser, { month: '2024-13' });
    expect(bad.status).toBe(400);
    const report = await t.call('GET', `/api/v1/allowance-runs/${next(1)}/report`, disburser);
    expect(report.body.byProgramme['high-age'].count).toBeGreaterThanOrEqual(1);

    const death = createEvent(
      DeathRecordedV1,
      {
        recordId: `hub-death-${seq}`,
        personRef: octogenarian.personRef,
        maskedId: octogenarian.maskedId,
        deathDate: today,
        status: 'formal',
      },
      { source: Sources.hub },
    );
    const topic = t.topics.topic('hub.life-event');
    const { key, value, headers } = toKafkaRecord(death as EventEnvelope, topic);
    await produceRaw(topic, [{ key, value, headers }]);
    const stopped = await eventFor(
      'eldercare.elder',
      'eldercare.elder.allowance-stopped',
      (d) => d.elderId === octogenarian.elderId,
    );
    expect(JSON.parse(stopped.value ?? 'null').data).toMatchObject({
      allowance: 'high-age',
      stoppedOn: today,
      reason: 'death',
    });
    const elder = await waitFor('the elder deceased', async () => {
      const e = (await t.call('GET', `/api/v1/elders/${octogenarian.elderId}`, clerk)).body;
      return e.status === 'deceased' ? e : undefined;
    });
    expect(elder.deathDate).toBe(today);
    const tasks = await sql(`SELECT status, closed_reason FROM visit_task WHERE elder_id = $1`, [octogenarian.elderId]);
    expect(tasks).toEqual([{ status: 'closed', closed_reason: 'death' }]);
    // a later daily run does not grant again, and nothing more is recorded for the elder
    await dailyRun();
    const grants = (await t.call('GET', `/api/v1/elders/${octogenarian.elderId}/allowances`, clerk)).body;
    expect(grants.map((g: { status: string }) => g.status)).toEqual(['stopped']);
    // the issued payment of the month after the death stops; a later run pays nothing more
    await eventFor('eldercare.payment', 'eldercare.payment.stopped', (d) => d.elderId === octogenarian.elderId);
    expect(await paid()).toEqual([[next(1), 'stopped', 10000]]);
    await run(next(2));
    expect(await paid()).toEqual([[next(1), 'stopped', 10000]]);
    const visit = await t.call('POST', `/api/v1/elders/${octogenarian.elderId}/visits`, clerk, {
      visitedOn: today,
      visitorRole: 'social-worker',
      outcome: 'well',
    });
    expect(visit.status).toBe(409);
  });

  it('creates a visit task each month for special-hardship elders and publishes eldercare.visit.overdue when missed', async () => {
    const today = await t.today();
    const month = today.slice(0, 7);
    const alone = (await register(addMonths(today, -12 * 70), ['alone'], { socialWorker: 'sw-7' })).body;
    const family = (await register(addMonths(today, -12 * 70), ['with-family'])).body;
    const visited = (await register(addMonths(today, -12 * 70), ['empty-nest'])).body;
    await dailyRun();
    const tasks = (await t.call('GET', `/api/v1/visit-tasks?month=${month}&limit=500`, clerk)).body.items;
    const mine = (id: string) => tasks.filter((x: { elderId: string }) => x.elderId === id);
    expect(mine(alone.elderId)).toEqual([expect.objectContaining({ assignedTo: 'sw-7', status: 'open', month })]);
    expect(mine(family.elderId)).toEqual([]);

    const future = await t.call('POST', `/api/v1/elders/${visited.elderId}/visits`, clerk, {
      visitedOn: addDays(today, 1),
      visitorRole: 'social-worker',
      outcome: 'well',
    });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'visitedOn', rule: 'not-in-future' })]);
    expect(await count('visit')).toBe(0);
    const ok = await t.call('POST', `/api/v1/elders/${visited.elderId}/visits`, clerk, {
      visitedOn: today,
      visitorRole: 'social-worker',
      outcome: 'needs-follow-up',
      notes: 'Stairs unsafe.',
    });
    expect(ok.status).toBe(201);
    expect(ok.body.nextDueDate).toBe(addDays(today, 30));

    // the first day of next month: this month's task of the elder nobody visited is overdue
    const nextMonthFirst = `${addMonths(`${month}-01`, 1)}`;
    await t.moveClock({ at: `${nextMonthFirst}T12:00:00+08:00` });
    const overdueBefore = await outboxCount('eldercare.visit.overdue');
    const run = await dailyRun();
    expect(run.visitsOverdue).toBeGreaterThanOrEqual(1);
    const overdue = await eventFor('eldercare.visit', 'eldercare.visit.overdue', (d) => d.elderId === alone.elderId);
    expect(JSON.parse(overdue.value ?? 'null').data).toMatchObject({ daysOverdue: 1, town: TOWN });
    expect(await outboxCount('eldercare.visit.overdue')).toBe(overdueBefore + run.visitsOverdue);
    const rate = (await t.call('GET', `/api/v1/visit-rate?month=${month}`, clerk)).body;
    const town = rate.find((r: { town: string }) => r.town === TOWN);
    expect(town.done).toBe(1);
    expect(town.due).toBeGreaterThan(town.done);
    // a second run raises nothing twice
    expect((await dailyRun()).visitsOverdue).toBe(0);
  });

  // last in this suite: once governance's codes have been read, every later registration must use them
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
    await waitFor('the division codes in eldercare', async () =>
      (await count('division_reference')) === 2 ? true : undefined,
    );
    const today = await t.today();
    const tables = ['elder', 'institution', 'care_site', 'outbox_message'];
    const before = await Promise.all(tables.map(count));
    const refused = async (res: { status: number; body: { errors?: unknown } }, field: string) => {
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field, rule: 'knownDivision' })]);
    };
    const birth = addMonths(today, -12 * 70);
    await refused(await register(birth, ['alone'], { town: '442000999' }), 'town');
    await refused(await register(birth, ['alone'], { village: `${TOWN}999` }), 'village');
    const institution = { name: '港口颐养院', ownership: 'private', starRating: 3, nursingBeds: 1, generalBeds: 1 };
    await refused(
      await t.call('POST', '/api/v1/institutions', clerk, { ...institution, town: '442000999', village: VILLAGE }),
      'town',
    );
    const site = { kind: 'canteen', name: '港口饭堂', openedOn: today };
    await refused(
      await t.call('POST', '/api/v1/care-sites', clerk, { ...site, town: TOWN, village: `${TOWN}999` }),
      'village',
    );
    expect(await Promise.all(tables.map(count))).toEqual(before);
    expect((await register(birth, ['alone'])).status).toBe(201);
    expect((await t.call('POST', '/api/v1/care-sites', clerk, { ...site, town: TOWN, village: VILLAGE })).status).toBe(
      201,
    );
  });
});

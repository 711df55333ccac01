import { dayBefore } from '@civic/calendar';
import {
  AbsenceEndedV1,
  AbsenceRecordedV1,
  createEvent,
  DeathRecordedV1,
  DivisionRegisteredV1,
  EventEnvelope,
  HouseholdEligibilityChangedV1,
  HouseholdMember,
  HouseholdRegisteredV2,
  ImprisonedV1,
  ParameterValueScheduledV1,
  Sources,
  toKafkaRecord,
} from '@civic/contracts';
import { maskResidentId } from '@civic/identity';
import { awaitEvent, produceRaw, waitFor, withClient } from '@civic/testing';
import { ChildWelfareApp, residentId, startChildWelfareApp, TOWN, VILLAGE } from './child-welfare-app.fixture';

jest.setTimeout(120_000);

describe('children: registration, categories, allowances and hub reactions', () => {
  let t: ChildWelfareApp;
  let clerk: string;
  let approver: string;
  let seq = 100;
  const sql = <R = any>(text: string, params: unknown[] = []) =>
    withClient(t.schema.url, async (c) => (await c.query(text, params)).rows as R[]);
  const counts = async () =>
    (
      await sql(
        `SELECT (SELECT count(*) FROM child)::int AS children, (SELECT count(*) FROM person)::int AS persons, (SELECT count(*) FROM parent_situation)::int AS situations, (SELECT count(*) FROM outbox_message)::int AS outbox`,
      )
    )[0];
  const nextId = (birthDate: string) => residentId(birthDate, (seq += 1));
  const register = (body: Record<string, unknown>) =>
    t.call('POST', '/api/v1/children', clerk, { town: TOWN, village: VILLAGE, ...body });
  const publishHub = async (event: EventEnvelope) => {
    const topic = t.topics.topic('hub.life-event');
    const { key, value, headers } = toKafkaRecord(event, topic);
    await produceRaw(topic, [{ key, value, headers }]);
  };
  const childEvent = (type: string, childId: string, extra: (d: any) => boolean = () => true) =>
    awaitEvent(t.topics.topic('child-welfare.child'), (r) => {
      const e = r.json as EventEnvelope<any>;
      return e.type === type && e.data.childId === childId && extra(e.data);
    });
  const categoryIs = (childId: string, category: string) =>
    waitFor(
      `child ${childId} ${category}`,
      async () => {
        const c = (await t.call('GET', `/api/v1/children/${childId}`, clerk)).body;
        return c.category === category ? c : undefined;
      },
      60_000,
    );

  beforeAll(async () => {
    t = await startChildWelfareApp('cw_children');
    clerk = await t.token('clerk', ['child-welfare:clerk']);
    approver = await t.token('approver', ['child-welfare:approver']);
  });
  afterAll(() => t?.close());

  it('registers a child with parents as personRefs, decides the category and publishes it through the outbox', async () => {
    const mother = nextId('1985-03-03');
    const res = await register({
      idNumber: nextId('2015-06-01'),
      mother: { idNumber: mother, situations: ['dead'] },
      father: { idNumber: nextId('1983-01-01'), situations: ['imprisoned'] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ category: 'de-facto-unsupported', status: 'active', careMode: 'family' });
    expect(res.body.categoryBasis).toContain('imprisoned');
    expect(JSON.stringify(res.body)).not.toContain(mother);
    const registered = await childEvent('child-welfare.child.registered', res.body.childId);
    expect(registered.value).not.toMatch(/\d{17}[\dX]/);
    await childEvent('child-welfare.child.category-classified', res.body.childId);
    const read = await t.call('GET', `/api/v1/children/${res.body.childId}`, clerk);
    expect(read.body.motherPersonRef).toBe(res.body.motherPersonRef);
    // the allowance waits for approval, then starts today with the dated amount
    const pending = await t.call('GET', `/api/v1/children/${res.body.childId}/allowances`, clerk);
    expect(pending.body).toEqual([expect.objectContaining({ status: 'pending', category: 'de-facto-unsupported' })]);
    const approved = await t.call('POST', `/api/v1/children/${res.body.childId}/allowances/approval`, approver);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'active', effectiveFrom: await t.today() });
    const granted = await childEvent('child-welfare.child.allowance-granted', res.body.childId);
    expect((granted.json as any).data.monthlyAmountFen).toBe(approved.body.monthlyAmountFen);
    expect((await t.call('POST', `/api/v1/children/${res.body.childId}/allowances/approval`, approver)).status).toBe(
      409,
    );
  });

  it.each([
    ['over the age-out age', () => ({ idNumber: nextId('2000-01-01') }), 'idNumber', 'under-age-out'],
    [
      'an unknown parent reference',
      () => ({ idNumber: nextId('2016-01-01'), mother: { personRef: 'k1:' + 'A'.repeat(43) } }),
      'mother.personRef',
      'known-person',
    ],
    [
      'contradictory situations of one parent',
      () => ({
        idNumber: nextId('2016-01-01'),
        father: { idNumber: nextId('1980-01-01'), situations: ['dead', 'imprisoned'] },
      }),
      'father.situations',
      'consistent-situations',
    ],
    [
      'a category the facts contradict',
      () => ({ idNumber: nextId('2016-01-01'), claimedCategory: 'orphan' }),
      'claimedCategory',
      'matches-facts',
    ],
    [
      'a parent who is the child',
      () => {
        const id = nextId('2016-01-01');
        return { idNumber: id, mother: { idNumber: id } };
      },
      'mother',
      'not-the-child',
    ],
    ['a malformed ID number', () => ({ idNumber: '442000201601011234' }), 'idNumber', 'resident-id.checksum'],
  ])('refuses %s with 400 naming the field and rule; nothing stored', async (_, body, field, rule) => {
    const before = await counts();
    const res = await register(body());
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field, rule })]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a guardian who is the child (400), accepts state guardianship with a review date', async () => {
    const id = nextId('2014-02-02');
    const c = (await register({ idNumber: id })).body;
    const bad = await t.call('POST', `/api/v1/children/${c.childId}/guardianship`, clerk, {
      guardianship: 'relative',
      guardian: { idNumber: id },
      reason: 'test',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'guardian', rule: 'not-the-child' })]);
    expect((await sql(`SELECT count(*)::int AS n FROM guardianship_change`))[0].n).toBe(0);
    const ok = await t.call('POST', `/api/v1/children/${c.childId}/guardianship`, clerk, {
      guardianship: 'temporary-state',
      reason: 'No relative able to act as guardian.',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ guardianship: 'temporary-state', guardianPersonRef: null });
    expect(ok.body.guardianshipReviewDue > (await t.today())).toBe(true);
    await childEvent('child-welfare.child.guardianship-changed', c.childId);
  });

  it('a parent death with the other parent imprisoned makes the child de-facto unsupported; the second death makes an orphan without a second payment', async () => {
    const motherId = nextId('1986-04-04');
    const fatherId = nextId('1984-04-04');
    const c = (
      await register({ idNumber: nextId('2013-09-09'), mother: { idNumber: motherId }, father: { idNumber: fatherId } })
    ).body;
    expect(c.category).toBe('none');
    const today = await t.today();
    const hubFacts = (id: string, ref: string, recordId: string) => ({
      recordId,
      personRef: ref,
      maskedId: maskResidentId(id),
    });
    await publishHub(
      createEvent(
        ImprisonedV1,
        { ...hubFacts(fatherId, c.fatherPersonRef, 'hub-imp-1'), fromDate: today },
        { source: Sources.hub },
      ),
    );
    await publishHub(
      createEvent(
        DeathRecordedV1,
        { ...hubFacts(motherId, c.motherPersonRef, 'hub-death-1'), deathDate: today, status: 'formal' },
        { source: Sources.hub },
      ),
    );
    await categoryIs(c.childId, 'de-facto-unsupported');
    const approved = await t.call('POST', `/api/v1/children/${c.childId}/allowances/approval`, approver);
    expect(approved.body.status).toBe('active');

    await t.moveClock({ advanceDays: 10 });
    const later = await t.today();
    await publishHub(
      createEvent(
        DeathRecordedV1,
        { ...hubFacts(fatherId, c.fatherPersonRef, 'hub-death-2'), deathDate: later, status: 'formal' },
        { source: Sources.hub },
      ),
    );
    await categoryIs(c.childId, 'orphan');
    const grants = await waitFor('the grant replaced', async () => {
      const g = (await t.call('GET', `/api/v1/children/${c.childId}/allowances`, clerk)).body as any[];
      return g.length === 2 ? g : undefined;
    });
    const [first, second] = grants;
    expect(first).toMatchObject({ status: 'stopped', stopReason: 're-classified', lastDay: dayBefore(later) });
    expect(second).toMatchObject({
      status: 'active',
      category: 'orphan',
      effectiveFrom: later,
      replacesGrantId: first.grantId,
    });
    expect(
      (await sql(`SELECT count(*)::int AS n FROM allowance WHERE child_id = $1 AND status = 'active'`, [c.childId]))[0]
        .n,
    ).toBe(1);
    // the same death again (redelivered or re-sent) changes nothing
    const again = createEvent(
      DeathRecordedV1,
      { ...hubFacts(fatherId, c.fatherPersonRef, 'hub-death-2b'), deathDate: later, status: 'formal' },
      { source: Sources.hub },
    );
    await publishHub(again);
    await waitFor('the repeated death consumed', async () =>
      (await sql(`SELECT 1 FROM inbox_message WHERE event_id = $1`, [again.id])).length ? true : undefined,
    );
    expect(((await t.call('GET', `/api/v1/children/${c.childId}/allowances`, clerk)).body as any[]).length).toBe(2);
  });

  it('a hub absence (missing) with the other parent dead re-classifies; its end withdraws the pending allowance', async () => {
    const motherId = nextId('1988-08-08');
    const fatherId = nextId('1987-07-07');
    const c = (
      await register({
        idNumber: nextId('2017-01-01'),
        mother: { idNumber: motherId },
        father: { idNumber: fatherId, situations: ['dead'] },
      })
    ).body;
    expect(c.category).toBe('none');
    const facts = { personRef: c.motherPersonRef, maskedId: maskResidentId(motherId) };
    const today = await t.today();
    await publishHub(
      createEvent(
        AbsenceRecordedV1,
        { ...facts, recordId: 'hub-abs-1', reason: 'missing', fromDate: today },
        { source: Sources.hub },
      ),
    );
    const classified = await categoryIs(c.childId, 'de-facto-unsupported');
    expect(classified.categoryBasis).toContain('missing');
    expect((await t.call('GET', `/api/v1/children/${c.childId}/allowances`, clerk)).body).toEqual([
      expect.objectContaining({ status: 'pending' }),
    ]);
    await publishHub(
      createEvent(
        AbsenceEndedV1,
        { ...facts, recordId: 'hub-abs-2', reason: 'missing', endedOn: today },
        { source: Sources.hub },
      ),
    );
    await categoryIs(c.childId, 'none');
    expect((await t.call('GET', `/api/v1/children/${c.childId}/allowances`, clerk)).body).toEqual([
      expect.objectContaining({ status: 'withdrawn', stopReason: 're-classified' }),
    ]);
  });

  it('adoption: refuses an adopter under the minimum age or who is the child; after a suitable assessment the registration re-parents an orphan', async () => {
    const reviewer = await t.token('reviewer', ['child-welfare:reviewer']);
    const childId = nextId('2016-06-06');
    const c = (
      await register({
        idNumber: childId,
        mother: { idNumber: nextId('1980-02-02'), situations: ['dead'] },
        father: { idNumber: nextId('1979-03-03'), situations: ['dead'] },
      })
    ).body;
    expect(c.category).toBe('orphan');
    await t.call('POST', `/api/v1/children/${c.childId}/allowances/approval`, approver);
    const apply = (adopters: string[]) =>
      t.call('POST', '/api/v1/adoptions', clerk, {
        childIdNumber: childId,
        town: TOWN,
        adopters: adopters.map((idNumber) => ({ idNumber })),
      });
    const young = await apply([residentId('2005-01-01', 901)]);
    expect(young.status).toBe(400);
    expect(young.body.errors).toEqual([
      expect.objectContaining({ field: 'adopters[0].idNumber', rule: 'adopter-min-age' }),
    ]);
    const self = await apply([childId]);
    expect(self.body.errors).toEqual([
      expect.objectContaining({ field: 'adopters[0].idNumber', rule: 'not-the-child' }),
    ]);
    expect(await sql(`SELECT 1 FROM adoption`)).toEqual([]);

    // residentId: an odd sequence is a man, an even one a woman
    const a = (await apply([residentId('1985-05-05', 902), residentId('1984-04-04', 903)])).body;
    expect(a.status).toBe('assessment');
    expect((await t.call('POST', `/api/v1/adoptions/${a.adoptionId}/registration`, approver)).status).toBe(409);
    const assessed = await t.call('POST', `/api/v1/adoptions/${a.adoptionId}/assessment`, reviewer, {
      outcome: 'suitable',
      note: 'Home visit and interview: suitable.',
    });
    expect(assessed.body.status).toBe('suitable');
    const done = await t.call('POST', `/api/v1/adoptions/${a.adoptionId}/registration`, approver);
    expect(done.body).toMatchObject({ status: 'registered', registeredOn: await t.today() });
    const child = (await t.call('GET', `/api/v1/children/${c.childId}`, clerk)).body;
    expect(child).toMatchObject({
      category: 'none',
      motherPersonRef: a.adoptiveMotherRef,
      fatherPersonRef: a.adoptiveFatherRef,
    });
    const grants = (await t.call('GET', `/api/v1/children/${c.childId}/allowances`, clerk)).body;
    expect(grants).toEqual([expect.objectContaining({ status: 'stopped', stopReason: 're-classified' })]);
    await awaitEvent(t.topics.topic('child-welfare.child'), (r) => {
      const e = r.json as EventEnvelope<{ adoptionId: string }>;
      return e.type === 'child-welfare.child.adoption-registered' && e.data.adoptionId === a.adoptionId;
    });
  });

  it('social assistance facts re-classify: a severely disabled parent with the other dead makes de-facto unsupported; dibao status reaches the child’s record', async () => {
    const motherId = nextId('1982-02-12');
    const fatherId = nextId('1981-01-11');
    const childNo = nextId('2012-12-12');
    const c = (
      await register({
        idNumber: childNo,
        mother: { idNumber: motherId },
        father: { idNumber: fatherId, situations: ['dead'] },
      })
    ).body;
    const member = (
      ref: string,
      id: string,
      birthDate: string,
      relation: HouseholdMember['relation'],
      disabilityLevel?: number,
    ): HouseholdMember => ({
      personRef: ref,
      maskedId: maskResidentId(id),
      birthDate,
      sex: 'female',
      relation,
      ...(disabilityLevel ? { disabilityLevel } : {}),
      labourCapacity: 'none',
      seriousIllness: false,
      monthlyIncomeFen: 0,
    });
    const householdId = `hh-${c.childId}`;
    const publish = async (event: EventEnvelope) => {
      const topic = t.topics.topic('assistance.household');
      const { key, value, headers } = toKafkaRecord(event, topic);
      await produceRaw(topic, [{ key, value, headers }]);
    };
    await publish(
      createEvent(
        HouseholdRegisteredV2,
        {
          householdId,
          town: TOWN,
          village: VILLAGE,
          hukouType: 'local',
          members: [
            member(c.motherPersonRef, motherId, '1982-02-12', 'head', 1),
            member(c.personRef, childNo, '2012-12-12', 'child'),
          ],
          assets: { financialAssetsFen: 0, vehicleCount: 0, housingUnits: 0 },
          totalMonthlyIncomeFen: 0,
          perCapitaMonthlyIncomeFen: 0,
          standardArea: 'urban',
          annualIncomeFen: 0,
        },
        { source: Sources.assistance },
      ),
    );
    const classified = await categoryIs(c.childId, 'de-facto-unsupported');
    expect(classified.categoryBasis).toContain('severe-disability');
    await publish(
      createEvent(
        HouseholdEligibilityChangedV1,
        {
          householdId,
          town: TOWN,
          personRef: c.motherPersonRef,
          checkedOn: await t.today(),
          changes: [{ programme: 'dibao', eligibleBefore: false, eligibleAfter: true }],
        },
        { source: Sources.assistance },
      ),
    );
    const poor = await waitFor('household poverty recorded', async () => {
      const x = (await t.call('GET', `/api/v1/children/${c.childId}`, clerk)).body;
      return x.householdInPoverty ? x : undefined;
    });
    // de-facto unsupported outranks in difficulty: the category stays
    expect(poor.category).toBe('de-facto-unsupported');
  });

  // last in the suite: the new dibao standard applies to every later decision of this app
  it('a dibao standard scheduled by social assistance moves the allowance to 1.6 × the new standard', async () => {
    const today = await t.today();
    const scheduled = createEvent(
      ParameterValueScheduledV1,
      {
        key: 'assistance.dibao.standard.urban',
        value: 200000,
        effectiveFrom: today,
        source: 'test: a new standard',
        scheduledBy: 'assistance-admin',
      },
      { source: Sources.assistance },
    );
    const topic = t.topics.topic('policy.parameter');
    const { key, value, headers } = toKafkaRecord(scheduled, topic);
    await produceRaw(topic, [{ key, value, headers }]);
    await waitFor('the scheduled value kept', async () =>
      (await sql(`SELECT 1 FROM scheduled_parameter WHERE key = 'assistance.dibao.standard.urban'`)).length
        ? true
        : undefined,
    );
    const c = (
      await register({
        idNumber: nextId('2018-08-18'),
        mother: { idNumber: nextId('1990-01-01'), situations: ['dead'] },
        father: { idNumber: nextId('1989-01-01'), situations: ['dead'] },
      })
    ).body;
    const approved = await t.call('POST', `/api/v1/children/${c.childId}/allowances/approval`, approver);
    expect(approved.body.monthlyAmountFen).toBe(320000);
    expect(approved.body.parameters.map((p: { key: string }) => p.key)).toContain('child.orphan_standard_goal');
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
    await waitFor('the division codes in child-welfare', async () =>
      (await sql(`SELECT code FROM division_reference`)).length === 2 ? true : undefined,
    );
    const stored = async () =>
      (
        await sql(
          `SELECT (SELECT count(*) FROM child)::int AS children, (SELECT count(*) FROM adoption)::int AS adoptions, (SELECT count(*) FROM protection_report)::int AS reports, (SELECT count(*) FROM child_worker)::int AS workers, (SELECT count(*) FROM workstation)::int AS stations, (SELECT count(*) FROM outbox_message)::int AS outbox`,
        )
      )[0];
    const before = await stored();
    const refused = async (res: { status: number; body: { errors?: unknown } }, field: string) => {
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field, rule: 'knownDivision' })]);
    };
    const child = () => ({
      idNumber: nextId('2017-07-07'),
      mother: { idNumber: nextId('1986-04-04'), situations: ['dead'] },
      father: { idNumber: nextId('1984-05-05'), situations: ['dead'] },
    });
    await refused(await register({ ...child(), town: '442000999' }), 'town');
    await refused(await register({ ...child(), village: `${TOWN}999` }), 'village');
    const adoption = { childIdNumber: nextId('2016-08-08'), adopters: [{ idNumber: nextId('1980-09-09') }] };
    await refused(await t.call('POST', '/api/v1/adoptions', clerk, { ...adoption, town: '442000999' }), 'town');
    const report = {
      childIdNumber: nextId('2016-03-03'),
      location: 'Village school, grade 3',
      reporterKind: 'school',
      reporter: 'Class teacher',
      concern: 'neglect',
      urgency: 'emergency',
    };
    await refused(await t.call('POST', '/api/v1/protection-reports', clerk, { ...report, town: '442000999' }), 'town');
    const supervisor = await t.token('lead', ['child-welfare:supervisor']);
    const director = { role: 'director', name: 'Chen', town: TOWN };
    const assign = (body: object) => t.call('POST', '/api/v1/workforce/assignments', supervisor, body);
    await refused(await assign({ ...director, village: `${TOWN}999` }), 'village');
    await refused(
      await t.call('POST', '/api/v1/workstations', supervisor, { town: '442000999', name: 'WS 9' }),
      'town',
    );
    expect(await stored()).toEqual(before);
    expect((await register(child())).status).toBe(201);
    expect((await t.call('POST', '/api/v1/protection-reports', clerk, { ...report, town: TOWN })).status).toBe(201);
    expect((await assign({ ...director, village: VILLAGE })).status).toBe(201);
  });
});

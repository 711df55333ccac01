import { allTopics, CaseApprovedV1, DisabilityCertifiedV1, EldercarePersonRefRekeyedV1 } from '@civic/contracts';
import { createPersonRefs, maskResidentId } from '@civic/identity';
import { signDevTokenFor } from '@civic/platform';
import {
  FreshTopics,
  freshSchema,
  freshTopics,
  publishEvents,
  residentIdNumber,
  ServiceProcess,
  startPolicyEngineProcess,
  startServiceProcess,
  waitFor,
  withClient,
} from '@civic/testing';
import { randomBytes } from 'node:crypto';

jest.setTimeout(300_000);

// Rotating the personRef key with traffic flowing (docs/operations.md "Rotating the personRef key",
// docs/adr/0018-person-ref-rekeying.md). Eldercare and the policy engine run as real processes on one
// topic prefix. Elders are registered under k1; eldercare restarts with k2 current (k1 kept), re-keys
// its stored refs, and throughout the data hub keeps publishing facts about the same people under the
// old ref (a source not re-keyed yet) and, after the restart, under the new one. At the end the engine
// holds exactly one view per person, under k2, with every fact; eldercare holds no k1 ref, and then
// starts with k1 removed from its ring.
describe('personRef key rotation: re-keying with traffic flowing', () => {
  const secret = () => `hex:${randomBytes(32).toString('hex')}`;
  const k1 = secret();
  const k2 = secret();
  const idKeys = JSON.stringify({ current: 'i1', keys: { i1: secret() } });
  const jwtSecret = randomBytes(32).toString('hex');
  const underK1 = createPersonRefs({ current: 'k1', keys: { k1 } });
  const underK2 = createPersonRefs({ current: 'k2', keys: { k2 } });
  const birth = `${new Date().getUTCFullYear() - 75}-03-0`;
  const people = [1, 2, 3].map((n) => {
    const idNumber = residentIdNumber(`${birth}${n}`, 40 + n);
    return { idNumber, k1: underK1.ref(idNumber), k2: underK2.ref(idNumber), elderId: '' };
  });

  let topics: FreshTopics;
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let eldercare: ServiceProcess | undefined;
  let engine: ServiceProcess | undefined;
  let admin: string;
  let clerk: string;

  const startEldercare = (ring: object) =>
    startServiceProcess({
      app: 'eldercare',
      schemaPrefix: 'rk_ec',
      topicPrefix: topics.prefix,
      jwtSecret,
      sharedSchema: schema,
      env: {
        PERSON_REF_KEYS: JSON.stringify(ring),
        ID_ENCRYPTION_KEYS: idKeys,
        DAILY_RUN_INTERVAL_MS: '0',
        ALARM_SCAN_INTERVAL_MS: '0',
      },
    });
  const call = async (
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${eldercare!.baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  };
  const engineRows = <R>(sql: string, params: unknown[] = []) =>
    withClient(engine!.schema.url, async (c) => (await c.query(sql, params)).rows as R[]);

  // the data hub's facts about a person, under the ref the hub holds
  let record = 0;
  const certify = (ref: string, idNumber: string, level: number) =>
    publishEvents(topics, DisabilityCertifiedV1, {
      recordId: `hub-rk-${++record}`,
      personRef: ref,
      maskedId: maskResidentId(idNumber),
      level,
      category: 'physical',
      certifiedOn: '2026-01-01',
    });

  beforeAll(async () => {
    [topics, schema] = await Promise.all([freshTopics('rk', allTopics(), 1), freshSchema('rk_ec')]);
    [eldercare, engine] = await Promise.all([
      startEldercare({ current: 'k1', keys: { k1 } }),
      startPolicyEngineProcess('rk_pe', topics.prefix, jwtSecret),
    ]);
    const env = { JWT_SECRET: jwtSecret, NODE_ENV: 'test' };
    [admin, clerk] = await Promise.all([
      signDevTokenFor(env, { sub: 'admin-1', roles: ['eldercare:admin'] }),
      signDevTokenFor(env, { sub: 'clerk-1', roles: ['eldercare:clerk'] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([eldercare?.stop(), engine?.stop()]);
    await schema?.drop();
    await topics?.drop();
  });

  it('ends with one view per person under the new key, every fact kept, and no old ref left in eldercare', async () => {
    for (const p of people) {
      const res = await call('POST', '/elders', clerk, {
        idNumber: p.idNumber,
        town: '442000100',
        village: '442000100001',
        livingSituation: ['with-family'],
      });
      expect(res.status).toBe(201);
      expect(res.body.personRef).toBe(p.k1);
      p.elderId = res.body.elderId;
    }

    // traffic: the hub's facts, under k1 until eldercare runs with k2, then under both refs in turn
    let phase: 'k1' | 'both' = 'k1';
    let running = true;
    let rounds = 0;
    const traffic = (async () => {
      while (running) {
        for (const p of people) await certify(phase === 'k1' || rounds % 2 === 0 ? p.k1 : p.k2, p.idNumber, 3);
        rounds++;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    try {
      await waitFor(
        'the engine to hold the k1 views',
        async () => {
          const rows = await engineRows(`SELECT 1 FROM pe_person WHERE person_ref = ANY($1)`, [
            people.map((p) => p.k1),
          ]);
          return rows.length === people.length ? true : undefined;
        },
        120_000,
        250,
      );

      // step 2 of the rotation: k2 current, k1 kept; new refs are made under k2
      await eldercare!.stop();
      eldercare = await startEldercare({ current: 'k2', keys: { k1, k2 } });
      phase = 'both';
      const before = await call('GET', '/person-refs/key-status', admin);
      expect(before.body.remaining['elder.person_ref']).toBe(people.length);
      expect((await call('GET', '/person-refs/key-status', clerk)).status).toBe(403);

      // step 3: re-key, twice (the second run finds nothing left)
      const rekeyed = await call('POST', '/person-refs/rekey', admin);
      expect(rekeyed.status).toBe(200);
      expect(rekeyed.body).toMatchObject({ keyId: 'k2', rekeyed: people.length });
      expect(Object.values(rekeyed.body.remaining)).toEqual([0, 0]);
      expect((await call('POST', '/person-refs/rekey', admin)).body.rekeyed).toBe(0);
      for (const p of people) expect((await call('GET', `/elders/${p.elderId}`, clerk)).body.personRef).toBe(p.k2);

      // eldercare's own events now carry k2; a case approval under k1 still finds the elder (alias)
      await call('PUT', `/elders/${people[0].elderId}`, clerk, { livingSituation: ['alone'] });
      await publishEvents(topics, CaseApprovedV1, {
        caseId: 'case-rk-1',
        householdId: 'hh-rk-1',
        personRef: people[1].k1,
        programme: 'dibao',
        town: '442000100',
        approvedOn: '2026-01-02',
        actor: { userId: 'sa-approver', duty: 'approver' },
        monthlyAmountFen: 115000,
        effectiveFrom: '2026-01-02',
      });
      await waitFor('the economic status from the k1 case approval', async () => {
        const e = (await call('GET', `/elders/${people[1].elderId}`, clerk)).body;
        return e.economicStatus === 'dibao' ? true : undefined;
      });
      await new Promise((r) => setTimeout(r, 1000)); // more traffic under both refs after the re-keying
    } finally {
      running = false;
      await traffic;
    }

    // a last fact under the OLD ref, after every merge: it must land on the new view
    for (const p of people) await certify(p.k1, p.idNumber, 1);
    await waitFor(
      'the last k1 facts on the k2 views',
      async () => {
        const rows = await engineRows<{ level: number }>(
          `SELECT (attrs->>'disabilityLevel')::int AS level FROM pe_person WHERE person_ref = ANY($1)`,
          [people.map((p) => p.k2)],
        );
        return rows.length === people.length && rows.every((r) => r.level === 1) ? true : undefined;
      },
      120_000,
      250,
    );

    const views = await engineRows<{ person_ref: string }>(
      `SELECT person_ref FROM pe_person WHERE person_ref = ANY($1) ORDER BY person_ref`,
      [people.flatMap((p) => [p.k1, p.k2])],
    );
    expect(views.map((v) => v.person_ref)).toEqual(people.map((p) => p.k2).sort());
    const [left] = await engineRows<{ n: number }>(
      `SELECT (SELECT count(*) FROM pe_person WHERE person_ref LIKE 'k1:%')
            + (SELECT count(*) FROM pe_programme WHERE person_ref LIKE 'k1:%')
            + (SELECT count(*) FROM pe_alert WHERE person_ref LIKE 'k1:%')
            + (SELECT count(*) FROM pe_rule_state WHERE person_ref LIKE 'k1:%') AS n`,
    );
    expect(Number(left.n)).toBe(0);
    // eldercare's registration (k1) and situation change (k2), and social assistance's case approval
    // (k1, after the merge) are all on the one view
    const [first] = await engineRows<{ attrs: Record<string, unknown> }>(
      `SELECT attrs FROM pe_person WHERE person_ref = $1`,
      [people[0].k2],
    );
    expect(first.attrs).toMatchObject({ birthDate: expect.any(String), livingSituation: ['alone'] });
    const programmes = await engineRows<{ person_ref: string }>(
      `SELECT person_ref FROM pe_programme WHERE programme = 'dibao'`,
    );
    expect(programmes).toEqual([{ person_ref: people[1].k2 }]);
    const aliases = await engineRows<{ old_ref: string; new_ref: string }>(
      `SELECT old_ref, new_ref FROM pe_person_alias ORDER BY new_ref`,
    );
    expect(aliases).toEqual(
      people.map((p) => ({ old_ref: p.k1, new_ref: p.k2 })).sort((a, b) => (a.new_ref < b.new_ref ? -1 : 1)),
    );
    const published = await withClient(
      schema.url,
      async (c) =>
        (
          await c.query(`SELECT count(*)::int AS n FROM outbox_message WHERE event_type = $1`, [
            EldercarePersonRefRekeyedV1.type,
          ])
        ).rows[0].n,
    );
    expect(published).toBe(people.length);

    // no k1 ref left in eldercare: k1 leaves the ring, and the elders are still found by number
    await eldercare!.stop();
    eldercare = await startEldercare({ current: 'k2', keys: { k2 } });
    const status = await call('GET', '/person-refs/key-status', admin);
    expect(status.body.remaining).toEqual({ 'elder.person_ref': 0, 'work_item.person_ref': 0 });
    const again = await call('POST', '/elders', clerk, {
      idNumber: people[2].idNumber,
      town: '442000100',
      village: '442000100001',
      livingSituation: ['with-family'],
    });
    expect(again.status).toBe(409);
    expect(again.body.elderId).toBe(people[2].elderId);
  });
});

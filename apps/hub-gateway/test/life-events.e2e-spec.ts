import { generateKeyPairSync } from 'node:crypto';
import { Topics } from '@civic/contracts';
import { collectEvents, waitFor, withClient } from '@civic/testing';
import { HubTestKit, residentId, startHubGateway, TestSender } from './hub-test-kit';

const bill = (recordId: string, idNumber: string, data: Record<string, unknown> = {}) => ({
  recordId,
  recordType: 'hospital-bill',
  idNumber,
  data: {
    billDate: '2024-05-15',
    totalFen: 12800000,
    insurancePaidFen: 8300000,
    selfPaidFen: 4500000,
    inpatient: true,
    ...data,
  },
});

const death = (reference_id: string, idNumber: string, reg: Record<string, unknown>) => ({
  reference_id,
  timestamp: new Date().toISOString(),
  data: {
    version: '1.0.0',
    reg_type: 'ns:org:RegistryType:Civil',
    reg_event_type: 'spdci-common:RegistryEventType:Death',
    reg_record_type: 'CRVSPerson',
    reg_records: {
      identifier: [{ identifier_type: 'RESIDENT_ID', identifier_value: idNumber }],
      deathDate: '2024-06-28',
      ...reg,
    },
  },
});

describe('hub gateway: life events in', () => {
  let kit: HubTestKit;
  let hub: TestSender;
  let crvs: TestSender;
  const count = (sql: string, params: unknown[] = []) =>
    withClient(kit.schemaUrl, async (c) => Number((await c.query(sql, params)).rows[0].n));

  beforeAll(async () => {
    kit = await startHubGateway('hubin', { HTTP_BODY_LIMIT_BYTES: '65536' });
    hub = await kit.sender('zs-data-hub', { maxBatchRecords: 50 });
    crvs = await kit.sender('zs-crvs');
  });
  afterAll(() => kit?.close());

  it('accepts the good records of a signed batch, rejects the bad ones with field and rule, and publishes masked events', async () => {
    const good = residentId(101);
    const records = [
      bill('bill-good-1', good),
      bill('bill-bad-date', residentId(102), { billDate: '2024-02-30' }),
      {
        recordId: 'bill-bad-id',
        recordType: 'hospital-bill',
        idNumber: good.slice(0, 17) + (good[17] === '0' ? '1' : '0'),
        data: bill('x', good).data,
      },
      {
        recordId: 'dis-1',
        recordType: 'disability-certification',
        idNumber: residentId(103),
        data: { level: 2, category: 'physical', certifiedOn: '2024-04-10' },
      },
      { recordId: 'unknown-type', recordType: 'lottery-win', idNumber: residentId(104), data: {} },
    ];
    const res = await hub.post('/life-events', hub.envelope('life-events', { transaction_id: 'tx-1', records }));
    expect(res.status).toBe(200);
    expect(res.body.message).toMatchObject({
      ack_status: 'ACK',
      accepted_count: 2,
      rejected_count: 3,
      duplicate_count: 0,
    });
    const byId = Object.fromEntries(res.body.message.results.map((r: any) => [r.record_id, r]));
    expect(byId['bill-good-1']).toMatchObject({ status: 'accepted', event_type: 'hub.person.hospital-bill-settled' });
    expect(byId['dis-1'].status).toBe('accepted');
    expect(byId['bill-bad-date']).toMatchObject({
      status: 'rejected',
      errors: [expect.objectContaining({ field: 'data.billDate', rule: 'isCalendarDate' })],
    });
    expect(byId['bill-bad-id'].errors[0]).toMatchObject({ field: 'idNumber', rule: 'resident-id.checksum' });
    expect(byId['unknown-type'].errors[0]).toMatchObject({ field: 'recordType', rule: 'isIn' });
    expect(JSON.stringify(res.body)).not.toContain(good);

    const events = await collectEvents(kit.topics.topic(Topics.HubLifeEvent), 2);
    const billEvent = events.map((e) => JSON.parse(e.value as string)).find((e) => e.data.recordId === 'bill-good-1');
    expect(billEvent).toMatchObject({
      type: 'hub.person.hospital-bill-settled',
      source: '/civic/hub-gateway',
      data: { selfPaidFen: 4500000, maskedId: `${good.slice(0, 6)}********${good.slice(14)}` },
    });
    expect(billEvent.subject).toBe(billEvent.data.personRef);
    expect(events.map((e) => e.value).join()).not.toContain(good);
    // rejected records leave nothing behind
    expect(await count(`SELECT count(*) AS n FROM hub_record`)).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM person_identity`)).toBe(2);
    const stored = await withClient(kit.schemaUrl, async (c) =>
      (await c.query(`SELECT encrypted_id FROM person_identity`)).rows.map((r) => r.encrypted_id).join(),
    );
    expect(stored).not.toContain(good);
  });

  it('records an absence for each reason (prison, compulsory rehabilitation, missing, deportation) and its end', async () => {
    const reasons = ['imprisonment', 'compulsory-rehabilitation', 'missing', 'deportation'];
    const records = [
      ...reasons.map((reason, i) => ({
        recordId: `absence-${reason}`,
        recordType: 'absence',
        idNumber: residentId(161 + i),
        data: { reason, fromDate: '2024-04-15' },
      })),
      {
        recordId: 'absence-end-missing',
        recordType: 'absence-end',
        idNumber: residentId(163),
        data: { reason: 'missing', endedOn: '2025-01-10' },
      },
      {
        recordId: 'absence-bad',
        recordType: 'absence',
        idNumber: residentId(165),
        data: { reason: 'holiday', fromDate: '2024-04-15' },
      },
    ];
    const res = await hub.post('/life-events', hub.envelope('life-events', { transaction_id: 'tx-absence', records }));
    expect(res.status).toBe(200);
    expect(res.body.message).toMatchObject({ accepted_count: 5, rejected_count: 1 });
    const byId = Object.fromEntries(res.body.message.results.map((r: { record_id: string }) => [r.record_id, r]));
    for (const reason of reasons)
      expect(byId[`absence-${reason}`]).toMatchObject({
        status: 'accepted',
        event_type: 'hub.person.absence-recorded',
      });
    expect(byId['absence-end-missing']).toMatchObject({ status: 'accepted', event_type: 'hub.person.absence-ended' });
    expect(byId['absence-bad']).toMatchObject({
      status: 'rejected',
      errors: [expect.objectContaining({ field: 'data.reason', rule: 'isIn' })],
    });
    await waitFor(
      'absence events published',
      async () =>
        (await count(
          `SELECT count(*) AS n FROM outbox_message WHERE id NOT IN (SELECT id FROM outbox_pending) AND event_type LIKE 'hub.person.absence-%'`,
        )) === 5
          ? true
          : undefined,
      60_000,
    );
    const absences = (await readAll()).filter((e) => e.type === 'hub.person.absence-recorded');
    expect(absences.map((e) => e.data.reason).sort()).toEqual([...reasons].sort());
  });

  it('a resend of the same records in a new message creates no second event', async () => {
    const id = residentId(111);
    const first = await hub.post(
      '/life-events',
      hub.envelope('life-events', { transaction_id: 'tx-2', records: [bill('bill-resend', id)] }),
    );
    expect(first.body.message.results[0].status).toBe('accepted');
    const outboxBefore = await count(`SELECT count(*) AS n FROM outbox_message`);
    const again = await hub.post(
      '/life-events',
      hub.envelope('life-events', {
        transaction_id: 'tx-2-retry',
        records: [bill('bill-resend', id), bill('bill-new', id)],
      }),
    );
    expect(again.status).toBe(200);
    expect(again.body.message.results.map((r: any) => r.status)).toEqual(['duplicate', 'accepted']);
    expect(again.body.message.results[0].event_id).toBe(first.body.message.results[0].event_id);
    expect(await count(`SELECT count(*) AS n FROM outbox_message`)).toBe(outboxBefore + 1);
    expect(await count(`SELECT count(*) AS n FROM hub_record WHERE record_id = 'bill-resend'`)).toBe(1);
  });

  it('refuses a replayed message id with the first acknowledgement and no effect', async () => {
    const envelope = hub.envelope('life-events', {
      transaction_id: 'tx-3',
      records: [bill('bill-replay', residentId(121))],
    });
    const first = await hub.post('/life-events', envelope);
    expect(first.status).toBe(200);
    const outboxBefore = await count(`SELECT count(*) AS n FROM outbox_message`);
    const replay = await hub.post('/life-events', envelope);
    expect(replay.status).toBe(409);
    expect(replay.body).toMatchObject({
      code: 'rjct.message_id.duplicate',
      sameContent: true,
      firstAcknowledgement: { message: { accepted_count: 1 } },
    });
    // the same message id with other content is refused too
    const forged = hub.envelope(
      'life-events',
      { transaction_id: 'tx-3b', records: [bill('bill-replay-2', residentId(122))] },
      { messageId: (envelope.header as any).message_id },
    );
    const forgedRes = await hub.post('/life-events', forged);
    expect(forgedRes.status).toBe(409);
    expect(forgedRes.body.sameContent).toBe(false);
    expect(await count(`SELECT count(*) AS n FROM outbox_message`)).toBe(outboxBefore);
  });

  it('refuses unsigned, wrongly signed, expired and future-dated messages, storing nothing', async () => {
    const before = await count(`SELECT count(*) AS n FROM hub_record`);
    const message = () => ({
      transaction_id: 'tx-4',
      records: [bill(`bill-sec-${Math.random().toString(36).slice(2, 8)}`, residentId(131))],
    });
    const unsigned = await hub.post('/life-events', hub.envelope('life-events', message(), { signed: false }));
    expect(unsigned).toMatchObject({ status: 401, body: { code: 'err.signature.missing' } });
    const { privateKey: stranger } = generateKeyPairSync('ed25519');
    const wrongKey = await hub.post('/life-events', hub.envelope('life-events', message(), { key: stranger }));
    expect(wrongKey).toMatchObject({ status: 401, body: { code: 'err.signature.invalid' } });
    const tampered = hub.envelope('life-events', message());
    (tampered.message as any).records[0].data.selfPaidFen = 1;
    expect((await hub.post('/life-events', tampered)).status).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 3600;
    const expired = await hub.post(
      '/life-events',
      hub.envelope('life-events', message(), {
        created: old,
        ttlSeconds: 300,
        messageTs: new Date(old * 1000).toISOString(),
      }),
    );
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toContain('expired');
    const staleTs = await hub.post(
      '/life-events',
      hub.envelope('life-events', message(), { messageTs: new Date(Date.now() - 3600_000).toISOString() }),
    );
    expect(staleTs).toMatchObject({ status: 401, body: { code: 'rjct.message_ts.invalid' } });
    const future = await hub.post(
      '/life-events',
      hub.envelope('life-events', message(), { created: Math.floor(Date.now() / 1000) + 600 }),
    );
    expect(future.status).toBe(401);
    expect(await count(`SELECT count(*) AS n FROM hub_record`)).toBe(before);
  });

  it('authenticates per sender: the bearer subject must be the signing sender', async () => {
    const asCrvs = hub.envelope(
      'life-events',
      { transaction_id: 'tx-5', records: [bill('bill-imp', residentId(141))] },
      { header: { sender_id: 'zs-crvs' } },
    );
    const res = await hub.post('/life-events', asCrvs);
    expect(res.status).toBe(403);
    const noToken = await fetch(`${kit.url}/api/v1/life-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(asCrvs),
    });
    expect(noToken.status).toBe(401);
  });

  it('answers 4xx problems for malformed bodies, oversize batches and oversize bodies', async () => {
    const malformed = await fetch(`${kit.url}/api/v1/life-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hub.bearer}` },
      body: '{"header": ',
    });
    expect(malformed.status).toBe(400);
    const noHeader = await hub.post('/life-events', { message: { transaction_id: 'x', records: [] } });
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.errors.map((e: any) => e.field)).toContain('header');
    const many = Array.from({ length: 51 }, (_, i) => bill(`bill-many-${i}`, residentId(200 + i)));
    const tooMany = await hub.post(
      '/life-events',
      hub.envelope('life-events', { transaction_id: 'tx-6', records: many }),
    );
    expect(tooMany).toMatchObject({ status: 413, body: { code: 'rjct.total_count.limit_exceeded' } });
    const big = await hub.post(
      '/life-events',
      hub.envelope('life-events', {
        transaction_id: 'tx-7',
        records: [bill('bill-big', residentId(150), { padding: 'x'.repeat(70_000) })],
      }),
    );
    expect(big.status).toBe(413);
    expect(big.headers['content-type']).toContain('application/problem+json');
  });

  it('limits the rate per sender with 429 and Retry-After', async () => {
    const slow = await kit.sender('zs-slow-agency', { ratePerMinute: 2 });
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 3; i++) {
      const r = await slow.post(
        '/life-events',
        slow.envelope('life-events', {
          transaction_id: `tx-rate-${i}`,
          records: [bill(`bill-rate-${i}`, residentId(160 + i))],
        }),
      );
      statuses.push(r.status);
      retryAfter ??= r.headers['retry-after'];
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // another sender is not affected
    expect(
      (
        await crvs.post(
          '/crvs/registry/notify',
          crvs.envelope('notify', {
            transaction_id: 'tx-other',
            notify_event: [death('crvs-other', residentId(170), {})],
          }),
        )
      ).status,
    ).toBe(200);
  });

  it('takes CRVS death notifications informal, formal and revoked, and publishes each with its status', async () => {
    const id = residentId(181, '19400101');
    const send = (events: unknown[], tx: string) =>
      crvs.post(
        '/crvs/registry/notify',
        crvs.envelope('notify', { transaction_id: tx, notify_event: events }, { header: { status: 'succ' } }),
      );
    const informal = await send([death('crvs-d-informal', id, { death_status: 'informal' })], 'tx-d1');
    expect(informal.status).toBe(200);
    expect(informal.body.message).toMatchObject({ ack_status: 'ACK', accepted_count: 1 });
    const formal = await send([death('crvs-d-formal', id, { death_status: 'formal' })], 'tx-d2');
    const revoked = await send(
      [
        death('crvs-d-revoked', id, { death_status: 'revoked', revokes_reference_id: 'crvs-d-formal' }),
        death('crvs-d-revoke-unknown', id, { death_status: 'revoked', revokes_reference_id: 'no-such-record' }),
        {
          reference_id: 'crvs-fetal',
          timestamp: new Date().toISOString(),
          data: { reg_event_type: 'event:fetal_death', reg_record_type: 'CRVSPerson', reg_records: {} },
        },
        {
          reference_id: 'crvs-marriage',
          timestamp: new Date().toISOString(),
          data: {
            reg_event_type: 'event:marriage',
            reg_record_type: 'CRVSPerson',
            reg_records: {
              identifier: [{ identifier_type: 'RESIDENT_ID', identifier_value: id }],
              marriageDate: 'not-a-date',
            },
          },
        },
      ],
      'tx-d3',
    );
    expect(formal.body.message.accepted_count).toBe(1);
    const r = revoked.body.message.results;
    expect(r[0]).toMatchObject({ status: 'accepted', event_type: 'hub.person.death-recorded' });
    expect(r[1]).toMatchObject({
      status: 'rejected',
      errors: [expect.objectContaining({ field: 'data.revokesRecordId', rule: 'revokesKnownDeath' })],
    });
    expect(r[2]).toMatchObject({
      status: 'rejected',
      errors: [expect.objectContaining({ rule: 'isSupportedVitalEvent' })],
    });
    expect(r[3]).toMatchObject({
      status: 'rejected',
      errors: expect.arrayContaining([
        expect.objectContaining({ field: 'data.reg_records.eventDate', rule: 'isCalendarDate' }),
      ]),
    });

    const deaths = await waitFor(
      'three death events',
      async () => {
        const all = (await collectEvents(kit.topics.topic(Topics.HubLifeEvent), 1)).length ? await readAll() : [];
        const mine = all.filter(
          (e) =>
            e.type === 'hub.person.death-recorded' &&
            ['crvs-d-informal', 'crvs-d-formal', 'crvs-d-revoked'].includes(e.data.recordId),
        );
        return mine.length === 3 ? mine : undefined;
      },
      60_000,
      500,
    );
    const byRecord = Object.fromEntries(deaths.map((e) => [e.data.recordId, e.data]));
    expect(byRecord['crvs-d-informal'].status).toBe('informal');
    expect(byRecord['crvs-d-formal'].status).toBe('formal');
    expect(byRecord['crvs-d-revoked']).toMatchObject({
      status: 'revoked',
      revokesRecordId: 'crvs-d-formal',
      deathDate: '2024-06-28',
    });
    // one person, one key: the revocation cannot overtake the death it revokes
    expect(new Set(deaths.map((e) => e.subject)).size).toBe(1);
  });

  it('looks a raw ID number up only for a supervisor, and audits every lookup', async () => {
    const id = residentId(191);
    const res = await hub.post(
      '/life-events',
      hub.envelope('life-events', { transaction_id: 'tx-lookup', records: [bill('bill-lookup', id)] }),
    );
    const [row] = await withClient(
      kit.schemaUrl,
      async (c) => (await c.query(`SELECT person_ref FROM hub_record WHERE record_id = 'bill-lookup'`)).rows,
    );
    expect(res.status).toBe(200);
    const get = async (roles: any[], purpose = 'death-record%20dispute%20case%2042') =>
      fetch(`${kit.url}/api/v1/persons/${encodeURIComponent(row.person_ref)}/identity?purpose=${purpose}`, {
        headers: { authorization: `Bearer ${await kit.token('sup-1', roles)}` },
      });
    expect((await get(['hub:viewer'])).status).toBe(403);
    expect((await get(['hub:supervisor'], '')).status).toBe(400);
    const ok = await get(['hub:supervisor']);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ idNumber: id, personRef: row.person_ref });
    const audit = await withClient(
      kit.schemaUrl,
      async (c) =>
        (
          await c.query(
            `SELECT actor, action, object_id, detail FROM audit_log WHERE action = 'identity.reverse-lookup'`,
          )
        ).rows,
    );
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'sup-1',
        object_id: row.person_ref,
        detail: expect.objectContaining({ purpose: 'death-record dispute case 42' }),
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain(id);
  });

  async function readAll() {
    const n = await count(
      `SELECT count(*) AS n FROM outbox_message WHERE id NOT IN (SELECT id FROM outbox_pending) AND topic = 'hub.life-event'`,
    );
    return (await collectEvents(kit.topics.topic(Topics.HubLifeEvent), n)).map((e) => JSON.parse(e.value as string));
  }
});

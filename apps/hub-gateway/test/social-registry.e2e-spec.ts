import { generateKeyPairSync } from 'node:crypto';
import {
  CaseApprovedV1,
  CaseSuspendedV1,
  ElderAllowanceGrantedV1,
  HouseholdMember,
  HouseholdRegisteredV1,
} from '@civic/contracts';
import { createPersonRefs, mask } from '@civic/identity';
import { waitFor, waitForRows, withClient } from '@civic/testing';
import { Jwks, parseSignature, verifySignature } from '../src/dci/signing/dci-signature';
import { loadDciOpenApi } from '../src/dci/spec/dci-openapi';
import { dciConformance } from './dci-conformance';
import { HubTestKit, residentId, startHubGateway, startReceiver, TestSender } from './hub-test-kit';
import { publishEvent } from './publish-event';

const spec = loadDciOpenApi();
const TOWN = '442000100';

describe('hub gateway: DCI social registry over the read model', () => {
  let kit: HubTestKit;
  let hub: TestSender;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let ref: (id: string) => string;
  const headId = residentId(301, '19680412');
  const childId = residentId(302, '20100901');
  const grandmaId = residentId(303, '19410220');
  const actor = { userId: 'u-city-0031', duty: 'approver' as const };

  const member = (
    id: string,
    relation: HouseholdMember['relation'],
    birthDate: string,
    extra: Partial<HouseholdMember> = {},
  ): HouseholdMember => ({
    personRef: ref(id),
    maskedId: mask(id),
    birthDate,
    sex: 'female',
    relation,
    labourCapacity: 'partial',
    seriousIllness: false,
    monthlyIncomeFen: 0,
    ...extra,
  });
  const caseFacts = (caseId: string, id: string, programme: 'dibao' | 'low-income' = 'dibao') => ({
    caseId,
    householdId: 'hh-301',
    personRef: ref(id),
    programme,
    town: TOWN,
  });

  /** Posts a signed request after checking it against the standard, returns the body. */
  const dci = async (path: string, action: string, message: Record<string, unknown>) => {
    const envelope = hub.envelope(action, message);
    expect(spec.request(path, envelope)).toEqual([]);
    return hub.post(`${path}`, envelope);
  };
  const jwks = async (): Promise<Jwks> =>
    (await fetch(`${kit.url}/api/v1/.well-known/jwks.json`)).json() as Promise<Jwks>;
  const callbacks = (path: string) =>
    receiver.received.filter((r) => r.path === `/dci${path}`).map((r) => JSON.parse(r.body));

  beforeAll(async () => {
    receiver = await startReceiver();
    kit = await startHubGateway('hubsr');
    ref = (id) => createPersonRefs(JSON.parse(kit.env.PERSON_REF_KEYS)).ref(id);
    hub = await kit.sender('zs-data-hub', { callbackBaseUrl: `${receiver.url}/dci` });
    await publishEvent(kit, HouseholdRegisteredV1, {
      householdId: 'hh-301',
      town: TOWN,
      village: '442000100001',
      hukouType: 'local',
      members: [
        member(headId, 'head', '1968-04-12', { disabilityLevel: 2, sex: 'male' }),
        member(childId, 'child', '2010-09-01', { labourCapacity: 'none', schooling: 'middle' }),
      ],
      assets: { financialAssetsFen: 1200000, vehicleCount: 0, housingUnits: 1 },
      totalMonthlyIncomeFen: 60000,
      perCapitaMonthlyIncomeFen: 30000,
    });
    await publishEvent(kit, CaseApprovedV1, {
      ...caseFacts('case-301', headId),
      approvedOn: '2024-06-21',
      actor,
      monthlyAmountFen: 190000,
      effectiveFrom: '2024-07-01',
    });
    await publishEvent(kit, ElderAllowanceGrantedV1, {
      elderId: 'elder-303',
      personRef: ref(headId),
      town: TOWN,
      grantId: 'eg-303',
      allowance: 'care-subsidy',
      monthlyAmountFen: 200000,
      effectiveFrom: '2024-07-01',
      basis: 'Severe ability loss in a dibao household.',
    });
    await waitForRows(kit.schemaUrl, `SELECT 1 FROM rm_enrolment`, [], 2, 90_000);
    await waitForRows(kit.schemaUrl, `SELECT 1 FROM rm_member`, [], 2, 30_000);
  });
  afterAll(async () => {
    await kit?.close();
    await receiver?.close();
  });

  it('answers a sync search by household with signed, masked Person records valid against the OpenAPI document', async () => {
    const message = {
      transaction_id: 'tx-s1',
      search_request: [
        {
          reference_id: 'r1',
          timestamp: new Date().toISOString(),
          search_criteria: {
            version: '1.0.0',
            query_type: 'idtype-value',
            query: { type: 'HOUSEHOLD_ID', value: 'hh-301' },
            pagination: { page_size: 10, page_number: 1 },
          },
        },
      ],
    };
    const res = await dci('/registry/sync/search', 'search', message);
    expect(res.status).toBe(200);
    expect(spec.response('/registry/sync/search', res.body)).toEqual([]);
    const { publicKey: other } = generateKeyPairSync('ed25519');
    const kid = parseSignature(res.body.signature).keyId;
    expect(() =>
      verifySignature(res.body.signature, res.body.header, res.body.message, 'civic-hub-gateway', {
        keys: [{ ...other.export({ format: 'jwk' }), kid }],
      }),
    ).toThrow('does not match');
    expect(
      verifySignature(res.body.signature, res.body.header, res.body.message, 'civic-hub-gateway', await jwks())
        .algorithm,
    ).toBe('ed25519');
    const [item] = res.body.message.search_response;
    expect(item).toMatchObject({ reference_id: 'r1', status: 'succ', pagination: { total_count: 2 } });
    const head = item.data.reg_records.find((p: any) => p.identifier[0].identifier_value === ref(headId));
    expect(head).toMatchObject({
      household_identifier: 'hh-301',
      household_role: 'head',
      is_disabled: true,
      region_code: TOWN,
    });
    expect(head.identifier[1]).toEqual({
      '@type': 'Identifier',
      identifier_type: 'MASKED_RESIDENT_ID',
      identifier_value: mask(headId),
    });
    expect(head.enrolments.map((e: any) => `${e.department}/${e.programme_identifier}`).sort()).toEqual([
      'assistance/dibao',
      'eldercare/care-subsidy',
    ]);
    expect(JSON.stringify(res.body)).not.toContain(headId);
  });

  it('finds a person by resident ID number and by town+programme expression, and rejects criteria it cannot answer per item', async () => {
    const now = new Date().toISOString();
    const res = await dci('/registry/sync/search', 'search', {
      transaction_id: 'tx-s2',
      search_request: [
        {
          reference_id: 'by-id',
          timestamp: now,
          search_criteria: { query_type: 'idtype-value', query: { type: 'RESIDENT_ID', value: childId } },
        },
        {
          reference_id: 'by-expr',
          timestamp: now,
          search_criteria: {
            query_type: 'expression',
            query: [
              {
                seq_num: 1,
                expression1: { attribute_name: 'region_code', operator: 'eq', attribute_value: TOWN },
                condition: 'and',
                expression2: { attribute_name: 'programme', operator: 'in', attribute_value: 'dibao,low-income' },
              },
            ],
            pagination: { page_size: 1, page_number: 1 },
          },
        },
        {
          reference_id: 'bad',
          timestamp: now,
          search_criteria: {
            query_type: 'expression',
            query: [{ expression1: { attribute_name: 'income', operator: 'lt', attribute_value: '100' } }],
          },
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(spec.response('/registry/sync/search', res.body)).toEqual([]);
    const [byId, byExpr, bad] = res.body.message.search_response;
    expect(byId.data.reg_records.map((p: any) => p.identifier[0].identifier_value)).toEqual([ref(childId)]);
    expect(byExpr).toMatchObject({ status: 'succ', pagination: { page_size: 1, total_count: 1 } });
    expect(byExpr.data.reg_records[0].identifier[0].identifier_value).toBe(ref(headId));
    expect(bad).toMatchObject({ status: 'rjct', status_reason_code: 'rjct.search_criteria.invalid' });
  });

  it('answers an async search with an ACK, then a signed on-search callback (retried after a failure), and reports its status', async () => {
    receiver.fail(1);
    const res = await dci('/registry/search', 'search', {
      transaction_id: 'tx-async-1',
      search_request: [
        {
          reference_id: 'a1',
          timestamp: new Date().toISOString(),
          search_criteria: { query_type: 'idtype-value', query: { type: 'PERSON_REF', value: ref(headId) } },
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(spec.response('/registry/search', res.body)).toEqual([]);
    expect(res.body.message.ack_status).toBe('ACK');
    const [cb] = await waitFor(
      'on-search callback',
      async () => (callbacks('/registry/on-search').length ? callbacks('/registry/on-search') : undefined),
      30_000,
    );
    expect(spec.request('/registry/on-search', cb)).toEqual([]);
    expect(() => verifySignature(cb.signature, cb.header, cb.message, 'civic-hub-gateway', { keys: [] })).toThrow();
    verifySignature(cb.signature, cb.header, cb.message, 'civic-hub-gateway', await jwks());
    expect(cb.message.correlation_id).toBe(res.body.message.correlation_id);
    expect(cb.message.search_response[0].data.reg_records).toHaveLength(1);
    const [delivery] = await withClient(
      kit.schemaUrl,
      async (c) =>
        (await c.query(`SELECT status, attempts FROM webhook_delivery WHERE dedupe_key LIKE 'on-search:%'`)).rows,
    );
    expect(delivery).toEqual({ status: 'delivered', attempts: 2 });

    const status = await dci('/registry/sync/txn/status', 'txn-status', {
      transaction_id: 'tx-st-1',
      txnstatus_request: {
        reference_id: 'st1',
        txn_type: 'search',
        attribute_type: 'transaction_id',
        attribute_value: 'tx-async-1',
      },
    });
    expect(status.status).toBe(200);
    expect(spec.response('/registry/sync/txn/status', status.body)).toEqual([]);
    expect(status.body.message.txnstatus_response.txn_status.correlation_id).toBe(res.body.message.correlation_id);
    const missing = await dci('/registry/sync/txn/status', 'txn-status', {
      transaction_id: 'tx-st-2',
      txnstatus_request: {
        reference_id: 'st2',
        txn_type: 'search',
        attribute_type: 'transaction_id',
        attribute_value: 'no-such',
      },
    });
    // an unknown transaction is answered inside the signed envelope, not as HTTP 404
    expect(missing.status).toBe(200);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    expect(spec.response('/registry/sync/txn/status', missing.body)).toEqual([]);
    verifySignature(
      missing.body.signature,
      missing.body.header,
      missing.body.message,
      'civic-hub-gateway',
      await jwks(),
    );
    expect(missing.body.header).toMatchObject({
      action: 'txn-on-status',
      status: 'rjct',
      meta: { error: { code: 'err.request.not_found' } },
    });
    expect(JSON.stringify(missing.body)).not.toContain('no-such');
    const missingAsync = await dci('/registry/txn/status', 'txn-status', {
      transaction_id: 'tx-st-3',
      txnstatus_request: {
        reference_id: 'st3',
        txn_type: 'search',
        attribute_type: 'correlation_id',
        attribute_value: 'no-such',
      },
    });
    expect(missingAsync.status).toBe(200);
    expect(spec.response('/registry/txn/status', missingAsync.body)).toEqual([]);
    expect(missingAsync.body.message).toMatchObject({ ack_status: 'ERR', error: { code: 'err.request.not_found' } });
  });

  it('notifies a subscriber of the enrolments its filter selects, until it unsubscribes', async () => {
    const sub = await dci('/registry/subscribe', 'subscribe', {
      transaction_id: 'tx-sub-1',
      subscribe_request: [
        {
          reference_id: 's1',
          timestamp: new Date().toISOString(),
          subscribe_criteria: {
            reg_event_type: 'REGISTER',
            filter_type: 'expression',
            filter: [{ expression1: { attribute_name: 'programme', operator: 'eq', attribute_value: 'dibao' } }],
            notify_record_type: 'Person',
          },
        },
        {
          reference_id: 's2',
          timestamp: new Date().toISOString(),
          subscribe_criteria: {
            reg_event_type: 'PAYMENT',
            filter: { type: 'TOWN', value: TOWN },
            notify_record_type: 'Person',
          },
        },
      ],
    });
    expect(sub.status).toBe(200);
    expect(spec.response('/registry/subscribe', sub.body)).toEqual([]);
    const [onSub] = await waitFor(
      'on-subscribe',
      async () => (callbacks('/registry/on-subscribe').length ? callbacks('/registry/on-subscribe') : undefined),
      30_000,
    );
    expect(spec.request('/registry/on-subscribe', onSub)).toEqual([]);
    const [ok, payment] = onSub.message.subscribe_response;
    expect(payment).toMatchObject({ status: 'rjct', status_reason_code: 'rjct.notify_types.invalid' });
    const code = ok.subscriptions[0].code;

    const before = callbacks('/registry/notify').length;
    await publishEvent(kit, CaseApprovedV1, {
      ...caseFacts('case-302-low', childId, 'low-income'),
      approvedOn: '2024-07-02',
      actor,
      monthlyAmountFen: 50000,
      effectiveFrom: '2024-08-01',
    });
    await publishEvent(kit, CaseApprovedV1, {
      ...caseFacts('case-302', childId),
      approvedOn: '2024-07-02',
      actor,
      monthlyAmountFen: 100000,
      effectiveFrom: '2024-08-01',
    });
    const notes = await waitFor(
      'notify',
      async () => (callbacks('/registry/notify').length > before ? callbacks('/registry/notify') : undefined),
      60_000,
    );
    const note = notes[notes.length - 1];
    expect(spec.request('/registry/notify', note)).toEqual([]);
    verifySignature(note.signature, note.header, note.message, 'civic-hub-gateway', await jwks());
    expect(note.message.transaction_id).toBe(code);
    expect(note.message.notify_event[0].data).toMatchObject({ reg_event_type: 'REGISTER', reg_record_type: 'Person' });
    expect(note.message.notify_event[0].data.reg_records.identifier[0].identifier_value).toBe(ref(childId));
    // the low-income enrolment reached the read model but did not match the filter
    await waitForRows(kit.schemaUrl, `SELECT 1 FROM rm_enrolment WHERE enrolment_id = 'case-302-low'`);
    expect(await notifyRows()).toBe(1);

    const unsub = await dci('/registry/unsubscribe', 'unsubscribe', {
      transaction_id: 'tx-unsub-1',
      timestamp: new Date().toISOString(),
      subscription_codes: [code, 'not-a-code'],
    });
    expect(spec.response('/registry/unsubscribe', unsub.body)).toEqual([]);
    const [onUnsub] = await waitFor(
      'on-unsubscribe',
      async () => (callbacks('/registry/on-unsubscribe').length ? callbacks('/registry/on-unsubscribe') : undefined),
      30_000,
    );
    expect(spec.request('/registry/on-unsubscribe', onUnsub)).toEqual([]);
    expect(onUnsub.message).toMatchObject({
      status: 'rjct',
      status_reason_code: 'rjct.subscription_code.invalid',
      subscription_status: [{ code, status: 'unsubscribe' }],
    });
    await publishEvent(kit, CaseApprovedV1, {
      ...caseFacts('case-303', grandmaId),
      approvedOn: '2024-07-03',
      actor,
      monthlyAmountFen: 100000,
      effectiveFrom: '2024-08-01',
    });
    await waitForRows(kit.schemaUrl, `SELECT 1 FROM rm_enrolment WHERE enrolment_id = 'case-303'`);
    expect(await notifyRows()).toBe(1);
  });

  it("lists a person's current enrolments across departments (duplicate check)", async () => {
    await publishEvent(kit, CaseSuspendedV1, {
      ...caseFacts('case-302-low', childId, 'low-income'),
      effectiveFrom: '2024-09-01',
      reasonCode: 'income-change',
      reason: 'Income rose.',
    });
    await waitForRows(
      kit.schemaUrl,
      `SELECT 1 FROM rm_enrolment WHERE enrolment_id = 'case-302-low' AND status = 'suspended'`,
    );
    const viewer = await kit.token('clerk-1', ['eldercare:viewer']);
    const get = (path: string) =>
      fetch(`${kit.url}/api/v1${path}`, { headers: { authorization: `Bearer ${viewer}` } }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as any,
      }));
    const head = await get(`/persons/${encodeURIComponent(ref(headId))}/enrolments`);
    expect(head.status).toBe(200);
    expect(head.body.items.map((e: any) => `${e.department}/${e.programme}`)).toEqual([
      'assistance/dibao',
      'eldercare/care-subsidy',
    ]);
    const child = await get(`/persons/${encodeURIComponent(ref(childId))}/enrolments?status=active,suspended`);
    expect(child.body.items.map((e: any) => `${e.programme}:${e.status}`).sort()).toEqual([
      'dibao:active',
      'low-income:suspended',
    ]);
    expect((await get(`/persons/${encodeURIComponent(ref(childId))}/enrolments?status=closed`)).status).toBe(400);
    const byId = await fetch(`${kit.url}/api/v1/duplicate-check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hub.bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ idNumber: childId }),
    });
    const body = await byId.json();
    expect(body).toMatchObject({
      personRef: ref(childId),
      maskedId: mask(childId),
      total: 1,
      items: [expect.objectContaining({ programme: 'dibao', status: 'active' })],
    });
    const noRole = await fetch(`${kit.url}/api/v1/persons/${encodeURIComponent(ref(childId))}/enrolments`, {
      headers: { authorization: `Bearer ${await kit.token('x', ['charity:viewer'])}` },
    });
    expect(noRole.status).toBe(403);
  });

  it('refuses unsigned registry requests and callbacks outside the registered base', async () => {
    const unsigned = hub.envelope('search', { transaction_id: 'tx-u', search_request: [] }, { signed: false });
    expect((await hub.post('/registry/sync/search', unsigned)).status).toBe(401);
    const elsewhere = hub.envelope(
      'search',
      {
        transaction_id: 'tx-e',
        search_request: [
          {
            reference_id: 'e',
            timestamp: new Date().toISOString(),
            search_criteria: { query_type: 'idtype-value', query: { type: 'TOWN', value: TOWN } },
          },
        ],
      },
      { header: { sender_uri: 'http://169.254.169.254/latest' } },
    );
    const res = await hub.post('/registry/search', elsewhere);
    expect(res).toMatchObject({
      status: 400,
      body: { message: { ack_status: 'ERR', error: { code: 'err.sender_uri.invalid' } } },
    });
    expect(spec.response('/registry/search', res.body)).toEqual([]);
  });

  it('answers message-level refusals on DCI routes as the standard defines them, as application/json', async () => {
    const search = (reference: string) => ({
      transaction_id: `tx-${reference}`,
      search_request: [
        {
          reference_id: reference,
          timestamp: new Date().toISOString(),
          search_criteria: { query_type: 'idtype-value', query: { type: 'TOWN', value: TOWN } },
        },
      ],
    });
    const { privateKey: stranger } = generateKeyPairSync('ed25519');
    const noAuth = await fetch(`${kit.url}/api/v1/registry/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(hub.envelope('search', search('na'))),
    });
    const cases = [
      [
        '/registry/search',
        { status: noAuth.status, headers: Object.fromEntries(noAuth.headers), body: await noAuth.json() },
        401,
        'err.request.unauthorized',
      ],
      [
        '/registry/search',
        await hub.post('/registry/search', hub.envelope('search', search('ns'), { signed: false })),
        401,
        'err.signature.missing',
      ],
      [
        '/registry/subscribe',
        await hub.post(
          '/registry/subscribe',
          hub.envelope('subscribe', { transaction_id: 'tx-bk' }, { key: stranger }),
        ),
        401,
        'err.signature.invalid',
      ],
      [
        '/registry/unsubscribe',
        await hub.post('/registry/unsubscribe', { header: { sender_id: hub.senderId } }),
        400,
        'err.request.bad',
      ],
      ['/registry/search', await hub.post('/registry/search', '{"header": {'), 400, 'err.request.bad'],
      [
        '/registry/search',
        await hub.post('/registry/search', hub.envelope('subscribe', search('wa'))),
        400,
        'err.request.bad',
      ],
    ] as const;
    for (const [path, res, status, code] of cases) {
      expect([path, code, res.status]).toEqual([path, code, status]);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body.message).toMatchObject({ ack_status: 'ERR', error: { code } });
      expect(spec.response(path, res.body)).toEqual([]);
      if (status === 401) expect(res.body.errors).toEqual([res.body.message.error]);
    }
    // a sync route's answer schema is the signed envelope: the refusal is its header, status rjct
    const stale = await hub.post(
      '/registry/sync/search',
      hub.envelope('search', search('st'), { messageTs: new Date(Date.now() - 3_600_000).toISOString() }),
    );
    expect(stale.status).toBe(401);
    expect(stale.headers['content-type']).toMatch(/^application\/json/);
    expect(spec.response('/registry/sync/search', stale.body)).toEqual([]);
    expect(stale.body.header).toMatchObject({
      status: 'rjct',
      status_reason_code: 'rjct.message_ts.invalid',
      receiver_id: hub.senderId,
      meta: { error: { code: 'err.request.unauthorized' } },
    });
    verifySignature(stale.body.signature, stale.body.header, undefined, 'civic-hub-gateway', await jwks());
  });

  it('reads the expression form as an object and validates content against the standard before acknowledging', async () => {
    const now = new Date().toISOString();
    const byExpr = await dci('/registry/sync/search', 'search', {
      transaction_id: 'tx-expr-obj',
      search_request: [
        {
          reference_id: 'obj',
          timestamp: now,
          locale: 'eng',
          search_criteria: {
            query_type: 'expression',
            query: {
              type: 'ns:org:QueryType:NoSql',
              value: {
                expression: {
                  collection: 'Person',
                  query: { $and: [{ region_code: { $eq: TOWN } }, { programme: { $in: ['dibao'] } }] },
                },
              },
            },
            pagination: { page_size: 5, page_number: 1 },
          },
        },
      ],
    });
    expect(byExpr.status).toBe(200);
    expect(spec.response('/registry/sync/search', byExpr.body)).toEqual([]);
    expect(byExpr.body.message.search_response[0]).toMatchObject({ status: 'succ', locale: 'eng' });
    expect(
      byExpr.body.message.search_response[0].data.reg_records.map(
        (p: { identifier: { identifier_value: string }[] }) => p.identifier[0].identifier_value,
      ),
    ).toContain(ref(headId));

    const invalid = {
      transaction_id: 'tx-invalid',
      search_request: [
        {
          reference_id: 'inv',
          timestamp: '2026-01-05T09:00:00',
          locale: 'English<script>',
          search_criteria: {
            query_type: 'sql',
            query: { type: 'TOWN', value: TOWN },
            pagination: { page_number: 1 },
          },
        },
      ],
    };
    const env = hub.envelope('search', invalid);
    expect(spec.request('/registry/search', env)).not.toEqual([]);
    const res = await hub.post('/registry/search', env);
    expect(res.status).toBe(400);
    expect(spec.response('/registry/search', res.body)).toEqual([]);
    expect(res.body.message).toMatchObject({ ack_status: 'ERR', error: { code: 'err.request.bad' } });
    const text: string = res.body.message.error.message;
    for (const field of [
      'message.search_request.0.timestamp (format)',
      'message.search_request.0.locale (pattern)',
      'message.search_request.0.search_criteria.query_type (enum)',
      'message.search_request.0.search_criteria.pagination.page_size (required)',
    ])
      expect(text).toContain(field);
    expect(text).not.toContain('English<script>');
    expect(text).not.toContain('2026-01-05T09:00:00');
    // nothing was acknowledged or stored: the same message id may be sent again once corrected
    const stored = await withClient(kit.schemaUrl, async (c) =>
      Number(
        (await c.query(`SELECT count(*) AS n FROM dci_transaction WHERE transaction_id = 'tx-invalid'`)).rows[0].n,
      ),
    );
    expect(stored).toBe(0);
    const noZone = await hub.post(
      '/registry/sync/search',
      hub.envelope('search', { ...invalid, search_request: [] }, { messageTs: new Date().toISOString().slice(0, 19) }),
    );
    expect(noZone.status).toBe(400);
    expect(spec.response('/registry/sync/search', noZone.body)).toEqual([]);
    expect(noZone.body.header.status_reason_message).toContain('header.message_ts (matches)');
  });

  it('marks the Person record deceased once a death is known, with or without an enrolment', async () => {
    const loneId = residentId(305, '19390303');
    const death = (reference: string, id: string, reg: Record<string, unknown>) => ({
      reference_id: reference,
      timestamp: new Date().toISOString(),
      data: {
        version: '1.0.0',
        reg_type: 'ns:org:RegistryType:Civil',
        reg_event_type: 'spdci-common:RegistryEventType:Death',
        reg_record_type: 'CRVSPerson',
        reg_records: {
          identifier: [{ identifier_type: 'RESIDENT_ID', identifier_value: id }],
          deathDate: '2024-10-02',
          ...reg,
        },
      },
    });
    // at the path the DCI civil-registry API names for notify
    const notify = await hub.post(
      '/registry/notify',
      hub.envelope(
        'notify',
        {
          transaction_id: 'tx-deaths',
          notify_event: [
            death('d-lone', loneId, { death_status: 'formal' }),
            death('d-child', childId, { death_status: 'informal' }),
            death('d-head', headId, { death_status: 'formal' }),
            death('d-head-rev', headId, { death_status: 'revoked', revokes_reference_id: 'd-head' }),
          ],
        },
        { header: { status: 'succ' } },
      ),
    );
    expect(notify.body.message).toMatchObject({ ack_status: 'ACK', accepted_count: 4 });
    const person = async (id: string) => {
      const res = await dci('/registry/sync/search', 'search', {
        transaction_id: `tx-death-${id.slice(-4)}`,
        search_request: [
          {
            reference_id: 'p',
            timestamp: new Date().toISOString(),
            search_criteria: { query_type: 'idtype-value', query: { type: 'RESIDENT_ID', value: id } },
          },
        ],
      });
      expect(spec.response('/registry/sync/search', res.body)).toEqual([]);
      return res.body.message.search_response[0].data.reg_records[0];
    };
    expect(await person(loneId)).toMatchObject({
      is_deceased: true,
      death_date: '2024-10-02',
      death_status: 'formal',
      enrolments: [],
    });
    expect(await person(childId)).toMatchObject({ is_deceased: true, death_status: 'informal' });
    expect(await person(headId)).toMatchObject({ is_deceased: false });
  });

  it('stores and echoes a subscription filter by resident ID as the personRef, never the number', async () => {
    const sub = await dci('/registry/subscribe', 'subscribe', {
      transaction_id: 'tx-sub-id',
      subscribe_request: [
        {
          reference_id: 'sid',
          timestamp: new Date().toISOString(),
          subscribe_criteria: {
            reg_event_type: 'DEREGISTER',
            filter_type: 'idtype-value',
            filter: { type: 'RESIDENT_ID', value: grandmaId },
            notify_record_type: 'Person',
          },
        },
      ],
    });
    expect(sub.status).toBe(200);
    const onSub = await waitFor(
      'on-subscribe by id',
      async () => callbacks('/registry/on-subscribe').find((c) => c.message.transaction_id === 'tx-sub-id'),
      30_000,
    );
    expect(onSub.message.subscribe_response[0].subscriptions[0].filter).toEqual({
      type: 'PERSON_REF',
      value: ref(grandmaId),
    });
    const digits = grandmaId.slice(0, 17);
    const stored = await withClient(kit.schemaUrl, async (c) =>
      (
        await c.query(
          `SELECT filter::text AS t FROM dci_subscription UNION ALL SELECT response::text FROM dci_transaction
           UNION ALL SELECT payload::text FROM webhook_delivery`,
        )
      ).rows.map((r) => r.t as string),
    );
    expect(stored.some((t) => t.includes(ref(grandmaId)))).toBe(true);
    expect(stored.filter((t) => t.includes(digits))).toEqual([]);
    expect(receiver.received.filter((r) => r.body.includes(digits))).toEqual([]);
  });

  it("answers enrolments and the duplicate check only in the caller's towns", async () => {
    const read = async (towns: string[]) => {
      const bearer = await kit.token('clerk-town', ['assistance:viewer'], towns);
      const byRef = await fetch(`${kit.url}/api/v1/persons/${encodeURIComponent(ref(headId))}/enrolments`, {
        headers: { authorization: `Bearer ${bearer}` },
      }).then((r) => r.json() as Promise<{ total: number; items: unknown[] }>);
      const byId = await fetch(`${kit.url}/api/v1/duplicate-check`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ idNumber: headId }),
      }).then((r) => r.json() as Promise<{ total: number; items: unknown[] }>);
      return { byRef, byId };
    };
    const mine = await read([TOWN]);
    expect(mine.byRef.total).toBe(2);
    expect(mine.byId.total).toBe(2);
    const other = await read(['442000999']);
    expect(other.byRef).toMatchObject({ total: 0, items: [] });
    expect(other.byId).toMatchObject({ total: 0, items: [] });
  });

  it('refuses callback URLs whose host is not on the owner’s allow-list', async () => {
    const admin = await kit.token('hub-admin', ['hub:admin']);
    const { publicKey } = generateKeyPairSync('ed25519');
    const res = await fetch(`${kit.url}/api/v1/senders`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        senderId: 'metadata-prober',
        jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k' }] },
        callbackBaseUrl: 'http://169.254.169.254/latest',
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ field: 'callbackBaseUrl', rule: 'isAllowedCallbackUrl' }] });
    const feed = await fetch(`${kit.url}/api/v1/feeds/subscriptions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await kit.token('elder-app', ['eldercare:viewer'])}`,
      },
      body: JSON.stringify({ callbackUrl: 'http://10.0.0.5/hook', eventTypes: ['eldercare.elder.allowance-granted'] }),
    });
    expect(feed.status).toBe(400);
    expect(await feed.json()).toMatchObject({ errors: [{ field: 'callbackUrl', rule: 'isAllowedCallbackUrl' }] });
  });

  // runs last: it reads everything the tests above exchanged
  it('exchanged only requests, answers and callbacks valid against the standard, for every operation', () => {
    const sent = receiver.received
      .filter((r) => r.path.startsWith('/dci/'))
      .map((r) => ({ path: r.path.slice('/dci'.length), body: JSON.parse(r.body) }));
    expect(dciConformance(kit.exchanges, sent)).toEqual([]);
  });

  async function notifyRows() {
    return withClient(kit.schemaUrl, async (c) =>
      Number((await c.query(`SELECT count(*) AS n FROM webhook_delivery WHERE dedupe_key LIKE 'notify:%'`)).rows[0].n),
    );
  }
});

import { CaseApprovedV1, ElderAllowanceGrantedV1 } from '@civic/contracts';
import { createPersonRefs, mask } from '@civic/identity';
import { Role } from '@civic/platform';
import { waitFor, withClient } from '@civic/testing';
import { verifyFeedSignature } from '../src/delivery/webhook-signature';
import { HubTestKit, residentId, startHubGateway, startReceiver } from './hub-test-kit';
import { publishEvent } from './publish-event';

const TOWN = '442000100';

describe('hub gateway: thin feeds out', () => {
  let kit: HubTestKit;
  let elderRx: Awaited<ReturnType<typeof startReceiver>>;
  let assistRx: Awaited<ReturnType<typeof startReceiver>>;
  let ref: (id: string) => string;

  const call = async (method: string, path: string, roles: Role[], body?: unknown, sub = 'agency-user') => {
    const res = await fetch(`${kit.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await kit.token(sub, roles)}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const thin = (rx: typeof elderRx) =>
    rx.received.map((r) => ({ ...JSON.parse(r.body), signature: r.headers['x-civic-signature'], raw: r.body }));

  beforeAll(async () => {
    elderRx = await startReceiver();
    assistRx = await startReceiver();
    kit = await startHubGateway('hubfeed');
    ref = (id) => createPersonRefs(JSON.parse(kit.env.PERSON_REF_KEYS)).ref(id);
  });
  afterAll(async () => {
    await kit?.close();
    await elderRx?.close();
    await assistRx?.close();
  });

  it('delivers to each subscription only the event types and departments its role allows, signed, thin and masked', async () => {
    const refused = await call('POST', '/feeds/subscriptions', ['eldercare:viewer'], {
      callbackUrl: `${elderRx.url}/hook`,
      eventTypes: ['eldercare.elder.allowance-granted', 'assistance.case.approved'],
    });
    expect(refused).toMatchObject({ status: 403, body: { refusedEventTypes: ['assistance.case.approved'] } });
    expect(
      (
        await call('POST', '/feeds/subscriptions', ['eldercare:viewer'], {
          callbackUrl: `${elderRx.url}/hook`,
          eventTypes: ['assistance.payment.issued'],
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('POST', '/feeds/subscriptions', ['charity:viewer'], {
          callbackUrl: `${elderRx.url}/hook`,
          eventTypes: ['hub.person.death-recorded'],
        })
      ).status,
    ).toBe(403);

    const elder = await call(
      'POST',
      '/feeds/subscriptions',
      ['eldercare:viewer'],
      {
        callbackUrl: `${elderRx.url}/hook`,
        eventTypes: ['eldercare.elder.allowance-granted', 'hub.person.death-recorded'],
      },
      'elder-agency',
    );
    const assist = await call(
      'POST',
      '/feeds/subscriptions',
      ['assistance:viewer'],
      { callbackUrl: `${assistRx.url}/hook`, eventTypes: ['assistance.case.approved', 'hub.person.death-recorded'] },
      'assist-agency',
    );
    expect(elder.status).toBe(201);
    expect(assist.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const id = residentId(401, '19400101');
    const approved = await publishEvent(kit, CaseApprovedV1, {
      caseId: 'case-401',
      householdId: 'hh-401',
      personRef: ref(id),
      programme: 'dibao',
      town: TOWN,
      approvedOn: '2024-06-21',
      actor: { userId: 'u-1', duty: 'approver' as const },
      monthlyAmountFen: 190000,
      effectiveFrom: '2024-07-01',
    });
    const granted = await publishEvent(kit, ElderAllowanceGrantedV1, {
      elderId: 'elder-401',
      personRef: ref(id),
      town: TOWN,
      grantId: 'eg-401',
      allowance: 'high-age',
      monthlyAmountFen: 20000,
      effectiveFrom: '2024-07-01',
      basis: 'Aged 80+.',
    });
    // a death recorded through the gateway itself: outbox → topic → feed
    const hub = await kit.sender('zs-data-hub');
    const death = await hub.post(
      '/life-events',
      hub.envelope('life-events', {
        transaction_id: 'tx-feed',
        records: [
          {
            recordId: 'death-401',
            recordType: 'death',
            idNumber: id,
            data: { deathDate: '2024-06-28', status: 'formal' },
          },
        ],
      }),
    );
    const deathEventId = death.body.message.results[0].event_id;

    const elderGot = await waitFor(
      'eldercare feed',
      async () => (thin(elderRx).length >= 2 ? thin(elderRx) : undefined),
      60_000,
    );
    const assistGot = await waitFor(
      'assistance feed',
      async () => (thin(assistRx).length >= 2 ? thin(assistRx) : undefined),
      60_000,
    );
    expect(elderGot.map((m) => m.id).sort()).toEqual([granted.id, deathEventId].sort());
    expect(assistGot.map((m) => m.id).sort()).toEqual([approved.id, deathEventId].sort());
    const elderDeath = elderGot.find((m) => m.id === deathEventId);
    expect(elderDeath).toMatchObject({
      type: 'hub.person.death-recorded',
      department: 'hub',
      personRef: ref(id),
      maskedId: mask(id),
      link: expect.stringMatching(new RegExp(`/api/v1/feeds/events/${deathEventId}$`)),
    });
    expect(Object.keys(elderDeath).sort()).toEqual([
      'dataversion',
      'department',
      'id',
      'link',
      'maskedId',
      'personRef',
      'raw',
      'signature',
      'time',
      'type',
    ]);
    for (const m of elderGot) expect(verifyFeedSignature(elder.body.secret, m.raw, m.signature)).toBe(true);
    expect(verifyFeedSignature(assist.body.secret, elderGot[0].raw, elderGot[0].signature)).toBe(false);
    expect(JSON.stringify([...elderGot, ...assistGot])).not.toContain(id);

    // details are behind the same authorisation
    const detail = await call('GET', `/feeds/events/${granted.id}`, ['eldercare:viewer']);
    expect(detail).toMatchObject({
      status: 200,
      body: { type: 'eldercare.elder.allowance-granted', data: { grantId: 'eg-401', monthlyAmountFen: 20000 } },
    });
    expect((await call('GET', `/feeds/events/${approved.id}`, ['eldercare:viewer'])).status).toBe(403);
    expect((await call('GET', `/feeds/events/00000000-0000-4000-8000-000000000000`, ['eldercare:viewer'])).status).toBe(
      404,
    );
  });

  it('retries a failing subscriber with backoff and stops sending after it unsubscribes', async () => {
    const rx = await startReceiver();
    rx.fail(2);
    const sub = await call(
      'POST',
      '/feeds/subscriptions',
      ['eldercare:viewer'],
      { callbackUrl: `${rx.url}/retry`, eventTypes: ['eldercare.elder.allowance-granted'] },
      'retry-agency',
    );
    const e = await publishEvent(kit, ElderAllowanceGrantedV1, {
      elderId: 'elder-402',
      personRef: ref(residentId(402, '19380101')),
      town: TOWN,
      grantId: 'eg-402',
      allowance: 'high-age',
      monthlyAmountFen: 30000,
      effectiveFrom: '2024-08-01',
      basis: 'Aged 85+.',
    });
    await waitFor(
      'delivery after retries',
      async () => (rx.received.some((r) => r.path === '/retry' && JSON.parse(r.body).id === e.id) ? true : undefined),
      60_000,
    );
    const [row] = await withClient(
      kit.schemaUrl,
      async (c) =>
        (
          await c.query(`SELECT status, attempts FROM webhook_delivery WHERE dedupe_key = $1`, [
            `feed:${sub.body.id}:${e.id}`,
          ])
        ).rows,
    );
    expect(row).toEqual({ status: 'delivered', attempts: 3 });

    expect(
      (await call('DELETE', `/feeds/subscriptions/${sub.body.id}`, ['eldercare:viewer'], undefined, 'someone-else'))
        .status,
    ).toBe(404);
    expect(
      (await call('DELETE', `/feeds/subscriptions/${sub.body.id}`, ['eldercare:viewer'], undefined, 'retry-agency'))
        .status,
    ).toBe(204);
    const later = await publishEvent(kit, ElderAllowanceGrantedV1, {
      elderId: 'elder-403',
      personRef: ref(residentId(403, '19380101')),
      town: TOWN,
      grantId: 'eg-403',
      allowance: 'high-age',
      monthlyAmountFen: 30000,
      effectiveFrom: '2024-08-01',
      basis: 'Aged 85+.',
    });
    await waitFor(
      'later event fanned out',
      async () => {
        const n = await withClient(
          kit.schemaUrl,
          async (c) => (await c.query(`SELECT 1 FROM feed_event WHERE event_id = $1`, [later.id])).rowCount,
        );
        return n ? true : undefined;
      },
      60_000,
    );
    const rows = await withClient(
      kit.schemaUrl,
      async (c) => (await c.query(`SELECT 1 FROM webhook_delivery WHERE subscription_id = $1`, [sub.body.id])).rowCount,
    );
    expect(rows).toBe(1);
    const list = await call('GET', '/feeds/subscriptions', ['eldercare:viewer'], undefined, 'retry-agency');
    expect(list.body).toMatchObject({ total: 1, items: [{ status: 'ended' }] });
    expect(JSON.stringify(list.body)).not.toContain(sub.body.secret);
    await rx.close();
  });

  it('serves the AsyncAPI document of the feed types for Kafka consumers', async () => {
    const doc = await call('GET', '/feeds/asyncapi', ['policy:viewer']);
    expect(doc.status).toBe(200);
    expect(doc.body.asyncapi).toMatch(/^3\./);
    expect(
      Object.values(doc.body.channels)
        .map((c: any) => c.address)
        .sort(),
    ).toEqual(['assistance.case', 'child-welfare.child', 'eldercare.elder', 'hub.life-event']);
  });
});

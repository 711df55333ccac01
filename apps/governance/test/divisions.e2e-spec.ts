import { DivisionRegisteredV1Payload, EventEnvelope, Topics } from '@civic/contracts';
import { collectEvents, waitForRows, withClient } from '@civic/testing';
import { readDivisionList } from '../src/divisions/division-list';
import { DivisionsService } from '../src/divisions/divisions.service';
import { GovernanceApp, startGovernanceApp } from './governance-app.fixture';

jest.setTimeout(120_000);

describe('governance divisions (reference data)', () => {
  let g: GovernanceApp;
  let admin: string;
  let viewer: string;
  const seeded = readDivisionList();

  beforeAll(async () => {
    g = await startGovernanceApp('gov_div');
    admin = await g.token('admin-1', ['governance:admin']);
    viewer = await g.token('viewer-1', ['governance:viewer']);
  });
  afterAll(() => g?.close());

  it('seeds every code of divisions.json and publishes each once, keyed by the code', async () => {
    const records = await collectEvents(g.topics.topic(Topics.GovernanceDivision), seeded.length);
    const events = records.map((r) => JSON.parse(r.value!) as EventEnvelope<DivisionRegisteredV1Payload>);
    expect(events.map((e) => e.data.code).sort()).toEqual(seeded.map((d) => d.code).sort());
    expect(records.every((r, i) => r.key === events[i].data.code)).toBe(true);
    expect(events.every((e) => e.data.version === 1)).toBe(true);
    // a restart seeds again: nothing new, nothing is published twice, and no stored name is overwritten
    expect(await g.app.get(DivisionsService).seed(seeded)).toBe(0);
    const renamed = seeded.map((d) => (d.code === '442000100' ? { ...d, name: 'renamed' } : d));
    expect(await g.app.get(DivisionsService).seed(renamed)).toBe(0);
    expect((await g.call('GET', '/api/v1/divisions/442000100', viewer)).body.name).toBe('小榄镇');
    const towns = await g.call('GET', '/api/v1/divisions?level=town&limit=500', viewer);
    expect(towns.body.total).toBe(seeded.filter((d) => d.level === 'town').length);
  });

  it('adds a community under a known town and refuses one under an unknown town, storing nothing', async () => {
    const ok = await g.call('POST', '/api/v1/divisions', admin, {
      code: '442000100077',
      name: 'New community',
      townCode: '442000100',
      kind: 'community',
    });
    expect(ok.status).toBe(201);
    await waitForRows(g.schema.url, `SELECT 1 FROM outbox_message WHERE message_key = '442000100077'`);

    const bad = await g.call('POST', '/api/v1/divisions', admin, {
      code: '442000999001',
      name: 'Nowhere',
      townCode: '442000999',
      kind: 'village',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'townCode', rule: 'knownDivision' })]);
    expect((await g.call('GET', '/api/v1/divisions/442000999001', viewer)).status).toBe(404);
  });

  it("imports the bureau's list: new codes registered, changed names published with the next version, restarts keep them", async () => {
    const count = async () => (await g.call('GET', '/api/v1/divisions?limit=1', viewer)).body.total as number;
    const outbox = () =>
      withClient(g.schema.url, async (c) =>
        Number((await c.query(`SELECT count(*) AS n FROM outbox_message`)).rows[0].n),
      );
    const list = {
      effectiveFrom: '2021-01-01',
      source: "Test list, in the shape of the bureau's publication",
      towns: [],
      villages: [
        // an example name replaced by the real one; the town is already registered, so not listed
        { code: '442000101001', name: '黄圃镇新地社区', townCode: '442000101', kind: 'community' },
        { code: '442000101066', name: '黄圃镇新增村', townCode: '442000101', kind: 'village' },
      ],
    };
    const before = { divisions: await count(), outbox: await outbox() };
    const refused = async (body: unknown, field: string, rule: string) => {
      const res = await g.call('POST', '/api/v1/divisions/import', admin, body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field, rule })]);
    };
    const village = (i: number, v: Record<string, string>) => ({
      ...list,
      villages: list.villages.map((x, j) => (j === i ? { ...x, ...v } : x)),
    });
    await refused(village(1, { townCode: '442000999', code: '442000999066' }), 'villages[1].townCode', 'knownDivision');
    await refused(village(1, { code: '442000102066' }), 'villages[1].code', 'withinTown');
    await refused(village(1, { code: '442000101001' }), 'villages[1].code', 'unique');
    expect(
      (await g.call('POST', '/api/v1/divisions/import', admin, village(0, { code: '4420001010' }))).body.errors,
    ).toEqual([expect.objectContaining({ field: 'villages[0].code' })]);
    expect((await g.call('POST', '/api/v1/divisions/import', viewer, list)).status).toBe(403);
    expect({ divisions: await count(), outbox: await outbox() }).toEqual(before);

    const done = await g.call('POST', '/api/v1/divisions/import', admin, list);
    expect(done.status).toBe(201);
    expect(done.body).toEqual({ received: 2, published: 2, unchanged: 0 });
    const renamed = (await g.call('GET', '/api/v1/divisions/442000101001', viewer)).body;
    expect(renamed).toEqual(expect.objectContaining({ name: '黄圃镇新地社区', version: 2 }));
    const records = await collectEvents(g.topics.topic(Topics.GovernanceDivision), seeded.length + 3);
    const published = records
      .map((r) => JSON.parse(r.value!) as EventEnvelope<DivisionRegisteredV1Payload>)
      .filter((e) => e.data.code.startsWith('442000101') && e.data.level === 'village')
      .map((e) => [e.data.code, e.data.name, e.data.version]);
    expect(published).toEqual(
      expect.arrayContaining([
        ['442000101001', '黄圃镇新地社区', 2],
        ['442000101066', '黄圃镇新增村', 1],
      ]),
    );
    // the same list again changes nothing; a restart's seed does not bring the example name back
    expect((await g.call('POST', '/api/v1/divisions/import', admin, list)).body).toEqual({
      received: 2,
      published: 0,
      unchanged: 2,
    });
    expect(await g.app.get(DivisionsService).seed(seeded)).toBe(0);
    expect((await g.call('GET', '/api/v1/divisions/442000101001', viewer)).body.name).toBe('黄圃镇新地社区');
  });

  it('documents every route in its OpenAPI document', async () => {
    const doc = await g.app.inject({ method: 'GET', url: '/api/docs-json' });
    const paths = Object.keys(JSON.parse(doc.body).paths);
    for (const p of [
      '/api/v1/divisions',
      '/api/v1/divisions/import',
      '/api/v1/divisions/reference',
      '/api/v1/organisations/{organisationId}/annual-reports',
      '/api/v1/organisations/{organisationId}/credit-list',
      '/api/v1/inspections',
      '/api/v1/assignments',
      '/api/v1/visit-tasks/{taskId}/completion',
      '/api/v1/hardship/coverage',
      '/api/v1/communities/{code}/elections',
      '/api/v1/illegal-organisation-cases',
    ])
      expect(paths).toContain(p);
  });
});

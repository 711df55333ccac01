import { DivisionRegisteredV1Payload, EventEnvelope, Topics } from '@civic/contracts';
import { collectEvents, waitForRows } from '@civic/testing';
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
    // a restart seeds again: nothing changed, nothing is published twice
    expect(await g.app.get(DivisionsService).seed(seeded)).toBe(0);
    const renamed = seeded.map((d) => (d.code === '442000100' ? { ...d, name: 'renamed' } : d));
    expect(await g.app.get(DivisionsService).seed(renamed)).toBe(1);
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

  it('documents every route in its OpenAPI document', async () => {
    const doc = await g.app.inject({ method: 'GET', url: '/api/docs-json' });
    const paths = Object.keys(JSON.parse(doc.body).paths);
    for (const p of [
      '/api/v1/divisions',
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

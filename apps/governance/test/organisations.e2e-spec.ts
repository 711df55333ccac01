import { createHash } from 'node:crypto';
import { drawSample } from '../src/inspections/draw';
import { EventEnvelope, Topics } from '@civic/contracts';
import { awaitEvent, withClient } from '@civic/testing';
import { GovernanceApp, startGovernanceApp } from './governance-app.fixture';

jest.setTimeout(120_000);

const TOWN = '442000100';
const UNKNOWN_TOWN = '442000999';

describe('governance social organisations', () => {
  let g: GovernanceApp;
  let clerk: string;
  let supervisor: string;
  const count = (sql: string) => withClient(g.schema.url, async (c) => Number((await c.query(sql)).rows[0].n));
  const orgBody = (n: string, extra: Record<string, unknown> = {}) => ({
    registrationNumber: `REG-${n}`,
    name: `Mutual aid association ${n}`,
    kind: 'community',
    town: TOWN,
    hub: false,
    ...extra,
  });
  const eventOn = async (type: string, match: (data: any) => boolean) => {
    const r = await awaitEvent(g.topics.topic(Topics.GovernanceSocialOrganisation), (x) => {
      const e = JSON.parse(x.value!) as EventEnvelope<any>;
      return e.type === type && match(e.data);
    });
    return JSON.parse(r.value!) as EventEnvelope<any>;
  };

  beforeAll(async () => {
    g = await startGovernanceApp('gov_org');
    clerk = await g.token('clerk-1', ['governance:clerk']);
    supervisor = await g.token('sup-1', ['governance:supervisor']);
  });
  afterAll(() => g?.close());

  it('registers an organisation and refuses a duplicate registration number or an unknown town, storing nothing', async () => {
    const ok = await g.call('POST', '/api/v1/organisations', clerk, orgBody('001', { hub: true }));
    expect(ok.status).toBe(201);
    const registered = await eventOn(
      'governance.social-organisation.registered',
      (d) => d.organisationId === ok.body.organisationId,
    );
    expect(registered.data).toMatchObject({ town: TOWN, hub: true, kind: 'community' });

    const dup = await g.call('POST', '/api/v1/organisations', clerk, orgBody('001', { name: 'Another' }));
    expect(dup.status).toBe(400);
    expect(dup.body.errors).toEqual([expect.objectContaining({ field: 'registrationNumber', rule: 'unique' })]);

    const unknown = await g.call('POST', '/api/v1/organisations', clerk, orgBody('002', { town: UNKNOWN_TOWN }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'town', rule: 'knownDivision' })]);

    expect(await count(`SELECT count(*) AS n FROM social_organisation`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM outbox_message WHERE topic LIKE '%social-organisation'`)).toBe(1);
    const hubs = await g.call('GET', '/api/v1/organisations/hubs-per-town', clerk);
    expect(hubs.body.find((h: any) => h.town === TOWN).hubs).toBe(1);
  });

  it('black-lists an organisation with reason and date and publishes the change', async () => {
    const org = await g.call('POST', '/api/v1/organisations', clerk, orgBody('003'));
    const res = await g.call('PUT', `/api/v1/organisations/${org.body.organisationId}/credit-list`, supervisor, {
      list: 'black',
      reason: 'Annual report missing two years running.',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ creditList: 'black', creditFrom: await g.today() });
    const e = await eventOn(
      'governance.social-organisation.credit-list-changed',
      (d) => d.organisationId === org.body.organisationId,
    );
    expect(e.data).toMatchObject({
      list: 'black',
      previousList: 'none',
      reason: 'Annual report missing two years running.',
    });
    const again = await g.call('PUT', `/api/v1/organisations/${org.body.organisationId}/credit-list`, supervisor, {
      list: 'black',
      reason: 'twice',
    });
    expect(again.status).toBe(409);
  });

  it('publishes a change and a grade with the state after it, keeping both in the history', async () => {
    const org = await g.call('POST', '/api/v1/organisations', clerk, orgBody('005'));
    const id = org.body.organisationId;
    const changed = await g.call('PUT', `/api/v1/organisations/${id}`, clerk, {
      hub: true,
      reason: 'Recognised as the town hub organisation.',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.hub).toBe(true);
    const graded = await g.call('POST', `/api/v1/organisations/${id}/grade`, supervisor, {
      grade: 4,
      reason: '2026 evaluation',
    });
    expect(graded.body.grade).toBe(4);
    const e = await eventOn(
      'governance.social-organisation.changed',
      (d) => d.organisationId === id && d.change === 'grade',
    );
    expect(e.data).toMatchObject({ hub: true, grade: 4, reason: '2026 evaluation' });
    const history = await g.call('GET', `/api/v1/organisations/${id}/history`, clerk);
    expect(history.body.map((h: any) => h.change)).toEqual(['details', 'grade']);
  });

  it('draws a seeded inspection sample that the same seed reproduces', async () => {
    const body = { name: 'spot check', sampleSize: 2, seed: 'lottery-2026-0001' };
    const a = await g.call('POST', '/api/v1/inspections', supervisor, body);
    const b = await g.call('POST', '/api/v1/inspections', supervisor, body);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      seed: 'lottery-2026-0001',
      population: await count(`SELECT count(*) AS n FROM social_organisation`),
      sampleSize: 2,
    });
    expect(b.body.selected).toEqual(a.body.selected);
    // anyone holding the seed and the population repeats the draw with draw.ts and checks the digest
    const ids = await withClient(g.schema.url, async (c) =>
      (await c.query(`SELECT organisation_id FROM social_organisation`)).rows.map((r) => r.organisation_id as string),
    );
    expect(ids.length).toBeGreaterThan(2);
    expect(a.body.selected).toEqual(drawSample('lottery-2026-0001', ids, 2));
    expect(a.body.populationDigest).toBe(
      createHash('sha256')
        .update([...ids].sort().join('\n'))
        .digest('hex'),
    );
    // a town governance does not hold is bad input, not a town without organisations; nothing is recorded
    const draws = await count(`SELECT count(*) AS n FROM inspection_draw`);
    const unknown = await g.call('POST', '/api/v1/inspections', supervisor, { ...body, town: '442000999' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'town', rule: 'knownDivision' })]);
    expect(await count(`SELECT count(*) AS n FROM inspection_draw`)).toBe(draws);
    const random = await g.call('POST', '/api/v1/inspections', supervisor, { name: 'no seed', sampleSize: 1 });
    expect(random.body.seed).toMatch(/^[0-9a-f]{32}$/);
    expect((await g.call('GET', `/api/v1/inspections/${random.body.inspectionId}`, supervisor)).body.seed).toBe(
      random.body.seed,
    );
  });

  it('flags a report not filed by its due date once, refuses unknown years, and records a late filing as not on time', async () => {
    const org = await g.call('POST', '/api/v1/organisations', clerk, orgBody('004'));
    const id = org.body.organisationId;
    const year = Number((await g.today()).slice(0, 4));

    const openYear = await g.call('POST', `/api/v1/organisations/${id}/annual-reports`, clerk, { year });
    expect(openYear.status).toBe(400);
    expect(openYear.body.errors).toEqual([expect.objectContaining({ field: 'year', rule: 'reportableYear' })]);
    expect(await count(`SELECT count(*) AS n FROM annual_report`)).toBe(0);

    // the due date of the registration year's report is 31 May of the next year: the day after, it is late
    await g.moveClock({ at: `${year + 1}-06-01T09:00:00+08:00` });
    const scan = await g.call('POST', '/api/v1/organisations/late-reports/scan', supervisor);
    expect(scan.status).toBe(200);
    expect(scan.body.flagged).toBeGreaterThanOrEqual(1);
    const overdue = await eventOn(
      'governance.social-organisation.annual-report-overdue',
      (d) => d.organisationId === id,
    );
    expect(overdue.data).toMatchObject({ year, dueDate: `${year + 1}-05-31`, flaggedOn: `${year + 1}-06-01` });
    const rescan = await g.call('POST', '/api/v1/organisations/late-reports/scan', supervisor);
    expect(rescan.body.flagged).toBe(0);

    const late = await g.call('GET', `/api/v1/organisations/late-reports?year=${year}`, supervisor);
    expect(late.body.items.map((r: any) => r.organisationId)).toContain(id);

    const filed = await g.call('POST', `/api/v1/organisations/${id}/annual-reports`, clerk, { year });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ year, onTime: false, lateFlaggedOn: `${year + 1}-06-01` });
    const e = await eventOn('governance.social-organisation.annual-report-filed', (d) => d.organisationId === id);
    expect(e.data).toMatchObject({ year, onTime: false });
    expect((await g.call('POST', `/api/v1/organisations/${id}/annual-reports`, clerk, { year })).status).toBe(409);
  });
});

import { ChildWelfareApp, startChildWelfareApp } from './child-welfare-app.fixture';

jest.setTimeout(120_000);

describe('workforce and workstations', () => {
  let t: ChildWelfareApp;
  let supervisor: string;
  const assign = (body: Record<string, unknown>) => t.call('POST', '/api/v1/workforce/assignments', supervisor, body);

  beforeAll(async () => {
    t = await startChildWelfareApp('cw_workforce');
    supervisor = await t.token('lead', ['child-welfare:supervisor']);
  });
  afterAll(() => t?.close());

  it('keeps one director per village and one supervisor per town; refuses a director without a village', async () => {
    expect((await assign({ role: 'director', name: 'Chen', town: '442000100', village: '442000100001' })).status).toBe(
      201,
    );
    expect((await assign({ role: 'director', name: 'Li', town: '442000100', village: '442000100001' })).status).toBe(
      201,
    );
    const bad = await assign({ role: 'director', name: 'Wu', town: '442000100' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'village', rule: 'required-for-director' })]);
    const list = (await t.call('GET', '/api/v1/workforce?town=442000100', supervisor)).body;
    expect(list.items.map((w: { name: string }) => w.name)).toEqual(['Li']);
  });

  it('workstation coverage is towns with a workstation over towns with a supervisor, against the 100% target', async () => {
    for (const town of ['442000100', '442000101', '442000102', '442000103'])
      expect((await assign({ role: 'supervisor', name: `S${town}`, town })).status).toBe(201);
    expect((await t.call('POST', '/api/v1/workstations', supervisor, { town: '442000100', name: 'WS 1' })).status).toBe(
      201,
    );
    expect(
      (await t.call('POST', '/api/v1/workstations', supervisor, { town: '442000100', name: 'WS 1b' })).status,
    ).toBe(409);
    expect((await t.call('POST', '/api/v1/workstations', supervisor, { town: '442000102', name: 'WS 2' })).status).toBe(
      201,
    );
    const c = (await t.call('GET', '/api/v1/workstations/coverage', supervisor)).body;
    expect(c).toMatchObject({
      towns: 4,
      covered: 2,
      coverage: '0.5000',
      target: '1',
      uncoveredTowns: ['442000101', '442000103'],
    });
  });
});

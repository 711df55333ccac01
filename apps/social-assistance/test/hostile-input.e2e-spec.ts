import { withClient } from '@civic/testing';
import { AssistanceApp, householdBody, residentId, startAssistanceApp } from './assistance-app.fixture';

// Bad input never answers 500 and never stores anything (issue 18): deep JSON, NUL characters,
// money beyond any bound, dates outside the plausible range, a household losing its applicant, a
// resident ID number in free text in any disguise, and URLs Fastify refuses itself.

jest.setTimeout(120_000);

const ID = residentId('1975-06-07', 31);
const wide = (s: string) => [...s].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
const DISGUISES = [ID, `${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`, wide(ID), [...ID].join('\u200b')];

describe('hostile input to social assistance', () => {
  let t: AssistanceApp;
  let clerk: string;
  let householdId: string;
  let applicantRef: string;
  const versions = () =>
    withClient(
      t.schema.url,
      async (c) => (await c.query(`SELECT count(*)::int AS n FROM household_version`)).rows[0].n,
    );
  const outbox = () =>
    withClient(t.schema.url, async (c) => (await c.query(`SELECT count(*)::int AS n FROM outbox_message`)).rows[0].n);
  const change = { effectiveDate: '2025-03-01', reason: 'annual re-verification' };
  const assets = { financialAssetsFen: 100000, vehicles: 0, extraHousingUnits: 0, dangerousHouse: false };

  beforeAll(async () => {
    t = await startAssistanceApp('sa_hostile');
    clerk = await t.token('clerk-1', ['assistance:clerk', 'assistance:viewer']);
    const res = await t.call('POST', '/api/v1/households', clerk, householdBody([ID, residentId('2012-05-06', 32)]));
    expect(res.status).toBe(201);
    householdId = res.body.householdId;
    applicantRef = res.body.members[0].personRef;
  });
  afterAll(() => t?.close());

  /** Sends, expects a 4xx problem-details answer naming `field` and `rule`, and that nothing was stored. */
  async function refused(
    method: 'POST' | 'PUT' | 'GET',
    url: string,
    body: unknown,
    status: number,
    expected?: { field: string; rule: string },
  ) {
    const [v, o] = [await versions(), await outbox()];
    const res = await t.call(method, url, clerk, body);
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
      status,
      type: expect.stringMatching(/^application\/problem\+json/),
    });
    if (expected) expect(res.body.errors).toContainEqual(expect.objectContaining(expected));
    expect([await versions(), await outbox()]).toEqual([v, o]);
    return res;
  }

  it('refuses JSON nested deeper than 64 levels with 400 before validation', async () => {
    const url = `/api/v1/households/${householdId}/assets`;
    await refused('PUT', url, '{"a":'.repeat(5000) + '1' + '}'.repeat(5000), 400, {
      field: '(body)',
      rule: 'maxDepth',
    });
    await refused('PUT', url, '['.repeat(10000) + ']'.repeat(10000), 400, { field: '(body)', rule: 'maxDepth' });
    // a string full of brackets is not nesting
    const text = await t.call('PUT', url, clerk, { ...change, reason: '['.repeat(300), assets });
    expect(text.status).toBe(200);
  });

  it('refuses NUL characters in a path parameter, a query parameter and a body string, naming the field', async () => {
    await refused('GET', `/api/v1/households/hh-1%00x`, undefined, 400, {
      field: 'householdId',
      rule: 'noNulCharacter',
    });
    await refused('GET', `/api/v1/households?town=44200%000100`, undefined, 400, {
      field: 'town',
      rule: 'noNulCharacter',
    });
    await refused('PUT', `/api/v1/households/${householdId}/assets`, { ...change, reason: 'a\u0000b', assets }, 400, {
      field: 'reason',
      rule: 'noNulCharacter',
    });
  });

  it.each([1e20, 2 ** 63, 2 ** 53 + 1, 1_000_000_000_001])(
    'refuses %d fen of assets and in a means-test preview with 400',
    async (fen) => {
      await refused(
        'PUT',
        `/api/v1/households/${householdId}/assets`,
        { ...change, assets: { ...assets, financialAssetsFen: fen } },
        400,
        { field: 'assets.financialAssetsFen', rule: 'max' },
      );
      const preview = await t.call('POST', '/api/v1/means-test', clerk, {
        date: '2025-03-01',
        household: {
          standardArea: 'urban',
          members: [],
          incomes: [],
          assets,
        },
        temporary: { type: 'emergency', requestedFen: fen },
      });
      expect(preview.status).toBe(400);
      expect(preview.body.errors).toContainEqual(
        expect.objectContaining({ field: 'temporary.requestedFen', rule: 'max' }),
      );
    },
  );

  it('refuses effective dates outside 1900-01-01..2100-12-31', async () => {
    for (const effectiveDate of ['1899-12-31', '2101-01-01', '0001-01-01'])
      await refused('PUT', `/api/v1/households/${householdId}/assets`, { ...change, effectiveDate, assets }, 400, {
        field: 'effectiveDate',
        rule: 'isCalendarDate',
      });
  });

  it('keeps exactly one applicant: changing the applicant to a child is refused, nothing stored', async () => {
    const res = await t.call('GET', `/api/v1/households/${householdId}`, clerk);
    const applicant = res.body.members.find((m: { personRef: string }) => m.personRef === applicantRef);
    const { personRef: _p, maskedId: _m, birthDate: _b, sex: _s, ...attributes } = applicant;
    await refused(
      'PUT',
      `/api/v1/households/${householdId}/members/${encodeURIComponent(applicantRef)}`,
      { ...change, attributes: { ...pick(attributes), relation: 'child' } },
      400,
      { field: 'attributes.relation', rule: 'exactly-one-applicant' },
    );
    const cases = await t.call('POST', '/api/v1/cases', clerk, { householdId, programme: 'dibao' });
    expect(cases.status).toBeLessThan(500);
  });

  it.each(DISGUISES.map((d, i) => [i, d]))(
    'refuses a resident ID number in free text (disguise %d) with 400 naming the field, storing nothing',
    async (_i, written) => {
      const res = await refused(
        'PUT',
        `/api/v1/households/${householdId}/assets`,
        { ...change, reason: `caller gave ${written}`, assets },
        400,
        { field: 'reason', rule: 'noIdNumber' },
      );
      expect(res.raw).not.toContain(written);
      const stored = await withClient(t.schema.url, (c) =>
        c.query(`SELECT count(*)::int AS n FROM household_version WHERE reason LIKE '%caller gave%'`),
      );
      expect(stored.rows[0].n).toBe(0);
    },
  );

  it('does not echo an ID number in a 404 for an unknown path, however it is written', async () => {
    for (const written of DISGUISES) {
      const res = await t.call('GET', `/api/v1/nothing/${encodeURIComponent(written)}`, clerk);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(decodeURIComponent(res.raw)).not.toContain(written);
      expect(res.raw).not.toContain(ID.slice(6, 14));
    }
  });

  it("answers Fastify's own refusals (414 long parameter, malformed escape) as problem details without echo", async () => {
    const long = await t.call('GET', `/api/v1/households/${ID}${'a'.repeat(200)}`, clerk);
    expect(long.status).toBe(414);
    expect(long.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(long.body).toMatchObject({ status: 414, title: 'URI Too Long' });
    expect(long.raw).not.toContain(ID);
    const bad = await t.call('GET', `/api/v1/households/${ID}%E0%A4%A`, clerk);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.raw).not.toContain(ID);
  });
});

/** The member attributes UpdateMemberDto accepts, from a member as GET returns it. */
function pick(m: Record<string, unknown>) {
  const keys = [
    'relation',
    'hukou',
    'hukouType',
    'labourCapacity',
    'disabilityLevel',
    'seriousIllness',
    'schooling',
    'selfCareAbility',
    'hasLegalSupporterAbleToSupport',
  ];
  return Object.fromEntries(keys.filter((k) => k in m).map((k) => [k, m[k]]));
}

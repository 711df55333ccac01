import { withClient } from '@civic/testing';
import { GovernanceApp, startGovernanceApp } from './governance-app.fixture';

jest.setTimeout(120_000);

const TOWN = '442000100';
const COMMUNITY = '442000100001';
const VILLAGE = '442000100002';

describe('governance communities and illegal-organisation cases', () => {
  let g: GovernanceApp;
  let clerk: string;
  let supervisor: string;
  const count = (table: string) =>
    withClient(g.schema.url, async (c) => Number((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n));

  beforeAll(async () => {
    g = await startGovernanceApp('gov_comm');
    clerk = await g.token('clerk-1', ['governance:clerk']);
    supervisor = await g.token('sup-1', ['governance:supervisor']);
  });
  afterAll(() => g?.close());

  it('records profiles and elections and computes the plan’s community indicators', async () => {
    const profile = (
      households: number,
      residents: number,
      urban: boolean,
      area: number,
      workers: number,
      certified: number,
    ) => ({
      households,
      residents,
      urban,
      facilityAreaM2: area,
      communityWorkers: workers,
      certifiedCommunityWorkers: certified,
    });
    expect(
      (await g.call('PUT', `/api/v1/communities/${COMMUNITY}/profile`, clerk, profile(2000, 10_000, true, 640, 16, 5)))
        .status,
    ).toBe(200);
    expect(
      (await g.call('PUT', `/api/v1/communities/${VILLAGE}/profile`, clerk, profile(1000, 3000, false, 320, 4, 1)))
        .status,
    ).toBe(200);

    const today = await g.today();
    const election = await g.call('POST', `/api/v1/communities/${COMMUNITY}/elections`, clerk, {
      heldOn: today,
      eligibleVoters: 4100,
      votesCast: 4000,
      membersElected: 5,
    });
    expect(election.status).toBe(201);
    expect(election.body).toMatchObject({ turnoutPercent: 97.56, termStart: today });
    expect(election.body.termEnd > today).toBe(true);

    const ind = await g.call('GET', `/api/v1/communities/indicators?town=${TOWN}`, clerk);
    expect(ind.body).toMatchObject({
      facilityAreaPer100Households: 32,
      communityWorkersPer10kUrbanResidents: 16,
      certifiedCommunityWorkerPercent: 30,
      electionTurnoutPercent: 97.56,
    });
    const one = await g.call('GET', `/api/v1/communities/${COMMUNITY}`, clerk);
    expect(one.body.currentTerm).toMatchObject({ electionId: election.body.electionId });
  });

  it('refuses unknown codes, impossible turnout and future elections, naming the field and storing nothing', async () => {
    const before = await count('committee_election');
    const unknown = await g.call('POST', `/api/v1/communities/442000999001/elections`, clerk, {
      heldOn: await g.today(),
      eligibleVoters: 10,
      votesCast: 5,
      membersElected: 3,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'code', rule: 'knownDivision' })]);
    const over = await g.call('POST', `/api/v1/communities/${VILLAGE}/elections`, clerk, {
      heldOn: await g.today(),
      eligibleVoters: 10,
      votesCast: 11,
      membersElected: 3,
    });
    expect(over.body.errors).toEqual([expect.objectContaining({ field: 'votesCast', rule: 'atMostEligible' })]);
    const future = await g.call('POST', `/api/v1/communities/${VILLAGE}/elections`, clerk, {
      heldOn: '2099-01-01',
      eligibleVoters: 10,
      votesCast: 5,
      membersElected: 3,
    });
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'heldOn', rule: 'notFuture' })]);
    expect(await count('committee_election')).toBe(before);
  });

  it('opens and closes an illegal-organisation case once', async () => {
    const opened = await g.call('POST', '/api/v1/illegal-organisation-cases', supervisor, {
      name: 'Unregistered "association"',
      town: TOWN,
      source: 'public-report',
      description: 'Collecting membership fees without registration.',
    });
    expect(opened.status).toBe(201);
    const closed = await g.call(
      'POST',
      `/api/v1/illegal-organisation-cases/${opened.body.caseId}/closure`,
      supervisor,
      {
        outcome: 'banned',
        reason: 'Banned by decision of the bureau.',
      },
    );
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'banned', closedOn: await g.today() });
    const again = await g.call('POST', `/api/v1/illegal-organisation-cases/${opened.body.caseId}/closure`, supervisor, {
      outcome: 'banned',
      reason: 'again',
    });
    expect(again.status).toBe(409);
  });
});

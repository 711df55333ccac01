import { communityIndicators } from './community-indicators';

describe('community indicators', () => {
  it('computes the plan’s ratios with two decimals', () => {
    expect(
      communityIndicators({
        households: 3000,
        facilityAreaM2: 960,
        urbanResidents: 12_500,
        urbanCommunityWorkers: 20,
        communityWorkers: 30,
        certifiedCommunityWorkers: 9,
        eligibleVoters: 4100,
        votesCast: 4000,
      }),
    ).toEqual({
      facilityAreaPer100Households: 32,
      communityWorkersPer10kUrbanResidents: 16,
      certifiedCommunityWorkerPercent: 30,
      electionTurnoutPercent: 97.56,
    });
  });

  it('gives null, not a division by zero, when nothing is recorded', () => {
    const zero = communityIndicators({
      households: 0,
      facilityAreaM2: 0,
      urbanResidents: 0,
      urbanCommunityWorkers: 0,
      communityWorkers: 0,
      certifiedCommunityWorkers: 0,
      eligibleVoters: 0,
      votesCast: 0,
    });
    expect(Object.values(zero)).toEqual([null, null, null, null]);
  });
});

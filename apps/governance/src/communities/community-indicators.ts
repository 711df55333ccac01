/** Totals over the communities' latest profiles and their committees' latest elections. */
export interface CommunityTotals {
  households: number;
  facilityAreaM2: number;
  urbanResidents: number;
  urbanCommunityWorkers: number;
  communityWorkers: number;
  certifiedCommunityWorkers: number;
  eligibleVoters: number;
  votesCast: number;
}

const ratio = (n: number, d: number, per = 1) => (d === 0 ? null : Math.round((n / d) * per * 100) / 100);

/**
 * The plan's community indicators (专栏1 indicators 15 and 16, 二（三）): facility area per 100
 * households (m²), community workers per 10,000 urban residents, the share of community workers
 * holding a social-work certificate (%), and turnout of the latest committee elections (%).
 */
export function communityIndicators(t: CommunityTotals) {
  return {
    facilityAreaPer100Households: ratio(t.facilityAreaM2, t.households, 100),
    communityWorkersPer10kUrbanResidents: ratio(t.urbanCommunityWorkers, t.urbanResidents, 10_000),
    certifiedCommunityWorkerPercent: ratio(t.certifiedCommunityWorkers, t.communityWorkers, 100),
    electionTurnoutPercent: ratio(t.votesCast, t.eligibleVoters, 100),
  };
}

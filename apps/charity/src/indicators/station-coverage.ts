// 专栏1 indicator 13: the share of community service facilities with a volunteer service station,
// against the dated target charity.volunteer_station.coverage_target (libs/policy-params/parameters/charity.yaml).

export interface StationCoverage {
  facilities: number;
  withStation: number;
  /** withStation / facilities as a decimal string with 4 places ('0.0000' without facilities). */
  share: string;
  target: string;
  meetsTarget: boolean;
}

/** Compares exactly in integers: withStation / facilities ≥ target ⇔ withStation × 10^k ≥ target × 10^k × facilities. */
export function stationCoverage(facilities: number, withStation: number, target: string): StationCoverage {
  const [whole, frac = ''] = target.split('.');
  const scale = 10 ** frac.length;
  const targetScaled = Number(whole) * scale + Number(frac || '0');
  const share = facilities === 0 ? 0 : Math.floor((withStation * 10_000) / facilities);
  return {
    facilities,
    withStation,
    share: `${Math.floor(share / 10_000)}.${String(share % 10_000).padStart(4, '0')}`,
    target,
    meetsTarget: facilities > 0 && withStation * scale >= targetScaled * facilities,
  };
}

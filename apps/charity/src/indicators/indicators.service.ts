import { loadParameters } from '@civic/policy-params';
import { Clock } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { LotteryOutletsService } from '../lottery/lottery-outlets.service';
import { TrustsService } from '../trusts/trusts.service';
import { VolunteersService } from '../volunteers/volunteers.service';
import { stationCoverage } from './station-coverage';

/** The charity indicators of 专栏1 (12 trusts, 13 volunteer-station coverage, 14 lottery outlets) from live data. */
@Injectable()
export class IndicatorsService {
  private readonly parameters = loadParameters();

  constructor(
    private readonly clock: Clock,
    private readonly trusts: TrustsService,
    private readonly volunteers: VolunteersService,
    private readonly outlets: LotteryOutletsService,
  ) {}

  async current(town?: string) {
    const today = this.clock.today();
    const target = this.parameters.valueAt('charity.volunteer_station.coverage_target', today);
    const stations = await this.volunteers.stationCounts(today, town);
    return {
      date: today,
      charityTrusts: await this.trusts.totals(today),
      volunteerStationCoverage: {
        ...stationCoverage(stations.facilities, stations.withStation, String(target.value)),
        targetEffectiveFrom: target.effectiveFrom,
        targetSource: target.source,
      },
      welfareLotteryOutlets: await this.outlets.openOn(today),
    };
  }
}

import { ApiProperty } from '@nestjs/swagger';

// What GET /indicators answers (indicators.service.ts, station-coverage.ts).

class TrustTotals {
  @ApiProperty() count: number;
  @ApiProperty() assetsFen: number;
}

class StationCoverageResponse {
  @ApiProperty() facilities: number;
  @ApiProperty() withStation: number;
  @ApiProperty({ description: 'withStation ÷ facilities, 4 decimals' }) share: string;
  @ApiProperty({ description: 'charity.volunteer_station.coverage_target in force' }) target: string;
  @ApiProperty() meetsTarget: boolean;
  @ApiProperty({ format: 'date' }) targetEffectiveFrom: string;
  @ApiProperty() targetSource: string;
}

export class CharityIndicatorsResponse {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ type: TrustTotals }) charityTrusts: TrustTotals;
  @ApiProperty({ type: StationCoverageResponse }) volunteerStationCoverage: StationCoverageResponse;
  @ApiProperty({ description: 'outlets open today' }) welfareLotteryOutlets: number;
}

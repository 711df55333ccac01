import { ApiProperty } from '@nestjs/swagger';

class TownHardshipCoverage {
  @ApiProperty() town: string;
  @ApiProperty() people: number;
  @ApiProperty() covered: number;
  @ApiProperty({ type: Number, nullable: true }) rate: number | null;
}

/** People in hardship with a social worker assigned (hardship.service.ts coverage). */
export class HardshipCoverageResponse {
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty() people: number;
  @ApiProperty() covered: number;
  @ApiProperty({ type: Number, nullable: true, description: 'covered ÷ people, 4 places' }) rate: number | null;
  @ApiProperty({ type: [TownHardshipCoverage] }) byTown: TownHardshipCoverage[];
}

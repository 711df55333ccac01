import { IsDateOnly, IsIntIn } from '@civic/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class CommunityProfileDto {
  @ApiProperty({ minimum: 1 }) @IsIntIn(1, 1_000_000) households: number;
  @ApiProperty({ minimum: 1 }) @IsIntIn(1, 5_000_000) residents: number;
  @ApiProperty({ description: 'An urban community (counts for workers per 10,000 urban residents)' })
  @IsBoolean()
  urban: boolean;
  @ApiProperty({ description: 'Floor area of the community service facilities, m²' })
  @IsIntIn(0, 1_000_000)
  facilityAreaM2: number;
  @ApiProperty() @IsIntIn(0, 10_000) communityWorkers: number;
  @ApiProperty({ description: 'Community workers holding a social-work certificate' })
  @IsIntIn(0, 10_000)
  certifiedCommunityWorkers: number;
}

export class ElectionDto {
  @ApiProperty({ description: 'Never in the future' }) @IsDateOnly() heldOn: string;
  @ApiProperty({ minimum: 1 }) @IsIntIn(1, 5_000_000) eligibleVoters: number;
  @ApiProperty({ description: 'At most eligibleVoters' }) @IsIntIn(0, 5_000_000) votesCast: number;
  @ApiProperty({ minimum: 1 }) @IsIntIn(1, 100) membersElected: number;
}

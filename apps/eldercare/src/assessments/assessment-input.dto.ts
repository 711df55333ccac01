import { IsDateOnly, IsEntityId, IsIntIn, IsNested } from '@civic/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { ABILITY_DOMAINS } from '../rules/ability-level';

/** Domain scores of the ability assessment, each within its domain's range. */
export class AbilityScoresDto {
  @ApiProperty({ minimum: 0, maximum: ABILITY_DOMAINS.selfCare })
  @IsIntIn(0, ABILITY_DOMAINS.selfCare)
  selfCare: number;
  @ApiProperty({ minimum: 0, maximum: ABILITY_DOMAINS.basicMotion })
  @IsIntIn(0, ABILITY_DOMAINS.basicMotion)
  basicMotion: number;
  @ApiProperty({ minimum: 0, maximum: ABILITY_DOMAINS.mentalState })
  @IsIntIn(0, ABILITY_DOMAINS.mentalState)
  mentalState: number;
  @ApiProperty({ minimum: 0, maximum: ABILITY_DOMAINS.perceptionAndSocial })
  @IsIntIn(0, ABILITY_DOMAINS.perceptionAndSocial)
  perceptionAndSocial: number;
}

export class RecordAssessmentDto {
  @ApiProperty({ example: '2024-05-20', description: 'not after today' }) @IsDateOnly() assessedOn: string;
  @ApiProperty({ example: 'assessor-0042' }) @IsEntityId() assessor: string;
  @ApiProperty({ type: AbilityScoresDto }) @IsNested(() => AbilityScoresDto) scores: AbilityScoresDto;
}

import { ABILITY_LEVELS } from '@civic/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Assessment } from './assessments.service';

/** An ability assessment (assessments.service.ts Assessment). */
export class AssessmentResponse implements Assessment {
  @ApiProperty() assessmentId: string;
  @ApiProperty() elderId: string;
  @ApiProperty({ format: 'date' }) assessedOn: string;
  @ApiProperty() assessor: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'score per domain' })
  scores: Record<string, number>;
  @ApiProperty() total: number;
  @ApiProperty({ enum: ABILITY_LEVELS }) level: Assessment['level'];
  @ApiProperty({ enum: ABILITY_LEVELS, nullable: true }) previousLevel: Assessment['previousLevel'];
  @ApiProperty({ format: 'date', description: 'reassessment due' }) nextDue: string;
}

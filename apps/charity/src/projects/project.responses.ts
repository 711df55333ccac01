import { ApiProperty } from '@nestjs/swagger';
import { Project } from './projects.service';

const day = { type: String, format: 'date', nullable: true };

/** A project with its fund figures (projects.service.ts Project). */
export class ProjectResponse implements Project {
  @ApiProperty() projectId: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() title: string;
  @ApiProperty() kind: string;
  @ApiProperty() town: string;
  @ApiProperty() beneficiaryCriteria: string;
  @ApiProperty() targetFen: number;
  @ApiProperty({ format: 'date' }) launchedOn: string;
  @ApiProperty(day) endsOn: string | null;
  @ApiProperty() publicFundraising: boolean;
  @ApiProperty({ enum: ['open', 'closed'] }) status: 'open' | 'closed';
  @ApiProperty(day) closedOn: string | null;
  @ApiProperty({ type: String, nullable: true }) closedReason: string | null;
  @ApiProperty() balanceFen: number;
  @ApiProperty() raisedFen: number;
  @ApiProperty() goodsValueFen: number;
  @ApiProperty() disbursedFen: number;
}

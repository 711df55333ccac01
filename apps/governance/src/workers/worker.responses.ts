import { ApiProperty } from '@nestjs/swagger';

// What the station, social-worker and assignment routes answer (workers.service.ts columns).

const text = { type: String, nullable: true };
const day = { type: String, format: 'date', nullable: true };

export class StationResponse {
  @ApiProperty() stationId: string;
  @ApiProperty({ enum: ['station', 'point'], description: 'a town station or a village point' }) kind: string;
  @ApiProperty() town: string;
  @ApiProperty(text) village: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date' }) openedOn: string;
}

class TownCoverage {
  @ApiProperty() total: number;
  @ApiProperty() withStation: number;
  @ApiProperty({ type: Number, nullable: true }) rate: number | null;
}

class VillageCoverage {
  @ApiProperty() total: number;
  @ApiProperty() withPoint: number;
  @ApiProperty({ type: Number, nullable: true }) rate: number | null;
}

export class StationCoverageResponse {
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty({ type: TownCoverage }) towns: TownCoverage;
  @ApiProperty({ type: VillageCoverage }) villages: VillageCoverage;
  @ApiProperty() certifiedWorkers: number;
  @ApiProperty({ description: 'people with an open assignment' }) peopleAssigned: number;
}

export class SocialWorkerResponse {
  @ApiProperty() socialWorkerId: string;
  @ApiProperty() name: string;
  @ApiProperty() stationId: string;
  @ApiProperty() town: string;
  @ApiProperty(text) certificateNumber: string | null;
  @ApiProperty(text) certificateLevel: string | null;
  @ApiProperty(day) certifiedOn: string | null;
  @ApiProperty() certified: boolean;
}

export class AssignmentResponse {
  @ApiProperty() assignmentId: string;
  @ApiProperty() socialWorkerId: string;
  @ApiProperty() personRef: string;
  @ApiProperty() town: string;
  @ApiProperty() department: string;
  @ApiProperty({ format: 'date' }) assignedOn: string;
  @ApiProperty() reason: string;
  @ApiProperty(day) endedOn: string | null;
  @ApiProperty(text) endReason: string | null;
}

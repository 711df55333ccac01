import { ApiProperty } from '@nestjs/swagger';
import { Worker } from './workforce.service';

// What the workforce routes answer (workforce.service.ts).

export class WorkerResponse implements Worker {
  @ApiProperty() workerId: string;
  @ApiProperty({ enum: ['director', 'supervisor'] }) role: 'director' | 'supervisor';
  @ApiProperty() name: string;
  @ApiProperty() town: string;
  @ApiProperty({ type: String, nullable: true, description: 'a director’s village' }) village: string | null;
  @ApiProperty({ format: 'date' }) assignedOn: string;
}

export class WorkstationResponse {
  @ApiProperty() stationId: string;
  @ApiProperty() town: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date' }) openedOn: string;
}

export class WorkstationCoverageResponse {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ description: 'towns with a child supervisor' }) towns: number;
  @ApiProperty({ description: 'of those, towns with a workstation' }) covered: number;
  @ApiProperty({ type: [String] }) uncoveredTowns: string[];
  @ApiProperty({ type: String, nullable: true, description: 'covered ÷ towns as a decimal string (4 places)' })
  coverage: string | null;
  @ApiProperty({ description: 'child.workstation.coverage_target in force' }) target: string;
  @ApiProperty() targetSource: string;
}

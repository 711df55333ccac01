import { ApiProperty } from '@nestjs/swagger';
import { DivisionView } from './divisions.service';

/** A division code as published (divisions.service.ts DivisionView). */
export class DivisionResponse implements DivisionView {
  @ApiProperty({ example: '442000100001' }) code: string;
  @ApiProperty({ enum: ['town', 'village'] }) level: 'town' | 'village';
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) townCode: string | null;
  @ApiProperty({ enum: ['village', 'community'], nullable: true }) kind: 'village' | 'community' | null;
  @ApiProperty({ format: 'date' }) effectiveFrom: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) retiredOn: string | null;
  @ApiProperty({ description: '1 when registered, +1 per change or retirement' }) version: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class DivisionImportResponse {
  @ApiProperty() received: number;
  @ApiProperty({ description: 'codes registered or changed (an event each)' }) published: number;
  @ApiProperty() unchanged: number;
}

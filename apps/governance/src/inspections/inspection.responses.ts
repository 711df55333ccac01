import { ApiProperty } from '@nestjs/swagger';
import { InspectionView } from './inspections.service';

/** A seeded inspection draw (inspections.service.ts InspectionView): repeatable and checkable. */
export class InspectionResponse implements InspectionView {
  @ApiProperty() inspectionId: string;
  @ApiProperty() name: string;
  @ApiProperty() seed: string;
  @ApiProperty() sampleSize: number;
  @ApiProperty({ description: 'organisations drawn from' }) population: number;
  @ApiProperty({ description: 'digest of the population, to check a repeat' }) populationDigest: string;
  @ApiProperty({ type: String, nullable: true }) town: string | null;
  @ApiProperty({ format: 'date' }) drawnOn: string;
  @ApiProperty() drawnBy: string;
  @ApiProperty({ type: [String], description: 'organisation ids selected' }) selected: string[];
}

import { ApiProperty } from '@nestjs/swagger';
import { AdoptionRow } from './adoption-row';

const text = { type: String, nullable: true };

/** An adoption (adoption-row.ts AdoptionRow): personRefs and masked ID only. */
export class AdoptionResponse implements AdoptionRow {
  @ApiProperty() adoptionId: string;
  @ApiProperty() childRef: string;
  @ApiProperty() childMaskedId: string;
  @ApiProperty() town: string;
  @ApiProperty(text) adoptiveMotherRef: string | null;
  @ApiProperty(text) adoptiveFatherRef: string | null;
  @ApiProperty({ enum: ['assessment', 'suitable', 'unsuitable', 'registered'] }) status: AdoptionRow['status'];
  @ApiProperty(text) assessmentNote: string | null;
  @ApiProperty(text) assessedBy: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) registeredOn: string | null;
}

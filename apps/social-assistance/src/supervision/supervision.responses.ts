import { ApiProperty } from '@nestjs/swagger';

// What the supervision routes answer (supervision.service.ts); stored rows keep their column names.

const text = { type: String, nullable: true };

export class DrawnSampleResponse {
  @ApiProperty() sampleId: string;
  @ApiProperty() kind: string;
  @ApiProperty() seed: string;
  @ApiProperty({ description: 'active cases the sample was drawn from' }) populationSize: number;
  @ApiProperty({ type: [String], description: 'the cases drawn' }) caseIds: string[];
}

export class SampleRowResponse {
  @ApiProperty() sample_id: string;
  @ApiProperty() kind: string;
  @ApiProperty() seed: string;
  @ApiProperty() size: number;
  @ApiProperty() population_size: number;
  @ApiProperty() drawn_by: string;
  @ApiProperty({ format: 'date-time' }) drawn_at: string;
}

export class SampleItemResponse {
  @ApiProperty() case_id: string;
  @ApiProperty() town: string;
  @ApiProperty(text) outcome: string | null;
  @ApiProperty(text) finding: string | null;
  @ApiProperty(text) recorded_by: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) recorded_at: string | null;
}

export class SampleResponse extends SampleRowResponse {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the filters the sample was drawn with' })
  filters: unknown;
  @ApiProperty({ type: [SampleItemResponse], description: 'sampled cases in the caller’s towns' })
  items: SampleItemResponse[];
}

export class RecordedFindingResponse {
  @ApiProperty() case_id: string;
  @ApiProperty() outcome: string;
  @ApiProperty() finding: string;
  @ApiProperty() recorded_by: string;
  @ApiProperty({ format: 'date-time' }) recorded_at: string;
}

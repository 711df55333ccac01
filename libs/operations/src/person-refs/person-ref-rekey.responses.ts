import { ApiProperty } from '@nestjs/swagger';

export class PersonRefKeyStatusResponse {
  @ApiProperty({
    description: 'Stored refs under another key than the current one, per `table.column`',
    example: { 'elder.person_ref': 0, 'work_item.person_ref': 0 },
    type: 'object',
    additionalProperties: { type: 'integer' },
  })
  remaining: Record<string, number>;

  @ApiProperty({
    description:
      "Old-key rows left beside the same person's new-key row in a unique column (person_ref_conflict), per `table.column`: a caseworker merges the two registrations",
    example: { 'elder.person_ref': 0 },
    type: 'object',
    additionalProperties: { type: 'integer' },
  })
  conflicts: Record<string, number>;
}

export class RekeyOutcomeResponse extends PersonRefKeyStatusResponse {
  @ApiProperty({ description: 'The current personRef key id', example: 'k2' })
  keyId: string;

  @ApiProperty({ description: 'Refs re-keyed by this call', example: 1520 })
  rekeyed: number;
}

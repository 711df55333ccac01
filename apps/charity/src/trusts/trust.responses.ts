import { ApiProperty } from '@nestjs/swagger';

/** A registered charity trust (trusts.service.ts register). */
export class TrustResponse {
  @ApiProperty() trustId: string;
  @ApiProperty() name: string;
  @ApiProperty() trusteeOrganisationId: string;
  @ApiProperty() town: string;
  @ApiProperty({ description: 'integer fen' }) assetsFen: number;
  @ApiProperty({ format: 'date' }) establishedOn: string;
}

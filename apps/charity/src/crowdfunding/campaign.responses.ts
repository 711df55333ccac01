import { ApiProperty } from '@nestjs/swagger';

/** A crowdfunding campaign with its progress (crowdfunding.service.ts). */
export class CampaignResponse {
  @ApiProperty() campaignId: string;
  @ApiProperty() projectId: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() personRef: string;
  @ApiProperty() maskedId: string;
  @ApiProperty() town: string;
  @ApiProperty() purpose: string;
  @ApiProperty() declaredCostFen: number;
  @ApiProperty({ type: Number, nullable: true, description: 'verified from the bills' }) verifiedCostFen: number | null;
  @ApiProperty() targetFen: number;
  @ApiProperty({ format: 'date' }) openedOn: string;
  @ApiProperty() raisedFen: number;
  @ApiProperty({ description: 'raised ÷ target, at most 1' }) progress: number;
}

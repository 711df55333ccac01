import { IsDateOnly, IsEntityId, IsOneOf, IsFreeText, IsTown, IsVillage } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

export const SITE_KINDS = ['centre', 'station', 'canteen'] as const;
export const HOME_SERVICES = ['meals', 'cleaning', 'medical-help', 'safety-check'] as const;

export class RegisterSiteDto {
  @ApiProperty({ enum: SITE_KINDS, description: 'centre (中心), station (站点) or elder canteen (长者饭堂)' })
  @IsOneOf(SITE_KINDS)
  kind: (typeof SITE_KINDS)[number];
  @ApiProperty({ example: '石岐长者饭堂' }) @IsFreeText(200) name: string;
  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiProperty({ example: '442000100001' }) @IsVillage() village: string;
  @ApiProperty({ example: '2024-03-01', description: 'not after today' }) @IsDateOnly() openedOn: string;
}

export class OrderServiceDto {
  @ApiProperty() @IsEntityId() elderId: string;
  @ApiProperty() @IsEntityId() siteId: string;
  @ApiProperty({ enum: HOME_SERVICES }) @IsOneOf(HOME_SERVICES) service: (typeof HOME_SERVICES)[number];
}

export class RecordDeliveryDto {
  @ApiProperty({ example: '2024-07-09', description: 'not after today, not before the order' })
  @IsDateOnly()
  deliveredOn: string;
  @ApiPropertyOptional() @IsOptional() @IsFreeText(2000) notes?: string;
}

export class SiteListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({ example: '442000100001' }) @IsOptional() @IsVillage() village?: string;
  @ApiPropertyOptional({ enum: SITE_KINDS }) @IsOptional() @IsOneOf(SITE_KINDS) kind?: string;
}

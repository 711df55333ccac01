import {
  ECONOMIC_STATUSES,
  IsEntityId,
  IsOneOf,
  IsPersonRef,
  IsFreeText,
  IsTown,
  IsVillage,
  LIVING_SITUATIONS,
} from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, ValidateNested } from 'class-validator';

export class ContactDto {
  @ApiProperty({ example: '李小明' }) @IsFreeText(100) name: string;
  @ApiProperty({ example: 'son' }) @IsFreeText(50) relation: string;
  @ApiProperty({ example: '13800000000' }) @IsFreeText(30) phone: string;
}

export class RegisterElderDto {
  @ApiProperty({ description: '18-character resident ID number; stored encrypted only', example: '11010519491231002X' })
  @IsString()
  idNumber: string;
  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiProperty({ example: '442000100001' }) @IsVillage() village: string;
  @ApiProperty({ enum: LIVING_SITUATIONS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIVING_SITUATIONS.length)
  @IsOneOf(LIVING_SITUATIONS, { each: true })
  livingSituation: (typeof LIVING_SITUATIONS)[number][];
  @ApiPropertyOptional({
    enum: ECONOMIC_STATUSES,
    description: 'as known at registration; social-assistance case events keep it current',
  })
  @IsOptional()
  @IsOneOf(ECONOMIC_STATUSES)
  economicStatus?: (typeof ECONOMIC_STATUSES)[number];
  @ApiPropertyOptional({ type: [ContactDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];
  @ApiPropertyOptional({ description: 'user id of the responsible social worker', example: 'sw-0193' })
  @IsOptional()
  @IsEntityId()
  socialWorker?: string;
}

/** What a clerk may change after registration; each given field replaces the stored one. */
export class UpdateElderDto {
  @ApiPropertyOptional({ enum: LIVING_SITUATIONS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIVING_SITUATIONS.length)
  @IsOneOf(LIVING_SITUATIONS, { each: true })
  livingSituation?: (typeof LIVING_SITUATIONS)[number][];
  @ApiPropertyOptional({ type: [ContactDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];
  @ApiPropertyOptional({ description: 'user id of the responsible social worker', example: 'sw-0193' })
  @IsOptional()
  @IsEntityId()
  socialWorker?: string;
}

export class ElderListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({ enum: ['active', 'deceased'] }) @IsOptional() @IsOneOf(['active', 'deceased']) status?:
    'active' | 'deceased';
  @ApiPropertyOptional({ enum: LIVING_SITUATIONS }) @IsOptional() @IsOneOf(LIVING_SITUATIONS) livingSituation?: string;
  @ApiPropertyOptional() @IsOptional() @IsPersonRef() personRef?: string;
}

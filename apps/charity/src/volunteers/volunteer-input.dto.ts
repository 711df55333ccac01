import { IsDateOnly, IsEntityId, IsFreeText, IsIntIn, IsTown, IsVillage } from '@civic/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class RegisterVolunteerDto {
  @ApiProperty({ description: 'the volunteer (18-character resident ID); stored encrypted' })
  @IsString()
  idNumber: string;
  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
}

export class ServiceHoursDto {
  @ApiProperty({ example: '2024-06-01' }) @IsDateOnly() servedOn: string;
  @ApiProperty({ description: 'minutes served that day, 1 to 1440' }) @IsIntIn(1, 1440) minutes: number;
  @ApiPropertyOptional({ description: 'the community facility (volunteer station) served at' })
  @IsOptional()
  @IsEntityId()
  facilityId?: string;
}

export class RegisterFacilityDto {
  @ApiProperty({ example: '442000100001' }) @IsVillage() village: string;
  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiProperty({ example: 'Shiqi community service centre' }) @IsFreeText(200) name: string;
}

export class OpenStationDto {
  @ApiProperty({ example: '2024-06-01', description: 'the volunteer service station opened on' })
  @IsDateOnly()
  openedOn: string;
}

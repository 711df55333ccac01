import { IsOneOf, IsFreeText, IsTown, IsVillage } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

export class AssignWorkerDto {
  @ApiProperty({
    enum: ['director', 'supervisor'],
    description: 'child director (儿童主任, per village) or supervisor (儿童督导员, per town)',
  })
  @IsOneOf(['director', 'supervisor'])
  role: 'director' | 'supervisor';
  @ApiProperty() @IsFreeText(100) name: string;
  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiPropertyOptional({ example: '442000100001', description: 'required for a director, absent for a supervisor' })
  @IsOptional()
  @IsVillage()
  village?: string;
}

export class OpenWorkstationDto {
  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiProperty() @IsFreeText(200) name: string;
}

export class WorkforceQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({ enum: ['director', 'supervisor'] })
  @IsOptional()
  @IsOneOf(['director', 'supervisor'])
  role?: string;
}

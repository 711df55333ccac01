import { ALARM_KINDS, IsEntityId, IsOneOf, IsTimestamp, IsTown } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

export class RegisterDeviceDto {
  @ApiProperty({ example: 'dev-ha-3391', description: 'the device’s own identifier' }) @IsEntityId() deviceId: string;
}

export class RaiseAlarmDto {
  @ApiProperty({ enum: ALARM_KINDS }) @IsOneOf(ALARM_KINDS) kind: (typeof ALARM_KINDS)[number];
  @ApiProperty({ example: '2024-08-14T06:42:10+08:00', description: 'the device’s time of the alarm' })
  @IsTimestamp()
  raisedAt: string;
}

export class AlarmListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'escalated', 'acknowledged'] })
  @IsOptional()
  @IsOneOf(['open', 'escalated', 'acknowledged'])
  status?: string;
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional() @IsOptional() @IsEntityId() elderId?: string;
}

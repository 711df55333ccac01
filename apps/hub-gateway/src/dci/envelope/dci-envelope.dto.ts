import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';

/**
 * The union of DCI MsgHeader_V1.0.0 and MsgCallbackHeader_V1.0.0 (social_api v1.0.0). sender_id is
 * required here even on callback headers: it names the key the signature is checked against.
 */
export class DciHeaderDto {
  @ApiPropertyOptional({ example: '1.0.0' })
  @IsOptional()
  @IsIn(['1.0.0'])
  version?: string;

  @ApiProperty()
  @IsString()
  @Length(1, 99)
  message_id: string;

  @ApiProperty({ example: '2026-01-05T09:00:00+08:00' })
  @IsISO8601({ strict: true })
  // MsgHeader message_ts is an RFC 3339 date-time: without a zone its instant is unknown
  @Matches(/(Z|[+-]\d{2}:\d{2})$/i, { message: 'header.message_ts must carry a timezone (Z or ±hh:mm)' })
  message_ts: string;

  @ApiProperty()
  @IsString()
  @Length(1, 40)
  action: string;

  @ApiProperty()
  @IsString()
  @Length(1, 99)
  sender_id: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  sender_uri?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 99)
  receiver_id?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  total_count?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  completed_count?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsIn(['rcvd', 'pdng', 'succ', 'rjct'])
  status?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  status_reason_code?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 999)
  status_reason_message?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  is_msg_encrypted?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsObject()
  meta?: Record<string, unknown>;
}

/** signature + header + message, the shape of every DCI request. The message is checked by each use case. */
export class DciEnvelopeDto {
  @ApiPropertyOptional({ description: 'DCI MsgSignature over header and message (Ed25519).' })
  @IsOptional()
  @IsString()
  @Length(0, 4000)
  signature?: string;

  @ApiProperty({ type: DciHeaderDto })
  @IsObject()
  @ValidateNested()
  @Type(() => DciHeaderDto)
  header: DciHeaderDto;

  @ApiProperty({ type: Object })
  @IsObject()
  message: Record<string, unknown>;
}

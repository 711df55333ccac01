import { ApiProperty } from '@nestjs/swagger';

// What the feed routes answer (feeds.service.ts).

export class FeedSubscriptionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() callbackUrl: string;
  @ApiProperty({ type: [String] }) eventTypes: string[];
  @ApiProperty({ example: 'active' }) status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedFeedSubscriptionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() callbackUrl: string;
  @ApiProperty({ type: [String] }) eventTypes: string[];
  @ApiProperty({ enum: ['active'] }) status: string;
  @ApiProperty({ description: 'HMAC secret of the webhook signatures; shown only here' }) secret: string;
}

export class FeedEventResponse {
  @ApiProperty() id: string;
  @ApiProperty() type: string;
  @ApiProperty() department: string;
  @ApiProperty({ format: 'date-time' }) time: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'payload with personRef and masked ID only' })
  data: Record<string, unknown>;
}

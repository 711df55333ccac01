import { DeadLetterView } from '@civic/messaging';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// What the dead-letter admin API answers (libs/messaging/src/nest/dead-letter-admin.ts).

export class DeadLetterResponse implements DeadLetterView {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'consumer group' }) consumer: string;
  @ApiProperty() topic: string;
  @ApiProperty() partition: number;
  @ApiProperty() offset: string;
  @ApiProperty({ type: String, nullable: true, description: 'the record key (the aggregate held)' }) key: string | null;
  @ApiProperty({ type: String, nullable: true }) eventId: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, nullable: true }) field: string | null;
  @ApiProperty() message: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) resolvedAt: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['redriven', 'discarded'] })
  resolution: 'redriven' | 'discarded' | null;
  @ApiProperty({ type: String, nullable: true }) resolutionReason: string | null;
  @ApiProperty({ type: String, nullable: true }) resolvedBy: string | null;
  @ApiProperty({ description: 'other unresolved letters of the same key' }) heldBehind: number;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'the record value as received (single letter only)',
  })
  payload?: string | null;
}

export class RedriveAppliedResponse {
  @ApiProperty({ enum: ['applied'] }) status: 'applied';
  @ApiProperty({ description: 'letters applied in order' }) applied: number;
  @ApiProperty({ description: 'letters the inbox had already applied' }) duplicates: number;
}

export class HeldEventsOutcome {
  @ApiProperty({ enum: ['applied', 'refused'] }) status: 'applied' | 'refused';
  @ApiPropertyOptional() applied?: number;
  @ApiPropertyOptional() duplicates?: number;
  @ApiPropertyOptional({ description: 'why the held events could not be applied (nothing changed)' }) why?: string;
}

export class DiscardedResponse {
  @ApiProperty({ type: DeadLetterResponse }) discarded: DeadLetterResponse;
  @ApiPropertyOptional({ type: HeldEventsOutcome, description: 'present when events were held behind the letter' })
  heldEvents?: HeldEventsOutcome;
}

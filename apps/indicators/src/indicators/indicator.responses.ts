import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// What the indicator routes answer (compute-indicators.ts IndicatorResult, not-computable.ts).

const STATUS = {
  enum: ['met', 'on-track', 'behind', 'no-data', 'no-target'],
  description: 'how the value stands against the plan’s path',
};

export class IndicatorTargetResponse {
  @ApiProperty({ description: 'the indicators.* parameter' }) key: string;
  @ApiProperty() unit: string;
  @ApiProperty({ description: 'the plan’s 2025 figure' }) value: string;
  @ApiProperty() source: string;
  @ApiPropertyOptional() placeholder?: string;
  @ApiProperty({ description: 'what the plan’s path expects on the date' }) pathValue: string;
}

export class TownIndicatorValue {
  @ApiProperty({ description: 'town code' }) town: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) value: string | null;
  @ApiPropertyOptional(STATUS) status?: string;
}

export class EvidenceEventResponse {
  @ApiProperty() eventId: string;
  @ApiProperty() type: string;
  @ApiProperty({ format: 'date' }) occurredOn: string;
  @ApiProperty() subject: string;
  @ApiProperty({ type: String, nullable: true }) town: string | null;
}

export class TrendPoint {
  @ApiProperty({ example: '2026-11' }) month: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ type: String, nullable: true }) value: string | null;
}

export class IndicatorResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: '专栏1 indicator 17' }) plan: string;
  @ApiProperty() titleZh: string;
  @ApiProperty() titleEn: string;
  @ApiProperty({ enum: ['percent', 'multiple', 'count', 'yuan-per-month', 'days'] }) display: string;
  @ApiProperty() basis: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ type: String, nullable: true, description: 'decimal string' }) value: string | null;
  @ApiProperty(STATUS) status: string;
  @ApiProperty({ type: IndicatorTargetResponse, nullable: true }) target: IndicatorTargetResponse | null;
  @ApiProperty({ type: [TownIndicatorValue] }) towns: TownIndicatorValue[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'the dated parameter values used, with their sources',
  })
  parameters: unknown[];
  @ApiProperty() eventCount: number;
  @ApiPropertyOptional({ type: [EvidenceEventResponse], description: 'one indicator only' })
  events?: EvidenceEventResponse[];
  @ApiPropertyOptional({ type: [TrendPoint], description: 'the board only' }) trend?: TrendPoint[];
}

export class NotComputableResponse {
  @ApiProperty() plan: string;
  @ApiProperty() titleZh: string;
  @ApiProperty() titleEn: string;
  @ApiProperty({ description: 'the plan’s 2025 figure as worded' }) planTarget: string;
  @ApiProperty({ description: 'what the platform would need to compute it' }) needs: string;
}

export class IndicatorBoardResponse {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ type: [IndicatorResponse] }) indicators: IndicatorResponse[];
  @ApiProperty({ type: [NotComputableResponse] }) notComputable: NotComputableResponse[];
}

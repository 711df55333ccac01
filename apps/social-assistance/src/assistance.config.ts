import { DivisionReferenceConfig } from '@civic/divisions';
import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';

/** Settings of the social-assistance service. */
export class AssistanceConfig extends DivisionReferenceConfig {
  @Type(() => Number)
  @IsInt()
  @Min(10)
  RELAY_POLL_INTERVAL_MS = 200;

  /** How often overdue emergency paperwork is looked for (0 = only on request). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  OVERDUE_SCAN_INTERVAL_MS = 3_600_000;

  /** How often case amounts are decided again for parameter values scheduled since (0 = only before a payment run). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  AMOUNT_CATCH_UP_INTERVAL_MS = 3_600_000;
}

import { BaseServiceConfig } from '@civic/platform';
import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';

/**
 * Settings of the governance service. It never receives raw resident ID numbers (people arrive as
 * personRef from the departments' events), so it needs no identity key rings.
 */
export class GovernanceConfig extends BaseServiceConfig {
  @Type(() => Number)
  @IsInt()
  @Min(10)
  RELAY_POLL_INTERVAL_MS = 200;

  /** How often late annual reports and overdue visit tasks are looked for (0 = only on request). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  OVERDUE_SCAN_INTERVAL_MS = 3_600_000;
}

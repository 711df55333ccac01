import { DivisionReferenceConfig } from '@civic/divisions';
import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';

/** Settings of the eldercare service. */
export class EldercareConfig extends DivisionReferenceConfig {
  @Type(() => Number)
  @IsInt()
  @Min(10)
  RELAY_POLL_INTERVAL_MS = 200;

  /** How often the dated work runs for today: allowance grants by age, visit tasks, overdue visits (0 = only on request). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DAILY_RUN_INTERVAL_MS = 3_600_000;

  /** How often unacknowledged alarms are looked for (0 = only on request). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  ALARM_SCAN_INTERVAL_MS = 30_000;
}

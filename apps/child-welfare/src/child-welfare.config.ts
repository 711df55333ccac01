import { DivisionReferenceConfig } from '@civic/divisions';
import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';

/** Settings of the child-welfare service (it registers children by resident ID, so it holds the key rings). */
export class ChildWelfareConfig extends DivisionReferenceConfig {
  @Type(() => Number)
  @IsInt()
  @Min(10)
  RELAY_POLL_INTERVAL_MS = 200;

  /** How often age-outs and overdue mandatory reports are looked for (0 = only on request). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DEADLINE_SCAN_INTERVAL_MS = 3_600_000;
}

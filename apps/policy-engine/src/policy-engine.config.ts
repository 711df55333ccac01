import { BaseServiceConfig } from '@civic/platform';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';

/** Settings of the policy engine (validated at start-up; nothing else reads process.env). */
export class PolicyEngineConfig extends BaseServiceConfig {
  /** Works evaluation runs (daily and parameter re-evaluations) in this instance. */
  @IsIn(['on', 'off'])
  EVALUATION_WORKER: 'on' | 'off' = 'on';

  /** Schedules the daily run for today (Asia/Shanghai) by itself; off leaves it to POST /evaluations. */
  @IsIn(['on', 'off'])
  DAILY_EVALUATION: 'on' | 'off' = 'on';

  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(3_600_000)
  EVALUATION_POLL_MS = 5_000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  EVALUATION_BATCH_SIZE = 200;
}

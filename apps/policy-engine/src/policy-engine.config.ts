import { BaseServiceConfig } from '@civic/platform';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';

/** Settings of the policy engine (validated at start-up; nothing else reads process.env). */
export class PolicyEngineConfig extends BaseServiceConfig {
  /** Works evaluation runs (daily and parameter re-evaluations) in this instance. */
  @IsIn(['on', 'off'])
  EVALUATION_WORKER: 'on' | 'off' = 'on';

  /**
   * Every evaluation first checks that its transaction holds each evaluated person's lock, and fails
   * if not (run-plan.ts unlockedKeys): a person evaluated without it can be evaluated by two
   * transactions at once, each on a view without the other's change. One statement per evaluation;
   * the tests turn it on.
   */
  @IsIn(['on', 'off'])
  EVALUATION_LOCK_CHECK: 'on' | 'off' = 'off';

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

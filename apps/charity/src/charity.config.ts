import { DivisionReferenceConfig } from '@civic/divisions';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** Settings of the charity service: it receives beneficiaries' resident ID numbers, so it holds the key rings. */
export class CharityConfig extends DivisionReferenceConfig {
  @Type(() => Number)
  @IsInt()
  @Min(10)
  RELAY_POLL_INTERVAL_MS = 200;

  /** Requests one client may make to the public (token-less) ledger per minute. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  PUBLIC_LEDGER_RATE_PER_MINUTE = 120;
}

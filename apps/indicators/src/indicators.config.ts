import { BaseServiceConfig } from '@civic/platform';
import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';

/**
 * Settings of the indicators read model. It receives no resident ID numbers (people arrive as
 * personRef in the departments' events), so it needs no identity key rings.
 */
export class IndicatorsConfig extends BaseServiceConfig {
  /** The relay has nothing to publish (the read model publishes no event); it still runs for readiness. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  RELAY_POLL_INTERVAL_MS = 1000;
}

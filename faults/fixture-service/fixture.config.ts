import { BaseServiceConfig } from '@civic/platform';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';

/** The fixture's settings: which halves run in this process, so the harness can kill them apart. */
export class FixtureConfig extends BaseServiceConfig {
  /** 'on' runs the outbox relay in this process. */
  @IsIn(['on', 'off']) FIXTURE_RELAY: 'on' | 'off' = 'on';
  /** 'on' runs the inbox consumer in this process. */
  @IsIn(['on', 'off']) FIXTURE_CONSUMER: 'on' | 'off' = 'on';
  @Type(() => Number) @IsInt() @Min(5) RELAY_POLL_INTERVAL_MS = 50;
  /** Rows per relay send; unset, the relay's own default (OutboxRelayOptions.batchSize). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) RELAY_BATCH_SIZE?: number;
  /** Fault injection (R3/R4): SIGKILL right after the k-th effect commits; 0 = never. */
  @Type(() => Number) @IsInt() @Min(0) FIXTURE_CRASH_AFTER_EFFECTS = 0;
  @Type(() => Number) @IsInt() @Min(0) FIXTURE_CRASH_MID_BATCH_AFTER = 0;
  /** A SIGKILLed consumer's partitions move after this; kafkajs's 30 s default dominated the suite's run time. */
  @Type(() => Number) @IsInt() @Min(6000) FIXTURE_SESSION_TIMEOUT_MS = 10_000;
}

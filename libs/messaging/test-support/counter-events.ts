import 'reflect-metadata';
import { createEvent, defineEvent, EventEnvelope } from '@civic/contracts';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';

/** Test-only payload: the seq-th increment of one counter (the aggregate). */
export class CounterIncremented {
  @IsString() counterId: string;
  @IsInt() @Min(1) seq: number;
  @IsOptional() @IsString() note?: string;
}

/** Test-only event type on logical topic `testkit.counter`; never part of the real catalog. */
export const counterIncrementedV1 = defineEvent({
  type: 'testkit.counter.incremented',
  version: 1,
  topic: 'testkit.counter',
  source: '/civic/testkit',
  payload: CounterIncremented,
  example: { counterId: 'c-1', seq: 1 },
  summary: 'test-only counter increment',
});

export const COUNTER_TOPIC = 'testkit.counter';

/** An envelope for counter `counterId`'s seq-th increment. */
export function counterEvent(counterId: string, seq: number, note?: string): EventEnvelope<CounterIncremented> {
  return createEvent(
    counterIncrementedV1,
    { counterId, seq, ...(note ? { note } : {}) },
    { source: '/civic/testkit', subject: counterId },
  );
}

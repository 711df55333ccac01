import 'reflect-metadata';
import { defineEvent } from '@civic/contracts';
import { IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';

export const FAULTS = ['poison', 'fail-twice', 'until-fixed'] as const;
export type Fault = (typeof FAULTS)[number];

/** Fault-suite payload: the seq-th increment of one counter (the aggregate). */
export class FaultCounterIncremented {
  @IsString() counterId: string;
  @IsInt() @Min(1) seq: number;
  /**
   * 'poison': the consumer always throws (R8); 'fail-twice': it throws on the first two attempts (R7);
   * 'until-fixed': it throws while the counter is listed in fault_bug (a bug an operator fixes, then re-drives).
   */
  @IsOptional() @IsIn(FAULTS) fault?: Fault;
}

/** Logical topic of the fixture; each run puts its own TOPIC_PREFIX in front. */
export const FAULT_COUNTER_TOPIC = 'faults.counter';

/** Test-only event type of the fault suite's fixture service; never part of the real catalog. */
export const faultCounterIncrementedV1 = defineEvent({
  type: 'faults.counter.incremented',
  version: 1,
  topic: FAULT_COUNTER_TOPIC,
  source: '/civic/fault-fixture',
  payload: FaultCounterIncremented,
  example: { counterId: 'c-1', seq: 1 },
  summary: 'fault-suite fixture: one increment of a counter',
});

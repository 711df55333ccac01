import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FixtureConfig } from './fixture.config';

/** Counts the fixture effects a transaction applied (read by CrashSwitch after it commits). */
export const EFFECT_MARK = 'faultEffects';

/**
 * Fault injection, counting effects (the consumer applies up to 100 records per transaction):
 * - FIXTURE_CRASH_AFTER_EFFECTS=k (R4): SIGKILL the moment the inbox transaction that brings the
 *   applied effects to k or more has committed, before its offset is committed;
 * - FIXTURE_CRASH_MID_BATCH_AFTER=k (R3): SIGKILL right after the k-th effect is applied, inside
 *   its transaction, i.e. after k of the n records of a fetched batch and before any commit.
 */
@Injectable()
export class CrashSwitch implements OnModuleInit {
  private committed = 0;
  private appliedInProcess = 0;

  constructor(
    private readonly config: FixtureConfig,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const after = this.config.FIXTURE_CRASH_AFTER_EFFECTS;
    if (!after) return;
    this.dataSource.subscribers.push({
      afterTransactionCommit: (event) => {
        this.committed += Number(event.queryRunner.data?.[EFFECT_MARK] ?? 0);
        if (this.committed >= after) process.kill(process.pid, 'SIGKILL');
      },
    });
  }

  /** Called by the listener after each effect it writes, inside the inbox transaction. */
  effectApplied(): void {
    const k = this.config.FIXTURE_CRASH_MID_BATCH_AFTER;
    if (k && ++this.appliedInProcess >= k) process.kill(process.pid, 'SIGKILL');
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FixtureConfig } from './fixture.config';

/** Marks a transaction as one that applied a fixture effect (read by CrashSwitch). */
export const EFFECT_MARK = 'faultEffect';

/**
 * Fault injection for R3/R4: with FIXTURE_CRASH_AFTER_EFFECTS=k the process SIGKILLs itself the
 * moment the k-th inbox transaction that applied an effect has committed, i.e. before that
 * record's offset is committed (and, with a backlog, after k of the n records of a fetched batch).
 */
@Injectable()
export class CrashSwitch implements OnModuleInit {
  private applied = 0;

  constructor(private readonly config: FixtureConfig, private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    const after = this.config.FIXTURE_CRASH_AFTER_EFFECTS;
    if (!after) return;
    this.dataSource.subscribers.push({
      afterTransactionCommit: (event) => {
        if (event.queryRunner.data?.[EFFECT_MARK] && ++this.applied >= after) process.kill(process.pid, 'SIGKILL');
      },
    });
  }
}

import { Clock } from '@civic/platform';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssistanceConfig } from '../assistance.config';
import { CaseAmounts } from './case-amounts';

/**
 * Decides the amounts a scheduled parameter value changes every AMOUNT_CATCH_UP_INTERVAL_MS, so the
 * re-decision is stored before the value's effective day (a value is scheduled ahead of it) and the
 * payment run's own catch-up finds nothing to do. Several instances are safe: a case decided twice is
 * decided the same.
 */
@Injectable()
export class AmountCatchUp implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger('amount-catch-up');

  constructor(
    private readonly dataSource: DataSource,
    private readonly amounts: CaseAmounts,
    private readonly config: AssistanceConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap() {
    if (this.config.AMOUNT_CATCH_UP_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => {
      this.dataSource
        .transaction((m) => this.amounts.catchUp(m))
        .then((n) => n && this.logger.log(`${n} case amount(s) decided again on ${this.clock.today()}`))
        .catch((e) => this.logger.error(`amount catch-up failed: ${e instanceof Error ? e.message : e}`));
    }, this.config.AMOUNT_CATCH_UP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }
}

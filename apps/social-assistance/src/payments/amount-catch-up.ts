import { Clock, PeriodicJob } from '@civic/platform';
import { Injectable } from '@nestjs/common';
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
export class AmountCatchUp extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly amounts: CaseAmounts,
    private readonly config: AssistanceConfig,
    private readonly clock: Clock,
  ) {
    super('amount catch-up');
  }

  protected intervalMs() {
    return this.config.AMOUNT_CATCH_UP_INTERVAL_MS;
  }

  protected async tick() {
    const n = await this.dataSource.transaction((m) => this.amounts.catchUp(m));
    if (n) this.logger.log(`${n} case amount(s) decided again on ${this.clock.today()}`);
  }
}

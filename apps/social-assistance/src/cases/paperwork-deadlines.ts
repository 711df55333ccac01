import { Clock, PeriodicJob } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { AssistanceConfig } from '../assistance.config';
import { CasesService } from './cases.service';

/** Looks for overdue emergency paperwork every OVERDUE_SCAN_INTERVAL_MS (several instances are safe: rows are claimed with SKIP LOCKED and raised once). */
@Injectable()
export class PaperworkDeadlines extends PeriodicJob {
  constructor(
    private readonly cases: CasesService,
    private readonly config: AssistanceConfig,
    private readonly clock: Clock,
  ) {
    super('overdue paperwork scan');
  }

  protected intervalMs() {
    return this.config.OVERDUE_SCAN_INTERVAL_MS;
  }

  protected tick() {
    return this.cases.raiseOverduePaperwork(this.clock.today());
  }
}

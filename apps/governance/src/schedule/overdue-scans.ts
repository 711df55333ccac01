import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { GovernanceConfig } from '../governance.config';
import { AnnualReportsService } from '../organisations/annual-reports.service';
import { VisitTasksService } from '../visit-tasks/visit-tasks.service';

/**
 * Every OVERDUE_SCAN_INTERVAL_MS: flags late annual reports and escalates overdue visit tasks, on the
 * business clock. Both are idempotent (a report is flagged once, a task escalated once), so several
 * instances may scan together.
 */
@Injectable()
export class OverdueScans implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger('overdue-scans');

  constructor(
    private readonly reports: AnnualReportsService,
    private readonly tasks: VisitTasksService,
    private readonly config: GovernanceConfig,
  ) {}

  onApplicationBootstrap() {
    if (this.config.OVERDUE_SCAN_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => {
      const failed = (what: string) => (e: unknown) =>
        this.logger.error(`${what} scan failed: ${e instanceof Error ? e.message : e}`);
      this.reports.flagLate().catch(failed('late report'));
      this.tasks.escalateOverdue().catch(failed('visit task escalation'));
    }, this.config.OVERDUE_SCAN_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }
}

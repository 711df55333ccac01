import { PeriodicJob } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { GovernanceConfig } from '../governance.config';
import { AnnualReportsService } from '../organisations/annual-reports.service';
import { VisitTasksService } from '../visit-tasks/visit-tasks.service';

/**
 * Every OVERDUE_SCAN_INTERVAL_MS: flags late annual reports and escalates overdue visit tasks, on the
 * business clock. Both are idempotent (a report is flagged once, a task escalated once), so several
 * instances may scan together.
 */
@Injectable()
export class OverdueScans extends PeriodicJob {
  constructor(
    private readonly reports: AnnualReportsService,
    private readonly tasks: VisitTasksService,
    private readonly config: GovernanceConfig,
  ) {
    super('overdue scans');
  }

  protected intervalMs() {
    return this.config.OVERDUE_SCAN_INTERVAL_MS;
  }

  // each scan logs its own failure, so one failing does not hide or stop the other
  protected tick() {
    const failed = (what: string) => (e: unknown) =>
      this.logger.error(`${what} scan failed: ${e instanceof Error ? e.message : e}`);
    return Promise.all([
      this.reports.flagLate().catch(failed('late report')),
      this.tasks.escalateOverdue().catch(failed('visit task escalation')),
    ]);
  }
}

import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AgeOuts } from '../age-out/age-outs.service';
import { ChildWelfareConfig } from '../child-welfare.config';
import { ReportsService } from '../reports/reports.service';

/**
 * The date-triggered work: children reaching the age-out age and mandatory reports past their deadline.
 * Runs every DEADLINE_SCAN_INTERVAL_MS and on request (POST /deadline-runs); several instances are safe
 * (rows are claimed with SKIP LOCKED and changed once).
 */
@Injectable()
export class Deadlines implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger('deadlines');

  constructor(
    private readonly ageOuts: AgeOuts,
    private readonly reports: ReportsService,
    private readonly config: ChildWelfareConfig,
  ) {}

  async run() {
    const ageOut = await this.ageOuts.run();
    const reports = await this.reports.escalateOverdue();
    return { date: ageOut.date, agedOut: ageOut.agedOut, escalatedReports: reports.escalated };
  }

  onApplicationBootstrap() {
    if (this.config.DEADLINE_SCAN_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => {
      this.run().catch((e) => this.logger.error(`deadline scan failed: ${e instanceof Error ? e.message : e}`));
    }, this.config.DEADLINE_SCAN_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }
}

import { PeriodicJob } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { AgeOuts } from '../age-out/age-outs.service';
import { ChildWelfareConfig } from '../child-welfare.config';
import { ReportsService } from '../reports/reports.service';

/**
 * The date-triggered work: children reaching the age-out age and mandatory reports past their deadline.
 * Runs every DEADLINE_SCAN_INTERVAL_MS and on request (POST /deadline-runs); several instances are safe
 * (rows are claimed with SKIP LOCKED and changed once).
 */
@Injectable()
export class Deadlines extends PeriodicJob {
  constructor(
    private readonly ageOuts: AgeOuts,
    private readonly reports: ReportsService,
    private readonly config: ChildWelfareConfig,
  ) {
    super('deadline scan');
  }

  async run() {
    const ageOut = await this.ageOuts.run();
    const reports = await this.reports.escalateOverdue();
    return { date: ageOut.date, agedOut: ageOut.agedOut, escalatedReports: reports.escalated };
  }

  protected intervalMs() {
    return this.config.DEADLINE_SCAN_INTERVAL_MS;
  }

  protected tick() {
    return this.run();
  }
}

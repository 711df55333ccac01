import { Clock } from '@civic/platform';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AlarmsService } from '../alarms/alarms.service';
import { AllowancesService } from '../allowances/allowances.service';
import { EldercareConfig } from '../eldercare.config';
import { VisitsService } from '../visits/visits.service';

/** What one daily run did. */
export interface DailyRunOutcome {
  date: string;
  highAge: { granted: number; rebanded: number };
  /** Grants decided again because a parameter value took effect. */
  repriced: number;
  careSubsidiesStopped: number;
  visitTasksCreated: number;
  visitsOverdue: number;
}

/**
 * The work the date triggers, not a request (docs/domain.md §2): high-age grants and band changes,
 * grants re-priced by parameter values taking effect that day, care subsidies no longer due,
 * this month's visit tasks and overdue visits, every DAILY_RUN_INTERVAL_MS; unacknowledged alarms are
 * escalated every ALARM_SCAN_INTERVAL_MS. Every step is idempotent, so a repeated or overlapping run adds nothing.
 */
@Injectable()
export class DailyRun implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly logger = new Logger('daily-run');

  constructor(
    private readonly allowances: AllowancesService,
    private readonly visits: VisitsService,
    private readonly alarms: AlarmsService,
    private readonly config: EldercareConfig,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<DailyRunOutcome> {
    const date = this.clock.today();
    const highAge = await this.allowances.grantHighAge(date);
    const repriced = await this.allowances.repriceForParameters(date);
    const careSubsidiesStopped = await this.allowances.reviewCareSubsidies(date);
    const visitTasksCreated = await this.visits.generateTasks(date.slice(0, 7), date);
    const visitsOverdue = await this.visits.raiseOverdue(date);
    return { date, highAge, repriced, careSubsidiesStopped, visitTasksCreated, visitsOverdue };
  }

  onApplicationBootstrap() {
    this.every(this.config.DAILY_RUN_INTERVAL_MS, 'daily run', () => this.run());
    this.every(this.config.ALARM_SCAN_INTERVAL_MS, 'alarm escalation', () =>
      this.alarms.escalateOverdue(this.clock.now()),
    );
  }

  onApplicationShutdown() {
    this.timers.forEach(clearInterval);
  }

  private every(ms: number, what: string, fn: () => Promise<unknown>) {
    if (ms === 0) return;
    const timer = setInterval(() => {
      fn().catch((e) => this.logger.error(`${what} failed: ${e instanceof Error ? e.message : e}`));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }
}

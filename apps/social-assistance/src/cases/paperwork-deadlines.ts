import { todayInShanghai } from '@civic/calendar';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AssistanceConfig } from '../assistance.config';
import { CasesService } from './cases.service';

/** Looks for overdue emergency paperwork every OVERDUE_SCAN_INTERVAL_MS (several instances are safe: rows are claimed with SKIP LOCKED and raised once). */
@Injectable()
export class PaperworkDeadlines implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger('paperwork-deadlines');

  constructor(
    private readonly cases: CasesService,
    private readonly config: AssistanceConfig,
  ) {}

  onApplicationBootstrap() {
    if (this.config.OVERDUE_SCAN_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => {
      this.cases
        .raiseOverduePaperwork(todayInShanghai())
        .catch((e) => this.logger.error(`overdue paperwork scan failed: ${e instanceof Error ? e.message : e}`));
    }, this.config.OVERDUE_SCAN_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }
}

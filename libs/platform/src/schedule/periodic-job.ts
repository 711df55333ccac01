import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * A scan a service runs every `intervalMs()` once the application has started (0 turns it off), until
 * shutdown. A failed tick is logged and the next one runs as planned; the timer does not keep the
 * process alive. Every periodic scan extends this one class, so they all start, fail and stop alike.
 * Whether several instances may scan together is the subclass's to say (and to make true).
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  protected readonly logger: Logger;

  protected constructor(private readonly jobName: string) {
    this.logger = new Logger(jobName);
  }

  /** Milliseconds between ticks, read at start-up; 0 = never. */
  protected abstract intervalMs(): number;

  /** One scan. */
  protected abstract tick(): Promise<unknown>;

  onApplicationBootstrap() {
    const every = this.intervalMs();
    if (every === 0) return;
    this.timer = setInterval(() => {
      this.tick().catch((e) => this.logger.error(`${this.jobName} failed: ${e instanceof Error ? e.message : e}`));
    }, every);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }
}

import { Clock } from './clock';

const MS_PER_DAY = 86_400_000;

/** How a movable clock stands: following system time, shifted by an offset, or frozen at an instant. */
export interface ClockSetting {
  mode: 'system' | 'offset' | 'frozen';
  now: string;
  today: string;
  offsetMs: number;
}

/**
 * A clock a tester can move (development and tests only; dev-clock.controller.ts): `set(at)` moves
 * it to an instant and lets it run on from there (or stay frozen), `advanceDays(n)` moves it by whole
 * days, `reset()` returns to system time. It keeps an offset rather than a fixed time so timers and
 * timeouts that run on system time still see time pass.
 */
export class MovableClock extends Clock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  constructor(private readonly system: () => number = Date.now) {
    super();
  }

  now(): Date {
    return new Date(this.frozenAt ?? this.system() + this.offsetMs);
  }

  set(at: Date, options: { freeze?: boolean } = {}): void {
    if (Number.isNaN(at.getTime())) throw new RangeError('not a valid instant');
    if (options.freeze) {
      this.frozenAt = at.getTime();
      this.offsetMs = 0;
    } else {
      this.frozenAt = null;
      this.offsetMs = at.getTime() - this.system();
    }
  }

  advanceDays(days: number): void {
    if (this.frozenAt !== null) this.frozenAt += days * MS_PER_DAY;
    else this.offsetMs += days * MS_PER_DAY;
  }

  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = null;
  }

  setting(): ClockSetting {
    const mode = this.frozenAt !== null ? 'frozen' : this.offsetMs !== 0 ? 'offset' : 'system';
    return {
      mode,
      now: this.nowIso(),
      today: this.today(),
      offsetMs: this.frozenAt !== null ? this.frozenAt - this.system() : this.offsetMs,
    };
  }
}

import { Logger } from '@nestjs/common';
import { PeriodicJob } from './periodic-job';

class Job extends PeriodicJob {
  ticks = 0;
  constructor(
    private readonly every: number,
    private readonly fail = false,
  ) {
    super('test job');
  }
  protected intervalMs() {
    return this.every;
  }
  protected async tick() {
    this.ticks++;
    if (this.fail) throw new Error('boom');
  }
}

describe('PeriodicJob', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('ticks every interval after bootstrap and stops at shutdown', async () => {
    const job = new Job(1000);
    job.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(3500);
    expect(job.ticks).toBe(3);
    job.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(5000);
    expect(job.ticks).toBe(3);
  });

  it('never ticks with an interval of 0', async () => {
    const job = new Job(0);
    job.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(job.ticks).toBe(0);
  });

  it('logs a failed tick with its name and goes on ticking', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const job = new Job(1000, true);
    job.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(2500);
    job.onApplicationShutdown();
    expect(job.ticks).toBe(2);
    expect(errors).toHaveBeenCalledWith('test job failed: boom');
    errors.mockRestore();
  });
});

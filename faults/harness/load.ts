import { Target } from './target';

/** Commands at a steady rate against whichever producer processes are alive, counting what they answered. */
export class CommandLoad {
  readonly acked: string[] = [];
  /** When each acked command's answer arrived (epoch ms, sub-ms): its commit had returned just before. */
  readonly answeredAt = new Map<string, number>();
  readonly statuses = new Map<string, number>();
  sent = 0;
  private running = false;
  private workers: Promise<void>[] = [];
  private next = 0;

  constructor(
    private readonly target: Target,
    private readonly urls: () => string[],
    private readonly opts: {
      keys: number;
      ratePerSec: number;
      concurrency?: number;
      keyPrefix?: string;
      limit?: number;
      fault?: (i: number) => 'poison' | 'fail-twice' | undefined;
    },
  ) {}

  start(): this {
    this.running = true;
    const c = this.opts.concurrency ?? 4;
    const gapMs = (1000 * c) / this.opts.ratePerSec;
    for (let w = 0; w < c; w++) {
      this.workers.push(
        (async () => {
          while (this.running && (this.opts.limit === undefined || this.next < this.opts.limit)) {
            const t0 = Date.now();
            const urls = this.urls();
            if (!urls.length) {
              await sleep(50);
              continue;
            }
            const i = this.next++;
            const key = `${this.opts.keyPrefix ?? 'k'}${i % this.opts.keys}`;
            this.sent++;
            try {
              const r = await this.target.command(urls[i % urls.length], key, this.opts.fault?.(i));
              this.count(String(r.status));
              if (r.eventId) {
                this.acked.push(r.eventId);
                this.answeredAt.set(r.eventId, performance.timeOrigin + performance.now());
              }
            } catch (e) {
              this.count((e as Error).name === 'TimeoutError' ? 'timeout' : 'connection');
            }
            await sleep(Math.max(0, gapMs - (Date.now() - t0)));
          }
        })(),
      );
    }
    return this;
  }

  /** Resolves when `limit` commands were sent and answered. */
  async done(): Promise<void> {
    await Promise.all(this.workers);
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  /** Commands that did not get a 201, by status ('connection' = the process was down). */
  failures(): Record<string, number> {
    return Object.fromEntries([...this.statuses].filter(([s]) => s !== '201'));
  }

  private count(s: string) {
    this.statuses.set(s, (this.statuses.get(s) ?? 0) + 1);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

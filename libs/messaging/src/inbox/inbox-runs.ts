import { EventEnvelope, parseEvent } from '@civic/contracts';
import { DeadLetters } from '../dead-letters/dead-letters';
import { messagingMetrics } from '../health/messaging.metrics';
import { ConsumedRecord, safeJson } from './consumed-record';
import { applyEvent } from './apply-event';
import { InboxConsumerOptions, Outcome, RunItemFailed } from './inbox-consumer.options';
import { InboxContext } from './inbox-context';
import { InboxStore } from './inbox-store';
import { NonRetryableError } from './non-retryable.error';

/** A record of a run, parsed and accepted, with whether its inbox row was claimed. */
interface RunItem {
  rec: ConsumedRecord;
  event: EventEnvelope | null;
  outcome?: Outcome;
}

/** A record's outcome, once it is settled (its effect committed, or it was a duplicate, ignored or dead-lettered). */
interface Settled {
  rec: ConsumedRecord;
  outcome: Outcome;
}

class Held extends Error {
  constructor(readonly deadLetterId: string) {
    super('held');
  }
}

class Duplicate extends Error {}

/**
 * Applies a partition's records through the inbox: consecutive valid records in one transaction
 * (a run), and a record that is invalid, held or whose run failed on its own, with retries and
 * backoff, then as a dead letter. Each effect commits with its inbox row, so a redelivery is a
 * duplicate; the caller commits offsets only after this returns.
 */
export class InboxRuns {
  private readonly attempts: number;
  private readonly labels: { service: string; consumer: string };

  constructor(
    private readonly opts: InboxConsumerOptions,
    private readonly store: InboxStore,
    private readonly deadLetters: DeadLetters,
  ) {
    this.attempts = opts.retry?.attempts ?? 5;
    this.labels = { service: opts.service, consumer: opts.consumer };
  }

  /**
   * Settles a prefix of `recs` (at least one record): the leading valid, unheld records in one
   * transaction, or, if the first record is invalid or held, that record alone on the per-record
   * path. If the run's transaction fails on a record it names (RunItemFailed), the records before
   * it are applied again as a run and the failing one takes the per-record path (retries, dead
   * letter) with that failure as its attempt 1; the records after it are left to the next run. A
   * failure that names no record redoes the run one record at a time, so retries, dead letters and
   * holds behave as with batchSize 1.
   */
  async settle(recs: ConsumedRecord[], heartbeat: () => Promise<void>): Promise<Settled[]> {
    const run: RunItem[] = [];
    for (const rec of recs) {
      const parsed = parseEvent(safeJson(rec.message.value?.toString() ?? null));
      // an invalid record ends the run and goes to the dead-letter path on its own, keeping its place
      if (!parsed.ok) break;
      run.push({ rec, event: this.opts.accepts && !this.opts.accepts(parsed.event) ? null : parsed.event });
    }
    if (run.length <= 1) return [{ rec: recs[0], outcome: await this.process(recs[0], heartbeat) }];
    return this.settleRun(run, heartbeat);
  }

  /** Parsed records of any number: none, one alone on the per-record path, more as a run. */
  private async settleItems(run: RunItem[], heartbeat: () => Promise<void>): Promise<Settled[]> {
    if (run.length <= 1)
      return Promise.all(run.map(async (r) => ({ rec: r.rec, outcome: await this.process(r.rec, heartbeat) })));
    return this.settleRun(run, heartbeat);
  }

  /** A run of at least two records: see settle. Returns the settled prefix of `run`, in offset order. */
  private async settleRun(run: RunItem[], heartbeat: () => Promise<void>): Promise<Settled[]> {
    try {
      await whileBeating(heartbeat, () => this.applyRun(run));
    } catch (e) {
      const failedAt = e instanceof RunItemFailed && e.index >= 0 && e.index < run.length ? e.index : -1;
      if (failedAt < 0) {
        const settled: Settled[] = [];
        for (const r of run) settled.push({ rec: r.rec, outcome: await this.process(r.rec, heartbeat) });
        return settled;
      }
      // a failure late in a large run costs one more run transaction, not one per record before it
      const before = await this.settleItems(run.slice(0, failedAt), heartbeat);
      // the redo stopped short (a held key, or another record failed first): the rest waits for the next run
      if (before.length < failedAt) return before;
      const failing = run[failedAt].rec;
      // the error tied to its record counts as that record's attempt 1
      return [...before, { rec: failing, outcome: await this.process(failing, heartbeat, (e as RunItemFailed).error) }];
    }
    // the run may have ended early at a held key: the rest waits for the next run
    const done = run.filter((r) => r.outcome !== undefined);
    for (const r of done) {
      if (r.outcome === 'applied') messagingMetrics.consumerProcessed.inc(this.labels);
      if (r.outcome === 'duplicate') messagingMetrics.consumerDuplicates.inc(this.labels);
    }
    if (!done.length) return [{ rec: run[0].rec, outcome: await this.process(run[0].rec, heartbeat) }];
    return done.map((r) => ({ rec: r.rec, outcome: r.outcome! }));
  }

  /** One transaction for a run: holds read and inbox rows claimed in one statement, then the handlers (or the run handler) in offset order. */
  private async applyRun(run: RunItem[]): Promise<void> {
    const { topic, partition } = run[0].rec;
    await this.opts.dataSource
      .transaction(async (manager) => {
        // holds read (locked against a re-drive, as on the per-record path) and inbox rows claimed in one
        // statement; the run ends before the first held record, which takes the per-record path
        // (duplicate or dead letter); an event twice in one run is claimed once: its first record
        // applies, the second is a duplicate
        const { claimed: unclaimed, held } = await this.store.claimRun(
          manager,
          topic,
          partition,
          run.flatMap((r, index) =>
            r.event ? [{ event: r.event, offset: r.rec.message.offset, key: r.rec.key, index }] : [],
          ),
        );
        const end = run.findIndex((r) => r.event && r.rec.key !== null && held.has(r.rec.key));
        const items = end < 0 ? run : run.slice(0, end);
        for (const r of items)
          r.outcome = !r.event ? 'ignored' : unclaimed.delete(r.event.id) ? 'applied' : 'duplicate';
        const applied: { index: number; event: EventEnvelope; ctx: InboxContext }[] = [];
        for (let i = 0; i < items.length; i++) {
          const { rec, event, outcome } = items[i];
          if (outcome !== 'applied') continue;
          const origin = { consumer: this.opts.consumer, topic, partition, offset: rec.message.offset, attempt: 1 };
          applied.push({ index: i, event: event!, ctx: new InboxContext(manager, event!, origin, this.opts.service) });
        }
        if (this.opts.handleRun && applied.length > 1) {
          // set-based: the whole run in one call; a RunItemFailed index is mapped back to the run's record
          try {
            // events of many requests in one call: it runs in no single one's trace
            await this.opts.handleRun(applied.map(({ event, ctx }) => ({ event, ctx })));
          } catch (e) {
            throw e instanceof RunItemFailed ? new RunItemFailed(applied[e.index]?.index ?? -1, e.error) : e;
          }
          return;
        }
        for (const { index, ctx } of applied) {
          try {
            await applyEvent(this.opts, ctx);
          } catch (e) {
            throw new RunItemFailed(index, e);
          }
        }
      })
      .catch((e) => {
        for (const r of run) r.outcome = undefined;
        throw e;
      });
  }

  /** `failedOnce`: the error of this record's first attempt, made inside a run that was rolled back. */
  private async process(rec: ConsumedRecord, heartbeat: () => Promise<void>, failedOnce?: unknown): Promise<Outcome> {
    const raw = rec.message.value?.toString() ?? null;
    const json = safeJson(raw);
    if (json === undefined)
      return this.deadLetters.deadLetter(
        rec,
        { reason: 'invalid-envelope', field: '$', message: 'value is not JSON' },
        1,
        null,
      );
    const parsed = parseEvent(json);
    if (!parsed.ok)
      return this.deadLetters.deadLetter(
        rec,
        { reason: parsed.error.reason, field: parsed.error.field, message: parsed.error.message },
        1,
        eventIdOf(json),
      );
    const event = parsed.event;
    if (this.opts.accepts && !this.opts.accepts(event)) return 'ignored';

    const initial = this.opts.retry?.initialBackoffMs ?? 200;
    const max = this.opts.retry?.maxBackoffMs ?? 5_000;
    let carried = failedOnce;
    for (let attempt = 1; ; attempt++) {
      try {
        if (carried !== undefined) {
          const e = carried;
          carried = undefined;
          throw e;
        }
        // a handler slower than the session timeout must not cost the consumer its group membership:
        // the group would rebalance and hand the partition to another member mid-transaction
        await whileBeating(heartbeat, () => this.applyOnce(rec, event, attempt));
        messagingMetrics.consumerProcessed.inc(this.labels);
        return 'applied';
      } catch (e) {
        if (e instanceof Held) {
          return this.deadLetters.deadLetter(
            rec,
            {
              reason: 'held-behind-dead-letter',
              field: null,
              message: `an earlier event of this key is dead-lettered (#${e.deadLetterId}); re-drive it first`,
            },
            0,
            event.id,
          );
        }
        if (e instanceof Duplicate) {
          messagingMetrics.consumerDuplicates.inc(this.labels);
          return 'duplicate';
        }
        const permanent = e instanceof NonRetryableError;
        if (!permanent && attempt < this.attempts) {
          messagingMetrics.consumerRetries.inc(this.labels);
          await whileBeating(
            heartbeat,
            () => new Promise((r) => setTimeout(r, Math.min(max, initial * 2 ** (attempt - 1)))),
          );
          continue;
        }
        // with the database down every handler fails: that is an outage to wait out, not a poison message
        await this.opts.dataSource.query('SELECT 1');
        return this.deadLetters.deadLetter(
          rec,
          { reason: permanent ? 'rejected' : 'handler-failed', field: null, message: errorText(e) },
          attempt,
          event.id,
        );
      }
    }
  }

  private async applyOnce(rec: ConsumedRecord, event: EventEnvelope, attempt: number): Promise<void> {
    const origin = {
      consumer: this.opts.consumer,
      topic: rec.topic,
      partition: rec.partition,
      offset: rec.message.offset,
      attempt,
    };
    await this.opts.dataSource.transaction(async (manager) => {
      const { claimed, heldBy } = await this.store.claimOne(
        manager,
        rec.topic,
        rec.partition,
        { event, offset: rec.message.offset },
        rec.key,
      );
      if (!claimed) throw new Duplicate();
      if (heldBy !== null) throw new Held(heldBy);
      // a run handler's RunItemFailed for this one event is unwrapped by applyEvent
      await applyEvent(this.opts, new InboxContext(manager, event, origin, this.opts.service));
    });
  }
}

async function whileBeating<T>(heartbeat: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => heartbeat().catch(() => undefined), 1_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

function eventIdOf(json: unknown): string | null {
  const id = (json as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  const nestGeneric = (e as { message?: unknown } | null)?.message === 'Internal server error';
  if (nestGeneric)
    return "the handler threw, but Nest's default RPC filter replaced the error: declare the listener with @InboxListener() to keep it";
  return typeof e === 'object' ? JSON.stringify(e) : String(e);
}

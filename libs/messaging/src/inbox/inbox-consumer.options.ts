import { EventEnvelope } from '@civic/contracts';
import { DataSource } from 'typeorm';
import { KafkaConnection } from '../kafka/kafka-config';
import { InboxContext } from './inbox-context';

/** Applies one event; runs inside the inbox transaction (use ctx.manager for every write). */
export type InboxHandler = (event: EventEnvelope, ctx: InboxContext) => Promise<void>;

/**
 * Applies the claimed events of a run together, in offset order, inside the run's transaction
 * (all contexts share one manager). It must have exactly the effect of `handle` on each event in
 * turn; set-based SQL over the run is the point (one statement per run instead of one per event).
 * Throw `RunItemFailed` to name the event that failed, so its error counts as that record's
 * first attempt; any other error is retried per record from attempt 1.
 */
export type InboxRunHandler = (items: { event: EventEnvelope; ctx: InboxContext }[]) => Promise<void>;

/** A run handler's failure tied to one event of the run (index into the items it was given). */
export class RunItemFailed extends Error {
  constructor(
    readonly index: number,
    readonly error: unknown,
  ) {
    super('handler failed in run');
  }
}

/**
 * Points in processing one record; the fault suite kills the process at each, to show that a crash
 * between the effect commit and the offset commit costs no second effect (scenarios R3, R4 in docs/reliability.md).
 */
export type ConsumerStep = 'effect-committed' | 'offset-committed';

/** What happened to one record. */
export type Outcome = 'applied' | 'duplicate' | 'ignored' | 'dead-lettered';

/**
 * Records per run unless a consumer sets batchSize. Runs of 500 cut PostgreSQL's CPU per record by
 * about a third and drain a backlog at ~1.0 of the raw-pg prototype, runs of 100 at ~0.45 (P5c,
 * docs/adr/0028-inbox-runs-of-500-relay-sends-by-bytes.md); a run failing on a named record costs one
 * more run, not a transaction per record (InboxRuns.settle). The policy engine sets its own 100
 * (ENGINE_RUN_SIZE): its runs of 500 hold their person keys for seconds (docs/adr/0022).
 */
export const DEFAULT_BATCH_SIZE = 500;

/** Settings of an InboxConsumer. */
export interface InboxConsumerOptions {
  dataSource: DataSource;
  kafka: KafkaConnection;
  service: string;
  /** Consumer name: the inbox dedupes per name, and the Kafka group is `<prefix><service>.<consumer>`. */
  consumer: string;
  /** Logical topics; the connection's prefix is added. */
  topics: string[];
  handle: InboxHandler;
  /** Optional set-based path for runs of more than one claimed event (see InboxRunHandler); `handle` still serves the per-record path. */
  handleRun?: InboxRunHandler;
  /** Events this consumer does not handle are skipped (offset committed, no inbox row); default: all handled. */
  accepts?: (event: EventEnvelope) => boolean;
  retry?: { attempts?: number; initialBackoffMs?: number; maxBackoffMs?: number };
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  /** Most consecutive records of a partition applied in one transaction (default DEFAULT_BATCH_SIZE; 1 = one transaction per record). */
  batchSize?: number;
  /** Fault-injection hook. */
  onStep?: (
    step: ConsumerStep,
    record: { topic: string; partition: number; offset: string; outcome: Outcome },
  ) => void | Promise<void>;
}

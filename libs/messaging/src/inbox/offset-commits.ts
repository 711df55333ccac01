/**
 * A consumer's offset commits, one lane per partition, off the fetch loop: kafkajs fetches again
 * only when every batch handler of the last fetch has returned, so a handler that awaited its own
 * offset commit added a broker round trip to every fetch cycle (and to the latency of every record
 * arriving meanwhile). Fetches use a connection of their own (kafkajs ConnectionPool), so a commit
 * in flight does not hold one up.
 *
 * What stays: a commit is queued only after the effects it covers committed; a lane's commits are
 * sent one after another in queue order, so a committed offset never moves back; a commit still
 * queued when a newer one arrives is replaced by it (offset commits are cumulative). A failed
 * commit (kafkajs retried it already) goes to `failed` and is left to the lane's next commit, which
 * covers it: thrown into a later batch it would make kafkajs rejoin the group for a rebalance that
 * is usually over by then, and that rejoin fails the commits in flight again. Until a commit
 * succeeds a restart redelivers more records, which the inbox turns into duplicates.
 */
export class OffsetCommits {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly commit: (topic: string, partition: number, offset: string) => Promise<void>,
    private readonly failed: (e: unknown) => void,
  ) {}

  /** Queues the commit of `offset` (the next offset to read); `after` runs once it is committed. */
  push(topic: string, partition: number, offset: string, after: () => Promise<void>): void {
    const lane = this.lane(topic, partition);
    if (lane.queued) {
      lane.queued.offset = offset;
      lane.queued.after.push(after);
      return;
    }
    const job = { offset, after: [after] };
    lane.queued = job;
    lane.tail = lane.tail.then(async () => {
      lane.queued = undefined; // sent from here on: a later push queues the next commit
      try {
        await this.commit(topic, partition, job.offset);
        for (const a of job.after) await a();
      } catch (e) {
        this.failed(e);
      }
    });
  }

  /** Resolves when every commit queued so far was sent and answered (graceful stop). */
  async settled(): Promise<void> {
    await Promise.all([...this.lanes.values()].map((l) => l.tail));
  }

  private lane(topic: string, partition: number): Lane {
    const key = `${topic}/${partition}`;
    let lane = this.lanes.get(key);
    if (!lane) this.lanes.set(key, (lane = { tail: Promise.resolve() }));
    return lane;
  }
}

interface Lane {
  tail: Promise<void>;
  queued?: { offset: string; after: (() => Promise<void>)[] };
}

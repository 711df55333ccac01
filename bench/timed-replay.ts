/** The policy engine benches' replay (bench/policy-engine.ts, bench/policy-replay.ts), timed. */
import { KafkaConnection } from '@civic/messaging';
import { withClient } from '@civic/testing';
import { replayView, ReplayResult } from '../apps/policy-engine/src/replay/replay-view';

/**
 * Rebuilds the view into `schema` (replay/replay-view.ts) and returns its result with the seconds
 * from its first inbox transaction to its last: without the schema's migrations and the group joins.
 */
export async function timedReplay(
  kafka: Omit<KafkaConnection, 'clientId'>,
  schema: string,
  timeoutMs: number,
): Promise<ReplayResult & { secondsAfterStart: number }> {
  const r = await replayView({
    databaseUrl: process.env.DATABASE_URL as string,
    schema,
    kafka: { ...kafka, clientId: 'bench-replay' },
    timeoutMs,
  });
  const [span] = await withClient(
    process.env.DATABASE_URL as string,
    async (c) =>
      (
        await c.query(
          `SELECT (extract(epoch FROM max(processed_at) - min(processed_at)))::float AS s FROM "${schema}".inbox_message`,
        )
      ).rows,
  );
  return { ...r, secondsAfterStart: Number(span.s) };
}

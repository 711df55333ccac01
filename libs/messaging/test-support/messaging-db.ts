import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { EventEnvelope } from '@civic/contracts';
import { InboxHandler } from '../src/inbox/inbox-consumer.options';
import { messagingEntities, messagingMigrations } from '../src/messaging-schema';
import { CounterIncremented } from './counter-events';

/** A DataSource on `url` (a fresh schema) with the messaging migrations run, plus the test effect table. */
export async function openMessagingDb(url: string, runMigrations = true): Promise<DataSource> {
  const ds = new DataSource({
    type: 'postgres',
    url,
    entities: messagingEntities,
    migrations: messagingMigrations,
    synchronize: false,
    logging: false,
    extra: { max: 8 },
  });
  await ds.initialize();
  if (runMigrations) {
    await ds.runMigrations({ transaction: 'all' });
    // no unique constraint on purpose: a duplicate effect must be countable, not prevented
    await ds.query(
      `CREATE TABLE IF NOT EXISTS counter_effect (id bigserial PRIMARY KEY, counter_id text NOT NULL, seq int NOT NULL, event_id text NOT NULL, consumer text NOT NULL)`,
    );
  }
  return ds;
}

/** The test effect: one counter_effect row per applied event, written through the inbox transaction. */
export function counterHandler(
  fail?: (event: EventEnvelope<CounterIncremented>, attempt: number) => Error | undefined,
): InboxHandler {
  return async (event, ctx) => {
    const e = event as EventEnvelope<CounterIncremented>;
    await ctx.manager.query(
      `INSERT INTO counter_effect (counter_id, seq, event_id, consumer) VALUES ($1, $2, $3, $4)`,
      [e.data.counterId, e.data.seq, e.id, ctx.record.consumer],
    );
    const err = fail?.(e, ctx.record.attempt);
    if (err) throw err; // after the write, so a failure must roll the effect back
  };
}

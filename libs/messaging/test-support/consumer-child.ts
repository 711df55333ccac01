// An inbox consumer in its own process for the fault suite (docs/reliability.md R3, R4): it SIGKILLs
// itself right after the CRASH_AFTER-th effect commits, before that record's offset is committed.
import 'reflect-metadata';
import './counter-events';
import { InboxConsumer } from '../src/inbox/inbox-consumer';
import { counterHandler, openMessagingDb } from './messaging-db';

async function main() {
  const crashAfter = Number(process.env.CRASH_AFTER ?? 1);
  const ds = await openMessagingDb(process.env.DATABASE_URL!, false);
  let applied = 0;
  const consumer = new InboxConsumer({
    dataSource: ds,
    kafka: {
      brokers: process.env.KAFKA_BROKERS!.split(','),
      clientId: 'consumer-child',
      topicPrefix: process.env.TOPIC_PREFIX,
    },
    service: 'testkit',
    consumer: process.env.CONSUMER_NAME ?? 'counter',
    topics: [process.env.TOPIC ?? 'testkit.counter'],
    handle: counterHandler(),
    partitionsConsumedConcurrently: 1,
    batchSize: Number(process.env.BATCH_SIZE ?? 100),
    // the minimum the broker allows, so the survivor's rebalance does not wait long for this dead member
    sessionTimeoutMs: 6_000,
    onStep: (step, r) => {
      if (step === 'effect-committed' && r.outcome === 'applied' && ++applied >= crashAfter)
        process.kill(process.pid, 'SIGKILL');
    },
  });
  await consumer.start();
  process.stdout.write('ready\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});

// A relay in its own process for the fault suite (RELIABILITY R1). It SIGKILLs itself at
// CRASH_AT ('selected' | 'published' | 'marked' | 'random' | 'none') on its first cycle with rows,
// where 'random' means a random moment 0-150 ms after that cycle began.
import 'reflect-metadata';
import './counter-events';
import { OutboxRelay, RelayStep } from '../src/outbox-relay';
import { openMessagingDb } from './messaging-db';

async function main() {
  const crashAt = process.env.CRASH_AT ?? 'none';
  const ds = await openMessagingDb(process.env.DATABASE_URL!, false);
  const die = () => process.kill(process.pid, 'SIGKILL');
  let armed = false;
  const relay = new OutboxRelay({
    dataSource: ds,
    kafka: { brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'relay-child', topicPrefix: process.env.TOPIC_PREFIX },
    service: 'testkit',
    batchSize: Number(process.env.BATCH_SIZE ?? 10),
    pollIntervalMs: 20,
    standbyIntervalMs: 50,
    onStep: (step: RelayStep) => {
      if (crashAt === 'random' && step === 'selected' && !armed) {
        armed = true;
        setTimeout(die, Math.floor(Math.random() * 150));
      }
      if (step === crashAt) die();
    },
  });
  await relay.start();
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => {
    relay.stop().then(() => ds.destroy()).then(() => process.exit(0), () => process.exit(1));
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});

// A relay in its own process for the fault suite (docs/reliability.md R1). It SIGKILLs itself at
// CRASH_AT ('selected' | 'published' | 'marked' | 'random' | 'none') on its first cycle with rows,
// where 'random' means a random moment 0-150 ms after that cycle began.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { OutboxRelay, RelayStep } from '../src/outbox/outbox-relay';

async function main() {
  const crashAt = process.env.CRASH_AT ?? 'none';
  // no entities and no event catalog: the relay reads raw rows, and a light child restarts fast
  const ds = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL!, extra: { max: 2 } }).initialize();
  const die = () => process.kill(process.pid, 'SIGKILL');
  let armed = false;
  const relay = new OutboxRelay({
    dataSource: ds,
    kafka: {
      brokers: process.env.KAFKA_BROKERS!.split(','),
      clientId: 'relay-child',
      topicPrefix: process.env.TOPIC_PREFIX,
    },
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
    relay
      .stop()
      .then(() => ds.destroy())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});

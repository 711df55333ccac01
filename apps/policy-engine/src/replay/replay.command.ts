// Rebuilds the person view from the topics into a fresh schema and prints its digest:
//   node -r @swc-node/register apps/policy-engine/src/replay/replay.command.ts [--schema <name>] [--drop]
// Reads DATABASE_URL, KAFKA_BROKERS and TOPIC_PREFIX like the service (validated config).
import 'reflect-metadata';
import '@civic/contracts';
import { kafkaSecurityOf } from '@civic/messaging';
import { loadConfig } from '@civic/platform';
import { DataSource } from 'typeorm';
import { PolicyEngineConfig } from '../policy-engine.config';
import { replayView } from './replay-view';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--schema');
  const schema = at >= 0 ? args[at + 1] : `policy_replay_${Date.now().toString(36)}`;
  const config = loadConfig(PolicyEngineConfig, { NODE_ENV: 'development', ...process.env });
  const result = await replayView({
    databaseUrl: config.DATABASE_URL,
    schema,
    kafka: {
      ...kafkaSecurityOf(config),
      brokers: config.KAFKA_BROKERS,
      clientId: 'policy-engine-replay',
      topicPrefix: config.TOPIC_PREFIX,
    },
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (args.includes('--drop')) {
    const ds = await new DataSource({ type: 'postgres', url: config.DATABASE_URL }).initialize();
    await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
    await ds.destroy();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`replay failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);

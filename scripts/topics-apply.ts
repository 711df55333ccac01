// The admin step that creates and updates the Kafka topics of an environment (services in
// production only verify them, KAFKA_TOPICS=verify): every topic of the event catalog and its .dlq,
// under TOPIC_PREFIX, with partitions, replication factor, min.insync.replicas and retention from
// the KAFKA_* settings (libs/platform/src/config/kafka-client.config.ts, deploy/README.md).
//   npm run topics:apply            # create missing topics, add partitions, set the managed configs
//   npm run topics:apply -- --check # only report differences; exit 1 if there are any
// Run in Kubernetes by the topics Job (deploy/base/kafka-topics-job.yaml) before the services roll out.
import 'reflect-metadata';
import { allTopics } from '@civic/contracts';
import { applyTopics, kafkaSecurityOf, topicDifferences, topicSettingsOf, topicSpecs } from '@civic/messaging';
import { KafkaClientConfig, loadConfig } from '@civic/platform';

async function main(): Promise<number> {
  const config = loadConfig(KafkaClientConfig, { NODE_ENV: 'development', ...process.env });
  const conn = {
    ...kafkaSecurityOf(config),
    brokers: config.KAFKA_BROKERS,
    clientId: 'topics-apply',
    topicPrefix: config.TOPIC_PREFIX,
  };
  const specs = topicSpecs(config.TOPIC_PREFIX, allTopics(), topicSettingsOf(config));
  const say = (msg: string) => process.stdout.write(`[topics] ${msg}\n`);
  say(
    `${specs.length} topics on ${config.KAFKA_BROKERS.join(',')}: ${config.KAFKA_TOPIC_PARTITIONS} partitions, ` +
      `replication factor ${config.KAFKA_REPLICATION_FACTOR}, min.insync.replicas ${config.KAFKA_MIN_INSYNC_REPLICAS}, ` +
      `retention ${config.KAFKA_RETENTION_MS} ms (person-view source topics: kept forever)`,
  );
  if (process.argv.includes('--check')) {
    const problems = await topicDifferences(conn, specs);
    for (const p of problems) say(`differs: ${p}`);
    say(problems.length ? `${problems.length} difference(s)` : 'every topic matches');
    return problems.length ? 1 : 0;
  }
  const { created, altered, left } = await applyTopics(conn, specs);
  say(`created ${created.length}, configs set on ${altered.length} existing`);
  for (const l of left) say(`left as is: ${l}`);
  const problems = await topicDifferences(conn, specs);
  for (const p of problems) say(`still differs: ${p}`);
  return problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`[topics] failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);

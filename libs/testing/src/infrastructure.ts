// Where the integration tests get PostgreSQL and Kafka from, in the same order as infra/up.sh
// (docs/adr/0004-infrastructure-fallback.md): the environment, else Docker (through
// testcontainers, the containers live as long as the jest run), else the local broker and the
// local PostgreSQL that infra/up.sh starts.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';

const root = join(__dirname, '..', '..', '..');
const infraEnvFile = join(root, '.infra.env');

export interface Infrastructure {
  databaseUrl: string;
  kafkaBrokers: string;
  mode: 'attach' | 'docker' | 'local';
  stop: () => Promise<void>;
}

/** Reads the endpoints infra/up.sh wrote, without overriding variables already set. */
export function loadInfraEnv(): void {
  if (!existsSync(infraEnvFile)) return;
  for (const line of readFileSync(infraEnvFile, 'utf8').split('\n')) {
    const m = /^export (\w+)=(.*)$/.exec(line.trim());
    if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2];
  }
}

/** DATABASE_URL from the environment, else from .infra.env: what a benchmark run by hand connects to. */
export function databaseUrlFromInfraEnv(): string {
  loadInfraEnv();
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set and .infra.env has none: run bash infra/up.sh');
  return url;
}

/**
 * Attaches to or starts PostgreSQL and Kafka and exports DATABASE_URL and KAFKA_BROKERS.
 * CIVIC_INFRA=testcontainers (the Docker tier, scripts/test-docker.sh) skips .infra.env and the
 * environment and starts containers, failing when no engine answers.
 */
export async function ensureInfrastructure(): Promise<Infrastructure> {
  if (process.env.CIVIC_INFRA === 'testcontainers') {
    if (!dockerAnswers()) throw new Error('CIVIC_INFRA=testcontainers, but no Docker engine answers (docker info)');
    delete process.env.DATABASE_URL;
    delete process.env.KAFKA_BROKERS;
    return startWithTestcontainers();
  }
  loadInfraEnv();
  const noop = async () => undefined;
  if (process.env.DATABASE_URL && process.env.KAFKA_BROKERS) {
    return {
      databaseUrl: process.env.DATABASE_URL,
      kafkaBrokers: process.env.KAFKA_BROKERS,
      mode: 'attach',
      stop: noop,
    };
  }
  if (process.env.INFRA_NO_DOCKER !== '1' && dockerAnswers()) return startWithTestcontainers();
  const run = spawnSync('bash', [join(root, 'infra', 'up.sh')], {
    stdio: 'inherit',
    env: { ...process.env, INFRA_NO_DOCKER: '1' },
  });
  if (run.status !== 0) throw new Error('infra/up.sh failed: see its output above');
  loadInfraEnv();
  return {
    databaseUrl: process.env.DATABASE_URL as string,
    kafkaBrokers: process.env.KAFKA_BROKERS as string,
    mode: 'local',
    stop: noop,
  };
}

function dockerAnswers(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function startWithTestcontainers(): Promise<Infrastructure> {
  // Loaded lazily: machines without Docker never touch it.
  const { GenericContainer, Wait } = await import('testcontainers');
  const postgres = await new GenericContainer('postgres:15')
    .withEnvironment({ POSTGRES_USER: 'civic', POSTGRES_PASSWORD: 'civic', POSTGRES_DB: 'civic' })
    .withCommand(['postgres', '-c', 'jit=off']) // as docker-compose.yml runs it
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  // The broker must advertise the port the host sees, so pick it before starting.
  const kafkaPort = await freePort();
  const kafka = await new GenericContainer('apache/kafka:4.1.1')
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://0.0.0.0:9092,CONTROLLER://localhost:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withExposedPorts({ container: 9092, host: kafkaPort })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  process.env.DATABASE_URL = `postgres://civic:civic@${postgres.getHost()}:${postgres.getMappedPort(5432)}/civic`;
  process.env.KAFKA_BROKERS = `127.0.0.1:${kafkaPort}`;
  return {
    databaseUrl: process.env.DATABASE_URL,
    kafkaBrokers: process.env.KAFKA_BROKERS,
    mode: 'docker',
    stop: async () => {
      await kafka.stop();
      await postgres.stop();
    },
  };
}

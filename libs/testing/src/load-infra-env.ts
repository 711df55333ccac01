// Jest setup for the integration tier: reads the endpoints infra/up.sh chose (.infra.env) unless
// DATABASE_URL / KAFKA_BROKERS are already set, so tests attach to exactly what is running.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const file = join(__dirname, '..', '..', '..', '.infra.env');
if (existsSync(file)) {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^export (\w+)=(.*)$/.exec(line.trim());
    if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2];
  }
}
if (!process.env.DATABASE_URL || !process.env.KAFKA_BROKERS) {
  throw new Error('Integration tests need PostgreSQL and Kafka: run `bash infra/up.sh` (npm test does) or set DATABASE_URL and KAFKA_BROKERS.');
}

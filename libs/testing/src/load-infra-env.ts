// jest setupFile of the integration tier: make sure each worker sees the endpoints (a worker
// started outside the global setup, e.g. `jest --runInBand` in an IDE, reads .infra.env).
import { loadInfraEnv } from './infrastructure';

loadInfraEnv();
if (!process.env.DATABASE_URL || !process.env.KAFKA_BROKERS) {
  throw new Error(
    'Integration tests need PostgreSQL and Kafka: run `bash infra/up.sh` (npm test does) or set DATABASE_URL and KAFKA_BROKERS.',
  );
}

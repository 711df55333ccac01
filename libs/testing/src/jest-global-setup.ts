// jest globalSetup of the integration tier: attach to or start the infrastructure once per run.
// Workers are forked after this and inherit DATABASE_URL and KAFKA_BROKERS.
import { startContractRecording } from './contract/contract-run';
import { ensureInfrastructure } from './infrastructure';

export default async function globalSetup(): Promise<void> {
  const infra = await ensureInfrastructure();
  (globalThis as { __civicInfra?: typeof infra }).__civicInfra = infra;
  startContractRecording();
}

import { checkContractRecording } from './contract/contract-run';

// Stops containers started by the global setup (nothing to do when attached or local), then runs
// the contract test of the e2e tier: every record the e2e suites wrote against docs/asyncapi.yaml.
export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as { __civicInfra?: { stop: () => Promise<void> } }).__civicInfra;
  await infra?.stop();
  checkContractRecording();
}

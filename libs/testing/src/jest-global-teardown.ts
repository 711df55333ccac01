// Stops containers started by the global setup (nothing to do when attached or local).
export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as { __civicInfra?: { stop: () => Promise<void> } }).__civicInfra;
  await infra?.stop();
}

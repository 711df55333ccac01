import { startServiceProcess } from '@civic/testing';

/** The department services and the engine and gateway, each measured alone by the idle benches. */
export const SERVICES = [
  'social-assistance',
  'policy-engine',
  'hub-gateway',
  'eldercare',
  'child-welfare',
  'charity',
  'governance',
];

/**
 * Starts one service alone for an idle reading: a fresh schema, test topics of its own, errors-only
 * logs, and the service's own relay poll (the tests' 50 ms polls four times as often as the
 * services' default and cost social-assistance 7-10 ms of CPU a second: docs/benchmarks.md, ninth pass).
 */
export function startIdleService(app: string, bench: string, env: Record<string, string> = {}) {
  return startServiceProcess({
    app,
    schemaPrefix: `idle_${bench}`,
    topicPrefix: `idle-${bench}.`,
    jwtSecret: 'x'.repeat(40),
    env: { LOG_LEVEL: 'error', RELAY_POLL_INTERVAL_MS: undefined, ...env },
  });
}

/** One scrape of the service's /metrics: each metric's value by name (undefined when not exported). */
export async function scrapeMetrics(baseUrl: string): Promise<(name: string) => number | undefined> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return (name) => {
    const value = new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1];
    return value === undefined ? undefined : Number(value);
  };
}

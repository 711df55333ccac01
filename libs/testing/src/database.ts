import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { e2eTestPath, saveIdFindings, scanSchemaForIdNumbers } from './contract/id-scan';
import { serviceFailure } from './service-failures';

/** A unique, lower-case name for this test suite's schema or topic prefix. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`.toLowerCase();
}

/** Creates a fresh schema on DATABASE_URL and returns its name and a URL whose search_path points at it. */
export async function freshSchema(prefix = 't'): Promise<{ schema: string; url: string; drop: () => Promise<void> }> {
  const base = requiredEnv('DATABASE_URL');
  const schema = uniqueName(prefix);
  await withClient(base, (c) => c.query(`CREATE SCHEMA "${schema}"`));
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schema,
    url: url.toString(),
    drop: async () => {
      // the e2e ID scan reads every text column just before the schema goes (contract/id-scan.ts)
      const testPath = e2eTestPath();
      if (testPath) saveIdFindings(testPath, schema, await scanSchemaForIdNumbers(base, schema));
      await withClient(base, (c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    },
  };
}

/** Runs fn with a short-lived pg client. */
export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Polls until fn returns a non-undefined value, or throws after timeoutMs naming what it waited for. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // a service under test that failed for good (service-failures.ts) ends the wait at once
    const failure = serviceFailure();
    if (failure !== undefined) throw new Error(`stopped waiting for ${what}: ${failure}`);
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until `sql` returns at least `count` rows (default 1) and returns them. */
export function waitForRows<R extends Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
  count = 1,
  timeoutMs = 30_000,
): Promise<R[]> {
  return waitFor(
    `${count} row(s) from: ${sql}`,
    () =>
      withClient(url, async (c) => {
        const { rows } = await c.query(sql, params);
        return rows.length >= count ? (rows as R[]) : undefined;
      }),
    timeoutMs,
  );
}

export function requiredEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run bash infra/up.sh or export it`);
  return v;
}

import { findIdNumbers } from '@civic/identity';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { CONTRACT_RECORDS_DIR } from './contract-run';

// The ID scan of the e2e tier (issue 18): no resident ID number, in any disguise libs/identity's
// guard sees through, may be left in what the suites' services wrote — the Kafka records of every
// e2e topic prefix (scanned when contract-capture.ts reads them back), the text and JSON columns
// of every e2e schema (scanned just before the schema is dropped) and the service logs (every
// line a service in the worker or a service process writes). Findings go to the run's capture
// directory; the jest global teardown fails the run on any (contract-run.ts). This side runs in
// the jest workers, where the @civic aliases resolve.

/** The e2e test file running in this worker, or undefined outside an e2e suite or a recorded run. */
export function e2eTestPath(): string | undefined {
  const testPath = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState().testPath;
  return process.env[CONTRACT_RECORDS_DIR] && testPath?.endsWith('.e2e-spec.ts') ? testPath : undefined;
}

/** Where in `text` resident ID numbers stand, described without repeating them (`<where>: 2 ID number(s) (442000…)`). */
export function idNumbersIn(text: string | null | undefined, where: string): string[] {
  if (!text) return [];
  const found = findIdNumbers(text);
  return found.length ? [`${where}: ${found.length} resident ID number(s) (${found[0].number.slice(0, 6)}…)`] : [];
}

/** Records findings of this worker's suite for the global teardown. */
export function saveIdFindings(testPath: string, prefix: string, findings: string[]): void {
  const dir = process.env[CONTRACT_RECORDS_DIR];
  if (!dir || !findings.length) return;
  const file = join(dir, `ids-${process.pid}-${prefix.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
  appendFileSync(file, JSON.stringify({ testPath, prefix, idNumbers: findings }) + '\n');
}

/** Every text, character and JSON column of every table of `schema`, scanned value by value. */
export async function scanSchemaForIdNumbers(databaseUrl: string, schema: string): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: columns } = await client.query<{ table_name: string; column_name: string }>(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
        WHERE c.table_schema = $1 AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')`,
      [schema],
    );
    const findings: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      // a row can hold a number only if it has at least 15 digit-like characters: most rows are skipped by PostgreSQL
      const { rows } = await client.query<{ v: string }>(
        `SELECT "${column}"::text AS v FROM "${schema}"."${table}" WHERE "${column}"::text ~ '[0-9０-９〇一二三四五六七八九]' LIMIT 20000`,
      );
      let hits = 0;
      for (const r of rows) if (findIdNumbers(r.v).length) hits++;
      if (hits) findings.push(`table ${table}, column ${column}: ${hits} row(s) hold a resident ID number`);
    }
    return findings;
  } finally {
    await client.end();
  }
}

let watching: { testPath: string; lines: number; findings: string[] } | undefined;

/**
 * Scans every line this worker's services write to stdout and stderr (the JSON logs) while the
 * current e2e suite runs; the findings are saved with `flushOutputScan`. Idempotent per suite.
 */
export function watchOutput(testPath: string): void {
  if (watching?.testPath === testPath) return;
  if (!watching) {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream) as (...a: unknown[]) => boolean;
      (stream as { write: (...a: unknown[]) => boolean }).write = (chunk: unknown, ...rest: unknown[]) => {
        if (watching) scanOutput(chunk, stream === process.stdout ? 'stdout' : 'stderr');
        return original(chunk, ...rest);
      };
    }
  }
  watching = { testPath, lines: 0, findings: [] };
}

/** Scans a chunk a service process or this worker wrote. */
export function scanOutput(chunk: unknown, stream: string): void {
  if (!watching) return;
  const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
  watching.lines++;
  if (watching.findings.length < 20) watching.findings.push(...idNumbersIn(text, `service log (${stream})`));
}

/** Saves what the output scan found for the current suite. */
export function flushOutputScan(prefix: string): void {
  if (!watching) return;
  saveIdFindings(watching.testPath, `${prefix}-logs`, watching.findings);
  watching.findings = [];
}

/** Stops scanning this worker's output (the stream wrappers stay, idle). */
export function stopOutputScan(): void {
  watching = undefined;
}

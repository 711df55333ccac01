import { KafkaConnection, TopicProbe } from '@civic/messaging';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DELIBERATELY_INVALID_HEADER } from './contract-check';
import { Capture, CONTRACT_RECORDS_DIR } from './contract-run';
import { flushOutputScan, idNumbersIn, watchOutput } from './id-scan';

/**
 * In an e2e suite (only there: integration suites write poison and foreign topics on purpose), marks
 * the prefix as awaiting its records and returns the reader freshTopics runs before dropping.
 */
export function contractCapture(prefix: string, connection: KafkaConnection): (() => Promise<void>) | undefined {
  const dir = process.env[CONTRACT_RECORDS_DIR];
  const testPath = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState().testPath;
  if (!dir || !testPath?.endsWith('.e2e-spec.ts')) return undefined;
  const file = join(dir, `${prefix.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
  const save = (c: Capture) => writeFileSync(file, JSON.stringify(c));
  save({ testPath, prefix, error: 'its topics were never read back (the suite did not drop them)' });
  watchOutput(testPath);
  return async () => {
    flushOutputScan(prefix);
    try {
      const records = await new TopicProbe(connection).readAll(prefix);
      save({
        testPath,
        prefix,
        // the e2e ID scan (id-scan.ts): keys, values and headers, but not what a test marked as deliberately invalid
        idNumbers: records
          .filter((r) => r.headers[DELIBERATELY_INVALID_HEADER] === undefined)
          .flatMap((r) =>
            idNumbersIn(
              [r.key, r.value, ...Object.values(r.headers)].join('\n'),
              `${r.topic.slice(prefix.length)}[${r.partition}]@${r.offset}`,
            ),
          ),
        records: records.map((r) => ({
          topic: r.topic.slice(prefix.length),
          partition: r.partition,
          offset: r.offset,
          key: r.key,
          value: r.value,
          headers: r.headers,
        })),
      });
    } catch (e) {
      save({ testPath, prefix, error: `reading its topics failed: ${(e as Error).message}` });
    }
  };
}

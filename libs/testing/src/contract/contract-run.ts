import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContractChecker, ContractRecord } from './contract-check';

// The contract test of the e2e tier. Each e2e suite's topics are read back in full just before the
// suite drops them (freshTopics), into a directory of the run; after the run, the jest global
// teardown checks every record against docs/asyncapi.yaml (contract-check.ts) and fails the run on
// any mismatch. Suites get their own topic prefix and drop their topics, so reading at drop time is
// the one moment every record of a suite is still there.

// This file runs in the jest main process (global setup and teardown: no path aliases there);
// contract-capture.ts is the worker side.

/** The environment variable naming this run's capture directory. */
export const CONTRACT_RECORDS_DIR = 'CIVIC_CONTRACT_RECORDS';
const DIR = CONTRACT_RECORDS_DIR;

/** What one e2e topic prefix left: its records, or why there are none. */
export interface Capture {
  testPath: string;
  prefix: string;
  records?: ContractRecord[];
  error?: string;
  /** What the ID scan found (id-scan.ts): where a resident ID number was left, never the number. */
  idNumbers?: string[];
}

/** Global setup: a fresh directory for this run's captures; workers inherit it through the environment. */
export function startContractRecording(): void {
  process.env[DIR] = mkdtempSync(join(tmpdir(), 'civic-contract-'));
}

/** Global teardown: checks this run's captured records, removes them, and throws on any mismatch. */
export function checkContractRecording(): void {
  const dir = process.env[DIR];
  if (!dir) return;
  try {
    // one capture per file; the ID scan appends one per line
    const captures = readdirSync(dir).flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as Capture),
    );
    if (!captures.length) return;
    const checker = ContractChecker.fromRepository();
    const problems: string[] = [];
    let count = 0;
    for (const c of captures) {
      const where = `${c.testPath.replace(/^.*?\/(apps|libs)\//, '$1/')} (${c.prefix})`;
      if (c.error) problems.push(`${where}: ${c.error}`);
      for (const found of c.idNumbers ?? []) problems.push(`${where} ID scan: ${found}`);
      for (const r of c.records ?? []) {
        count++;
        problems.push(...checker.check(r).map((p) => `${where} ${p}`));
      }
    }
    if (!count) problems.push('no record was read back from any e2e suite: the contract check saw nothing');
    if (problems.length)
      throw new Error(
        `contract test: ${problems.length} finding(s) on what the e2e suites wrote, against docs/asyncapi.yaml:\n` +
          problems.slice(0, 40).join('\n'),
      );
    console.log(
      `contract: ${count} records of ${captures.filter((c) => c.records).length} e2e topic prefixes match docs/asyncapi.yaml; ` +
        'the ID scan found no resident ID number in them, in the e2e schemas or in the service logs',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { checkCharacter } from '@civic/identity';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTRACT_RECORDS_DIR } from './contract-run';
import { flushOutputScan, idNumbersIn, scanOutput, stopOutputScan, watchOutput } from './id-scan';

// The worker side of the e2e ID scan: findings name where a number was, never the number, and the
// log scan records what a service wrote to stdout while a suite ran.

const first17 = '44200019800101123';
const ID = first17 + checkCharacter(first17);

describe('the e2e ID scan', () => {
  it('describes where a number in disguise stands without repeating it', () => {
    const [finding] = idNumbersIn(`{"note":"${ID.slice(0, 6)}-${ID.slice(6, 14)}-${ID.slice(14)}"}`, 'topic[0]@3');
    expect(finding).toBe('topic[0]@3: 1 resident ID number(s) (442000…)');
    expect(finding).not.toContain(ID.slice(6));
    expect(idNumbersIn('{"amountFen":123456789012345678,"town":"442000100"}', 'x')).toEqual([]);
  });

  it('scans what services write while a suite runs and saves it for the teardown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'id-scan-'));
    const before = process.env[CONTRACT_RECORDS_DIR];
    process.env[CONTRACT_RECORDS_DIR] = dir;
    try {
      watchOutput('/repo/apps/x/test/y.e2e-spec.ts');
      scanOutput(Buffer.from(`{"level":"error","msg":"lookup ${ID} failed"}\n`), 'stdout');
      scanOutput('{"level":"log","msg":"GET /api/v1/cases 200"}\n', 'stdout');
      flushOutputScan('t_1');
      const saved = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
      expect(saved).toEqual([
        {
          testPath: '/repo/apps/x/test/y.e2e-spec.ts',
          prefix: 't_1-logs',
          idNumbers: ['service log (stdout): 1 resident ID number(s) (442000…)'],
        },
      ]);
    } finally {
      stopOutputScan();
      process.env[CONTRACT_RECORDS_DIR] = before;
      if (before === undefined) delete process.env[CONTRACT_RECORDS_DIR];
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

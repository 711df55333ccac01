import { DUTIES } from '@civic/platform';
import { fuzzService } from '@civic/testing';
import { startEngine } from './policy-engine.fixture';

// Issue 18: requests generated from this service's OpenAPI document plus hostile ones; none may
// answer 5xx, every error is problem details, no answer carries a resident ID number.

jest.setTimeout(120_000);

describe('policy-engine under a hostile client', () => {
  let t: Awaited<ReturnType<typeof startEngine>>;
  beforeAll(async () => {
    t = await startEngine('pe_fuzz');
  });
  afterAll(() => t?.close());

  it('answers every generated and hostile request below 500 with problem details', async () => {
    const bearer = await t.token(DUTIES.map((d) => `policy:${d}` as const));
    const report = await fuzzService(t.app, { bearer });
    console.log(`fuzz policy-engine: ${JSON.stringify({ ...report, failures: report.failures.length })}`);
    expect(report.failures).toEqual([]);
    expect(report.generated + report.hostile).toBeGreaterThan(100);
  });
});

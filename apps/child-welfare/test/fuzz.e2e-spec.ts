import { DUTIES } from '@civic/platform';
import { fuzzService } from '@civic/testing';
import { startChildWelfareApp } from './child-welfare-app.fixture';

// Issue 18: requests generated from this service's OpenAPI document plus hostile ones; none may
// answer 5xx, every error is problem details, no answer carries a resident ID number.

jest.setTimeout(120_000);

describe('child-welfare under a hostile client', () => {
  let t: Awaited<ReturnType<typeof startChildWelfareApp>>;
  beforeAll(async () => {
    t = await startChildWelfareApp('cw_fuzz');
  });
  afterAll(() => t?.close());

  it('answers every generated and hostile request below 500 with problem details', async () => {
    const bearer = await t.token(
      'fuzz',
      DUTIES.map((d) => `child-welfare:${d}` as const),
    );
    const report = await fuzzService(t.app, { bearer });
    console.log(`fuzz child-welfare: ${JSON.stringify({ ...report, failures: report.failures.length })}`);
    expect(report.failures).toEqual([]);
    expect(report.generated + report.hostile).toBeGreaterThan(100);
  });
});

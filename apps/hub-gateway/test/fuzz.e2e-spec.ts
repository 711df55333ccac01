import { DUTIES } from '@civic/platform';
import { fuzzService } from '@civic/testing';
import { startHubGateway } from './hub-test-kit';

// Issue 18: requests generated from this service's OpenAPI document plus hostile ones; none may
// answer 5xx, every error is problem details, no answer carries a resident ID number.

jest.setTimeout(120_000);

describe('hub-gateway under a hostile client', () => {
  let t: Awaited<ReturnType<typeof startHubGateway>>;
  beforeAll(async () => {
    t = await startHubGateway('hub_fuzz');
  });
  afterAll(() => t?.close());

  it('answers every generated and hostile request below 500 with problem details', async () => {
    const bearer = await t.token(
      'fuzz',
      DUTIES.map((d) => `hub:${d}` as const),
    );
    // the DCI routes answer errors in the DCI envelope, as the DCI standard requires: an
    // acknowledgement with ack_status ERR, or a signed reply whose header status is rjct
    const protocolError = (path: string, body: string) => {
      if (!/\/(registry|crvs)\//.test(path)) return false;
      const dci = JSON.parse(body);
      return dci?.message?.ack_status === 'ERR' || dci?.header?.status === 'rjct';
    };
    const report = await fuzzService(t.app, { bearer, protocolError });
    console.log(`fuzz hub-gateway: ${JSON.stringify({ ...report, failures: report.failures.length })}`);
    expect(report.failures).toEqual([]);
    expect(report.generated + report.hostile).toBeGreaterThan(100);
  });
});

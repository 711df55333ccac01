import { openApiGaps } from '@civic/testing';
import { HubTestKit, startHubGateway } from './hub-test-kit';

// every operation documented for REST consumers (libs/testing/src/openapi/openapi-gaps.ts)
describe('hub-gateway OpenAPI document', () => {
  let e: HubTestKit;
  beforeAll(async () => (e = await startHubGateway('hub_openapi')));
  afterAll(() => e?.close());

  it('gives every operation a summary, a 2xx schema, problem-details errors, roles and path parameters', async () => {
    const res = await e.app.inject({ method: 'GET', url: '/api/docs-json' });
    expect(res.statusCode).toBe(200);
    expect(openApiGaps(JSON.parse(res.body))).toEqual([]);
  });
});

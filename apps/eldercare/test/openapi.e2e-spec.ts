import { openApiGaps } from '@civic/testing';
import { EldercareApp, startEldercareApp } from './eldercare-app.fixture';

// every operation documented for REST consumers (libs/testing/src/openapi/openapi-gaps.ts)
describe('eldercare OpenAPI document', () => {
  let t: EldercareApp;
  beforeAll(async () => (t = await startEldercareApp('ec_openapi')));
  afterAll(() => t?.close());

  it('gives every operation a summary, a 2xx schema, problem-details errors, roles and path parameters', async () => {
    const res = await t.call('GET', '/api/docs-json', null);
    expect(res.status).toBe(200);
    expect(openApiGaps(res.body)).toEqual([]);
  });
});

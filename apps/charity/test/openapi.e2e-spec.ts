import { openApiGaps } from '@civic/testing';
import { CharityApp, startCharityApp } from './charity-app.fixture';

// every operation documented for REST consumers (libs/testing/src/openapi/openapi-gaps.ts)
describe('charity OpenAPI document', () => {
  let t: CharityApp;
  beforeAll(async () => (t = await startCharityApp('ec_openapi')));
  afterAll(() => t?.close());

  it('gives every operation a summary, a 2xx schema, problem-details errors, roles and path parameters', async () => {
    const res = await t.call('GET', '/api/docs-json', null);
    expect(res.status).toBe(200);
    expect(openApiGaps(res.body)).toEqual([]);
  });
});

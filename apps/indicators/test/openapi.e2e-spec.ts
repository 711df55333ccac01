import { openApiGaps } from '@civic/testing';
import { IndicatorsApp, startIndicatorsApp } from './indicators-app.fixture';

// every operation documented for REST consumers (libs/testing/src/openapi/openapi-gaps.ts)
describe('indicators OpenAPI document', () => {
  let t: IndicatorsApp;
  beforeAll(async () => (t = await startIndicatorsApp('ec_openapi')));
  afterAll(() => t?.close());

  it('gives every operation a summary, a 2xx schema, problem-details errors, roles and path parameters', async () => {
    const res = await t.call('GET', '/api/docs-json', null);
    expect(res.status).toBe(200);
    expect(openApiGaps(res.body)).toEqual([]);
  });
});

import { openApiGaps } from '@civic/testing';
import { EngineFixture, startEngine } from './policy-engine.fixture';

// every operation documented for REST consumers (libs/testing/src/openapi/openapi-gaps.ts)
describe('policy-engine OpenAPI document', () => {
  let e: EngineFixture;
  beforeAll(async () => (e = await startEngine('pe_openapi')));
  afterAll(() => e?.close());

  it('gives every operation a summary, a 2xx schema, problem-details errors, roles and path parameters', async () => {
    const res = await e.app.inject({ method: 'GET', url: '/api/docs-json' });
    expect(res.statusCode).toBe(200);
    expect(openApiGaps(JSON.parse(res.body))).toEqual([]);
  });
});

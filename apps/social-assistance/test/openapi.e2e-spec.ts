import { openApiGaps } from '@civic/testing';
import { AssistanceApp, startAssistanceApp } from './assistance-app.fixture';

// every operation documented for REST consumers (libs/testing/src/openapi/openapi-gaps.ts)
describe('social-assistance OpenAPI document', () => {
  let t: AssistanceApp;
  beforeAll(async () => (t = await startAssistanceApp('ec_openapi')));
  afterAll(() => t?.close());

  it('gives every operation a summary, a 2xx schema, problem-details errors, roles and path parameters', async () => {
    const res = await t.call('GET', '/api/docs-json', null);
    expect(res.status).toBe(200);
    expect(openApiGaps(res.body)).toEqual([]);
  });
});

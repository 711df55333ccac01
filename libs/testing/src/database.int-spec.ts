import { freshSchema, withClient } from './database';

describe('freshSchema', () => {
  it('gives each suite its own schema on the real PostgreSQL server', async () => {
    const a = await freshSchema('probe');
    const b = await freshSchema('probe');
    try {
      expect(a.schema).not.toEqual(b.schema);
      const path = await withClient(a.url, async (c) => (await c.query('show search_path')).rows[0].search_path);
      expect(path).toBe(a.schema);
    } finally {
      await a.drop();
      await b.drop();
    }
  });
});

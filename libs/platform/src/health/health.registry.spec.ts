import { HealthRegistry, registerHealthChecks } from './health.registry';

describe('HealthRegistry', () => {
  it('is ready when every check passes', async () => {
    const registry = new HealthRegistry();
    registerHealthChecks(registry, { database: async () => ({ ok: true }), broker: async () => ({ ok: true }) });
    await expect(registry.run()).resolves.toEqual({
      ready: true,
      checks: { database: { ok: true }, broker: { ok: true } },
    });
  });

  it('turns a throwing check into a failed one with its message', async () => {
    const registry = new HealthRegistry();
    registry.register('relay', async () => {
      throw new Error('relay loop stopped');
    });
    await expect(registry.run()).resolves.toEqual({
      ready: false,
      checks: { relay: { ok: false, detail: 'relay loop stopped' } },
    });
  });

  it('reports not ready once shutdown has begun', async () => {
    const registry = new HealthRegistry();
    registry.register('database', async () => ({ ok: true }));
    registry.onModuleDestroy();
    await expect(registry.run()).resolves.toEqual({
      ready: false,
      checks: { database: { ok: true }, shutdown: { ok: false, detail: 'shutting down' } },
    });
  });
});

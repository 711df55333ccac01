import { HealthRegistry, registerHealthChecks } from './health.registry';

describe('HealthRegistry', () => {
  it('is ready when every check passes', async () => {
    const registry = new HealthRegistry();
    registerHealthChecks(registry, { database: async () => ({ ok: true }), broker: async () => ({ ok: true }) });
    await expect(registry.run()).resolves.toEqual({
      ready: true,
      degraded: false,
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
      degraded: false,
      checks: { relay: { ok: false, detail: 'relay loop stopped' } },
    });
  });

  it('reports not ready once shutdown has begun', async () => {
    const registry = new HealthRegistry();
    registry.register('database', async () => ({ ok: true }));
    registry.onModuleDestroy();
    await expect(registry.run()).resolves.toEqual({
      ready: false,
      degraded: false,
      checks: { database: { ok: true }, shutdown: { ok: false, detail: 'shutting down' } },
    });
  });

  it('stays ready but says degraded when a check passes degraded (the broker, with writes queuing in the outbox)', async () => {
    const registry = new HealthRegistry();
    registerHealthChecks(registry, {
      database: async () => ({ ok: true }),
      messaging: async () => ({ ok: true, degraded: true, detail: 'degraded: broker: connect ECONNREFUSED' }),
    });
    await expect(registry.run()).resolves.toEqual({
      ready: true,
      degraded: true,
      checks: {
        database: { ok: true },
        messaging: { ok: true, degraded: true, detail: 'degraded: broker: connect ECONNREFUSED' },
      },
    });
  });
});

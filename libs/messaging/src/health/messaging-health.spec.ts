import { relayHealth } from './messaging-health';
import { OutboxRelay, RelayStatus } from '../outbox/outbox-relay';

const relayIn = (s: RelayStatus) => ({ status: () => s }) as unknown as OutboxRelay;

describe('relayHealth', () => {
  it('is ready as a standby, since it takes over when the leader session ends', () => {
    expect(relayHealth(relayIn({ running: true, role: 'standby' }))).toEqual({
      ok: true,
      detail: expect.stringContaining('standby'),
    });
  });

  it('is ready as a leader that completed a cycle recently', () => {
    expect(relayHealth(relayIn({ running: true, role: 'leader', lastCycleAt: new Date() }))).toEqual({
      ok: true,
      detail: 'leader',
    });
  });

  it('is not ready as a leader whose last cycle is older than the limit, and says why', () => {
    const r = relayHealth(
      relayIn({
        running: true,
        role: 'leader',
        lastCycleAt: new Date(Date.now() - 60_000),
        lastError: 'KafkaJSConnectionError',
      }),
      30_000,
    );
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/no cycle for 60 s: KafkaJSConnectionError/);
  });

  it('is not ready when stopped or without a database session', () => {
    expect(relayHealth(relayIn({ running: false, role: 'stopped' })).ok).toBe(false);
    expect(relayHealth(relayIn({ running: true, role: 'disconnected', lastError: 'ECONNREFUSED' }))).toEqual({
      ok: false,
      detail: 'disconnected: ECONNREFUSED',
    });
  });
});

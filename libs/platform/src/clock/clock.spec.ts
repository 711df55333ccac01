import { TestClock } from '@civic/testing';
import { loadConfig } from '../config/load-config';
import { BaseServiceConfig } from '../config/base-service.config';
import { ConfigError } from '../config/config-error';
import { Clock, SystemClock } from './clock';
import { devClockEnabled } from './clock.provider';
import { MovableClock } from './dev-clock';

const DAY = 86_400_000;

describe('the business clock', () => {
  it("gives today's date in Asia/Shanghai, not in UTC or the host zone", () => {
    const late = new MovableClock(() => Date.parse('2026-12-06T16:30:00Z'));
    expect(late.today()).toBe('2026-12-07');
    expect(new MovableClock(() => Date.parse('2026-12-06T15:59:59Z')).today()).toBe('2026-12-06');
  });

  it('system clock follows the host', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('moves to an instant and runs on from there, by whole days, freezes, and resets', () => {
    let system = Date.parse('2026-11-30T04:00:00Z');
    const clock = new MovableClock(() => system);
    clock.set(new Date('2026-12-07T09:00:00+08:00'));
    expect(clock.nowIso()).toBe('2026-12-07T01:00:00.000Z');
    system += 60_000;
    expect(clock.nowIso()).toBe('2026-12-07T01:01:00.000Z');
    clock.advanceDays(7);
    expect(clock.today()).toBe('2026-12-14');
    expect(clock.setting()).toMatchObject({ mode: 'offset', today: '2026-12-14' });

    clock.set(new Date('2027-01-01T00:00:00+08:00'), { freeze: true });
    system += 3_600_000;
    expect(clock.nowIso()).toBe('2026-12-31T16:00:00.000Z');
    clock.advanceDays(-1);
    expect(clock.now().getTime()).toBe(Date.parse('2026-12-31T16:00:00Z') - DAY);
    expect(clock.setting().mode).toBe('frozen');

    clock.reset();
    expect(clock.now().getTime()).toBe(system);
    expect(clock.setting()).toMatchObject({ mode: 'system', offsetMs: 0 });
  });

  it("libs/testing's TestClock stands in for a Clock wherever one is injected", () => {
    const clock: Clock = new TestClock('2026-12-07T09:00:00+08:00');
    expect(clock.today()).toBe('2026-12-07');
  });

  it('refuses an invalid instant', () => {
    expect(() => new MovableClock().set(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('DEV_CLOCK', () => {
  const base = {
    DATABASE_URL: 'postgres://svc@db.internal:5432/x',
    KAFKA_BROKERS: 'kafka:9092',
    JWT_SECRET: 'a-development-secret-of-32-chars!',
  };
  const pem = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----';

  it('defaults on outside production and off in production', () => {
    expect(devClockEnabled(loadConfig(BaseServiceConfig, { ...base, NODE_ENV: 'development' }))).toBe(true);
    expect(devClockEnabled(loadConfig(BaseServiceConfig, { ...base, NODE_ENV: 'test' }))).toBe(true);
    expect(
      devClockEnabled(loadConfig(BaseServiceConfig, { ...base, NODE_ENV: 'production', JWT_PUBLIC_KEY: pem })),
    ).toBe(false);
    expect(
      devClockEnabled(loadConfig(BaseServiceConfig, { ...base, NODE_ENV: 'development', DEV_CLOCK: 'disabled' })),
    ).toBe(false);
  });

  it('cannot be enabled in production, and takes only enabled or disabled', () => {
    const prod = { ...base, NODE_ENV: 'production', JWT_PUBLIC_KEY: pem, DEV_CLOCK: 'enabled' };
    expect(() => loadConfig(BaseServiceConfig, prod)).toThrow(ConfigError);
    expect(() => loadConfig(BaseServiceConfig, prod)).toThrow(/DEV_CLOCK/);
    expect(() => loadConfig(BaseServiceConfig, { ...base, NODE_ENV: 'test', DEV_CLOCK: 'on' })).toThrow(/DEV_CLOCK/);
  });
});

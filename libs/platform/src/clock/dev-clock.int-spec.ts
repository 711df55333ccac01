import { Controller, Get, Module } from '@nestjs/common';
import { freshSchema, moveClocks, readClock } from '@civic/testing';
import { SignJWT } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { signDevToken } from '../auth/access-token';
import { Roles } from '../auth/roles.decorator';
import { createServiceApp } from '../bootstrap/bootstrap-service';
import { ServiceApp } from '../bootstrap/http-adapter';
import { DatabaseModule } from '../database/database.module';
import { Clock } from './clock';

jest.setTimeout(60_000);

const SECRET = 'test-secret-that-is-long-enough-0123456789';

/** A business route reading the injected clock, as every service's code does. */
@Controller('today')
class TodayController {
  constructor(private readonly clock: Clock) {}
  @Get()
  @Roles('assistance:viewer')
  today() {
    return { today: this.clock.today() };
  }
}

@Module({ imports: [DatabaseModule.forRoot()], controllers: [TodayController] })
class ClockAppModule {}

describe('the dev clock route', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  const apps: ServiceApp[] = [];
  const env = () => ({
    NODE_ENV: 'test',
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
    JWT_SECRET: SECRET,
    LOG_LEVEL: 'error',
  });
  const start = async (extra: Record<string, string> = {}) => {
    const app = await createServiceApp(ClockAppModule, { name: 'clock-test', env: { ...env(), ...extra } });
    apps.push(app);
    return app;
  };
  const devToken = (roles: Parameters<typeof signDevToken>[1]['roles']) =>
    signDevToken(
      {
        NODE_ENV: 'test',
        JWT_SECRET: SECRET,
        JWT_ALGORITHM: 'EdDSA',
        JWT_ISSUER: 'civic-dev-issuer',
        JWT_AUDIENCE: 'civic-platform',
      },
      { sub: 'tester', roles },
    );
  const call = async (app: ServiceApp, method: string, url: string, token: string, body?: unknown) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      payload: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.statusCode, body: JSON.parse(res.body), type: res.headers['content-type'] };
  };

  beforeAll(async () => {
    schema = await freshSchema('devclock');
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await schema.drop();
  });

  it('moves the clock the business code reads, by instant and by days, and resets it', async () => {
    const app = await start();
    const admin = await devToken(['policy:admin']);
    const viewer = await devToken(['assistance:viewer']);
    const target = { app, token: admin };

    const [moved] = await moveClocks([target], { at: '2026-12-07T09:00:00+08:00' });
    expect(moved).toMatchObject({ mode: 'offset', today: '2026-12-07' });
    expect((await call(app, 'GET', '/api/v1/today', viewer)).body).toEqual({ today: '2026-12-07' });

    await moveClocks([target], { advanceDays: 7 });
    expect((await call(app, 'GET', '/api/v1/today', viewer)).body).toEqual({ today: '2026-12-14' });
    expect(await readClock(target)).toMatchObject({ today: '2026-12-14' });

    const frozen = await moveClocks([target], { at: '2027-01-31T23:59:00+08:00', freeze: true });
    expect(frozen[0]).toMatchObject({ mode: 'frozen', now: '2027-01-31T15:59:00.000Z', today: '2027-01-31' });

    const [reset] = await moveClocks([target], 'reset');
    expect(reset).toMatchObject({ mode: 'system', offsetMs: 0 });
    expect(Math.abs(Date.parse(reset.now) - Date.now())).toBeLessThan(5_000);
  });

  it('needs an admin role and valid input (problem details naming the field)', async () => {
    const app = apps[0];
    const viewer = await devToken(['assistance:viewer']);
    const admin = await devToken(['assistance:admin']);
    const forbidden = await call(app, 'PUT', '/api/v1/dev/clock', viewer, { advanceDays: 1 });
    expect(forbidden.status).toBe(403);
    expect(forbidden.type).toContain('application/problem+json');

    const both = await call(app, 'PUT', '/api/v1/dev/clock', admin, {
      at: '2026-12-07T09:00:00+08:00',
      advanceDays: 1,
    });
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([expect.objectContaining({ field: 'at', rule: 'exactly-one-of' })]);
    const bad = await call(app, 'PUT', '/api/v1/dev/clock', admin, { at: 'next tuesday' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'at' });
    expect((await readClock({ app, token: admin })).mode).toBe('system');
  });

  it('is not there when DEV_CLOCK=disabled: 404 problem, clock untouched', async () => {
    const app = await start({ DEV_CLOCK: 'disabled' });
    const admin = await devToken(['policy:admin']);
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await call(
        app,
        method,
        '/api/v1/dev/clock',
        admin,
        method === 'PUT' ? { advanceDays: 30 } : undefined,
      );
      expect(res.status).toBe(404);
      expect(res.type).toContain('application/problem+json');
    }
    expect(Math.abs(app.get(Clock).now().getTime() - Date.now())).toBeLessThan(5_000);
  });

  it('is not there in production, even for a valid admin token: 404 problem', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const app = await start({
      NODE_ENV: 'production',
      JWT_SECRET: '',
      JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    const token = await new SignJWT({ roles: ['policy:admin', 'assistance:viewer'] })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('tester')
      .setIssuer('civic-dev-issuer')
      .setAudience('civic-platform')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
    // the token is good: a business route answers
    expect((await call(app, 'GET', '/api/v1/today', token)).status).toBe(200);
    const res = await call(app, 'PUT', '/api/v1/dev/clock', token, { advanceDays: 30 });
    expect(res.status).toBe(404);
    expect(res.type).toContain('application/problem+json');
    expect((await call(app, 'GET', '/api/v1/dev/clock', token)).status).toBe(404);
  });
});

import { Body, Controller, Get, Injectable, Module, Post } from '@nestjs/common';
import { CustomTransportStrategy, EventPattern, Payload, Server } from '@nestjs/microservices';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Min, ValidateNested } from 'class-validator';
import { firstValueFrom, isObservable } from 'rxjs';
import { DataSource } from 'typeorm';
import { freshSchema } from '@civic/testing';
import { AuthenticatedUser } from './auth/authenticated-user';
import { signDevToken } from './auth/access-token';
import { CurrentUser } from './auth/current-user.decorator';
import { Role } from './auth/roles';
import { Roles } from './auth/roles.decorator';
import { createServiceApp } from './bootstrap/bootstrap-service';
import { ServiceApp } from './bootstrap/http-adapter';
import { BaseServiceConfig } from './config/base-service.config';
import { ConfigError } from './config/config-error';
import { DatabaseModule } from './database/database.module';
import { ProblemException } from './errors/problem.exception';
import { HealthRegistry } from './health/health.registry';
import { correlation } from './logging/correlation';

// the tier's testTimeout is not applied per project; real servers on a loaded 2-core machine need more than 5 s
jest.setTimeout(60_000);

const RAW_ID = '44010219900101123X';

class AddressDto {
  @IsString() @Length(9, 9) town: string;
}

class CreateThingDto {
  @IsString() @Length(1, 50) name: string;
  @IsInt() @Min(0) amountFen: number;
  @ValidateNested() @Type(() => AddressDto) address: AddressDto;
}

@Controller('things')
class ThingsController {
  static created = 0;

  @Post()
  @Roles('assistance:clerk')
  create(@Body() dto: CreateThingDto, @CurrentUser() user: AuthenticatedUser) {
    ThingsController.created++;
    return {
      ...dto,
      isDto: dto instanceof CreateThingDto,
      by: user.sub,
      towns: user.towns,
      correlationId: correlation.current(),
    };
  }

  @Get('closed')
  @Roles('assistance:viewer')
  closed() {
    throw ProblemException.conflict('the case is closed', { currentState: 'closed', status: 200 });
  }

  @Get('boom')
  @Roles('assistance:viewer')
  boom() {
    throw new Error(`secret internal detail about ${RAW_ID}`);
  }
}

@Controller()
class ThingEventsController {
  @EventPattern('thing.created')
  handle(@Payload() dto: CreateThingDto) {
    return { handled: dto.name, isDto: dto instanceof CreateThingDto };
  }
}

/** In-process transport: records what the bootstrap did before starting it, and exposes the handlers. */
@Injectable()
class RecordingTransport extends Server implements CustomTransportStrategy {
  startedAfterInit: boolean | undefined;
  constructor(private readonly dataSource: DataSource) {
    super();
  }
  listen(callback: () => void) {
    this.startedAfterInit = this.dataSource.isInitialized;
    callback();
  }
  close() {}
  on() {}
  unwrap<T>(): T {
    throw new Error('no underlying client');
  }
}

@Module({
  imports: [DatabaseModule.forRoot()],
  controllers: [ThingsController, ThingEventsController],
})
class TestAppModule {}

const SECRET = 'test-secret-that-is-long-enough-0123456789';

describe('the shared service bootstrap', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let app: ServiceApp;
  let transport: RecordingTransport;
  let env: Record<string, string>;
  const logLines: string[] = [];
  let writeSpy: jest.SpyInstance;

  const token = (roles: Role[], towns?: string[]) =>
    signDevToken(
      {
        NODE_ENV: 'test',
        JWT_SECRET: SECRET,
        JWT_ALGORITHM: 'EdDSA',
        JWT_ISSUER: 'civic-dev-issuer',
        JWT_AUDIENCE: 'civic-platform',
      },
      { sub: 'alice', roles, towns },
    );
  const validThing = { name: 'winter coats', amountFen: 12_000, address: { town: '442000001' } };

  beforeAll(async () => {
    schema = await freshSchema('platform');
    env = {
      NODE_ENV: 'test',
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.schema,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'warn',
    };
    const realWrite = process.stdout.write.bind(process.stdout);
    writeSpy = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
        logLines.push(String(chunk));
        return realWrite(chunk, ...(rest as []));
      });
    app = await createServiceApp(TestAppModule, {
      name: 'platform-test',
      env,
      transports: (a) => [(transport = new RecordingTransport(a.get(DataSource)))],
    });
  });

  afterAll(async () => {
    await app?.close();
    writeSpy?.mockRestore();
    await schema?.drop();
  });

  it('accepts a valid body from a caller holding the role, transforms it to the DTO and echoes the correlation id', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: {
        authorization: `Bearer ${await token(['assistance:clerk'], ['442000001'])}`,
        'x-correlation-id': 'corr-123',
      },
      payload: validThing,
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-correlation-id']).toBe('corr-123');
    expect(res.json()).toEqual({
      ...validThing,
      isDto: true,
      by: 'alice',
      towns: ['442000001'],
      correlationId: 'corr-123',
    });
  });

  it('generates a correlation id when the caller sends none, or one unsafe to echo', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-correlation-id': 'bad id\r\nx' },
    });
    expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects an unknown field with a 400 problem naming the field and the rule, and never reaches the handler', async () => {
    const before = ThingsController.created;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { authorization: `Bearer ${await token(['assistance:clerk'])}` },
      payload: { ...validThing, isAdmin: true, address: { town: '442000001', street: 'x' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ type: 'urn:civic:problem:validation', status: 400, instance: '/api/v1/things' });
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { field: 'isAdmin', rule: 'whitelistValidation', message: 'property isAdmin should not exist' },
        { field: 'address.street', rule: 'whitelistValidation', message: 'property address.street should not exist' },
      ]),
    );
    expect(ThingsController.created).toBe(before);
  });

  it('names nested fields with dotted paths and one entry per broken rule', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { authorization: `Bearer ${await token(['assistance:clerk'])}` },
      payload: { name: '', amountFen: -1.5, address: { town: 12 } },
    });
    expect(res.statusCode).toBe(400);
    const rules = res.json().errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`);
    expect(rules).toEqual(
      expect.arrayContaining(['name:isLength', 'amountFen:isInt', 'amountFen:min', 'address.town:isString']),
    );
  });

  it('answers a malformed JSON body with a 400 problem, never a 500', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { authorization: `Bearer ${await token(['assistance:clerk'])}`, 'content-type': 'application/json' },
      payload: '{"name": "coats", ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 400, title: 'Bad Request', instance: '/api/v1/things' });
  });

  it('answers a missing body with a 400 problem', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { authorization: `Bearer ${await token(['assistance:clerk'])}` },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      status: 400,
      errors: expect.arrayContaining([expect.objectContaining({ field: 'name', rule: 'isString' })]),
    });
  });

  it('answers a missing or forged token with a 401 problem and a Bearer challenge', async () => {
    const missing = await app.inject({ method: 'POST', url: '/api/v1/things', payload: validThing });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.json()).toMatchObject({ type: 'urn:civic:problem:unauthorized', status: 401 });

    const forged = await signDevToken(
      {
        NODE_ENV: 'test',
        JWT_SECRET: 'another-secret-that-is-long-enough-0123',
        JWT_ALGORITHM: 'EdDSA',
        JWT_ISSUER: 'civic-dev-issuer',
        JWT_AUDIENCE: 'civic-platform',
      },
      { sub: 'mallory', roles: ['assistance:clerk'] },
    );
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { authorization: `Bearer ${forged}` },
      payload: validThing,
    });
    expect(bad.statusCode).toBe(401);
  });

  it("answers a caller without the route's role with a 403 problem naming the role", async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { authorization: `Bearer ${await token(['assistance:viewer', 'eldercare:clerk'])}` },
      payload: validThing,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      status: 403,
      requiredRoles: ['assistance:clerk'],
      detail: expect.stringContaining('assistance:clerk'),
    });
  });

  it('lets a service raise a problem with extension members, never overriding the standard ones', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/things/closed',
      headers: { authorization: `Bearer ${await token(['assistance:viewer'])}` },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      type: 'urn:civic:problem:conflict',
      status: 409,
      detail: 'the case is closed',
      currentState: 'closed',
    });
  });

  it('answers an unexpected error with a bare 500 problem and logs it with the correlation id, ID number redacted', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/things/boom',
      headers: { authorization: `Bearer ${await token(['assistance:viewer'])}`, 'x-correlation-id': 'corr-boom' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret');
    expect(res.json()).toMatchObject({ status: 500, correlationId: 'corr-boom' });
    const logged = logLines.filter((l) => l.includes('corr-boom')).map((l) => JSON.parse(l));
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'error',
          service: 'platform-test',
          correlationId: 'corr-boom',
          msg: expect.stringContaining('[id-redacted]'),
        }),
      ]),
    );
    expect(logLines.join('')).not.toContain(RAW_ID);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/nothing-here/${RAW_ID}` });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).not.toContain(RAW_ID);
  });

  it('serves liveness and readiness outside /api/v1 without a token, readiness checking the database', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: { ok: true } } });
  });

  it('answers 503 with per-check details when a registered check fails', async () => {
    const registry = app.get(HealthRegistry);
    registry.register('broker', async () => ({ ok: false, detail: 'no broker reachable' }));
    try {
      const res = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        status: 503,
        checks: { database: { ok: true }, broker: { ok: false, detail: 'no broker reachable' } },
      });
    } finally {
      registry.register('broker', async () => ({ ok: true }));
    }
  });

  it('exposes Prometheus metrics with the HTTP duration histogram by route template', async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/things",status_code="201"\} \d+/,
    );
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });

  it('serves the OpenAPI document and UI under /api/docs with the bearer scheme', async () => {
    const json = await app.inject({ method: 'GET', url: '/api/docs-json' });
    expect(json.statusCode).toBe(200);
    const doc = json.json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/things', '/health/ready']));
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const ui = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger-ui-bundle.js');
    const bundle = await app.inject({ method: 'GET', url: '/api/docs/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body).toContain('SwaggerUIBundle');
  });

  it("opens its sessions in the service's schema with JIT off, though the URL carries options of its own", async () => {
    // freshSchema's URL sets search_path in `options`, which pg would let replace the pool's outright
    expect(new URL(env.DATABASE_URL).searchParams.get('options')).toContain('search_path');
    const [session] = await app
      .get(DataSource)
      .query(`SELECT current_setting('jit') AS jit, current_setting('search_path') AS path`);
    expect(session).toEqual({ jit: 'off', path: schema.schema });
  });

  it("starts consumers after the app is initialised, with the app's validation pipe", async () => {
    expect(transport.startedAfterInit).toBe(true);
    const handler = transport.getHandlerByPattern('thing.created')!;
    const deliver = async (data: unknown) => {
      const result: unknown = await handler(data);
      return isObservable(result) ? firstValueFrom(result) : result;
    };
    await expect(deliver(validThing)).resolves.toEqual({ handled: 'winter coats', isDto: true });
    await expect(deliver({ ...validThing, amountFen: 'lots' })).rejects.toBeInstanceOf(ProblemException);
  });

  it('refuses to start when a setting is missing or wrong, naming each one', async () => {
    const { DATABASE_URL: _omit, ...withoutUrl } = env;
    const refused = createServiceApp(TestAppModule, { name: 'platform-test', env: { ...withoutUrl, PORT: 'eighty' } });
    await expect(refused).rejects.toThrow(ConfigError);
    await expect(refused).rejects.toThrow(/DATABASE_URL \[required\]: DATABASE_URL is not set/);
    await expect(refused).rejects.toThrow(/PORT \[isInt\]: PORT must be an integer number/);
    await expect(
      createServiceApp(TestAppModule, {
        name: 'platform-test',
        env: { ...env, NODE_ENV: 'production' },
        config: BaseServiceConfig,
      }),
    ).rejects.toThrow(/JWT_PUBLIC_KEY/);
  });
});

import { IsString, MinLength } from 'class-validator';
import { BaseServiceConfig } from './base-service.config';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

class AssistanceConfig extends BaseServiceConfig {
  @IsString()
  @MinLength(32)
  PERSON_REF_KEY: string;
}

const valid = {
  NODE_ENV: 'development',
  DATABASE_URL: 'postgres://svc@db.internal:5432/assistance',
  KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
  JWT_SECRET: 'a-development-secret-of-32-chars!',
};

function problems(env: Record<string, string>, cls: new () => BaseServiceConfig = BaseServiceConfig) {
  try {
    loadConfig(cls, env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies defaults and converts numbers and lists', () => {
    const config = loadConfig(BaseServiceConfig, { ...valid, PORT: '8080' });
    expect(config).toBeInstanceOf(BaseServiceConfig);
    expect(config.PORT).toBe(8080);
    expect(config.DATABASE_SCHEMA).toBe('public');
    expect(config.KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9092']);
    expect(config.SHUTDOWN_GRACE_MS).toBe(10_000);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.KAFKA_MAX_BATCH_BYTES).toBeUndefined(); // the relay's DEFAULT_MAX_SEND_BYTES applies
  });

  it('reads only the settings the class declares', () => {
    const config = loadConfig(BaseServiceConfig, {
      ...valid,
      PATH: '/usr/bin',
      SOMETHING_ELSE: 'x',
    }) as unknown as Record<string, unknown>;
    expect(config.PATH).toBeUndefined();
    expect(config.SOMETHING_ELSE).toBeUndefined();
  });

  it('names every missing setting in one error, and never echoes a value', () => {
    const error = problems({ NODE_ENV: 'development', JWT_SECRET: valid.JWT_SECRET, PORT: 'eighty' });
    expect(error.problems.map((p) => `${p.variable}:${p.rule}`)).toEqual(
      expect.arrayContaining(['DATABASE_URL:required', 'KAFKA_BROKERS:required', 'PORT:isInt']),
    );
    expect(error.message).toMatch(/DATABASE_URL \[required\]: DATABASE_URL is not set/);
    expect(error.message).not.toContain('eighty');
  });

  it('treats an empty variable as unset', () => {
    expect(problems({ ...valid, DATABASE_URL: '' }).problems).toEqual([
      { variable: 'DATABASE_URL', rule: 'required', message: 'DATABASE_URL is not set' },
    ]);
    expect(loadConfig(BaseServiceConfig, { ...valid, LOG_LEVEL: '' }).LOG_LEVEL).toBe('info');
  });

  it('rejects wrong values with the rule they break', () => {
    const error = problems({
      ...valid,
      DATABASE_URL: 'mysql://db/x',
      KAFKA_BROKERS: 'kafka-1',
      NODE_ENV: 'staging',
      DATABASE_SCHEMA: 'Bad-Schema',
      KAFKA_MAX_BATCH_BYTES: '2000', // a relay send must hold at least one ordinary event
    });
    const seen = error.problems.map((p) => `${p.variable}:${p.rule}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'DATABASE_URL:isUrl',
        'KAFKA_BROKERS:matches',
        'NODE_ENV:isIn',
        'DATABASE_SCHEMA:matches',
        'KAFKA_MAX_BATCH_BYTES:min',
      ]),
    );
    expect(error.message).toContain('DATABASE_URL must be a postgres:// URL');
  });

  it('requires the identity provider key in production, and a long enough secret elsewhere', () => {
    expect(problems({ ...valid, NODE_ENV: 'production' }).problems.map((p) => p.variable)).toEqual(['JWT_PUBLIC_KEY']);
    expect(problems({ ...valid, JWT_SECRET: 'short' }).problems.map((p) => `${p.variable}:${p.rule}`)).toEqual([
      'JWT_SECRET:minLength',
    ]);
    const pem = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----';
    expect(
      loadConfig(BaseServiceConfig, { ...valid, NODE_ENV: 'production', JWT_SECRET: '', JWT_PUBLIC_KEY: pem })
        .JWT_PUBLIC_KEY,
    ).toBe(pem);
  });

  it("validates an app's own settings beside the base ones", () => {
    expect(problems(valid, AssistanceConfig).problems.map((p) => p.variable)).toEqual(['PERSON_REF_KEY']);
    const config = loadConfig(AssistanceConfig, { ...valid, PERSON_REF_KEY: 'k'.repeat(32) });
    expect(config).toBeInstanceOf(AssistanceConfig);
    expect(config.PERSON_REF_KEY).toHaveLength(32);
  });
});

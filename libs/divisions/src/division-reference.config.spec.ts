import { ConfigError, loadConfig } from '@civic/platform';
import { DivisionReferenceConfig } from './division-reference.config';

const ring = JSON.stringify({ current: 'k1', keys: { k1: 'hex:00' } });
const base = {
  NODE_ENV: 'test',
  DATABASE_URL: 'postgres://localhost/civic',
  KAFKA_BROKERS: 'localhost:9092',
  JWT_SECRET: 'x'.repeat(32),
  PERSON_REF_KEYS: ring,
  ID_ENCRYPTION_KEYS: ring,
};
const problems = (env: Record<string, string>) => {
  try {
    loadConfig(DivisionReferenceConfig, { ...base, ...env });
    return [];
  } catch (e) {
    return (e as ConfigError).problems.map((p) => p.variable);
  }
};

describe('DivisionReferenceConfig', () => {
  it('needs neither setting (events only), or both', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ GOVERNANCE_URL: 'http://governance:3007', GOVERNANCE_SERVICE_TOKEN: 'a'.repeat(40) })).toEqual(
      [],
    );
  });
  it('names the missing half and a URL that is not http(s)', () => {
    expect(problems({ GOVERNANCE_URL: 'http://governance:3007' })).toEqual(['GOVERNANCE_SERVICE_TOKEN']);
    expect(problems({ GOVERNANCE_SERVICE_TOKEN: 'a'.repeat(40) })).toEqual(['GOVERNANCE_URL']);
    expect(problems({ GOVERNANCE_URL: 'ftp://governance', GOVERNANCE_SERVICE_TOKEN: 'a'.repeat(40) })).toEqual([
      'GOVERNANCE_URL',
    ]);
  });
});

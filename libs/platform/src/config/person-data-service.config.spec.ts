import { keyFingerprints } from '@civic/identity';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';
import { PersonDataServiceConfig } from './person-data-service.config';

// Every service that computes personRefs must hold the same key ring; the deployment states the
// ring's fingerprints once (PERSON_REF_KEY_FINGERPRINTS) and a service with another ring refuses to start.
describe('the personRef key ring a service starts with', () => {
  const ring = (secret: string) => JSON.stringify({ current: 'k1', keys: { k1: `hex:${secret.repeat(32)}` } });
  const env = {
    NODE_ENV: 'development',
    DATABASE_URL: 'postgres://svc@db.internal:5432/assistance',
    KAFKA_BROKERS: 'kafka-1:9092',
    JWT_SECRET: 'a-development-secret-of-32-chars!',
    PERSON_REF_KEYS: ring('ab'),
    ID_ENCRYPTION_KEYS: ring('ef'),
  };
  const shared = JSON.stringify(keyFingerprints(JSON.parse(ring('ab'))));
  const problems = (e: Record<string, string>) => {
    try {
      loadConfig(PersonDataServiceConfig, e);
      return [];
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      return err.problems.map((p) => `${p.variable}: ${p.message}`);
    }
  };

  it('starts when its ring has the shared fingerprints', () => {
    expect(problems({ ...env, PERSON_REF_KEY_FINGERPRINTS: shared })).toEqual([]);
  });

  it('refuses another secret under the same key id, naming the key and never the secret', () => {
    const found = problems({ ...env, PERSON_REF_KEYS: ring('cd'), PERSON_REF_KEY_FINGERPRINTS: shared });
    expect(found).toEqual([
      expect.stringContaining(
        'PERSON_REF_KEY_FINGERPRINTS: PERSON_REF_KEYS is not the key ring every service must share: key "k1" has fingerprint',
      ),
    ]);
    expect(found.join()).not.toContain('cdcd');
  });

  it('requires the fingerprints in production, not in development', () => {
    expect(problems(env)).toEqual([]);
    expect(
      problems({
        ...env,
        NODE_ENV: 'production',
        JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----',
      }),
    ).toEqual(['PERSON_REF_KEY_FINGERPRINTS: PERSON_REF_KEY_FINGERPRINTS is not set']);
  });
});

import { keyFingerprints, KeyRingConfig } from '@civic/identity';
import { Logger } from '@nestjs/common';
import { Gauge, register } from 'prom-client';

const NAME = 'personref_key_info';

/**
 * Publishes which personRef keys this process holds, by fingerprint (never the secret): one log line
 * at start and the gauge `personref_key_info{key_id, fingerprint, current}` = 1, so an operator (or
 * an alert comparing services) sees a service with another ring at once.
 */
export function announcePersonRefKeys(ring: KeyRingConfig): void {
  const fingerprints = keyFingerprints(ring);
  new Logger('identity').log({ msg: 'personRef key ring', current: ring.current, fingerprints });
  const gauge =
    (register.getSingleMetric(NAME) as Gauge<'key_id' | 'fingerprint' | 'current'> | undefined) ??
    new Gauge({
      name: NAME,
      help: 'The personRef keys this service holds, by fingerprint; every service must show the same',
      labelNames: ['key_id', 'fingerprint', 'current'],
    });
  for (const [keyId, fingerprint] of Object.entries(fingerprints))
    gauge.set({ key_id: keyId, fingerprint, current: String(keyId === ring.current) }, 1);
}

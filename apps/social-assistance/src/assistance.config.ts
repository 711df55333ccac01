import { BaseServiceConfig } from '@civic/platform';
import type { KeyRingConfig } from '@civic/identity';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsObject, Min } from 'class-validator';

// Key rings arrive as JSON in one variable each (deploy/dev-secrets.sh); a value that is not JSON
// stays a string, so @IsObject names the variable without echoing the secret.
const json = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

/** Settings of the social-assistance service. */
export class AssistanceConfig extends BaseServiceConfig {
  /** HMAC key ring for personRef ({"current":"k1","keys":{"k1":"hex:..."}}). */
  @Transform(json) @IsObject({ message: 'PERSON_REF_KEYS must be a JSON key ring {"current":..., "keys":{...}}' })
  PERSON_REF_KEYS: KeyRingConfig;

  /** AES-256-GCM key ring for raw resident ID numbers at rest. */
  @Transform(json) @IsObject({ message: 'ID_ENCRYPTION_KEYS must be a JSON key ring {"current":..., "keys":{...}}' })
  ID_ENCRYPTION_KEYS: KeyRingConfig;

  @Type(() => Number) @IsInt() @Min(10)
  RELAY_POLL_INTERVAL_MS = 200;

  /** How often overdue emergency paperwork is looked for (0 = only on request). */
  @Type(() => Number) @IsInt() @Min(0)
  OVERDUE_SCAN_INTERVAL_MS = 3_600_000;
}

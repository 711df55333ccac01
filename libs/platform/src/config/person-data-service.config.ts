import type { KeyRingConfig } from '@civic/identity';
import { Transform } from 'class-transformer';
import { IsObject } from 'class-validator';
import { BaseServiceConfig } from './base-service.config';

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

/**
 * Settings of a service that receives raw resident ID numbers: the personRef HMAC key ring (shared
 * by every such service, or the refs would not match) and the key ring encrypting raw numbers at rest.
 */
export class PersonDataServiceConfig extends BaseServiceConfig {
  /** HMAC key ring for personRef ({"current":"k1","keys":{"k1":"hex:..."}}). */
  @Transform(json)
  @IsObject({ message: 'PERSON_REF_KEYS must be a JSON key ring {"current":..., "keys":{...}}' })
  PERSON_REF_KEYS: KeyRingConfig;

  /** AES-256-GCM key ring for raw resident ID numbers at rest. */
  @Transform(json)
  @IsObject({ message: 'ID_ENCRYPTION_KEYS must be a JSON key ring {"current":..., "keys":{...}}' })
  ID_ENCRYPTION_KEYS: KeyRingConfig;
}

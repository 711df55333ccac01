import { fingerprintMismatches, KeyRingConfig } from '@civic/identity';
import { Transform } from 'class-transformer';
import {
  IsObject,
  Validate,
  ValidateIf,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
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

/** The service's personRef key ring has the fingerprints the deployment expects of every service. */
@ValidatorConstraint({ name: 'sameKeyRing' })
class SameKeyRing implements ValidatorConstraintInterface {
  private problems: string[] = [];
  validate(expected: unknown, args: ValidationArguments): boolean {
    const ring = (args.object as PersonDataServiceConfig).PERSON_REF_KEYS;
    if (!ring || typeof ring !== 'object' || !expected || typeof expected !== 'object') return true; // @IsObject reports these
    try {
      this.problems = fingerprintMismatches(ring, expected as Record<string, string>);
    } catch {
      return true; // an undecodable ring is reported where it is used
    }
    return this.problems.length === 0;
  }
  defaultMessage(): string {
    return `PERSON_REF_KEYS is not the key ring every service must share: ${this.problems.join('; ')}`;
  }
}

/**
 * Settings of a service that receives raw resident ID numbers: the personRef HMAC key ring (shared
 * by every such service, or the refs would not match) and the key ring encrypting raw numbers at rest.
 */
export class PersonDataServiceConfig extends BaseServiceConfig {
  /** HMAC key ring for personRef ({"current":"k1","keys":{"k1":"hex:..."}}). */
  @Transform(json)
  @IsObject({ message: 'PERSON_REF_KEYS must be a JSON key ring {"current":..., "keys":{...}}' })
  PERSON_REF_KEYS: KeyRingConfig;

  /**
   * keyId → fingerprint of the personRef key ring every service must hold, from the shared
   * configuration (`npm run -s keys:fingerprint` prints it; docs/operations.md "Keys"). The service
   * refuses to start with another ring. Required in production.
   */
  @ValidateIf(
    (c: PersonDataServiceConfig) => c.NODE_ENV === 'production' || c.PERSON_REF_KEY_FINGERPRINTS !== undefined,
  )
  @Transform(json)
  @IsObject({
    message: 'PERSON_REF_KEY_FINGERPRINTS must be a JSON map {"<keyId>":"<fingerprint>"}; required in production',
  })
  @Validate(SameKeyRing)
  PERSON_REF_KEY_FINGERPRINTS?: Record<string, string>;

  /** AES-256-GCM key ring for raw resident ID numbers at rest. */
  @Transform(json)
  @IsObject({ message: 'ID_ENCRYPTION_KEYS must be a JSON key ring {"current":..., "keys":{...}}' })
  ID_ENCRYPTION_KEYS: KeyRingConfig;
}

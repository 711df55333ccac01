import { PersonDataServiceConfig } from '@civic/platform';
import { IsString, IsUrl, MinLength, ValidateIf } from 'class-validator';

/**
 * Settings of a service that keeps governance's division codes (every department service holds person
 * data, hence the base class). Both optional: without them the copy fills from events only. With them, a
 * service whose copy is empty at start loads it once from governance (division-reference.bootstrap.ts):
 * needed when it starts after the governance.division events have left the topic's retention.
 */
export class DivisionReferenceConfig extends PersonDataServiceConfig {
  /** Governance's base URL, e.g. http://governance:3007 (the list is read from /api/v1/divisions/reference). */
  @ValidateIf(
    (c: DivisionReferenceConfig) => c.GOVERNANCE_URL !== undefined || c.GOVERNANCE_SERVICE_TOKEN !== undefined,
  )
  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: 'GOVERNANCE_URL must be an http(s) URL of the governance service (set with GOVERNANCE_SERVICE_TOKEN)' },
  )
  GOVERNANCE_URL?: string;

  /** A bearer token holding `governance:reference-reader`, issued to this service by the identity provider. */
  @ValidateIf(
    (c: DivisionReferenceConfig) => c.GOVERNANCE_URL !== undefined || c.GOVERNANCE_SERVICE_TOKEN !== undefined,
  )
  @IsString()
  @MinLength(16, { message: 'GOVERNANCE_SERVICE_TOKEN must be a bearer token (set with GOVERNANCE_URL)' })
  GOVERNANCE_SERVICE_TOKEN?: string;
}

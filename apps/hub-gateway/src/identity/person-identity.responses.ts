import { ApiProperty } from '@nestjs/swagger';

/** The authorised reverse lookup (person-identity.service.ts reverseLookup). */
export class PersonIdentityResponse {
  @ApiProperty() personRef: string;
  @ApiProperty() maskedId: string;
  @ApiProperty({ description: 'the raw resident ID number (the call is audited)' }) idNumber: string;
}

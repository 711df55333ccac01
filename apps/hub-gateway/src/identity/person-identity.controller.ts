import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { PersonIdentityResponse } from './person-identity.responses';
import { PersonIdentityService } from './person-identity.service';

class PersonRefParam {
  @Matches(/^[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_-]{20,}$/, { message: 'personRef must be <keyId>:<base64url HMAC>' })
  personRef: string;
}

class ReverseLookupQuery {
  /** Why the raw number is needed; recorded in the audit log. */
  @IsString()
  @Length(5, 200)
  purpose: string;
}

/** Authorised reverse lookup of a raw resident ID number; every call is in the audit log. */
@ApiTags('identity')
@Controller('persons')
export class PersonIdentityController {
  constructor(
    private readonly identities: PersonIdentityService,
    private readonly dataSource: DataSource,
  ) {}

  @Get(':personRef/identity')
  @Roles('hub:supervisor')
  @ApiOperation({ summary: 'Reverse lookup: the raw resident ID number behind a personRef (audited)' })
  @ApiOkResponse({ type: PersonIdentityResponse, description: 'The raw ID number behind a personRef (audited).' })
  lookup(@Param() p: PersonRefParam, @Query() q: ReverseLookupQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.identities.reverseLookup(this.dataSource.manager, p.personRef, user.sub, q.purpose);
  }
}
